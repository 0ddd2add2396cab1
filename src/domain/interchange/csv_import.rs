//! Spreadsheets in: past contacts (contact-log entries) or planned visits (proposals) from a CSV
//! file, such as one kept in Excel before mpplan, or mpplan's own `export csv`. Columns are found
//! by name, in any case and with or without spaces, underscores or hyphens ("Seat Code",
//! `seat_code`); the MP of each row is found by seat code, constituency or MP name as `--mp` is.
//! A row already stored (same seat, same day or start, same summary or title) is recognised and
//! not added again, so importing a file twice adds nothing the second time. Any bad row means no
//! plan at all: the error lists every bad row with its line and what is wrong.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use crate::domain::calendar::{CalendarData, DEFAULT_HOURS, Flag, ProposalKind};
use crate::domain::engagement::contact::{Direction, InteractionKind, NewInteraction, check_date, contact_phrase};
use crate::domain::engagement::proposal::{NewProposal, Proposal, ProposalStatus, label};
use crate::domain::interchange::import_file::{BadLine, CsvRow, CsvTable, ImportError, plural};
use crate::domain::limits::Field;
use crate::domain::mps::resolve::{Candidate, Resolved, resolve};
use crate::domain::text::printable;
use crate::domain::when::{WhenError, day_span, parse_date, parse_datetime, span_text, validate_span};

/// The names a column may go by, as [`key`] makes them: the first found in the header is read.
type Names = &'static [&'static str];

const SEAT_CODE: Names = &["seatcode", "constituencycode", "code", "onscode", "pcon24cd"];
const SEAT: Names = &["seat", "constituency", "constituencyname", "pcon24nm"];
const MP: Names = &["mp", "mpname", "member", "membername"];
const DATE: Names = &["date", "on", "occurredon", "contactdate", "day"];
const KIND: Names = &["kind", "type"];
const DIRECTION: Names = &["direction"];
const SUMMARY: Names = &["summary", "note", "notes", "description", "details"];
const TITLE: Names = &["title", "subject", "what"];
const PLACE: Names = &["place", "location", "where", "venue"];
const START: Names = &["start", "starts", "startsat", "from", "begins"];
const END: Names = &["end", "ends", "endsat", "to", "until", "finish"];
const ATTENDEES: Names = &["attendees", "people", "numberattending"];
const STATUS: Names = &["status"];
const ALL_DAY: Names = &["allday", "wholeday"];

/// How long a proposal lasts when the file gives no end.
const DEFAULT_LENGTH_HOURS: i64 = 1;

/// A column name as it is matched: in lower case, without spaces, underscores or hyphens.
fn key(name: &str) -> String {
    name.chars().filter(|c| !matches!(c, ' ' | '_' | '-' | '\u{a0}')).flat_map(char::to_lowercase).collect()
}

/// A table's columns found by their names.
struct Columns<'a> {
    table: &'a CsvTable,
    keys: Vec<String>,
}

impl<'a> Columns<'a> {
    fn new(table: &'a CsvTable) -> Columns<'a> {
        Columns { table, keys: table.headers().iter().map(|h| key(h)).collect() }
    }

    fn find(&self, names: Names) -> Option<usize> {
        names.iter().find_map(|name| self.keys.iter().position(|k| k == name))
    }

    /// The cell of `row` in the first column found of `names`, with the quote mpplan's export puts
    /// before a cell a spreadsheet could take for a formula taken off again; empty when none is.
    fn get<'r>(&self, row: &'r CsvRow, names: Names) -> &'r str {
        let cell = self.find(names).map_or("", |i| self.table.cell_at(row, i));
        match cell.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
            _ => cell,
        }
    }

    /// Refuses a table with none of the columns of each of `groups`, saying what the file should be.
    fn require(&self, file: &str, groups: &[(&str, &[Names])], expected: &str) -> Result<(), ImportError> {
        let missing: Vec<&str> = groups
            .iter()
            .filter(|(_, names)| names.iter().all(|n| self.find(n).is_none()))
            .map(|(what, _)| *what)
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(ImportError::format(
            file,
            format!(
                "has no column for {}: it should be {expected}; its header is: {}",
                missing.join(", "),
                self.table.headers().join(",")
            ),
        ))
    }
}

/// Finds each row's seat among `candidates`, remembering what each text resolved to.
struct Seats<'a> {
    candidates: &'a [Candidate],
    seen: HashMap<String, Result<usize, String>>,
}

impl<'a> Seats<'a> {
    fn new(candidates: &'a [Candidate]) -> Seats<'a> {
        Seats { candidates, seen: HashMap::new() }
    }

    /// The seat a row names: by its seat code, else its constituency, else its MP.
    fn of(&mut self, cols: &Columns<'_>, row: &CsvRow) -> Result<&'a Candidate, String> {
        let query = [SEAT_CODE, SEAT, MP].iter().map(|names| cols.get(row, names)).find(|q| !q.is_empty());
        let Some(query) = query else {
            return Err("it names no MP: give a seat code, a constituency or an MP's name".into());
        };
        let candidates = self.candidates;
        let found = self.seen.entry(query.to_string()).or_insert_with(|| {
            let shown = printable(query);
            match resolve(query, candidates) {
                Resolved::One(i) => Ok(i),
                Resolved::Ambiguous { total, .. } => {
                    Err(format!("\"{shown}\" matches {total} seats; give the seat code or more of the name"))
                }
                Resolved::NotFound { .. } => Err(format!("no MP or constituency matches \"{shown}\"")),
            }
        });
        found.clone().map(|i| &candidates[i])
    }
}

/// A contact already logged, as a file's rows are compared with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedContact {
    pub code: String,
    pub on: NaiveDate,
    pub summary: String,
}

/// One row of a contacts file.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRow {
    pub line: usize,
    pub seat: Candidate,
    pub contact: NewInteraction,
}

/// What importing a contacts file would do: log the new contacts; the others are logged already
/// (or repeat a row before them).
#[derive(Debug, Clone, PartialEq)]
pub struct ContactPlan {
    pub add: Vec<ContactRow>,
    pub present: Vec<ContactRow>,
}

/// What a contacts file should be, for errors.
const CONTACTS_FILE: &str = "a contact log with a column for the MP (seat_code, seat or mp), the date and the kind \
    (letter, email, call, meeting…), and optionally direction and summary";

/// Reads `text` (from [`super::import_file::decode`]) as contact-log entries, and compares them
/// with the contacts `logged` already. A date after `today` is a bad row: contacts are logged once
/// they have happened.
pub fn plan_contacts(
    file: &str,
    text: &str,
    candidates: &[Candidate],
    logged: &[LoggedContact],
    today: NaiveDate,
) -> Result<ContactPlan, ImportError> {
    let table = CsvTable::parse(file, text)?;
    let cols = Columns::new(&table);
    cols.require(
        file,
        &[("the MP", &[SEAT_CODE, SEAT, MP]), ("the date", &[DATE]), ("the kind", &[KIND])],
        CONTACTS_FILE,
    )?;
    let mut seats = Seats::new(candidates);
    let mut known: HashSet<(String, NaiveDate, String)> =
        logged.iter().map(|c| (c.code.clone(), c.on, c.summary.trim().to_string())).collect();
    let mut bad = table.bad.clone();
    let mut plan = ContactPlan { add: Vec::new(), present: Vec::new() };
    for row in &table.rows {
        let mut problems = Vec::new();
        let seat = seats.of(&cols, row).map_err(|e| problems.push(e)).ok();
        let on = contact_date(cols.get(row, DATE), today).map_err(|e| problems.push(e)).ok();
        let kind = contact_kind(cols.get(row, KIND)).map_err(|e| problems.push(e)).ok();
        let direction = direction(cols.get(row, DIRECTION)).map_err(|e| problems.push(e)).ok();
        let summary = cols.get(row, SUMMARY).to_string();
        if let Err(e) = Field::ContactNote.check(&summary) {
            problems.push(format!("its summary is too long ({e})"));
        }
        let (Some(seat), Some(on), Some(kind), Some(direction), true) =
            (seat, on, kind, direction, problems.is_empty())
        else {
            bad.extend(problems.into_iter().map(|p| BadLine::new(row.line, p)));
            continue;
        };
        let entry = ContactRow {
            line: row.line,
            seat: seat.clone(),
            contact: NewInteraction { kind, direction, on, summary: summary.clone() },
        };
        if known.insert((seat.code.clone(), on, summary)) {
            plan.add.push(entry);
        } else {
            plan.present.push(entry);
        }
    }
    if !bad.is_empty() {
        return Err(ImportError::bad_lines(file, bad));
    }
    Ok(plan)
}

impl ContactPlan {
    /// The preview: each contact with what will happen to it, and a count.
    pub fn lines(&self) -> Vec<String> {
        let line = |verb: &str, row: &ContactRow| {
            let c = &row.contact;
            let summary = if c.summary.is_empty() { String::new() } else { format!(": {}", printable(&c.summary)) };
            format!(
                "  {verb}: {}, {} {}{summary}",
                c.on.format("%a %-d %b %Y"),
                contact_phrase(c.kind, c.direction),
                row.seat.describe()
            )
        };
        let mut lines: Vec<String> = self.add.iter().map(|r| line("Add", r)).collect();
        lines.extend(self.present.iter().map(|r| line("Already logged", r)));
        lines.push(match self.add.len() {
            0 => {
                format!("No changes: the {} already logged.", plural(self.present.len(), "contact is", "contacts are"))
            }
            n => format!("{} to add, {} already logged.", plural(n, "contact", "contacts"), self.present.len()),
        });
        lines
    }
}

/// One row of a proposals file.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalRow {
    pub line: usize,
    pub seat: Candidate,
    pub proposal: NewProposal,
    pub status: ProposalStatus,
}

/// What importing a proposals file would do: add the new proposals; the others are stored already
/// (or repeat a row before them).
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalPlan {
    pub add: Vec<ProposalRow>,
    pub present: Vec<ProposalRow>,
}

/// What a proposals file should be, for errors.
const PROPOSALS_FILE: &str = "a list of proposals with a column for the MP (seat_code, seat or mp) and the start \
    (YYYY-MM-DD HH:MM, or a date for an all-day proposal), and optionally title, kind, place, end, all_day, \
    attendees and status";

/// Reads `text` (from [`super::import_file::decode`]) as proposals, and compares them with the
/// proposals `stored` already. A proposal with no end lasts an hour; an end that is only a time
/// of day is on the start's day. A proposal is all day when its `all_day` cell says yes, or when
/// there is none and its start is a date alone: its end is then its last day (or, with a time of
/// 00:00 as mpplan's export writes it, the day after), or none for one day.
pub fn plan_proposals(
    file: &str,
    text: &str,
    candidates: &[Candidate],
    stored: &[Proposal],
    today: NaiveDate,
) -> Result<ProposalPlan, ImportError> {
    let table = CsvTable::parse(file, text)?;
    let cols = Columns::new(&table);
    cols.require(file, &[("the MP", &[SEAT_CODE, SEAT, MP]), ("the start", &[START])], PROPOSALS_FILE)?;
    let mut seats = Seats::new(candidates);
    // Each seat's starts, with the titles (and labels) of the proposals stored or planned at each.
    let mut known: HashMap<(String, NaiveDateTime), Vec<String>> = HashMap::new();
    for p in stored {
        known.entry((p.constituency_code.clone(), p.start)).or_default().extend([p.title.clone(), p.label()]);
    }
    let mut bad = table.bad.clone();
    let mut plan = ProposalPlan { add: Vec::new(), present: Vec::new() };
    for row in &table.rows {
        let mut problems = Vec::new();
        let seat = seats.of(&cols, row).map_err(|e| problems.push(e)).ok();
        let kind = proposal_kind(cols.get(row, KIND)).map_err(|e| problems.push(e)).ok();
        let span = span(cols.get(row, START), cols.get(row, END), cols.get(row, ALL_DAY), today)
            .map_err(|e| problems.push(e))
            .ok();
        let attendees = attendees(cols.get(row, ATTENDEES)).map_err(|e| problems.push(e)).ok();
        let status = status(cols.get(row, STATUS)).map_err(|e| problems.push(e)).ok();
        let (Some(seat), Some(kind), Some((start, end, all_day)), Some(attendees), Some(status), true) =
            (seat, kind, span, attendees, status, problems.is_empty())
        else {
            bad.extend(problems.into_iter().map(|p| BadLine::new(row.line, p)));
            continue;
        };
        let title = cols.get(row, TITLE);
        // mpplan's export writes "Visit with Hilary Benn" for a proposal with no title: that is no title.
        let title = if title == label("", kind, &seat.mp_name) { "" } else { title };
        let proposal = NewProposal {
            constituency_code: seat.code.clone(),
            title: title.to_string(),
            kind,
            place: cols.get(row, PLACE).to_string(),
            start,
            end,
            all_day,
            // A spreadsheet's times are the first reading of an hour the clocks show twice, as typed ones are.
            fold: Default::default(),
            attendees,
        };
        if let Err(e) = proposal.check_lengths() {
            bad.push(BadLine::new(row.line, e.to_string()));
            continue;
        }
        let shown = label(title, kind, &seat.mp_name);
        let titles = known.entry((seat.code.clone(), start)).or_default();
        let entry = ProposalRow { line: row.line, seat: seat.clone(), proposal, status };
        if titles.iter().any(|t| *t == shown || *t == title) {
            plan.present.push(entry);
        } else {
            titles.push(shown);
            plan.add.push(entry);
        }
    }
    if !bad.is_empty() {
        return Err(ImportError::bad_lines(file, bad));
    }
    Ok(plan)
}

impl ProposalPlan {
    /// The preview: each proposal with what will happen to it, flagged against `cal`, and a count.
    pub fn lines(&self, cal: &CalendarData) -> Vec<String> {
        let mut lines = Vec::new();
        for (verb, rows) in [("Add", &self.add), ("Already there", &self.present)] {
            for row in rows {
                let p = &row.proposal;
                let place = if p.place.is_empty() { String::new() } else { format!(" at {}", printable(&p.place)) };
                let title = label(&p.title, p.kind, &row.seat.mp_name);
                let flag = cal.classify_span(p.start, p.end, p.all_day, p.kind, &DEFAULT_HOURS);
                lines.push(format!(
                    "  {verb}: {}, {}, {}: {}{place} [{}] ({})",
                    row.seat.describe(),
                    span_text(p.start, p.end, p.all_day),
                    p.kind,
                    printable(&title),
                    row.status,
                    flag.label()
                ));
                if verb == "Add" && flag.flag != Flag::Clear {
                    lines.push(format!("    {}", flag.reason()));
                }
            }
        }
        lines.push(match self.add.len() {
            0 => {
                format!("No changes: the {} already there.", plural(self.present.len(), "proposal is", "proposals are"))
            }
            n => format!("{} to add, {} already there.", plural(n, "proposal", "proposals"), self.present.len()),
        });
        lines
    }
}

/// A contact's day: in any form `--date` takes (ISO or day first), or a date with midnight after it
/// (as spreadsheets write dates); not after `today`.
fn contact_date(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let on = day("date", text, today)?;
    check_date(on, today).map_err(|e| e.to_string())
}

/// "2026-11-03" of "2026-11-03 00:00" or "2026-11-03 00:00:00", as spreadsheets write a date.
fn strip_midnight(text: &str) -> &str {
    for midnight in [" 00:00:00", " 00:00", "T00:00:00", "T00:00"] {
        if let Some(day) = text.strip_suffix(midnight) {
            return day.trim_end();
        }
    }
    text
}

/// A date and time of day in any form `--start` takes; seconds, as spreadsheets write them, are
/// dropped when they are zero.
fn datetime(what: &str, text: &str, today: NaiveDate) -> Result<NaiveDateTime, String> {
    if text.is_empty() {
        return Err(format!("it has no {what} (YYYY-MM-DD HH:MM)"));
    }
    let text = text.strip_suffix(":00").filter(|t| t.matches(':').count() == 1).unwrap_or(text);
    parse_datetime(text, today).map_err(|e| short(what, &e))
}

/// A proposal's start, end and whether it is all day, checked as the proposal form checks them.
fn span(
    start: &str,
    end_text: &str,
    all_day: &str,
    today: NaiveDate,
) -> Result<(NaiveDateTime, NaiveDateTime, bool), String> {
    let all_day = match all_day.to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => true,
        "no" | "n" | "false" | "0" => false,
        // A start that is a date alone, and no word either way: the whole day.
        "" => !start.is_empty() && datetime("start", start, today).is_err() && day("start", start, today).is_ok(),
        _ => return Err(format!("its all_day \"{}\" is not yes or no", printable(all_day))),
    };
    if !all_day {
        let start = datetime("start", start, today)?;
        let end = end(end_text, start, today)?;
        validate_span(start, end, false).map_err(|e| e.to_string())?;
        return Ok((start, end, false));
    }
    let first = day("start", start, today)?;
    let last = match end_text {
        "" => first,
        // mpplan's export: the day after the last, at midnight.
        text if datetime("end", text, today).is_ok_and(|t| t.time() == NaiveTime::MIN && text.contains(':')) => {
            let end = datetime("end", text, today)?.date();
            end.pred_opt().unwrap_or(end)
        }
        text => day("end", text, today)?,
    };
    let (start, end) = day_span(first, last).map_err(|e| e.to_string())?;
    Ok((start, end, true))
}

/// A day, in any form `--date` takes; a time of midnight after it (as spreadsheets write dates) is
/// left out.
fn day(what: &str, text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    if text.is_empty() {
        return Err(format!("it has no {what}"));
    }
    parse_date(strip_midnight(text), today).map_err(|e| short(what, &e))
}

/// A proposal's end: a date and time, a time of day on the start's day, or (empty) an hour after
/// the start.
fn end(text: &str, start: NaiveDateTime, today: NaiveDate) -> Result<NaiveDateTime, String> {
    if text.is_empty() {
        // Times are stored as YYYY-MM-DD HH:MM: an hour after the last minute of 9999 has no such form.
        return start
            .checked_add_signed(TimeDelta::hours(DEFAULT_LENGTH_HOURS))
            .filter(|end| end.year() <= 9999)
            .ok_or_else(|| "its start is beyond the calendar: an hour after it has no date".to_string());
    }
    let only_time = text.len() <= 8 && text.contains(':') && text.chars().all(|c| c.is_ascii_digit() || c == ':');
    if only_time {
        return datetime("end", &format!("{} {text}", start.date()), today);
    }
    datetime("end", text, today)
}

/// A date error in a few words, naming the column: the full forms are in `--help`.
fn short(what: &str, e: &WhenError) -> String {
    match e {
        WhenError::Date { input, reason } => {
            format!(
                "its {what} \"{}\" is not a date ({reason}); give YYYY-MM-DD or day first, as 4/12/2026",
                printable(input)
            )
        }
        WhenError::DateTime { input, reason } => format!(
            "its {what} \"{}\" is not a date and time ({reason}); give YYYY-MM-DD HH:MM or day first, as 4/12/2026 10:00",
            printable(input)
        ),
        other => format!("its {what}: {other}"),
    }
}

fn contact_kind(text: &str) -> Result<InteractionKind, String> {
    if text.is_empty() {
        return Err("it has no kind: give letter, email, call, meeting, visit, event, surgery, press or other".into());
    }
    InteractionKind::parse(text).map_err(|e| e.to_string())
}

/// To the MP (the default) or from the MP; "to mp", "to-mp" and "To_MP" alike.
fn direction(text: &str) -> Result<Direction, String> {
    if text.is_empty() {
        return Ok(Direction::ToMp);
    }
    Direction::parse(&text.replace(' ', "_")).map_err(|e| e.to_string())
}

/// A proposal's kind; a visit when the file gives none.
fn proposal_kind(text: &str) -> Result<ProposalKind, String> {
    if text.is_empty() {
        return Ok(ProposalKind::Visit);
    }
    text.parse::<ProposalKind>().map_err(|e| e.to_string())
}

fn attendees(text: &str) -> Result<Option<u32>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u32>().map(Some).map_err(|_| format!("its attendees \"{}\" is not a whole number", printable(text)))
}

/// A proposal's status; proposed when the file gives none.
fn status(text: &str) -> Result<ProposalStatus, String> {
    if text.is_empty() {
        return Ok(ProposalStatus::Proposed);
    }
    ProposalStatus::parse(text).map_err(|e| e.to_string())
}

#[cfg(test)]
#[path = "csv_import_tests.rs"]
mod tests;
