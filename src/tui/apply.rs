//! Carrying out a [`Change`] against the store. Returns the change as it was applied (with what the
//! store assigned, and the state it replaced), which is what undo takes back.

use chrono::NaiveDate;

use super::change::Change;
use crate::store::{Result, Store};

pub fn apply(store: &mut Store, change: &Change, today: NaiveDate) -> Result<Change> {
    Ok(match change {
        Change::Track { code, .. } => {
            store.track(code, today)?;
            change.clone()
        }
        Change::Untrack { code, .. } => {
            store.untrack(code)?;
            change.clone()
        }
        Change::SetEntry { code, seat, before, after } => {
            // What is stored now is what undo must bring back, whatever the screen showed.
            let stored = store.checklist(code)?.into_iter().find(|e| e.key == after.key).unwrap_or(before.clone());
            store.set_checklist_entry(code, after)?;
            Change::SetEntry { code: code.clone(), seat: seat.clone(), before: stored, after: after.clone() }
        }
        Change::Propose(new) => Change::Restore(store.add_proposal(new, today)?.0),
        Change::Restore(p) => {
            store.restore_proposal(p, today)?;
            change.clone()
        }
        Change::Remove(p) => Change::Remove(store.remove_proposal(p.id)?),
        Change::Edit { id, after, .. } => {
            store.update_proposal(*id, after, today)?;
            change.clone()
        }
        Change::Batch(changes) => {
            let mut done: Vec<Change> = Vec::new();
            for c in changes {
                match apply(store, c, today) {
                    Ok(applied) => done.push(applied),
                    Err(e) => {
                        // Take back what was done, so a batch is all or nothing.
                        for applied in done.iter().rev() {
                            let _ = apply(store, &applied.inverse(), today);
                        }
                        return Err(e);
                    }
                }
            }
            Change::Batch(done)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data;
    use crate::domain::calendar::ProposalKind;
    use crate::domain::checklist::{Entry, ItemState};
    use crate::domain::proposal::NewProposal;
    use crate::store::MpFilter;

    fn store() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        data::ensure_loaded(&mut store).unwrap();
        store
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn tracked(store: &Store) -> usize {
        store.list_mps(&MpFilter { tracked_only: true, ..Default::default() }).unwrap().len()
    }

    #[test]
    fn every_change_is_undone_by_applying_its_inverse() {
        let mut s = store();
        let track =
            apply(&mut s, &Change::Track { code: "E14001323".into(), seat: "Leeds South".into() }, today()).unwrap();
        assert_eq!(tracked(&s), 1);

        let before = s.checklist("E14001323").unwrap()[2].clone();
        let after = Entry { state: ItemState::Done, done_on: Some(today()), note: "sent".into(), ..before.clone() };
        let set =
            Change::SetEntry { code: "E14001323".into(), seat: "Leeds South".into(), before: before.clone(), after };
        let set = apply(&mut s, &set, today()).unwrap();
        assert_eq!(s.checklist("E14001323").unwrap()[2].state, ItemState::Done);
        apply(&mut s, &set.inverse(), today()).unwrap();
        assert_eq!(s.checklist("E14001323").unwrap()[2], before);

        let new = NewProposal {
            constituency_code: "E14001323".into(),
            title: String::new(),
            kind: ProposalKind::Visit,
            place: String::new(),
            start: "2027-01-08T10:00:00".parse().unwrap(),
            end: "2027-01-08T11:00:00".parse().unwrap(),
            attendees: None,
        };
        let proposed = apply(&mut s, &Change::Propose(new), today()).unwrap();
        let Change::Restore(p) = &proposed else { panic!("{proposed:?}") };
        apply(&mut s, &proposed.inverse(), today()).unwrap();
        assert!(s.proposal(p.id).unwrap().is_none());
        apply(&mut s, &proposed, today()).unwrap();
        assert_eq!(s.proposal(p.id).unwrap().as_ref(), Some(p), "redo brings back the same proposal");

        apply(&mut s, &track.inverse(), today()).unwrap();
        assert_eq!(tracked(&s), 0);
    }

    #[test]
    fn a_failing_batch_leaves_nothing_behind() {
        let mut s = store();
        let bad_entry = Entry { key: "9.9".into(), state: ItemState::Done, done_on: None, note: String::new() };
        let batch = Change::Batch(vec![
            Change::Track { code: "E14001323".into(), seat: "Leeds South".into() },
            Change::SetEntry {
                code: "E14001323".into(),
                seat: "Leeds South".into(),
                before: bad_entry.clone(),
                after: bad_entry,
            },
        ]);
        assert!(apply(&mut s, &batch, today()).is_err());
        assert_eq!(tracked(&s), 0);
    }
}
