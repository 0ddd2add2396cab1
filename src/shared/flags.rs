//! Proposals with their flags, read with the organisation's other proposals that may overlap them
//! (those starting from the day before each one to the day after it ends), so that a list filtered
//! by seat, status or week still shows every clash.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::domain::calendar::CalendarData;
use crate::domain::engagement::flagged::{FlaggedProposal, flag_owned, flag_proposals};
use crate::domain::engagement::proposal::{Proposal, ProposalFilter, ProposalStatus};
use crate::store::{Store, StoreError};

/// The organisation's proposals, other than `shown`, that may overlap one of `shown`: those that
/// start from the day before one of them starts to the day after it ends. Read in as few queries
/// as the days allow.
pub fn nearby(store: &Store, shown: &[Proposal]) -> Result<Vec<Proposal>, StoreError> {
    let ids: HashSet<i64> = shown.iter().map(|p| p.id).collect();
    let mut found = Vec::new();
    for (first, last) in neighbourhood(shown) {
        found.extend(starting(store, first, last)?.into_iter().filter(|p| !ids.contains(&p.id)));
    }
    Ok(found)
}

/// The days [`nearby`] reads for `shown`: from the day before each proposal not cancelled starts
/// to the day after it ends, merged into as few ranges (first and last day) as they make, in order.
fn neighbourhood(shown: &[Proposal]) -> Vec<(NaiveDate, NaiveDate)> {
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
    merged
}

/// Every proposal starting from `first` to `last`.
fn starting(store: &Store, first: NaiveDate, last: NaiveDate) -> Result<Vec<Proposal>, StoreError> {
    store.proposals(&ProposalFilter { from: Some(first), to: Some(last), ..Default::default() })
}

/// The proposals `filter` selects, flagged as [`flagged`] flags them, with the same neighbours. A
/// range of days with no other condition (a week, a listing by dates) is read in one query
/// together with the day either side, where its neighbours almost always are, rather than read and
/// then read again for them; only a neighbourhood reaching further (a proposal of several days)
/// is read apart.
pub fn flagged_matching(
    store: &Store,
    calendar: &CalendarData,
    filter: &ProposalFilter,
) -> Result<Vec<FlaggedProposal>, StoreError> {
    let (shown, others) = matching(store, filter)?;
    Ok(flag_owned(shown, &others, calendar))
}

/// The proposals `filter` selects and, apart, the others that may overlap them, read as
/// [`flagged_matching`] reads them: to be flagged with [`flag_owned`].
pub fn matching(store: &Store, filter: &ProposalFilter) -> Result<(Vec<Proposal>, Vec<Proposal>), StoreError> {
    let (Some(from), Some(to), None, None) = (filter.from, filter.to, &filter.constituency_code, filter.status) else {
        let shown = store.proposals(filter)?;
        let others = nearby(store, &shown)?;
        return Ok((shown, others));
    };
    let (before, after) = (from.pred_opt().unwrap_or(from), to.succ_opt().unwrap_or(to));
    let (shown, around): (Vec<Proposal>, Vec<Proposal>) =
        starting(store, before, after)?.into_iter().partition(|p| (from..=to).contains(&p.start.date()));
    let days = neighbourhood(&shown);
    let near = |p: &Proposal| days.iter().any(|(first, last)| (*first..=*last).contains(&p.start.date()));
    let mut others: Vec<Proposal> = around.into_iter().filter(near).collect();
    for &(first, last) in &days {
        // The parts of the neighbourhood outside the days read.
        for (a, b) in [
            (first, last.min(before.pred_opt().unwrap_or(before))),
            (first.max(after.succ_opt().unwrap_or(after)), last),
        ] {
            if a <= b {
                others.extend(starting(store, a, b)?);
            }
        }
    }
    Ok((shown, others))
}

/// The first and the last day `proposals` touch, if any: a calendar that classifies the days
/// between flags them all ([`Store::calendar_for`]).
pub fn days_touched(proposals: &[Proposal]) -> Option<(NaiveDate, NaiveDate)> {
    let first = proposals.iter().map(|p| p.start.date()).min()?;
    let last = proposals.iter().map(|p| p.end.date()).max()?;
    Some((first, last))
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

    /// Reading a range of days with its neighbours in one go flags exactly as reading the range,
    /// then its neighbours: for every window over days crowded with proposals of an hour, across
    /// midnight and of several days, starting on either side of the window's edges.
    #[test]
    fn a_range_read_in_one_go_is_flagged_as_one_read_then_its_neighbours() {
        let (mut store, ids) = store(
            &[
                ("2026-11-20 10:00", 60),
                ("2026-11-23 23:30", 90),
                ("2026-11-25 10:00", 4 * 24 * 60),
                ("2026-11-29 09:00", 60),
            ],
            &[
                ("2026-11-19 12:00", 5 * 24 * 60),
                ("2026-11-22 10:30", 60),
                ("2026-11-24 10:00", 60),
                ("2026-11-27 10:30", 3 * 24 * 60),
                ("2026-12-01 08:00", 60),
            ],
        );
        store
            .set_proposal_status(ids[5], ProposalStatus::Cancelled, "2026-11-24".parse().expect("date"))
            .expect("cancel");
        let calendar = store.calendar().expect("calendar");
        let day = |n: u64| NaiveDate::from_ymd_opt(2026, 11, 17).expect("date") + chrono::Days::new(n);
        let mut compared = 0;
        for first in 0..16 {
            for length in 0..8 {
                let filter =
                    ProposalFilter { from: Some(day(first)), to: Some(day(first + length)), ..Default::default() };
                let apart = flagged(&store, &calendar, &store.proposals(&filter).expect("read")).expect("flag");
                let together = flagged_matching(&store, &calendar, &filter).expect("flag");
                assert_eq!(together, apart, "{filter:?}");
                compared += usize::from(together.iter().any(|f| !f.overlaps.is_empty()));
            }
        }
        assert!(compared > 50, "most windows show an overlap: {compared}");
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
