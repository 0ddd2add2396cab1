//! Proposals with their flags, read with the organisation's other proposals that may overlap them
//! (those starting from the day before each one to the day after it ends), so that a list filtered
//! by seat, status or week still shows every clash.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::domain::calendar::CalendarData;
use crate::domain::engagement::flagged::{FlaggedProposal, flag_proposals};
use crate::domain::engagement::proposal::{Proposal, ProposalFilter, ProposalStatus};
use crate::store::{Store, StoreError};

/// The organisation's proposals, other than `shown`, that may overlap one of `shown`: those that
/// start from the day before one of them starts to the day after it ends. Read in as few queries
/// as the days allow.
pub fn nearby(store: &Store, shown: &[Proposal]) -> Result<Vec<Proposal>, StoreError> {
    let mut spans: Vec<(NaiveDate, NaiveDate)> = shown
        .iter()
        .filter(|p| p.status != ProposalStatus::Cancelled)
        .map(|p| {
            let (first, last) = (p.start.date(), p.end.date());
            (first.pred_opt().unwrap_or(first), last.succ_opt().unwrap_or(last))
        })
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for (first, last) in spans {
        match merged.last_mut() {
            Some(span) if first <= span.1.succ_opt().unwrap_or(span.1) => span.1 = span.1.max(last),
            _ => merged.push((first, last)),
        }
    }
    let ids: HashSet<i64> = shown.iter().map(|p| p.id).collect();
    let mut found = Vec::new();
    for (first, last) in merged {
        let filter = ProposalFilter { from: Some(first), to: Some(last), ..Default::default() };
        found.extend(store.proposals(&filter)?.into_iter().filter(|p| !ids.contains(&p.id)));
    }
    Ok(found)
}

/// `shown` flagged against `calendar` and raised by their overlaps with each other and with the
/// organisation's other proposals ([`nearby`]), in the same order.
pub fn flagged(store: &Store, calendar: &CalendarData, shown: &[Proposal]) -> Result<Vec<FlaggedProposal>, StoreError> {
    Ok(flag_proposals(shown, &nearby(store, shown)?, calendar))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;

    use super::*;
    use crate::domain::calendar::{Flag, ProposalKind};
    use crate::domain::engagement::proposal::NewProposal;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("time")
    }

    /// Leeds South and Leeds East, each with proposals (start, minutes); their ids in that order.
    fn store(south: &[(&str, i64)], east: &[(&str, i64)]) -> (Store, Vec<i64>) {
        let mut store = Store::open_in_memory().expect("store");
        crate::data::ensure_loaded(&mut store).expect("shipped data");
        let today = "2026-11-24".parse().expect("date");
        let mut ids = Vec::new();
        for (code, list) in [("E14001323", south), ("E14001320", east)] {
            for &(start, minutes) in list {
                let new = NewProposal {
                    constituency_code: code.into(),
                    title: String::new(),
                    kind: ProposalKind::Visit,
                    place: String::new(),
                    start: at(start),
                    end: at(start) + chrono::TimeDelta::minutes(minutes),
                    all_day: false,
                    fold: Default::default(),
                    attendees: None,
                };
                ids.push(store.add_proposal(&new, today).expect("propose").0.id);
            }
        }
        (store, ids)
    }

    fn seat(store: &Store, code: &str) -> Vec<Proposal> {
        store.proposals(&ProposalFilter { constituency_code: Some(code.into()), ..Default::default() }).expect("read")
    }

    #[test]
    fn another_seats_proposals_on_the_same_days_or_the_day_either_side_are_read() {
        let (store, ids) = store(
            &[("2026-11-27 10:00", 60), ("2027-03-05 10:00", 60)],
            &[
                ("2026-11-26 23:30", 60),
                ("2026-11-27 10:30", 60),
                ("2026-11-28 09:00", 60),
                ("2026-11-29 10:00", 60),
                ("2027-01-08 10:00", 60),
            ],
        );
        let south = seat(&store, "E14001323");
        let found: Vec<i64> = nearby(&store, &south).expect("read").iter().map(|p| p.id).collect();
        assert_eq!(found, ids[2..5], "the 26th to the 28th, not the 29th nor January");
        let flagged = flagged(&store, &store.calendar().expect("calendar"), &south).expect("read");
        assert_eq!(flagged.len(), 2);
        assert_eq!(
            (flagged[0].flag, flagged[0].overlaps.iter().map(|o| o.id).collect::<Vec<_>>()),
            (Flag::Caution, vec![ids[3]])
        );
        assert_eq!((flagged[1].flag, flagged[1].overlaps.len()), (Flag::Clear, 0));
    }

    #[test]
    fn a_cancelled_proposal_needs_no_neighbours_and_is_not_flagged() {
        let (mut store, ids) = store(&[("2026-11-27 10:00", 60)], &[("2026-11-27 10:30", 60)]);
        store
            .set_proposal_status(ids[0], ProposalStatus::Cancelled, "2026-11-24".parse().expect("date"))
            .expect("cancel");
        let south = seat(&store, "E14001323");
        assert!(nearby(&store, &south).expect("read").is_empty());
        let east = seat(&store, "E14001320");
        let flagged = flagged(&store, &store.calendar().expect("calendar"), &east).expect("read");
        assert_eq!((flagged[0].flag, flagged[0].overlaps.len()), (Flag::Clear, 0), "the cancelled one is no clash");
    }
}
