//! A proposal with its flag: the calendar's (DESIGN.md §3), raised to caution where it overlaps
//! another of the organisation's proposals. A cancelled proposal is never flagged. Every list of
//! proposals shown with flags (the agenda, Today, the week, the proposals, the MP detail, exports)
//! is flagged by [`flag_proposals`], so they agree.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Serialize, Serializer};

use crate::domain::calendar::{CalendarData, DEFAULT_HOURS, DayClass, Flag, SlotFlag};
use crate::domain::engagement::overlaps::{
    Overlap, overlapping, overlaps_among, overlaps_of_each, push_overlap_reasons, raised,
};
use crate::domain::engagement::proposal::{Proposal, ProposalStatus};

/// The reason given for a cancelled proposal, which is not flagged.
pub const CANCELLED_REASON: &str = "not flagged, as the proposal is cancelled";

/// A proposal with its flag, the flag's reason and the proposals it overlaps. JSON: the
/// proposal's fields, then `flag`, `assumed`, `reason` and `overlaps`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlaggedProposal {
    #[serde(flatten)]
    pub proposal: Proposal,
    /// Never conflict or caution for a cancelled proposal.
    #[serde(serialize_with = "flag_word")]
    pub flag: Flag,
    /// Whether the flag rests on a day assumed by the weekday pattern (a forecast).
    pub assumed: bool,
    /// The calendar's reason, then each overlap ("…; overlaps Visit with Hilary Benn 10:00–11:00").
    pub reason: String,
    /// The organisation's other proposals this one overlaps, in order of their start.
    pub overlaps: Vec<Overlap>,
}

impl FlaggedProposal {
    /// Flags `proposal` on its own against `calendar` with the default Westminster hours: no other
    /// proposal is looked at. For a list, use [`flag_proposals`].
    pub fn classify(proposal: &Proposal, calendar: &CalendarData) -> FlaggedProposal {
        FlaggedProposal::with_overlaps(proposal, calendar, Vec::new())
    }

    /// Flags `proposal` against `calendar`, raised by the `overlaps` found for it. A cancelled
    /// proposal is clear, with no overlaps, and its reason says it is cancelled.
    pub fn with_overlaps(proposal: &Proposal, calendar: &CalendarData, overlaps: Vec<Overlap>) -> FlaggedProposal {
        FlaggedProposal::with_statements(proposal.clone(), calendar, overlaps, &mut Statements::default())
    }

    /// [`FlaggedProposal::with_overlaps`], taking the calendar's statement of the deciding day
    /// from `statements` when an earlier proposal on that day made it.
    fn with_statements(
        proposal: Proposal,
        calendar: &CalendarData,
        overlaps: Vec<Overlap>,
        statements: &mut Statements,
    ) -> FlaggedProposal {
        if proposal.status == ProposalStatus::Cancelled {
            return FlaggedProposal {
                proposal,
                flag: Flag::Clear,
                assumed: false,
                reason: CANCELLED_REASON.to_string(),
                overlaps: Vec::new(),
            };
        }
        let slot =
            calendar.classify_span(proposal.start, proposal.end, proposal.all_day, proposal.kind, &DEFAULT_HOURS);
        let reason = slot.reason_after(statements.of(&slot.day));
        let FlaggedSlot { flag, assumed, reason, overlaps } =
            FlaggedSlot::with_reason(&slot, reason, proposal.start.date(), overlaps);
        FlaggedProposal { proposal, flag, assumed, reason, overlaps }
    }

    /// Whether the proposal is cancelled (and so not flagged).
    pub fn cancelled(&self) -> bool {
        self.proposal.status == ProposalStatus::Cancelled
    }

    /// "✓ clear", "✗? conflict (assumed)" on an assumed day, or "– cancelled".
    pub fn label(&self) -> &'static str {
        if self.cancelled() { "– cancelled" } else { self.flag.label(self.assumed) }
    }

    /// "✓ clear", "✗? conflict" on an assumed day (for narrow columns), or "– cancelled".
    pub fn short_label(&self) -> &'static str {
        if self.cancelled() { "– cancelled" } else { self.flag.short_label(self.assumed) }
    }

    /// "conflict", or "conflict (assumed)" on an assumed day: the flag's word as JSON, CSV and
    /// calendar files give it ("clear" for a cancelled proposal, whose reason says why).
    pub fn word(&self) -> &'static str {
        self.flag.word(self.assumed)
    }
}

/// A time slot's calendar flag raised by the proposals it overlaps: what `mpplan check` shows, and
/// what a form shows as a date and time are typed.
#[derive(Debug, Clone, PartialEq)]
pub struct FlaggedSlot {
    pub flag: Flag,
    pub assumed: bool,
    /// The calendar's reason, then each overlap.
    pub reason: String,
    pub overlaps: Vec<Overlap>,
}

impl FlaggedSlot {
    /// `slot` (the calendar's flag of a slot starting on `on`) raised by `overlaps`.
    pub fn new(slot: &SlotFlag, on: NaiveDate, overlaps: Vec<Overlap>) -> FlaggedSlot {
        FlaggedSlot::with_reason(slot, slot.reason(), on, overlaps)
    }

    /// [`FlaggedSlot::new`] with the calendar's `reason` for `slot` already made.
    fn with_reason(slot: &SlotFlag, mut reason: String, on: NaiveDate, overlaps: Vec<Overlap>) -> FlaggedSlot {
        let (flag, assumed) = raised(slot.flag, slot.assumed(), &overlaps);
        push_overlap_reasons(on, &overlaps, &mut reason);
        FlaggedSlot { flag, assumed, reason, overlaps }
    }

    /// "✓ clear", or "!? caution (assumed)" on an assumed day.
    pub fn label(&self) -> &'static str {
        self.flag.label(self.assumed)
    }
}

/// The slot from `start` to `end`, flagged `slot` by the calendar, raised by the proposals of
/// `others` it overlaps (cancelled ones never count). Leave a proposal being moved out of `others`.
pub fn flag_slot<'a>(
    slot: &SlotFlag,
    start: NaiveDateTime,
    end: NaiveDateTime,
    others: impl IntoIterator<Item = &'a Proposal>,
) -> FlaggedSlot {
    FlaggedSlot::new(slot, start.date(), overlapping(start, end, others))
}

fn flag_word<S: Serializer>(flag: &Flag, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(flag.as_str())
}

/// Flags each of `shown` (at the same index): against `calendar`, and raised to caution where it
/// overlaps another of `shown` or of `others`. `others` are proposals not shown that may overlap
/// the ones that are (another MP's, or the day before's when a week is shown); none of them should
/// be one of `shown`. The one function every list of flagged proposals comes from.
pub fn flag_proposals(shown: &[Proposal], others: &[Proposal], calendar: &CalendarData) -> Vec<FlaggedProposal> {
    if others.is_empty() {
        return flagged_with(shown.iter().cloned(), overlaps_of_each(shown), calendar);
    }
    let all: Vec<&Proposal> = shown.iter().chain(others).collect();
    flagged_with(shown.iter().cloned(), overlaps_among(&all), calendar)
}

/// [`flag_proposals`] for proposals the caller gives up: each of `shown`, against the others of
/// `shown` and `others`, moved into its flagged proposal rather than copied.
pub fn flag_owned(shown: Vec<Proposal>, others: &[Proposal], calendar: &CalendarData) -> Vec<FlaggedProposal> {
    let all: Vec<&Proposal> = shown.iter().chain(others).collect();
    let overlaps = overlaps_among(&all);
    flagged_with(shown.into_iter(), overlaps, calendar)
}

/// Each of `shown` flagged with its overlaps (at the same place in `overlaps`).
fn flagged_with(
    shown: impl Iterator<Item = Proposal>,
    overlaps: Vec<Vec<Overlap>>,
    calendar: &CalendarData,
) -> Vec<FlaggedProposal> {
    let mut statements = Statements::default();
    shown
        .zip(overlaps)
        .map(|(p, overlaps)| FlaggedProposal::with_statements(p, calendar, overlaps, &mut statements))
        .collect()
}

/// [`flag_proposals`] for some proposals among many others (an MP's among ten years of the
/// organisation's): only the others that overlap one of `shown` change its flag (each one's
/// overlaps are listed in order of their start, whatever the order given), so only those are
/// copied and swept. Whether one does is found by a binary search of `shown` by start, with the
/// latest end of those starting earlier, so the others cost a few comparisons each.
pub fn flag_few<'a>(
    shown: &[Proposal],
    others: impl IntoIterator<Item = &'a Proposal>,
    calendar: &CalendarData,
) -> Vec<FlaggedProposal> {
    // The times of `shown` not cancelled, by start, each with the latest end up to it.
    let mut times: Vec<(NaiveDateTime, NaiveDateTime)> =
        shown.iter().filter(|p| p.status != ProposalStatus::Cancelled).map(|p| (p.start, p.end)).collect();
    times.sort_unstable();
    let mut latest = NaiveDateTime::MIN;
    for time in &mut times {
        latest = latest.max(time.1);
        time.1 = latest;
    }
    // One of `shown` overlaps `o` when one starting before `o` ends ends after `o` starts.
    let overlaps_one = |o: &Proposal| {
        let before = times.partition_point(|&(start, _)| start < o.end);
        o.status != ProposalStatus::Cancelled && before > 0 && times[before - 1].1 > o.start
    };
    let near: Vec<Proposal> = others.into_iter().filter(|o| overlaps_one(o)).cloned().collect();
    flag_proposals(shown, &near, calendar)
}

/// The calendar's statement of each day a list's proposals fall on ([`DayClass::statement`]), made
/// once a day rather than once a proposal: a day is classified the same way every time.
#[derive(Default)]
struct Statements(HashMap<NaiveDate, String>);

impl Statements {
    fn of(&mut self, day: &DayClass) -> &str {
        self.0.entry(day.date).or_insert_with(|| day.statement())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::ProposalKind;
    use crate::domain::engagement::fixtures::proposal;

    fn shipped() -> CalendarData {
        CalendarData::from_dataset(&crate::data::shipped().unwrap())
    }

    fn at(id: i64, title: &str, start: &str, status: ProposalStatus) -> Proposal {
        let mut p = proposal(title, start, status);
        p.id = id;
        p
    }

    /// Friday 27 November 2026 lies beyond the calendar data: clear (assumed) on its own.
    #[test]
    fn two_overlapping_visits_on_a_friday_are_both_flagged_caution_naming_the_other() {
        let list = [
            at(1, "", "2026-11-27 10:00", ProposalStatus::Confirmed),
            at(2, "Ward round", "2026-11-27 10:30", ProposalStatus::Proposed),
        ];
        let alone = FlaggedProposal::classify(&list[0], &shipped());
        assert_eq!((alone.flag, alone.assumed, alone.label()), (Flag::Clear, true, "✓? clear (assumed)"));
        let flagged = flag_proposals(&list, &[], &shipped());
        for f in &flagged {
            assert_eq!((f.flag, f.assumed, f.label()), (Flag::Caution, false, "! caution"), "{f:?}");
            assert!(f.reason.starts_with("Friday 27 November 2026 "), "the calendar's reason first: {}", f.reason);
        }
        assert!(flagged[0].reason.ends_with("; overlaps Ward round 10:30–11:30"), "{}", flagged[0].reason);
        assert!(flagged[1].reason.ends_with("; overlaps Visit with Hilary Benn 10:00–11:00"), "{}", flagged[1].reason);
        let json = serde_json::to_value(&flagged[1]).unwrap();
        assert_eq!(
            json["overlaps"],
            serde_json::json!([{
                "id": 1, "label": "Visit with Hilary Benn", "start": "2026-11-27 10:00", "end": "2026-11-27 11:00",
                "constituency": "Leeds South"
            }])
        );
        assert_eq!(json["flag"], "caution");
        assert_eq!(json["assumed"], false);
    }

    /// Flagging a few among many looks only at the others near them, and gives what flagging them
    /// against every other does: across a day's crowded proposals, taken a few at a time. So does
    /// flagging them moved rather than copied.
    #[test]
    fn a_few_flagged_among_many_are_flagged_as_against_all() {
        let all: Vec<Proposal> = (0..40)
            .map(|i| {
                let start = format!("2026-11-{:02} {:02}:{:02}", 23 + i / 10, 8 + (i % 10), (i * 25) % 60);
                let status = if i % 7 == 3 { ProposalStatus::Cancelled } else { ProposalStatus::Proposed };
                let mut p = at(i64::from(i), "", &start, status);
                p.end = p.start + chrono::TimeDelta::minutes(i64::from(30 + (i * 37) % 200));
                p
            })
            .collect();
        let calendar = shipped();
        for from in 0..all.len() {
            for n in [1, 2, 3, 7, 20].into_iter().filter(|&n| from + n <= all.len()) {
                let (shown, rest) = (&all[from..from + n], [&all[..from], &all[from + n..]].concat());
                let against_all = flag_proposals(shown, &rest, &calendar);
                assert_eq!(flag_few(shown, &rest, &calendar), against_all, "{from} {n}");
                assert_eq!(flag_owned(shown.to_vec(), &rest, &calendar), against_all, "moved: {from} {n}");
            }
        }
        assert!(flag_proposals(&all, &[], &calendar).iter().any(|f| f.overlaps.len() > 1), "the day is crowded");
    }

    #[test]
    fn touching_visits_stay_clear() {
        let list = [
            at(1, "", "2026-11-27 10:00", ProposalStatus::Proposed),
            at(2, "", "2026-11-27 11:00", ProposalStatus::Proposed),
        ];
        for f in flag_proposals(&list, &[], &shipped()) {
            assert_eq!((f.flag, f.overlaps.len()), (Flag::Clear, 0), "{f:?}");
            assert!(!f.reason.contains("overlaps"), "{}", f.reason);
        }
    }

    #[test]
    fn a_conflict_stays_a_conflict_and_names_its_overlap() {
        // Tuesday 9 June 2026 is a sitting day.
        let list = [
            at(1, "Board", "2026-06-09 10:00", ProposalStatus::Proposed),
            at(2, "Clinic", "2026-06-09 10:30", ProposalStatus::Proposed),
        ];
        let flagged = flag_proposals(&list, &[], &shipped());
        assert_eq!(flagged[0].flag, Flag::Conflict);
        assert!(flagged[0].reason.contains("Westminster; overlaps Clinic 10:30–11:30"), "{}", flagged[0].reason);
    }

    #[test]
    fn a_cancelled_proposal_is_never_flagged_and_never_named() {
        let list = [
            at(1, "Board", "2026-06-09 10:00", ProposalStatus::Cancelled),
            at(2, "Clinic", "2026-06-09 10:30", ProposalStatus::Proposed),
            at(3, "Fair", "2026-11-27 10:00", ProposalStatus::Cancelled),
            at(4, "Fete", "2026-11-27 10:00", ProposalStatus::Proposed),
        ];
        let flagged = flag_proposals(&list, &[], &shipped());
        for f in [&flagged[0], &flagged[2]] {
            assert_eq!((f.flag, f.assumed, f.overlaps.len()), (Flag::Clear, false, 0), "{f:?}");
            assert_eq!((f.label(), f.short_label(), f.word()), ("– cancelled", "– cancelled", "clear"));
            assert_eq!(f.reason, CANCELLED_REASON);
        }
        assert_eq!(flagged[1].flag, Flag::Conflict, "the calendar still flags the one left");
        assert!(flagged[1].overlaps.is_empty() && !flagged[1].reason.contains("overlaps"));
        assert_eq!((flagged[3].flag, flagged[3].overlaps.len()), (Flag::Clear, 0));
        let cancelled = FlaggedProposal::classify(&list[0], &shipped());
        assert_eq!((cancelled.flag, cancelled.label()), (Flag::Clear, "– cancelled"), "alone too");
    }

    #[test]
    fn others_not_shown_count_as_overlaps_but_are_not_flagged_themselves() {
        let shown = [at(1, "", "2026-11-27 00:00", ProposalStatus::Proposed)];
        let others = [
            at(2, "Late shift", "2026-11-26 23:30", ProposalStatus::Proposed),
            at(3, "Breakfast", "2026-11-27 01:00", ProposalStatus::Proposed),
        ];
        let flagged = flag_proposals(&shown, &others, &shipped());
        assert_eq!(flagged.len(), 1);
        assert_eq!(flagged[0].overlaps.iter().map(|o| o.id).collect::<Vec<_>>(), [2], "01:00 only touches");
        assert!(flagged[0].reason.ends_with("; overlaps Late shift Thu 26 Nov 2026 23:30–Fri 27 Nov 2026 00:30"));
        assert_eq!(flag_proposals(&shown, &[], &shipped())[0].flag, Flag::Clear, "without the others");
    }

    #[test]
    fn a_slot_is_raised_by_the_proposals_it_overlaps() {
        let others = [
            at(1, "Ward round", "2026-11-27 10:00", ProposalStatus::Proposed),
            at(2, "Dropped", "2026-11-27 10:00", ProposalStatus::Cancelled),
        ];
        let (start, end) = (others[0].start + chrono::TimeDelta::minutes(30), others[0].end);
        let slot = shipped().classify_slot(start, end, ProposalKind::Visit, &DEFAULT_HOURS);
        let flagged = flag_slot(&slot, start, end, &others);
        assert_eq!((flagged.flag, flagged.assumed, flagged.label()), (Flag::Caution, false, "! caution"));
        assert_eq!(flagged.overlaps.iter().map(|o| o.id).collect::<Vec<_>>(), [1], "not the cancelled one");
        assert!(flagged.reason.ends_with("; overlaps Ward round 10:00–11:00"), "{}", flagged.reason);
        let later = flag_slot(&slot, end, end + chrono::TimeDelta::hours(1), &others);
        assert_eq!((later.flag, later.assumed, later.overlaps.len()), (Flag::Clear, true, 0), "touching");
    }
}
