//! Reading everything the user created into a [`Backup`] and restoring one in a single transaction.
//! (Copies of the whole database file are in `snapshot`.)

use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::{Result, SCHEMA_VERSION, Store, StoreError};
use crate::domain::backup::{
    Backup, ChecklistRow, DissolutionRow, EngagementRow, InteractionRow, OrganisationRow, ProposalRow, RecessRow,
    SettingRow, SiteRow, SittingDayRow,
};

/// The user's rows: what a restore refuses to overwrite and `--replace` deletes.
const USER_ROWS: [(&str, &str); 7] = [
    ("organisation", "SELECT count(*) FROM organisation"),
    ("sites", "SELECT count(*) FROM sites"),
    ("engagements", "SELECT count(*) FROM engagements"),
    ("sitting days", "SELECT count(*) FROM sitting_days WHERE source IN ('user', 'import')"),
    ("recesses", "SELECT count(*) FROM recesses WHERE source IN ('user', 'import')"),
    ("dissolutions", "SELECT count(*) FROM dissolutions WHERE source IN ('user', 'import')"),
    ("settings", "SELECT count(*) FROM settings"),
];

impl Store {
    /// Everything the user created, in a stable order that does not depend on integer ids.
    pub fn backup(&self) -> Result<Backup> {
        let mut backup = Backup::new(SCHEMA_VERSION, self.dataset_version()?);
        backup.organisation = self
            .conn
            .query_row(
                "SELECT uuid, name, address, chief_executive, chair, updated_at FROM organisation WHERE id = 1",
                [],
                |r| {
                    Ok(OrganisationRow {
                        uuid: r.get(0)?,
                        name: r.get(1)?,
                        address: r.get(2)?,
                        chief_executive: r.get(3)?,
                        chair: r.get(4)?,
                        updated_at: r.get(5)?,
                    })
                },
            )
            .optional()?;
        backup.sites = self.rows(
            "SELECT uuid, name, postcode, constituency_code, created_at FROM sites ORDER BY name COLLATE NOCASE, uuid",
            [],
            |r| {
                Ok(SiteRow {
                    uuid: r.get(0)?,
                    name: r.get(1)?,
                    postcode: r.get(2)?,
                    constituency_code: r.get(3)?,
                    created_at: r.get(4)?,
                })
            },
        )?;
        let engagements: Vec<(i64, EngagementRow)> = self.rows(
            "SELECT id, uuid, constituency_code, tracked, topics, cadence_days, notes, background, office_address,
                 started_on, mp_at_start, mp_id_at_start, created_at, updated_at
             FROM engagements ORDER BY constituency_code",
            [],
            engagement_row,
        )?;
        for (id, mut e) in engagements {
            e.checklist = self.rows(
                "SELECT uuid, item_key, state, done_on, note, updated_at FROM checklist_items
                 WHERE engagement_id = ?1 ORDER BY item_key, uuid",
                [id],
                |r| {
                    Ok(ChecklistRow {
                        uuid: r.get(0)?,
                        item_key: r.get(1)?,
                        state: r.get(2)?,
                        done_on: r.get(3)?,
                        note: r.get(4)?,
                        updated_at: r.get(5)?,
                    })
                },
            )?;
            e.interactions = self.rows(
                "SELECT uuid, kind, direction, occurred_on, summary, mp_name, created_at FROM interactions
                 WHERE engagement_id = ?1 ORDER BY occurred_on, uuid",
                [id],
                |r| {
                    Ok(InteractionRow {
                        uuid: r.get(0)?,
                        kind: r.get(1)?,
                        direction: r.get(2)?,
                        occurred_on: r.get(3)?,
                        summary: r.get(4)?,
                        mp_name: r.get(5)?,
                        created_at: r.get(6)?,
                    })
                },
            )?;
            e.proposals = self.rows(
                "SELECT uuid, title, kind, place, starts_at, ends_at, attendees, status, press, press_draft_shared_on,
                     press_quote_requested_on, press_quote_received_on, press_published_on, ics_uid, created_at,
                     updated_at
                 FROM proposals WHERE engagement_id = ?1 ORDER BY starts_at, uuid",
                [id],
                proposal_row,
            )?;
            backup.engagements.push(e);
        }
        backup.sitting_days = self.rows(
            "SELECT uuid, day, source, status, note, created_at FROM sitting_days
             WHERE source IN ('user', 'import') ORDER BY day, source",
            [],
            |r| {
                Ok(SittingDayRow {
                    uuid: r.get(0)?,
                    day: r.get(1)?,
                    source: r.get(2)?,
                    status: r.get(3)?,
                    note: r.get(4)?,
                    created_at: r.get(5)?,
                })
            },
        )?;
        backup.recesses = self.rows(
            "SELECT uuid, name, first_day, last_day, source, created_at FROM recesses
             WHERE source IN ('user', 'import') ORDER BY first_day, last_day, name, source, uuid",
            [],
            |r| {
                Ok(RecessRow {
                    uuid: r.get(0)?,
                    name: r.get(1)?,
                    first_day: r.get(2)?,
                    last_day: r.get(3)?,
                    source: r.get(4)?,
                    created_at: r.get(5)?,
                })
            },
        )?;
        backup.dissolutions = self.rows(
            "SELECT uuid, first_day, last_day, note, source, created_at FROM dissolutions
             WHERE source IN ('user', 'import') ORDER BY first_day, last_day, note, source, uuid",
            [],
            |r| {
                Ok(DissolutionRow {
                    uuid: r.get(0)?,
                    first_day: r.get(1)?,
                    last_day: r.get(2)?,
                    note: r.get(3)?,
                    source: r.get(4)?,
                    created_at: r.get(5)?,
                })
            },
        )?;
        backup.settings = self.rows("SELECT key, value, updated_at FROM settings ORDER BY key", [], |r| {
            Ok(SettingRow { key: r.get(0)?, value: r.get(1)?, updated_at: r.get(2)? })
        })?;
        Ok(backup)
    }

    fn rows<T, P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
        row: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map(params, row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many rows of each kind the user has created, leaving out kinds with none. Empty for a
    /// database with only the shipped data.
    pub fn user_rows(&self) -> Result<Vec<(&'static str, i64)>> {
        let mut found = Vec::new();
        for (what, sql) in USER_ROWS {
            let n: i64 = self.conn.query_row(sql, [], |r| r.get(0))?;
            if n > 0 {
                found.push((what, n));
            }
        }
        Ok(found)
    }

    /// Restores `backup` in one transaction: nothing changes unless every row goes in. Without
    /// `replace` the database must hold none of the user's rows; with it, they are deleted first.
    pub fn restore(&mut self, backup: &Backup, replace: bool) -> Result<()> {
        self.write(|tx| {
            if replace {
                tx.execute_batch(
                    "DELETE FROM proposals; DELETE FROM interactions; DELETE FROM checklist_items;
                     DELETE FROM engagements; DELETE FROM sites; DELETE FROM organisation; DELETE FROM settings;
                     DELETE FROM sitting_days WHERE source IN ('user', 'import');
                     DELETE FROM recesses WHERE source IN ('user', 'import');
                     DELETE FROM dissolutions WHERE source IN ('user', 'import');",
                )?;
            } else {
                for (what, sql) in USER_ROWS {
                    if tx.query_row(sql, [], |r| r.get::<_, i64>(0))? > 0 {
                        return Err(StoreError::Invalid(format!("the database already holds {what} of your own")));
                    }
                }
            }
            insert_all(tx, backup)
        })
    }
}

fn engagement_row(r: &Row<'_>) -> rusqlite::Result<(i64, EngagementRow)> {
    Ok((
        r.get(0)?,
        EngagementRow {
            uuid: r.get(1)?,
            constituency_code: r.get(2)?,
            tracked: r.get(3)?,
            topics: r.get(4)?,
            cadence_days: r.get(5)?,
            notes: r.get(6)?,
            background: r.get(7)?,
            office_address: r.get(8)?,
            started_on: r.get(9)?,
            mp_at_start: r.get(10)?,
            mp_id_at_start: r.get(11)?,
            created_at: r.get(12)?,
            updated_at: r.get(13)?,
            checklist: Vec::new(),
            interactions: Vec::new(),
            proposals: Vec::new(),
        },
    ))
}

fn proposal_row(r: &Row<'_>) -> rusqlite::Result<ProposalRow> {
    Ok(ProposalRow {
        uuid: r.get(0)?,
        title: r.get(1)?,
        kind: r.get(2)?,
        place: r.get(3)?,
        starts_at: r.get(4)?,
        ends_at: r.get(5)?,
        attendees: r.get(6)?,
        status: r.get(7)?,
        press: r.get(8)?,
        press_draft_shared_on: r.get(9)?,
        press_quote_requested_on: r.get(10)?,
        press_quote_received_on: r.get(11)?,
        press_published_on: r.get(12)?,
        ics_uid: r.get(13)?,
        created_at: r.get(14)?,
        updated_at: r.get(15)?,
    })
}

/// Inserts every row of `backup`. A seat the database does not know is refused by name.
fn insert_all(tx: &Transaction<'_>, b: &Backup) -> Result<()> {
    let seats = b.sites.iter().filter_map(|s| s.constituency_code.as_deref());
    for code in seats.chain(b.engagements.iter().map(|e| e.constituency_code.as_str())) {
        if tx.query_row("SELECT 1 FROM constituencies WHERE code = ?1", [code], |_| Ok(())).optional()?.is_none() {
            return Err(StoreError::Invalid(format!(
                "the backup refers to the constituency {code}, which this database's data does not know"
            )));
        }
    }
    if let Some(o) = &b.organisation {
        tx.execute(
            "INSERT INTO organisation (id, uuid, name, address, chief_executive, chair, updated_at)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
            params![o.uuid, o.name, o.address, o.chief_executive, o.chair, o.updated_at],
        )?;
    }
    let mut site = tx.prepare(
        "INSERT INTO sites (uuid, name, postcode, constituency_code, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for s in &b.sites {
        site.execute(params![s.uuid, s.name, s.postcode, s.constituency_code, s.created_at])
            .map_err(|e| clash(e, || format!("two sites are both called \"{}\"", s.name)))?;
    }
    for e in &b.engagements {
        insert_engagement(tx, e)?;
    }
    let mut day = tx.prepare(
        "INSERT INTO sitting_days (uuid, day, source, status, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for d in &b.sitting_days {
        day.execute(params![d.uuid, d.day, d.source, d.status, d.note, d.created_at])?;
    }
    let mut recess = tx.prepare(
        "INSERT INTO recesses (uuid, name, first_day, last_day, source, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for r in &b.recesses {
        recess.execute(params![r.uuid, r.name, r.first_day, r.last_day, r.source, r.created_at])?;
    }
    let mut dissolution = tx.prepare(
        "INSERT INTO dissolutions (uuid, first_day, last_day, note, source, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for d in &b.dissolutions {
        dissolution.execute(params![d.uuid, d.first_day, d.last_day, d.note, d.source, d.created_at])?;
    }
    let mut setting = tx.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)")?;
    for s in &b.settings {
        setting.execute(params![s.key, s.value, s.updated_at])?;
    }
    Ok(())
}

fn insert_engagement(tx: &Transaction<'_>, e: &EngagementRow) -> Result<()> {
    tx.execute(
        "INSERT INTO engagements (uuid, constituency_code, tracked, topics, cadence_days, notes, background,
             office_address, started_on, mp_at_start, mp_id_at_start, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            e.uuid,
            e.constituency_code,
            e.tracked,
            e.topics,
            e.cadence_days,
            e.notes,
            e.background,
            e.office_address,
            e.started_on,
            e.mp_at_start,
            e.mp_id_at_start,
            e.created_at,
            e.updated_at
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut item = tx.prepare(
        "INSERT INTO checklist_items (uuid, engagement_id, item_key, state, done_on, note, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for i in &e.checklist {
        item.execute(params![i.uuid, id, i.item_key, i.state, i.done_on, i.note, i.updated_at])?;
    }
    let mut contact = tx.prepare(
        "INSERT INTO interactions (uuid, engagement_id, kind, direction, occurred_on, summary, mp_name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for i in &e.interactions {
        contact.execute(params![i.uuid, id, i.kind, i.direction, i.occurred_on, i.summary, i.mp_name, i.created_at])?;
    }
    let mut proposal = tx.prepare(
        "INSERT INTO proposals (uuid, engagement_id, title, kind, place, starts_at, ends_at, attendees, status, press,
             press_draft_shared_on, press_quote_requested_on, press_quote_received_on, press_published_on, ics_uid,
             created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    for p in &e.proposals {
        let twin = || match &p.ics_uid {
            Some(uid) => format!("two proposals have the same calendar UID \"{uid}\""),
            None => format!("two proposals have the same id {}", p.uuid),
        };
        proposal
            .execute(params![
                p.uuid,
                id,
                p.title,
                p.kind,
                p.place,
                p.starts_at,
                p.ends_at,
                p.attendees,
                p.status,
                p.press,
                p.press_draft_shared_on,
                p.press_quote_requested_on,
                p.press_quote_received_on,
                p.press_published_on,
                p.ics_uid,
                p.created_at,
                p.updated_at
            ])
            .map_err(|e| clash(e, twin))?;
    }
    Ok(())
}

/// A row the database refused because another has the same name or id, said in the user's words
/// (`what`), not SQLite's ("UNIQUE constraint failed: sites.name").
fn clash(e: rusqlite::Error, what: impl FnOnce() -> String) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Invalid(what()),
        _ => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::data;
    use crate::domain::model::OrganisationUpdate;
    use crate::store::NewInteraction;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn empty() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        data::ensure_loaded(&mut store).unwrap();
        store
    }

    /// The organisation, a site (tracking Leeds South), a letter, a recess and a sitting day, a setting.
    fn filled() -> Store {
        let mut store = empty();
        let org = OrganisationUpdate { name: Some("Leeds Trust".into()), ..Default::default() };
        store.update_organisation(&org).unwrap();
        store.add_site("St James's", "LS9 7TF", Some("E14001323"), today()).unwrap();
        let letter = NewInteraction {
            kind: crate::domain::contact::InteractionKind::Letter,
            direction: crate::domain::contact::Direction::ToMp,
            on: today(),
            summary: "First, \"letter\"".into(),
        };
        store.log_interaction("E14001323", &letter, today()).unwrap();
        store.add_recess("Summer recess", "2026-07-22".parse().unwrap(), "2026-09-01".parse().unwrap()).unwrap();
        store.add_sitting_day("2026-09-04".parse().unwrap(), "recall").unwrap();
        store.set_setting("attendee_limit", "5").unwrap();
        store
    }

    #[test]
    fn a_backup_restores_into_an_empty_database_exactly() {
        let backup = filled().backup().unwrap();
        assert_eq!(backup.engagements[0].checklist.len(), 17);
        assert_eq!((backup.sites.len(), backup.recesses.len(), backup.sitting_days.len()), (1, 1, 1));
        let mut other = empty();
        assert!(other.user_rows().unwrap().is_empty());
        other.restore(&backup, false).unwrap();
        assert_eq!(other.backup().unwrap().to_json(), backup.to_json());
        assert_eq!(other.interactions("E14001323").unwrap()[0].summary, "First, \"letter\"");
        let err = other.restore(&backup, false).unwrap_err();
        assert!(err.to_string().contains("already holds"), "{err}");
        other.restore(&backup, true).unwrap();
        assert_eq!(other.backup().unwrap(), backup, "replacing gives the same rows, not twice as many");
    }

    #[test]
    fn a_restore_that_fails_changes_nothing() {
        let mut backup = filled().backup().unwrap();
        let mut store = filled();
        let before = store.backup().unwrap();
        backup.engagements[0].constituency_code = "E14999999".into();
        let err = store.restore(&backup, true).unwrap_err();
        assert!(err.to_string().contains("E14999999"), "{err}");
        assert_eq!(store.backup().unwrap(), before);
    }

    #[test]
    fn a_name_or_calendar_uid_used_twice_is_refused_in_plain_words() {
        let mut store = filled();
        let before = store.backup().unwrap();
        let mut twin_sites = before.clone();
        let mut site = twin_sites.sites[0].clone();
        site.uuid = crate::store::new_uuid();
        site.name = "ST JAMES'S".into();
        twin_sites.sites.push(site);
        let mut twin_uids = before.clone();
        for uuid in [crate::store::new_uuid(), crate::store::new_uuid()] {
            twin_uids.engagements[0].proposals.push(ProposalRow {
                uuid,
                title: "Visit".into(),
                kind: "visit".into(),
                place: String::new(),
                starts_at: "2027-01-08 10:00".into(),
                ends_at: "2027-01-08 11:00".into(),
                attendees: None,
                status: "proposed".into(),
                press: "none".into(),
                press_draft_shared_on: None,
                press_quote_requested_on: None,
                press_quote_received_on: None,
                press_published_on: None,
                ics_uid: Some("visit@example.org".into()),
                created_at: "2026-11-24T09:00:00Z".into(),
                updated_at: "2026-11-24T09:00:00Z".into(),
            });
        }
        for (backup, said) in [
            (twin_sites, "two sites are both called \"ST JAMES'S\""),
            (twin_uids, "two proposals have the same calendar UID \"visit@example.org\""),
        ] {
            let err = store.restore(&backup, true).unwrap_err();
            assert!(matches!(err, StoreError::Invalid(_)) && err.to_string() == said, "{err}");
            assert_eq!(store.backup().unwrap(), before);
        }
    }
}
