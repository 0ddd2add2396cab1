//! The events of a calendar file as the times they happen: a single event once, a repeating one
//! (RRULE, RDATE) once for each time in the import's window, less the times its EXDATEs remove,
//! with each time that another VEVENT replaces (RECURRENCE-ID: moved, retitled or cancelled) taken
//! from that VEVENT. Each time has an identity that stays the same from one import to the next:
//! the event's UID, and for a time of a repeating event the UID with the time's original start in
//! UTC (or its date, for a whole-day event).

use std::collections::HashMap;

use chrono::{Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use crate::domain::engagement::proposal::TIME_FORMAT;
use crate::domain::interchange::ics_read::{self, Calendar, Event, Property, Stamp, When};
use crate::domain::interchange::ics_repeat;
use crate::domain::interchange::ics_zone::{self, Zone, Zones};
use crate::domain::when::{self, Fold};

/// The most times of one repeating event imported.
pub const MAX_OCCURRENCES: usize = 500;

/// The days whose times of repeating events are imported, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub until: NaiveDate,
}

impl Window {
    /// From `today` to a year ahead.
    pub fn from_today(today: NaiveDate) -> Window {
        Window { from: today, until: today.checked_add_months(Months::new(12)).unwrap_or(today) }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.until
    }

    /// "Tue 24 Nov 2026 to Wed 24 Nov 2027".
    pub fn text(&self) -> String {
        format!("{} to {}", self.from.format("%a %-d %b %Y"), self.until.format("%a %-d %b %Y"))
    }
}

/// One event, or one time of a repeating event.
#[derive(Debug, Clone, PartialEq)]
pub struct Occurrence<'a> {
    /// The line of the BEGIN:VEVENT it comes from.
    pub line: usize,
    /// Where its title, place, status and the rest come from.
    pub event: &'a Event,
    /// Its identity, or None when it has no UID and its times cannot be read to make one.
    pub id: Option<String>,
    /// Its start and end, or why they cannot be read.
    pub times: Result<Timed, String>,
}

/// What a calendar's events come to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Occurrences<'a> {
    pub items: Vec<Occurrence<'a>>,
    /// Repeating events whose times could not all be imported, and why.
    pub notes: Vec<String>,
    /// Events that cannot be read at all (a repeating event without a start), by line.
    pub bad: Vec<(usize, String)>,
    /// Whether any event repeats (so the window matters).
    pub repeats: bool,
}

/// The key of one time of a repeating event: its original start in UTC, or its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Day(NaiveDate),
    At(NaiveDateTime),
}

impl Key {
    fn text(self) -> String {
        match self {
            Key::Day(d) => d.format("%Y%m%d").to_string(),
            Key::At(t) => t.format("%Y%m%dT%H%M%SZ").to_string(),
        }
    }
}

/// The events of `calendar`, each time of a repeating one within `window`.
pub fn occurrences<'a>(calendar: &'a Calendar, zones: &Zones, window: Window) -> Occurrences<'a> {
    let mut out = Occurrences::default();
    let uid = |e: &Event| e.get("UID").map(|p| p.value.trim().to_string()).filter(|u| !u.is_empty());
    let repeats = |e: &Event| e.get("RRULE").is_some() || e.get("RDATE").is_some();
    let mut moved: HashMap<String, Vec<&Event>> = HashMap::new();
    let masters: Vec<String> =
        calendar.events.iter().filter(|e| repeats(e) && e.get("RECURRENCE-ID").is_none()).filter_map(uid).collect();
    for event in &calendar.events {
        if let (Some(_), Some(u)) = (event.get("RECURRENCE-ID"), uid(event))
            && masters.contains(&u)
        {
            moved.entry(u).or_default().push(event);
        }
    }
    for event in &calendar.events {
        match (event.get("RECURRENCE-ID"), uid(event)) {
            (Some(_), Some(u)) if masters.contains(&u) => {}
            (Some(recurrence), Some(u)) => {
                // A moved time whose repeating event is not in the file: imported on its own.
                let id = key_of(recurrence, zones).map(|k| format!("{u}#{}", k.text())).unwrap_or(u);
                out.items.push(Occurrence { line: event.line, event, id: Some(id), times: times(event, zones) });
            }
            _ if repeats(event) => {
                out.repeats = true;
                let replaced = uid(event).and_then(|u| moved.remove(&u)).unwrap_or_default();
                expand(event, replaced, zones, window, &mut out);
            }
            _ => {
                let times = times(event, zones);
                let id = uid(event).or_else(|| times.as_ref().ok().map(|t| derived_uid(event, (t.start, t.end))));
                out.items.push(Occurrence { line: event.line, event, id, times });
            }
        }
    }
    out
}

/// When an event (or one time of a repeating one) starts and ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timed {
    pub start: When,
    pub end: When,
    /// Which of its times are the second reading of a time London's clocks show twice.
    pub fold: Fold,
}

impl Timed {
    /// A timed span from two times in UTC.
    fn from_utc(start: NaiveDateTime, end: NaiveDateTime) -> Timed {
        let ((s, second_start), (e, second_end)) = (ics_zone::london_reading(start), ics_zone::london_reading(end));
        Timed { start: When::London(s), end: When::London(e), fold: Fold { start: second_start, end: second_end } }
    }
}

/// The start and end of a single event (or of a moved time): an end from DTEND or DURATION, a
/// whole-day event with neither lasting its day.
pub fn times(event: &Event, zones: &Zones) -> Result<Timed, String> {
    let title = event.one_line("SUMMARY");
    let what = if title.is_empty() { "the event".to_string() } else { format!("\"{title}\"") };
    let start = event.get("DTSTART").ok_or_else(|| format!("{what} has no start (DTSTART)"))?;
    let mixed = || format!("{what} starts and ends in different ways (one a date, the other a time)");
    let out_of_range = || format!("{what} ends out of range");
    match ics_read::stamp(start)? {
        Stamp::Day(first) => {
            let end = match (event.get("DTEND"), event.get("DURATION")) {
                (Some(end), _) => match ics_read::stamp(end)? {
                    Stamp::Day(d) => d,
                    _ => return Err(mixed()),
                },
                (None, Some(length)) => {
                    let days = ics_read::duration(length)?.num_days().max(1);
                    first.checked_add_signed(TimeDelta::days(days)).ok_or_else(out_of_range)?
                }
                (None, None) => first.succ_opt().ok_or_else(out_of_range)?,
            };
            Ok(Timed { start: When::Day(first), end: When::Day(end), fold: Fold::default() })
        }
        stamp => {
            let from = ics_zone::instant(start, stamp, zones)?;
            let until = match (event.get("DTEND"), event.get("DURATION")) {
                (Some(end), _) => match ics_read::stamp(end)? {
                    Stamp::Day(_) => return Err(mixed()),
                    stamp => ics_zone::instant(end, stamp, zones)?,
                },
                (None, Some(length)) => {
                    from.checked_add_signed(ics_read::duration(length)?).ok_or_else(out_of_range)?
                }
                (None, None) => return Err(format!("{what} has no end (DTEND or DURATION)")),
            };
            Ok(Timed::from_utc(from, until))
        }
    }
}

/// The UID made for an event without one, from its content: the same every time (FNV-1a, which
/// never changes, unlike the standard library's hasher).
fn derived_uid(event: &Event, (start, end): (When, When)) -> String {
    let wall = |w: When| match w {
        When::London(t) => t.format(TIME_FORMAT).to_string(),
        When::Day(d) => d.format("%Y-%m-%d").to_string(),
    };
    hash_uid(&[event.one_line("SUMMARY"), event.one_line("LOCATION"), wall(start), wall(end)])
}

fn hash_uid(parts: &[String]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in parts.join("\u{1f}").bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}@derived.mpplan")
}

/// The key a RECURRENCE-ID or an EXDATE value names.
fn key_of(prop: &Property, zones: &Zones) -> Option<Key> {
    key_value(prop, prop.value.trim(), zones)
}

fn key_value(prop: &Property, value: &str, zones: &Zones) -> Option<Key> {
    match ics_read::stamp_of(prop, value).ok()? {
        Stamp::Day(d) => Some(Key::Day(d)),
        stamp => ics_zone::instant(prop, stamp, zones).ok().map(Key::At),
    }
}

/// The times of a repeating event in the window, each once, less its EXDATEs, with the times
/// `replaced` by another VEVENT taken from it.
fn expand<'a>(master: &'a Event, replaced: Vec<&'a Event>, zones: &Zones, window: Window, out: &mut Occurrences<'a>) {
    let title = master.one_line("SUMMARY");
    let what = if title.is_empty() { "the event".to_string() } else { format!("\"{title}\"") };
    let read = (|| -> Result<_, String> {
        let start = master.get("DTSTART").ok_or_else(|| format!("{what} repeats but has no start (DTSTART)"))?;
        let (zone, first, whole_day) = match ics_read::stamp(start)? {
            Stamp::Day(d) => (Zone::Known(chrono_tz::UTC), d.and_time(NaiveTime::MIN), true),
            Stamp::Utc(at) => (Zone::Known(chrono_tz::UTC), at, false),
            Stamp::Wall { at, tzid } => (zones.zone(tzid).map_err(|why| format!("its DTSTART {why}"))?, at, false),
        };
        let length = match times(master, zones)? {
            Timed { start: When::Day(a), end: When::Day(b), .. } => b - a,
            Timed { start: When::London(a), end: When::London(b), fold } => {
                let utc = |t, second| when::london_reading(t, second).map(|t| t.naive_utc());
                utc(b, fold.end).map_err(|e| e.to_string())? - utc(a, fold.start).map_err(|e| e.to_string())?
            }
            _ => return Err(format!("{what} starts and ends in different ways (one a date, the other a time)")),
        };
        Ok((zone, first, whole_day, length))
    })();
    let (zone, first, whole_day, length) = match read {
        Ok(read) => read,
        Err(why) => {
            out.bad.push((master.line, why));
            return;
        }
    };
    let to_wall = |utc: NaiveDateTime| zones.to_wall(zone, utc).ok();
    let midnight = |d: NaiveDate| d.and_time(NaiveTime::MIN);
    let (from, until) = (midnight(window.from) - TimeDelta::days(2), midnight(window.until) + TimeDelta::days(3));
    let mut walls = match master.get("RRULE") {
        Some(rule) => match ics_repeat::expand(first, &rule.value, &to_wall, from, until, MAX_OCCURRENCES) {
            Ok(expansion) => {
                if expansion.cut && expansion.times.is_empty() {
                    out.notes.push(format!(
                        "line {}: {what} repeats too often for mpplan to follow it from its start to {}: none of its \
                         times are imported",
                        master.line,
                        window.text()
                    ));
                } else if expansion.cut {
                    out.notes.push(format!(
                        "line {}: {what} repeats more often than mpplan follows: only its first {} times from {} are \
                         imported",
                        master.line,
                        expansion.times.len(),
                        window.text()
                    ));
                }
                expansion.times
            }
            Err(why) => {
                out.bad.push((master.line, why));
                return;
            }
        },
        None => vec![first],
    };
    for rdate in master.all("RDATE") {
        for value in rdate.value.split(',') {
            let value = value.split('/').next().unwrap_or(value).trim();
            match ics_read::stamp_of(rdate, value) {
                Ok(Stamp::Day(d)) => walls.push(midnight(d)),
                Ok(Stamp::Utc(at)) => walls.extend(to_wall(at)),
                Ok(Stamp::Wall { at, .. }) => walls.push(at),
                Err(_) => {}
            }
        }
    }
    walls.sort();
    walls.dedup();
    walls.truncate(MAX_OCCURRENCES);
    let excluded: Vec<Key> = master
        .all("EXDATE")
        .flat_map(|p| p.value.split(',').filter_map(|v| key_value(p, v.trim(), zones)).collect::<Vec<_>>())
        .collect();
    let mut replaced: Vec<(Option<Key>, &Event)> =
        replaced.into_iter().map(|e| (e.get("RECURRENCE-ID").and_then(|r| key_of(r, zones)), e)).collect();
    let uid = master.get("UID").map(|p| p.value.trim().to_string()).filter(|u| !u.is_empty());
    let base = uid.unwrap_or_else(|| {
        let raw = |name: &str| master.get(name).map(|p| p.value.trim().to_string()).unwrap_or_default();
        hash_uid(&[master.one_line("SUMMARY"), master.one_line("LOCATION"), raw("DTSTART"), raw("RRULE")])
    });
    for wall in walls {
        let (key, timed) = if whole_day {
            let day = wall.date();
            let end = day.checked_add_signed(length).unwrap_or(day);
            (Key::Day(day), Timed { start: When::Day(day), end: When::Day(end), fold: Fold::default() })
        } else {
            let utc = match zones.to_utc(zone, wall) {
                Ok(Some(utc)) => utc,
                // A time the clocks skip is taken an hour on (RFC 5545).
                Ok(None) => match zones.to_utc(zone, wall + TimeDelta::hours(1)) {
                    Ok(Some(utc)) => utc - TimeDelta::hours(1),
                    _ => continue,
                },
                Err(why) => {
                    out.bad.push((master.line, why));
                    return;
                }
            };
            (Key::At(utc), Timed::from_utc(utc, utc + length))
        };
        let id = Some(format!("{base}#{}", key.text()));
        let in_window = |w: When| window.contains(day_of(w));
        if let Some(i) = replaced.iter().position(|(k, _)| *k == Some(key)) {
            let (_, event) = replaced.remove(i);
            let times = times(event, zones);
            if !matches!(&times, Ok(t) if !in_window(t.start)) {
                out.items.push(Occurrence { line: event.line, event, id, times });
            }
            continue;
        }
        if excluded
            .iter()
            .any(|x| *x == key || matches!((x, key), (Key::Day(d), Key::At(_)) if *d == day_of(timed.start)))
            || !in_window(timed.start)
        {
            continue;
        }
        out.items.push(Occurrence { line: master.line, event: master, id, times: Ok(timed) });
    }
    // Times moved into the window from outside it (or from beyond what was followed).
    for (key, event) in replaced {
        let times = times(event, zones);
        if times.as_ref().is_ok_and(|t| window.contains(day_of(t.start))) {
            let id = key.map(|k| format!("{base}#{}", k.text()));
            out.items.push(Occurrence { line: event.line, event, id, times });
        }
    }
}

fn day_of(w: When) -> NaiveDate {
    match w {
        When::Day(d) => d,
        When::London(t) => t.date(),
    }
}
