//! Team sync in the store: the operations recorded as the user's rows change, and the writing of
//! others' operations into those rows (DESIGN.md §9).

#[cfg(test)]
mod capture;
pub(crate) mod tables;
