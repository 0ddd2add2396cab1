//! Repeating: the times an RRULE gives from a first time, within a window, worked out by the
//! `rrule` crate on the wall clock (so a weekly 10:00 stays at 10:00 across the change of the
//! clocks, as RFC 5545 wants), the caller placing each time in its zone. A hostile rule cannot run
//! away: at most `cap` times are kept, and at most [`MAX_STEPS`] times are looked at.

use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use rrule::{RRule, RRuleSet, Tz, Unvalidated};

/// The most times of one rule looked at, inside the window or before it.
pub const MAX_STEPS: usize = 100_000;

/// A rule's FREQ, in upper case ("WEEKLY"), when it names one.
pub fn frequency(rule: &str) -> Option<String> {
    rule.split(';').find_map(|part| {
        let (key, value) = part.split_once('=')?;
        key.trim().eq_ignore_ascii_case("FREQ").then(|| value.trim().to_ascii_uppercase())
    })
}

/// The times a rule gives inside a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// In order, each once.
    pub times: Vec<NaiveDateTime>,
    /// Whether the rule gives more than were kept: more than the cap in the window, or so many
    /// before the window that mpplan stopped looking.
    pub cut: bool,
}

/// The times `rule` (an RRULE's value, "FREQ=WEEKLY;BYDAY=FR") gives from `start` (a wall-clock
/// time, which always counts as the first) that fall in `from..until`. An UNTIL in UTC (with Z) is
/// put on the same wall clock by `utc_to_wall`.
pub fn expand(
    start: NaiveDateTime,
    rule: &str,
    utc_to_wall: &dyn Fn(NaiveDateTime) -> Option<NaiveDateTime>,
    from: NaiveDateTime,
    until: NaiveDateTime,
    cap: usize,
) -> Result<Expansion, String> {
    let rule = rule.trim();
    let fail = |why: String| format!("its RRULE \"{rule}\" {why}");
    // Stepping through every second or minute of the years before a window, filtering as it goes,
    // can take the rule engine minutes: no meeting repeats so often, so such a rule is refused.
    if let Some(freq @ ("SECONDLY" | "MINUTELY")) = frequency(rule).as_deref() {
        return Err(fail(format!(
            "repeats {}; mpplan follows rules that repeat hourly or less often",
            match freq {
                "SECONDLY" => "every second",
                _ => "every minute",
            }
        )));
    }
    let mut parts = Vec::new();
    let mut last = None;
    for part in rule.split(';').filter(|p| !p.trim().is_empty()) {
        match part.split_once('=') {
            Some((key, value)) if key.trim().eq_ignore_ascii_case("UNTIL") => {
                last = Some(
                    until_value(value.trim(), utc_to_wall)
                        .ok_or_else(|| fail("has an UNTIL that is not a date".into()))?,
                );
            }
            _ => parts.push(part.trim()),
        }
    }
    let parsed = RRule::<Unvalidated>::from_str(&parts.join(";")).map_err(|e| fail(format!("cannot be read: {e}")))?;
    let dt_start = Tz::UTC.from_utc_datetime(&start);
    let mut times = Vec::new();
    let keep = |t: NaiveDateTime| t >= from && t < until;
    if keep(start) {
        times.push(start);
    }
    if last.is_some_and(|l| l < start) {
        return Ok(Expansion { times, cut: false });
    }
    let parsed = match last {
        Some(l) => parsed.until(Tz::UTC.from_utc_datetime(&l)),
        None => parsed,
    };
    let rule = parsed.validate(dt_start).map_err(|e| fail(format!("cannot be followed: {e}")))?;
    let mut cut = false;
    let mut steps = 0;
    let set = RRuleSet::new(dt_start).rrule(rule);
    for t in &set {
        let t = t.naive_utc();
        if t >= until {
            break;
        }
        steps += 1;
        if steps > MAX_STEPS || times.len() >= cap {
            cut = true;
            break;
        }
        if keep(t) && t != start {
            times.push(t);
        }
    }
    times.sort();
    times.dedup();
    if times.len() > cap {
        times.truncate(cap);
        cut = true;
    }
    Ok(Expansion { times, cut })
}

/// UNTIL's value as a wall-clock time: a date (the whole of that day counts), a time on the wall
/// clock, or a time in UTC.
fn until_value(value: &str, utc_to_wall: &dyn Fn(NaiveDateTime) -> Option<NaiveDateTime>) -> Option<NaiveDateTime> {
    if value.len() == 8 {
        let day = NaiveDate::parse_from_str(value, "%Y%m%d").ok()?;
        return Some(day.and_time(NaiveTime::from_hms_opt(23, 59, 59)?));
    }
    match value.strip_suffix(['Z', 'z']) {
        Some(utc) => utc_to_wall(NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok()?),
        None => NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn same(t: NaiveDateTime) -> Option<NaiveDateTime> {
        Some(t)
    }

    #[test]
    fn weekly_times_stay_on_the_wall_clock_within_the_window() {
        let e = expand(
            at("2026-10-16 10:00"),
            "FREQ=WEEKLY;BYDAY=FR",
            &same,
            at("2026-10-20 00:00"),
            at("2026-11-07 00:00"),
            50,
        )
        .unwrap();
        assert_eq!(e.times, [at("2026-10-23 10:00"), at("2026-10-30 10:00"), at("2026-11-06 10:00")]);
        assert!(!e.cut);
    }

    #[test]
    fn count_and_until_end_a_rule() {
        let window = (at("2026-01-01 00:00"), at("2028-01-01 00:00"));
        let count = expand(at("2026-12-01 09:00"), "FREQ=DAILY;COUNT=3", &same, window.0, window.1, 50).unwrap();
        assert_eq!(count.times.len(), 3);
        let until = expand(
            at("2026-12-01 09:00"),
            "FREQ=DAILY;UNTIL=20261203T090000Z",
            &|t| Some(t + chrono::TimeDelta::hours(1)),
            window.0,
            window.1,
            50,
        )
        .unwrap();
        assert_eq!(until.times, [at("2026-12-01 09:00"), at("2026-12-02 09:00"), at("2026-12-03 09:00")]);
        let day = expand(at("2026-12-01 09:00"), "FREQ=DAILY;UNTIL=20261202", &same, window.0, window.1, 50).unwrap();
        assert_eq!(day.times.len(), 2);
        let before =
            expand(at("2026-12-01 09:00"), "FREQ=DAILY;UNTIL=20261101", &same, window.0, window.1, 50).unwrap();
        assert_eq!(before.times, [at("2026-12-01 09:00")], "the first time always counts");
    }

    #[test]
    fn hostile_rules_are_bounded() {
        let window = (at("2026-11-24 00:00"), at("2027-11-24 00:00"));
        let hourly = expand(at("2026-11-24 00:00"), "FREQ=HOURLY", &same, window.0, window.1, 500).unwrap();
        assert_eq!((hourly.times.len(), hourly.cut), (500, true));
        let long_ago =
            expand(at("1900-01-01 00:00"), "FREQ=HOURLY;COUNT=1000000000", &same, window.0, window.1, 500).unwrap();
        assert!(long_ago.cut && long_ago.times.is_empty(), "{long_ago:?}");
        for (rule, said) in
            [("FREQ=SECONDLY", "repeats every second"), ("freq=minutely;COUNT=5", "repeats every minute")]
        {
            let err = expand(at("2026-11-24 00:00"), rule, &same, window.0, window.1, 500).unwrap_err();
            assert!(err.contains(said) && err.ends_with("hourly or less often"), "{err}");
        }
        for bad in ["FREQ=NEVER", "BYDAY=XX", "FREQ=DAILY;UNTIL=soon", ""] {
            assert!(
                expand(at("2026-11-24 00:00"), bad, &same, window.0, window.1, 5).unwrap_err().starts_with("its RRULE"),
                "{bad}"
            );
        }
    }
}
