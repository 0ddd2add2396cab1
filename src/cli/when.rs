//! Reading the dates, times and durations given on the command line, and showing them back.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::CliError;
use crate::domain::when::{self, WhenError};

impl From<WhenError> for CliError {
    fn from(e: WhenError) -> CliError {
        CliError::Usage(e.to_string())
    }
}

pub fn date(input: &str, today: NaiveDate) -> Result<NaiveDate, CliError> {
    Ok(when::parse_date(input, today)?)
}

pub fn duration(input: &str) -> Result<TimeDelta, CliError> {
    Ok(when::parse_duration(input)?)
}

/// The days of an all-day proposal: from the day `first` to the day `last` (the same day when not
/// given), as [`when::day_span`] gives them.
pub fn days(first: &str, last: Option<&str>, today: NaiveDate) -> Result<(NaiveDateTime, NaiveDateTime), CliError> {
    let first = date(first, today)?;
    let last = last.map(|l| date(l, today)).transpose()?.unwrap_or(first);
    Ok(when::day_span(first, last)?)
}

/// A slot from a start and either an end or a duration (elapsed time, so its end is the London
/// clock's reading that long after the start), checked: both times exist in London, the
/// end is after the start, and it lasts at most 24 hours.
pub fn slot(
    start: &str,
    end: Option<&str>,
    duration: Option<&str>,
    today: NaiveDate,
) -> Result<(NaiveDateTime, NaiveDateTime), CliError> {
    let start = when::parse_datetime(start, today)?;
    let end = match (end, duration) {
        (Some(end), None) => when::parse_datetime(end, today)?,
        // A duration is elapsed time: its end is read on London's clocks, across a clock change.
        (None, Some(d)) => when::local_end(start, self::duration(d)?)?,
        _ => return Err(CliError::Usage("give either an end time or --duration, not both".into())),
    };
    when::validate_slot(start, end)?;
    Ok((start, end))
}
