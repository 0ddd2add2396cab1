//! Engagements: the organisation's relationship with one seat, and its checklist.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::convert::{Columns, key_at};
use super::{Result, Store, StoreError};
use crate::domain::engagement::checklist::{Entry, ITEMS};
use crate::domain::limits::Field;
use crate::domain::sync::identity;
use crate::domain::views::TrackOutcome;

impl Store {
    /// Starts tracking the seat `code` (an ONS code), or resumes an engagement that was untracked.
    pub fn track(&mut self, code: &str, today: NaiveDate) -> Result<TrackOutcome> {
        self.write_or_join(|tx| track_in(tx, code, today))
    }

    /// Stops tracking a seat. The engagement and its history stay, so tracking it again restores
    /// them. Returns false when the seat was not tracked.
    pub fn untrack(&mut self, code: &str) -> Result<bool> {
        self.write_or_join(|tx| {
            let changed = tx.execute(
                "UPDATE engagements SET tracked = 0, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE constituency_code = ?1 AND tracked = 1",
                [code],
            )?;
            Ok(changed == 1)
        })
    }
}

impl Store {
    /// Whether any seat is tracked: what the MP list would say, without reading it.
    pub fn tracks_any(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM engagements e JOIN constituencies c ON c.code = e.constituency_code
             WHERE e.tracked = 1)",
            [],
            |r| r.get(0),
        )?)
    }

    /// The checklist of the seat's engagement, in key order; empty when there is no engagement.
    pub fn checklist(&self, code: &str) -> Result<Vec<Entry>> {
        let mut stmt = self.conn.prepare(
            "SELECT i.item_key, i.state, i.done_on, i.note
             FROM checklist_items i JOIN engagements e ON e.id = i.engagement_id
             WHERE e.constituency_code = ?1 ORDER BY i.item_key",
        )?;
        let rows = stmt.query_map([code], |r| {
            Ok(Entry { key: key_at(r, 0)?, state: r.stored(1)?, done_on: r.get(2)?, note: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stores one checklist item's state, date and note.
    pub fn set_checklist_entry(&mut self, code: &str, entry: &Entry) -> Result<()> {
        Field::ChecklistNote.check(&entry.note)?;
        self.write_or_join(|tx| {
            let changed = tx.execute(
                "UPDATE checklist_items SET state = ?3, done_on = ?4, note = ?5,
                     updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE item_key = ?2 AND engagement_id = (SELECT id FROM engagements WHERE constituency_code = ?1)",
                params![code, entry.key, entry.state, entry.done_on, entry.note],
            )?;
            if changed == 0 {
                return Err(StoreError::Invalid(format!("{code} has no checklist item {}", entry.key)));
            }
            Ok(())
        })
    }

    /// A number that changes whenever another connection commits a change to the database.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
    }
}

pub(super) fn track_in(tx: &Connection, code: &str, today: NaiveDate) -> Result<TrackOutcome> {
    let existing: Option<bool> = tx
        .query_row("SELECT tracked FROM engagements WHERE constituency_code = ?1", [code], |r| r.get(0))
        .optional()?;
    match existing {
        Some(true) => return Ok(TrackOutcome::AlreadyTracked),
        Some(false) => {
            tx.execute(
                "UPDATE engagements SET tracked = 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE constituency_code = ?1",
                [code],
            )?;
            return Ok(TrackOutcome::Resumed);
        }
        None => {}
    }
    tx.execute(
        concat!(
            "INSERT INTO engagements (uuid, constituency_code, started_on, mp_at_start, mp_id_at_start)
             SELECT ?1, c.code, ?3, coalesce(m.name, ''), m.parliament_id FROM constituencies c",
            holder_now!(),
            "WHERE c.code = ?2"
        ),
        params![identity::engagement(code), code, today],
    )?;
    let engagement = tx.last_insert_rowid();
    let name = identity::engagement(code);
    let mut item = tx.prepare("INSERT INTO checklist_items (uuid, engagement_id, item_key) VALUES (?1, ?2, ?3)")?;
    for i in &ITEMS {
        item.execute(params![identity::checklist_item(&name, i.key), engagement, i.key])?;
    }
    Ok(TrackOutcome::Started)
}

/// Marks a checklist item done on `day` with `note`, unless it is already settled (done or skipped).
pub(super) fn complete_item_in(tx: &Connection, code: &str, key: &str, day: NaiveDate, note: &str) -> Result<bool> {
    let changed = tx.execute(
        "UPDATE checklist_items SET state = 'done', done_on = ?3, note = ?4,
             updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
         WHERE item_key = ?2 AND state = 'todo'
           AND engagement_id = (SELECT id FROM engagements WHERE constituency_code = ?1)",
        params![code, key, day, note],
    )?;
    Ok(changed == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data;
    use crate::store::mps::MpFilter;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn track_untrack_and_track_again_keeps_history() {
        let mut store = Store::open_in_memory().unwrap();
        data::ensure_loaded(&mut store).unwrap();
        assert_eq!(store.track("E14001323", day()).unwrap(), TrackOutcome::Started);
        assert_eq!(store.track("E14001323", day()).unwrap(), TrackOutcome::AlreadyTracked);
        store.write(|tx| complete_item_in(tx, "E14001323", "1.1", day(), "by hand")).unwrap();

        assert!(store.untrack("E14001323").unwrap());
        assert!(!store.untrack("E14001323").unwrap(), "second untrack changes nothing");
        let tracked = |s: &Store| s.list_mps(&MpFilter { tracked_only: true, ..Default::default() }).unwrap();
        assert!(tracked(&store).is_empty());

        assert_eq!(store.track("E14001323", day()).unwrap(), TrackOutcome::Resumed);
        let back = tracked(&store);
        assert_eq!(back.len(), 1);
        let progress = back[0].progress.clone().unwrap();
        assert_eq!((progress.done, progress.next), (1, Some("1.2")), "the ticked item survived");
    }

    #[test]
    fn a_new_engagement_records_the_mp_at_its_start() {
        let mut store = Store::open_in_memory().unwrap();
        data::ensure_loaded(&mut store).unwrap();
        store.track("E14001350", day()).unwrap();
        let (name, id): (String, Option<i64>) = store
            .conn
            .query_row("SELECT mp_at_start, mp_id_at_start FROM engagements", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!(name, "Andy Burnham");
        assert!(id.is_some());
        let items: i64 = store.conn.query_row("SELECT count(*) FROM checklist_items", [], |r| r.get(0)).unwrap();
        assert_eq!(items, ITEMS.len() as i64);
    }
}
