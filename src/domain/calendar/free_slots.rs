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

/// How many days the busy times are first read for by [`find_slots_reading`] (from its first day)
/// and [`nearest_clear_reading`] (either side of the slot's day); each time the search needs more,
/// it reads the days beyond those, up to four times as many days in all.
pub const FIRST_READ_DAYS: i64 = 7;

/// How many days from the first day (or either side of the slot's day) hold every busy time a
/// search can meet: a slot starts within [`SEARCH_DAYS`] and lasts at most a day.
const READ_ALL_DAYS: i64 = SEARCH_DAYS as i64 + 2;

/// What a search is for, without the busy times: [`SlotSearch`] for [`find_slots_reading`] and
/// [`nearest_clear_reading`], which read the busy times themselves.
#[derive(Debug, Clone, Copy)]
pub struct SlotShape {
    pub duration: TimeDelta,
    pub window: (NaiveTime, NaiveTime),
    pub kind: ProposalKind,
}

impl SlotShape {
    /// A meeting of `duration` in the default window.
    pub fn new(duration: TimeDelta) -> SlotShape {
        SlotShape { duration, window: default_window(), kind: ProposalKind::Meeting }
    }

    fn with<'a>(&self, busy: &'a [(NaiveDateTime, NaiveDateTime)]) -> SlotSearch<'a> {
        SlotSearch { duration: self.duration, window: self.window, busy, kind: self.kind }
    }
}

/// The busy times that overlap `from..until` (every one of them), however the caller reads them.
pub type ReadBusy<'r, E> =
    dyn FnMut(NaiveDateTime, NaiveDateTime) -> Result<Vec<(NaiveDateTime, NaiveDateTime)>, E> + 'r;

/// [`find_slots`], with the busy times read by `read` only as far ahead as the answer needs: a
/// week from `from` first, then the days after it up to four times as far, and so on up to the
/// whole search. No day is read twice (a busy time over the edge of two reads comes in both, which
/// changes nothing).
///
/// The answer is always the one [`find_slots`] gives with every busy time: a busy time not read
/// lies wholly outside the days read, so it can only make a slot that reaches beyond them wrong;
/// with fewer busy times a day's first start that is free of them is the same or earlier, and the
/// same when it lies within the days read. So once every slot found lies within the days read,
/// reading further would change nothing.
pub fn find_slots_reading<E>(
    cal: &CalendarData,
    hours: &Hours,
    shape: &SlotShape,
    from: NaiveDate,
    count: usize,
    read: &mut ReadBusy<'_, E>,
) -> Result<Vec<Slot>, E> {
    let start = from.and_time(NaiveTime::MIN);
    let mut busy = Vec::new();
    let mut read_until = start;
    let mut days = FIRST_READ_DAYS;
    loop {
        let days_read = days.min(READ_ALL_DAYS);
        let until = start.checked_add_signed(TimeDelta::days(days_read)).unwrap_or(NaiveDateTime::MAX);
        busy.extend(read(read_until, until)?);
        read_until = until;
        let found = find_slots(cal, hours, &shape.with(&busy), from, count);
        if days_read == READ_ALL_DAYS || found.iter().all(|slot| slot.end <= until) {
            return Ok(found);
        }
        days *= 4;
    }
}

/// [`nearest_clear`], with the busy times read by `read` only as far around `around` as the answer
/// needs: a week either side of its day first, then the days either side of those up to four times
/// as far, and so on up to the whole search.
///
/// The answer is always the one [`nearest_clear`] gives with every busy time: as for
/// [`find_slots_reading`], each day's best slot is the right one when it lies within the days read,
/// and otherwise no nearer than the right one, which cannot then take the place of a slot found
/// within them. So once the `n` slots found lie within the days read, reading further would
/// change nothing.
pub fn nearest_clear_reading<E>(
    cal: &CalendarData,
    hours: &Hours,
    shape: &SlotShape,
    around: NaiveDateTime,
    earliest: NaiveDate,
    n: usize,
    read: &mut ReadBusy<'_, E>,
) -> Result<Vec<Slot>, E> {
    let day = around.date().and_time(NaiveTime::MIN);
    let mut busy = Vec::new();
    // The days read so far, none at first.
    let mut read_from = day;
    let mut read_until = day;
    let mut days = FIRST_READ_DAYS;
    loop {
        let days_read = days.min(READ_ALL_DAYS);
        let first = day.checked_sub_signed(TimeDelta::days(days_read)).unwrap_or(NaiveDateTime::MIN);
        let until = day.checked_add_signed(TimeDelta::days(days_read + 1)).unwrap_or(NaiveDateTime::MAX);
        if read_from == read_until {
            busy = read(first, until)?;
        } else {
            busy.extend(read(first, read_from)?);
            busy.extend(read(read_until, until)?);
        }
        (read_from, read_until) = (first, until);
        let found = nearest_clear(cal, hours, &shape.with(&busy), around, earliest, n);
        if days_read == READ_ALL_DAYS || found.iter().all(|slot| first <= slot.start && slot.end <= until) {
            return Ok(found);
        }
        days *= 4;
    }
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

    #[test]
    fn busy_times_are_read_further_only_when_a_slot_found_lies_beyond_them() {
        let (cal, hours) = (shipped(), Hours::default());
        let shape = SlotShape::new(TimeDelta::hours(1));
        let from = d("2025-03-03");
        // The first ten days are taken whole.
        let busy = [(at("2025-03-03 00:00"), at("2025-03-13 00:00"))];
        let mut reads = Vec::new();
        let mut read = |first: NaiveDateTime, until: NaiveDateTime| {
            reads.push((until - first).num_days());
            Ok::<_, ()>(busy.iter().copied().filter(|&(s, e)| s < until && e > first).collect())
        };
        let found = find_slots_reading(cal, &hours, &shape, from, 2, &mut read).unwrap();
        assert_eq!(found, find_slots(cal, &hours, &shape.with(&busy), from, 2));
        // 14 March 2025 is a sitting Friday.
        assert_eq!(starts(&found), ["Sat 2025-03-15 10:00", "Fri 2025-03-21 10:00"]);
        assert_eq!(reads, [7, 21], "a week, then the three after it");
        // Two free days near by (the weekend of 8 and 9 March) need only the first read.
        let mut reads = Vec::new();
        let mut read = |first: NaiveDateTime, until: NaiveDateTime| {
            reads.push((first, until));
            Ok::<_, ()>(Vec::new())
        };
        let near = nearest_clear_reading(cal, &hours, &shape, at("2025-03-04 10:00"), from, 2, &mut read).unwrap();
        assert_eq!(starts(&near), ["Sat 2025-03-08 10:00", "Sun 2025-03-09 10:00"]);
        assert_eq!(reads, [(at("2025-02-25 00:00"), at("2025-03-12 00:00"))], "a week either side of the day");
        // Nothing found with some of the busy times is nothing found with them all.
        let mut reads = Vec::new();
        let mut read = |first: NaiveDateTime, until: NaiveDateTime| {
            reads.push((until - first).num_days());
            Ok::<_, ()>(vec![(at("2020-01-01 00:00"), at("2030-01-01 00:00"))])
        };
        assert!(find_slots_reading(cal, &hours, &shape, from, 3, &mut read).unwrap().is_empty());
        assert_eq!(reads, [7]);
        // A search that finds its last slot far ahead reads as far as that, and no further.
        let mut reads = Vec::new();
        let mut read = |first: NaiveDateTime, until: NaiveDateTime| {
            reads.push((until - first).num_days());
            Ok::<_, ()>(vec![(at("2020-01-01 00:00"), at("2026-03-03 00:00"))])
        };
        let found = find_slots_reading(cal, &hours, &shape, from, 1, &mut read).unwrap();
        assert_eq!(found.iter().map(|slot| slot.start.date()).collect::<Vec<_>>(), [d("2026-03-06")]);
        assert_eq!(reads, [7, 21, 84, 336]);
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

    /// A made-up calendar around a search's first day: the sitting-day data covering some days
    /// (outside them days are assumed by the weekday pattern), a share of its weekdays sitting,
    /// recesses, a bank holiday or two.
    #[derive(Debug, Clone)]
    struct MadeUp {
        range: (i64, i64),
        sitting_in: u32,
        recesses: Vec<(i64, i64)>,
        holidays: Vec<i64>,
    }

    impl MadeUp {
        fn build(&self, from: NaiveDate) -> CalendarData {
            use crate::domain::calendar::{BankHoliday, CalendarSource, Period, SittingDay, SittingStatus};
            let day = |n: i64| from + TimeDelta::days(n);
            let (first, last) = (day(self.range.0), day(self.range.0 + self.range.1));
            let sitting_days = (0..=self.range.1)
                .map(|n| day(self.range.0 + n))
                .filter(|date| date.weekday().num_days_from_monday() < 5)
                .filter(|date| (date.num_days_from_ce() as u32).wrapping_mul(2654435761) % 100 < self.sitting_in)
                .map(|date| SittingDay { date, status: SittingStatus::Scheduled, note: None })
                .collect();
            CalendarData::new(CalendarSource {
                sitting_days,
                recesses: self
                    .recesses
                    .iter()
                    .map(|&(start, length)| Period {
                        name: "Recess".into(),
                        first: day(start),
                        last: day(start + length),
                    })
                    .collect(),
                bank_holidays: self
                    .holidays
                    .iter()
                    .map(|&n| BankHoliday { date: day(n), title: "Holiday".into() })
                    .collect(),
                sitting_range: Some((first, last)),
                ..CalendarSource::default()
            })
        }
    }

    fn calendar() -> impl Strategy<Value = MadeUp> {
        (
            (-400i64..100, 0i64..900),
            0u32..=100,
            prop::collection::vec((-300i64..600, 0i64..60), 0..6),
            prop::collection::vec(-100i64..400, 0..4),
        )
            .prop_map(|(range, sitting_in, recesses, holidays)| MadeUp {
                range,
                sitting_in,
                recesses,
                holidays,
            })
    }

    fn kind() -> impl Strategy<Value = ProposalKind> {
        prop::sample::select(ProposalKind::ALL.to_vec())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Reading the busy times as the search needs them gives what reading them all gives, for
        /// any busy times (whole weeks taken make it read further), either calendar, any slot.
        #[test]
        fn reading_busy_times_as_needed_gives_the_answer_of_reading_them_all(
            blocks in prop::collection::vec((-120i64..120, 0i64..(24 * 4), 1i64..(24 * 4 * 24)), 0..30),
            from_day in 0i64..1200, count in 0usize..6, minutes in 1i64..(24 * 60 + 1),
            window in (0u32..24, 0u32..24), kind in kind(), random_calendar in any::<bool>(),
            calendar in calendar(), nearest in any::<bool>(), hour in 0u32..24, earliest in -30i64..30,
        ) {
            let hours = Hours::default();
            let from = d("2024-06-01") + TimeDelta::days(from_day);
            let random = random_calendar.then(|| calendar.build(from));
            let cal = random.as_ref().unwrap_or(shipped());
            let base = from.and_time(NaiveTime::MIN);
            let busy: Vec<(NaiveDateTime, NaiveDateTime)> = blocks
                .iter()
                .map(|&(day, quarter, quarters)| {
                    let start = base + TimeDelta::days(day) + TimeDelta::minutes(15 * quarter);
                    (start, start + TimeDelta::minutes(15 * quarters))
                })
                .collect();
            let hour_of = |h: u32| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
            let shape = SlotShape { duration: TimeDelta::minutes(minutes), window: (hour_of(window.0), hour_of(window.1)), kind };
            let mut reads = 0;
            let mut read = |first: NaiveDateTime, until: NaiveDateTime| {
                reads += 1;
                Ok::<_, ()>(busy.iter().copied().filter(|&(s, e)| s < until && e > first).collect())
            };
            let everything = shape.with(&busy);
            let (step, all) = if nearest {
                let around = from.and_time(hour_of(hour));
                let earliest = from + TimeDelta::days(earliest);
                (
                    nearest_clear_reading(cal, &hours, &shape, around, earliest, count, &mut read).unwrap(),
                    nearest_clear(cal, &hours, &everything, around, earliest, count),
                )
            } else {
                (
                    find_slots_reading(cal, &hours, &shape, from, count, &mut read).unwrap(),
                    find_slots(cal, &hours, &everything, from, count),
                )
            };
            prop_assert_eq!(step, all);
            prop_assert!((1..=9).contains(&reads));
        }

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
