//! When the MP is expected in Westminster on a sitting day, and the travel edges of a sitting week,
//! kept in one table so that a setting can change them.

use std::fmt;

use chrono::Weekday;

use crate::domain::date_text::push_two;

/// Minutes in a day: a [`Span`] ending here runs to midnight (shown as 24:00).
pub const DAY_MINUTES: u16 = 24 * 60;

/// A stretch of one day, in minutes after midnight, from `from` up to (not including) `until`;
/// `until` may be [`DAY_MINUTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub from: u16,
    pub until: u16,
}

impl Span {
    pub const ALL_DAY: Span = Span { from: 0, until: DAY_MINUTES };

    /// `Span::hm(9, 30, 14, 30)` is 09:30–14:30.
    pub const fn hm(from_h: u16, from_m: u16, until_h: u16, until_m: u16) -> Span {
        Span { from: from_h * 60 + from_m, until: until_h * 60 + until_m }
    }

    pub fn is_all_day(&self) -> bool {
        self.from == 0 && self.until >= DAY_MINUTES
    }

    /// Whether the span overlaps the part of a day from `from_s` to `until_s` (seconds after
    /// midnight, half-open).
    pub fn overlaps_seconds(&self, from_s: u32, until_s: u32) -> bool {
        u32::from(self.from) * 60 < until_s && from_s < u32::from(self.until) * 60
    }

    /// Whether the span holds all of the part of a day from `from_s` to `until_s` (seconds).
    pub fn holds_seconds(&self, from_s: u32, until_s: u32) -> bool {
        u32::from(self.from) * 60 <= from_s && until_s <= u32::from(self.until) * 60
    }

    /// "all day", "from 12:00", "until 17:30" or "from 09:30 to 14:30".
    pub fn describe(&self) -> String {
        let mut text = String::with_capacity(18);
        self.push_description(&mut text);
        text
    }

    /// Appends [`Span::describe`] to `out`.
    pub fn push_description(&self, out: &mut String) {
        match (self.from == 0, self.until >= DAY_MINUTES) {
            (true, true) => out.push_str("all day"),
            (false, true) => {
                out.push_str("from ");
                push_clock_minutes(out, self.from);
            }
            (true, false) => {
                out.push_str("until ");
                push_clock_minutes(out, self.until);
            }
            (false, false) => {
                out.push_str("from ");
                push_clock_minutes(out, self.from);
                out.push_str(" to ");
                push_clock_minutes(out, self.until);
            }
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", clock(self.from), clock(self.until))
    }
}

/// "09:30" for 570 minutes; 1440 is "24:00".
pub fn clock(minutes: u16) -> String {
    let mut text = String::with_capacity(5);
    push_clock_minutes(&mut text, minutes);
    text
}

/// Appends [`clock`]`(minutes)` to `out`.
pub fn push_clock_minutes(out: &mut String, minutes: u16) {
    use std::fmt::Write;
    let (hours, minutes) = (minutes / 60, minutes % 60);
    if hours < 100 {
        push_two(out, hours.into());
        out.push(':');
        push_two(out, minutes.into());
    } else {
        let _ = write!(out, "{hours}:{minutes:02}");
    }
}

/// The hours table, one entry per weekday from Monday (index 0) to Sunday (index 6). It applies
/// only to sitting days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hours {
    /// When the MP is expected in Westminster on a sitting day of that weekday.
    pub westminster: [Option<Span>; 7],
    /// When the MP may be travelling between constituency and Westminster on a sitting day.
    pub travel: [Option<Span>; 7],
}

/// DESIGN.md §3: Monday from 12:00, Tuesday and Wednesday all day, Thursday until 17:30, a sitting
/// Friday 09:30–14:30, any other sitting day all day; travel edges Monday before 12:00 and
/// Thursday after 17:30.
pub const DEFAULT_HOURS: Hours = Hours {
    westminster: [
        Some(Span::hm(12, 0, 24, 0)),
        Some(Span::ALL_DAY),
        Some(Span::ALL_DAY),
        Some(Span::hm(0, 0, 17, 30)),
        Some(Span::hm(9, 30, 14, 30)),
        Some(Span::ALL_DAY),
        Some(Span::ALL_DAY),
    ],
    travel: [Some(Span::hm(0, 0, 12, 0)), None, None, Some(Span::hm(17, 30, 24, 0)), None, None, None],
};

impl Default for Hours {
    fn default() -> Self {
        DEFAULT_HOURS
    }
}

impl Hours {
    /// When the MP is expected in Westminster on a sitting `weekday`.
    pub fn westminster_on(&self, weekday: Weekday) -> Option<Span> {
        self.westminster[weekday.num_days_from_monday() as usize]
    }

    /// The travel edge of a sitting `weekday`, if it has one.
    pub fn travel_on(&self, weekday: Weekday) -> Option<Span> {
        self.travel[weekday.num_days_from_monday() as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_is_hours_and_minutes_of_two_digits_each_as_format_gives_them() {
        for minutes in [0, 5, 59, 60, 570, 1439, 1440, 5999, 6000, 6001, u16::MAX] {
            let mut out = "at ".to_string();
            push_clock_minutes(&mut out, minutes);
            assert_eq!(out, format!("at {:02}:{:02}", minutes / 60, minutes % 60));
        }
        assert_eq!(clock(570), "09:30");
    }

    #[test]
    fn default_table_matches_the_design() {
        let hours = Hours::default();
        assert_eq!(hours.westminster_on(Weekday::Mon).unwrap().describe(), "from 12:00");
        assert_eq!(hours.westminster_on(Weekday::Tue).unwrap().describe(), "all day");
        assert_eq!(hours.westminster_on(Weekday::Thu).unwrap().describe(), "until 17:30");
        assert_eq!(hours.westminster_on(Weekday::Fri).unwrap().describe(), "from 09:30 to 14:30");
        assert!(hours.westminster_on(Weekday::Sat).unwrap().is_all_day());
        assert_eq!(hours.travel_on(Weekday::Mon).unwrap().to_string(), "00:00–12:00");
        assert_eq!(hours.travel_on(Weekday::Thu).unwrap().describe(), "from 17:30");
        assert_eq!(hours.travel_on(Weekday::Wed), None);
    }

    #[test]
    fn spans_overlap_half_open() {
        let monday = Span::hm(12, 0, 24, 0);
        assert!(!monday.overlaps_seconds(11 * 3600, 12 * 3600));
        assert!(monday.overlaps_seconds(11 * 3600, 12 * 3600 + 1));
        assert!(monday.holds_seconds(12 * 3600, 86_400));
        assert!(!monday.holds_seconds(11 * 3600, 13 * 3600));
    }
}
