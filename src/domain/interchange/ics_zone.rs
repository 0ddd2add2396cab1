//! The time zones of a calendar file being imported, for placing its times on London's wall clock.
//!
//! A TZID is, in this order: an IANA name (also after a vendor prefix,
//! "/mozilla.org/…/Europe/London"); a Windows zone name ("GMT Standard Time", "W. Europe Standard
//! Time"), turned into the IANA name by CLDR's windowsZones table as the `localzone` crate ships it
//! (its world-wide "001" rows); or a zone the file defines itself in a VTIMEZONE (Outlook's
//! "Customized Time Zone"), from its STANDARD and DAYLIGHT parts: TZOFFSETFROM, TZOFFSETTO, and
//! DTSTART with RRULE or RDATE for when each begins. A time with neither Z nor TZID is in the
//! calendar's X-WR-TIMEZONE, or else London's.

use std::cell::RefCell;
use std::collections::HashMap;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone};
use chrono_tz::{Europe::London, Tz};

use crate::domain::interchange::ics_read::{self, Calendar, Component, Property, Stamp, When};
use crate::domain::interchange::ics_repeat;
use crate::domain::when;

/// The most times a zone's part may begin in the four years looked at around a time.
const MAX_ONSETS: usize = 400;

/// Where a time is: a zone mpplan knows, or one the file defines (by its place in [`Zones`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Known(Tz),
    Defined(usize),
}

/// One STANDARD or DAYLIGHT part of a VTIMEZONE: from `start` (on the wall clock before it,
/// `from` seconds east of UTC) and each time its rule or dates give, the offset is `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    from: i32,
    to: i32,
    start: NaiveDateTime,
    rule: Option<String>,
    dates: Vec<NaiveDateTime>,
}

/// A change of offset: when (in UTC), the offset before and the offset after, in seconds.
type Onset = (NaiveDateTime, i32, i32);

/// A zone defined in the file.
#[derive(Debug)]
struct Defined {
    tzid: String,
    parts: Vec<Part>,
    /// Why it cannot be used, when its parts cannot be read.
    broken: Option<String>,
    /// The times (in UTC) at which the offset changes, with the offset before and after, by year.
    onsets: RefCell<HashMap<i32, Result<Vec<Onset>, String>>>,
}

/// The zones of one calendar file.
#[derive(Debug, Default)]
pub struct Zones {
    defined: Vec<Defined>,
    /// X-WR-TIMEZONE, when the calendar gives one.
    floating: Option<String>,
}

impl Zones {
    /// The zones `calendar` defines, and its X-WR-TIMEZONE.
    pub fn of(calendar: &Calendar) -> Zones {
        let floating = calendar.get("X-WR-TIMEZONE").map(|p| p.text().trim().to_string()).filter(|z| !z.is_empty());
        Zones { defined: calendar.timezones.iter().filter_map(defined).collect(), floating }
    }

    /// The zone a TZID names (or with None, the zone of a floating time).
    pub fn zone(&self, tzid: Option<&str>) -> Result<Zone, String> {
        let Some(tzid) = tzid.or(self.floating.as_deref()) else { return Ok(Zone::Known(London)) };
        let tzid = tzid.trim();
        if let Some(tz) = known(tzid) {
            return Ok(Zone::Known(tz));
        }
        match self.defined.iter().position(|d| d.tzid == tzid) {
            Some(i) => Ok(Zone::Defined(i)),
            None => Err(format!(
                "has the time zone \"{tzid}\", which mpplan does not know and the file does not define (VTIMEZONE); \
                 use Europe/London or UTC"
            )),
        }
    }

    /// The time in UTC for a wall-clock time in `zone`: the first, when the clocks go back over it;
    /// None when the clocks go forward over it.
    pub fn to_utc(&self, zone: Zone, wall: NaiveDateTime) -> Result<Option<NaiveDateTime>, String> {
        match zone {
            Zone::Known(tz) => Ok(tz.from_local_datetime(&wall).earliest().map(|t| t.naive_utc())),
            Zone::Defined(i) => self.defined[i].to_utc(wall),
        }
    }

    /// The wall-clock time in `zone` at a time in UTC.
    pub fn to_wall(&self, zone: Zone, utc: NaiveDateTime) -> Result<NaiveDateTime, String> {
        match zone {
            Zone::Known(tz) => Ok(tz.from_utc_datetime(&utc).naive_local()),
            Zone::Defined(i) => Ok(utc + TimeDelta::seconds(self.defined[i].offset_at(utc)?.into())),
        }
    }
}

/// Reads a date or a date and time as [`ics_read::stamp`] does and places the time in London (a floating
/// time is London's).
pub fn when(prop: &Property) -> Result<When, String> {
    when_in(prop, &Zones::default())
}

/// [`when`], with the zones of the file the property comes from.
pub fn when_in(prop: &Property, zones: &Zones) -> Result<When, String> {
    match ics_read::stamp(prop)? {
        Stamp::Day(d) => Ok(When::Day(d)),
        other => instant(prop, other, zones).map(|utc| When::London(London.from_utc_datetime(&utc).naive_local())),
    }
}

/// The time in UTC of a stamp that is not a whole day (a whole day is taken from midnight in London).
pub fn instant(prop: &Property, stamp: Stamp<'_>, zones: &Zones) -> Result<NaiveDateTime, String> {
    let (at, tzid) = match stamp {
        Stamp::Utc(at) => return Ok(at),
        Stamp::Day(d) => (d.and_time(NaiveTime::MIN), None),
        Stamp::Wall { at, tzid } => (at, tzid),
    };
    let fail = |why: &str| format!("its {} \"{}\" {why}", prop.name, prop.value.trim());
    let zone = zones.zone(tzid).map_err(|why| fail(&why))?;
    zones
        .to_utc(zone, at)
        .map_err(|why| fail(&why))?
        .ok_or_else(|| fail("does not exist in its time zone: the clocks go forward over that time"))
}

/// A time in UTC on London's wall clock, with whether it is the second reading of a time the clocks
/// show twice (01:30 GMT on the night they go back is the second 01:30).
pub fn london_reading(utc: NaiveDateTime) -> (NaiveDateTime, bool) {
    when::wall_reading(chrono_tz::UTC.from_utc_datetime(&utc))
}

/// A zone mpplan knows by its name: IANA's (also at the end of a longer TZID) or Windows'.
fn known(tzid: &str) -> Option<Tz> {
    let iana = std::iter::once(tzid)
        .chain(tzid.match_indices('/').map(|(i, _)| &tzid[i + 1..]))
        .find_map(|candidate| Tz::from_str(candidate).ok());
    iana.or_else(|| {
        let name = localzone::win_zone_to_iana(tzid, Some("001"))?;
        Tz::from_str(name).ok()
    })
}

fn defined(component: &Component) -> Option<Defined> {
    let tzid = component.get("TZID")?.value.trim().to_string();
    let read = component
        .parts
        .iter()
        .filter(|p| p.name == "STANDARD" || p.name == "DAYLIGHT")
        .map(part)
        .collect::<Result<Vec<_>, String>>();
    let (parts, broken) = match read {
        Ok(parts) if parts.is_empty() => (parts, Some("has no STANDARD or DAYLIGHT part".to_string())),
        Ok(parts) => (parts, None),
        Err(why) => (Vec::new(), Some(why)),
    };
    Some(Defined { tzid, parts, broken, onsets: RefCell::default() })
}

fn part(component: &Component) -> Result<Part, String> {
    let line = component.line;
    let offset = |name: &str| {
        let p = component.get(name).ok_or_else(|| format!("its {} on line {line} has no {name}", component.name))?;
        utc_offset(p.value.trim())
            .ok_or_else(|| format!("its {name} \"{}\" (line {}) is not an offset", p.value, p.line))
    };
    let wall = |p: &Property| {
        let v = p.value.trim();
        NaiveDateTime::parse_from_str(v.trim_end_matches(['Z', 'z']), "%Y%m%dT%H%M%S")
            .ok()
            .or_else(|| NaiveDate::parse_from_str(v, "%Y%m%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)))
            .ok_or_else(|| format!("its {} \"{v}\" (line {}) is not a date and time", p.name, p.line))
    };
    let start =
        wall(component.get("DTSTART").ok_or_else(|| format!("its {} on line {line} has no DTSTART", component.name))?)?;
    let mut dates = Vec::new();
    for rdate in component.properties.iter().filter(|p| p.name == "RDATE") {
        for v in rdate.value.split(',') {
            dates.push(wall(&Property { value: v.to_string(), ..rdate.clone() })?);
        }
    }
    let rule = component.get("RRULE").map(|p| p.value.trim().to_string());
    Ok(Part { from: offset("TZOFFSETFROM")?, to: offset("TZOFFSETTO")?, start, rule, dates })
}

/// "+0100", "-0500", "+013000" as seconds east of UTC.
fn utc_offset(text: &str) -> Option<i32> {
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits.get(r).map_or(Some(0), |d| d.parse::<i32>().ok());
    let (h, m, s) = (n(0..2)?, n(2..4)?, n(4..6)?);
    (h < 24 && m < 60 && s < 60).then_some(sign * (h * 3600 + m * 60 + s))
}

impl Defined {
    fn fail(&self, why: &str) -> String {
        format!("has the time zone \"{}\", which the file defines (VTIMEZONE) but {why}", self.tzid)
    }

    /// The changes of offset up to the end of the year after `year`, in order: those its rules give
    /// from two years before, and every start of a part without a rule.
    fn onsets(&self, year: i32) -> Result<Vec<Onset>, String> {
        if let Some(why) = &self.broken {
            return Err(self.fail(why));
        }
        if let Some(known) = self.onsets.borrow().get(&year) {
            return known.clone();
        }
        let window = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
        let (Some(from), Some(until)) = (window(year - 2), window(year + 2)) else {
            return Err(self.fail("the time is out of range"));
        };
        let mut onsets = Vec::new();
        let mut result = Ok(());
        for part in &self.parts {
            let to_wall = |utc: NaiveDateTime| Some(utc + TimeDelta::seconds(part.from.into()));
            let mut walls = match &part.rule {
                // Clocks change with the seasons: a rule for them that repeats more often than
                // yearly is not one mpplan follows (nor could in good time from centuries back).
                Some(rule) if ics_repeat::frequency(rule).as_deref() != Some("YEARLY") => {
                    result = Err(self.fail("its rules change the clocks more often than once a year"));
                    break;
                }
                Some(rule) => match ics_repeat::expand(part.start, rule, &to_wall, from, until, MAX_ONSETS) {
                    Ok(e) if !e.cut => e.times,
                    Ok(_) => {
                        result = Err(self.fail("its rules change the clocks too often to follow"));
                        break;
                    }
                    Err(why) => {
                        result = Err(self.fail(&why));
                        break;
                    }
                },
                None => vec![part.start].into_iter().filter(|t| *t < until).collect(),
            };
            walls.extend(part.dates.iter().filter(|t| **t < until));
            onsets.extend(walls.into_iter().map(|w| (w - TimeDelta::seconds(part.from.into()), part.from, part.to)));
        }
        onsets.sort();
        let result = result.map(|()| onsets);
        self.onsets.borrow_mut().insert(year, result.clone());
        result
    }

    /// The offset at a time in UTC.
    fn offset_at(&self, utc: NaiveDateTime) -> Result<i32, String> {
        let onsets = self.onsets(utc.year())?;
        Ok(match onsets.iter().rev().find(|(at, _, _)| *at <= utc) {
            Some((_, _, to)) => *to,
            None => onsets.first().map(|(_, from, _)| *from).or(self.parts.first().map(|p| p.from)).unwrap_or(0),
        })
    }

    fn to_utc(&self, wall: NaiveDateTime) -> Result<Option<NaiveDateTime>, String> {
        if let Some(why) = &self.broken {
            return Err(self.fail(why));
        }
        let mut offsets: Vec<i32> = self.parts.iter().flat_map(|p| [p.from, p.to]).collect();
        offsets.sort();
        offsets.dedup();
        let mut fits = Vec::new();
        for offset in offsets {
            let utc = wall - TimeDelta::seconds(offset.into());
            if self.offset_at(utc)? == offset {
                fits.push(utc);
            }
        }
        Ok(fits.into_iter().min())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::interchange::ics_read;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    /// Outlook's way of writing a zone it has no name for: London's rules, with the parts starting
    /// in 1601.
    const CUSTOM: &str = "BEGIN:VCALENDAR\nX-WR-TIMEZONE:Europe/Paris\nBEGIN:VTIMEZONE\nTZID:Customized Time Zone\n\
        BEGIN:STANDARD\nDTSTART:16010101T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0000\n\
        RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\nEND:STANDARD\nBEGIN:DAYLIGHT\nDTSTART:16010101T010000\n\
        TZOFFSETFROM:+0000\nTZOFFSETTO:+0100\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\nEND:DAYLIGHT\n\
        END:VTIMEZONE\nBEGIN:VTIMEZONE\nTZID:Fixed plus two\nBEGIN:STANDARD\nDTSTART:19700101T000000\n\
        TZOFFSETFROM:+0200\nTZOFFSETTO:+0200\nEND:STANDARD\nEND:VTIMEZONE\n\
        BEGIN:VTIMEZONE\nTZID:Broken\nBEGIN:STANDARD\nTZOFFSETTO:+0200\nEND:STANDARD\nEND:VTIMEZONE\nEND:VCALENDAR\n";

    fn zones() -> Zones {
        Zones::of(&ics_read::read("f", CUSTOM).unwrap())
    }

    #[test]
    fn a_zone_the_file_defines_follows_its_rules() {
        let zones = zones();
        let custom = zones.zone(Some("Customized Time Zone")).unwrap();
        assert!(matches!(custom, Zone::Defined(0)));
        let utc = |s| zones.to_utc(custom, at(s)).unwrap();
        assert_eq!(utc("2027-01-08 10:00"), Some(at("2027-01-08 10:00")), "winter: GMT");
        assert_eq!(utc("2027-07-08 10:00"), Some(at("2027-07-08 09:00")), "summer: BST");
        assert_eq!(utc("2027-03-28 01:30"), None, "the clocks go forward over it");
        assert_eq!(utc("2026-10-25 01:30"), Some(at("2026-10-25 00:30")), "the first of two");
        assert_eq!(zones.to_wall(custom, at("2026-10-25 01:30")).unwrap(), at("2026-10-25 01:30"));
        assert_eq!(zones.to_wall(custom, at("2026-10-25 00:30")).unwrap(), at("2026-10-25 01:30"));
        let fixed = zones.zone(Some("Fixed plus two")).unwrap();
        assert_eq!(zones.to_utc(fixed, at("2027-07-08 10:00")).unwrap(), Some(at("2027-07-08 08:00")));
        let broken = zones.zone(Some("Broken")).unwrap();
        assert!(zones.to_utc(broken, at("2027-07-08 10:00")).unwrap_err().contains("has no DTSTART"));
    }

    #[test]
    fn a_zone_whose_clocks_change_more_often_than_yearly_is_refused() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Jumpy\nBEGIN:STANDARD\nDTSTART:16010101T020000\n\
            TZOFFSETFROM:+0100\nTZOFFSETTO:+0000\nRRULE:FREQ=SECONDLY;BYMONTH=10\nEND:STANDARD\nEND:VTIMEZONE\n\
            END:VCALENDAR\n";
        let zones = Zones::of(&ics_read::read("f", text).unwrap());
        let jumpy = zones.zone(Some("Jumpy")).unwrap();
        let err = zones.to_utc(jumpy, at("2027-07-08 10:00")).unwrap_err();
        assert!(err.ends_with("its rules change the clocks more often than once a year"), "{err}");
    }

    #[test]
    fn names_are_iana_windows_or_floating() {
        let zones = zones();
        assert_eq!(zones.zone(None), Ok(Zone::Known(chrono_tz::Europe::Paris)), "X-WR-TIMEZONE");
        assert_eq!(Zones::default().zone(None), Ok(Zone::Known(London)));
        for (name, tz) in [
            ("GMT Standard Time", London),
            ("Greenwich Standard Time", chrono_tz::Atlantic::Reykjavik),
            ("W. Europe Standard Time", chrono_tz::Europe::Berlin),
            ("Romance Standard Time", chrono_tz::Europe::Paris),
            ("/mozilla.org/20050126_1/Europe/London", London),
        ] {
            assert_eq!(zones.zone(Some(name)), Ok(Zone::Known(tz)), "{name}");
        }
        assert!(zones.zone(Some("Mars/Olympus")).unwrap_err().contains("does not know"));
    }

    fn london(text: &str) -> When {
        When::London(at(text))
    }

    fn prop(line: &str) -> Property {
        let text = format!("BEGIN:VCALENDAR\n{line}\nEND:VCALENDAR\n");
        ics_read::read("f", &text).unwrap().properties[0].clone()
    }

    #[test]
    fn times_are_placed_in_london() {
        assert_eq!(when(&prop("DTSTART:20270108T100000")), Ok(london("2027-01-08 10:00")));
        assert_eq!(when(&prop("DTSTART:20270708T090000Z")), Ok(london("2027-07-08 10:00")), "summer time");
        assert_eq!(when(&prop("DTSTART;TZID=Europe/Paris:20270108T100000")), Ok(london("2027-01-08 09:00")));
        assert_eq!(when(&prop("DTSTART;TZID=GMT Standard Time:20270708T100030")), Ok(london("2027-07-08 10:00")));
        assert_eq!(
            when(&prop("DTSTART;TZID=/mozilla.org/20050126_1/Europe/London:20270108T100000")),
            Ok(london("2027-01-08 10:00"))
        );
        assert_eq!(when(&prop("DTSTART;VALUE=DATE:20270212")), Ok(When::Day("2027-02-12".parse().unwrap())));
        assert!(when(&prop("DTSTART;TZID=Mars/Olympus:20270108T100000")).unwrap_err().contains("does not know"));
        assert!(when(&prop("DTSTART:20270328T013000")).unwrap_err().contains("clocks go forward"));
        for bad in ["DTSTART:2027-01-08", "DTSTART:20271308T100000", "DTSTART:20270108T250000", "DTSTART:x"] {
            assert!(when(&prop(bad)).unwrap_err().starts_with("its DTSTART"), "{bad}");
        }
    }

    #[test]
    fn offsets() {
        assert_eq!(utc_offset("+0100"), Some(3600));
        assert_eq!(utc_offset("-0530"), Some(-19800));
        assert_eq!(utc_offset("+013015"), Some(5415));
        for bad in ["0100", "+1", "+2500", "+01a0", ""] {
            assert_eq!(utc_offset(bad), None, "{bad}");
        }
    }
}
