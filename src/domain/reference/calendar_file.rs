//! Newer calendar data from a file: a CSV in the shipped recess or sitting-day format (told apart by
//! their headers), or an iCalendar file of all-day events named like "February recess" or "Sitting
//! day". Parliament's own Egg Timer files are recognised (by their PRODID, or by the shape of their
//! events) and read by their own rules: a recess's DTEND is its last day, not the day after; the
//! day file may lack END:VCALENDAR; every event is tentative, so its sitting days are provisional;
//! UIDs repeat, so nothing is keyed on them. Recesses and sitting days already known, from any
//! source, are recognised and skipped.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};

use crate::domain::calendar::{Period, SittingDay, SittingStatus, long_date};
use crate::domain::interchange::ics_read::{self, Calendar, Event, When};
use crate::domain::interchange::ics_zone;
use crate::domain::interchange::import_file::{BadLine, CsvRow, CsvTable, ImportError, iso_date, plural};
use crate::domain::limits::Field;
use crate::domain::text::fold;

/// The columns a recess CSV needs (commons_recess_dates.csv has these and more).
pub const RECESS_COLUMNS: [&str; 3] = ["recess", "first_non_sitting_day", "last_non_sitting_day"];

/// The columns a sitting-day CSV needs (as commons_sitting_days_2024_26.csv).
pub const SITTING_COLUMNS: [&str; 2] = ["date", "status_at_extract"];

/// The longest recess (or run of sitting days in one event) accepted: longer ones are typing
/// mistakes (the summer recess is about six weeks).
pub const MAX_SPAN_DAYS: i64 = 120;

/// What a calendar file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CalendarFile {
    /// "a recess CSV", "a sitting-day CSV" or "a calendar (ICS) file".
    pub format: &'static str,
    pub recesses: Vec<Period>,
    pub sitting_days: Vec<SittingDay>,
    /// What the file has that is not for the Commons calendar: Lords rows, other events.
    pub left_out: Vec<String>,
}

/// Reads a calendar file, refusing it whole if any line is bad.
pub fn read(file: &str, text: &str) -> Result<CalendarFile, ImportError> {
    if ics_read::is_calendar(text) {
        return read_ics(file, text);
    }
    if matches!(text.trim_start_matches('\u{feff}').trim_start().chars().next(), Some('{' | '[')) {
        return read_whatson(file, text);
    }
    let table = CsvTable::parse(file, text)?;
    let is_recess = table.has_all(&RECESS_COLUMNS);
    if !is_recess && !table.has_all(&SITTING_COLUMNS) {
        return Err(ImportError::format(
            file,
            format!(
                "is not a calendar file mpplan knows: a CSV needs the columns of the shipped recess file ({}) or \
                 sitting-day file ({}), and an iCalendar file starts with BEGIN:VCALENDAR",
                RECESS_COLUMNS.join(", "),
                SITTING_COLUMNS.join(", ")
            ),
        ));
    }
    let format = if is_recess { "a recess CSV" } else { "a sitting-day CSV" };
    let mut out = CalendarFile { format, ..CalendarFile::default() };
    let mut bad = table.bad.clone();
    let mut other_house = 0;
    for row in &table.rows {
        let read = if is_recess {
            let house = table.get(row, "house");
            if !house.is_empty() && fold(house) != "house of commons" {
                other_house += 1;
                continue;
            }
            recess_row(&table, row).map(|r| out.recesses.push(r))
        } else {
            sitting_row(&table, row).map(|d| out.sitting_days.push(d))
        };
        if let Err(reason) = read {
            bad.push(BadLine::new(row.line, reason));
        }
    }
    if other_house > 0 {
        out.left_out.push(format!("{} for a House other than the Commons", plural(other_house, "row", "rows")));
    }
    finish(file, out, bad)
}

/// What's On's JSON: the Commons sitting dates (`sittingdates.json`), listed as planned, or its
/// non-sitting periods (`nonsitting.json`), each a recess named as the feed names it.
fn read_whatson(file: &str, text: &str) -> Result<CalendarFile, ImportError> {
    use crate::domain::reference::feeds::whatson;
    let refuse = |e: crate::domain::reference::feeds::FeedError| {
        ImportError::format(file, format!("is not What's On's sitting dates or non-sitting periods: {}", e.reason))
    };
    let value: serde_json::Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| ImportError::format(file, format!("is not JSON: {e}")))?;
    if value.get("SittingDates").is_some() {
        let days = whatson::parse_sitting_dates(file, text).map_err(refuse)?;
        let sitting_days =
            days.into_iter().map(|date| SittingDay { date, status: SittingStatus::Scheduled, note: None }).collect();
        return Ok(CalendarFile { format: "What's On sitting dates", sitting_days, ..CalendarFile::default() });
    }
    if value
        .as_array()
        .is_some_and(|items| items.iter().all(|i| i.get("StartDate").is_some() && i.get("CategoryCode").is_some()))
    {
        let periods = whatson::parse_non_sitting(file, text).map_err(refuse)?;
        let recesses = periods.into_iter().map(|p| Period { name: p.name, first: p.first, last: p.last }).collect();
        return Ok(CalendarFile { format: "What's On non-sitting periods", recesses, ..CalendarFile::default() });
    }
    Err(ImportError::format(
        file,
        "is JSON but not What's On's sitting dates ({\"SittingDates\": [...]}) or non-sitting periods (a list with \
         StartDate, EndDate and CategoryCode)",
    ))
}

fn finish(file: &str, out: CalendarFile, bad: Vec<BadLine>) -> Result<CalendarFile, ImportError> {
    if !bad.is_empty() {
        return Err(ImportError::bad_lines(file, bad));
    }
    Ok(out)
}

fn recess_row(table: &CsvTable, row: &CsvRow) -> Result<Period, String> {
    let first = iso_date("first_non_sitting_day", table.get(row, "first_non_sitting_day"))?;
    let last = iso_date("last_non_sitting_day", table.get(row, "last_non_sitting_day"))?;
    recess(table.get(row, "recess"), first, last)
}

fn recess(name: &str, first: NaiveDate, last: NaiveDate) -> Result<Period, String> {
    if name.is_empty() {
        return Err("the recess has no name".into());
    }
    Field::RecessName.check(name).map_err(|e| e.to_string())?;
    if last < first {
        return Err(format!("\"{name}\" ends ({last}) before it starts ({first})"));
    }
    span(name, first, last)?;
    Ok(Period { name: name.to_string(), first, last })
}

/// Refuses a run of days longer than [`MAX_SPAN_DAYS`].
fn span(name: &str, first: NaiveDate, last: NaiveDate) -> Result<(), String> {
    let days = (last - first).num_days() + 1;
    if days > MAX_SPAN_DAYS {
        return Err(format!("\"{name}\" lasts {days} days, more than any recess ({MAX_SPAN_DAYS}); check the dates"));
    }
    Ok(())
}

fn sitting_row(table: &CsvTable, row: &CsvRow) -> Result<SittingDay, String> {
    let date = iso_date("date", table.get(row, "date"))?;
    let weekday = table.get(row, "weekday");
    let actual = date.format("%A").to_string();
    if !weekday.is_empty() && !weekday.eq_ignore_ascii_case(&actual) {
        return Err(format!("{date} is a {actual}, not \"{weekday}\""));
    }
    let status = match table.get(row, "status_at_extract").to_lowercase().as_str() {
        "sat" | "confirmed" => SittingStatus::Confirmed,
        "scheduled" | "scheduled (provisional)" | "provisional" => SittingStatus::Scheduled,
        other => return Err(format!("status_at_extract \"{other}\" is neither sat nor scheduled (provisional)")),
    };
    Ok(SittingDay { date, status, note: None })
}

/// What an all-day event stands for, from its summary.
enum Meaning {
    Recess,
    Sitting(SittingStatus),
    Other,
}

/// Reads a summary's words: anything for the House of Lords is something else (the Commons
/// calendar is the one that counts); a recess; a day the House does not sit (non-sitting,
/// adjournment, prorogation and dissolution days, though their names may hold the word "sitting");
/// a day it sits, in person or virtually (provisional when the summary says so); or something else.
fn meaning(summary: &str) -> Meaning {
    let s = fold(summary).replace(['_', '-'], " ");
    let has = |words: &[&str]| words.iter().any(|w| s.contains(w));
    if has(&["house of lords"]) {
        Meaning::Other
    } else if has(&["recess"]) {
        Meaning::Recess
    } else if has(&[
        "non sitting",
        "nonsitting",
        "not sitting",
        "does not sit",
        "no sitting",
        "adjournment day",
        "adjourned",
        "prorog",
        "dissol",
    ]) {
        Meaning::Other
    } else if has(&["sitting", "house sits", "commons sits"]) {
        let provisional = has(&["provisional", "scheduled"]);
        Meaning::Sitting(if provisional { SittingStatus::Scheduled } else { SittingStatus::Confirmed })
    } else {
        Meaning::Other
    }
}

/// The PRODID of Parliament's Egg Timer recess file.
const EGG_TIMER_PRODID: &str = "ukparliament/egg-timer";

/// Whether a calendar is one of Parliament's Egg Timer files: its PRODID says so (the recess file),
/// or it has no PRODID and every event has the Egg Timer's shape (the day file): STATUS:TENTATIVE
/// and a UID made of its start date and "000000".
fn is_egg_timer(calendar: &Calendar) -> bool {
    match calendar.get("PRODID") {
        Some(prodid) => prodid.value.to_ascii_lowercase().contains(EGG_TIMER_PRODID),
        None => !calendar.events.is_empty() && calendar.events.iter().all(egg_timer_shape),
    }
}

fn egg_timer_shape(event: &Event) -> bool {
    let value = |name: &str| event.get(name).map(|p| p.value.trim());
    let start = value("DTSTART").filter(|d| d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()));
    let uid_is_the_date = match (start, value("UID")) {
        (Some(start), Some(uid)) => uid.strip_prefix(start) == Some("000000"),
        _ => false,
    };
    uid_is_the_date && is_status(event, "TENTATIVE")
}

fn is_status(event: &Event, status: &str) -> bool {
    event.get("STATUS").is_some_and(|s| s.value.trim().eq_ignore_ascii_case(status))
}

/// How an ICS file's all-day events end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EndDate {
    /// RFC 5545: DTEND is the day after the last day.
    DayAfter,
    /// Parliament's Egg Timer: DTEND is the last day itself.
    LastDay,
}

fn read_ics(file: &str, text: &str) -> Result<CalendarFile, ImportError> {
    let calendar = ics_read::read(file, text)?;
    let egg_timer = is_egg_timer(&calendar);
    if let (Some(line), false) = (calendar.unclosed, egg_timer) {
        return Err(ics_read::cut_short(file, "VCALENDAR", line));
    }
    let (format, ends) = if egg_timer {
        ("Parliament's Egg Timer calendar (ICS)", EndDate::LastDay)
    } else {
        ("a calendar (ICS) file", EndDate::DayAfter)
    };
    let recess_file = calendar.get("PRODID").is_some() && egg_timer;
    let mut out = CalendarFile { format, ..CalendarFile::default() };
    let mut bad = Vec::new();
    let mut others = Tally::default();
    for event in &calendar.events {
        let summary = event.one_line("SUMMARY");
        let meaning = match meaning(&summary) {
            _ if is_status(event, "CANCELLED") => Meaning::Other,
            // The Egg Timer's recess file holds one event a recess, whatever its name.
            Meaning::Other if recess_file && event.get("DTEND").is_some() => Meaning::Recess,
            // A tentative day is provisional.
            Meaning::Sitting(_) if is_status(event, "TENTATIVE") => Meaning::Sitting(SittingStatus::Scheduled),
            meaning => meaning,
        };
        let result = match meaning {
            Meaning::Other => {
                others.add(if summary.is_empty() { "(no summary)".into() } else { format!("\"{summary}\"") });
                continue;
            }
            Meaning::Recess => all_day(event, &summary, ends)
                .and_then(|(first, last)| recess(&summary, first, last))
                .map(|r| out.recesses.push(r)),
            Meaning::Sitting(status) => all_day(event, &summary, ends).and_then(|(first, last)| {
                span(&summary, first, last)?;
                let days = first.iter_days().take_while(|d| *d <= last);
                out.sitting_days.extend(days.map(|date| SittingDay { date, status, note: None }));
                Ok(())
            }),
        };
        if let Err(reason) = result {
            bad.push(BadLine::new(event.line, reason));
        }
    }
    if let Some(listed) = others.listed(5) {
        let events = plural(others.total, "event that is", "events that are");
        out.left_out.push(format!("{events} not a recess or a sitting day ({listed})"));
    }
    if out.recesses.is_empty() && out.sitting_days.is_empty() && bad.is_empty() {
        return Err(ImportError::format(
            file,
            "has no recess or sitting-day events: their summaries should say \"recess\" or \"sitting day\"",
        ));
    }
    finish(file, out, bad)
}

/// Summaries counted in the order first seen.
#[derive(Default)]
struct Tally {
    order: Vec<(String, usize)>,
    index: HashMap<String, usize>,
    total: usize,
}

impl Tally {
    fn add(&mut self, what: String) {
        self.total += 1;
        match self.index.get(&what) {
            Some(&i) => self.order[i].1 += 1,
            None => {
                self.index.insert(what.clone(), self.order.len());
                self.order.push((what, 1));
            }
        }
    }

    /// "\"Adjournment day\" 3 times, \"Lunch\" and 4 more": the first `most` kinds; None when empty.
    fn listed(&self, most: usize) -> Option<String> {
        if self.total == 0 {
            return None;
        }
        let shown: Vec<String> = self
            .order
            .iter()
            .take(most)
            .map(|(what, n)| if *n > 1 { format!("{what} {n} times") } else { what.clone() })
            .collect();
        let rest: usize = self.order.iter().skip(most).map(|(_, n)| n).sum();
        let more = if rest > 0 { format!(" and {rest} more") } else { String::new() };
        Some(format!("{}{more}", shown.join(", ")))
    }
}

/// The first and last day of an all-day event: without a DTEND it lasts a day; with one, DTEND is
/// the day after it ends (RFC 5545), or for the Egg Timer its last day.
fn all_day(event: &Event, summary: &str, ends: EndDate) -> Result<(NaiveDate, NaiveDate), String> {
    let start = event.get("DTSTART").ok_or_else(|| format!("\"{summary}\" has no start (DTSTART)"))?;
    let whole_day = |when| match when {
        When::Day(day) => Ok(day),
        When::London(_) => {
            Err(format!("\"{summary}\" is not an all-day event: recesses and sitting days are whole days"))
        }
    };
    let first = whole_day(ics_zone::when(start)?)?;
    let Some(end) = event.get("DTEND") else {
        return Ok((first, first));
    };
    let end = whole_day(ics_zone::when(end)?)?;
    let backwards = match ends {
        EndDate::DayAfter => end <= first,
        EndDate::LastDay => end < first,
    };
    if backwards {
        return Err(format!("\"{summary}\" ends ({end}) before it starts ({first})"));
    }
    match ends {
        EndDate::DayAfter => Ok((first, end - Days::new(1))),
        EndDate::LastDay => Ok((first, end)),
    }
}

/// What importing a calendar file would add, and what is already here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarPlan {
    pub format: &'static str,
    pub add_recesses: Vec<Period>,
    pub add_sitting_days: Vec<SittingDay>,
    pub recesses_present: Vec<Period>,
    pub sitting_days_present: usize,
    pub left_out: Vec<String>,
}

/// Compares a file with the recesses and sitting days already known (every source). A recess is
/// already there with the same name and dates; a sitting day when the day is listed as confirmed,
/// or with the same status. Repeats within the file count once.
pub fn plan(file: CalendarFile, recesses: &[Period], sitting_days: &[SittingDay]) -> CalendarPlan {
    let key = |p: &Period| (fold(&p.name), p.first, p.last);
    let mut known: HashSet<(String, NaiveDate, NaiveDate)> = recesses.iter().map(key).collect();
    let mut plan = CalendarPlan {
        format: file.format,
        add_recesses: Vec::new(),
        add_sitting_days: Vec::new(),
        recesses_present: Vec::new(),
        sitting_days_present: 0,
        left_out: file.left_out,
    };
    for recess in file.recesses {
        if known.insert(key(&recess)) {
            plan.add_recesses.push(recess);
        } else if !plan.recesses_present.contains(&recess) {
            plan.recesses_present.push(recess);
        }
    }
    let mut days: HashMap<NaiveDate, SittingStatus> = HashMap::new();
    for day in sitting_days {
        let entry = days.entry(day.date).or_insert(day.status);
        if day.status == SittingStatus::Confirmed {
            *entry = SittingStatus::Confirmed;
        }
    }
    let mut sitting = file.sitting_days;
    sitting.sort_by_key(|d| (d.date, d.status != SittingStatus::Confirmed));
    sitting.dedup_by_key(|d| d.date);
    for day in sitting {
        match days.get(&day.date) {
            Some(SittingStatus::Confirmed) => plan.sitting_days_present += 1,
            Some(status) if *status == day.status => plan.sitting_days_present += 1,
            _ => plan.add_sitting_days.push(day),
        }
    }
    plan
}

impl CalendarPlan {
    pub fn is_empty(&self) -> bool {
        self.add_recesses.is_empty() && self.add_sitting_days.is_empty()
    }

    /// The preview, as lines of text.
    pub fn lines(&self) -> Vec<String> {
        let span = |p: &Period| format!("{}, {} to {}", p.name, long_date(p.first), long_date(p.last));
        let mut lines = vec![format!("This is {}.", self.format)];
        lines.extend(self.add_recesses.iter().map(|p| format!("  Add recess: {}", span(p))));
        lines.extend(self.recesses_present.iter().map(|p| format!("  Already here: {}", span(p))));
        if let (Some(first), Some(last)) = (self.add_sitting_days.first(), self.add_sitting_days.last()) {
            let scheduled = self.add_sitting_days.iter().filter(|d| d.status == SittingStatus::Scheduled).count();
            let of_which =
                if scheduled > 0 { format!(", {scheduled} of them scheduled (provisional)") } else { String::new() };
            lines.push(format!(
                "  Add {} from {} to {}{of_which}",
                plural(self.add_sitting_days.len(), "sitting day", "sitting days"),
                long_date(first.date),
                long_date(last.date)
            ));
        }
        if self.sitting_days_present > 0 {
            lines.push(format!("  Already here: {}", plural(self.sitting_days_present, "sitting day", "sitting days")));
        }
        lines.extend(self.left_out.iter().map(|l| format!("  Left out: {l}")));
        lines.push(if self.is_empty() {
            "No changes: everything in the file is already here.".to_string()
        } else {
            format!(
                "To add: {} and {}.",
                plural(self.add_recesses.len(), "recess", "recesses"),
                plural(self.add_sitting_days.len(), "sitting day", "sitting days")
            )
        });
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const RECESS_HEADER: &str = "house,recess,first_non_sitting_day,last_non_sitting_day,last_sitting_day_before,\
        first_sitting_day_after\n";

    #[test]
    fn recess_csv_with_lords_rows_left_out_and_duplicates_skipped() {
        let text = RECESS_HEADER.to_string()
            + "House of Commons,February recess,2027-02-12,2027-02-21,2027-02-11,2027-02-22\n"
            + "House of Lords,February recess,2027-02-12,2027-02-21,,\n"
            + "House of Commons,Summer recess,2026-07-23,2026-09-01,,\n";
        let file = read("f", &text).unwrap();
        assert_eq!(file.format, "a recess CSV");
        assert_eq!(file.recesses.len(), 2);
        let known = [Period { name: "summer RECESS".into(), first: d("2026-07-23"), last: d("2026-09-01") }];
        let plan = plan(file, &known, &[]);
        assert_eq!(plan.add_recesses.len(), 1);
        assert_eq!(plan.recesses_present.len(), 1);
        let lines = plan.lines().join("\n");
        assert!(lines.contains("Add recess: February recess, Friday 12 February 2027 to Sunday 21 February 2027"));
        assert!(lines.contains("Left out: 1 row for a House other than the Commons"), "{lines}");
    }

    #[test]
    fn sitting_day_csv_and_statuses() {
        let text = "date,weekday,session,status_at_extract\n2027-01-12,Tuesday,2026-27,sat\n\
            2027-01-13,wednesday,2026-27,scheduled (provisional)\n2027-01-13,,,sat\n";
        let file = read("f", text).unwrap();
        let known = [SittingDay { date: d("2027-01-12"), status: SittingStatus::Confirmed, note: None }];
        let plan = plan(file, &[], &known);
        assert_eq!(plan.sitting_days_present, 1);
        assert_eq!(
            plan.add_sitting_days,
            [SittingDay { date: d("2027-01-13"), status: SittingStatus::Confirmed, note: None }]
        );
    }

    #[test]
    fn bad_calendar_rows_are_listed() {
        let text = RECESS_HEADER.to_string()
            + "House of Commons,,2027-02-12,2027-02-21,,\n"
            + "House of Commons,Easter recess,2027-04-01,2027-03-01,,\n"
            + "House of Commons,Long recess,2027-01-01,2027-12-31,,\n"
            + "House of Commons,Bad,12/02/2027,2027-02-21,,\n";
        let err = read("f", &text).unwrap_err().to_string();
        assert!(err.contains("line 2: the recess has no name"), "{err}");
        assert!(err.contains("line 3: \"Easter recess\" ends (2027-03-01) before it starts"));
        assert!(err.contains("line 4: \"Long recess\" lasts 365 days, more than any recess (120)"));
        assert!(err.contains("line 5: first_non_sitting_day \"12/02/2027\" is not a date"));
        let days = "date,weekday,session,status_at_extract\n2027-01-12,Monday,,sat\n2027-01-13,,,maybe\n";
        let err = read("f", days).unwrap_err().to_string();
        assert!(err.contains("line 2: 2027-01-12 is a Tuesday, not \"Monday\"; line 3: status_at_extract \"maybe\""));
        let other = read("f", "a,b\n1,2\n").unwrap_err().to_string();
        assert!(other.contains("is not a calendar file mpplan knows"), "{other}");
    }

    #[test]
    fn ics_recesses_and_sitting_days() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:February recess\nDTSTART;VALUE=DATE:20270212\n\
            DTEND;VALUE=DATE:20270222\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:House sits\nDTSTART;VALUE=DATE:20270111\n\
            DTEND;VALUE=DATE:20270113\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Sitting day (provisional)\n\
            DTSTART;VALUE=DATE:20270114\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Non-sitting Friday\n\
            DTSTART;VALUE=DATE:20270115\nEND:VEVENT\nEND:VCALENDAR\n";
        let file = read("f", text).unwrap();
        assert_eq!(
            file.recesses,
            [Period { name: "February recess".into(), first: d("2027-02-12"), last: d("2027-02-21") }]
        );
        let days: Vec<_> = file.sitting_days.iter().map(|s| (s.date.to_string(), s.status)).collect();
        assert_eq!(
            days,
            [
                ("2027-01-11".into(), SittingStatus::Confirmed),
                ("2027-01-12".into(), SittingStatus::Confirmed),
                ("2027-01-14".into(), SittingStatus::Scheduled)
            ]
        );
        assert_eq!(file.left_out, ["1 event that is not a recess or a sitting day (\"Non-sitting Friday\")"]);
    }

    #[test]
    fn ics_events_with_times_or_backwards_dates_are_bad_lines() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Easter recess\nDTSTART:20270401T100000\nEND:VEVENT\n\
            BEGIN:VEVENT\nSUMMARY:Sitting day\nDTSTART;VALUE=DATE:20270112\nDTEND;VALUE=DATE:20270112\nEND:VEVENT\n\
            BEGIN:VEVENT\nSUMMARY:Whitsun recess\nEND:VEVENT\nEND:VCALENDAR\n";
        let err = read("f", text).unwrap_err().to_string();
        assert!(err.contains("line 2: \"Easter recess\" is not an all-day event"), "{err}");
        assert!(err.contains("line 6: \"Sitting day\" ends (2027-01-12) before it starts"));
        assert!(err.contains("line 11: \"Whitsun recess\" has no start"));
        let forever = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Sitting day\nDTSTART;VALUE=DATE:20270101\n\
            DTEND;VALUE=DATE:99991231\nEND:VEVENT\nEND:VCALENDAR\n";
        assert!(read("f", forever).unwrap_err().to_string().contains("more than any recess"));
        let nothing = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Lunch\nEND:VEVENT\nEND:VCALENDAR\n";
        assert!(read("f", nothing).unwrap_err().to_string().contains("has no recess or sitting-day events"));
    }

    /// An Egg Timer event as the README on Parliament's feeds describes it: LF endings, a UID of the
    /// start date and "000000", a DTSTAMP without Z, STATUS:TENTATIVE.
    fn egg_event(summary: &str, uid: &str, start: &str, end: Option<&str>) -> String {
        let end = end.map(|e| format!("DTEND;VALUE=DATE:{e}\n")).unwrap_or_default();
        format!(
            "BEGIN:VEVENT\nSUMMARY:{summary}\nUID:{uid}000000\nDTSTAMP:{uid}T000000\n\
             DTSTART;VALUE=DATE:{start}\n{end}STATUS:TENTATIVE\nEND:VEVENT\n"
        )
    }

    fn egg_recess_file(events: &[String]) -> String {
        format!("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:ukparliament/egg-timer\n{}END:VCALENDAR\n", events.concat())
    }

    fn period(name: &str, first: &str, last: &str) -> Period {
        Period { name: name.into(), first: d(first), last: d(last) }
    }

    #[test]
    fn an_egg_timer_recess_ends_on_its_dtend_and_a_one_day_recess_has_dtend_equal_to_dtstart() {
        let text = egg_recess_file(&[
            egg_event("February recess", "20270212", "20270212", Some("20270221")),
            egg_event("Recess (one day)", "20270305", "20270305", Some("20270305")),
        ]);
        let file = read("f", &text).unwrap();
        assert_eq!(file.format, "Parliament's Egg Timer calendar (ICS)");
        assert_eq!(
            file.recesses,
            [
                period("February recess", "2027-02-12", "2027-02-21"),
                period("Recess (one day)", "2027-03-05", "2027-03-05")
            ]
        );
        let lines = plan(file, &[], &[]).lines().join("\n");
        assert!(lines.contains("This is Parliament's Egg Timer calendar (ICS)."), "{lines}");
        assert!(lines.contains("Add recess: February recess, Friday 12 February 2027 to Sunday 21 February 2027"));
        assert!(lines.contains("Add recess: Recess (one day), Friday 5 March 2027 to Friday 5 March 2027"));

        let backwards = egg_recess_file(&[egg_event("Easter recess", "20270401", "20270401", Some("20270331"))]);
        let err = read("f", &backwards).unwrap_err().to_string();
        assert!(err.contains("line 4: \"Easter recess\" ends (2027-03-31) before it starts (2027-04-01)"), "{err}");
    }

    #[test]
    fn other_calendars_keep_the_rfc_end_date() {
        let feb = egg_event("February recess", "20270212", "20270212", Some("20270222"));
        let rfc = format!("BEGIN:VCALENDAR\nPRODID:-//Example//EN\n{feb}END:VCALENDAR\n");
        let file = read("f", &rfc).unwrap();
        assert_eq!(file.format, "a calendar (ICS) file");
        assert_eq!(file.recesses, [period("February recess", "2027-02-12", "2027-02-21")]);
        let egg = read("f", &egg_recess_file(&[feb])).unwrap();
        assert_eq!(egg.recesses, [period("February recess", "2027-02-12", "2027-02-22")]);
        let one_day = egg_event("Recess", "20270305", "20270305", Some("20270305"));
        let err = read("f", &format!("BEGIN:VCALENDAR\nPRODID:-//Example//EN\n{one_day}END:VCALENDAR\n"));
        assert!(err.unwrap_err().to_string().contains("ends (2027-03-05) before it starts"));
    }

    #[test]
    fn the_egg_timer_day_file_without_end_vcalendar_gives_provisional_sitting_days() {
        let text = "BEGIN:VCALENDAR\nVERSION:2.0\nCALSCALE:GREGORIAN\n".to_string()
            + &egg_event("Sitting day", "20270111", "20270111", None)
            + &egg_event("Sitting day", "20270112", "20270112", None)
            + &egg_event("Adjournment day", "20270115", "20270115", None)
            + &egg_event("Virtual sitting day", "20270118", "20270118", None)
            + &egg_event("Adjournment day", "20270122", "20270122", None);
        let file = read("f", &text).unwrap();
        assert_eq!(file.format, "Parliament's Egg Timer calendar (ICS)");
        let days: Vec<_> = file.sitting_days.iter().map(|s| (s.date.to_string(), s.status)).collect();
        assert_eq!(
            days,
            [
                ("2027-01-11".into(), SittingStatus::Scheduled),
                ("2027-01-12".into(), SittingStatus::Scheduled),
                ("2027-01-18".into(), SittingStatus::Scheduled)
            ]
        );
        assert_eq!(file.left_out, ["2 events that are not a recess or a sitting day (\"Adjournment day\" 2 times)"]);
        let known = [SittingDay { date: d("2027-01-11"), status: SittingStatus::Confirmed, note: None }];
        let plan = plan(file, &[], &known);
        assert_eq!(plan.sitting_days_present, 1, "a confirmed day stays confirmed");
        let lines = plan.lines().join("\n");
        assert!(lines.contains("Add 2 sitting days from Tuesday 12 January 2027 to Monday 18 January 2027, 2 of them"));
        assert!(lines.contains("Left out: 2 events that are not a recess or a sitting day (\"Adjournment day\" 2"));
    }

    #[test]
    fn a_missing_end_vcalendar_is_refused_for_other_calendars() {
        let day = egg_event("Sitting day", "20270111", "20270111", None);
        let cut = format!("BEGIN:VCALENDAR\nPRODID:-//Example//EN\n{day}");
        assert!(read("f", &cut).unwrap_err().to_string().contains("it may be cut short"));
        let not_tentative = format!("BEGIN:VCALENDAR\n{}", day.replace("TENTATIVE", "CONFIRMED"));
        assert!(read("f", &not_tentative).unwrap_err().to_string().contains("it may be cut short"));
        let uid_not_the_date = format!("BEGIN:VCALENDAR\n{}", day.replace("UID:20270111", "UID:20270110"));
        assert!(read("f", &uid_not_the_date).unwrap_err().to_string().contains("it may be cut short"));
        let inside_an_event = format!("BEGIN:VCALENDAR\n{}", day.replace("END:VEVENT\n", ""));
        assert!(read("f", &inside_an_event).unwrap_err().to_string().contains("it may be cut short"), "mid-event");
        assert!(read("f", &format!("BEGIN:VCALENDAR\n{day}")).is_ok());
    }

    #[test]
    fn events_sharing_a_uid_are_told_apart_by_their_dates() {
        let text = egg_recess_file(&[
            egg_event("Easter recess", "20270325", "20270325", Some("20270411")),
            egg_event("Easter recess", "20270325", "20270325", Some("20270412")),
            egg_event("Whitsun recess", "20270527", "20270527", Some("20270606")),
            egg_event("Whitsun recess", "20270527", "20270527", Some("20270606")),
        ]);
        let file = read("f", &text).unwrap();
        assert_eq!(file.recesses.len(), 4);
        let plan = plan(file, &[], &[]);
        assert_eq!(
            plan.add_recesses,
            [
                period("Easter recess", "2027-03-25", "2027-04-11"),
                period("Easter recess", "2027-03-25", "2027-04-12"),
                period("Whitsun recess", "2027-05-27", "2027-06-06")
            ],
            "the same UID with other dates is another recess; the same dates are the same recess"
        );
        let shared = egg_recess_file(&[
            egg_event("Sitting day", "20270111", "20270111", None),
            egg_event("Sitting day", "20270111", "20270112", None),
        ]);
        let days: Vec<NaiveDate> = read("f", &shared).unwrap().sitting_days.iter().map(|s| s.date).collect();
        assert_eq!(days, [d("2027-01-11"), d("2027-01-12")]);
    }

    #[test]
    fn tentative_sitting_days_are_scheduled_in_any_calendar() {
        let text = "BEGIN:VCALENDAR\nPRODID:-//Example//EN\nBEGIN:VEVENT\nSUMMARY:Sitting day\n\
            DTSTART;VALUE=DATE:20270111\nSTATUS:TENTATIVE\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Sitting day\n\
            DTSTART;VALUE=DATE:20270112\nSTATUS:CONFIRMED\nEND:VEVENT\nEND:VCALENDAR\n";
        let days: Vec<_> = read("f", text).unwrap().sitting_days.iter().map(|s| s.status).collect();
        assert_eq!(days, [SittingStatus::Scheduled, SittingStatus::Confirmed]);
    }

    #[test]
    fn line_feeds_and_windows_line_endings_read_the_same() {
        let lf = egg_recess_file(&[egg_event("February recess", "20270212", "20270212", Some("20270221"))]);
        assert!(!lf.contains('\r'));
        let crlf = lf.replace('\n', "\r\n");
        let from_lf = read("f", &crate::domain::interchange::import_file::decode("f", lf.as_bytes()).unwrap()).unwrap();
        let from_crlf =
            read("f", &crate::domain::interchange::import_file::decode("f", crlf.as_bytes()).unwrap()).unwrap();
        assert_eq!(from_lf, from_crlf);
        assert_eq!(from_lf.recesses, [period("February recess", "2027-02-12", "2027-02-21")]);
    }

    #[test]
    fn only_sitting_type_summaries_are_sittings() {
        let sitting = |summary: &str| matches!(meaning(summary), Meaning::Sitting(_));
        for yes in ["Sitting day", "sitting_day", "Virtual sitting day", "virtual_sitting_day", "House sits"] {
            assert!(sitting(yes), "{yes}");
        }
        for no in [
            "Adjournment day",
            "adjournment_day",
            "Non-sitting day",
            "non_sitting_day",
            "Nonsitting day",
            "House not sitting",
            "Prorogation day",
            "Dissolution day",
            "State Opening of Parliament",
        ] {
            assert!(!sitting(no), "{no}");
        }
        assert!(matches!(meaning("Easter recess (post recall)"), Meaning::Recess));
        assert!(sitting("House of Commons - Sitting day"));
        for lords in ["House of Lords - Sitting day", "House of Lords - February recess"] {
            assert!(matches!(meaning(lords), Meaning::Other), "{lords}");
        }
    }

    #[test]
    fn what_is_left_out_is_counted_by_summary() {
        let mut tally = Tally::default();
        assert_eq!(tally.listed(2), None);
        for what in ["a", "b", "a", "c", "d", "d"] {
            tally.add(what.into());
        }
        assert_eq!(tally.total, 6);
        assert_eq!(tally.listed(2).as_deref(), Some("a 2 times, b and 3 more"));
        assert_eq!(tally.listed(5).as_deref(), Some("a 2 times, b, c, d 2 times"));
    }

    proptest::proptest! {
        #[test]
        fn reading_never_panics(
            body in "[A-Za-z0-9:;=, \n-]{0,200}",
            ics in proptest::bool::ANY,
        ) {
            let text = if ics {
                format!("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Sitting recess\n{body}\nEND:VEVENT\nEND:VCALENDAR\n")
            } else {
                format!("date,weekday,session,status_at_extract,recess,first_non_sitting_day,last_non_sitting_day\n{body}")
            };
            if let Ok(file) = read("f", &text) {
                let _ = plan(file, &[], &[]).lines();
            }
        }
    }
}
