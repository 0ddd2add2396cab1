//! Reading the dates and wall-clock times the store keeps as text ('YYYY-MM-DD', 'YYYY-MM-DD HH:MM').
//! The usual layout is read by position; anything else goes through chrono's parser as before. The
//! agenda reads tens of thousands of them, and parsing each through a format string was a tenth of
//! its time.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::Row;
use rusqlite::types::{FromSql, FromSqlResult, ValueRef};

use super::convert::{Columns, Unreadable};
use crate::domain::engagement::proposal::TIME_FORMAT;

/// A date stored as 'YYYY-MM-DD'.
pub(super) struct Day(pub NaiveDate);

impl Day {
    pub fn from_text(text: &str) -> Result<Day, chrono::ParseError> {
        match day(text.as_bytes()) {
            Some(d) => Ok(Day(d)),
            None => NaiveDate::parse_from_str(text, "%F").map(Day),
        }
    }
}

impl FromSql for Day {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        // The usual layout is read from the bytes, which it shows are UTF-8, without checking them first.
        if let ValueRef::Text(bytes) = value
            && let Some(d) = day(bytes)
        {
            return Ok(Day(d));
        }
        let text = value.as_str()?;
        Ok(Day::from_text(text).map_err(|_| Unreadable::new(text, "a date (YYYY-MM-DD)"))?)
    }
}

/// A wall-clock time stored as 'YYYY-MM-DD HH:MM'.
struct Wall(NaiveDateTime);

impl FromSql for Wall {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        if let ValueRef::Text(bytes) = value
            && let Some(t) = wall(bytes)
        {
            return Ok(Wall(t));
        }
        let text = value.as_str()?;
        match wall(text.as_bytes()) {
            Some(t) => Ok(Wall(t)),
            None => Ok(NaiveDateTime::parse_from_str(text, TIME_FORMAT)
                .map(Wall)
                .map_err(|_| Unreadable::new(text, "a time (YYYY-MM-DD HH:MM)"))?),
        }
    }
}

/// The date in column `i` of `r`, if not NULL.
pub(super) fn date_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(r.stored::<Option<Day>>(i)?.map(|d| d.0))
}

/// The wall-clock time ('YYYY-MM-DD HH:MM') in column `i` of `r`.
pub(super) fn time_at(r: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDateTime> {
    Ok(r.stored::<Wall>(i)?.0)
}

/// `n` ASCII digits as a number.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

/// 'YYYY-MM-DD', exactly.
pub(super) fn day(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(&b[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(&b[5..7])?, digits(&b[8..10])?)
}

/// 'YYYY-MM-DD HH:MM', exactly.
fn wall(b: &[u8]) -> Option<NaiveDateTime> {
    if b.len() != 16 || b[10] != b' ' || b[13] != b':' {
        return None;
    }
    let time = NaiveTime::from_hms_opt(digits(&b[11..13])?, digits(&b[14..16])?, 0)?;
    Some(day(&b[..10])?.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;
    use proptest::prelude::*;

    #[test]
    fn the_stored_layouts_are_read_and_others_are_left_to_chrono() {
        assert_eq!(day(b"2026-11-24"), NaiveDate::from_ymd_opt(2026, 11, 24));
        assert_eq!(wall(b"2026-11-24 09:30"), NaiveDate::from_ymd_opt(2026, 11, 24).unwrap().and_hms_opt(9, 30, 0));
        for bad in ["2026-02-30", "2026-13-01", "2026-1-05", "20261124", "2026-11-24x", "２０２６-11-24", "+026-11-24"]
        {
            assert_eq!(day(bad.as_bytes()), None, "{bad}");
        }
        for bad in ["2026-11-24 24:00", "2026-11-24 09:60", "2026-11-24T09:30", "2026-11-24 9:30"] {
            assert_eq!(wall(bad.as_bytes()), None, "{bad}");
        }
    }

    proptest! {
        /// Whatever the text, the fast reading agrees with chrono's wherever it gives an answer, and
        /// gives one for every date and time chrono writes in the stored layouts.
        #[test]
        fn the_fast_reading_agrees_with_chrono(text in "[0-9 :-]{8,18}", days in -200_000i64..200_000, minute in 0u32..1440) {
            if let Some(d) = day(text.as_bytes()) {
                prop_assert_eq!(Some(d), NaiveDate::parse_from_str(&text, "%F").ok());
            }
            if let Some(t) = wall(text.as_bytes()) {
                prop_assert_eq!(Some(t), NaiveDateTime::parse_from_str(&text, TIME_FORMAT).ok());
            }
            let date = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::TimeDelta::days(days);
            let at = date.and_hms_opt(minute / 60, minute % 60, 0).unwrap();
            if (0..=9999).contains(&date.year()) {
                prop_assert_eq!(day(date.to_string().as_bytes()), Some(date));
                prop_assert_eq!(wall(at.format(TIME_FORMAT).to_string().as_bytes()), Some(at));
            }
        }
    }
}
