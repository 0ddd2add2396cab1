//! Pure types and rules: no I/O, no SQL, no terminal. Everything here is tested without a database.

pub mod agenda;
pub mod backup;
pub mod brief;
pub mod calendar;
pub mod calendar_import;
pub mod checklist;
pub mod contact;
pub mod dataset;
pub mod demo;
pub mod event_import;
pub mod followups;
pub mod ics;
pub mod ics_read;
pub mod import_file;
pub mod letter;
pub mod model;
pub mod mp_changes;
pub mod mp_ref;
pub mod postcode;
pub mod press;
pub mod proposal;
pub mod report;
pub mod sheet;
pub mod slots;
pub mod text;
pub mod when;
