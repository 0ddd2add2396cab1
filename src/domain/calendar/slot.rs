//! Flagging a proposed time slot: clear, caution or conflict with the MP's expected hours in
//! Westminster, with a one-line reason.

use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta, Timelike};

use super::CalendarData;
use super::day::DayClass;
use super::hours::{Hours, Span, push_clock_minutes};
use crate::domain::enums::word_enum;
use crate::domain::text::printable;

word_enum! {
    /// What a proposal is; `Westminster` (a meeting at Parliament) inverts the rules. The words are
    /// stored and typed.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum ProposalKind {
        Meeting = "meeting",
        Visit = "visit",
        Surgery = "surgery",
        Event = "event",
        Westminster = "westminster",
    }
    parse ProposalKindError;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{}\" is not a kind of proposal: give meeting, visit, surgery, event or westminster", printable(.0))]
pub struct ProposalKindError(pub String);

word_enum! {
    /// How a slot fares, from best to worst. The word is the machine word, as JSON and CSV give it:
    /// whether the flag rests on an assumed day goes beside it (`"assumed": true`), never into it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Flag {
        Clear = "clear",
        Caution = "caution",
        Conflict = "conflict",
    }
}

impl Flag {
    /// The symbol, "✓", "!" or "✗"; with a question mark ("✗?") when the flag rests on a day
    /// assumed by the weekday pattern rather than on the calendar data.
    pub fn symbol(self, assumed: bool) -> &'static str {
        match (self, assumed) {
            (Flag::Clear, false) => "✓",
            (Flag::Caution, false) => "!",
            (Flag::Conflict, false) => "✗",
            (Flag::Clear, true) => "✓?",
            (Flag::Caution, true) => "!?",
            (Flag::Conflict, true) => "✗?",
        }
    }

    /// The word a person reads: "conflict", or "conflict (assumed)" on an assumed day.
    pub fn word(self, assumed: bool) -> &'static str {
        match (self, assumed) {
            (flag, false) => flag.as_str(),
            (Flag::Clear, true) => "clear (assumed)",
            (Flag::Caution, true) => "caution (assumed)",
            (Flag::Conflict, true) => "conflict (assumed)",
        }
    }

    /// The flag as a symbol and a word, so that it reads without colour: "✓ clear", and on an
    /// assumed day "✗? conflict (assumed)". Every screen and command that shows a flag shows this
    /// (or, where room is short, [`Flag::short_label`]).
    pub fn label(self, assumed: bool) -> &'static str {
        match (self, assumed) {
            (Flag::Clear, false) => "✓ clear",
            (Flag::Caution, false) => "! caution",
            (Flag::Conflict, false) => "✗ conflict",
            (Flag::Clear, true) => "✓? clear (assumed)",
            (Flag::Caution, true) => "!? caution (assumed)",
            (Flag::Conflict, true) => "✗? conflict (assumed)",
        }
    }

    /// The label without "(assumed)", the question mark alone marking an assumed day: "✗? conflict".
    /// For narrow columns that explain the question mark nearby.
    pub fn short_label(self, assumed: bool) -> &'static str {
        match (self, assumed) {
            (flag, false) => flag.label(false),
            (Flag::Clear, true) => "✓? clear",
            (Flag::Caution, true) => "!? caution",
            (Flag::Conflict, true) => "✗? conflict",
        }
    }
}

/// Why a slot got its flag, on the day that decided it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlotReason {
    /// A sitting day and the slot meets the Westminster hours (for a Westminster proposal: lies
    /// wholly inside them).
    WestminsterHours(Span),
    /// A sitting day and the slot meets its travel edge.
    TravelEdge(Span),
    /// A sitting day but the slot lies (for a Westminster proposal: partly) outside its hours.
    OutsideHours(Option<Span>),
    /// Not a sitting day.
    NotSitting,
}

/// A flagged slot. The reason text is built only when asked for ([`SlotFlag::reason`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SlotFlag {
    pub flag: Flag,
    pub kind: ProposalKind,
    /// The day that decided the flag: the first day with the worst flag, one the calendar data
    /// covers if there is one.
    pub day: DayClass,
    pub why: SlotReason,
}

impl SlotFlag {
    /// Whether the flag rests on a day assumed by the weekday pattern (beyond the calendar data):
    /// a forecast, not the calendar. JSON gives it as `"assumed"` beside `"flag"`.
    pub fn assumed(&self) -> bool {
        self.day.assumed
    }

    /// "✓ clear", or on an assumed day "✗? conflict (assumed)" (see [`Flag::label`]).
    pub fn label(&self) -> &'static str {
        self.flag.label(self.assumed())
    }

    /// "✓ clear", or on an assumed day "✗? conflict" (see [`Flag::short_label`]).
    pub fn short_label(&self) -> &'static str {
        self.flag.short_label(self.assumed())
    }

    /// One line a person understands, e.g. "Tuesday 4 March 2025 is a sitting day: the MP is
    /// expected in Westminster". On an assumed day it says that the flag is a forecast from the
    /// weekday pattern and how to get the real calendar.
    pub fn reason(&self) -> String {
        self.reason_after(&self.day.statement())
    }

    /// [`SlotFlag::reason`] from its day's [`DayClass::statement`], made once for a day with many
    /// slots (a crowded week of proposals).
    pub fn reason_after(&self, statement: &str) -> String {
        let (sitting, not_sitting) = self.day.joiners();
        let westminster = self.kind == ProposalKind::Westminster;
        let mut reason = String::with_capacity(statement.len() + 120);
        reason.push_str(statement);
        match self.why {
            SlotReason::WestminsterHours(span) => {
                reason.push_str(sitting);
                reason.push_str(" the MP is expected in Westminster");
                if !span.is_all_day() {
                    reason.push(' ');
                    span.push_description(&mut reason);
                }
            }
            SlotReason::TravelEdge(edge) if edge.from == 0 => {
                reason.push_str(", and the slot falls before ");
                push_clock_minutes(&mut reason, edge.until);
                reason.push_str(", when the MP may be travelling to Westminster");
            }
            SlotReason::TravelEdge(edge) => {
                reason.push_str(", and the slot falls after ");
                push_clock_minutes(&mut reason, edge.from);
                reason.push_str(", when the MP may be travelling back from Westminster");
            }
            SlotReason::OutsideHours(Some(span)) => {
                reason.push_str(", but the slot ");
                reason.push_str(if westminster { "runs" } else { "lies" });
                reason.push_str(" outside the hours the MP is expected in Westminster (");
                span.push_description(&mut reason);
                reason.push(')');
            }
            SlotReason::OutsideHours(None) => {
                reason.push_str(", but the MP is not expected in Westminster at any hour of it");
            }
            SlotReason::NotSitting => {
                reason.push_str(not_sitting);
                reason.push_str(if westminster {
                    " the MP is unlikely to be in Westminster"
                } else {
                    " the MP is likely in the constituency"
                });
            }
        }
        self.day.finish(reason)
    }
}

impl fmt::Display for SlotFlag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.flag, self.reason())
    }
}

const DAY_SECONDS: u32 = 86_400;

impl CalendarData {
    /// Flags the slot from `start` to `end` (Europe/London wall-clock time). Each day the slot
    /// touches is judged and the worst flag wins. An empty or inverted slot is judged as the
    /// instant at `start`. Validate slots first with `when::validate_slot`.
    pub fn classify_slot(
        &self,
        start: NaiveDateTime,
        end: NaiveDateTime,
        kind: ProposalKind,
        hours: &Hours,
    ) -> SlotFlag {
        let end = if end > start { end } else { start + TimeDelta::seconds(1) };
        let mut last_day = end.date();
        if end.time().num_seconds_from_midnight() == 0 && last_day > start.date() {
            last_day = last_day.pred_opt().unwrap_or(last_day);
        }
        self.judge_days(start.date(), last_day, kind, hours, |date, _| {
            let from = if date == start.date() { start.time().num_seconds_from_midnight() } else { 0 };
            let until = if date == end.date() { end.time().num_seconds_from_midnight() } else { DAY_SECONDS };
            (from, until)
        })
    }

    /// Flags a proposal's span: an all-day one by the kind of each of its days (a day in
    /// Westminster is judged as the hours the MP is expected there, anything else as the whole
    /// day), any other as [`classify_slot`](Self::classify_slot) does.
    pub fn classify_span(
        &self,
        start: NaiveDateTime,
        end: NaiveDateTime,
        all_day: bool,
        kind: ProposalKind,
        hours: &Hours,
    ) -> SlotFlag {
        if !all_day {
            return self.classify_slot(start, end, kind, hours);
        }
        let (first, last) = crate::domain::when::days_of(start, end);
        self.judge_days(first, last, kind, hours, |date, hours| match (kind, hours.westminster_on(date.weekday())) {
            (ProposalKind::Westminster, Some(span)) => (u32::from(span.from) * 60, u32::from(span.until) * 60),
            _ => (0, DAY_SECONDS),
        })
    }

    /// Judges each day from `first` to `last` for the part of it `part` gives (seconds after
    /// midnight); the worst flag wins.
    fn judge_days(
        &self,
        first: NaiveDate,
        last: NaiveDate,
        kind: ProposalKind,
        hours: &Hours,
        part: impl Fn(NaiveDate, &Hours) -> (u32, u32),
    ) -> SlotFlag {
        let mut worst: Option<SlotFlag> = None;
        let mut date = first;
        loop {
            let (from, until) = part(date, hours);
            let judged = self.judge_day(self.classify_day(date), from, until, kind, hours);
            // A day the data covers decides rather than an assumed one with the same flag: the flag
            // is then a fact, not a forecast.
            let decides = worst
                .as_ref()
                .is_none_or(|w| judged.flag > w.flag || (judged.flag == w.flag && w.assumed() && !judged.assumed()));
            if decides {
                let settled = judged.flag == Flag::Conflict && !judged.assumed();
                worst = Some(judged);
                if settled {
                    break;
                }
            }
            match date.succ_opt() {
                Some(next) if date < last => date = next,
                _ => break,
            }
        }
        worst.expect("a span touches at least one day")
    }

    /// Judges the part of one day from `from` to `until` (seconds after midnight). A sitting day
    /// assumed by the weekday pattern is judged by the same hours as a listed one; the flag is
    /// marked assumed through its day ([`SlotFlag::assumed`]).
    fn judge_day(&self, day: DayClass, from: u32, until: u32, kind: ProposalKind, hours: &Hours) -> SlotFlag {
        let weekday = day.date.weekday();
        let in_hours = hours.westminster_on(weekday);
        let (flag, why) = match (day.certainty(), kind) {
            (Some(_), ProposalKind::Westminster) => match in_hours {
                Some(span) if span.holds_seconds(from, until) => (Flag::Clear, SlotReason::WestminsterHours(span)),
                other => (Flag::Caution, SlotReason::OutsideHours(other)),
            },
            (Some(_), _) => match (in_hours, hours.travel_on(weekday)) {
                (Some(span), _) if span.overlaps_seconds(from, until) => {
                    (Flag::Conflict, SlotReason::WestminsterHours(span))
                }
                (_, Some(edge)) if edge.overlaps_seconds(from, until) => (Flag::Caution, SlotReason::TravelEdge(edge)),
                (other, _) => (Flag::Clear, SlotReason::OutsideHours(other)),
            },
            (None, ProposalKind::Westminster) => (Flag::Caution, SlotReason::NotSitting),
            (None, _) => (Flag::Clear, SlotReason::NotSitting),
        };
        SlotFlag { flag, kind, day, why }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate};
    use proptest::prelude::*;

    use super::*;
    use crate::domain::calendar::day::DayKind;

    fn shipped() -> &'static CalendarData {
        static CAL: std::sync::OnceLock<CalendarData> = std::sync::OnceLock::new();
        CAL.get_or_init(|| CalendarData::from_dataset(&crate::data::shipped().unwrap()))
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn check_kind(start: &str, minutes: i64, kind: ProposalKind) -> SlotFlag {
        let start = at(start);
        shipped().classify_slot(start, start + Duration::minutes(minutes), kind, &Hours::default())
    }

    fn check(start: &str, minutes: i64) -> SlotFlag {
        check_kind(start, minutes, ProposalKind::Meeting)
    }

    #[test]
    fn sitting_tuesday_and_sitting_friday_conflict_saturday_is_clear() {
        let tuesday = check("2025-03-04 10:00", 60);
        assert_eq!(tuesday.flag, Flag::Conflict);
        assert_eq!(tuesday.reason(), "Tuesday 4 March 2025 is a sitting day: the MP is expected in Westminster");
        let friday = check("2025-03-07 10:00", 60);
        assert_eq!(friday.flag, Flag::Conflict);
        assert!(friday.reason().ends_with("expected in Westminster from 09:30 to 14:30"), "{}", friday.reason());
        assert_eq!(check("2025-03-07 15:00", 60).flag, Flag::Clear, "the House has risen");
        let saturday = check("2025-03-08 10:00", 60);
        assert_eq!(saturday.flag, Flag::Clear);
        assert!(saturday.reason().contains("the MP is likely in the constituency"));
    }

    fn all_day(first: &str, last: &str, kind: ProposalKind) -> SlotFlag {
        let (start, end) = crate::domain::when::day_span(first.parse().unwrap(), last.parse().unwrap()).unwrap();
        shipped().classify_span(start, end, true, kind, &Hours::default())
    }

    #[test]
    fn all_day_proposals_are_flagged_by_the_kind_of_their_days() {
        use ProposalKind::{Visit, Westminster};
        let tuesday = all_day("2025-03-04", "2025-03-04", Visit);
        assert_eq!(tuesday.flag, Flag::Conflict);
        assert!(tuesday.reason().starts_with("Tuesday 4 March 2025 is a sitting day"), "{}", tuesday.reason());
        assert_eq!(all_day("2025-03-07", "2025-03-07", Visit).flag, Flag::Conflict, "a sitting Friday, all of it");
        assert_eq!(all_day("2025-03-08", "2025-03-09", Visit).flag, Flag::Clear, "a weekend");
        assert_eq!(all_day("2025-03-08", "2025-03-11", Visit).flag, Flag::Conflict, "a weekend and the week after");
        assert_eq!(all_day("2025-02-18", "2025-02-18", Visit).flag, Flag::Clear, "a recess Tuesday");
        assert_eq!(
            all_day("2025-03-04", "2025-03-04", Westminster).flag,
            Flag::Clear,
            "in Westminster on a sitting day"
        );
        assert_eq!(all_day("2025-03-08", "2025-03-08", Westminster).flag, Flag::Caution, "Westminster on a Saturday");
        let (start, end) = (at("2025-03-04 00:00"), at("2025-03-05 00:00"));
        assert_eq!(
            shipped().classify_span(start, end, false, Visit, &Hours::default()),
            shipped().classify_slot(start, end, Visit, &Hours::default()),
            "a timed span is a slot"
        );
    }

    #[test]
    fn recess_recall_bank_holiday_and_prorogation() {
        assert_eq!(check("2025-02-18 10:00", 60).flag, Flag::Clear, "a recess Tuesday");
        assert_eq!(check("2025-04-12 10:00", 60).flag, Flag::Conflict, "the Saturday recall");
        assert_eq!(check("2025-05-05 14:00", 60).flag, Flag::Clear, "a bank holiday Monday");
        let prorogued = check("2026-05-05 10:00", 60);
        assert_eq!((prorogued.flag, prorogued.day.kind.clone()), (Flag::Clear, DayKind::Prorogation));
    }

    #[test]
    fn travel_edges_are_a_caution() {
        let monday = check("2025-03-03 11:00", 60);
        assert_eq!(monday.flag, Flag::Caution);
        assert!(monday.reason().contains("before 12:00, when the MP may be travelling to Westminster"));
        assert_eq!(check("2025-03-03 11:30", 60).flag, Flag::Conflict, "runs into Monday's sitting hours");
        let thursday = check("2025-03-06 18:00", 60);
        assert_eq!(thursday.flag, Flag::Caution);
        assert!(thursday.reason().contains("after 17:30, when the MP may be travelling back"));
        assert_eq!(check("2025-03-06 17:00", 60).flag, Flag::Conflict);
    }

    #[test]
    fn assumed_days_are_judged_by_the_same_hours_and_marked_assumed() {
        let tuesday = check("2027-03-09 10:00", 60);
        assert_eq!((tuesday.flag, tuesday.assumed()), (Flag::Conflict, true));
        assert_eq!(tuesday.label(), "✗? conflict (assumed)");
        assert_eq!(
            tuesday.reason(),
            "Tuesday 9 March 2027 lies beyond the calendar data (which ends 16 July 2026), so this is a forecast \
             from the usual weekday pattern: it is likely a sitting day, when the MP is expected in Westminster; \
             run `mpplan update` for the real calendar"
        );
        let monday = check("2027-03-08 11:00", 60);
        assert_eq!((monday.flag, monday.assumed()), (Flag::Caution, true));
        assert_eq!(monday.label(), "!? caution (assumed)");
        assert!(
            monday.reason().ends_with(
                "it is likely a sitting day, and the slot falls before 12:00, when the MP may be travelling to \
                 Westminster; run `mpplan update` for the real calendar"
            ),
            "{}",
            monday.reason()
        );
        assert_eq!(check("2027-03-08 11:30", 60).flag, Flag::Conflict, "runs into Monday's sitting hours");
        let afternoon = check("2027-03-08 14:00", 60);
        assert!(afternoon.reason().contains("expected in Westminster from 12:00; run `mpplan update`"));
        let thursday = check("2027-03-11 18:00", 60);
        assert_eq!((thursday.flag, thursday.assumed()), (Flag::Caution, true));
        assert!(thursday.reason().contains("after 17:30, when the MP may be travelling back"));
        assert_eq!(check("2027-03-11 17:00", 60).flag, Flag::Conflict);
        let saturday = check("2027-03-13 10:00", 60);
        assert_eq!((saturday.flag, saturday.assumed()), (Flag::Clear, true));
        assert_eq!(saturday.label(), "✓? clear (assumed)");
        assert!(
            saturday.reason().ends_with(
                "the House rarely sits on a Saturday, and the MP is likely in the constituency; run `mpplan update` \
                 for the real calendar"
            ),
            "{}",
            saturday.reason()
        );
        assert_eq!((check("2027-03-12 10:00", 60).flag, check("2027-03-12 10:00", 60).assumed()), (Flag::Clear, true));
    }

    #[test]
    fn flags_on_days_the_data_covers_are_not_assumed() {
        for (start, flag) in [("2025-03-04 10:00", Flag::Conflict), ("2025-03-03 11:00", Flag::Caution)] {
            let judged = check(start, 60);
            assert_eq!((judged.flag, judged.assumed()), (flag, false), "{start}");
            assert!(!judged.label().contains('?') && !judged.reason().contains("forecast"), "{judged}");
        }
        // Bank holidays are data, not assumptions, even beyond the sitting days.
        let easter = check("2027-03-29 10:00", 60);
        assert_eq!((easter.flag, easter.assumed(), easter.label()), (Flag::Clear, false, "✓ clear"));
    }

    #[test]
    fn a_day_the_data_covers_decides_over_an_assumed_one_with_the_same_flag() {
        let d = |text: &str| text.parse::<NaiveDate>().unwrap();
        let cal = CalendarData::new(crate::domain::calendar::CalendarSource {
            sitting_days: vec![crate::domain::calendar::SittingDay {
                date: d("2030-01-08"),
                status: crate::domain::calendar::SittingStatus::Confirmed,
                note: None,
            }],
            sitting_range: Some((d("2030-01-08"), d("2030-01-31"))),
            ..Default::default()
        });
        // Monday 7 January 2030 lies before the data: an assumed conflict from 12:00; Tuesday is listed.
        let start = at("2030-01-07 23:00");
        let judged = cal.classify_slot(start, start + Duration::hours(2), ProposalKind::Meeting, &Hours::default());
        assert_eq!((judged.flag, judged.assumed(), judged.day.date), (Flag::Conflict, false, d("2030-01-08")));
        let monday = cal.classify_slot(start, start + Duration::minutes(30), ProposalKind::Meeting, &Hours::default());
        assert_eq!((monday.flag, monday.assumed()), (Flag::Conflict, true));
    }

    #[test]
    fn crossing_midnight_judges_every_day_and_the_worst_wins() {
        // Sunday 9 March 2025 23:00 to Monday 01:00: Monday morning is a travel edge.
        let flagged = check("2025-03-09 23:00", 120);
        assert_eq!((flagged.flag, flagged.day.date.weekday()), (Flag::Caution, chrono::Weekday::Mon));
        // Wednesday night into Thursday: both sitting days.
        assert_eq!(check("2025-03-05 22:00", 180).flag, Flag::Conflict);
        // Ending exactly at midnight does not touch the next day.
        assert_eq!(check("2025-03-09 23:00", 60).flag, Flag::Clear);
    }

    #[test]
    fn westminster_proposals_invert_the_rules() {
        let kind = ProposalKind::Westminster;
        assert_eq!(check_kind("2025-03-04 10:00", 60, kind).flag, Flag::Clear);
        assert_eq!(check_kind("2025-03-03 10:00", 60, kind).flag, Flag::Caution, "before Monday's hours");
        let saturday = check_kind("2025-03-08 10:00", 60, kind);
        assert_eq!(saturday.flag, Flag::Caution);
        assert!(saturday.reason().ends_with("the MP is unlikely to be in Westminster"));
        let assumed = check_kind("2027-03-09 10:00", 60, kind);
        assert_eq!((assumed.flag, assumed.assumed()), (Flag::Clear, true), "an assumed sitting Tuesday suits it");
        assert!(assumed.reason().contains("it is likely a sitting day, when the MP is expected in Westminster;"));
        let monday = check_kind("2027-03-08 10:00", 60, kind);
        assert_eq!((monday.flag, monday.assumed()), (Flag::Caution, true), "before an assumed Monday's hours");
        let saturday = check_kind("2027-03-13 10:00", 60, kind);
        assert_eq!((saturday.flag, saturday.label()), (Flag::Caution, "!? caution (assumed)"));
        assert!(saturday.reason().contains(", and the MP is unlikely to be in Westminster; run `mpplan update`"));
    }

    #[test]
    fn labels_mark_assumed_flags_with_a_question_mark() {
        for flag in [Flag::Clear, Flag::Caution, Flag::Conflict] {
            assert_eq!(flag.label(false), format!("{} {}", flag.symbol(false), flag.word(false)));
            assert_eq!(flag.label(true), format!("{} {}", flag.symbol(true), flag.word(true)));
            assert_eq!(flag.word(true), format!("{} (assumed)", flag.as_str()));
            assert_eq!(flag.short_label(true), format!("{} {}", flag.symbol(true), flag.as_str()));
            assert_eq!(flag.short_label(false), flag.label(false));
            assert_eq!(flag.symbol(true), format!("{}?", flag.symbol(false)));
        }
    }

    #[test]
    fn hours_come_from_the_table() {
        let mut hours = Hours::default();
        hours.westminster[0] = Some(Span::hm(15, 0, 24, 0));
        let start = at("2025-03-03 13:00");
        let flag = shipped().classify_slot(start, start + Duration::hours(1), ProposalKind::Meeting, &hours);
        assert_eq!(flag.flag, Flag::Clear);
    }

    #[test]
    fn proposal_kinds_parse() {
        for kind in ProposalKind::ALL {
            assert_eq!(ProposalKind::parse(kind.as_str()), Ok(kind));
        }
        assert_eq!(" Westminster ".parse::<ProposalKind>(), Ok(ProposalKind::Westminster));
        let err = ProposalKind::parse("party").unwrap_err().to_string();
        assert_eq!(err, "\"party\" is not a kind of proposal: give meeting, visit, surgery, event or westminster");
    }

    fn minute_in_2020s() -> impl Strategy<Value = NaiveDateTime> {
        (0i64..(10 * 366 * 24 * 60)).prop_map(|m| at("2020-01-01 00:00") + Duration::minutes(m))
    }

    fn any_kind() -> impl Strategy<Value = ProposalKind> {
        prop::sample::select(ProposalKind::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn a_slot_inside_a_non_sitting_weekend_is_clear(week in 0i64..600, from in 0i64..(48 * 60), len in 1i64..(48 * 60)) {
            let saturday = NaiveDate::from_ymd_opt(2018, 1, 6).unwrap() + Duration::weeks(week);
            let cal = shipped();
            let sunday = saturday.succ_opt().unwrap();
            prop_assume!(!cal.classify_day(saturday).is_sitting() && !cal.classify_day(sunday).is_sitting());
            let start = saturday.and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(from);
            let end = (start + Duration::minutes(len)).min(sunday.and_hms_opt(0, 0, 0).unwrap() + Duration::days(1));
            prop_assume!(end > start);
            prop_assert_eq!(cal.classify_slot(start, end, ProposalKind::Visit, &Hours::default()).flag, Flag::Clear);
        }

        #[test]
        fn a_slot_containing_a_conflict_is_a_conflict(
            start in minute_in_2020s(), len in 1i64..(12 * 60), before in 0i64..(6 * 60), after in 0i64..(6 * 60),
            kind in any_kind(),
        ) {
            let cal = shipped();
            let hours = Hours::default();
            let end = start + Duration::minutes(len);
            let inner = cal.classify_slot(start, end, kind, &hours);
            let outer = cal.classify_slot(start - Duration::minutes(before), end + Duration::minutes(after), kind, &hours);
            if inner.flag == Flag::Conflict {
                prop_assert_eq!(outer.flag, Flag::Conflict);
            }
            if kind != ProposalKind::Westminster {
                prop_assert!(outer.flag >= inner.flag);
            }
        }

        #[test]
        fn an_assumed_week_is_judged_by_the_same_hours_as_a_listed_one(
            start in minute_in_2020s(), len in 1i64..(24 * 60), kind in any_kind(),
        ) {
            use crate::domain::calendar::{CalendarSource, SittingDay, SittingStatus};
            let (first, last) = (start.date() - Duration::days(2), start.date() + Duration::days(3));
            let sitting_days = first
                .iter_days()
                .take_while(|date| *date <= last)
                .filter(|date| date.weekday().num_days_from_monday() < 4)
                .map(|date| SittingDay { date, status: SittingStatus::Confirmed, note: None })
                .collect();
            let listed = CalendarData::new(CalendarSource {
                sitting_days,
                sitting_range: Some((first, last)),
                ..CalendarSource::default()
            });
            let end = start + Duration::minutes(len);
            let hours = Hours::default();
            let known = listed.classify_slot(start, end, kind, &hours);
            let forecast = CalendarData::default().classify_slot(start, end, kind, &hours);
            prop_assert_eq!(forecast.flag, known.flag);
            prop_assert!(forecast.assumed() && !known.assumed());
            prop_assert!(forecast.label().ends_with("(assumed)") && !known.label().contains('?'));
        }

        #[test]
        fn every_slot_classifies_with_a_reason(start in minute_in_2020s(), len in -60i64..(24 * 60), kind in any_kind()) {
            let flag = shipped().classify_slot(start, start + Duration::minutes(len), kind, &Hours::default());
            prop_assert!(!flag.reason().is_empty());
        }
    }
}
