//! Pure types and rules: no I/O, no SQL, no terminal. Everything here is tested without a database.

pub mod agenda;
pub mod brief;
pub mod calendar;
pub mod checklist;
pub mod contact;
pub mod dataset;
pub mod followups;
pub mod letter;
pub mod model;
pub mod mp_ref;
pub mod postcode;
pub mod press;
pub mod proposal;
pub mod slots;
pub mod text;
pub mod when;
