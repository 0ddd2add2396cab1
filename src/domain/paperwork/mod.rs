//! The documents mpplan writes for people to read: the first-contact letter, the meeting brief and
//! the board report.

pub mod brief;
pub mod letter;
pub mod report;
