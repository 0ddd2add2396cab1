//! The JSON backup of everything the user created (`mpplan export json`, `mpplan import json`):
//! its document, written deterministically, and the checks a backup passes before it is restored.
//!
//! Rows keep their UUIDs; shipped rows are referred to by stable keys (constituency codes, Parliament
//! member ids), never by integer ids, which differ between databases.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::calendar::ProposalKind;
use super::checklist::{ItemState, item_by_key};
use super::contact::{Direction, InteractionKind};
use super::press::PressPlan;
use super::proposal::{ProposalStatus, TIME_FORMAT};
use super::text::printable;

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
pub struct Backup {
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub enum BackupError {
    #[error("it is not an mpplan backup ({0})")]
    NotABackup(String),
    #[error(
        "it was written by a newer mpplan (schema version {schema}, backup format {format}; this one knows up to \
         {known_schema} and {FORMAT_VERSION}): install a newer mpplan to restore it"
    )]
    TooNew { schema: i64, format: u32, known_schema: i64 },
    #[error("it is not a readable backup: {0}")]
    Unreadable(String),
    #[error("{}", problems(.0))]
    Invalid(Vec<String>),
}

fn problems(list: &[String]) -> String {
    let shown: Vec<&str> = list.iter().take(MAX_PROBLEMS).map(String::as_str).collect();
    let more = list.len().saturating_sub(MAX_PROBLEMS);
    let tail = if more > 0 { format!("; and {more} more") } else { String::new() };
    format!("it has {} bad row{}: {}{tail}", list.len(), if list.len() == 1 { "" } else { "s" }, shown.join("; "))
}

/// The fields read before the rest, so that a newer backup is refused before its layout matters.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    format_version: Option<u32>,
    schema_version: Option<i64>,
}

impl Backup {
    /// An empty backup for a database at `schema_version` holding `dataset_version`.
    pub fn new(schema_version: i64, dataset_version: Option<String>) -> Backup {
        Backup {
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
        let mut text = super::json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads and checks a backup written by this or an older mpplan whose schema is at most
    /// `known_schema`.
    pub fn from_json(text: &str, known_schema: i64) -> Result<Backup, BackupError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let header: Header = serde_json::from_str(text)
            .map_err(|e| BackupError::NotABackup(format!("it is not JSON: {}", printable(&e.to_string()))))?;
        match header.format.as_deref() {
            Some(FORMAT) => {}
            Some(other) => return Err(BackupError::NotABackup(format!("its format is \"{}\"", printable(other)))),
            None => return Err(BackupError::NotABackup("it has no \"format\" field".into())),
        }
        let (Some(format), Some(schema)) = (header.format_version, header.schema_version) else {
            return Err(BackupError::NotABackup("it has no format_version or schema_version".into()));
        };
        if schema > known_schema || format > FORMAT_VERSION {
            return Err(BackupError::TooNew { schema, format, known_schema });
        }
        let backup: Backup =
            serde_json::from_str(text).map_err(|e| BackupError::Unreadable(printable(&e.to_string()).into_owned()))?;
        let found = backup.problems();
        if found.is_empty() { Ok(backup) } else { Err(BackupError::Invalid(found)) }
    }

    /// Everything wrong with the rows: values the database would refuse or misread.
    fn problems(&self) -> Vec<String> {
        let mut c = Checker::default();
        if let Some(o) = &self.organisation {
            c.uuid("organisation", &o.uuid, "organisation");
            c.stamp("organisation", &o.updated_at);
        }
        // Site names are unique whatever their case (as SQLite's NOCASE compares them: ASCII only).
        let mut names = HashMap::new();
        for s in &self.sites {
            let at = format!("site \"{}\"", s.name);
            c.uuid(&at, &s.uuid, "sites");
            c.stamp(&at, &s.created_at);
            c.check(&at, !s.name.trim().is_empty(), "it has no name");
            if let Some(first) = names.insert(s.name.to_ascii_lowercase(), s.name.as_str()) {
                c.found.push(format!("two sites are both called \"{}\"", printable(first)));
            }
        }
        let mut uids = HashSet::new();
        let mut seats = HashSet::new();
        for e in &self.engagements {
            let at = format!("engagement {}", e.constituency_code);
            c.uuid(&at, &e.uuid, "engagements");
            c.stamp(&at, &e.created_at);
            c.stamp(&at, &e.updated_at);
            c.check(&at, seats.insert(e.constituency_code.as_str()), "the seat has two engagements");
            c.check(&at, e.cadence_days > 0, "its cadence is 0 days");
            let mut keys = HashSet::new();
            for i in &e.checklist {
                let at = format!("{at}, checklist item {}", i.item_key);
                c.uuid(&at, &i.uuid, "checklist");
                c.stamp(&at, &i.updated_at);
                c.check(&at, item_by_key(&i.item_key).is_some(), "there is no such item");
                c.check(&at, keys.insert(i.item_key.as_str()), "it is listed twice");
                c.check(&at, ItemState::parse(&i.state).is_some(), "its state is not todo, done or skipped");
            }
            for i in &e.interactions {
                let at = format!("{at}, contact {}", i.uuid);
                c.uuid(&at, &i.uuid, "interactions");
                c.stamp(&at, &i.created_at);
                c.parses(&at, InteractionKind::parse(&i.kind));
                c.parses(&at, Direction::parse(&i.direction));
            }
            for p in &e.proposals {
                let at = format!("{at}, proposal {}", p.uuid);
                c.uuid(&at, &p.uuid, "proposals");
                c.stamp(&at, &p.created_at);
                c.stamp(&at, &p.updated_at);
                c.parses(&at, ProposalKind::parse(&p.kind));
                c.parses(&at, ProposalStatus::parse(&p.status));
                c.parses(&at, PressPlan::parse(&p.press));
                if let Some(uid) = p.ics_uid.as_deref().filter(|uid| !uids.insert(*uid)) {
                    c.found.push(format!("two proposals have the same calendar UID \"{}\"", printable(uid)));
                }
                let start = NaiveDateTime::parse_from_str(&p.starts_at, TIME_FORMAT);
                let end = NaiveDateTime::parse_from_str(&p.ends_at, TIME_FORMAT);
                match (start, end) {
                    (Ok(start), Ok(end)) => c.check(&at, start < end, "it ends before it starts"),
                    _ => c.check(&at, false, "its start or end is not \"YYYY-MM-DD HH:MM\""),
                }
            }
        }
        let mut days = HashSet::new();
        for d in &self.sitting_days {
            let at = format!("sitting day {}", d.day);
            c.calendar_row(&at, d.uuid.as_deref(), "sitting days", &d.source, &d.created_at);
            c.check(&at, days.insert((d.day, d.source.as_str())), "it is listed twice");
            c.check(
                &at,
                matches!(d.status.as_str(), "confirmed" | "scheduled"),
                "its status is not confirmed or scheduled",
            );
        }
        for r in &self.recesses {
            let at = format!("recess \"{}\"", r.name);
            c.calendar_row(&at, r.uuid.as_deref(), "recesses", &r.source, &r.created_at);
            c.check(&at, r.first_day <= r.last_day, "it ends before it starts");
        }
        for d in &self.dissolutions {
            let at = format!("dissolution from {}", d.first_day);
            c.calendar_row(&at, d.uuid.as_deref(), "dissolutions", &d.source, &d.created_at);
            c.check(&at, d.first_day <= d.last_day, "it ends before it starts");
        }
        let mut keys = HashSet::new();
        for s in &self.settings {
            let at = format!("setting {}", s.key);
            c.stamp(&at, &s.updated_at);
            c.check(&at, keys.insert(s.key.as_str()), "it is listed twice");
        }
        c.found
    }
}

/// Collects problems, each as "where: what".
#[derive(Default)]
struct Checker {
    found: Vec<String>,
    /// UUIDs seen, by table.
    uuids: HashSet<(&'static str, String)>,
}

impl Checker {
    fn check(&mut self, at: &str, ok: bool, problem: &str) {
        if !ok {
            self.found.push(format!("{}: {problem}", printable(at)));
        }
    }

    fn parses<T, E: std::fmt::Display>(&mut self, at: &str, parsed: Result<T, E>) {
        if let Err(e) = parsed {
            self.found.push(format!("{}: {e}", printable(at)));
        }
    }

    fn uuid(&mut self, at: &str, uuid: &str, table: &'static str) {
        let valid = uuid::Uuid::parse_str(uuid).is_ok();
        self.check(at, valid, "its uuid is not a UUID");
        let first = !valid || self.uuids.insert((table, uuid.to_string()));
        self.check(at, first, "its uuid is used twice");
    }

    fn stamp(&mut self, at: &str, stamp: &str) {
        let valid = NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT).is_ok();
        self.check(at, valid, "a timestamp is not \"YYYY-MM-DDTHH:MM:SSZ\"");
    }

    fn calendar_row(&mut self, at: &str, uuid: Option<&str>, table: &'static str, source: &str, stamp: &str) {
        if let Some(uuid) = uuid {
            self.uuid(at, uuid, table);
        }
        self.stamp(at, stamp);
        self.check(at, CALENDAR_SOURCES.contains(&source), "its source is not user or import");
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

    fn sample() -> Backup {
        let mut b = Backup::new(1, Some("2026-07-20".into()));
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
        let back = Backup::from_json(&format!("\u{feff}{text}"), 1).unwrap();
        assert_eq!(back, sample());
        assert_eq!(back.to_json(), text);
    }

    #[test]
    fn newer_backups_are_refused_before_their_layout_is_read() {
        let newer = r#"{"format": "mpplan-backup", "format_version": 1, "schema_version": 7, "whatever": []}"#;
        let err = Backup::from_json(newer, 1).unwrap_err();
        assert_eq!(err, BackupError::TooNew { schema: 7, format: 1, known_schema: 1 });
        assert!(err.to_string().contains("newer mpplan"), "{err}");
        let newer_format = r#"{"format": "mpplan-backup", "format_version": 2, "schema_version": 1}"#;
        assert!(matches!(Backup::from_json(newer_format, 1), Err(BackupError::TooNew { .. })));
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
            let err = Backup::from_json(text, 1).unwrap_err().to_string();
            assert!(err.contains(says), "{text}: {err}");
        }
        let mut value = serde_json::to_value(sample()).unwrap();
        value["surprise"] = 1.into();
        let err = Backup::from_json(&value.to_string(), 1).unwrap_err();
        assert!(matches!(err, BackupError::Unreadable(_)) && err.to_string().contains("surprise"), "{err}");
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
        let Err(BackupError::Invalid(found)) = Backup::from_json(&b.to_json(), 1) else { panic!("refused") };
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
        let message = BackupError::Invalid(found.clone()).to_string();
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
            });
        }
        let Err(BackupError::Invalid(found)) = Backup::from_json(&b.to_json(), 1) else { panic!("refused") };
        assert_eq!(
            found,
            [
                "two sites are both called \"St James's\"",
                "two proposals have the same calendar UID \"visit-1@example.org\""
            ]
        );
    }
}
