//! What mpplan knows about Parliament: the shipped data's shape, newer calendar data from a file,
//! the feeds of Parliament and GOV.UK, and how old all of it is.

pub mod age;
pub mod calendar_file;
pub mod feeds;
pub mod shipped;
