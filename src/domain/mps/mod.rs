//! The MPs: how they are named and addressed, finding a seat from what a user types (a name, a
//! code, a postcode), since when a member has held a seat, and comparing a newer list of MPs.

pub mod changes;
pub mod held_since;
pub mod names;
pub mod party;
pub mod postcode;
pub mod resolve;
