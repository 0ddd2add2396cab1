//! The streaming reader: rows handed on as read, budgets kept, any key order, UTF-8 across reads.

use std::io;

use super::*;
use crate::domain::interchange::plan_export::{Check, PlanExport};
use crate::domain::limits::{Field, max_row_bytes};

const STAMP: &str = "2026-11-24T09:00:00Z";

/// A backup of one engagement with `contacts` contacts, as mpplan writes it.
fn backup(contacts: usize) -> PlanExport {
    let mut b = PlanExport::new(5, Some("2026-06-27.2".into()));
    let uuid = |n: usize| format!("6f1c1a52-8d6e-4f57-9a43-{n:012x}");
    b.engagements.push(EngagementRow {
        uuid: uuid(0),
        constituency_code: "E14001323".into(),
        tracked: true,
        topics: "Winter".into(),
        cadence_days: 90,
        notes: String::new(),
        background: String::new(),
        office_address: String::new(),
        started_on: "2026-09-01".parse().unwrap(),
        mp_at_start: "Hilary Benn".into(),
        mp_id_at_start: Some(413),
        created_at: STAMP.into(),
        updated_at: STAMP.into(),
        checklist: Vec::new(),
        interactions: (1..=contacts)
            .map(|n| InteractionRow {
                uuid: uuid(n),
                kind: "letter".into(),
                direction: "to_mp".into(),
                occurred_on: "2026-11-20".parse().unwrap(),
                summary: format!("letter {n}"),
                mp_name: "Hilary Benn".into(),
                created_at: STAMP.into(),
            })
            .collect(),
        proposals: Vec::new(),
    });
    b
}

/// Hands rows on until `stop_after` have come, then refuses.
struct Counting {
    seen: usize,
    stop_after: usize,
}

impl Counting {
    fn take(&mut self) -> Result<(), Stop> {
        self.seen += 1;
        if self.seen > self.stop_after { Err(Stop) } else { Ok(()) }
    }
}

impl Rows for Counting {
    fn organisation(&mut self, _: OrganisationRow) -> Result<(), Stop> {
        self.take()
    }
    fn site(&mut self, _: SiteRow) -> Result<(), Stop> {
        self.take()
    }
    fn engagement(&mut self, _: EngagementRow) -> Result<(), Stop> {
        self.take()
    }
    fn checklist_item(&mut self, _: ChecklistRow) -> Result<(), Stop> {
        self.take()
    }
    fn interaction(&mut self, _: InteractionRow) -> Result<(), Stop> {
        self.take()
    }
    fn proposal(&mut self, _: ProposalRow) -> Result<(), Stop> {
        self.take()
    }
    fn sitting_day(&mut self, _: SittingDayRow) -> Result<(), Stop> {
        self.take()
    }
    fn recess(&mut self, _: RecessRow) -> Result<(), Stop> {
        self.take()
    }
    fn dissolution(&mut self, _: DissolutionRow) -> Result<(), Stop> {
        self.take()
    }
    fn setting(&mut self, _: SettingRow) -> Result<(), Stop> {
        self.take()
    }
}

#[test]
fn rows_are_handed_on_as_they_are_read_before_the_rest_of_the_file() {
    // The file is cut off after its third contact: the rows before the cut have been handed
    // on by then, so a sink that stops at the second stops the reading before the damage.
    let text = backup(50).to_json();
    let cut = text.find("letter 3\"").unwrap();
    let mut sink = Counting { seen: 0, stop_after: 2 };
    let err = read(&text.as_bytes()[..cut], 5, &mut sink).unwrap_err();
    assert_eq!(err, PlanExportError::Stopped);
    assert_eq!(sink.seen, 3, "the engagement, its first contact, and the one refused");
    let mut sink = Counting { seen: 0, stop_after: usize::MAX };
    let err = read(&text.as_bytes()[..cut], 5, &mut sink).unwrap_err();
    assert!(matches!(&err, PlanExportError::NotABackup(m) if m.contains("EOF")), "{err}");
    assert_eq!(sink.seen, 3, "two rows were read before the end came too soon");
}

#[test]
fn the_contents_are_counted_and_fields_in_any_order_read_the_same() {
    let b = backup(3);
    let outcome = read(b.to_json().as_bytes(), 5, &mut Check).unwrap();
    assert_eq!((outcome.contents.engagements, outcome.contents.contacts), (1, 3));
    assert_eq!(
        outcome.contents.to_string(),
        "1 engagement, 3 contacts, 0 proposals, 0 sites, 0 calendar dates, 0 settings"
    );
    // serde_json's own maps sort their keys: the lists come before an engagement's uuid.
    let sorted = serde_json::to_value(&b).unwrap().to_string();
    assert!(sorted.find("\"checklist\"").unwrap() < sorted.find("\"uuid\"").unwrap());
    assert_eq!(PlanExport::from_json(&sorted, 5), Ok(b));
}

#[test]
fn a_row_over_its_budget_is_refused_before_it_is_read_whole() {
    let mut b = backup(1);
    b.engagements[0].interactions[0].summary = "n".repeat(max_row_bytes());
    let text = b.to_json();
    let err = read(text.as_bytes(), 5, &mut Check).unwrap_err();
    let PlanExportError::Unreadable(message) = &err else { panic!("{err:?}") };
    assert!(message.contains("is over 524,288 bytes, more than any row mpplan writes"), "{message}");
    let line = text.lines().position(|l| l.contains("nnnn")).unwrap() + 1;
    assert!(message.starts_with(&format!("the row at line {line} is over")), "{message}");
    // The same row just within its limits reads.
    b.engagements[0].interactions[0].summary = "\u{1f}".repeat(Field::ContactNote.limit());
    assert!(read(b.to_json().as_bytes(), 5, &mut Check).is_ok(), "a row at the limits fits its budget");
}

#[test]
fn values_over_their_limits_are_bad_rows_named_with_the_limit() {
    let mut b = backup(2);
    b.engagements[0].interactions[1].summary = "n".repeat(20_001);
    b.engagements[0].notes = "n".repeat(20_001);
    let Err(PlanExportError::Invalid(found)) = PlanExport::from_json(&b.to_json(), 5) else { panic!("refused") };
    assert_eq!(
        found,
        [
            "engagement E14001323: the engagement notes are 20,001 characters long; the limit is 20,000",
            "engagement E14001323, contact 6f1c1a52-8d6e-4f57-9a43-000000000002: the contact note is 20,001 \
             characters long; the limit is 20,000",
        ]
    );
}

#[test]
fn reading_stops_once_more_problems_are_found_than_can_be_listed() {
    let mut b = backup(MAX_KEPT + 50);
    for contact in &mut b.engagements[0].interactions {
        contact.kind = "fax".into();
    }
    let mut sink = Counting { seen: 0, stop_after: usize::MAX };
    let Err(PlanExportError::Invalid(found)) = read(b.to_json().as_bytes(), 5, &mut sink) else { panic!("refused") };
    assert_eq!(found.len(), MAX_KEPT + 1);
    assert_eq!(sink.seen, 1, "no row is handed on once one is bad");
    let message = PlanExportError::Invalid(found).to_string();
    assert!(message.starts_with("it has over 1000 bad rows: ") && message.ends_with("; and more"), "{message}");
}

#[test]
fn what_is_kept_of_a_hostile_file_stays_small() {
    let mut b = backup(30);
    b.engagements[0].constituency_code = "E".repeat(100_000);
    for contact in &mut b.engagements[0].interactions {
        contact.kind = "k".repeat(100_000);
    }
    let Err(PlanExportError::Invalid(found)) = PlanExport::from_json(&b.to_json(), 5) else { panic!("refused") };
    assert_eq!(found.len(), 31);
    assert!(found[0].contains("its constituency code is not a code such as E14001323"), "{}", found[0]);
    assert!(found.iter().all(|f| f.chars().count() < 400), "each problem is cut short");
    assert!(PlanExportError::Invalid(found).to_string().len() < 2_000, "the message is one short line");
}

#[test]
fn the_rows_held_for_an_engagement_whose_own_fields_come_last_are_bounded() {
    let mut b = backup(900);
    for contact in &mut b.engagements[0].interactions {
        contact.summary = "n".repeat(Field::ContactNote.limit());
    }
    // serde_json's own maps sort their keys: "interactions" comes before "uuid".
    let sorted = serde_json::to_value(&b).unwrap().to_string();
    assert!(sorted.len() > MAX_KEPT_BYTES);
    let err = read(sorted.as_bytes(), 5, &mut Check).unwrap_err();
    assert!(err.to_string().contains("over 16,777,216 bytes of rows before its own fields"), "{err}");
    b.engagements[0].interactions.truncate(700);
    assert!(read(serde_json::to_value(&b).unwrap().to_string().as_bytes(), 5, &mut Check).is_ok());
}

/// Gives its bytes `n` at a time.
struct Dribble<'a>(&'a [u8], usize);

impl io::Read for Dribble<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.1.min(out.len()).min(self.0.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn utf8_is_checked_across_reads_and_a_byte_order_mark_is_skipped() {
    let mut b = backup(1);
    b.engagements[0].interactions[0].summary = "Ynys Môn 世界 🏥".into();
    let text = format!("\u{feff}{}", b.to_json());
    for step in [1, 2, 3, 5, 4096] {
        assert_eq!(read(Dribble(text.as_bytes(), step), 5, &mut Check).map(|r| r.contents.contacts), Ok(1));
    }
    let mut bytes = text.into_bytes();
    let at = bytes.iter().position(|&b| b == 0xC3).unwrap();
    bytes[at + 1] = b'x';
    assert_eq!(read(Dribble(&bytes, 7), 5, &mut Check).unwrap_err(), PlanExportError::NotUtf8);
    assert_eq!(read(&[0xFFu8, b'{'][..], 5, &mut Check).unwrap_err(), PlanExportError::NotUtf8);
    assert_eq!(
        read(&b"{}"[..], 5, &mut Check).unwrap_err().to_string(),
        "it is not an mpplan backup (it has no \"format\" field)"
    );
}
