//! The organisation's own clashes: two of its proposals overlap when their times intersect, each
//! starting before the other ends. Touching end to start (10:00–11:00, then 11:00–12:00) is not an
//! overlap, and a cancelled proposal overlaps nothing. An overlap does not make a conflict (the MP
//! may well be free), but it raises a clear flag to caution, on both proposals; see
//! [`FlaggedProposal`](super::flagged::FlaggedProposal).

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::domain::calendar::Flag;
use crate::domain::date_text::{push_clock, push_short_date_time};
use crate::domain::engagement::proposal::{Proposal, ProposalStatus, TIME_FORMAT};

/// Whether the time ranges `a` and `b` (start, end) intersect: each starts before the other ends.
/// Ranges that only touch (one ends when the other starts) do not.
pub fn ranges_overlap(a: (NaiveDateTime, NaiveDateTime), b: (NaiveDateTime, NaiveDateTime)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Whether two proposals overlap: neither is cancelled and their times intersect.
pub fn proposals_overlap(a: &Proposal, b: &Proposal) -> bool {
    a.status != ProposalStatus::Cancelled
        && b.status != ProposalStatus::Cancelled
        && ranges_overlap((a.start, a.end), (b.start, b.end))
}

/// Another proposal that one overlaps, as flags name it and JSON gives it (`"overlaps"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overlap {
    pub id: i64,
    /// "Visit with Hilary Benn", or the proposal's title: shared by every overlap that names the
    /// same proposal.
    pub label: Arc<str>,
    #[serde(serialize_with = "wall_clock")]
    pub start: NaiveDateTime,
    #[serde(serialize_with = "wall_clock")]
    pub end: NaiveDateTime,
    /// Days with no hours; left out of JSON when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub all_day: bool,
    pub constituency: Arc<str>,
}

impl Overlap {
    pub fn of(p: &Proposal) -> Overlap {
        Overlap::labelled(p, p.label().into())
    }

    /// The overlap with `p`, whose [`Proposal::label`] is `label`.
    fn labelled(p: &Proposal, label: Arc<str>) -> Overlap {
        Overlap {
            id: p.id,
            label,
            start: p.start,
            end: p.end,
            all_day: p.all_day,
            constituency: p.constituency.clone(),
        }
    }

    /// "overlaps Visit with Hilary Benn 10:00–11:00" for a proposal starting on `on`; the date is
    /// added when this one starts or ends on another day ("overlaps Surgery Sat 28 Nov 2026 00:00–01:00").
    pub fn describe(&self, on: NaiveDate) -> String {
        let mut text = String::with_capacity(self.label.len() + 24);
        self.describe_into(on, &mut text);
        text
    }

    /// Appends [`Overlap::describe`] to `out`: built in place, as a flag's reason names every
    /// overlap of a crowded day.
    pub fn describe_into(&self, on: NaiveDate, out: &mut String) {
        out.push_str("overlaps ");
        out.push_str(&self.label);
        out.push(' ');
        if self.all_day {
            out.push_str(&crate::domain::when::span_text(self.start, self.end, true));
        } else if self.start.date() == on && self.end.date() == on {
            push_clock(out, self.start.time());
            out.push('–');
            push_clock(out, self.end.time());
        } else {
            push_short_date_time(out, self.start);
            out.push('–');
            match self.start.date() == self.end.date() {
                true => push_clock(out, self.end.time()),
                false => push_short_date_time(out, self.end),
            }
        }
    }
}

fn wall_clock<S: serde::Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&t.format(TIME_FORMAT))
}

/// The proposals of `others` (cancelled ones left out) that a slot from `start` to `end` overlaps,
/// in the order given. For a proposal being made or moved: leave the proposal itself out of
/// `others`.
pub fn overlapping<'a>(
    start: NaiveDateTime,
    end: NaiveDateTime,
    others: impl IntoIterator<Item = &'a Proposal>,
) -> Vec<Overlap> {
    others
        .into_iter()
        .filter(|p| p.status != ProposalStatus::Cancelled && ranges_overlap((start, end), (p.start, p.end)))
        .map(Overlap::of)
        .collect()
}

/// For each of `proposals`, at the same index, the others it overlaps, in order of their start. A
/// cancelled proposal has none and is named by none. Sorted once and swept, so a long list costs
/// little more than sorting it; each proposal's label is made once, however many it overlaps.
pub fn overlaps_of_each(proposals: &[Proposal]) -> Vec<Vec<Overlap>> {
    overlaps_among(&proposals.iter().collect::<Vec<_>>())
}

/// [`overlaps_of_each`] for proposals held apart (those shown and others near them), without
/// copying them into one list.
pub fn overlaps_among(proposals: &[&Proposal]) -> Vec<Vec<Overlap>> {
    let mut found: Vec<Vec<Overlap>> = vec![Vec::new(); proposals.len()];
    let mut order: Vec<usize> =
        (0..proposals.len()).filter(|&i| proposals[i].status != ProposalStatus::Cancelled).collect();
    order.sort_by_key(|&i| (proposals[i].start, proposals[i].end, i));
    let mut labels: Vec<Option<Arc<str>>> = vec![None; proposals.len()];
    let mut overlap = |i: usize| {
        let label = labels[i].get_or_insert_with(|| proposals[i].label().into()).clone();
        Overlap::labelled(proposals[i], label)
    };
    for (n, &i) in order.iter().enumerate() {
        let a = &proposals[i];
        // Later ones start no earlier than `a`; once one starts at or after `a` ends, so do the rest.
        for &j in order[n + 1..].iter().take_while(|&&j| proposals[j].start < a.end) {
            if proposals_overlap(a, proposals[j]) {
                found[i].push(overlap(j));
                found[j].push(overlap(i));
            }
        }
    }
    for list in &mut found {
        list.sort_by_key(|o| (o.start, o.end, o.id));
    }
    found
}

/// "overlaps Visit with Hilary Benn 10:00–11:00; overlaps Surgery 10:30–11:30" for a proposal
/// starting on `on`; none when there is no overlap.
pub fn overlap_reason(on: NaiveDate, overlaps: &[Overlap]) -> Option<String> {
    let (first, rest) = overlaps.split_first()?;
    let mut text = first.describe(on);
    push_overlap_reasons(on, rest, &mut text);
    Some(text)
}

/// Appends "; " and the description of each of `overlaps` (as [`overlap_reason`] joins them) to
/// `out`: a flag's reason after the calendar's, written in place.
pub fn push_overlap_reasons(on: NaiveDate, overlaps: &[Overlap], out: &mut String) {
    out.reserve(overlaps.iter().map(|o| o.label.len() + 32).sum());
    for o in overlaps {
        out.push_str("; ");
        o.describe_into(on, out);
    }
}

/// A calendar flag raised by overlaps: a clear or caution becomes a caution that rests on the
/// overlap, a fact, so it is no longer assumed; a conflict stays as it is. Without overlaps the
/// flag is unchanged. Returns the flag and whether it is assumed.
pub fn raised(flag: Flag, assumed: bool, overlaps: &[Overlap]) -> (Flag, bool) {
    match flag {
        _ if overlaps.is_empty() => (flag, assumed),
        Flag::Clear | Flag::Caution => (Flag::Caution, false),
        Flag::Conflict => (Flag::Conflict, assumed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::engagement::fixtures::proposal;

    /// A proposal numbered `id`, from `start` ("2026-11-27 10:00") for `minutes`.
    fn at(id: i64, start: &str, minutes: i64) -> Proposal {
        let mut p = proposal("", start, ProposalStatus::Proposed);
        p.id = id;
        p.end = p.start + chrono::TimeDelta::minutes(minutes);
        p
    }

    fn ids(found: &[Vec<Overlap>]) -> Vec<Vec<i64>> {
        found.iter().map(|list| list.iter().map(|o| o.id).collect()).collect()
    }

    #[test]
    fn two_that_intersect_overlap_each_other() {
        let list = [at(1, "2026-11-27 10:00", 60), at(2, "2026-11-27 10:30", 60)];
        assert!(proposals_overlap(&list[0], &list[1]) && proposals_overlap(&list[1], &list[0]));
        assert_eq!(ids(&overlaps_of_each(&list)), [vec![2], vec![1]]);
    }

    #[test]
    fn one_inside_another_overlaps_it() {
        let list = [at(1, "2026-11-27 09:00", 240), at(2, "2026-11-27 10:00", 30)];
        assert_eq!(ids(&overlaps_of_each(&list)), [vec![2], vec![1]]);
        let same = [at(1, "2026-11-27 10:00", 60), at(2, "2026-11-27 10:00", 60)];
        assert_eq!(ids(&overlaps_of_each(&same)), [vec![2], vec![1]], "the very same times");
    }

    #[test]
    fn touching_end_to_start_is_not_an_overlap() {
        let list = [at(1, "2026-11-27 10:00", 60), at(2, "2026-11-27 11:00", 60)];
        assert!(!proposals_overlap(&list[0], &list[1]));
        assert_eq!(ids(&overlaps_of_each(&list)), [Vec::<i64>::new(), vec![]]);
        let one_minute_more = [at(1, "2026-11-27 10:00", 61), at(2, "2026-11-27 11:00", 60)];
        assert_eq!(ids(&overlaps_of_each(&one_minute_more)), [vec![2], vec![1]]);
    }

    #[test]
    fn a_cancelled_proposal_never_overlaps() {
        let mut cancelled = at(2, "2026-11-27 10:30", 60);
        cancelled.status = ProposalStatus::Cancelled;
        let list = [at(1, "2026-11-27 10:00", 60), cancelled.clone()];
        assert!(!proposals_overlap(&list[0], &list[1]) && !proposals_overlap(&list[1], &list[0]));
        assert_eq!(ids(&overlaps_of_each(&list)), [Vec::<i64>::new(), vec![]]);
        let start = list[0].start;
        assert!(overlapping(start, start + chrono::TimeDelta::hours(1), [&cancelled]).is_empty());
        for status in [ProposalStatus::Proposed, ProposalStatus::Confirmed, ProposalStatus::Held] {
            cancelled.status = status;
            assert_eq!(overlapping(start, start + chrono::TimeDelta::hours(1), [&cancelled]).len(), 1, "{status}");
        }
    }

    #[test]
    fn three_at_once_each_name_the_other_two_in_time_order() {
        let list = [at(3, "2026-11-27 10:45", 60), at(1, "2026-11-27 10:00", 60), at(2, "2026-11-27 10:30", 60)];
        assert_eq!(ids(&overlaps_of_each(&list)), [vec![1, 2], vec![2, 3], vec![1, 3]]);
        // A chain: the first and the last do not meet.
        let chain = [at(1, "2026-11-27 10:00", 60), at(2, "2026-11-27 10:50", 60), at(3, "2026-11-27 11:40", 60)];
        assert_eq!(ids(&overlaps_of_each(&chain)), [vec![2], vec![1, 3], vec![2]]);
        // A long one overlaps two that do not overlap each other, however far apart they start.
        let long = [at(1, "2026-11-27 09:00", 600), at(2, "2026-11-27 10:00", 30), at(3, "2026-11-27 17:00", 30)];
        assert_eq!(ids(&overlaps_of_each(&long)), [vec![2, 3], vec![1], vec![1]]);
    }

    #[test]
    fn the_same_times_on_different_days_do_not_overlap() {
        let list = [at(1, "2026-11-27 10:00", 60), at(2, "2026-11-28 10:00", 60), at(3, "2026-12-04 10:00", 60)];
        assert_eq!(ids(&overlaps_of_each(&list)), [Vec::<i64>::new(), vec![], vec![]]);
    }

    #[test]
    fn a_proposal_over_midnight_overlaps_the_next_morning_and_says_its_dates() {
        let late = at(1, "2026-11-27 23:00", 120);
        let early = at(2, "2026-11-28 00:30", 30);
        let after = at(3, "2026-11-28 01:00", 60);
        let list = [early.clone(), late.clone(), after];
        assert_eq!(ids(&overlaps_of_each(&list)), [vec![1], vec![2], vec![]], "01:00 only touches both ends");
        let found = overlaps_of_each(&list);
        assert_eq!(
            found[0][0].describe(early.start.date()),
            "overlaps Visit with Hilary Benn Fri 27 Nov 2026 23:00–Sat 28 Nov 2026 01:00"
        );
        assert_eq!(
            found[1][0].describe(late.start.date()),
            "overlaps Visit with Hilary Benn Sat 28 Nov 2026 00:30–01:00"
        );
    }

    #[test]
    fn the_reason_names_each_overlap_with_its_times() {
        let list = [at(1, "2026-11-27 10:00", 60), at(2, "2026-11-27 10:30", 60), at(3, "2026-11-27 10:45", 30)];
        let found = overlaps_of_each(&list);
        let on = list[0].start.date();
        assert_eq!(
            overlap_reason(on, &found[0]).as_deref(),
            Some("overlaps Visit with Hilary Benn 10:30–11:30; overlaps Visit with Hilary Benn 10:45–11:15")
        );
        assert_eq!(overlap_reason(on, &[]), None);
        let mut titled = list[1].clone();
        titled.title = "Board".into();
        assert_eq!(Overlap::of(&titled).describe(on), "overlaps Board 10:30–11:30");
    }

    #[test]
    fn an_overlap_raises_clear_and_caution_to_caution_and_leaves_a_conflict() {
        let one = [Overlap::of(&at(2, "2026-11-27 10:30", 60))];
        assert_eq!(raised(Flag::Clear, false, &one), (Flag::Caution, false));
        assert_eq!(raised(Flag::Clear, true, &one), (Flag::Caution, false), "the overlap is a fact, not a forecast");
        assert_eq!(raised(Flag::Caution, true, &one), (Flag::Caution, false));
        assert_eq!(raised(Flag::Conflict, true, &one), (Flag::Conflict, true));
        assert_eq!(raised(Flag::Conflict, false, &one), (Flag::Conflict, false));
        for flag in [Flag::Clear, Flag::Caution, Flag::Conflict] {
            assert_eq!(raised(flag, true, &[]), (flag, true));
        }
    }

    #[test]
    fn a_slot_is_checked_against_the_others_given() {
        let list = [at(1, "2026-11-27 10:00", 60), at(2, "2026-11-27 12:00", 60)];
        let start = list[0].start + chrono::TimeDelta::minutes(30);
        let found = overlapping(start, start + chrono::TimeDelta::hours(2), &list);
        assert_eq!(found.iter().map(|o| o.id).collect::<Vec<_>>(), [1, 2]);
        assert!(overlapping(list[0].end, list[1].start, &list).is_empty(), "11:00–12:00 touches both");
    }

    proptest::proptest! {
        /// The sweep finds exactly what comparing every pair finds.
        #[test]
        fn the_sweep_agrees_with_comparing_every_pair(
            slots in proptest::collection::vec((0i64..3000, 1i64..600, 0u8..5), 0..40)
        ) {
            let list: Vec<Proposal> = slots
                .iter()
                .enumerate()
                .map(|(i, &(from, minutes, status))| {
                    let mut p = at(i as i64, "2026-11-27 00:00", minutes);
                    p.start += chrono::TimeDelta::minutes(from);
                    p.end += chrono::TimeDelta::minutes(from);
                    if status == 0 {
                        p.status = ProposalStatus::Cancelled;
                    }
                    p
                })
                .collect();
            let mut every_pair: Vec<Vec<i64>> = list
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    list.iter().enumerate().filter(|&(j, b)| i != j && proposals_overlap(a, b)).map(|(_, b)| b.id).collect()
                })
                .collect();
            let mut swept = ids(&overlaps_of_each(&list));
            for list in every_pair.iter_mut().chain(swept.iter_mut()) {
                list.sort_unstable();
            }
            proptest::prop_assert_eq!(swept, every_pair);
        }
    }
}
