//! The events of a calendar file as the times they happen: a single event once, a repeating one
//! (RRULE, RDATE) once for each time in the import's window, less the times its EXDATEs remove,
//! with each time that another VEVENT replaces (RECURRENCE-ID: moved, retitled or cancelled) taken
//! from that VEVENT. Each time has an identity that stays the same from one import to the next:
//! the event's UID, and for a time of a repeating event the UID with the time's original start in
//! UTC (or its date, for a whole-day event).

use std::collections::HashMap;

use chrono::{Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone};
use chrono_tz::Europe::London;

use crate::domain::engagement::proposal::TIME_FORMAT;
use crate::domain::interchange::ics_read::{self, Calendar, Event, Property, Stamp, When};
use crate::domain::interchange::ics_repeat;
use crate::domain::interchange::ics_zone::{self, Zone, Zones};

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
    pub times: Result<(When, When), String>,
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
                let id = uid(event).or_else(|| times.as_ref().ok().map(|t| derived_uid(event, *t)));
                out.items.push(Occurrence { line: event.line, event, id, times });
            }
        }
    }
    out
}

/// The start and end of a single event (or of a moved time): an end from DTEND or DURATION, a
/// whole-day event with neither lasting its day.
pub fn times(event: &Event, zones: &Zones) -> Result<(When, When), String> {
    let title = event.one_line("SUMMARY");
    let what = if title.is_empty() { "the event".to_string() } else { format!("\"{title}\"") };
    let start =
        ics_zone::when_in(event.get("DTSTART").ok_or_else(|| format!("{what} has no start (DTSTART)"))?, zones)?;
    let end = match (event.get("DTEND"), event.get("DURATION"), start) {
        (Some(end), _, _) => ics_zone::when_in(end, zones)?,
        (None, Some(length), When::London(at)) => When::London(
            at.checked_add_signed(ics_read::duration(length)?).ok_or_else(|| format!("{what} ends out of range"))?,
        ),
        (None, Some(length), When::Day(d)) => {
            let days = ics_read::duration(length)?.num_days().max(1);
            When::Day(d.checked_add_signed(TimeDelta::days(days)).ok_or_else(|| format!("{what} ends out of range"))?)
        }
        (None, None, When::Day(d)) => When::Day(d.succ_opt().ok_or_else(|| format!("{what} ends out of range"))?),
        (None, None, When::London(_)) => return Err(format!("{what} has no end (DTEND or DURATION)")),
    };
    Ok((start, end))
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
            (When::Day(a), When::Day(b)) => b - a,
            (When::London(a), When::London(b)) => london_utc(b) - london_utc(a),
            _ => return Err(format!("{what} starts and ends in different ways (a date and a time)")),
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
        let (key, start, end) = if whole_day {
            let day = wall.date();
            let end = day.checked_add_signed(length).unwrap_or(day);
            (Key::Day(day), When::Day(day), When::Day(end))
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
            (Key::At(utc), When::London(london(utc)), When::London(london(utc + length)))
        };
        let id = Some(format!("{base}#{}", key.text()));
        let in_window = |w: When| window.contains(day_of(w));
        if let Some(i) = replaced.iter().position(|(k, _)| *k == Some(key)) {
            let (_, event) = replaced.remove(i);
            let times = times(event, zones);
            if !matches!(&times, Ok((s, _)) if !in_window(*s)) {
                out.items.push(Occurrence { line: event.line, event, id, times });
            }
            continue;
        }
        if excluded.iter().any(|x| *x == key || matches!((x, key), (Key::Day(d), Key::At(_)) if *d == day_of(start)))
            || !in_window(start)
        {
            continue;
        }
        out.items.push(Occurrence { line: master.line, event: master, id, times: Ok((start, end)) });
    }
    // Times moved into the window from outside it (or from beyond what was followed).
    for (key, event) in replaced {
        let times = times(event, zones);
        if times.as_ref().is_ok_and(|(s, _)| window.contains(day_of(*s))) {
            let id = key.map(|k| format!("{base}#{}", k.text()));
            out.items.push(Occurrence { line: event.line, event, id, times });
        }
    }
}

fn london(utc: NaiveDateTime) -> NaiveDateTime {
    London.from_utc_datetime(&utc).naive_local()
}

fn london_utc(wall: NaiveDateTime) -> NaiveDateTime {
    London.from_local_datetime(&wall).earliest().map_or(wall, |t| t.naive_utc())
}

fn day_of(w: When) -> NaiveDate {
    match w {
        When::Day(d) => d,
        When::London(t) => t.date(),
    }
}
