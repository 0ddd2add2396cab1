//! The first of the agenda's conflicts ahead, worked out from the proposals of its first days
//! alone. With years of busy data the Today screen fills with them long before the eight weeks
//! are through, so its first frame can be drawn from these while the rest of the agenda is read.

use chrono::{Days, NaiveDate, NaiveTime};

use crate::domain::calendar::CalendarData;
use crate::domain::engagement::agenda::{FlaggedProposal, agenda_with_marks};
use crate::domain::engagement::followups::FollowUpSettings;
use crate::domain::engagement::marks::FollowUpMarks;
use crate::domain::engagement::proposal::Proposal;

/// The agenda's conflicts ahead that `proposals` decide, in the agenda's order: the first ones of
/// the whole agenda's list, and all of them that start by `last`, except that the list stops at
/// the first that could overlap a proposal not given. `proposals` must hold every proposal that
/// starts from the day before `today` to the day after `last`, as the agenda reads them.
///
/// A proposal's flag rests on the calendar and on the proposals it overlaps. Any proposal that
/// overlaps one ending by the end of the day after `last` starts before that, so is given; one
/// ending later might overlap one that is not.
pub fn first_conflicts(
    today: NaiveDate,
    last: NaiveDate,
    proposals: Vec<Proposal>,
    calendar: &CalendarData,
) -> Vec<FlaggedProposal> {
    let decided_until =
        last.checked_add_days(Days::new(2)).map_or(chrono::NaiveDateTime::MAX, |d| d.and_time(NaiveTime::MIN));
    // The agenda's own rules, given only these proposals and no engagements.
    let agenda =
        agenda_with_marks(today, &[], proposals, calendar, &FollowUpSettings::default(), &FollowUpMarks::default());
    let mut conflicts = agenda.conflicts_ahead;
    let decided = conflicts
        .iter()
        .position(|f| f.proposal.start.date() > last || f.proposal.end > decided_until)
        .unwrap_or(conflicts.len());
    conflicts.truncate(decided);
    conflicts
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;
    use proptest::prelude::*;

    use super::*;
    use crate::domain::calendar::Flag;
    use crate::domain::engagement::fixtures::{d, proposal};
    use crate::domain::engagement::proposal::ProposalStatus;

    fn shipped() -> CalendarData {
        CalendarData::from_dataset(&crate::data::shipped().unwrap())
    }

    /// Proposals from the day before `today`, `(day, start minute of the day, minutes long, status)`.
    fn made(today: NaiveDate, specs: &[(u64, i64, i64, u8)]) -> Vec<Proposal> {
        let mut list: Vec<Proposal> = specs
            .iter()
            .enumerate()
            .map(|(i, &(day, minute, length, status))| {
                let on = today.pred_opt().unwrap().checked_add_days(Days::new(day)).unwrap();
                let mut p = proposal("Visit", &format!("{on} 00:00"), ProposalStatus::Proposed);
                p.id = i as i64 + 1;
                p.start = on.and_time(NaiveTime::MIN) + TimeDelta::minutes(minute);
                p.end = p.start + TimeDelta::minutes(length);
                p.status = match status % 4 {
                    0 => ProposalStatus::Proposed,
                    1 => ProposalStatus::Confirmed,
                    2 => ProposalStatus::Held,
                    _ => ProposalStatus::Cancelled,
                };
                p
            })
            .collect();
        // As the store gives them: by start, then id.
        list.sort_by_key(|p| (p.start, p.id));
        list
    }

    /// The proposals the agenda would be given for the days to `last`: from the day before today
    /// to the day after `last`.
    fn window(all: &[Proposal], today: NaiveDate, last: NaiveDate) -> Vec<Proposal> {
        let first = today.pred_opt().unwrap();
        let after = last.succ_opt().unwrap();
        all.iter().filter(|p| (first..=after).contains(&p.start.date())).cloned().collect()
    }

    fn full(all: &[Proposal], today: NaiveDate, calendar: &CalendarData) -> Vec<FlaggedProposal> {
        agenda_with_marks(today, &[], all.to_vec(), calendar, &FollowUpSettings::default(), &FollowUpMarks::default())
            .conflicts_ahead
    }

    /// A sitting Tuesday of the shipped calendar, crowded: the first two days decide the first
    /// conflicts, and all of those of those two days.
    #[test]
    fn the_first_days_give_their_conflicts_in_the_agendas_order() {
        let today = d("2026-06-09");
        let specs: Vec<(u64, i64, i64, u8)> = (0..60)
            .map(|i| (1 + i / 12, 480 + (i as i64 % 12) * 50, 45 + (i as i64 * 7) % 60, (i % 3) as u8))
            .collect();
        let all = made(today, &specs);
        let calendar = shipped();
        let last = today.succ_opt().unwrap();
        let first = first_conflicts(today, last, window(&all, today, last), &calendar);
        let whole = full(&all, today, &calendar);
        let by_last = whole.iter().filter(|f| f.proposal.start.date() <= last).count();
        assert!(by_last > 5, "the days are crowded with conflicts: {by_last}");
        assert_eq!(first.len(), by_last, "every conflict of the first days");
        assert_eq!(first, whole[..by_last]);
        assert!(first.iter().any(|f| f.flag == Flag::Conflict));
    }

    /// A proposal of the last day that runs on past the day after it could overlap one not given:
    /// the list stops before it, though later ones of that day are known.
    #[test]
    fn the_list_stops_at_a_proposal_running_past_what_was_read() {
        let today = d("2026-06-09");
        // Tuesday and Wednesday, 10:00 to 11:00 each; a three-day one from Wednesday 12:00.
        let all = made(today, &[(1, 600, 60, 0), (2, 600, 60, 0), (2, 720, 3 * 24 * 60, 0), (2, 900, 60, 0)]);
        let calendar = shipped();
        let last = today.succ_opt().unwrap();
        let first = first_conflicts(today, last, window(&all, today, last), &calendar);
        let whole = full(&all, today, &calendar);
        assert_eq!(whole.len(), 4, "{whole:?}");
        assert_eq!(first, whole[..2]);
    }

    proptest! {
        /// Whatever the proposals (overlapping, across midnight, over several days, cancelled),
        /// the first conflicts are the whole agenda's first ones.
        #[test]
        fn the_first_conflicts_open_the_whole_list(
            specs in proptest::collection::vec((0u64..12, 0i64..1440, 15i64..4000, 0u8..4), 0..60),
            days in 0u64..6,
        ) {
            let today = d("2026-06-09");
            let all = made(today, &specs);
            let calendar = shipped();
            let last = today.checked_add_days(Days::new(days)).unwrap();
            let first = first_conflicts(today, last, window(&all, today, last), &calendar);
            let whole = full(&all, today, &calendar);
            prop_assert!(first.len() <= whole.len());
            prop_assert_eq!(&first[..], &whole[..first.len()]);
            // It stops before the end of `last` only at a proposal that runs on past the day after.
            if let Some(next) = whole.get(first.len()) {
                let decided_until = last.checked_add_days(Days::new(2)).unwrap().and_time(NaiveTime::MIN);
                prop_assert!(next.proposal.start.date() > last || next.proposal.end > decided_until, "{next:?}");
            }
        }
    }
}
