//! Changes the UI makes to the user's data, each with its inverse, so that every one can be undone
//! and redone. `update` asks for them; the loop applies them through the store.

use crate::domain::checklist::Entry;
use crate::domain::proposal::{NewProposal, Proposal};

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Track {
        code: String,
        seat: String,
    },
    Untrack {
        code: String,
        seat: String,
    },
    /// A checklist item from one state (with its date and note) to another.
    SetEntry {
        code: String,
        seat: String,
        before: Entry,
        after: Entry,
    },
    /// A new proposal; once applied it is recorded as [`Change::Restore`] of what was stored.
    Propose(NewProposal),
    /// A proposal put back exactly (same id and UUID).
    Restore(Proposal),
    Remove(Proposal),
    Edit {
        id: i64,
        before: NewProposal,
        after: NewProposal,
    },
    /// Several changes made as one (and undone as one).
    Batch(Vec<Change>),
}

impl Change {
    /// The change that takes this one back. Only meaningful for a change as applied (a `Propose`
    /// is recorded as a `Restore` first).
    pub fn inverse(&self) -> Change {
        match self {
            Change::Track { code, seat } => Change::Untrack { code: code.clone(), seat: seat.clone() },
            Change::Untrack { code, seat } => Change::Track { code: code.clone(), seat: seat.clone() },
            Change::SetEntry { code, seat, before, after } => Change::SetEntry {
                code: code.clone(),
                seat: seat.clone(),
                before: after.clone(),
                after: before.clone(),
            },
            Change::Propose(_) => Change::Batch(Vec::new()),
            Change::Restore(p) => Change::Remove(p.clone()),
            Change::Remove(p) => Change::Restore(p.clone()),
            Change::Edit { id, before, after } => {
                Change::Edit { id: *id, before: after.clone(), after: before.clone() }
            }
            Change::Batch(changes) => Change::Batch(changes.iter().rev().map(Change::inverse).collect()),
        }
    }

    /// What happened, for the status line: "Ticked 2.1 for Leeds South".
    pub fn describe(&self) -> String {
        use crate::domain::checklist::ItemState;
        match self {
            Change::Track { seat, .. } => format!("Tracking {seat}"),
            Change::Untrack { seat, .. } => format!("Stopped tracking {seat} (its history is kept)"),
            Change::SetEntry { seat, before, after, .. } => match (before.state, after.state) {
                (_, ItemState::Done) if before.state != ItemState::Done => format!("Ticked {} for {seat}", after.key),
                (ItemState::Done, ItemState::Todo) => format!("Unticked {} for {seat}", after.key),
                (_, ItemState::Skipped) if before.state != ItemState::Skipped => {
                    format!("Skipped {} for {seat}", after.key)
                }
                (ItemState::Skipped, ItemState::Todo) => format!("{} for {seat} is to do again", after.key),
                _ => format!("Note on {} for {seat} saved", after.key),
            },
            Change::Propose(p) | Change::Edit { after: p, .. } => {
                format!("Saved the {} on {}", p.kind, p.start.format("%a %-d %b %H:%M"))
            }
            Change::Restore(p) => format!("Saved: {} on {}", p.label(), p.start.format("%a %-d %b %H:%M")),
            Change::Remove(p) => format!("Deleted {} on {}", p.label(), p.start.format("%a %-d %b %H:%M")),
            Change::Batch(changes) => changes.iter().map(Change::describe).collect::<Vec<_>>().join("; "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checklist::ItemState;

    fn entry(state: ItemState) -> Entry {
        Entry { key: "2.1".into(), state, done_on: None, note: String::new() }
    }

    #[test]
    fn the_inverse_of_the_inverse_is_the_change() {
        let set = Change::SetEntry {
            code: "E1".into(),
            seat: "Leeds South".into(),
            before: entry(ItemState::Todo),
            after: entry(ItemState::Done),
        };
        let batch = Change::Batch(vec![Change::Track { code: "E1".into(), seat: "Leeds South".into() }, set.clone()]);
        for change in [set, batch] {
            assert_eq!(change.inverse().inverse(), change);
        }
    }

    #[test]
    fn a_batch_is_undone_in_reverse_order() {
        let track = Change::Track { code: "E1".into(), seat: "S".into() };
        let untrack_other = Change::Untrack { code: "E2".into(), seat: "T".into() };
        let Change::Batch(undo) = Change::Batch(vec![track, untrack_other]).inverse() else { panic!() };
        assert!(matches!(&undo[0], Change::Track { code, .. } if code == "E2"));
        assert!(matches!(&undo[1], Change::Untrack { code, .. } if code == "E1"));
    }

    #[test]
    fn descriptions_say_what_happened() {
        let set = Change::SetEntry {
            code: "E1".into(),
            seat: "Leeds South".into(),
            before: entry(ItemState::Todo),
            after: entry(ItemState::Done),
        };
        assert_eq!(set.describe(), "Ticked 2.1 for Leeds South");
        assert_eq!(set.inverse().describe(), "Unticked 2.1 for Leeds South");
    }
}
