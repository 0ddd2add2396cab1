//! Reading the dates, times and durations a user types, and placing wall-clock times in London.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Weekday};
use chrono_tz::{Europe::London, Tz};

use crate::domain::date_text::push_clock;
use crate::domain::text::printable;
use crate::domain::text::strftime;

/// The date forms, for error messages.
pub const DATE_FORMS: &str = "YYYY-MM-DD, today, tomorrow, a weekday (mon … sun: the next one), +3d or +2w, \
    or day first as in the UK: 4/12/2026, 4 Dec 2026, 4 December (without a year, the next 4 December)";

/// How long a slot is when no end or length is given: an hour, on the command line (`mpplan
/// check`) as in the screens' proposal form.
pub const DEFAULT_DURATION: &str = "1h";

/// The longest slot or duration allowed.
pub const MAX_SLOT_HOURS: i64 = 24;

/// The most days an all-day proposal may cover.
pub const MAX_ALL_DAY_DAYS: u64 = 31;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    #[error("\"{}\" is not a date: {reason}; give {DATE_FORMS}", printable(.input))]
    Date { input: String, reason: &'static str },
    #[error("\"{}\" is not a date and time: {reason}; give \"YYYY-MM-DD HH:MM\" (the date may also be {DATE_FORMS})",
        printable(.input))]
    DateTime { input: String, reason: String },
    #[error("\"{}\" is not a duration: {reason}; give hours and minutes such as 90m, 1h, 1h30m or \"2h 15m\" \
        (more than zero, at most 24 hours)", printable(.input))]
    Duration { input: String, reason: &'static str },
    #[error("{} does not exist in London: the clocks go forward over that time; choose a time outside the missing hour",
        .0.format("%Y-%m-%d %H:%M"))]
    NotInLondon(NaiveDateTime),
    #[error("the end ({}) is not after the start ({})", .end.format("%Y-%m-%d %H:%M"), .start.format("%Y-%m-%d %H:%M"))]
    EndNotAfterStart { start: NaiveDateTime, end: NaiveDateTime },
    #[error("the slot from {} to {} lasts longer than 24 hours", .start.format("%Y-%m-%d %H:%M"),
        .end.format("%Y-%m-%d %H:%M"))]
    TooLong { start: NaiveDateTime, end: NaiveDateTime },
    #[error(
        "the days from {first} to {last} are more than {MAX_ALL_DAY_DAYS}; an all-day proposal covers at most \
        {MAX_ALL_DAY_DAYS} days"
    )]
    TooManyDays { first: NaiveDate, last: NaiveDate },
    #[error("an all-day proposal runs from midnight to midnight, not from {} to {}", .start.format("%Y-%m-%d %H:%M"),
        .end.format("%Y-%m-%d %H:%M"))]
    NotWholeDays { start: NaiveDateTime, end: NaiveDateTime },
}

/// "Fri 6 Mar 2026 10:00–11:30", or with both dates when the slot crosses midnight.
pub fn slot_text(start: NaiveDateTime, end: NaiveDateTime) -> String {
    if start.date() == end.date() {
        format!(
            "{}–{}",
            start.format_with_items(strftime!("%a %-d %b %Y %H:%M")),
            end.format_with_items(strftime!("%H:%M"))
        )
    } else {
        format!(
            "{} – {}",
            start.format_with_items(strftime!("%a %-d %b %Y %H:%M")),
            end.format_with_items(strftime!("%a %-d %b %Y %H:%M"))
        )
    }
}

/// [`span_text`] for a span whose times may be second readings ([`Fold`]): each such time is
/// followed by "GMT" ("Sun 25 Oct 2026 01:30 GMT–02:30").
pub fn folded_span_text(start: NaiveDateTime, end: NaiveDateTime, all_day: bool, fold: Fold) -> String {
    if fold.is_none() || all_day {
        return span_text(start, end, all_day);
    }
    let gmt = |second: bool| if second { " GMT" } else { "" };
    let from = format!("{}{}", start.format_with_items(strftime!("%a %-d %b %Y %H:%M")), gmt(fold.start));
    match start.date() == end.date() {
        true => format!("{from}–{}{}", end.format_with_items(strftime!("%H:%M")), gmt(fold.end)),
        false => format!("{from} – {}{}", end.format_with_items(strftime!("%a %-d %b %Y %H:%M")), gmt(fold.end)),
    }
}

/// "Fri 8 Jan 2027, all day", "Fri 8 Jan – Sun 10 Jan 2027, all day" for an all-day span (see
/// [`day_span`]), else [`slot_text`].
pub fn span_text(start: NaiveDateTime, end: NaiveDateTime, all_day: bool) -> String {
    if !all_day {
        return slot_text(start, end);
    }
    let (first, last) = days_of(start, end);
    match (first == last, first.year() == last.year()) {
        (true, _) => format!("{}, all day", first.format_with_items(strftime!("%a %-d %b %Y"))),
        (false, true) => format!(
            "{} – {}, all day",
            first.format_with_items(strftime!("%a %-d %b")),
            last.format_with_items(strftime!("%a %-d %b %Y"))
        ),
        (false, false) => format!(
            "{} – {}, all day",
            first.format_with_items(strftime!("%a %-d %b %Y")),
            last.format_with_items(strftime!("%a %-d %b %Y"))
        ),
    }
}

/// The hours of a span on its day: "10:00–11:30", or "all day".
pub fn hours_text(start: NaiveDateTime, end: NaiveDateTime, all_day: bool) -> String {
    if all_day {
        return "all day".into();
    }
    let mut text = String::with_capacity("10:00–11:30".len());
    push_clock(&mut text, start.time());
    text.push('–');
    push_clock(&mut text, end.time());
    text
}

/// When a span starts, short: "Fri 27 Nov 10:00", or "Fri 27 Nov, all day".
pub fn start_text(start: NaiveDateTime, all_day: bool) -> String {
    if all_day {
        format!("{}, all day", start.format_with_items(strftime!("%a %-d %b")))
    } else {
        start.format_with_items(strftime!("%a %-d %b %H:%M")).to_string()
    }
}

/// The wall-clock start and end of the days `first` to `last`: `first` at 00:00 to the day after
/// `last` at 00:00. The days must be in order and at most [`MAX_ALL_DAY_DAYS`].
pub fn day_span(first: NaiveDate, last: NaiveDate) -> Result<(NaiveDateTime, NaiveDateTime), WhenError> {
    let start = first.and_time(NaiveTime::MIN);
    if last < first {
        return Err(WhenError::EndNotAfterStart { start, end: last.and_time(NaiveTime::MIN) });
    }
    if (last - first).num_days() >= MAX_ALL_DAY_DAYS as i64 {
        return Err(WhenError::TooManyDays { first, last });
    }
    let end = last.succ_opt().ok_or(WhenError::TooManyDays { first, last })?.and_time(NaiveTime::MIN);
    Ok((start, end))
}

/// The first and last day of an all-day span (its end is the day after the last at 00:00).
pub fn days_of(start: NaiveDateTime, end: NaiveDateTime) -> (NaiveDate, NaiveDate) {
    let first = start.date();
    let last = if end.time() == NaiveTime::MIN { end.date().pred_opt().unwrap_or(first) } else { end.date() };
    (first, last.max(first))
}

/// Checks a proposal's span: an all-day one runs from midnight to midnight over at most
/// [`MAX_ALL_DAY_DAYS`] days; any other is checked by [`validate_slot`].
pub fn validate_span(start: NaiveDateTime, end: NaiveDateTime, all_day: bool) -> Result<(), WhenError> {
    if !all_day {
        return validate_slot(start, end).map(|_| ());
    }
    if start.time() != NaiveTime::MIN || end.time() != NaiveTime::MIN {
        return Err(WhenError::NotWholeDays { start, end });
    }
    if end <= start {
        return Err(WhenError::EndNotAfterStart { start, end });
    }
    let (first, last) = days_of(start, end);
    day_span(first, last).map(|_| ())
}

/// Reads a date: `YYYY-MM-DD`, `today`, `tomorrow`, a weekday (`mon` or `monday`: the next such day
/// after `today`), `+3d` or `+2w`; or a UK date, day first: `4/12/2026` (also `4.12.2026`), `4 Dec
/// 2026`, `4th December 2026`. Without a year (`4/12`, `4 Dec`) it is the next such day: today, if
/// today is that day, else the coming one, never one in the past (29 February is the next that
/// there is). The year is four digits: `4/12/26` is refused, as a year could be misread.
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, WhenError> {
    let fail = |reason| WhenError::Date { input: input.to_string(), reason };
    let word = input.trim().to_lowercase();
    if word.is_empty() {
        return Err(fail("it is empty"));
    }
    match word.as_str() {
        "today" => return Ok(today),
        "tomorrow" => return today.succ_opt().ok_or_else(|| fail("it is out of range")),
        _ => {}
    }
    if let Some(weekday) = weekday(&word) {
        let ahead = (7 + weekday.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
        let ahead = if ahead == 0 { 7 } else { ahead };
        return today.checked_add_days(Days::new(u64::from(ahead))).ok_or_else(|| fail("it is out of range"));
    }
    if let Some(offset) = word.strip_prefix('+') {
        let (digits, unit) = offset.split_at(offset.trim_end_matches(char::is_alphabetic).len());
        let per = match unit {
            "d" | "day" | "days" => 1,
            "w" | "wk" | "week" | "weeks" => 7,
            _ => return Err(fail("an offset ends in d (days) or w (weeks)")),
        };
        let count: u64 = parse_small(digits).ok_or_else(|| fail("an offset is a whole number of days or weeks"))?;
        return today.checked_add_days(Days::new(count * per)).ok_or_else(|| fail("it is out of range"));
    }
    if word.contains(['/', '.']) {
        return numeric_uk_date(&word, today).map_err(fail);
    }
    if word.contains(char::is_whitespace)
        || (word.starts_with(|c: char| c.is_ascii_digit()) && word.contains(char::is_alphabetic))
    {
        return worded_uk_date(&word, today).map_err(fail);
    }
    iso_date(&word).map_err(fail)
}

/// "4/12/2026" or "4.12.2026" (day, month, year), or "4/12" (the next 4 December).
fn numeric_uk_date(word: &str, today: NaiveDate) -> Result<NaiveDate, &'static str> {
    let parts: Vec<&str> = word.split(['/', '.']).collect();
    let (day, month, year) = match parts.as_slice() {
        [day, month] => (*day, *month, None),
        [day, month, year] => (*day, *month, Some(*year)),
        _ => return Err("it is not one of the accepted forms"),
    };
    let short = |text: &str| parse_small::<u32>(text).filter(|_| text.len() <= 2);
    let (Some(day), Some(month)) = (short(day), short(month)) else {
        return Err("a UK date is the day, the month and the year in figures, as 4/12/2026");
    };
    if month > 12 {
        return Err("there is no such month: dates are day first, as 4/12/2026 for 4 December 2026");
    }
    let year = match year {
        None => None,
        Some(year) if year.len() == 4 => Some(parse_small(year).ok_or("its year should be four digits")?),
        Some(_) => return Err("its year should be four digits, as 4/12/2026"),
    };
    day_month(day, month, year, today)
}

/// "4 Dec", "4 December 2026", "4th dec 2026", "4dec" (day first, then the month by name).
fn worded_uk_date(word: &str, today: NaiveDate) -> Result<NaiveDate, &'static str> {
    const FORM: &str = "it is not one of the accepted forms";
    let word = word.replace(',', " ");
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let day: u32 = parse_small(&word[..digits]).filter(|_| digits <= 2).ok_or(FORM)?;
    let rest = word[digits..].trim_start();
    let rest = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| rest.strip_prefix(suffix).filter(|r| r.is_empty() || r.starts_with(char::is_whitespace)))
        .unwrap_or(rest);
    let mut words = rest.split_whitespace();
    let month = words.next().and_then(month_number).ok_or(FORM)?;
    let year = match words.next() {
        None => None,
        Some(year) if year.len() == 4 => Some(parse_small(year).ok_or("its year should be four digits")?),
        Some(_) => return Err("its year should be four digits, as 4 Dec 2026"),
    };
    if words.next().is_some() {
        return Err(FORM);
    }
    day_month(day, month, year, today)
}

/// The day `day` of `month`: of `year`, or without one the next such day from `today` on.
fn day_month(day: u32, month: u32, year: Option<i32>, today: NaiveDate) -> Result<NaiveDate, &'static str> {
    const NO_SUCH_DAY: &str = "there is no such day in the calendar";
    if let Some(year) = year {
        return NaiveDate::from_ymd_opt(year, month, day).ok_or(NO_SUCH_DAY);
    }
    // 29 February comes round within eight years (1900 and 2100 were not leap years).
    (today.year()..=today.year() + 8)
        .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
        .find(|date| *date >= today)
        .ok_or(NO_SUCH_DAY)
}

/// January to December by name, in full or shortened ("sept" too).
fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let word = word.trim_end_matches('.');
    if word == "sept" {
        return Some(9);
    }
    MONTHS.iter().position(|name| *name == word || (word.len() == 3 && name.starts_with(word))).map(|i| i as u32 + 1)
}

/// Reads a date and a time of day, "YYYY-MM-DD HH:MM"; the date may be any form [`parse_date`]
/// accepts ("tomorrow 10:00", "fri 09:30"). 24:00 is not a time.
pub fn parse_datetime(input: &str, today: NaiveDate) -> Result<NaiveDateTime, WhenError> {
    let fail = |reason: &str| WhenError::DateTime { input: input.to_string(), reason: reason.to_string() };
    let trimmed = input.trim();
    let (date, time) = match trimmed.rsplit_once(char::is_whitespace) {
        Some((date, time)) => (date.trim(), time),
        None => match trimmed.split_once(['T', 't']) {
            Some((date, time)) if date.len() == 10 => (date, time),
            _ if trimmed.contains(':') => return Err(fail("it has no date before the time")),
            _ => return Err(fail("it has no time of day (HH:MM)")),
        },
    };
    let time = parse_time(time).map_err(fail)?;
    let date = parse_date(date, today).map_err(|err| match err {
        WhenError::Date { reason, .. } => fail(&format!("its date \"{}\" is not valid ({reason})", printable(date))),
        other => fail(&other.to_string()),
    })?;
    Ok(date.and_time(time))
}

/// Reads a time of day, "HH:MM" from 00:00 to 23:59.
fn parse_time(text: &str) -> Result<NaiveTime, &'static str> {
    let (hour, minute) = text.split_once(':').ok_or("its time should be HH:MM")?;
    let hour: u32 = parse_small(hour).filter(|_| hour.len() <= 2).ok_or("its time should be HH:MM")?;
    let minute: u32 = parse_small(minute).filter(|_| minute.len() == 2).ok_or("its time should be HH:MM")?;
    if hour == 24 && minute == 0 {
        return Err("24:00 is not a time of day (use 00:00 of the next day)");
    }
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or("its time should be from 00:00 to 23:59")
}

/// Reads a duration: "90m", "1h", "1h30m", "2h 15m" (also "hr", "min", "hours", "minutes"). It must
/// be more than zero and at most 24 hours.
pub fn parse_duration(input: &str) -> Result<TimeDelta, WhenError> {
    let fail = |reason| WhenError::Duration { input: input.to_string(), reason };
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    if compact.is_empty() {
        return Err(fail("it is empty"));
    }
    let mut rest = compact.as_str();
    let mut minutes: u64 = 0;
    let mut seen_hours = false;
    let mut seen_minutes = false;
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return Err(fail("each part should be a number followed by h or m"));
        }
        let number: u64 = parse_small(&rest[..digits]).ok_or_else(|| fail("a number is too large"))?;
        rest = &rest[digits..];
        let letters = rest.len() - rest.trim_start_matches(|c: char| c.is_alphabetic()).len();
        let unit = &rest[..letters];
        rest = &rest[letters..];
        match unit {
            "h" | "hr" | "hrs" | "hour" | "hours" if !seen_hours && !seen_minutes => {
                seen_hours = true;
                minutes += number * 60;
            }
            "m" | "min" | "mins" | "minute" | "minutes" if !seen_minutes => {
                seen_minutes = true;
                minutes += number;
            }
            "" => return Err(fail("a number needs a unit, h or m")),
            "h" | "hr" | "hrs" | "hour" | "hours" | "m" | "min" | "mins" | "minute" | "minutes" => {
                return Err(fail("give hours once, then minutes once"));
            }
            _ => return Err(fail("the units are h and m")),
        }
    }
    if minutes == 0 {
        return Err(fail("it is zero"));
    }
    if minutes > 60 * MAX_SLOT_HOURS as u64 {
        return Err(fail("it is longer than 24 hours"));
    }
    Ok(TimeDelta::minutes(minutes as i64))
}

/// Which reading of a span's wall-clock times is meant where London's clocks show the same time
/// twice (the hour after 01:00 on the night they go back): `true` for the second, GMT, reading.
/// Anywhere else both are false.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Fold {
    pub start: bool,
    pub end: bool,
}

impl Fold {
    /// As stored: bit 1 for the start, bit 2 for the end.
    pub fn bits(self) -> u8 {
        u8::from(self.start) | u8::from(self.end) << 1
    }

    pub fn from_bits(bits: u8) -> Fold {
        Fold { start: bits & 1 != 0, end: bits & 2 != 0 }
    }

    pub fn is_none(&self) -> bool {
        *self == Fold::default()
    }
}

/// Places a London wall-clock time, the second reading when `second` and the time happens twice;
/// otherwise as [`london`].
pub fn london_reading(local: NaiveDateTime, second: bool) -> Result<DateTime<Tz>, WhenError> {
    match London.from_local_datetime(&local) {
        chrono::LocalResult::Ambiguous(_, later) if second => Ok(later),
        _ => london(local),
    }
}

/// A London instant on the wall clock, with whether it is the second reading of a time the clocks
/// show twice.
pub fn wall_reading(at: DateTime<Tz>) -> (NaiveDateTime, bool) {
    let local = at.with_timezone(&London);
    let naive = local.naive_local();
    let second =
        matches!(London.from_local_datetime(&naive), chrono::LocalResult::Ambiguous(_, later) if later == local);
    (naive, second)
}

/// Places a London wall-clock time: a time skipped when the clocks go forward is an error; a time
/// that happens twice when they go back is taken the first time (the earlier instant).
pub fn london(local: NaiveDateTime) -> Result<DateTime<Tz>, WhenError> {
    London.from_local_datetime(&local).earliest().ok_or(WhenError::NotInLondon(local))
}

/// The London wall-clock end of a slot that starts at the wall-clock `start` and lasts `length` of
/// real elapsed time: the start is placed in London (a time skipped when the clocks go forward is an
/// error; a repeated time is taken the first time, the earlier instant, as [`london`] does), the
/// length is added to that instant, and the end is read on London's clocks. So an hour from 00:30 on
/// the night the clocks go forward ends at 02:30. Times are stored without their offset, so an end
/// read in the hour that happens twice when the clocks go back is that reading (00:30 and two hours
/// end at 01:30). One case cannot be stored that way: a start in the first instance of that hour
/// whose end falls in its second reads on the clock at or before the start (01:30 BST and an hour is
/// 01:30 GMT); that end is taken on the wall clock instead, `start + length` (02:30), as the only
/// reading after the start, and the slot is then an hour longer than asked. An end beyond the
/// calendar is too long.
pub fn local_end(start: NaiveDateTime, length: TimeDelta) -> Result<NaiveDateTime, WhenError> {
    let from = london(start)?;
    let until = from.checked_add_signed(length).ok_or(WhenError::TooLong { start, end: start })?;
    let end = until.naive_local();
    if end > start || length <= TimeDelta::zero() {
        return Ok(end);
    }
    start.checked_add_signed(length).ok_or(WhenError::TooLong { start, end: start })
}

/// Checks a slot of London wall-clock times: both exist, the end is after the start, and it lasts
/// at most 24 hours of real elapsed time (across a change of the clocks).
pub fn validate_slot(start: NaiveDateTime, end: NaiveDateTime) -> Result<(DateTime<Tz>, DateTime<Tz>), WhenError> {
    let (from, until) = (london(start)?, london(end)?);
    if until <= from {
        return Err(WhenError::EndNotAfterStart { start, end });
    }
    if until - from > TimeDelta::hours(MAX_SLOT_HOURS) {
        return Err(WhenError::TooLong { start, end });
    }
    Ok((from, until))
}

fn weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "weds" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// "2025-03-04", strictly: four, two and two digits.
fn iso_date(word: &str) -> Result<NaiveDate, &'static str> {
    let parts: Vec<&str> = word.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return Err("it is not one of the accepted forms");
    };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return Err("it is not one of the accepted forms");
    }
    let (Some(year), Some(month), Some(day)) = (parse_small(year), parse_small(month), parse_small(day)) else {
        return Err("it is not one of the accepted forms");
    };
    NaiveDate::from_ymd_opt(year, month, day).ok_or("there is no such day in the calendar")
}

/// A number of at most six ASCII digits (so that nothing overflows).
fn parse_small<T: TryFrom<u32>>(digits: &str) -> Option<T> {
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u32>().ok().and_then(|n| T::try_from(n).ok())
}

#[cfg(test)]
mod tests {
    use chrono::Timelike;
    use proptest::prelude::*;

    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    /// A Wednesday.
    const TODAY: &str = "2025-03-05";

    fn date(input: &str) -> Result<NaiveDate, WhenError> {
        parse_date(input, d(TODAY))
    }

    proptest! {
        /// The hours of a span, written digit by digit, are chrono's `%H:%M–%H:%M`.
        #[test]
        fn hours_text_is_the_clock_of_start_and_end(start in 0u32..86_400, end in 0u32..86_400) {
            let day = d(TODAY);
            let time = |s: u32| day.and_time(NaiveTime::from_num_seconds_from_midnight_opt(s, 0).unwrap());
            let (start, end) = (time(start), time(end));
            let expected = format!("{}–{}", start.format("%H:%M"), end.format("%H:%M"));
            prop_assert_eq!(hours_text(start, end, false), expected);
            prop_assert_eq!(hours_text(start, end, true), "all day");
        }
    }

    #[test]
    fn the_second_reading_of_the_repeated_hour_is_kept_apart_from_the_first() {
        // The clocks went back at 01:00 GMT on Sunday 25 October 2026: 01:30 happened twice.
        let utc = |t: &str| Tz::UTC.from_utc_datetime(&at(t));
        assert_eq!(wall_reading(utc("2026-10-25 00:30")), (at("2026-10-25 01:30"), false), "01:30 BST");
        assert_eq!(wall_reading(utc("2026-10-25 01:30")), (at("2026-10-25 01:30"), true), "01:30 GMT");
        assert_eq!(wall_reading(utc("2026-10-25 02:30")), (at("2026-10-25 02:30"), false), "once only");
        assert_eq!(wall_reading(utc("2026-07-01 09:00")), (at("2026-07-01 10:00"), false));
        let placed = |second| london_reading(at("2026-10-25 01:30"), second).unwrap().with_timezone(&Tz::UTC);
        assert_eq!((placed(false), placed(true)), (utc("2026-10-25 00:30"), utc("2026-10-25 01:30")));
        assert_eq!(london_reading(at("2026-07-01 10:00"), true).unwrap(), london(at("2026-07-01 10:00")).unwrap());
        for bits in 0..4 {
            assert_eq!(Fold::from_bits(bits).bits(), bits);
        }
        let fold = Fold { start: true, end: false };
        assert_eq!(
            folded_span_text(at("2026-10-25 01:30"), at("2026-10-25 02:30"), false, fold),
            "Sun 25 Oct 2026 01:30 GMT–02:30"
        );
        assert_eq!(
            folded_span_text(at("2026-10-25 01:30"), at("2026-10-25 02:30"), false, Fold::default()),
            slot_text(at("2026-10-25 01:30"), at("2026-10-25 02:30"))
        );
    }

    #[test]
    fn all_day_spans_run_midnight_to_midnight_and_read_as_days() {
        let (start, end) = day_span(d("2027-01-08"), d("2027-01-10")).unwrap();
        assert_eq!((start, end), (at("2027-01-08 00:00"), at("2027-01-11 00:00")));
        assert_eq!(days_of(start, end), (d("2027-01-08"), d("2027-01-10")));
        assert_eq!(span_text(start, end, true), "Fri 8 Jan – Sun 10 Jan 2027, all day");
        let (one, next) = day_span(d("2027-01-08"), d("2027-01-08")).unwrap();
        assert_eq!(span_text(one, next, true), "Fri 8 Jan 2027, all day");
        let (dec, jan) = day_span(d("2026-12-31"), d("2027-01-01")).unwrap();
        assert_eq!(span_text(dec, jan, true), "Thu 31 Dec 2026 – Fri 1 Jan 2027, all day");
        assert_eq!(span_text(at("2027-01-08 10:00"), at("2027-01-08 11:00"), false), "Fri 8 Jan 2027 10:00–11:00");
        assert!(validate_span(start, end, true).is_ok());
        // The night the clocks go forward is a whole day like any other.
        let (spring, after) = day_span(d("2027-03-28"), d("2027-03-28")).unwrap();
        assert!(validate_span(spring, after, true).is_ok());
        assert!(matches!(day_span(d("2027-01-08"), d("2027-01-07")), Err(WhenError::EndNotAfterStart { .. })));
        assert!(day_span(d("2027-01-01"), d("2027-01-31")).is_ok(), "31 days");
        let err = day_span(d("2027-01-01"), d("2027-02-01")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the days from 2027-01-01 to 2027-02-01 are more than 31; an all-day proposal covers at most 31 days"
        );
        let err = validate_span(at("2027-01-08 10:00"), at("2027-01-09 00:00"), true).unwrap_err();
        assert!(err.to_string().starts_with("an all-day proposal runs from midnight to midnight"), "{err}");
        assert!(validate_span(at("2027-01-08 00:00"), at("2027-01-08 00:00"), true).is_err());
        assert!(
            validate_span(at("2027-01-08 10:00"), at("2027-01-09 11:00"), false).is_err(),
            "timed: 24 hours at most"
        );
    }

    #[test]
    fn dates_in_every_accepted_form() {
        assert_eq!(date("2025-02-28"), Ok(d("2025-02-28")));
        assert_eq!(date(" Today "), Ok(d("2025-03-05")));
        assert_eq!(date("tomorrow"), Ok(d("2025-03-06")));
        assert_eq!(date("fri"), Ok(d("2025-03-07")));
        assert_eq!(date("Monday"), Ok(d("2025-03-10")));
        assert_eq!(date("wed"), Ok(d("2025-03-12")), "the next Wednesday, not today");
        assert_eq!(date("+3d"), Ok(d("2025-03-08")));
        assert_eq!(date("+2w"), Ok(d("2025-03-19")));
        assert_eq!(date("+0d"), Ok(d("2025-03-05")));
    }

    #[test]
    fn bad_dates_name_the_input_and_the_forms() {
        for bad in ["", "2025-02-30", "2025-2-3", "03/04/25", "next week", "+3", "+d", "+3y", "+9999999d", "2025-13-01"]
        {
            let err = date(bad).expect_err(bad).to_string();
            assert!(err.contains(&format!("\"{bad}\" is not a date")), "{err}");
            assert!(err.contains("YYYY-MM-DD, today, tomorrow"), "{err}");
        }
        assert!(date("2025-02-30").unwrap_err().to_string().contains("there is no such day"));
    }

    #[test]
    fn uk_dates_are_day_first() {
        assert_eq!(date("4/12/2026"), Ok(d("2026-12-04")), "4 December, not 12 April");
        assert_eq!(date("04/12/2026"), Ok(d("2026-12-04")));
        assert_eq!(date("4.12.2026"), Ok(d("2026-12-04")));
        assert_eq!(date("13/1/2024"), Ok(d("2024-01-13")), "a year given may be in the past");
        assert_eq!(date("4 Dec 2026"), Ok(d("2026-12-04")));
        assert_eq!(date("4th December 2026"), Ok(d("2026-12-04")));
        assert_eq!(date("1st sept 2025"), Ok(d("2025-09-01")));
        assert_eq!(date("22nd Mar, 2027"), Ok(d("2027-03-22")));
        assert_eq!(
            date("4dec2026"),
            Err(WhenError::Date { input: "4dec2026".into(), reason: "it is not one of the accepted forms" })
        );
        assert_eq!(date("4dec"), Ok(d("2025-12-04")));
    }

    #[test]
    fn uk_dates_without_a_year_are_the_next_such_day() {
        // Today is Wednesday 5 March 2025.
        assert_eq!(date("4 Dec"), Ok(d("2025-12-04")));
        assert_eq!(date("4 December"), Ok(d("2025-12-04")));
        assert_eq!(date("5 Mar"), Ok(d("2025-03-05")), "today is that day");
        assert_eq!(date("4 Mar"), Ok(d("2026-03-04")), "yesterday's date is next year's, never the past");
        assert_eq!(date("4/3"), Ok(d("2026-03-04")));
        assert_eq!(date("1/1"), Ok(d("2026-01-01")));
        assert_eq!(date("29 Feb"), Ok(d("2028-02-29")), "the next 29 February there is");
        assert_eq!(date("31/12"), Ok(d("2025-12-31")));
        assert_eq!(parse_date("4 Dec", d("2026-12-05")), Ok(d("2027-12-04")));
    }

    #[test]
    fn impossible_or_ambiguous_uk_dates_say_why() {
        let reason = |input: &str| match date(input) {
            Err(WhenError::Date { reason, .. }) => reason,
            other => panic!("{input} is refused: {other:?}"),
        };
        assert_eq!(reason("31/2/2026"), "there is no such day in the calendar");
        assert_eq!(reason("30 Feb"), "there is no such day in the calendar");
        assert_eq!(reason("31 Nov 2026"), "there is no such day in the calendar");
        assert_eq!(reason("29/2/2026"), "there is no such day in the calendar");
        assert_eq!(
            reason("12/25/2026"),
            "there is no such month: dates are day first, as 4/12/2026 for 4 December 2026"
        );
        assert_eq!(reason("4/12/26"), "its year should be four digits, as 4/12/2026");
        assert_eq!(reason("4 Dec 26"), "its year should be four digits, as 4 Dec 2026");
        assert_eq!(reason("4/12/2026/1"), "it is not one of the accepted forms");
        assert_eq!(reason("4/dec/2026"), "a UK date is the day, the month and the year in figures, as 4/12/2026");
        assert_eq!(reason("0/12/2026"), "there is no such day in the calendar");
        assert_eq!(reason("4 Decembre"), "it is not one of the accepted forms");
        assert_eq!(reason("Dec 4"), "it is not one of the accepted forms");
        assert_eq!(reason("4 Dec 2026 extra"), "it is not one of the accepted forms");
        let err = date("12/25/2026").unwrap_err().to_string();
        assert!(err.starts_with("\"12/25/2026\" is not a date: there is no such month"), "{err}");
        assert!(!err.contains('\n'), "one line: {err}");
    }

    #[test]
    fn uk_dates_with_a_time() {
        let today = d(TODAY);
        assert_eq!(parse_datetime("4/12/2026 10:00", today), Ok(at("2026-12-04 10:00")));
        assert_eq!(parse_datetime("4 Dec 09:30", today), Ok(at("2025-12-04 09:30")));
        assert_eq!(parse_datetime("4 December 2026 14:15", today), Ok(at("2026-12-04 14:15")));
        let err = parse_datetime("31/2/2026 10:00", today).unwrap_err().to_string();
        assert!(err.contains("its date \"31/2/2026\" is not valid (there is no such day in the calendar)"), "{err}");
    }

    #[test]
    fn local_ends_are_elapsed_time_across_the_clock_changes() {
        let end = |start: &str, minutes: i64| local_end(at(start), TimeDelta::minutes(minutes));
        // An ordinary day: the wall clock and elapsed time agree.
        assert_eq!(end("2026-03-04 10:00", 90), Ok(at("2026-03-04 11:30")));
        // 29 March 2026, 01:00 GMT becomes 02:00 BST: the missing hour is jumped.
        assert_eq!(end("2026-03-29 00:30", 60), Ok(at("2026-03-29 02:30")));
        assert_eq!(end("2026-03-28 23:00", 4 * 60), Ok(at("2026-03-29 04:00")));
        assert_eq!(end("2026-03-29 00:59", 1), Ok(at("2026-03-29 02:00")));
        assert_eq!(end("2026-03-29 01:30", 60), Err(WhenError::NotInLondon(at("2026-03-29 01:30"))));
        // 25 October 2026, 02:00 BST becomes 01:00 GMT: the hour from 01:00 happens twice.
        assert_eq!(end("2026-10-25 00:30", 60), Ok(at("2026-10-25 01:30")));
        assert_eq!(end("2026-10-25 00:30", 3 * 60), Ok(at("2026-10-25 02:30")));
        assert_eq!(end("2026-10-24 23:00", 4 * 60), Ok(at("2026-10-25 02:00")));
        // A repeated start is its first (BST) instance, as london() takes it. An hour later is 01:30
        // GMT, a reading naive storage cannot put after the start, so the end is the wall clock's
        // 02:30; past the repeated hour the elapsed end is read as usual.
        assert_eq!(london(at("2026-10-25 01:30")).unwrap().naive_utc(), at("2026-10-25 00:30"));
        assert_eq!(end("2026-10-25 01:30", 60), Ok(at("2026-10-25 02:30")));
        assert_eq!(end("2026-10-25 01:30", 30), Ok(at("2026-10-25 02:00")));
        assert_eq!(end("2026-10-25 01:30", 150), Ok(at("2026-10-25 03:00")));
        assert!(validate_slot(at("2026-10-25 01:30"), end("2026-10-25 01:30", 60).unwrap()).is_ok());
        // Out of the calendar: an error, not a panic.
        assert!(end("+262142-12-31 23:30", 60).is_err());
    }

    #[test]
    fn date_times() {
        let today = d(TODAY);
        assert_eq!(parse_datetime("2025-03-04 10:00", today), Ok(at("2025-03-04 10:00")));
        assert_eq!(parse_datetime("2025-03-04T09:05", today), Ok(at("2025-03-04 09:05")));
        assert_eq!(parse_datetime("tomorrow 9:30", today), Ok(at("2025-03-06 09:30")));
        assert_eq!(parse_datetime("fri  23:59", today), Ok(at("2025-03-07 23:59")));
        for bad in [
            "2025-03-04 24:00",
            "2025-03-04",
            "10:00",
            "2025-03-04 10",
            "2025-03-04 10:60",
            "2025-02-30 10:00",
            "someday 10:00",
            "2025-03-04 10:5",
        ] {
            let err = parse_datetime(bad, today).expect_err(bad).to_string();
            assert!(err.contains("is not a date and time"), "{err}");
            assert!(err.contains("YYYY-MM-DD HH:MM"), "{err}");
        }
        assert!(parse_datetime("2025-03-04 24:00", today).unwrap_err().to_string().contains("24:00 is not a time"));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90m"), Ok(TimeDelta::minutes(90)));
        assert_eq!(parse_duration("1h"), Ok(TimeDelta::hours(1)));
        assert_eq!(parse_duration("1h30m"), Ok(TimeDelta::minutes(90)));
        assert_eq!(parse_duration("2h 15m"), Ok(TimeDelta::minutes(135)));
        assert_eq!(parse_duration("24h"), Ok(TimeDelta::hours(24)));
        assert_eq!(parse_duration("1 hour 5 mins"), Ok(TimeDelta::minutes(65)));
        for bad in ["", "0m", "0h0m", "24h1m", "25h", "90", "1.5h", "h", "30m1h", "1h1h", "1d", "-1h", "99999999m"] {
            let err = parse_duration(bad).expect_err(bad).to_string();
            assert!(err.contains(&format!("\"{bad}\" is not a duration")), "{err}");
            assert!(err.contains("90m, 1h, 1h30m"), "{err}");
        }
    }

    #[test]
    fn london_gap_is_an_error_and_overlap_takes_the_first() {
        let err = london(at("2026-03-29 01:30")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "2026-03-29 01:30 does not exist in London: the clocks go forward over that time; choose a time outside \
             the missing hour"
        );
        let twice = london(at("2026-10-25 01:30")).unwrap();
        assert_eq!(twice.naive_utc(), at("2026-10-25 00:30"), "the first 01:30, still in summer time");
        assert_eq!(london(at("2026-07-01 12:00")).unwrap().naive_utc(), at("2026-07-01 11:00"));
    }

    #[test]
    fn slots_are_validated_in_real_time() {
        assert!(validate_slot(at("2026-03-04 10:00"), at("2026-03-04 11:00")).is_ok());
        assert!(matches!(
            validate_slot(at("2026-03-04 10:00"), at("2026-03-04 10:00")),
            Err(WhenError::EndNotAfterStart { .. })
        ));
        assert!(matches!(
            validate_slot(at("2026-03-04 10:00"), at("2026-03-05 10:01")),
            Err(WhenError::TooLong { .. })
        ));
        // 24 wall-clock hours across the spring change are only 23 real ones; across the autumn, 25.
        assert!(validate_slot(at("2026-03-28 12:00"), at("2026-03-29 12:30")).is_ok());
        assert!(matches!(
            validate_slot(at("2026-10-24 12:00"), at("2026-10-25 12:00")),
            Err(WhenError::TooLong { .. })
        ));
        assert!(matches!(
            validate_slot(at("2026-03-29 01:15"), at("2026-03-29 03:00")),
            Err(WhenError::NotInLondon(_))
        ));
    }

    proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC{0,24}") {
            let _ = parse_date(&s, d(TODAY));
            let _ = parse_datetime(&s, d(TODAY));
            let _ = parse_duration(&s);
        }

        #[test]
        fn parsers_never_panic_on_near_misses(s in "[+0-9a-zA-Z: -]{0,20}", day in 0i64..(300 * 366)) {
            let today = d("1900-01-01") + TimeDelta::days(day);
            let _ = parse_date(&s, today);
            let _ = parse_datetime(&s, today);
            let _ = parse_duration(&s);
        }

        #[test]
        fn uk_dates_read_back_as_written(day in 0i64..(200 * 366), ahead in 0i64..(8 * 366)) {
            let date = d("1900-01-01") + TimeDelta::days(day);
            let today = date - TimeDelta::days(ahead);
            prop_assert_eq!(parse_date(&date.format("%-d/%-m/%Y").to_string(), today), Ok(date));
            prop_assert_eq!(parse_date(&date.format("%d.%m.%Y").to_string(), today), Ok(date));
            prop_assert_eq!(parse_date(&date.format("%-d %b %Y").to_string(), today), Ok(date));
            prop_assert_eq!(parse_date(&date.format("%-d %B %Y").to_string(), today), Ok(date));
            // Without the year: the first such day from today on, which is never in the past.
            let next = parse_date(&date.format("%-d %b").to_string(), today).unwrap();
            prop_assert!(next >= today && next <= date, "{next} for {date} from {today}");
            prop_assert_eq!((next.day(), next.month()), (date.day(), date.month()));
        }

        #[test]
        fn london_round_trips(minutes in 0i64..(300 * 366 * 24 * 60)) {
            let local = at("1900-01-01 00:00") + TimeDelta::minutes(minutes);
            if let Ok(instant) = london(local) {
                prop_assert_eq!(instant.naive_local(), local);
                prop_assert_eq!(instant.with_timezone(&London).naive_local(), local);
                prop_assert_eq!(instant.second(), 0);
            }
        }

        #[test]
        fn formatted_date_times_parse_back(minutes in 0i64..(300 * 366 * 24 * 60)) {
            let local = at("1900-01-01 00:00") + TimeDelta::minutes(minutes);
            let typed = local.format("%Y-%m-%d %H:%M").to_string();
            prop_assert_eq!(parse_datetime(&typed, d(TODAY)), Ok(local));
        }
    }
}
