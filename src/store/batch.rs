//! Several writes as one: [`Store::all_or_nothing`] runs any number of the store's writes in one
//! SQLite transaction, so that a change made of several steps (the TUI's batches, a proposal
//! with its press plan) is stored whole or not at all, with nothing to take back by hand.

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{Result, Store, StoreError, retry_busy};
use crate::domain::engagement::press::Press;
use crate::domain::engagement::proposal::{NewProposal, Proposal};
use crate::domain::views::TrackOutcome;

impl Store {
    /// [`Store::write`] for a write that may be one step of [`Store::all_or_nothing`]: there it joins
    /// that transaction (in a savepoint, so that it too is written whole or not at all); otherwise
    /// it is its own.
    pub(super) fn write_or_join<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        if !self.in_batch {
            return self.write(|tx| f(tx));
        }
        self.conn.execute_batch("SAVEPOINT one_step")?;
        match f(&self.conn) {
            Ok(value) => {
                self.conn.execute_batch("RELEASE one_step")?;
                Ok(value)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK TO one_step; RELEASE one_step");
                Err(e)
            }
        }
    }

    /// Runs `f`, any number of this store's writes, as one SQLite transaction: every one of them
    /// is written, or (when one fails, or `f` returns an error) none is. What `f` reads sees what
    /// it has written so far. Within `f`, another `all_or_nothing` is part of this one.
    pub fn all_or_nothing<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        if self.in_batch {
            return f(self);
        }
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone().unwrap_or_default()));
        }
        retry_busy(|| self.conn.execute_batch("BEGIN IMMEDIATE"))?;
        let capturing = match self.capturing {
            true => Ok(true),
            false => super::sync::capture_if_shared(&self.conn),
        };
        self.in_batch = true;
        let result = capturing.and_then(|capturing| f(self).map(|value| (value, capturing)));
        self.in_batch = false;
        // A COMMIT refused as busy leaves the transaction open, so it can be tried again.
        let done = result.and_then(|value| retry_busy(|| self.conn.execute_batch("COMMIT")).map(|()| value));
        if done.is_err() && !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        let (value, capturing) = done?;
        self.capturing = capturing;
        Ok(value)
    }

    /// Stores a new proposal with its press plan: the seat's engagement (started if it had none),
    /// the proposal and its plan are all written in one transaction, or none of them is.
    pub fn add_proposal_with_press(
        &mut self,
        new: &NewProposal,
        press: &Press,
        today: NaiveDate,
    ) -> Result<(Proposal, TrackOutcome)> {
        self.all_or_nothing(|store| {
            let (stored, outcome) = store.add_proposal(new, today)?;
            if *press == stored.press {
                return Ok((stored, outcome));
            }
            store.set_press(stored.id, press)?;
            Ok((Proposal { press: press.clone(), ..stored }, outcome))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::ProposalKind;
    use crate::domain::engagement::checklist::{Entry, ITEMS, ItemState};
    use crate::domain::engagement::press::PressPlan;
    use crate::domain::engagement::proposal::ProposalFilter;
    use crate::store::test_store;

    const LEEDS_SOUTH: &str = "E14001323";

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn visit() -> NewProposal {
        NewProposal {
            constituency_code: LEEDS_SOUTH.into(),
            title: String::new(),
            kind: ProposalKind::Visit,
            place: String::new(),
            start: "2027-01-08T10:00:00".parse().unwrap(),
            end: "2027-01-08T11:00:00".parse().unwrap(),
            all_day: false,
            fold: Default::default(),
            attendees: None,
        }
    }

    fn ask() -> Press {
        Press { plan: PressPlan::Ask, quote_requested_on: Some(today()), ..Default::default() }
    }

    /// Nothing of the seat's: no engagement (not even an untracked one), no proposal.
    fn nothing_written(store: &Store) {
        assert_eq!(store.engagement(LEEDS_SOUTH).unwrap(), None, "no engagement was started");
        assert!(store.proposals(&ProposalFilter::default()).unwrap().is_empty(), "no proposal");
    }

    #[test]
    fn a_batch_failing_part_way_leaves_nothing_written() {
        let mut store = test_store();
        let bad = Entry { key: "9.9".into(), state: ItemState::Done, done_on: Some(today()), note: String::new() };
        let failed = store.all_or_nothing(|s| {
            s.track(LEEDS_SOUTH, today())?;
            s.add_proposal(&visit(), today())?;
            assert_eq!(s.checklist(LEEDS_SOUTH)?.len(), ITEMS.len(), "each step sees the ones before it");
            s.set_checklist_entry(LEEDS_SOUTH, &bad)
        });
        assert!(failed.unwrap_err().to_string().contains("no checklist item 9.9"));
        // Taking the steps back by hand would have left an untracked engagement behind.
        nothing_written(&store);

        let written = store.all_or_nothing(|s| {
            s.track(LEEDS_SOUTH, today())?;
            s.all_or_nothing(|inner| inner.add_proposal(&visit(), today()))
        });
        assert!(written.is_ok());
        assert!(store.engagement(LEEDS_SOUTH).unwrap().is_some_and(|e| e.tracked));
        assert_eq!(store.proposals(&ProposalFilter::default()).unwrap().len(), 1, "a batch within joins it");
    }

    #[test]
    fn a_step_that_fails_within_a_batch_leaves_none_of_itself() {
        let mut store = test_store();
        let (stored, _) = store.add_proposal(&visit(), today()).unwrap();
        let bad = NewProposal { end: visit().start, ..visit() };
        store
            .all_or_nothing(|s| {
                // The update refuses an end at the start only after tracking the seat again.
                s.untrack(LEEDS_SOUTH)?;
                assert!(s.update_proposal(stored.id, &bad, today()).is_err());
                Ok(())
            })
            .unwrap();
        assert!(!store.engagement(LEEDS_SOUTH).unwrap().unwrap().tracked, "the failed step's tracking went with it");
        assert_eq!(store.proposal(stored.id).unwrap().unwrap().end, visit().end);
    }

    #[test]
    fn a_proposal_and_its_press_plan_are_written_together_or_not_at_all() {
        let mut store = test_store();
        let (stored, outcome) = store.add_proposal_with_press(&visit(), &ask(), today()).unwrap();
        assert_eq!(outcome, TrackOutcome::Started);
        assert_eq!(stored.press, ask());
        assert_eq!(store.proposal(stored.id).unwrap(), Some(stored));

        let mut store = test_store();
        // The press plan cannot be stored: the proposal and the engagement it started go too.
        store
            .conn
            .execute_batch(
                "CREATE TEMP TRIGGER no_press BEFORE UPDATE OF press ON proposals
                 BEGIN SELECT RAISE(ABORT, 'the press plan is refused'); END;",
            )
            .unwrap();
        let failed = store.add_proposal_with_press(&visit(), &ask(), today()).unwrap_err();
        assert!(failed.to_string().contains("the press plan is refused"), "{failed}");
        nothing_written(&store);
        assert!(store.add_proposal_with_press(&visit(), &Press::default(), today()).is_ok(), "no plan, no update");
    }

    #[test]
    fn a_read_only_store_refuses_a_batch_before_starting_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mpplan.sqlite3");
        crate::data::ensure_loaded(&mut Store::open(&path).unwrap()).unwrap();
        let mut store = Store::open_with(&path, crate::store::Access::ReadOnly).unwrap();
        let mut ran = false;
        let refused = store.all_or_nothing(|_| {
            ran = true;
            Ok(())
        });
        assert!(matches!(refused, Err(StoreError::ReadOnly(_))) && !ran);
    }
}
