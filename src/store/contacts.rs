//! The contact log, the engagement's own notes, and everything the follow-up rules read.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::convert::Columns;
use super::engagements::{complete_item_in, track_in};
use super::{Result, Store, StoreError, new_uuid};
use crate::domain::engagement::checklist::{Entry, ItemState};
use crate::domain::engagement::contact::{Interaction, Logged, NewInteraction, completes_item};
use crate::domain::engagement::press::Press;
use crate::domain::limits::{Field, check_all};
use crate::domain::views::{EngagementInfo, EngagementUpdate};

pub(super) const INTERACTION_COLUMNS: &str = "i.id, i.uuid, i.kind, i.direction, i.occurred_on, i.summary, i.mp_name";

impl Store {
    /// Logs a contact with the seat's MP. The seat is tracked if it was not, and the matching
    /// checklist item (a letter to the MP: 2.3; a call: 2.4) is completed in the same transaction.
    pub fn log_interaction(&mut self, code: &str, new: &NewInteraction, today: NaiveDate) -> Result<Logged> {
        Field::ContactNote.check(&new.summary)?;
        let before = self.checklist(code)?;
        let (id, tracking) = self.write_or_join(|tx| {
            let tracking = track_in(tx, code, today)?;
            tx.execute(
                concat!(
                    "INSERT INTO interactions (uuid, engagement_id, kind, direction, occurred_on, summary, mp_name)
                     SELECT ?1, e.id, ?3, ?4, ?5, ?6, coalesce(m.name, '')
                     FROM engagements e JOIN constituencies c ON c.code = e.constituency_code",
                    holder_now!(),
                    "WHERE e.constituency_code = ?2"
                ),
                params![new_uuid(), code, new.kind, new.direction, new.on, new.summary],
            )?;
            let id = tx.last_insert_rowid();
            if let Some(key) = completes_item(new.kind, new.direction) {
                let note = if new.summary.is_empty() { format!("{} logged", new.kind) } else { new.summary.clone() };
                complete_item_in(tx, code, key, new.on, &note)?;
            }
            Ok((id, tracking))
        })?;
        let interaction = self.interaction(id)?.ok_or_else(|| StoreError::Invalid(format!("contact {id} vanished")))?;
        let after = self.checklist(code)?;
        let completed = completes_item(new.kind, new.direction).and_then(|key| {
            let was = before.iter().find(|e| e.key == key).cloned();
            let now = after.iter().find(|e| e.key == key).cloned();
            match (was, now) {
                (Some(was), Some(now)) if was != now => Some((was, now)),
                (None, Some(now)) => {
                    Some((Entry { state: ItemState::Todo, done_on: None, note: String::new(), ..now.clone() }, now))
                }
                _ => None,
            }
        });
        Ok(Logged { interaction, completed, tracking })
    }

    fn interaction(&self, id: i64) -> Result<Option<Interaction>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {INTERACTION_COLUMNS} FROM interactions i WHERE i.id = ?1"),
                [id],
                interaction_row,
            )
            .optional()?)
    }

    /// The seat's contact log, newest first.
    pub fn interactions(&self, code: &str) -> Result<Vec<Interaction>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {INTERACTION_COLUMNS} FROM interactions i JOIN engagements e ON e.id = i.engagement_id
             WHERE e.constituency_code = ?1 ORDER BY i.occurred_on DESC, i.id DESC"
        ))?;
        let rows = stmt.query_map([code], interaction_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Takes a logged contact back (undo).
    pub fn remove_interaction(&mut self, id: i64) -> Result<()> {
        self.write_or_join(|tx| {
            tx.execute("DELETE FROM interactions WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// Puts a contact back exactly as it was (redo).
    pub fn restore_interaction(&mut self, code: &str, i: &Interaction, today: NaiveDate) -> Result<()> {
        self.write_or_join(|tx| {
            track_in(tx, code, today)?;
            tx.execute(
                "INSERT INTO interactions (id, uuid, engagement_id, kind, direction, occurred_on, summary, mp_name)
                 SELECT ?1, ?2, id, ?4, ?5, ?6, ?7, ?8 FROM engagements WHERE constituency_code = ?3",
                params![i.id, i.uuid, code, i.kind, i.direction, i.on, i.summary, i.mp_name],
            )?;
            Ok(())
        })
    }

    /// The engagement's own notes; none when the seat has never been tracked.
    pub fn engagement(&self, code: &str) -> Result<Option<EngagementInfo>> {
        Ok(self
            .conn
            .query_row(
                "SELECT tracked, topics, cadence_days, office_address, background, notes, started_on
                 FROM engagements WHERE constituency_code = ?1",
                [code],
                |r| {
                    Ok(EngagementInfo {
                        tracked: r.get(0)?,
                        topics: r.get(1)?,
                        cadence_days: r.get(2)?,
                        office_address: r.get(3)?,
                        background: r.get(4)?,
                        notes: r.get(5)?,
                        started_on: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    /// Changes an engagement's notes; the seat is tracked first if it has no engagement yet.
    pub fn update_engagement(
        &mut self,
        code: &str,
        update: &EngagementUpdate,
        today: NaiveDate,
    ) -> Result<EngagementInfo> {
        if update.cadence_days == Some(0) {
            return Err(StoreError::Invalid("the cadence must be at least one day".into()));
        }
        update.check_lengths()?;
        self.write_or_join(|tx| {
            if tx
                .query_row("SELECT 1 FROM engagements WHERE constituency_code = ?1", [code], |_| Ok(()))
                .optional()?
                .is_none()
            {
                track_in(tx, code, today)?;
            }
            tx.execute(
                "UPDATE engagements SET topics = coalesce(?2, topics), cadence_days = coalesce(?3, cadence_days),
                     office_address = coalesce(?4, office_address), background = coalesce(?5, background),
                     notes = coalesce(?6, notes), updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE constituency_code = ?1",
                params![
                    code,
                    update.topics,
                    update.cadence_days,
                    update.office_address,
                    update.background,
                    update.notes
                ],
            )?;
            Ok(())
        })?;
        self.engagement(code)?.ok_or_else(|| StoreError::Invalid(format!("{code} has no engagement")))
    }

    /// Sets a proposal's press plan and milestones.
    pub fn set_press(&mut self, id: i64, press: &Press) -> Result<()> {
        self.write_or_join(|tx| {
            let changed = tx.execute(
                "UPDATE proposals SET press = ?2, press_draft_shared_on = ?3, press_quote_requested_on = ?4,
                     press_quote_received_on = ?5, press_published_on = ?6,
                     updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE id = ?1",
                params![
                    id,
                    press.plan,
                    press.draft_shared_on,
                    press.quote_requested_on,
                    press.quote_received_on,
                    press.published_on
                ],
            )?;
            if changed == 0 {
                return Err(StoreError::Invalid(format!("there is no proposal {id}; see mpplan proposals --all")));
            }
            Ok(())
        })
    }

    /// A setting's value, if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    /// Sets a setting: on its own, or as one step of [`Store::all_or_nothing`].
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        check_all([(Field::SettingName, key), (Field::SettingValue, value)])?;
        self.write_or_join(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
                params![key, value],
            )?;
            Ok(())
        })
    }
}

pub(super) fn interaction_row(r: &Row<'_>) -> rusqlite::Result<Interaction> {
    interaction_at(r, 0)
}

pub(super) fn interaction_at(r: &Row<'_>, at: usize) -> rusqlite::Result<Interaction> {
    Ok(Interaction {
        id: r.get(at)?,
        uuid: r.get(at + 1)?,
        kind: r.stored(at + 2)?,
        direction: r.stored(at + 3)?,
        on: r.get(at + 4)?,
        summary: r.get(at + 5)?,
        mp_name: r.get(at + 6)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::engagement::contact::{Direction, InteractionKind};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    use crate::store::test_store as store;

    fn letter(on: &str) -> NewInteraction {
        NewInteraction {
            kind: InteractionKind::Letter,
            direction: Direction::ToMp,
            on: d(on),
            summary: "First letter".into(),
        }
    }

    #[test]
    fn logging_a_letter_tracks_the_seat_and_ticks_2_3() {
        let mut s = store();
        let logged = s.log_interaction("E14001323", &letter("2026-11-14"), d("2026-11-24")).unwrap();
        assert_eq!(logged.interaction.mp_name, "Hilary Benn");
        let (before, after) = logged.completed.clone().unwrap();
        assert_eq!((&*before.key, before.state, after.state), ("2.3", ItemState::Todo, ItemState::Done));
        assert_eq!(after.done_on, Some(d("2026-11-14")));
        assert_eq!(s.interactions("E14001323").unwrap(), vec![logged.interaction.clone()]);

        let again = s.log_interaction("E14001323", &letter("2026-11-20"), d("2026-11-24")).unwrap();
        assert_eq!(again.completed, None, "2.3 was already done");
        assert_eq!(s.interactions("E14001323").unwrap()[0].on, d("2026-11-20"), "newest first");

        s.remove_interaction(logged.interaction.id).unwrap();
        assert_eq!(s.interactions("E14001323").unwrap().len(), 1);
        s.restore_interaction("E14001323", &logged.interaction, d("2026-11-24")).unwrap();
        assert_eq!(s.interactions("E14001323").unwrap().len(), 2);
    }

    #[test]
    fn engagement_notes_update_field_by_field() {
        let mut s = store();
        let info = s
            .update_engagement(
                "E14001323",
                &EngagementUpdate { topics: Some("Winter pressures\nNew wing".into()), ..Default::default() },
                d("2026-11-24"),
            )
            .unwrap();
        assert_eq!(info.topic_list(), ["Winter pressures", "New wing"]);
        assert_eq!(info.cadence_days, 90);
        let info = s
            .update_engagement(
                "E14001323",
                &EngagementUpdate { cadence_days: Some(30), ..Default::default() },
                d("2026-11-24"),
            )
            .unwrap();
        assert_eq!((info.cadence_days, info.topic_list().len()), (30, 2));
        let zero = EngagementUpdate { cadence_days: Some(0), ..Default::default() };
        assert!(s.update_engagement("E14001323", &zero, d("2026-11-24")).unwrap_err().is_user_error());
    }

    #[test]
    fn facts_gather_each_engagements_rows() {
        let mut s = store();
        s.log_interaction("E14001323", &letter("2026-11-14"), d("2026-11-24")).unwrap();
        s.track("E14001320", d("2026-11-24")).unwrap();
        let records = s.engagement_records(d("2026-11-24")).unwrap();
        assert_eq!(records.len(), 2);
        let south = records.iter().find(|r| &*r.facts.code == "E14001323").unwrap();
        assert_eq!((south.interactions.len(), south.facts.checklist.len()), (1, 17));
        assert_eq!(south.facts.mp_at_start, "Hilary Benn");
        assert_eq!(south.facts.contacts.last_letter_to_mp, Some(d("2026-11-14")));
        let east = records.iter().find(|r| &*r.facts.code == "E14001320").unwrap();
        assert!(east.interactions.is_empty());
    }

    #[test]
    fn settings_round_trip() {
        let mut s = store();
        assert_eq!(s.setting("attendee_limit").unwrap(), None);
        s.set_setting("attendee_limit", "6").unwrap();
        s.set_setting("attendee_limit", "5").unwrap();
        assert_eq!(s.setting("attendee_limit").unwrap().as_deref(), Some("5"));
    }
}
