//! Writing everyone's operations into the rows. Each row touched by a batch is written again from
//! all the operations known for it: each field takes the value of its winning operation (see
//! `domain::sync::merge`), a row whose `_deleted` is won by a deletion is deleted, and one won by
//! a change brings it back. The result depends only on which operations are known, so every copy
//! that knows the same ones holds the same rows. Changes that lost unseen are kept as conflicts.

use std::collections::BTreeSet;

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, ErrorCode, OptionalExtension, params};
use serde_json::Value;

use super::tables::{ENGAGEMENT_COLUMN, ENGAGEMENT_FIELD, Identity, SHARED, Shared, field_of};
use super::{Applied, op_of};
use crate::domain::sync::merge::{Change, resolve};
use crate::domain::sync::op::{DELETED, Op, WHOLE_ROW};
use crate::store::Result;

/// Fields that say when a row was written rather than what it says: never shown as conflicts.
const BOOKKEEPING: [&str; 4] = ["created_at", "updated_at", "sequence", "uuid"];

pub(super) fn apply(tx: &Connection, pulled: &[(i64, Op)]) -> Result<Applied> {
    let capturing: bool = tx.query_row("SELECT capturing FROM sync_state WHERE id = 1", [], |r| r.get(0))?;
    tx.execute("UPDATE sync_state SET capturing = 0, applying = 1 WHERE id = 1", [])?;
    let mut applied = Applied::default();
    // Rows by the order of their tables, so that an engagement is written before its rows.
    let mut touched: BTreeSet<(usize, String)> = BTreeSet::new();
    let mut renewed: BTreeSet<(usize, String)> = BTreeSet::new();
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO sync_ops (op_id, row_id, tbl, field, value, stamp, author, replaces, pushed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)",
    )?;
    let mut mine = tx.prepare_cached("UPDATE sync_ops SET pushed = 1 WHERE op_id = ?1 AND pushed = 0")?;
    let mut latest = None;
    let mut last_seq = None;
    for (seq, op) in pulled {
        last_seq = Some(*seq);
        latest = latest.max(Some(op.stamp));
        let new = insert.execute(params![
            op.id,
            op.row,
            op.table,
            op.field,
            op.value.to_string(),
            op.stamp.to_string(),
            op.author,
            op.replaces
        ])?;
        if new == 0 {
            mine.execute([&op.id])?;
            continue;
        }
        applied.new += 1;
        // An operation on a table this mpplan does not share (from a newer one) is kept, unused.
        if let Some(order) = SHARED.iter().position(|t| t.name == op.table) {
            touched.insert((order, op.row.clone()));
            renewed.insert((order, op.row.clone()));
        }
    }
    let unplaced: Vec<(String, String)> = tx
        .prepare_cached("SELECT tbl, row_id FROM sync_unplaced")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut waiting: BTreeSet<(usize, String)> = BTreeSet::new();
    for (table, row) in unplaced {
        if let Some(order) = SHARED.iter().position(|t| t.name == table) {
            waiting.insert((order, row));
        }
    }
    touched.extend(waiting.iter().cloned());
    for (order, row) in &touched {
        let table = &SHARED[*order];
        let ops = ops_of(tx, table.name, row)?;
        let placed = write_row(tx, table, row, &ops)?;
        if placed {
            applied.rows += 1;
            if waiting.contains(&(*order, row.clone())) {
                tx.prepare_cached("DELETE FROM sync_unplaced WHERE tbl = ?1 AND row_id = ?2")?
                    .execute(params![table.name, row])?;
            }
        } else {
            tx.prepare_cached("INSERT OR IGNORE INTO sync_unplaced (tbl, row_id) VALUES (?1, ?2)")?
                .execute(params![table.name, row])?;
        }
        // One operation cannot conflict with itself.
        if ops.len() > 1 && renewed.contains(&(*order, row.clone())) {
            applied.conflicts += keep_conflicts(tx, table, row, &ops)?;
        }
    }
    if let Some(stamp) = latest {
        tx.execute(
            "UPDATE sync_state SET clock_millis = ?1, clock_counter = ?2
             WHERE id = 1 AND printf('%015d.%010d', clock_millis, clock_counter) < ?3",
            params![stamp.millis, stamp.counter, stamp.to_string()],
        )?;
    }
    if let Some(seq) = last_seq {
        tx.execute("UPDATE sync_state SET last_seq = max(last_seq, ?1) WHERE id = 1", [seq])?;
    }
    tx.execute("UPDATE sync_state SET capturing = ?1, applying = 0 WHERE id = 1", [capturing])?;
    Ok(applied)
}

/// Every operation known for one row.
fn ops_of(tx: &Connection, table: &str, row: &str) -> Result<Vec<Op>> {
    let mut stmt = tx.prepare_cached(
        "SELECT op_id, tbl, row_id, field, value, stamp, author, replaces FROM sync_ops
         WHERE row_id = ?1 AND tbl = ?2 AND stamp IS NOT NULL",
    )?;
    let ops = stmt.query_map(params![row, table], op_of)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ops)
}

/// The changes to `field` among `ops`.
fn changes(ops: &[Op], field: &str) -> Vec<Change> {
    ops.iter().filter_map(|op| op.change_to(field)).collect()
}

/// The value of `field` once every operation in `ops` is known; None when none sets it.
fn winning(ops: &[Op], field: &str) -> Option<Value> {
    // A row known by one operation (most rows, when a fresh copy pulls the plan) is what it says.
    if let [only] = ops {
        return match only.field.as_str() {
            WHOLE_ROW if field == DELETED => Some(Value::from(0)),
            WHOLE_ROW => only.value.get(field).cloned(),
            one if one == field => Some(only.value.clone()),
            _ => None,
        };
    }
    let changes = changes(ops, field);
    let winner = resolve(&changes)?.winner;
    winner.value.as_deref().and_then(|v| serde_json::from_str(v).ok())
}

/// How a row of `table` is found here.
fn locate(table: &Shared) -> &'static str {
    match table.identity {
        Identity::Uuid => "uuid = ?1",
        Identity::Single(_) => "id = 1 AND ?1 IS NOT NULL",
        Identity::Key => "key = ?1",
    }
}

fn sql_of(value: &Value) -> Sql {
    match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => n.as_i64().map(Sql::Integer).unwrap_or_else(|| Sql::Real(n.as_f64().unwrap_or(0.0))),
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

/// Writes one row as its operations say; false when it cannot be written here yet (its
/// engagement is not here, or it would clash with a row of this copy).
fn write_row(tx: &Connection, table: &Shared, row: &str, ops: &[Op]) -> Result<bool> {
    let name = table.name;
    let at = locate(table);
    let here = tx.prepare_cached(&format!("SELECT 1 FROM {name} WHERE {at}"))?.exists([row])?;
    if winning(ops, DELETED).is_some_and(|d| d == 1) {
        if here {
            tx.prepare_cached(&format!("DELETE FROM {name} WHERE {at}"))?.execute([row])?;
        }
        return Ok(true);
    }
    let mut columns: Vec<&str> = Vec::new();
    let mut values: Vec<Sql> = Vec::new();
    for column in table.columns {
        let Some(value) = winning(ops, field_of(column)) else { continue };
        let value = if *column == ENGAGEMENT_COLUMN {
            let id: Option<i64> = tx
                .prepare_cached("SELECT id FROM engagements WHERE uuid = ?1")?
                .query_row([value.as_str().unwrap_or_default()], |r| r.get(0))
                .optional()?;
            match id {
                Some(id) => Sql::Integer(id),
                None => return Ok(false),
            }
        } else {
            sql_of(&value)
        };
        columns.push(column);
        values.push(value);
    }
    let written = if here {
        if columns.is_empty() {
            return Ok(true);
        }
        let sets: Vec<String> = columns.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 2)).collect();
        let sql = format!("UPDATE {name} SET {} WHERE {at}", sets.join(", "));
        let mut all = vec![Sql::Text(row.to_string())];
        all.extend(values);
        tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(all))
    } else {
        match table.identity {
            Identity::Uuid => {
                columns.push("uuid");
                values.push(Sql::Text(row.to_string()));
            }
            Identity::Single(_) => {
                columns.push("id");
                values.push(Sql::Integer(1));
            }
            Identity::Key => {}
        }
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        let sql = format!("INSERT INTO {name} ({}) VALUES ({})", columns.join(", "), marks.join(", "));
        tx.prepare_cached(&sql)?.execute(rusqlite::params_from_iter(values))
    };
    match written {
        Ok(_) => Ok(true),
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Keeps the changes to one row that lost unseen; returns how many were new.
fn keep_conflicts(tx: &Connection, table: &Shared, row: &str, ops: &[Op]) -> Result<usize> {
    let mut fields: Vec<&str> = vec![DELETED];
    fields.extend(table.columns.iter().map(|c| field_of(c)).filter(|f| !BOOKKEEPING.contains(f)));
    let mut kept = 0;
    let mut about: Option<(Option<String>, String)> = None;
    for field in fields {
        let changes = changes(ops, field);
        let Some(resolved) = resolve(&changes) else { continue };
        for lost in &resolved.conflicts {
            let (seat, what) = about.get_or_insert_with(|| describe(tx, table, ops)).clone();
            let winner = resolved.winner;
            kept += tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO sync_conflicts (op_id, row_id, tbl, field, value, author, stamp,
                         winner_value, winner_author, winner_stamp, seat, what)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )?
                .execute(params![
                    lost.id,
                    row,
                    table.name,
                    field,
                    lost.value.as_deref().unwrap_or("null"),
                    lost.author,
                    lost.stamp.to_string(),
                    winner.value.as_deref().unwrap_or("null"),
                    winner.author,
                    winner.stamp.to_string(),
                    seat,
                    what
                ])?;
        }
    }
    Ok(kept)
}

/// The seat a row belongs to, and the row as people know it, from its winning values.
fn describe(tx: &Connection, table: &Shared, ops: &[Op]) -> (Option<String>, String) {
    let text = |field: &str| match winning(ops, field) {
        Some(Value::String(s)) => s,
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let seat = match table.name {
        "engagements" => Some(text("constituency_code")),
        _ if table.columns.contains(&ENGAGEMENT_COLUMN) => tx
            .query_row("SELECT constituency_code FROM engagements WHERE uuid = ?1", [text(ENGAGEMENT_FIELD)], |r| {
                r.get(0)
            })
            .optional()
            .ok()
            .flatten(),
        _ => None,
    };
    let what = match table.name {
        "organisation" => "the organisation".to_string(),
        "sites" => format!("the site {}", text("name")),
        "engagements" => "the engagement".to_string(),
        "checklist_items" => format!("step {}", text("item_key")),
        "interactions" => format!("the {} of {}", text("kind"), text("occurred_on")),
        "proposals" => {
            let title = text("title");
            let title = if title.is_empty() { text("kind") } else { title };
            format!("{title}, {}", text("starts_at"))
        }
        "sitting_days" => format!("the sitting day {}", text("day")),
        "recesses" => format!("the recess {}", text("name")),
        "dissolutions" => format!("the dissolution from {}", text("first_day")),
        "settings" => format!("the setting {}", text("key")),
        other => other.to_string(),
    };
    (seat, what)
}
