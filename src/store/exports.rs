//! What exports need beyond the everyday queries: when each proposal was created and last changed,
//! and the calendar UID it was imported with.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};

use super::convert::Unreadable;
use super::{Result, Store};
use crate::domain::interchange::ics_write::Provenance;
use crate::domain::interchange::plan_export::STAMP_FORMAT;

impl Store {
    /// Each proposal's [`Provenance`], by UUID.
    pub fn proposal_provenance(&self) -> Result<HashMap<String, Provenance>> {
        let mut stmt = self.conn.prepare("SELECT uuid, created_at, updated_at, ics_uid FROM proposals")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Provenance { created: stamp(r, 1)?, updated: stamp(r, 2)?, imported_uid: r.get(3)?, sequence: 0 },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn stamp(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text = r.get_ref(i)?.as_str()?;
    NaiveDateTime::parse_from_str(text, STAMP_FORMAT)
        .map(|t| t.and_utc())
        .map_err(|_| Unreadable::new(text, "a time stamp (YYYY-MM-DDTHH:MM:SSZ)").at(r, i))
}
