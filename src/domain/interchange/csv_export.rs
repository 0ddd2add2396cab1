//! Spreadsheet exports: proposals, the contact log and engagements as rows under a header, each
//! cell with its type (text, number, date, date and time) so that CSV prints it as text and a
//! workbook (see [`super::xlsx`]) stores it as a real number or date. Every text cell that a
//! spreadsheet would run as a formula is neutralised in CSV.

use std::borrow::Cow;
use std::fmt;
use std::io;

use chrono::{Days, NaiveDate, NaiveDateTime};

use crate::domain::engagement::agenda::FlaggedProposal;
use crate::domain::engagement::checklist::{Progress, item_by_key};
use crate::domain::engagement::facts::EngagementRecord;
use crate::domain::engagement::followups::{FollowUpSettings, follow_ups};
use crate::domain::engagement::proposal::TIME_FORMAT;
use crate::domain::views::EngagementInfo;

/// One cell of a [`Sheet`]: what it holds, typed. CSV prints each as the text mpplan shows
/// (dates YYYY-MM-DD, times YYYY-MM-DD HH:MM); a workbook stores numbers and dates as such.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Number(i64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl Cell {
    /// The cell as CSV prints it (before neutralising).
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(t) => Cow::Borrowed(t),
            Cell::Number(n) => Cow::Owned(n.to_string()),
            Cell::Date(d) => Cow::Owned(d.to_string()),
            Cell::DateTime(t) => Cow::Owned(t.format(TIME_FORMAT).to_string()),
        }
    }

    /// A number that may be absent (an empty cell).
    pub fn number(n: Option<impl Into<i64>>) -> Cell {
        n.map_or_else(|| Cell::Text(String::new()), |n| Cell::Number(n.into()))
    }

    /// A count of things.
    pub fn count(n: usize) -> Cell {
        Cell::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }
}

impl PartialEq<String> for Cell {
    fn eq(&self, other: &String) -> bool {
        self.text() == other.as_str()
    }
}

impl PartialEq<&str> for Cell {
    fn eq(&self, other: &&str) -> bool {
        self.text() == *other
    }
}

/// A table: a header row and rows of the same width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// How CSV is written: plain (LF line ends), or for Excel (a UTF-8 byte order mark, so that Excel
/// reads accented names rightly, and CRLF line ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvStyle {
    #[default]
    Plain,
    Excel,
}

impl Sheet {
    pub fn new(headers: &[&str]) -> Sheet {
        Sheet { headers: headers.iter().map(|h| h.to_string()).collect(), rows: Vec::new() }
    }

    /// The sheet as CSV (RFC 4180 quoting, LF line ends), every cell neutralised.
    pub fn to_csv(&self) -> io::Result<String> {
        self.to_csv_as(CsvStyle::Plain)
    }

    /// The sheet as CSV in `style`, every cell neutralised. Line ends within a cell are kept as
    /// they are; only the ends of the rows differ.
    pub fn to_csv_as(&self, style: CsvStyle) -> io::Result<String> {
        let (start, terminator): (&[u8], _) = match style {
            CsvStyle::Plain => (b"", csv::Terminator::Any(b'\n')),
            CsvStyle::Excel => (b"\xEF\xBB\xBF", csv::Terminator::CRLF),
        };
        let mut writer = csv::WriterBuilder::new().terminator(terminator).from_writer(start.to_vec());
        writer.write_record(self.headers.iter().map(|h| neutralise(h).into_owned()))?;
        for row in &self.rows {
            writer.write_record(row.iter().map(|c| neutralise(&c.text()).into_owned()))?;
        }
        let bytes = writer.into_inner().map_err(|e| e.into_error())?;
        String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }
}

/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return, which a spreadsheet
/// could run as a formula, gets a single quote in front so that it is shown as text.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

fn date(day: Option<NaiveDate>) -> Cell {
    day.map_or_else(|| Cell::Text(String::new()), Cell::Date)
}

/// Proposals with their calendar flags and press plans, one a row.
pub fn proposals(flagged: &[FlaggedProposal]) -> Sheet {
    let mut sheet = Sheet::new(&[
        "uuid",
        "seat_code",
        "seat",
        "mp",
        "title",
        "kind",
        "place",
        "start",
        "end",
        "all_day",
        "attendees",
        "status",
        "flag",
        "flag_reason",
        "press",
        "press_draft_shared_on",
        "press_quote_requested_on",
        "press_quote_received_on",
        "press_published_on",
    ]);
    for f in flagged {
        let p = &f.proposal;
        sheet.rows.push(vec![
            p.uuid.as_str().into(),
            p.constituency_code.as_str().into(),
            (&*p.constituency).into(),
            (&*p.mp).into(),
            p.label().into(),
            p.kind.as_str().into(),
            p.place.as_str().into(),
            Cell::DateTime(p.start),
            Cell::DateTime(p.end),
            if p.all_day { "yes" } else { "no" }.into(),
            Cell::number(p.attendees),
            p.status.as_str().into(),
            f.flag.as_str().into(),
            f.reason.as_str().into(),
            p.press.plan.as_str().into(),
            date(p.press.draft_shared_on),
            date(p.press.quote_requested_on),
            date(p.press.quote_received_on),
            date(p.press.published_on),
        ]);
    }
    sheet
}

/// Every logged contact, oldest first within each seat, seats in name order.
pub fn interactions(records: &[EngagementRecord]) -> Sheet {
    let mut sheet = Sheet::new(&["uuid", "seat_code", "seat", "mp", "date", "kind", "direction", "summary"]);
    for r in records {
        let f = &r.facts;
        for i in &r.interactions {
            sheet.rows.push(vec![
                i.uuid.as_str().into(),
                (&*f.code).into(),
                (&*f.seat).into(),
                i.mp_name.as_str().into(),
                Cell::Date(i.on),
                i.kind.as_str().into(),
                i.direction.as_str().into(),
                i.summary.as_str().into(),
            ]);
        }
    }
    sheet
}

/// Every engagement, tracked or not, with its progress, next step, cadence and follow-ups as of
/// `today` (the day `records` were made for). `info` holds each engagement's own notes, in the same
/// order as `records`.
pub fn engagements(
    records: &[EngagementRecord],
    info: &[EngagementInfo],
    today: NaiveDate,
    settings: &FollowUpSettings,
) -> Sheet {
    let mut sheet = Sheet::new(&[
        "seat_code",
        "seat",
        "mp",
        "tracked",
        "started_on",
        "steps_done",
        "steps_skipped",
        "steps_total",
        "next_step",
        "cadence_days",
        "last_contact",
        "next_contact_due",
        "contacts",
        "proposals",
        "follow_ups_outstanding",
        "topics",
        "notes",
    ]);
    for (r, info) in records.iter().zip(info) {
        let f = &r.facts;
        let progress = Progress::of(f.checklist.iter().map(|e| (&*e.key, e.state)));
        let next = progress.next.and_then(item_by_key).map(|i| format!("{} {}", i.key, i.text));
        let last = f.contacts.last_contact;
        let due = last.unwrap_or(f.started_on).checked_add_days(Days::new(f.cadence_days.into()));
        sheet.rows.push(vec![
            (&*f.code).into(),
            (&*f.seat).into(),
            (&*f.mp).into(),
            if f.tracked { "yes" } else { "no" }.into(),
            Cell::Date(f.started_on),
            Cell::count(progress.done),
            Cell::count(progress.skipped),
            Cell::count(progress.total),
            next.unwrap_or_default().into(),
            Cell::Number(f.cadence_days.into()),
            date(last),
            if f.tracked { date(due) } else { "".into() },
            Cell::count(r.interactions.len()),
            Cell::count(r.proposals.len()),
            Cell::count(follow_ups(f, today, settings).len()),
            info.topic_list().join("; ").into(),
            info.notes.as_str().into(),
        ]);
    }
    sheet
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::engagement::fixtures::facts;
    use crate::domain::engagement::followups::ahead_days;

    #[test]
    fn formula_starts_are_neutralised() {
        for cell in ["=SUM(A1)", "+44 20", "-1", "@cmd", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["", "Leeds South", "2026-11-24", "a=b", " =x", "'quoted"] {
            assert!(matches!(neutralise(cell), Cow::Borrowed(c) if c == cell), "{cell:?}");
        }
    }

    #[test]
    fn csv_has_a_header_quotes_and_neutralised_cells() {
        let mut sheet = Sheet::new(&["a", "b"]);
        sheet.rows.push(vec!["=HYPERLINK(\"x\")".into(), "one, two\nthree".into()]);
        let csv = sheet.to_csv().unwrap();
        assert_eq!(csv, "a,b\n\"'=HYPERLINK(\"\"x\"\")\",\"one, two\nthree\"\n");
    }

    #[test]
    fn typed_cells_print_as_mpplan_shows_them() {
        let mut sheet = Sheet::new(&["on", "at", "n", "none", "neg"]);
        let on: NaiveDate = "2026-11-24".parse().unwrap();
        sheet.rows.push(vec![
            Cell::Date(on),
            Cell::DateTime(on.and_hms_opt(9, 30, 0).unwrap()),
            Cell::Number(12),
            Cell::number(None::<u32>),
            Cell::Number(-3),
        ]);
        assert_eq!(sheet.to_csv().unwrap(), "on,at,n,none,neg\n2026-11-24,2026-11-24 09:30,12,,'-3\n");
    }

    #[test]
    fn csv_for_excel_has_a_byte_order_mark_and_crlf_line_ends() {
        let mut sheet = Sheet::new(&["mp", "note"]);
        sheet.rows.push(vec!["Siân Gwenllian".into(), "two\nlines".into()]);
        sheet.rows.push(vec!["Ynys Môn".into(), "".into()]);
        let csv = sheet.to_csv_as(CsvStyle::Excel).unwrap();
        assert_eq!(csv, "\u{feff}mp,note\r\nSiân Gwenllian,\"two\nlines\"\r\nYnys Môn,\r\n");
        assert!(csv.as_bytes().starts_with(b"\xEF\xBB\xBF"));
        assert_eq!(sheet.to_csv_as(CsvStyle::Plain).unwrap(), sheet.to_csv().unwrap());
    }

    #[test]
    fn an_engagement_row_has_its_progress_and_next_contact() {
        let f = facts();
        let record =
            EngagementRecord::new(f.clone(), Vec::new(), Vec::new(), "2026-11-24".parse().unwrap(), ahead_days());
        let info = EngagementInfo { topics: "Winter\nWing".into(), ..Default::default() };
        let sheet = engagements(&[record], &[info], "2026-11-24".parse().unwrap(), &Default::default());
        assert_eq!(sheet.rows.len(), 1);
        let cell = |name: &str| sheet.rows[0][sheet.headers.iter().position(|h| h == name).unwrap()].clone();
        assert_eq!(cell("tracked"), "yes");
        assert_eq!(cell("next_step"), "1.1 Seat confirmed from one of our sites' postcodes");
        assert_eq!(cell("next_contact_due"), (f.started_on + Days::new(f.cadence_days.into())).to_string());
        assert_eq!(cell("topics"), "Winter; Wing");
        assert_eq!(cell("last_contact"), "");
    }
}
