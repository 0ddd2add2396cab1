//! The JSON backup of everything the user created (`mpplan export json`, `mpplan import json`):
//! its document, written deterministically, and the checks a backup passes before it is restored.
//! A backup is read one row at a time ([`read`]) and written one row at a time (the store streams
//! its rows through the same serialisation as [`PlanExport::to_json`]), so its size is never held in
//! memory.
//!
//! Rows keep their UUIDs; shipped rows are referred to by stable keys (constituency codes, Parliament
//! member ids), never by integer ids, which differ between databases.

mod budget;
mod check;
mod read;
mod rows;

pub use budget::{BudgetReader, RowBudget, RowTooLarge};
pub use read::{Header, MAX_KEPT, Outcome, read};
pub use rows::{Check, Contents, Rows, Stop};

use chrono::NaiveDate;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

/// The `format` field of every backup.
pub const FORMAT: &str = "mpplan-backup";
/// The version of the document's layout this program writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// How the stored timestamps (created_at, updated_at) are written.
pub const STAMP_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";
/// The calendar row sources a backup holds: the user's own rows and those they imported.
pub const CALENDAR_SOURCES: [&str; 2] = ["user", "import"];
/// At most this many problems are named in an error.
const MAX_PROBLEMS: usize = 5;

/// The whole backup. Field names and order are the file's; keep them stable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanExport {
    pub format: String,
    pub format_version: u32,
    /// The database schema version of the program that wrote it.
    pub schema_version: i64,
    /// The shipped dataset the database held.
    pub dataset_version: Option<String>,
    pub organisation: Option<OrganisationRow>,
    pub sites: Vec<SiteRow>,
    pub engagements: Vec<EngagementRow>,
    pub sitting_days: Vec<SittingDayRow>,
    pub recesses: Vec<RecessRow>,
    pub dissolutions: Vec<DissolutionRow>,
    pub settings: Vec<SettingRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationRow {
    pub uuid: String,
    pub name: String,
    pub address: String,
    pub chief_executive: String,
    pub chair: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteRow {
    pub uuid: String,
    pub name: String,
    pub postcode: String,
    pub constituency_code: Option<String>,
    pub created_at: String,
}

/// An engagement with its checklist, contact log and proposals.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngagementRow {
    pub uuid: String,
    pub constituency_code: String,
    pub tracked: bool,
    pub topics: String,
    pub cadence_days: u32,
    pub notes: String,
    pub background: String,
    pub office_address: String,
    pub started_on: NaiveDate,
    pub mp_at_start: String,
    /// The Parliament member id of the MP when the engagement began.
    pub mp_id_at_start: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub checklist: Vec<ChecklistRow>,
    pub interactions: Vec<InteractionRow>,
    pub proposals: Vec<ProposalRow>,
}

impl EngagementRow {
    /// Writes the engagement with the given lists in place of its own: the store passes lists it
    /// reads one row at a time as they are written, so that both ways give the same bytes.
    pub fn serialize_with<S: Serializer>(
        &self,
        serializer: S,
        checklist: &impl Serialize,
        interactions: &impl Serialize,
        proposals: &impl Serialize,
    ) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("EngagementRow", 16)?;
        s.serialize_field("uuid", &self.uuid)?;
        s.serialize_field("constituency_code", &self.constituency_code)?;
        s.serialize_field("tracked", &self.tracked)?;
        s.serialize_field("topics", &self.topics)?;
        s.serialize_field("cadence_days", &self.cadence_days)?;
        s.serialize_field("notes", &self.notes)?;
        s.serialize_field("background", &self.background)?;
        s.serialize_field("office_address", &self.office_address)?;
        s.serialize_field("started_on", &self.started_on)?;
        s.serialize_field("mp_at_start", &self.mp_at_start)?;
        s.serialize_field("mp_id_at_start", &self.mp_id_at_start)?;
        s.serialize_field("created_at", &self.created_at)?;
        s.serialize_field("updated_at", &self.updated_at)?;
        s.serialize_field("checklist", checklist)?;
        s.serialize_field("interactions", interactions)?;
        s.serialize_field("proposals", proposals)?;
        s.end()
    }
}

impl Serialize for EngagementRow {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize_with(serializer, &self.checklist, &self.interactions, &self.proposals)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistRow {
    pub uuid: String,
    pub item_key: String,
    pub state: String,
    pub done_on: Option<NaiveDate>,
    pub note: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InteractionRow {
    pub uuid: String,
    pub kind: String,
    pub direction: String,
    pub occurred_on: NaiveDate,
    pub summary: String,
    pub mp_name: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalRow {
    pub uuid: String,
    pub title: String,
    pub kind: String,
    pub place: String,
    /// Europe/London wall-clock time, "YYYY-MM-DD HH:MM".
    pub starts_at: String,
    pub ends_at: String,
    pub attendees: Option<u32>,
    pub status: String,
    pub press: String,
    pub press_draft_shared_on: Option<NaiveDate>,
    pub press_quote_requested_on: Option<NaiveDate>,
    pub press_quote_received_on: Option<NaiveDate>,
    pub press_published_on: Option<NaiveDate>,
    /// The UID of the calendar event it was imported from, if any.
    pub ics_uid: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Days with no hours (starts_at and ends_at at midnight); left out when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub all_day: bool,
    /// Which of its times is the second reading of a time the clocks show twice (bit 1 the start,
    /// bit 2 the end); left out when 0.
    #[serde(default, skip_serializing_if = "is_zero_u8")]
    pub fold: u8,
    /// How many times a calendar has seen it revised (its events' SEQUENCE); left out when 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub sequence: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_zero_u8(n: &u8) -> bool {
    *n == 0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SittingDayRow {
    pub uuid: Option<String>,
    pub day: NaiveDate,
    pub source: String,
    pub status: String,
    pub note: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecessRow {
    pub uuid: Option<String>,
    pub name: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub source: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DissolutionRow {
    pub uuid: Option<String>,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub note: String,
    pub source: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingRow {
    pub key: String,
    pub value: String,
    pub updated_at: String,
}

/// Why a file cannot be restored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanExportError {
    #[error("it is not an mpplan backup ({0})")]
    NotABackup(String),
    #[error(
        "it was written by a newer mpplan (schema version {schema}, backup format {format}; this one knows up to \
         {known_schema} and {FORMAT_VERSION}): install a newer mpplan to restore it"
    )]
    TooNew { schema: i64, format: u32, known_schema: i64 },
    #[error("it is not an mpplan backup (it is not UTF-8 text)")]
    NotUtf8,
    #[error("it is not a readable backup: {0}")]
    Unreadable(String),
    #[error("{}", problems(.0))]
    Invalid(Vec<String>),
    /// Where the rows went refused one; it says why itself.
    #[error("the rows could not be stored")]
    Stopped,
}

/// "it has 2 bad rows: …; …", naming the first few; over [`MAX_KEPT`] the reading stopped, so
/// the count is a lower bound.
fn problems(list: &[String]) -> String {
    let shown: Vec<&str> = list.iter().take(MAX_PROBLEMS).map(String::as_str).collect();
    let more = list.len().saturating_sub(MAX_PROBLEMS);
    let tail = match more {
        0 => String::new(),
        _ if list.len() > MAX_KEPT => "; and more".to_string(),
        more => format!("; and {more} more"),
    };
    let count = if list.len() > MAX_KEPT { format!("over {MAX_KEPT}") } else { list.len().to_string() };
    format!("it has {count} bad row{}: {}{tail}", if list.len() == 1 { "" } else { "s" }, shown.join("; "))
}

impl PlanExport {
    /// An empty backup for a database at `schema_version` holding `dataset_version`.
    pub fn new(schema_version: i64, dataset_version: Option<String>) -> PlanExport {
        PlanExport {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            schema_version,
            dataset_version,
            organisation: None,
            sites: Vec::new(),
            engagements: Vec::new(),
            sitting_days: Vec::new(),
            recesses: Vec::new(),
            dissolutions: Vec::new(),
            settings: Vec::new(),
        }
    }

    /// Pretty JSON with a final newline, control characters written as `\u` escapes (so that the
    /// file is safe to show on a terminal and reads back the same). The same backup always gives
    /// the same bytes.
    pub fn to_json(&self) -> String {
        let mut text = crate::domain::interchange::json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads and checks a backup written by this or an older mpplan whose schema is at most
    /// `known_schema`, gathering it in memory (for tests and small files: a file to restore is
    /// read with [`read`], row by row).
    pub fn from_json(text: &str, known_schema: i64) -> Result<PlanExport, PlanExportError> {
        let mut backup = PlanExport::new(0, None);
        let read = read(text.as_bytes(), known_schema, &mut backup)?;
        backup.format = read.header.format.unwrap_or_default();
        backup.format_version = read.header.format_version.unwrap_or_default();
        backup.schema_version = read.header.schema_version.unwrap_or_default();
        backup.dataset_version = read.header.dataset_version;
        Ok(backup)
    }

    /// Hands every row to `rows` in the order of the file.
    pub fn send_to(&self, rows: &mut dyn Rows) -> Result<(), Stop> {
        if let Some(o) = &self.organisation {
            rows.organisation(o.clone())?;
        }
        for s in &self.sites {
            rows.site(s.clone())?;
        }
        for e in &self.engagements {
            rows.engagement(EngagementRow {
                checklist: Vec::new(),
                interactions: Vec::new(),
                proposals: Vec::new(),
                ..e.clone()
            })?;
            e.checklist.iter().try_for_each(|i| rows.checklist_item(i.clone()))?;
            e.interactions.iter().try_for_each(|i| rows.interaction(i.clone()))?;
            e.proposals.iter().try_for_each(|p| rows.proposal(p.clone()))?;
        }
        self.sitting_days.iter().try_for_each(|d| rows.sitting_day(d.clone()))?;
        self.recesses.iter().try_for_each(|r| rows.recess(r.clone()))?;
        self.dissolutions.iter().try_for_each(|d| rows.dissolution(d.clone()))?;
        self.settings.iter().try_for_each(|s| rows.setting(s.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const STAMP: &str = "2026-11-24T09:00:00Z";
    const UUID: &str = "6f1c1a52-8d6e-4f57-9a43-0c3c2f7b1e01";

    fn sample() -> PlanExport {
        let mut b = PlanExport::new(1, Some("2026-07-20".into()));
        b.engagements.push(EngagementRow {
            uuid: UUID.into(),
            constituency_code: "E14001323".into(),
            tracked: true,
            topics: "Winter".into(),
            cadence_days: 90,
            notes: String::new(),
            background: String::new(),
            office_address: String::new(),
            started_on: d("2026-09-01"),
            mp_at_start: "Hilary Benn".into(),
            mp_id_at_start: Some(413),
            created_at: STAMP.into(),
            updated_at: STAMP.into(),
            checklist: vec![ChecklistRow {
                uuid: "6f1c1a52-8d6e-4f57-9a43-0c3c2f7b1e02".into(),
                item_key: "2.3".into(),
                state: "done".into(),
                done_on: Some(d("2026-10-01")),
                note: "sent".into(),
                updated_at: STAMP.into(),
            }],
            interactions: Vec::new(),
            proposals: Vec::new(),
        });
        b.recesses.push(RecessRow {
            uuid: None,
            name: "Summer recess".into(),
            first_day: d("2026-07-22"),
            last_day: d("2026-09-01"),
            source: "import".into(),
            created_at: STAMP.into(),
        });
        b
    }

    #[test]
    fn a_backup_round_trips_through_json_byte_for_byte() {
        let text = sample().to_json();
        assert!(text.starts_with("{\n  \"format\": \"mpplan-backup\",\n  \"format_version\": 1,"));
        assert!(text.ends_with("}\n"));
        let back = PlanExport::from_json(&format!("\u{feff}{text}"), 1).unwrap();
        assert_eq!(back, sample());
        assert_eq!(back.to_json(), text);
    }

    #[test]
    fn newer_backups_are_refused_before_their_layout_is_read() {
        let newer = r#"{"format": "mpplan-backup", "format_version": 1, "schema_version": 7, "whatever": []}"#;
        let err = PlanExport::from_json(newer, 1).unwrap_err();
        assert_eq!(err, PlanExportError::TooNew { schema: 7, format: 1, known_schema: 1 });
        assert!(err.to_string().contains("newer mpplan"), "{err}");
        let newer_format = r#"{"format": "mpplan-backup", "format_version": 2, "schema_version": 1}"#;
        assert!(matches!(PlanExport::from_json(newer_format, 1), Err(PlanExportError::TooNew { .. })));
    }

    #[test]
    fn other_files_are_not_backups() {
        for (text, says) in [
            ("not json", "not JSON"),
            ("[1, 2]", "not JSON"),
            (r#"{"format": "other"}"#, "format is \"other\""),
            ("{}", "no \"format\""),
            (r#"{"format": "mpplan-backup"}"#, "no format_version"),
        ] {
            let err = PlanExport::from_json(text, 1).unwrap_err().to_string();
            assert!(err.contains(says), "{text}: {err}");
        }
        let mut value = serde_json::to_value(sample()).unwrap();
        value["surprise"] = 1.into();
        let err = PlanExport::from_json(&value.to_string(), 1).unwrap_err();
        assert!(matches!(err, PlanExportError::Unreadable(_)) && err.to_string().contains("surprise"), "{err}");
    }

    #[test]
    fn bad_rows_are_all_named() {
        let mut b = sample();
        let e = &mut b.engagements[0];
        e.cadence_days = 0;
        e.checklist[0].item_key = "9.9".into();
        e.checklist[0].state = "maybe".into();
        e.checklist.push(e.checklist[0].clone());
        e.created_at = "yesterday".into();
        b.engagements.push(b.engagements[0].clone());
        b.recesses[0].source = "shipped".into();
        let Err(PlanExportError::Invalid(found)) = PlanExport::from_json(&b.to_json(), 1) else { panic!("refused") };
        for problem in [
            "engagement E14001323: its cadence is 0 days",
            "engagement E14001323, checklist item 9.9: there is no such item",
            "engagement E14001323, checklist item 9.9: its state is not todo, done or skipped",
            "engagement E14001323, checklist item 9.9: its uuid is used twice",
            "engagement E14001323: a timestamp is not",
            "engagement E14001323: the seat has two engagements",
            "recess \"Summer recess\": its source is not user or import",
        ] {
            assert!(found.iter().any(|f| f.starts_with(problem)), "{problem} in {found:?}");
        }
        let message = PlanExportError::Invalid(found.clone()).to_string();
        assert!(message.starts_with(&format!("it has {} bad rows: ", found.len())));
        assert!(message.ends_with(&format!("; and {} more", found.len() - MAX_PROBLEMS)), "{message}");
    }

    #[test]
    fn a_site_name_or_calendar_uid_used_twice_is_named_in_plain_words() {
        let mut b = sample();
        for (n, name) in ["St James's", "ST JAMES'S"].into_iter().enumerate() {
            b.sites.push(SiteRow {
                uuid: format!("6f1c1a52-8d6e-4f57-9a43-0c3c2f7b1e1{n}"),
                name: name.into(),
                postcode: "LS9 7TF".into(),
                constituency_code: None,
                created_at: STAMP.into(),
            });
        }
        for n in 0..2 {
            b.engagements[0].proposals.push(ProposalRow {
                uuid: format!("6f1c1a52-8d6e-4f57-9a43-0c3c2f7b1e2{n}"),
                title: "Visit".into(),
                kind: "visit".into(),
                place: String::new(),
                starts_at: "2027-01-08 10:00".into(),
                ends_at: "2027-01-08 11:00".into(),
                attendees: None,
                status: "proposed".into(),
                press: "none".into(),
                press_draft_shared_on: None,
                press_quote_requested_on: None,
                press_quote_received_on: None,
                press_published_on: None,
                ics_uid: Some("visit-1@example.org".into()),
                created_at: STAMP.into(),
                updated_at: STAMP.into(),
                all_day: false,
                sequence: 0,
                fold: 0,
            });
        }
        let Err(PlanExportError::Invalid(found)) = PlanExport::from_json(&b.to_json(), 1) else { panic!("refused") };
        assert_eq!(
            found,
            [
                "two sites are both called \"St James's\"",
                "two proposals have the same calendar UID \"visit-1@example.org\""
            ]
        );
    }
}
