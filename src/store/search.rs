//! Searching the plan: proposals by title, place or kind, and the contact log by note or kind,
//! newest first, across every seat or within one.

use rusqlite::params;

use super::contacts::{INTERACTION_COLUMNS, interaction_row};
use super::proposals::{SELECT, proposal_row};
use super::{Result, Store};
use crate::domain::search::{Found, SEARCH_LIMIT, like_pattern};

impl Store {
    /// What matches `text` (case aside, for letters without accents), within the seat `code` when
    /// given: the newest proposals, then the newest contacts, [`SEARCH_LIMIT`] of each at most.
    /// Nothing is found for empty text.
    pub fn search(&self, text: &str, code: Option<&str>) -> Result<Vec<Found>> {
        if text.trim().is_empty() {
            return Ok(Vec::new());
        }
        let pattern = like_pattern(text);
        let limit = i64::try_from(SEARCH_LIMIT).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare(&format!(
            "{SELECT} WHERE (p.title LIKE ?1 ESCAPE '\\' OR p.place LIKE ?1 ESCAPE '\\' OR p.kind LIKE ?1 ESCAPE '\\')
               AND (?2 IS NULL OR e.constituency_code = ?2)
             ORDER BY p.starts_at DESC, p.id DESC LIMIT ?3"
        ))?;
        let proposals = stmt.query_map(params![pattern, code, limit], proposal_row)?;
        let mut found: Vec<Found> = proposals.map(|p| p.map(Found::Proposal)).collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {INTERACTION_COLUMNS}, e.constituency_code, c.name FROM interactions i
             JOIN engagements e ON e.id = i.engagement_id
             JOIN constituencies c ON c.code = e.constituency_code
             WHERE (i.summary LIKE ?1 ESCAPE '\\' OR i.kind LIKE ?1 ESCAPE '\\' OR i.mp_name LIKE ?1 ESCAPE '\\')
               AND (?2 IS NULL OR e.constituency_code = ?2)
             ORDER BY i.occurred_on DESC, i.id DESC LIMIT ?3"
        ))?;
        let contacts = stmt.query_map(params![pattern, code, limit], |r| {
            Ok(Found::Contact { interaction: interaction_row(r)?, code: r.get(7)?, seat: r.get(8)? })
        })?;
        found.extend(contacts.collect::<rusqlite::Result<Vec<_>>>()?);
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::domain::calendar::ProposalKind;
    use crate::domain::engagement::contact::{Direction, InteractionKind, NewInteraction};
    use crate::domain::engagement::proposal::NewProposal;
    use crate::domain::search::Found;
    use crate::store::test_store;

    #[test]
    fn proposals_and_contacts_are_found_by_their_words_across_seats_or_within_one() {
        let mut store = test_store();
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let start = day.and_hms_opt(10, 0, 0).unwrap();
        for (code, title, place) in
            [("E14001323", "Ward visit", "St James's"), ("E14001320", "Board meeting", "The 50% ward")]
        {
            let new = NewProposal {
                constituency_code: code.into(),
                title: title.into(),
                kind: ProposalKind::Visit,
                place: place.into(),
                start,
                end: start + chrono::TimeDelta::hours(1),
                all_day: false,
                fold: Default::default(),
                attendees: None,
            };
            store.add_proposal(&new, day).unwrap();
        }
        let note = NewInteraction {
            kind: InteractionKind::Letter,
            direction: Direction::ToMp,
            on: day,
            summary: "Asked about WARD closures".into(),
        };
        store.log_interaction("E14001323", &note, day).unwrap();

        let found = store.search("ward", None).unwrap();
        let what: Vec<(&str, bool)> = found.iter().map(|f| (f.seat().1, matches!(f, Found::Contact { .. }))).collect();
        assert_eq!(what.len(), 3, "{what:?}");
        assert_eq!(what.iter().filter(|(_, contact)| *contact).count(), 1);
        assert_eq!(store.search("ward", Some("E14001320")).unwrap().len(), 1, "within Leeds East");
        assert_eq!(store.search("50%", None).unwrap().len(), 1, "% is a character, not a wildcard");
        assert!(store.search("  ", None).unwrap().is_empty());
        assert!(store.search("hospice", None).unwrap().is_empty());
    }
}
