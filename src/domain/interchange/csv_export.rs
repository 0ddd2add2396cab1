//! Spreadsheet exports (CSV): proposals, the contact log and engagements as rows under a header.
//! Every cell that a spreadsheet would run as a formula is neutralised.

use std::borrow::Cow;
use std::io;

use chrono::{Days, NaiveDate};

use crate::domain::engagement::agenda::FlaggedProposal;
use crate::domain::engagement::checklist::{Progress, item_by_key};
use crate::domain::engagement::facts::EngagementRecord;
use crate::domain::engagement::followups::{FollowUpSettings, follow_ups};
use crate::domain::engagement::proposal::TIME_FORMAT;
use crate::domain::views::EngagementInfo;

/// A table: a header row and rows of the same width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    pub fn new(headers: &[&str]) -> Sheet {
        Sheet { headers: headers.iter().map(|h| h.to_string()).collect(), rows: Vec::new() }
    }

    /// The sheet as CSV (RFC 4180 quoting, LF line ends), every cell neutralised.
    pub fn to_csv(&self) -> io::Result<String> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(self.headers.iter().map(|h| neutralise(h).into_owned()))?;
        for row in &self.rows {
            writer.write_record(row.iter().map(|c| neutralise(c).into_owned()))?;
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

fn date(day: Option<NaiveDate>) -> String {
    day.map(|d| d.to_string()).unwrap_or_default()
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
            p.uuid.clone(),
            p.constituency_code.clone(),
            p.constituency.clone(),
            p.mp.clone(),
            p.label(),
            p.kind.as_str().into(),
            p.place.clone(),
            p.start.format(TIME_FORMAT).to_string(),
            p.end.format(TIME_FORMAT).to_string(),
            p.attendees.map(|n| n.to_string()).unwrap_or_default(),
            p.status.as_str().into(),
            f.flag.as_str().into(),
            f.reason.clone(),
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
                i.uuid.clone(),
                f.code.clone(),
                f.seat.clone(),
                i.mp_name.clone(),
                i.on.to_string(),
                i.kind.as_str().into(),
                i.direction.as_str().into(),
                i.summary.clone(),
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
        let progress = Progress::of(f.checklist.iter().map(|e| (e.key.as_str(), e.state)));
        let next = progress.next.and_then(item_by_key).map(|i| format!("{} {}", i.key, i.text));
        let last = f.contacts.last_contact;
        let due = last.unwrap_or(f.started_on).checked_add_days(Days::new(f.cadence_days.into()));
        sheet.rows.push(vec![
            f.code.clone(),
            f.seat.clone(),
            f.mp.clone(),
            if f.tracked { "yes" } else { "no" }.into(),
            f.started_on.to_string(),
            progress.done.to_string(),
            progress.skipped.to_string(),
            progress.total.to_string(),
            next.unwrap_or_default(),
            f.cadence_days.to_string(),
            date(last),
            if f.tracked { date(due) } else { String::new() },
            r.interactions.len().to_string(),
            r.proposals.len().to_string(),
            follow_ups(f, today, settings).len().to_string(),
            info.topic_list().join("; "),
            info.notes.clone(),
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
