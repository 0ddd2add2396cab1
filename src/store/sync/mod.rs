//! Team sync in the store (DESIGN.md §9): the operations recorded as the user's rows change (by
//! the triggers of migration 009), what this copy's part in the shared plan is, and the writing of
//! everyone's operations into the rows (`apply`).

mod apply;
mod capture;
pub(crate) mod tables;

use rusqlite::{OptionalExtension, Row, params};

use super::{Result, Store, StoreError};
use crate::domain::sync::clock::Stamp;
use crate::domain::sync::op::Op;
use tables::SHARED;

/// This copy's part in a shared plan.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncStatus {
    /// The shared database, as a connection string without a password; None until joined.
    pub server: Option<String>,
    /// The name this copy's changes carry.
    pub author: String,
    /// Changes made here that the server does not have yet.
    pub waiting: i64,
    /// When a sync last reached the server (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub last_synced: Option<String>,
    /// Why the last try did not reach it, until one does.
    pub last_error: Option<String>,
    /// The server's number of the last operation pulled.
    pub last_seq: i64,
}

impl SyncStatus {
    pub fn joined(&self) -> bool {
        self.server.is_some()
    }
}

/// What applying a batch of pulled operations did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Applied {
    /// Operations new to this copy.
    pub new: usize,
    /// Rows written, deleted or brought back.
    pub rows: usize,
    /// Changes newly found to have lost unseen (see `sync_conflicts`).
    pub conflicts: usize,
}

/// Who else last changed a seat's checklist items (by key) and contacts (by UUID).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OthersChanges {
    pub checklist: std::collections::HashMap<String, String>,
    pub contacts: std::collections::HashMap<String, String>,
}

/// A change that lost to a later one whose author had not seen it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The id of the change that lost.
    pub id: String,
    pub table: String,
    pub field: String,
    /// The seat of the engagement the row belongs to, when it belongs to one.
    pub seat: Option<String>,
    /// The row, as people know it ("Visit with the MP, 2027-01-08 10:00").
    pub what: String,
    /// What the losing change set, and who made it when (a stamp).
    pub lost: String,
    pub lost_author: String,
    pub lost_stamp: Stamp,
    /// What the field holds instead, and who set it when.
    pub kept: String,
    pub kept_author: String,
    pub kept_stamp: Stamp,
}

/// Within a write transaction: when the plan is shared, creates this connection's triggers that
/// record each change (TEMP triggers, gone with the connection, and with the transaction should it
/// be rolled back). Returns whether the connection records changes. The flag is read inside the
/// transaction, so a copy joined by another program meanwhile is never written unrecorded.
pub(super) fn capture_if_shared(tx: &rusqlite::Connection) -> Result<bool> {
    let shared: bool =
        tx.prepare_cached("SELECT capturing FROM sync_state WHERE id = 1")?.query_row([], |r| r.get(0))?;
    if shared {
        tx.execute_batch(&capture::triggers())?;
    }
    Ok(shared)
}

impl Store {
    /// This copy's part in a shared plan.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let mut status = self.conn.query_row(
            "SELECT server, author, last_synced, last_error, last_seq FROM sync_state WHERE id = 1",
            [],
            |r| {
                Ok(SyncStatus {
                    server: r.get(0)?,
                    author: r.get(1)?,
                    waiting: 0,
                    last_synced: r.get(2)?,
                    last_error: r.get(3)?,
                    last_seq: r.get(4)?,
                })
            },
        )?;
        status.waiting =
            self.conn.prepare_cached("SELECT count(*) FROM sync_ops WHERE pushed = 0")?.query_row([], |r| r.get(0))?;
        Ok(status)
    }

    /// How many of each kind of the user's rows this copy would share on joining (the preview of
    /// `sync join`), leaving out kinds with none.
    pub fn sync_shareable(&self) -> Result<Vec<(&'static str, i64)>> {
        let mut counts = Vec::new();
        for table in SHARED {
            let only = capture::shared_rows(table, "t");
            let sql = format!("SELECT count(*) FROM {} t WHERE {only}1", table.name);
            let n: i64 = self.conn.query_row(&sql, [], |r| r.get(0))?;
            if n > 0 {
                counts.push((table.name, n));
            }
        }
        Ok(counts)
    }

    /// Joins the shared plan at `server` (a connection string without a password) as `author`:
    /// from now on every change to the user's rows is recorded to be pushed. The rows already here
    /// are recorded too, whole, so the first sync shares them. Returns how many were recorded.
    pub fn sync_join(&mut self, server: &str, author: &str) -> Result<usize> {
        let author = author.trim();
        if author.is_empty() {
            return Err(StoreError::Invalid("give the name your changes will carry, with --as NAME".into()));
        }
        self.write(|tx| {
            // A plan shared elsewhere before starts afresh here: what was recorded for the other
            // server is not this one's.
            let before: Option<String> =
                tx.query_row("SELECT joined_to FROM sync_state WHERE id = 1", [], |r| r.get(0))?;
            if before.is_some_and(|before| before != server) {
                tx.execute_batch(
                    "DELETE FROM sync_ops; DELETE FROM sync_conflicts; DELETE FROM sync_unplaced;
                     UPDATE sync_state SET last_seq = 0, last_synced = NULL WHERE id = 1;",
                )?;
            }
            tx.execute(
                "UPDATE sync_state SET server = ?1, joined_to = ?1, author = ?2, capturing = 1, last_error = NULL
                 WHERE id = 1",
                params![server, author],
            )?;
            // The rows as they stand are recorded by this connection's triggers' stamping.
            capture_if_shared(tx)?;
            let mut recorded = 0;
            for table in SHARED {
                // Rows recorded already (by an earlier join) are not recorded again.
                let name = capture::row_name(table, "t");
                let sql = format!(
                    "INSERT INTO sync_ops (row_id, tbl, field, value)
                     SELECT {name}, '{table}', '*', {whole} FROM {table} t
                     WHERE {only}NOT EXISTS (SELECT 1 FROM sync_ops o WHERE o.row_id = {name} AND o.tbl = '{table}')",
                    table = table.name,
                    whole = capture::whole_row(table, "t"),
                    only = capture::shared_rows(table, "t"),
                );
                recorded += tx.execute(&sql, [])?;
            }
            Ok(recorded)
        })
    }

    /// Leaves the shared plan: nothing is synced any more. Changes are still recorded, so joining
    /// the same plan again sends what was done meanwhile; joining another starts afresh.
    pub fn sync_leave(&mut self) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE sync_state SET server = NULL, last_error = NULL WHERE id = 1", [])?;
            Ok(())
        })
    }

    /// Up to `limit` of the changes made here that the server does not have yet, oldest first.
    pub fn sync_waiting(&self, limit: usize) -> Result<Vec<Op>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT op_id, tbl, row_id, field, value, stamp, author, replaces FROM sync_ops
             WHERE pushed = 0 ORDER BY rowid LIMIT ?1",
        )?;
        let ops = stmt.query_map([limit as i64], op_of)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ops)
    }

    /// Notes that the server has the operations `ids`.
    pub fn sync_pushed(&mut self, ids: &[String]) -> Result<()> {
        self.write(|tx| {
            let mut mark = tx.prepare_cached("UPDATE sync_ops SET pushed = 1 WHERE op_id = ?1")?;
            for id in ids {
                mark.execute([id])?;
            }
            Ok(())
        })
    }

    /// Writes operations pulled from the server (numbered by it, in order) into the rows, in one
    /// transaction with the number of the last, so a sync stopped part-way starts again after the
    /// last batch written.
    pub fn sync_apply(&mut self, pulled: &[(i64, Op)]) -> Result<Applied> {
        self.write(|tx| apply::apply(tx, pulled))
    }

    /// Notes the outcome of a try to reach the server at `now` (UTC text): None when it was reached.
    pub fn sync_outcome(&mut self, now: &str, error: Option<&str>) -> Result<()> {
        self.write(|tx| {
            match error {
                None => tx.execute("UPDATE sync_state SET last_synced = ?1, last_error = NULL WHERE id = 1", [now])?,
                Some(e) => tx.execute("UPDATE sync_state SET last_error = ?1 WHERE id = 1", [e])?,
            };
            Ok(())
        })
    }

    /// The changes that lost unseen, newest first; only those of `seat` when given.
    pub fn sync_conflicts(&self, seat: Option<&str>) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT tbl, field, seat, what, value, author, stamp, winner_value, winner_author, winner_stamp, op_id
             FROM sync_conflicts WHERE ?1 IS NULL OR seat = ?1 ORDER BY stamp DESC, op_id DESC",
        )?;
        let rows = stmt.query_map([seat], |r| {
            Ok(Conflict {
                id: r.get(10)?,
                table: r.get(0)?,
                field: r.get(1)?,
                seat: r.get(2)?,
                what: r.get(3)?,
                lost: shown(&r.get::<_, String>(4)?),
                lost_author: r.get(5)?,
                lost_stamp: stamp_of(r, 6)?,
                kept: shown(&r.get::<_, String>(7)?),
                kept_author: r.get(8)?,
                kept_stamp: stamp_of(r, 9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Who else ticked or skipped the seat `code`'s checklist items, and logged its contacts: by
    /// item key and by contact UUID, when that was not this copy's author. An item still to do is
    /// named by no one (each copy's checklist starts the same).
    pub fn changed_by_others(&self, code: &str) -> Result<OthersChanges> {
        let me: String = self.conn.query_row("SELECT author FROM sync_state WHERE id = 1", [], |r| r.get(0))?;
        let mut others = OthersChanges::default();
        for (table, key, settled, into) in [
            ("checklist_items", "item_key", "t.state <> 'todo' AND o.field IN ('state', '*')", &mut others.checklist),
            ("interactions", "uuid", "1", &mut others.contacts),
        ] {
            let sql = format!(
                "SELECT t.{key}, (SELECT o.author FROM sync_ops o WHERE o.row_id = t.uuid AND o.tbl = '{table}'
                                      AND {settled}
                                  ORDER BY o.stamp DESC, o.op_id DESC LIMIT 1)
                 FROM {table} t JOIN engagements e ON e.id = t.engagement_id WHERE e.constituency_code = ?1"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map([code], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?;
            for row in rows {
                if let (row, Some(author)) = row?
                    && author != me
                {
                    into.insert(row, author);
                }
            }
        }
        Ok(others)
    }

    /// Who last changed the row `row_id` of `table` (its UUID), when another copy did: None when
    /// this copy did, or no change to it was recorded.
    pub fn sync_changed_by_other(&self, table: &str, row_id: &str) -> Result<Option<String>> {
        let author: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT o.author FROM sync_ops o WHERE o.row_id = ?1 AND o.tbl = ?2
                 ORDER BY o.stamp DESC, o.op_id DESC LIMIT 1",
            )?
            .query_row(params![row_id, table], |r| r.get(0))
            .optional()?;
        let me: String = self.conn.query_row("SELECT author FROM sync_state WHERE id = 1", [], |r| r.get(0))?;
        Ok(author.filter(|a| *a != me))
    }
}

fn stamp_of(r: &Row<'_>, i: usize) -> rusqlite::Result<Stamp> {
    let text: String = r.get(i)?;
    Stamp::parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, format!("not a stamp: {text}").into())
    })
}

fn op_of(r: &Row<'_>) -> rusqlite::Result<Op> {
    let value: String = r.get(4)?;
    Ok(Op {
        id: r.get(0)?,
        table: r.get(1)?,
        row: r.get(2)?,
        field: r.get(3)?,
        value: serde_json::from_str(&value)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e)))?,
        stamp: stamp_of(r, 5)?,
        author: r.get(6)?,
        replaces: r.get(7)?,
    })
}

/// A value as JSON text, shown plainly: text without its quotes, nothing as "(empty)".
fn shown(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::String(s)) if s.is_empty() => "(empty)".into(),
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) => "(empty)".into(),
        _ => json.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::store::Store;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    /// The values recorded for `tracked` on its own (the first, whole row aside), oldest first.
    fn last_tracked(store: &Store) -> Vec<String> {
        let mut stmt = store.conn.prepare("SELECT value FROM sync_ops WHERE field = 'tracked' ORDER BY rowid").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    }

    fn recorded(store: &Store) -> i64 {
        store.conn.query_row("SELECT count(*) FROM sync_ops", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn nothing_is_recorded_until_the_plan_is_shared_then_every_program_records_until_it_joins_another() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.sqlite3");
        let mut screens = Store::open(&path).unwrap();
        crate::data::ensure_loaded(&mut screens).unwrap();
        screens.track("E14001323", day()).unwrap();
        assert_eq!(recorded(&screens), 0, "a plan that is not shared records nothing");
        let no_triggers: i64 =
            screens.conn.query_row("SELECT count(*) FROM sqlite_temp_master", [], |r| r.get(0)).unwrap();
        assert_eq!(no_triggers, 0, "nor has anything to parse for it");

        // Another program joins while the screens are open.
        let mut command_line = Store::open(&path).unwrap();
        let shared = command_line.sync_join("postgres://db/plan", "Ann").unwrap();
        assert_eq!(shared, 1 + 17, "the engagement and its checklist, as they stand");
        // The screens' next change is recorded all the same (with the time it was made, should
        // the clock's second have turned).
        screens.untrack("E14001323").unwrap();
        assert_eq!(last_tracked(&screens), ["0"]);
        let waiting = command_line.sync_status().unwrap().waiting;
        assert!((1 + 17 + 1..=1 + 17 + 2).contains(&waiting), "{waiting} waiting");

        // After leaving, changes are still recorded, to be sent on joining the same plan again.
        command_line.sync_leave().unwrap();
        screens.track("E14001323", day()).unwrap();
        assert_eq!(last_tracked(&screens), ["0", "1"]);
        let waiting = screens.sync_status().unwrap().waiting;
        command_line.sync_join("postgres://db/plan", "Ann").unwrap();
        assert_eq!(command_line.sync_status().unwrap().waiting, waiting, "nothing recorded twice");
        // Joining another plan starts afresh: the whole plan is recorded for it, once.
        command_line.sync_leave().unwrap();
        command_line.sync_join("postgres://elsewhere/plan", "Ann").unwrap();
        assert_eq!(command_line.sync_status().unwrap().waiting, 1 + 17);
    }
}
