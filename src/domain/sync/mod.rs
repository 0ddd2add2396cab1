//! A plan shared by a team (DESIGN.md §9): the pure rules every copy follows so that all of them
//! reach the same state whatever order changes arrive in. `clock` stamps each change with a hybrid
//! logical clock; `identity` names rows that two copies may create apart (an engagement is its
//! seat, a checklist item its engagement and key, on every copy); `op` is one change as it travels;
//! `merge` decides, field by field, which change wins.

pub mod clock;
pub mod identity;
pub mod merge;
pub mod op;
