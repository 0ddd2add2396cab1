//! Reading everything the user created into a [`PlanExport`] and restoring one in a single transaction.
//! (Copies of the whole database file are in `snapshot`.)

use std::cell::RefCell;
use std::io::{self, Write};

use rusqlite::{OptionalExtension, Row, Transaction, TransactionBehavior, params};
use serde::ser::{self, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{Result, SCHEMA_VERSION, Store, StoreError};
use crate::domain::interchange::plan_export::{
    ChecklistRow, DissolutionRow, EngagementRow, FORMAT, FORMAT_VERSION, InteractionRow, OrganisationRow, PlanExport,
    PlanExportError, ProposalRow, RecessRow, Rows, SettingRow, SiteRow, SittingDayRow, Stop,
};
use crate::domain::sync::identity;

/// The user's rows: what a restore refuses to overwrite and `--replace` deletes.
const USER_ROWS: [(&str, &str); 7] = [
    ("organisation", "SELECT count(*) FROM organisation"),
    ("sites", "SELECT count(*) FROM sites"),
    ("engagements", "SELECT count(*) FROM engagements"),
    ("sitting days", "SELECT count(*) FROM sitting_days WHERE source IN ('user', 'import')"),
    ("recesses", "SELECT count(*) FROM recesses WHERE source IN ('user', 'import')"),
    ("dissolutions", "SELECT count(*) FROM dissolutions WHERE source IN ('user', 'import')"),
    ("settings", "SELECT count(*) FROM settings WHERE key NOT LIKE 'ui.%'"),
];

impl Store {
    /// Everything the user created, in memory (for tests and small databases; exports stream
    /// with [`Store::write_plan_export`]).
    pub fn plan_export(&self) -> Result<PlanExport> {
        let mut bytes = Vec::new();
        self.write_plan_export(&mut bytes).map_err(|e| match e {
            WriteError::Store(e) => e,
            WriteError::Io(e) => StoreError::Invalid(e.to_string()),
        })?;
        serde_json::from_slice(&bytes).map_err(|e| StoreError::Invalid(format!("the backup does not read back: {e}")))
    }

    /// Writes the JSON backup of everything the user created to `out`, one row at a time as it
    /// is read from the database (in one read transaction, so the copy is of one moment): the
    /// same bytes as [`PlanExport::to_json`] of [`Store::backup`], in a stable order that does not
    /// depend on integer ids, using about the same memory however large the data.
    pub fn write_plan_export(&self, out: &mut dyn Write) -> Result<(), WriteError> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)?;
        let failed = RefCell::new(None);
        let document = Document { store: self, failed: &failed };
        let mut json = crate::domain::interchange::json::serializer(&mut *out);
        if let Err(e) = document.serialize(&mut json) {
            return Err(match failed.into_inner() {
                Some(e) => WriteError::Store(e),
                None => WriteError::Io(e.into()),
            });
        }
        out.write_all(b"\n")?;
        drop(tx);
        Ok(())
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
    pub fn import_plan(&mut self, backup: &PlanExport, replace: bool) -> Result<()> {
        self.import_plan_rows(replace, |rows| backup.send_to(rows).map_err(|Stop| PlanExportError::Stopped))
    }

    /// Restores a backup read by `read`, which hands each row to the store as it reads it: each
    /// is inserted at once, all in one transaction, so that nothing changes unless every row goes
    /// in, and the rows are never all in memory. Without `replace` the database must hold none of
    /// the user's rows; with it, they are deleted first. A problem `read` finds in the file is
    /// [`StoreError::Invalid`] with its message.
    pub fn import_plan_rows(
        &mut self,
        replace: bool,
        read: impl FnOnce(&mut dyn Rows) -> Result<(), PlanExportError>,
    ) -> Result<()> {
        self.write(|tx| {
            if replace {
                tx.execute_batch(
                    "DELETE FROM proposals; DELETE FROM interactions; DELETE FROM checklist_items;
                     DELETE FROM engagements; DELETE FROM sites; DELETE FROM organisation; DELETE FROM settings;
                     DELETE FROM follow_up_marks;
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
            let mut insert = Insert { tx, engagement: None, failed: None };
            match read(&mut insert) {
                Ok(()) => Ok(()),
                Err(PlanExportError::Stopped) => {
                    Err(insert.failed.take().unwrap_or(StoreError::Invalid("the backup could not be restored".into())))
                }
                Err(e) => Err(StoreError::Invalid(e.to_string())),
            }
        })
    }
}

/// Why a backup could not be written: the database, or the file (or terminal) written to.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> WriteError {
        WriteError::Store(e.into())
    }
}

/// The whole document, each list read as it is written.
struct Document<'a> {
    store: &'a Store,
    /// The database error that stopped the writing, if one did (serde only carries a message).
    failed: &'a RefCell<Option<StoreError>>,
}

impl Document<'_> {
    fn fail<E: ser::Error>(&self, e: impl Into<StoreError>) -> E {
        *self.failed.borrow_mut() = Some(e.into());
        E::custom("the database could not be read")
    }

    /// The rows of `sql` (with `param` as ?1, if given), as a JSON list written one at a time.
    fn list<'q, T: Serialize>(
        &'q self,
        sql: &'static str,
        param: Option<i64>,
        row: fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> List<'q, T> {
        List { document: self, sql, param, row }
    }
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let conn = &self.store.conn;
        let dataset_version = self.store.dataset_version().map_err(|e| self.fail::<S::Error>(e))?;
        let organisation = conn
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
            .optional()
            .map_err(|e| self.fail::<S::Error>(e))?;
        let mut s = serializer.serialize_struct("PlanExport", 11)?;
        s.serialize_field("format", FORMAT)?;
        s.serialize_field("format_version", &FORMAT_VERSION)?;
        s.serialize_field("schema_version", &SCHEMA_VERSION)?;
        s.serialize_field("dataset_version", &dataset_version)?;
        s.serialize_field("organisation", &organisation)?;
        s.serialize_field(
            "sites",
            &self.list(
                "SELECT uuid, name, postcode, constituency_code, created_at FROM sites
                 ORDER BY name COLLATE NOCASE, uuid",
                None,
                |r| {
                    Ok(SiteRow {
                        uuid: r.get(0)?,
                        name: r.get(1)?,
                        postcode: r.get(2)?,
                        constituency_code: r.get(3)?,
                        created_at: r.get(4)?,
                    })
                },
            ),
        )?;
        s.serialize_field("engagements", &Engagements(self))?;
        s.serialize_field(
            "sitting_days",
            &self.list(
                "SELECT uuid, day, source, status, note, created_at FROM sitting_days
                 WHERE source IN ('user', 'import') ORDER BY day, source",
                None,
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
            ),
        )?;
        s.serialize_field(
            "recesses",
            &self.list(
                "SELECT uuid, name, first_day, last_day, source, created_at FROM recesses
                 WHERE source IN ('user', 'import') ORDER BY first_day, last_day, name, source, uuid",
                None,
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
            ),
        )?;
        s.serialize_field(
            "dissolutions",
            &self.list(
                "SELECT uuid, first_day, last_day, note, source, created_at FROM dissolutions
                 WHERE source IN ('user', 'import') ORDER BY first_day, last_day, note, source, uuid",
                None,
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
            ),
        )?;
        s.serialize_field(
            "settings",
            &self.list(
                "SELECT key, value, updated_at FROM settings WHERE key NOT LIKE 'ui.%' ORDER BY key",
                None,
                |r| Ok(SettingRow { key: r.get(0)?, value: r.get(1)?, updated_at: r.get(2)? }),
            ),
        )?;
        s.end()
    }
}

/// A list of rows read from the database as they are written.
struct List<'a, T> {
    document: &'a Document<'a>,
    sql: &'static str,
    param: Option<i64>,
    row: fn(&Row<'_>) -> rusqlite::Result<T>,
}

impl<T: Serialize> Serialize for List<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let d = self.document;
        let mut stmt = d.store.conn.prepare_cached(self.sql).map_err(|e| d.fail::<S::Error>(e))?;
        let mut rows = match self.param {
            Some(id) => stmt.query([id]),
            None => stmt.query([]),
        }
        .map_err(|e| d.fail::<S::Error>(e))?;
        let mut seq = serializer.serialize_seq(None)?;
        while let Some(r) = rows.next().map_err(|e| d.fail::<S::Error>(e))? {
            seq.serialize_element(&(self.row)(r).map_err(|e| d.fail::<S::Error>(e))?)?;
        }
        seq.end()
    }
}

/// The engagements, each written with its checklist, contacts and proposals read as they are
/// written.
struct Engagements<'a>(&'a Document<'a>);

impl Serialize for Engagements<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let d = self.0;
        let mut stmt = d
            .store
            .conn
            .prepare(
                "SELECT id, uuid, constituency_code, tracked, topics, cadence_days, notes, background, office_address,
                     started_on, mp_at_start, mp_id_at_start, created_at, updated_at
                 FROM engagements ORDER BY constituency_code",
            )
            .map_err(|e| d.fail::<S::Error>(e))?;
        let mut rows = stmt.query([]).map_err(|e| d.fail::<S::Error>(e))?;
        let mut seq = serializer.serialize_seq(None)?;
        while let Some(r) = rows.next().map_err(|e| d.fail::<S::Error>(e))? {
            let (id, engagement) = engagement_row(r).map_err(|e| d.fail::<S::Error>(e))?;
            seq.serialize_element(&Engagement { document: d, id, row: engagement })?;
        }
        seq.end()
    }
}

struct Engagement<'a> {
    document: &'a Document<'a>,
    id: i64,
    row: EngagementRow,
}

impl Serialize for Engagement<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let d = self.document;
        let checklist = d.list(
            "SELECT uuid, item_key, state, done_on, note, updated_at FROM checklist_items
             WHERE engagement_id = ?1 ORDER BY item_key, uuid",
            Some(self.id),
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
        );
        let interactions = d.list(
            "SELECT uuid, kind, direction, occurred_on, summary, mp_name, created_at FROM interactions
             WHERE engagement_id = ?1 ORDER BY occurred_on, uuid",
            Some(self.id),
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
        );
        let proposals = d.list(
            "SELECT uuid, title, kind, place, starts_at, ends_at, attendees, status, press, press_draft_shared_on,
                 press_quote_requested_on, press_quote_received_on, press_published_on, ics_uid, created_at,
                 updated_at, all_day, sequence, fold
             FROM proposals WHERE engagement_id = ?1 ORDER BY starts_at, uuid",
            Some(self.id),
            proposal_row,
        );
        self.row.serialize_with(serializer, &checklist, &interactions, &proposals)
    }
}

/// Inserts the rows of a backup as they are read, inside the restore's transaction.
struct Insert<'t> {
    tx: &'t Transaction<'t>,
    /// The id of the engagement whose rows are coming.
    engagement: Option<i64>,
    /// The error that stopped the restore.
    failed: Option<StoreError>,
}

impl Insert<'_> {
    /// Runs `f`, keeping its error (reading then stops).
    fn run(&mut self, f: impl FnOnce(&Transaction<'_>, Option<i64>) -> Result<Option<i64>>) -> Result<(), Stop> {
        match f(self.tx, self.engagement) {
            Ok(Some(id)) => {
                self.engagement = Some(id);
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(e) => {
                self.failed = Some(e);
                Err(Stop)
            }
        }
    }
}

/// Refuses a seat this database's data does not know, by name.
fn known_seat(tx: &Transaction<'_>, code: &str) -> Result<()> {
    let known = tx.prepare_cached("SELECT 1 FROM constituencies WHERE code = ?1")?.exists([code])?;
    if !known {
        return Err(StoreError::Invalid(format!(
            "the backup refers to the constituency {code}, which this database's data does not know"
        )));
    }
    Ok(())
}

/// The engagement the rows of one belong to.
fn parent(engagement: Option<i64>) -> Result<i64> {
    engagement.ok_or_else(|| StoreError::Invalid("a row of the backup comes before its engagement".into()))
}

impl Rows for Insert<'_> {
    fn organisation(&mut self, o: OrganisationRow) -> Result<(), Stop> {
        self.run(|tx, _| {
            tx.execute(
                "INSERT INTO organisation (id, uuid, name, address, chief_executive, chair, updated_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
                params![o.uuid, o.name, o.address, o.chief_executive, o.chair, o.updated_at],
            )?;
            Ok(None)
        })
    }

    fn site(&mut self, s: SiteRow) -> Result<(), Stop> {
        self.run(|tx, _| {
            if let Some(code) = &s.constituency_code {
                known_seat(tx, code)?;
            }
            tx.prepare_cached(
                "INSERT INTO sites (uuid, name, postcode, constituency_code, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![identity::site(&s.name), s.name, s.postcode, s.constituency_code, s.created_at])
            .map_err(|e| {
                // Named as the first site to use the name spells it.
                let first: Option<String> =
                    tx.query_row("SELECT name FROM sites WHERE name = ?1 COLLATE NOCASE", [&s.name], |r| r.get(0)).ok();
                clash(e, || format!("two sites are both called \"{}\"", first.unwrap_or_else(|| s.name.clone())))
            })?;
            Ok(None)
        })
    }

    fn engagement(&mut self, e: EngagementRow) -> Result<(), Stop> {
        self.run(|tx, _| {
            known_seat(tx, &e.constituency_code)?;
            tx.prepare_cached(
                "INSERT INTO engagements (uuid, constituency_code, tracked, topics, cadence_days, notes, background,
                     office_address, started_on, mp_at_start, mp_id_at_start, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                // Named by its seat, as on every copy, whatever an older backup called it.
                identity::engagement(&e.constituency_code),
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
            ])?;
            Ok(Some(tx.last_insert_rowid()))
        })
    }

    fn checklist_item(&mut self, i: ChecklistRow) -> Result<(), Stop> {
        self.run(|tx, engagement| {
            let engagement = parent(engagement)?;
            let name: String = tx
                .prepare_cached("SELECT uuid FROM engagements WHERE id = ?1")?
                .query_row([engagement], |r| r.get(0))?;
            tx.prepare_cached(
                "INSERT INTO checklist_items (uuid, engagement_id, item_key, state, done_on, note, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                identity::checklist_item(&name, &i.item_key),
                engagement,
                i.item_key,
                i.state,
                i.done_on,
                i.note,
                i.updated_at
            ])?;
            Ok(None)
        })
    }

    fn interaction(&mut self, i: InteractionRow) -> Result<(), Stop> {
        self.run(|tx, engagement| {
            tx.prepare_cached(
                "INSERT INTO interactions (uuid, engagement_id, kind, direction, occurred_on, summary, mp_name,
                     created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                i.uuid,
                parent(engagement)?,
                i.kind,
                i.direction,
                i.occurred_on,
                i.summary,
                i.mp_name,
                i.created_at
            ])?;
            Ok(None)
        })
    }

    fn proposal(&mut self, p: ProposalRow) -> Result<(), Stop> {
        self.run(|tx, engagement| {
            tx.prepare_cached(
                "INSERT INTO proposals (uuid, engagement_id, title, kind, place, starts_at, ends_at, attendees, status,
                     press, press_draft_shared_on, press_quote_requested_on, press_quote_received_on,
                     press_published_on, ics_uid, created_at, updated_at, all_day, sequence, fold)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
            )?
            .execute(params![
                p.uuid,
                parent(engagement)?,
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
                p.updated_at,
                p.all_day,
                p.sequence,
                p.fold
            ])
            .map_err(|e| {
                clash(e, || match &p.ics_uid {
                    Some(uid) => format!("two proposals have the same calendar UID \"{uid}\""),
                    None => format!("two proposals have the same id {}", p.uuid),
                })
            })?;
            Ok(None)
        })
    }

    fn sitting_day(&mut self, d: SittingDayRow) -> Result<(), Stop> {
        self.run(|tx, _| {
            tx.prepare_cached(
                "INSERT INTO sitting_days (uuid, day, source, status, note, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                identity::sitting_day(&d.day.to_string(), &d.source),
                d.day,
                d.source,
                d.status,
                d.note,
                d.created_at
            ])?;
            Ok(None)
        })
    }

    fn recess(&mut self, r: RecessRow) -> Result<(), Stop> {
        self.run(|tx, _| {
            tx.prepare_cached(
                "INSERT INTO recesses (uuid, name, first_day, last_day, source, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![r.uuid, r.name, r.first_day, r.last_day, r.source, r.created_at])?;
            Ok(None)
        })
    }

    fn dissolution(&mut self, d: DissolutionRow) -> Result<(), Stop> {
        self.run(|tx, _| {
            tx.prepare_cached(
                "INSERT INTO dissolutions (uuid, first_day, last_day, note, source, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![d.uuid, d.first_day, d.last_day, d.note, d.source, d.created_at])?;
            Ok(None)
        })
    }

    fn setting(&mut self, s: SettingRow) -> Result<(), Stop> {
        self.run(|tx, _| {
            tx.prepare_cached("INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)")?
                .execute(params![s.key, s.value, s.updated_at])?;
            Ok(None)
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
        all_day: r.get(16)?,
        sequence: r.get(17)?,
        fold: r.get(18)?,
    })
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
    use crate::domain::engagement::contact::NewInteraction;
    use crate::domain::views::OrganisationUpdate;

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
            kind: crate::domain::engagement::contact::InteractionKind::Letter,
            direction: crate::domain::engagement::contact::Direction::ToMp,
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
        let backup = filled().plan_export().unwrap();
        assert_eq!(backup.engagements[0].checklist.len(), 17);
        assert_eq!((backup.sites.len(), backup.recesses.len(), backup.sitting_days.len()), (1, 1, 1));
        let mut other = empty();
        assert!(other.user_rows().unwrap().is_empty());
        other.import_plan(&backup, false).unwrap();
        assert_eq!(other.plan_export().unwrap().to_json(), backup.to_json());
        assert_eq!(other.interactions("E14001323").unwrap()[0].summary, "First, \"letter\"");
        let err = other.import_plan(&backup, false).unwrap_err();
        assert!(err.to_string().contains("already holds"), "{err}");
        other.import_plan(&backup, true).unwrap();
        assert_eq!(other.plan_export().unwrap(), backup, "replacing gives the same rows, not twice as many");
    }

    #[test]
    fn the_backup_written_row_by_row_is_the_same_bytes_as_the_one_in_memory() {
        let store = filled();
        let mut streamed = Vec::new();
        store.write_plan_export(&mut streamed).unwrap();
        let backup = store.plan_export().unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), backup.to_json());
        assert_eq!(backup.engagements[0].interactions[0].summary, "First, \"letter\"");
    }

    #[test]
    fn a_restore_that_fails_changes_nothing() {
        let mut backup = filled().plan_export().unwrap();
        let mut store = filled();
        let before = store.plan_export().unwrap();
        backup.engagements[0].constituency_code = "E14999999".into();
        let err = store.import_plan(&backup, true).unwrap_err();
        assert!(err.to_string().contains("E14999999"), "{err}");
        assert_eq!(store.plan_export().unwrap(), before);
    }

    #[test]
    fn a_name_or_calendar_uid_used_twice_is_refused_in_plain_words() {
        let mut store = filled();
        let before = store.plan_export().unwrap();
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
                all_day: false,
                sequence: 0,
                fold: 0,
            });
        }
        for (backup, said) in [
            (twin_sites, "two sites are both called \"St James's\""),
            (twin_uids, "two proposals have the same calendar UID \"visit@example.org\""),
        ] {
            let err = store.import_plan(&backup, true).unwrap_err();
            assert!(matches!(err, StoreError::Invalid(_)) && err.to_string() == said, "{err}");
            assert_eq!(store.plan_export().unwrap(), before);
        }
    }
}
