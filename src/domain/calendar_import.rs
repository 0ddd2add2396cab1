//! Newer calendar data from a file: a CSV in the shipped recess or sitting-day format (told apart by
//! their headers), or an iCalendar file of all-day events named like "February recess" or "Sitting
//! day". Recesses and sitting days already known, from any source, are recognised and skipped.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};

use super::calendar::{Period, SittingDay, SittingStatus, long_date};
use super::ics_read::{self, Event, When};
use super::import_file::{BadLine, CsvRow, CsvTable, ImportError, iso_date, plural};
use super::text::fold;

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
    use super::feeds::whatson;
    let refuse = |e: super::feeds::FeedError| {
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

fn meaning(summary: &str) -> Meaning {
    let s = fold(summary);
    let has = |words: &[&str]| words.iter().any(|w| s.contains(w));
    if has(&["recess"]) {
        Meaning::Recess
    } else if has(&["non-sitting", "non sitting", "not sitting", "does not sit", "no sitting"]) {
        Meaning::Other
    } else if has(&["sitting", "house sits", "commons sits"]) {
        let provisional = has(&["provisional", "scheduled"]);
        Meaning::Sitting(if provisional { SittingStatus::Scheduled } else { SittingStatus::Confirmed })
    } else {
        Meaning::Other
    }
}

fn read_ics(file: &str, text: &str) -> Result<CalendarFile, ImportError> {
    let mut out = CalendarFile { format: "a calendar (ICS) file", ..CalendarFile::default() };
    let mut bad = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for event in ics_read::events(file, text)? {
        let summary = event.one_line("SUMMARY");
        let cancelled = event.get("STATUS").is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED"));
        let meaning = if cancelled { Meaning::Other } else { meaning(&summary) };
        let result = match meaning {
            Meaning::Other => {
                others.push(if summary.is_empty() { "(no summary)".into() } else { format!("\"{summary}\"") });
                continue;
            }
            Meaning::Recess => all_day(&event, &summary)
                .and_then(|(first, last)| recess(&summary, first, last))
                .map(|r| out.recesses.push(r)),
            Meaning::Sitting(status) => all_day(&event, &summary).and_then(|(first, last)| {
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
    if !others.is_empty() {
        let shown: Vec<String> = others.iter().take(5).cloned().collect();
        let more = if others.len() > 5 { format!(" and {} more", others.len() - 5) } else { String::new() };
        let events = plural(others.len(), "event that is", "events that are");
        out.left_out.push(format!("{events} not a recess or a sitting day ({}{more})", shown.join(", ")));
    }
    if out.recesses.is_empty() && out.sitting_days.is_empty() && bad.is_empty() {
        return Err(ImportError::format(
            file,
            "has no recess or sitting-day events: their summaries should say \"recess\" or \"sitting day\"",
        ));
    }
    finish(file, out, bad)
}

/// The first and last day of an all-day event (its DTEND is the day after it ends; without one it
/// lasts a day).
fn all_day(event: &Event, summary: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let start = event.get("DTSTART").ok_or_else(|| format!("\"{summary}\" has no start (DTSTART)"))?;
    let whole_day = |when| match when {
        When::Day(day) => Ok(day),
        When::London(_) => {
            Err(format!("\"{summary}\" is not an all-day event: recesses and sitting days are whole days"))
        }
    };
    let first = whole_day(ics_read::when(start)?)?;
    let Some(end) = event.get("DTEND") else {
        return Ok((first, first));
    };
    let end = whole_day(ics_read::when(end)?)?;
    if end <= first {
        return Err(format!("\"{summary}\" ends ({end}) before it starts ({first})"));
    }
    Ok((first, end - Days::new(1)))
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
