//! Finding free slots: the next clear times for a proposal (Fridays and Saturdays first), and the
//! clear times nearest to one that clashes, never over a time already taken.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};

use crate::domain::calendar::intervals::Intervals;
use crate::domain::calendar::{CalendarData, Flag, Hours, ProposalKind, SlotFlag};

/// How far ahead (or around) a search looks, in days: about two years.
pub const SEARCH_DAYS: u64 = 731;

/// Later start times on a day are tried in steps of this many minutes.
pub const STEP_MINUTES: i64 = 30;

/// The default daytime window, 10:00 to 16:00; the first start tried is 10:00.
pub fn default_window() -> (NaiveTime, NaiveTime) {
    (NaiveTime::from_hms_opt(10, 0, 0).expect("valid"), NaiveTime::from_hms_opt(16, 0, 0).expect("valid"))
}

/// What to look for.
#[derive(Debug, Clone, Copy)]
pub struct SlotSearch<'a> {
    /// How long the slot lasts (at least a minute, at most 24 hours).
    pub duration: TimeDelta,
    /// A slot starts and ends within this daytime window; starts are tried from the window's start
    /// in 30-minute steps. When the duration is longer than the window, only its start is tried.
    pub window: (NaiveTime, NaiveTime),
    /// Times already taken (London wall-clock, start to end); no slot overlaps one.
    pub busy: &'a [(NaiveDateTime, NaiveDateTime)],
    pub kind: ProposalKind,
}

impl<'a> SlotSearch<'a> {
    /// A meeting of `duration` in the default window.
    pub fn new(duration: TimeDelta, busy: &'a [(NaiveDateTime, NaiveDateTime)]) -> SlotSearch<'a> {
        SlotSearch { duration, window: default_window(), busy, kind: ProposalKind::Meeting }
    }
}

/// A free slot and its (clear) flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub flag: SlotFlag,
}

/// The next `count` clear slots from `from` on, at most one a day. Fridays and Saturdays come first:
/// the nearest clear Fridays and Saturdays within [`SEARCH_DAYS`], in date order, then, if more are
/// needed, the other clear days (recess weekdays, Sundays), in date order. A slot is never on a
/// sitting day, listed or assumed (unless the kind is Westminster, which wants one), never anything
/// but clear, and never over a busy time. Fewer than `count` come back when the search runs out.
pub fn find_slots(cal: &CalendarData, hours: &Hours, search: &SlotSearch, from: NaiveDate, count: usize) -> Vec<Slot> {
    let finder = Finder::new(cal, hours, search);
    let days = || (0..SEARCH_DAYS).map_while(|n| from.checked_add_days(Days::new(n)));
    let preferred = |date: &NaiveDate| matches!(date.weekday(), Weekday::Fri | Weekday::Sat);
    let mut found: Vec<Slot> = Vec::new();
    for pass_preferred in [true, false] {
        for date in days().filter(|date| preferred(date) == pass_preferred) {
            if found.len() >= count {
                return found;
            }
            if let Some(slot) = finder.starts(date).find_map(|start| finder.try_slot(start)) {
                found.push(slot);
            }
        }
    }
    found.truncate(count);
    found
}

/// The `n` clear slots nearest to `around` (say, a proposal that clashes), at most one a day and
/// none on a day before `earliest`, nearest first. On each day the same time of day as `around` is
/// tried as well as the window's start times.
pub fn nearest_clear(
    cal: &CalendarData,
    hours: &Hours,
    search: &SlotSearch,
    around: NaiveDateTime,
    earliest: NaiveDate,
    n: usize,
) -> Vec<Slot> {
    let finder = Finder::new(cal, hours, search);
    let distance = |slot: &Slot| (slot.start - around).abs();
    let mut found: Vec<Slot> = Vec::new();
    if n == 0 {
        return found;
    }
    let centre = around.date();
    for k in 0..=SEARCH_DAYS {
        let ring = [centre.checked_add_days(Days::new(k)), centre.checked_sub_days(Days::new(k))];
        for date in ring.into_iter().flatten().take(if k == 0 { 1 } else { 2 }) {
            if date < earliest {
                continue;
            }
            let same_time = date.and_time(around.time());
            let best = std::iter::once(same_time)
                .chain(finder.starts(date))
                .filter_map(|start| finder.try_slot(start))
                .min_by_key(|slot| (distance(slot), slot.start));
            found.extend(best);
        }
        if found.len() >= n {
            found.sort_by_key(|slot| (distance(slot), slot.start));
            // A day further out lies at least `k` whole days from `around`.
            if distance(&found[n - 1]) <= TimeDelta::days(k as i64) {
                break;
            }
        }
    }
    found.sort_by_key(|slot| (distance(slot), slot.start));
    found.truncate(n);
    found
}

/// The search's inputs, prepared once.
struct Finder<'c> {
    cal: &'c CalendarData,
    hours: &'c Hours,
    kind: ProposalKind,
    duration: TimeDelta,
    window: (NaiveTime, NaiveTime),
    busy: Intervals<NaiveDateTime, ()>,
}

impl<'c> Finder<'c> {
    fn new(cal: &'c CalendarData, hours: &'c Hours, search: &SlotSearch) -> Finder<'c> {
        let busy = search.busy.iter().map(|&(start, end)| {
            let end = if end > start { end } else { start + TimeDelta::minutes(1) };
            (start, end, ())
        });
        Finder {
            cal,
            hours,
            kind: search.kind,
            duration: search.duration.clamp(TimeDelta::minutes(1), TimeDelta::hours(24)),
            window: search.window,
            busy: Intervals::new(busy),
        }
    }

    /// The start times to try on `date`: the window's start, then every 30 minutes while the slot
    /// still ends within the window.
    fn starts(&self, date: NaiveDate) -> impl Iterator<Item = NaiveDateTime> + '_ {
        let first = date.and_time(self.window.0);
        let window_end = if self.window.1 > self.window.0 {
            date.and_time(self.window.1)
        } else {
            first + self.duration // an empty or inverted window: just its start
        };
        let last = (window_end - self.duration).max(first);
        (0..).map(move |step| first + TimeDelta::minutes(STEP_MINUTES * step)).take_while(move |start| *start <= last)
    }

    /// The slot starting at `start`, if it is clear, free and not on a sitting day.
    fn try_slot(&self, start: NaiveDateTime) -> Option<Slot> {
        // The duration is elapsed time, ending on London's clocks; a start the clocks skip is no slot.
        let end = crate::domain::when::local_end(start, self.duration).ok()?;
        if end <= start {
            return None;
        }
        if self.busy.overlaps(start, end) {
            return None;
        }
        let flag = self.cal.classify_slot(start, end, self.kind, self.hours);
        if flag.flag != Flag::Clear {
            return None;
        }
        if self.kind != ProposalKind::Westminster && self.touches_sitting_day(start, end) {
            return None;
        }
        Some(Slot { start, end, flag })
    }

    fn touches_sitting_day(&self, start: NaiveDateTime, end: NaiveDateTime) -> bool {
        let last = (end - TimeDelta::nanoseconds(1)).date();
        let mut date = start.date();
        loop {
            if self.cal.classify_day(date).is_sitting() {
                return true;
            }
            match date.succ_opt() {
                Some(next) if date < last => date = next,
                _ => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn shipped() -> &'static CalendarData {
        static CAL: std::sync::OnceLock<CalendarData> = std::sync::OnceLock::new();
        CAL.get_or_init(|| CalendarData::from_dataset(&crate::data::shipped().unwrap()))
    }

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn starts(slots: &[Slot]) -> Vec<String> {
        slots.iter().map(|slot| slot.start.format("%a %Y-%m-%d %H:%M").to_string()).collect()
    }

    #[test]
    fn fridays_and_saturdays_first_skipping_sitting_fridays() {
        let search = SlotSearch::new(TimeDelta::hours(1), &[]);
        let slots = find_slots(shipped(), &Hours::default(), &search, d("2025-03-03"), 4);
        // 7 and 14 March 2025 are sitting Fridays.
        assert_eq!(
            starts(&slots),
            ["Sat 2025-03-08 10:00", "Sat 2025-03-15 10:00", "Fri 2025-03-21 10:00", "Sat 2025-03-22 10:00"]
        );
        assert!(slots.iter().all(|slot| slot.end - slot.start == TimeDelta::hours(1)));
    }

    #[test]
    fn busy_times_push_the_start_later() {
        let busy = [(at("2025-03-08 09:00"), at("2025-03-08 11:15"))];
        let search = SlotSearch::new(TimeDelta::minutes(90), &busy);
        let slots = find_slots(shipped(), &Hours::default(), &search, d("2025-03-08"), 1);
        assert_eq!(starts(&slots), ["Sat 2025-03-08 11:30"]);
        let whole_day = [(at("2025-03-08 00:00"), at("2025-03-09 00:00"))];
        let search = SlotSearch::new(TimeDelta::minutes(90), &whole_day);
        let slots = find_slots(shipped(), &Hours::default(), &search, d("2025-03-08"), 1);
        assert_eq!(starts(&slots), ["Sat 2025-03-15 10:00"]);
    }

    #[test]
    fn other_clear_days_fill_in_when_fridays_and_saturdays_are_taken() {
        let from = d("2025-07-21");
        let busy: Vec<_> = (0..SEARCH_DAYS)
            .map(|n| from + Days::new(n))
            .filter(|date| matches!(date.weekday(), Weekday::Fri | Weekday::Sat))
            .map(|date| (date.and_hms_opt(0, 0, 0).unwrap(), date.and_hms_opt(23, 59, 0).unwrap()))
            .collect();
        let search = SlotSearch::new(TimeDelta::hours(1), &busy);
        let slots = find_slots(shipped(), &Hours::default(), &search, from, 3);
        // 23 July 2025 starts the summer recess.
        assert_eq!(starts(&slots), ["Wed 2025-07-23 10:00", "Thu 2025-07-24 10:00", "Sun 2025-07-27 10:00"]);
    }

    #[test]
    fn westminster_slots_are_on_sitting_days() {
        let search = SlotSearch { kind: ProposalKind::Westminster, ..SlotSearch::new(TimeDelta::hours(1), &[]) };
        let slots = find_slots(shipped(), &Hours::default(), &search, d("2025-03-03"), 2);
        assert_eq!(starts(&slots), ["Fri 2025-03-07 10:00", "Fri 2025-03-14 10:00"]);
    }

    #[test]
    fn beyond_the_data_assumed_sitting_days_are_never_offered() {
        let from = d("2027-03-08"); // a Monday, beyond the data
        let slots = find_slots(shipped(), &Hours::default(), &SlotSearch::new(TimeDelta::hours(1), &[]), from, 4);
        assert_eq!(
            starts(&slots),
            ["Fri 2027-03-12 10:00", "Sat 2027-03-13 10:00", "Fri 2027-03-19 10:00", "Sat 2027-03-20 10:00"]
        );
        assert!(slots.iter().all(|slot| slot.flag.assumed()), "a forecast, and marked so");
        // With every Friday and Saturday taken, Sundays and the Easter Monday bank holiday, never Monday
        // to Thursday.
        let busy: Vec<_> = (0..SEARCH_DAYS)
            .map(|n| from + Days::new(n))
            .filter(|date| matches!(date.weekday(), Weekday::Fri | Weekday::Sat))
            .map(|date| (date.and_hms_opt(0, 0, 0).unwrap(), date.and_hms_opt(23, 59, 0).unwrap()))
            .collect();
        let slots = find_slots(shipped(), &Hours::default(), &SlotSearch::new(TimeDelta::hours(1), &busy), from, 4);
        assert_eq!(
            starts(&slots),
            ["Sun 2027-03-14 10:00", "Sun 2027-03-21 10:00", "Sun 2027-03-28 10:00", "Mon 2027-03-29 10:00"]
        );
        let near = nearest_clear(
            shipped(),
            &Hours::default(),
            &SlotSearch::new(TimeDelta::hours(1), &[]),
            at("2027-03-09 10:00"),
            from,
            3,
        );
        assert_eq!(starts(&near), ["Fri 2027-03-12 10:00", "Sat 2027-03-13 10:00", "Sun 2027-03-14 10:00"]);
    }

    #[test]
    fn westminster_slots_beyond_the_data_are_on_assumed_sitting_days_within_their_hours() {
        let search = SlotSearch { kind: ProposalKind::Westminster, ..SlotSearch::new(TimeDelta::hours(1), &[]) };
        let slots = find_slots(shipped(), &Hours::default(), &search, d("2027-03-08"), 2);
        assert_eq!(starts(&slots), ["Mon 2027-03-08 12:00", "Tue 2027-03-09 10:00"]);
        assert!(slots.iter().all(|slot| slot.flag.assumed()));
    }

    #[test]
    fn the_search_ends_and_may_find_fewer() {
        let busy = [(at("2025-01-01 00:00"), at("2030-01-01 00:00"))];
        let search = SlotSearch::new(TimeDelta::hours(1), &busy);
        assert!(find_slots(shipped(), &Hours::default(), &search, d("2025-03-03"), 3).is_empty());
        assert!(
            find_slots(shipped(), &Hours::default(), &SlotSearch::new(TimeDelta::hours(1), &[]), d("2025-03-03"), 0)
                .is_empty()
        );
    }

    #[test]
    fn nearest_clear_slots_to_a_conflict() {
        let search = SlotSearch::new(TimeDelta::hours(1), &[]);
        let around = at("2025-03-04 10:00");
        let near = nearest_clear(shipped(), &Hours::default(), &search, around, d("2025-01-01"), 3);
        // Earlier days offer their latest start, nearest in time; 28 February 2025 is a non-sitting Friday.
        assert_eq!(starts(&near), ["Sun 2025-03-02 15:00", "Sat 2025-03-01 15:00", "Fri 2025-02-28 15:00"]);
        let ahead = nearest_clear(shipped(), &Hours::default(), &search, around, around.date(), 3);
        assert_eq!(starts(&ahead), ["Sat 2025-03-08 10:00", "Sun 2025-03-09 10:00", "Sat 2025-03-15 10:00"]);
        // The same time of day, outside the window, is tried too.
        let late = nearest_clear(shipped(), &Hours::default(), &search, at("2025-03-10 16:00"), d("2025-03-01"), 1);
        assert_eq!(starts(&late), ["Sun 2025-03-09 16:00"]);
    }

    fn busy_list() -> impl Strategy<Value = Vec<(NaiveDateTime, NaiveDateTime)>> {
        prop::collection::vec((0i64..(120 * 24 * 4), 1i64..(4 * 24)), 0..40).prop_map(|items| {
            let base = at("2025-01-01 00:00");
            items
                .into_iter()
                .map(|(q, len)| {
                    let start = base + TimeDelta::minutes(15 * q);
                    (start, start + TimeDelta::minutes(15 * len))
                })
                .collect()
        })
    }

    fn kind() -> impl Strategy<Value = ProposalKind> {
        prop::sample::select(ProposalKind::ALL.to_vec())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn never_a_sitting_day_nor_a_busy_time(
            busy in busy_list(), from_day in 0i64..900, count in 1usize..6, minutes in 15i64..300, kind in kind(),
            nearest in any::<bool>(),
        ) {
            let cal = shipped();
            let hours = Hours::default();
            let from = d("2025-01-01") + TimeDelta::days(from_day);
            let search = SlotSearch { kind, ..SlotSearch::new(TimeDelta::minutes(minutes), &busy) };
            let slots = if nearest {
                nearest_clear(cal, &hours, &search, from.and_hms_opt(10, 0, 0).unwrap(), from, count)
            } else {
                find_slots(cal, &hours, &search, from, count)
            };
            prop_assert!(slots.len() <= count);
            let mut days: Vec<NaiveDate> = slots.iter().map(|slot| slot.start.date()).collect();
            days.sort();
            days.dedup();
            prop_assert_eq!(days.len(), slots.len(), "one slot a day");
            for slot in &slots {
                prop_assert!(slot.start.date() >= from);
                prop_assert_eq!(cal.classify_slot(slot.start, slot.end, kind, &hours).flag, Flag::Clear);
                prop_assert!(busy.iter().all(|&(s, e)| e <= slot.start || slot.end <= s), "over a busy time");
                let sitting = cal.classify_day(slot.start.date()).is_sitting();
                prop_assert_eq!(sitting, kind == ProposalKind::Westminster);
            }
            if !nearest {
                let weekend = |slot: &Slot| matches!(slot.start.weekday(), Weekday::Fri | Weekday::Sat);
                let firsts = slots.iter().take_while(|slot| weekend(slot)).count();
                prop_assert!(slots[firsts..].iter().all(|slot| !weekend(slot)), "Fridays and Saturdays first");
            }
        }
    }
}
