//! Pure types and rules: no I/O, no SQL, no terminal. Everything here is tested without a database.
//!
//! Grouped by concern: `calendar` (what kind of day it is, hours, free slots), `engagement` (the
//! checklist, contacts, proposals, follow-ups and the daily agenda), `mps` (names, finding a seat,
//! changes of MP), `reference` (Parliament's data: shipped, from files and feeds, and its age),
//! `paperwork` (letters, briefs, board reports), `interchange` (files in and out: ICS, CSV, the
//! JSON export), `sync` (a plan shared by a team: the clock, the names and the merge every copy
//! agrees on). Beside them: `backups` (the copies of the database file), `views` (what the store
//! hands to the front ends), `enums` (the macro for enums whose values are words), `limits`, `text`,
//! `date_text` (dates written as chrono writes them, without a format string), `when` and `demo`.

pub mod backups;
pub mod calendar;
pub mod date_text;
pub mod demo;
pub mod engagement;
pub mod enums;
pub mod interchange;
pub mod limits;
pub mod mps;
pub mod paperwork;
pub mod reference;
pub mod search;
pub mod sync;
pub mod text;
pub mod views;
pub mod when;
