//! Reading what was typed into a field: each reader gives the value, or the problem as a short note
//! for beside the field and a full sentence for below the form. The domain's parsers do the work,
//! so a form accepts what the command line does.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use super::Problem;
use crate::domain::calendar::long_date;
use crate::domain::engagement::contact::{Direction, InteractionKind};
use crate::domain::engagement::press::PressPlan;
use crate::domain::when::{self, WhenError};

pub fn problem(short: &str, error: impl std::fmt::Display) -> Problem {
    (short.to_string(), error.to_string())
}

/// A date in any form `when::parse_date` reads.
pub fn date(text: &str, today: NaiveDate) -> Result<NaiveDate, Problem> {
    when::parse_date(text, today).map_err(|e| problem("not a date", e))
}

/// An optional date: empty, or a date as [`date`] reads it.
pub fn optional_date(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, Problem> {
    if text.is_empty() { Ok(None) } else { date(text, today).map(Some) }
}

/// What to show beside an optional date: the date in words, or nothing.
pub fn date_note(day: Option<NaiveDate>) -> String {
    day.map(long_date).unwrap_or_default()
}

/// Reads "HH:MM" with the domain's date-and-time parser, so the form accepts what the CLI does.
pub fn time(text: &str, date: NaiveDate, today: NaiveDate) -> Result<NaiveTime, Problem> {
    let fail = |reason: &str| ("not a time".to_string(), format!("\"{text}\" is not a time of day: {reason}."));
    if text.is_empty() {
        return Err(("required".to_string(), "Type the start time: HH:MM, such as 10:00.".to_string()));
    }
    if text.contains(char::is_whitespace) {
        return Err(fail("give just HH:MM, such as 10:00"));
    }
    match when::parse_datetime(&format!("{} {text}", date.format("%Y-%m-%d")), today) {
        Ok(at) => Ok(at.time()),
        Err(WhenError::DateTime { reason, .. }) => Err(fail(&reason.replace("its time", "it"))),
        Err(e) => Err(fail(&e.to_string())),
    }
}

/// What the Start field says for an all-day proposal.
pub const ALL_DAY: &str = "all day";

/// Whether a start reads as all day ("all day", "all-day", "allday", any case).
pub fn is_all_day(text: &str) -> bool {
    let folded: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
    folded.eq_ignore_ascii_case("allday")
}

/// How many days an all-day proposal covers: "1d", "3d", "2 days" or a bare number, from 1 to
/// [`when::MAX_ALL_DAY_DAYS`].
pub fn days(text: &str) -> Result<u64, Problem> {
    let fail = || {
        (
            "not days".to_string(),
            format!(
                "\"{text}\" is not a number of days: an all-day proposal lasts days, such as 1d or 3d (at most {}).",
                when::MAX_ALL_DAY_DAYS
            ),
        )
    };
    let lower = text.trim().to_lowercase();
    let number = ["days", "day", "d"].iter().find_map(|unit| lower.strip_suffix(unit)).unwrap_or(&lower);
    match number.trim().parse::<u64>() {
        Ok(n) if (1..=when::MAX_ALL_DAY_DAYS).contains(&n) => Ok(n),
        _ => Err(fail()),
    }
}

/// An optional head count: empty, or a whole number from 1 to 999.
pub fn attendees(text: &str) -> Result<Option<u32>, Problem> {
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u32>() {
        Ok(n) if (1..=999).contains(&n) => Ok(Some(n)),
        _ => Err((
            "not a number".to_string(),
            format!("\"{text}\" is not a number of people: give a whole number such as 3, or leave it empty."),
        )),
    }
}

/// A contact cadence: a whole number of days from 1 to 3650.
pub fn cadence(text: &str) -> Result<u32, Problem> {
    match text.parse::<u32>() {
        Ok(n) if (1..=3650).contains(&n) => Ok(n),
        _ => Err((
            "not a number of days".to_string(),
            format!("\"{text}\" is not a cadence: give a whole number of days from 1 to 3650, such as 90."),
        )),
    }
}

/// A press plan: none, ask, agreed, declined or mp-handles.
pub fn press_plan(text: &str) -> Result<PressPlan, Problem> {
    PressPlan::parse(text).map_err(|e| problem("not a press plan", e))
}

/// A press plan as the form shows it: "mp-handles" rather than the stored "mp_handles".
pub fn press_plan_text(plan: PressPlan) -> String {
    plan.as_str().replace('_', "-")
}

/// A kind of contact: letter, email, call…
pub fn contact_kind(text: &str) -> Result<InteractionKind, Problem> {
    InteractionKind::parse(text).map_err(|e| problem("not a kind", e))
}

/// Who made the contact: "to" (the MP) or "from" (the MP), or the stored names.
pub fn direction(text: &str) -> Result<Direction, Problem> {
    match text.trim().to_lowercase().as_str() {
        "to" => Ok(Direction::ToMp),
        "from" => Ok(Direction::FromMp),
        _ => Direction::parse(text).map_err(|_| {
            ("to or from".to_string(), format!("\"{text}\" is not a direction: give to (the MP) or from (the MP)."))
        }),
    }
}

/// A length as the form shows it: "45m", "2h", "1h30m".
pub fn length_text(length: TimeDelta) -> String {
    let minutes = length.num_minutes().max(0);
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m}m"),
    }
}

/// "11:00", or "Wed 00:30" when the slot ends on another day.
pub fn until_text(start: NaiveDateTime, end: NaiveDateTime) -> String {
    if start.date() == end.date() { end.format("%H:%M").to_string() } else { end.format("%a %-d %b %H:%M").to_string() }
}

/// Several lines of stored text on one line of a form, joined by `separator`.
pub fn one_line(text: &str, separator: &str) -> String {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(separator)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn optional_dates_may_be_empty_and_read_the_cli_forms() {
        let today = d("2026-11-24");
        assert_eq!(optional_date("", today), Ok(None));
        assert_eq!(optional_date("tomorrow", today), Ok(Some(d("2026-11-25"))));
        assert_eq!(optional_date("2026-12-01", today), Ok(Some(d("2026-12-01"))));
        assert_eq!(optional_date("soon", today).unwrap_err().0, "not a date");
        assert_eq!(date_note(Some(d("2026-12-01"))), "Tuesday 1 December 2026");
    }

    #[test]
    fn cadence_press_kind_and_direction_read_words_and_say_what_is_wrong() {
        assert_eq!(cadence("90"), Ok(90));
        for bad in ["0", "-3", "ninety", "4000"] {
            assert!(cadence(bad).unwrap_err().1.contains("from 1 to 3650"), "{bad}");
        }
        assert_eq!(press_plan("MP-handles"), Ok(PressPlan::MpHandles));
        assert_eq!(press_plan_text(PressPlan::MpHandles), "mp-handles");
        assert!(press_plan("tv").unwrap_err().1.contains("mp-handles"));
        assert_eq!(contact_kind("Letter"), Ok(InteractionKind::Letter));
        assert_eq!(contact_kind("fax").unwrap_err().0, "not a kind");
        assert_eq!(direction("from"), Ok(Direction::FromMp));
        assert_eq!(direction("to_mp"), Ok(Direction::ToMp));
        assert!(direction("up").unwrap_err().1.contains("give to (the MP) or from"));
    }

    #[test]
    fn stored_lines_join_onto_one() {
        assert_eq!(one_line("2 Blenheim Terrace\n Leeds LS2 9JG \n", ", "), "2 Blenheim Terrace, Leeds LS2 9JG");
        assert_eq!(one_line("", "; "), "");
    }
}
