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
const PROVENANCE: &str = "created_at, updated_at, ics_uid, sequence";

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

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime};

    use crate::domain::calendar::ProposalKind;
    use crate::domain::engagement::proposal::NewProposal;
    use crate::store::test_store;

    #[test]
    fn the_sequence_rises_as_a_proposal_moves_and_is_read_both_ways() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let mut store = test_store();
        let new = NewProposal::timed("E14001323", ProposalKind::Visit, at("2026-11-27 10:00"), at("2026-11-27 11:00"));
        let p = store.add_proposal(&new, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()).unwrap().0;
        assert_eq!(store.provenance_of(p.id).unwrap().unwrap().sequence, 0);
        store.move_proposal(p.id, at("2026-11-28 10:00"), at("2026-11-28 11:00")).unwrap();
        store.move_proposal(p.id, at("2026-11-28 12:00"), at("2026-11-28 13:00")).unwrap();
        let one = store.provenance_of(p.id).unwrap().unwrap();
        assert_eq!(one.sequence, 2);
        assert_eq!(store.proposal_provenance().unwrap()[&p.uuid], one, "the same, read for every proposal");
        assert_eq!(store.provenance_of(p.id + 1).unwrap(), None);
    }
}
