//! Follow-ups the user has snoozed or marked done, kept under the follow-up's id (the follow-ups
//! themselves are raised by the rules each day, never stored). Each write returns what it replaced,
//! so that undo can put it back exactly.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::dates::date_at;
use super::{Result, Store, StoreError};
use crate::domain::engagement::marks::{FollowUpId, FollowUpMark, FollowUpMarks};

impl Store {
    /// Every follow-up's marks.
    pub fn follow_up_marks(&self) -> Result<FollowUpMarks> {
        let mut stmt = self.conn.prepare_cached("SELECT follow_up_id, snoozed_until, done_for FROM follow_up_marks")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, FollowUpMark { snoozed_until: date_at(r, 1)?, done_for: date_at(r, 2)? }))
        })?;
        Ok(rows.collect::<rusqlite::Result<FollowUpMarks>>()?)
    }

    /// Snoozes follow-up `id` until the day `until`, or (None) ends its snooze. Returns the day it
    /// was snoozed until before (None when it was not), which given back undoes the change. The id
    /// must be well formed ([`FollowUpId::parse`]); whether the rules raise it today is for the
    /// caller to know.
    pub fn snooze_follow_up(&mut self, id: &str, until: Option<NaiveDate>) -> Result<Option<NaiveDate>> {
        let id = canonical(id)?;
        self.write_or_join(|tx| {
            let before = mark_in(tx, &id)?;
            set_mark_in(tx, &id, FollowUpMark { snoozed_until: until, ..before })?;
            Ok(before.snoozed_until)
        })
    }

    /// Marks follow-up `id` done for its due date `due`, or (None) not done. Returns the due date it
    /// was marked done for before (None when it was not), which given back undoes the change.
    pub fn mark_follow_up_done(&mut self, id: &str, due: Option<NaiveDate>) -> Result<Option<NaiveDate>> {
        let id = canonical(id)?;
        self.write_or_join(|tx| {
            let before = mark_in(tx, &id)?;
            set_mark_in(tx, &id, FollowUpMark { done_for: due, ..before })?;
            Ok(before.done_for)
        })
    }
}

/// The id as it is written ([`FollowUpId`]'s form), or an error naming what is wrong with it.
fn canonical(id: &str) -> Result<String> {
    FollowUpId::parse(id).map(|id| id.to_string()).map_err(|e| StoreError::Invalid(e.to_string()))
}

fn mark_in(tx: &Connection, id: &str) -> Result<FollowUpMark> {
    let mark = tx
        .query_row("SELECT snoozed_until, done_for FROM follow_up_marks WHERE follow_up_id = ?1", [id], |r| {
            Ok(FollowUpMark { snoozed_until: date_at(r, 0)?, done_for: date_at(r, 1)? })
        })
        .optional()?;
    Ok(mark.unwrap_or_default())
}

/// Stores `mark` for `id`, deleting the row when the mark is empty.
fn set_mark_in(tx: &Connection, id: &str, mark: FollowUpMark) -> Result<()> {
    if mark.is_empty() {
        tx.execute("DELETE FROM follow_up_marks WHERE follow_up_id = ?1", [id])?;
        return Ok(());
    }
    tx.execute(
        "INSERT INTO follow_up_marks (follow_up_id, snoozed_until, done_for) VALUES (?1, ?2, ?3)
         ON CONFLICT (follow_up_id) DO UPDATE SET snoozed_until = excluded.snoozed_until,
             done_for = excluded.done_for, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
        params![id, mark.snoozed_until, mark.done_for],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    const CALL: &str = "call_after_letter.E14001323";
    const BRIEF: &str = "brief_everyone.E14001323.17";

    fn rows(store: &Store) -> i64 {
        store.conn.query_row("SELECT count(*) FROM follow_up_marks", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn snoozes_round_trip_and_each_change_returns_what_undoes_it() {
        let mut store = Store::open_in_memory().unwrap();
        assert!(store.follow_up_marks().unwrap().is_empty());
        assert_eq!(store.snooze_follow_up(CALL, Some(d("2026-12-01"))).unwrap(), None);
        assert_eq!(store.snooze_follow_up(CALL, Some(d("2026-12-08"))).unwrap(), Some(d("2026-12-01")));
        assert_eq!(store.follow_up_marks().unwrap().get(CALL).snoozed_until, Some(d("2026-12-08")));
        // Undo: the snooze it had before, given back.
        assert_eq!(store.snooze_follow_up(CALL, Some(d("2026-12-01"))).unwrap(), Some(d("2026-12-08")));
        assert_eq!(store.snooze_follow_up(CALL, None).unwrap(), Some(d("2026-12-01")));
        assert_eq!(store.follow_up_marks().unwrap(), FollowUpMarks::default());
        assert_eq!(rows(&store), 0, "no empty row is kept");
    }

    #[test]
    fn done_and_snoozed_are_kept_apart_and_undone_one_at_a_time() {
        let mut store = Store::open_in_memory().unwrap();
        store.snooze_follow_up(BRIEF, Some(d("2026-12-01"))).unwrap();
        assert_eq!(store.mark_follow_up_done(BRIEF, Some(d("2026-12-01"))).unwrap(), None);
        let both = FollowUpMark { snoozed_until: Some(d("2026-12-01")), done_for: Some(d("2026-12-01")) };
        assert_eq!(store.follow_up_marks().unwrap().get(BRIEF), both);
        assert_eq!(store.mark_follow_up_done(BRIEF, None).unwrap(), Some(d("2026-12-01")));
        let snoozed = FollowUpMark { snoozed_until: Some(d("2026-12-01")), done_for: None };
        assert_eq!(store.follow_up_marks().unwrap().get(BRIEF), snoozed, "the snooze is untouched");
        store.mark_follow_up_done(CALL, Some(d("2026-11-21"))).unwrap();
        let marks = store.follow_up_marks().unwrap();
        let ids: Vec<&str> = marks.iter().map(|(id, _)| id).collect();
        assert_eq!(ids, [BRIEF, CALL]);
    }

    #[test]
    fn ids_are_stored_in_one_form_and_bad_ones_refused_with_nothing_written() {
        let mut store = Store::open_in_memory().unwrap();
        store.snooze_follow_up("call_after_letter.e14001323", Some(d("2026-12-01"))).unwrap();
        assert_eq!(store.follow_up_marks().unwrap().get(CALL).snoozed_until, Some(d("2026-12-01")));
        for bad in ["", "pigeon.E14001323", "brief_everyone.E14001323", "call_after_letter.E14001323.3"] {
            let err = store.snooze_follow_up(bad, Some(d("2026-12-01"))).unwrap_err();
            assert!(err.is_user_error() && err.to_string().contains("is not a follow-up id"), "{bad}: {err}");
            assert!(store.mark_follow_up_done(bad, Some(d("2026-12-01"))).is_err());
        }
        assert_eq!(rows(&store), 1);
    }

    #[test]
    fn marks_join_a_batch_and_go_with_it_when_it_fails() {
        let mut store = Store::open_in_memory().unwrap();
        let failed = store.all_or_nothing(|s| {
            s.snooze_follow_up(CALL, Some(d("2026-12-01")))?;
            s.mark_follow_up_done(CALL, Some(d("2026-11-21")))?;
            Err::<(), _>(StoreError::Invalid("stop".into()))
        });
        assert!(failed.is_err());
        assert_eq!(rows(&store), 0);
    }
}
