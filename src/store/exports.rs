//! What exports need beyond the everyday queries: when each proposal was created and last changed,
//! the calendar UID it was imported with, and how many times it has been revised.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::OptionalExtension;

use super::convert::Unreadable;
use super::{Result, Store};
use crate::domain::interchange::ics_write::Provenance;
use crate::domain::interchange::plan_export::STAMP_FORMAT;

impl Store {
    /// Each proposal's [`Provenance`], by UUID.
    pub fn proposal_provenance(&self) -> Result<HashMap<String, Provenance>> {
        let mut stmt = self.conn.prepare(&format!("SELECT uuid, {PROVENANCE} FROM proposals"))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, provenance(r, 1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The [`Provenance`] of the proposal `id`, if there is one.
    pub fn provenance_of(&self, id: i64) -> Result<Option<Provenance>> {
        let sql = format!("SELECT {PROVENANCE} FROM proposals WHERE id = ?1");
        Ok(self.conn.query_row(&sql, [id], |r| provenance(r, 0)).optional()?)
    }
}

/// The columns [`provenance`] reads.
const PROVENANCE: &str = "created_at, updated_at, ics_uid, 0";

fn provenance(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Provenance> {
    Ok(Provenance {
        created: stamp(r, at)?,
        updated: stamp(r, at + 1)?,
        imported_uid: r.get(at + 2)?,
        sequence: r.get(at + 3)?,
    })
}

fn stamp(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text = r.get_ref(i)?.as_str()?;
    NaiveDateTime::parse_from_str(text, STAMP_FORMAT)
        .map(|t| t.and_utc())
        .map_err(|_| Unreadable::new(text, "a time stamp (YYYY-MM-DDTHH:MM:SSZ)").at(r, i))
}
