//! Files in and out: calendar files (ICS) read and written, proposals from a calendar file,
//! spreadsheets (CSV out and in, Excel workbooks out), the JSON export of the whole plan, and what
//! every import shares.

pub mod csv_export;
pub mod csv_import;
pub mod event_import;
pub mod event_read;
pub mod ics_invite;
pub mod ics_read;
pub mod ics_repeat;
pub mod ics_write;
pub mod ics_zone;
pub mod import_file;
pub mod json;
pub mod plan_export;
pub mod vcard;
pub mod xlsx;
