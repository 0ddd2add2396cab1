//! The SQL that records every change to a shared table as operations in `sync_ops`, in the same
//! transaction as the change: TEMP triggers written out by [`triggers`] from the list in
//! [`tables`](super::tables), which a connection creates before its first write to a shared plan
//! (see `Store::write`).
//!
//! A new row is one operation carrying the whole row; a row inserted again under a name the log
//! has seen (an undo of a deletion) sets each field, so each says what it replaced. A change sets
//! the fields that changed. A deletion sets `_deleted`. Stamps, authors and what each operation
//! replaced are filled in by the `sync_op_stamped` trigger in the migration.

use super::tables::{ENGAGEMENT_COLUMN, Identity, Shared, field_of};

/// The value of a column of `row` (NEW or OLD) as it travels.
fn value_of(column: &str, row: &str) -> String {
    if column == ENGAGEMENT_COLUMN {
        format!("(SELECT uuid FROM engagements WHERE id = {row}.{column})")
    } else {
        format!("{row}.{column}")
    }
}

fn row_id(table: &Shared, row: &str) -> String {
    match table.identity {
        Identity::Uuid => format!("{row}.uuid"),
        Identity::Single(name) => format!("'{name}'"),
        Identity::Key => format!("{row}.key"),
    }
}

fn when(table: &Shared, row: &str) -> String {
    match table.only {
        Some(only) => format!("({}) AND ", only.replace("{row}", row)),
        None => String::new(),
    }
}

/// Each field as its own operation, for `row`; `changed` keeps only those that differ from OLD.
fn fields(table: &Shared, changed: bool) -> String {
    let mut parts = Vec::new();
    if !changed {
        parts.push("SELECT '_deleted' AS field, '0' AS value".to_string());
    }
    for column in table.columns {
        let field = field_of(column);
        let value = format!("json_quote({})", value_of(column, "NEW"));
        let filter = if changed { format!(" WHERE OLD.{column} IS NOT NEW.{column}") } else { String::new() };
        let select = if parts.is_empty() {
            format!("SELECT '{field}' AS field, {value} AS value{filter}")
        } else {
            format!("SELECT '{field}', {value}{filter}")
        };
        parts.push(select);
    }
    parts.join("\n        UNION ALL ")
}

/// The whole of a row of `table` (aliased `row`) as one JSON object of its fields.
pub(crate) fn whole_row(table: &Shared, row: &str) -> String {
    let fields: Vec<String> =
        table.columns.iter().map(|c| format!("'{}', {}", field_of(c), value_of(c, row))).collect();
    format!("json_object({})", fields.join(", "))
}

/// The name a row of `table` (aliased `row`) is shared under.
pub(crate) fn row_name(table: &Shared, row: &str) -> String {
    row_id(table, row)
}

/// The condition for a row of `table` (aliased `row`) to be shared, ending in AND; empty for all.
pub(crate) fn shared_rows(table: &Shared, row: &str) -> String {
    when(table, row)
}

/// A change made here: given a UUID (version 4, from the random id the row was inserted with),
/// stamped later than everything this copy has made or seen (the wall clock in milliseconds, or one
/// more than the last stamp when the clock is behind it), signed, and linked to the operation whose
/// value it replaces.
const STAMPED: &str = "
CREATE TEMP TRIGGER IF NOT EXISTS sync_op_stamped AFTER INSERT ON main.sync_ops WHEN NEW.stamp IS NULL
BEGIN
    UPDATE sync_state SET
        clock_counter = CASE WHEN CAST(unixepoch('subsec') * 1000 AS INTEGER) > clock_millis
                             THEN 0 ELSE clock_counter + 1 END,
        clock_millis = max(clock_millis, CAST(unixepoch('subsec') * 1000 AS INTEGER));
    UPDATE sync_ops SET
        op_id = substr(op_id, 1, 8) || '-' || substr(op_id, 9, 4) || '-4' || substr(op_id, 14, 3) || '-'
            || substr('89ab', 1 + (unicode(substr(op_id, 17, 1)) % 4), 1) || substr(op_id, 18, 3) || '-'
            || substr(op_id, 21, 12),
        stamp = (SELECT printf('%015d.%010d', clock_millis, clock_counter) FROM sync_state),
        author = (SELECT author FROM sync_state),
        replaces = (SELECT o.op_id FROM sync_ops o
                    WHERE o.row_id = NEW.row_id AND o.field IN (NEW.field, '*') AND o.tbl = NEW.tbl
                      AND o.op_id <> NEW.op_id AND o.stamp IS NOT NULL
                    ORDER BY o.stamp DESC, o.op_id DESC LIMIT 1)
    WHERE op_id = NEW.op_id;
END;
";

/// The triggers that record changes, as TEMP triggers (created again harmlessly): the stamping of
/// each operation made here, and the capture triggers of every shared table.
pub(crate) fn triggers() -> String {
    let mut sql = String::from(STAMPED);
    for table in super::tables::SHARED {
        let name = table.name;
        let new_id = row_id(table, "NEW");
        let old_id = row_id(table, "OLD");
        use std::fmt::Write;
        let seen = format!("EXISTS (SELECT 1 FROM sync_ops WHERE row_id = {new_id} AND tbl = '{name}')");
        let _ = write!(
            sql,
            "
CREATE TEMP TRIGGER IF NOT EXISTS sync_capture_{name}_insert AFTER INSERT ON main.{name}
WHEN {when_new}(SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT {new_id}, '{name}', field, value FROM (
        {all_fields})
    WHERE {seen};
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT {new_id}, '{name}', '*', {whole}
    WHERE NOT {seen};
END;

CREATE TEMP TRIGGER IF NOT EXISTS sync_capture_{name}_update AFTER UPDATE ON main.{name}
WHEN {when_new}(SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT {new_id}, '{name}', field, value FROM (
        {changed_fields});
END;

CREATE TEMP TRIGGER IF NOT EXISTS sync_capture_{name}_delete AFTER DELETE ON main.{name}
WHEN {when_old}(SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value) VALUES ({old_id}, '{name}', '_deleted', '1');
END;
",
            when_new = when(table, "NEW"),
            when_old = when(table, "OLD"),
            whole = whole_row(table, "NEW"),
            all_fields = fields(table, false),
            changed_fields = fields(table, true),
        );
    }
    sql
}
