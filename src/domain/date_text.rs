//! Dates and times written straight into a `String`, as chrono's `format` writes them with the
//! few layouts the program shows ("Tuesday 3 March 2026", "Tue 3 Mar 2026 09:30"), but from the
//! date's numbers, without going through a format string: the agenda writes thousands of them.
//! A year chrono would write otherwise than as four digits (before 0 or after 9999) is left to
//! chrono, so the text is always chrono's.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::domain::text::strftime;

const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The first three letters of a weekday's or month's name, as `%a` and `%b` give them.
fn short(name: &str) -> &str {
    name.get(..3).unwrap_or(name)
}

/// Appends a number below 100 without padding ("3", "24").
fn push_small(out: &mut String, n: u32) {
    if n >= 10 {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Appends `n` (below 100) as two digits ("09").
pub(crate) fn push_two(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Appends the year as `%Y` writes it, or returns false for one outside 0–9999 (which chrono
/// writes with a sign), appending nothing.
fn push_year(out: &mut String, year: i32) -> bool {
    let Ok(year) = u32::try_from(year) else { return false };
    if year > 9999 {
        return false;
    }
    push_two(out, year / 100);
    push_two(out, year % 100);
    true
}

/// Appends "Tuesday 3 March 2026" (`%A %-d %B %Y`).
pub fn push_long_date(out: &mut String, date: NaiveDate) {
    let mark = out.len();
    out.push_str(WEEKDAYS[date.weekday().num_days_from_monday() as usize]);
    out.push(' ');
    push_small(out, date.day());
    out.push(' ');
    out.push_str(MONTHS[date.month0() as usize]);
    out.push(' ');
    if !push_year(out, date.year()) {
        out.truncate(mark);
        push_chrono(out, date.format_with_items(strftime!("%A %-d %B %Y")));
    }
}

/// Appends "Tue 3 Mar 2026" (`%a %-d %b %Y`).
pub fn push_short_date(out: &mut String, date: NaiveDate) {
    let mark = out.len();
    out.push_str(short(WEEKDAYS[date.weekday().num_days_from_monday() as usize]));
    out.push(' ');
    if !push_day_month_year_inner(out, date) {
        out.truncate(mark);
        push_chrono(out, date.format_with_items(strftime!("%a %-d %b %Y")));
    }
}

/// Appends "3 Mar 2026" (`%-d %b %Y`).
pub fn push_day_month_year(out: &mut String, date: NaiveDate) {
    let mark = out.len();
    if !push_day_month_year_inner(out, date) {
        out.truncate(mark);
        push_chrono(out, date.format_with_items(strftime!("%-d %b %Y")));
    }
}

fn push_day_month_year_inner(out: &mut String, date: NaiveDate) -> bool {
    push_small(out, date.day());
    out.push(' ');
    out.push_str(short(MONTHS[date.month0() as usize]));
    out.push(' ');
    push_year(out, date.year())
}

/// Appends "09:30" (`%H:%M`).
pub fn push_clock(out: &mut String, time: NaiveTime) {
    push_two(out, time.hour());
    out.push(':');
    push_two(out, time.minute());
}

/// Appends "Tue 3 Mar 2026 09:30" (`%a %-d %b %Y %H:%M`).
pub fn push_short_date_time(out: &mut String, at: NaiveDateTime) {
    push_short_date(out, at.date());
    out.push(' ');
    push_clock(out, at.time());
}

fn push_chrono(out: &mut String, text: impl std::fmt::Display) {
    use std::fmt::Write;
    let _ = write!(out, "{text}");
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn written(push: impl Fn(&mut String)) -> String {
        let mut out = "before ".to_string();
        push(&mut out);
        out.strip_prefix("before ").unwrap().to_string()
    }

    #[test]
    fn the_layouts_the_program_shows() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        let at = date.and_hms_opt(9, 5, 0).unwrap();
        assert_eq!(written(|o| push_long_date(o, date)), "Tuesday 3 March 2026");
        assert_eq!(written(|o| push_short_date(o, date)), "Tue 3 Mar 2026");
        assert_eq!(written(|o| push_day_month_year(o, date)), "3 Mar 2026");
        assert_eq!(written(|o| push_clock(o, at.time())), "09:05");
        assert_eq!(written(|o| push_short_date_time(o, at)), "Tue 3 Mar 2026 09:05");
        let far = NaiveDate::from_ymd_opt(-12, 12, 31).unwrap();
        assert_eq!(written(|o| push_long_date(o, far)), far.format("%A %-d %B %Y").to_string());
    }

    proptest! {
        /// Every layout is written exactly as chrono's format writes it, for any date chrono has
        /// (years with a sign included) and any minute of the day.
        #[test]
        fn the_text_is_chronos(days in -100_000_000i64..100_000_000, near in -4_000_000i64..4_000_000, minute in 0u32..1440, second in 0u32..60) {
            for days in [days, near] {
                let Some(date) = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap().checked_add_signed(chrono::TimeDelta::days(days)) else { continue };
                let at = date.and_hms_opt(minute / 60, minute % 60, second).unwrap();
                prop_assert_eq!(written(|o| push_long_date(o, date)), date.format("%A %-d %B %Y").to_string());
                prop_assert_eq!(written(|o| push_short_date(o, date)), date.format("%a %-d %b %Y").to_string());
                prop_assert_eq!(written(|o| push_day_month_year(o, date)), date.format("%-d %b %Y").to_string());
                prop_assert_eq!(written(|o| push_clock(o, at.time())), at.format("%H:%M").to_string());
                prop_assert_eq!(written(|o| push_short_date_time(o, at)), at.format("%a %-d %b %Y %H:%M").to_string());
            }
        }
    }
}
