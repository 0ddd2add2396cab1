//! An engagement with one MP: the checklist of the guide, the contact log, proposed visits with
//! their press plans, flags and overlaps, the follow-ups the rules raise from them, and the daily
//! agenda built on all of it.

pub mod agenda;
pub mod agenda_text;
pub mod checklist;
pub mod contact;
pub mod facts;
pub mod first_conflicts;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod flagged;
pub mod followups;
pub mod marks;
pub mod overlaps;
pub mod press;
pub mod proposal;
