//! Reading a backup as a stream: each row is parsed, checked and handed on (to the database, or to
//! a [`Backup`] in memory) before the next is read, so that memory stays the same however large
//! the file. What protects against a hostile file is per row and per field, never a cap on the
//! whole: a row over [`max_row_bytes`] is refused before it is read into memory, and a value over
//! its field's limit is a bad row like any other.

use std::cell::Cell;
use std::collections::HashSet;
use std::fmt;
use std::io;
use std::rc::Rc;

use chrono::{NaiveDate, NaiveDateTime};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{
    Backup, BackupError, CALENDAR_SOURCES, ChecklistRow, DissolutionRow, EngagementRow, FORMAT, FORMAT_VERSION,
    InteractionRow, OrganisationRow, ProposalRow, RecessRow, STAMP_FORMAT, SettingRow, SiteRow, SittingDayRow,
};
use crate::domain::calendar::ProposalKind;
use crate::domain::checklist::{ItemState, item_by_key};
use crate::domain::contact::{Direction, InteractionKind};
use crate::domain::limits::{Field, max_row_bytes, thousands};
use crate::domain::press::PressPlan;
use crate::domain::proposal::{ProposalStatus, TIME_FORMAT};
use crate::domain::text::printable;

/// At most this many problems are kept; reading stops at the next one.
pub const MAX_KEPT: usize = 1_000;

/// Where the rows of a backup go as they are read, each once it has passed its checks: into the
/// database inside one transaction (the store), or into a [`Backup`] in memory. An engagement
/// comes before its checklist items, contacts and proposals, which belong to it until the next
/// engagement. A row is only handed on when it and (for the rows of an engagement) its engagement
/// passed their checks. When a method fails the reading stops; the sink keeps its own error.
pub trait Rows {
    fn organisation(&mut self, row: OrganisationRow) -> Result<(), Stop>;
    fn site(&mut self, row: SiteRow) -> Result<(), Stop>;
    fn engagement(&mut self, row: EngagementRow) -> Result<(), Stop>;
    fn checklist_item(&mut self, row: ChecklistRow) -> Result<(), Stop>;
    fn interaction(&mut self, row: InteractionRow) -> Result<(), Stop>;
    fn proposal(&mut self, row: ProposalRow) -> Result<(), Stop>;
    fn sitting_day(&mut self, row: SittingDayRow) -> Result<(), Stop>;
    fn recess(&mut self, row: RecessRow) -> Result<(), Stop>;
    fn dissolution(&mut self, row: DissolutionRow) -> Result<(), Stop>;
    fn setting(&mut self, row: SettingRow) -> Result<(), Stop>;
}

/// A sink that could not take a row: reading stops, and the sink says why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop;

/// Rows checked and dropped: reading a file only to check it.
pub struct Check;

impl Rows for Check {
    fn organisation(&mut self, _: OrganisationRow) -> Result<(), Stop> {
        Ok(())
    }
    fn site(&mut self, _: SiteRow) -> Result<(), Stop> {
        Ok(())
    }
    fn engagement(&mut self, _: EngagementRow) -> Result<(), Stop> {
        Ok(())
    }
    fn checklist_item(&mut self, _: ChecklistRow) -> Result<(), Stop> {
        Ok(())
    }
    fn interaction(&mut self, _: InteractionRow) -> Result<(), Stop> {
        Ok(())
    }
    fn proposal(&mut self, _: ProposalRow) -> Result<(), Stop> {
        Ok(())
    }
    fn sitting_day(&mut self, _: SittingDayRow) -> Result<(), Stop> {
        Ok(())
    }
    fn recess(&mut self, _: RecessRow) -> Result<(), Stop> {
        Ok(())
    }
    fn dissolution(&mut self, _: DissolutionRow) -> Result<(), Stop> {
        Ok(())
    }
    fn setting(&mut self, _: SettingRow) -> Result<(), Stop> {
        Ok(())
    }
}

/// A backup gathered in memory, for tests, fuzzing and small files.
impl Rows for Backup {
    fn organisation(&mut self, row: OrganisationRow) -> Result<(), Stop> {
        self.organisation = Some(row);
        Ok(())
    }
    fn site(&mut self, row: SiteRow) -> Result<(), Stop> {
        self.sites.push(row);
        Ok(())
    }
    fn engagement(&mut self, row: EngagementRow) -> Result<(), Stop> {
        self.engagements.push(row);
        Ok(())
    }
    fn checklist_item(&mut self, row: ChecklistRow) -> Result<(), Stop> {
        self.engagements.last_mut().ok_or(Stop)?.checklist.push(row);
        Ok(())
    }
    fn interaction(&mut self, row: InteractionRow) -> Result<(), Stop> {
        self.engagements.last_mut().ok_or(Stop)?.interactions.push(row);
        Ok(())
    }
    fn proposal(&mut self, row: ProposalRow) -> Result<(), Stop> {
        self.engagements.last_mut().ok_or(Stop)?.proposals.push(row);
        Ok(())
    }
    fn sitting_day(&mut self, row: SittingDayRow) -> Result<(), Stop> {
        self.sitting_days.push(row);
        Ok(())
    }
    fn recess(&mut self, row: RecessRow) -> Result<(), Stop> {
        self.recesses.push(row);
        Ok(())
    }
    fn dissolution(&mut self, row: DissolutionRow) -> Result<(), Stop> {
        self.dissolutions.push(row);
        Ok(())
    }
    fn setting(&mut self, row: SettingRow) -> Result<(), Stop> {
        self.settings.push(row);
        Ok(())
    }
}

/// What a backup holds, counted as it was read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Contents {
    pub engagements: usize,
    pub contacts: usize,
    pub proposals: usize,
    pub sites: usize,
    /// Sitting days, recesses and dissolutions.
    pub calendar_dates: usize,
    pub settings: usize,
}

impl fmt::Display for Contents {
    /// "2 engagements, 3 contacts, 3 proposals, 1 site, 2 calendar dates, 1 setting".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let parts = [
            count(self.engagements, "engagement", "engagements"),
            count(self.contacts, "contact", "contacts"),
            count(self.proposals, "proposal", "proposals"),
            count(self.sites, "site", "sites"),
            count(self.calendar_dates, "calendar date", "calendar dates"),
            count(self.settings, "setting", "settings"),
        ];
        f.write_str(&parts.join(", "))
    }
}

/// The fields read before the rest, whose values say whether the file can be read at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub format: Option<String>,
    pub format_version: Option<u32>,
    pub schema_version: Option<i64>,
    pub dataset_version: Option<String>,
}

/// A backup read to its end: its header and what it held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub header: Header,
    pub contents: Contents,
}

/// Reads a backup written by this or an older mpplan whose schema is at most `known_schema` from
/// `input`, handing each row to `rows` once it has passed its checks. The bytes are read through
/// [`RowBudget`]'s reader, which refuses text that is not UTF-8 and a row over
/// [`max_row_bytes`]. On any error, what was handed on before it should be thrown away (the store
/// rolls its transaction back).
pub fn read(input: impl io::Read, known_schema: i64, rows: &mut dyn Rows) -> Result<Outcome, BackupError> {
    let budget = RowBudget::default();
    let mut de = serde_json::Deserializer::from_reader(budget.reader(input));
    let mut reading = Reading::new(known_schema, rows, budget);
    let result = DocumentSeed(&mut reading).deserialize(&mut de).and_then(|()| de.end());
    if let Some(fatal) = reading.fatal.take() {
        return Err(fatal);
    }
    if let Err(e) = result {
        return Err(reading.classify(e));
    }
    reading.finish()
}

/// The state of one reading: the header as far as read, the checks' memory, the counts.
struct Reading<'a> {
    known_schema: i64,
    rows: &'a mut dyn Rows,
    budget: RowBudget,
    header: Header,
    /// Whether the header has been read and found readable.
    header_ok: bool,
    fatal: Option<BackupError>,
    checker: Checker,
    contents: Contents,
}

impl<'a> Reading<'a> {
    fn new(known_schema: i64, rows: &'a mut dyn Rows, budget: RowBudget) -> Reading<'a> {
        Reading {
            known_schema,
            rows,
            budget,
            header: Header::default(),
            header_ok: false,
            fatal: None,
            checker: Checker::default(),
            contents: Contents::default(),
        }
    }

    /// Stops reading with `error`.
    fn fail<E: de::Error>(&mut self, error: BackupError) -> E {
        self.fatal = Some(error);
        E::custom("reading stopped")
    }

    /// Checks the header once what it needs is known: a file of another format is refused at once,
    /// a newer one as soon as its versions are read.
    fn check_header<E: de::Error>(&mut self) -> Result<(), E> {
        if let Some(format) = self.header.format.as_deref().filter(|f| *f != FORMAT) {
            let why = format!("its format is \"{}\"", short(format));
            return Err(self.fail(BackupError::NotABackup(why)));
        }
        if let (Some(_), Some(format), Some(schema)) =
            (&self.header.format, self.header.format_version, self.header.schema_version)
            && !self.header_ok
        {
            if schema > self.known_schema || format > FORMAT_VERSION {
                let too_new = BackupError::TooNew { schema, format, known_schema: self.known_schema };
                return Err(self.fail(too_new));
            }
            self.header_ok = true;
        }
        Ok(())
    }

    /// A row's problems are noted; reading stops once there are more than can be listed.
    fn noted<E: de::Error>(&mut self) -> Result<(), E> {
        if self.checker.found.len() > MAX_KEPT {
            let found = std::mem::take(&mut self.checker.found);
            return Err(self.fail(BackupError::Invalid(found)));
        }
        Ok(())
    }

    /// Hands a row on when it passed its checks.
    fn hand_on<E: de::Error>(
        &mut self,
        ok: bool,
        give: impl FnOnce(&mut dyn Rows) -> Result<(), Stop>,
    ) -> Result<(), E> {
        self.noted()?;
        if ok && self.checker.found.is_empty() && give(self.rows).is_err() {
            return Err(self.fail(BackupError::Stopped));
        }
        Ok(())
    }

    /// A parse error as the user should read it.
    fn classify(&self, e: serde_json::Error) -> BackupError {
        if e.is_io() {
            let io: io::Error = e.into();
            return match io.get_ref().and_then(|inner| inner.downcast_ref::<RowTooLarge>()) {
                Some(large) => BackupError::Unreadable(large.to_string()),
                None if io.kind() == io::ErrorKind::InvalidData => BackupError::NotUtf8,
                None => BackupError::Unreadable(format!("it could not be read: {io}")),
            };
        }
        let message = printable(&e.to_string()).into_owned();
        if e.is_syntax() || e.is_eof() || !self.header_ok {
            BackupError::NotABackup(format!("it is not JSON: {message}"))
        } else {
            BackupError::Unreadable(message)
        }
    }

    /// After the last byte: the header must have been there, and every row good.
    fn finish(mut self) -> Result<Outcome, BackupError> {
        match (&self.header.format, self.header.format_version, self.header.schema_version) {
            (None, ..) => return Err(BackupError::NotABackup("it has no \"format\" field".into())),
            (Some(_), None, _) | (Some(_), _, None) => {
                return Err(BackupError::NotABackup("it has no format_version or schema_version".into()));
            }
            _ => {}
        }
        if !self.checker.found.is_empty() {
            return Err(BackupError::Invalid(std::mem::take(&mut self.checker.found)));
        }
        Ok(Outcome { header: self.header, contents: self.contents })
    }
}

/// The top-level fields, in the order mpplan writes them.
const FIELDS: &[&str] = &[
    "format",
    "format_version",
    "schema_version",
    "dataset_version",
    "organisation",
    "sites",
    "engagements",
    "sitting_days",
    "recesses",
    "dissolutions",
    "settings",
];

/// The arrays of rows, each read one row at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Sites,
    Engagements,
    SittingDays,
    Recesses,
    Dissolutions,
    Settings,
    Checklist,
    Interactions,
    Proposals,
}

struct DocumentSeed<'r, 'a>(&'r mut Reading<'a>);

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an mpplan backup (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let r = self.0;
        let mut seen: Vec<&'static str> = Vec::new();
        loop {
            r.budget.start_row();
            let Some(key) = map.next_key::<String>()? else { break };
            let Some(&field) = FIELDS.iter().find(|f| **f == key) else {
                return Err(de::Error::unknown_field(&short(&key), FIELDS));
            };
            if seen.contains(&field) {
                return Err(de::Error::duplicate_field(field));
            }
            seen.push(field);
            match field {
                "format" => {
                    r.header.format = map.next_value()?;
                    r.check_header()?;
                }
                "format_version" => {
                    r.header.format_version = map.next_value()?;
                    r.check_header()?;
                }
                "schema_version" => {
                    r.header.schema_version = map.next_value()?;
                    r.check_header()?;
                }
                "dataset_version" => r.header.dataset_version = map.next_value()?,
                "organisation" => {
                    if let Some(row) = map.next_value::<Option<OrganisationRow>>()? {
                        let ok = r.checker.organisation(&row);
                        r.hand_on(ok, |rows| rows.organisation(row))?;
                    }
                }
                "sites" => map.next_value_seed(TableSeed(r, Table::Sites))?,
                "engagements" => map.next_value_seed(TableSeed(r, Table::Engagements))?,
                "sitting_days" => map.next_value_seed(TableSeed(r, Table::SittingDays))?,
                "recesses" => map.next_value_seed(TableSeed(r, Table::Recesses))?,
                "dissolutions" => map.next_value_seed(TableSeed(r, Table::Dissolutions))?,
                _ => map.next_value_seed(TableSeed(r, Table::Settings))?,
            }
        }
        for required in ["sites", "engagements", "sitting_days", "recesses", "dissolutions", "settings"] {
            if r.header_ok && !seen.contains(&required) {
                return Err(de::Error::missing_field(required));
            }
        }
        Ok(())
    }
}

/// A row of any table, as read.
enum AnyRow {
    Site(SiteRow),
    SittingDay(SittingDayRow),
    Recess(RecessRow),
    Dissolution(DissolutionRow),
    Setting(SettingRow),
    Checklist(ChecklistRow),
    Interaction(InteractionRow),
    Proposal(ProposalRow),
}

impl Reading<'_> {
    /// Counts and checks one row, and hands it on if it passed (a row of an engagement only if
    /// the engagement did too).
    fn row<E: de::Error>(&mut self, row: AnyRow) -> Result<(), E> {
        let c = &mut self.contents;
        let parent = self.checker.engagement_ok;
        match row {
            AnyRow::Site(row) => {
                c.sites += 1;
                let ok = self.checker.site(&row);
                self.hand_on(ok, |rows| rows.site(row))
            }
            AnyRow::SittingDay(row) => {
                c.calendar_dates += 1;
                let ok = self.checker.sitting_day(&row);
                self.hand_on(ok, |rows| rows.sitting_day(row))
            }
            AnyRow::Recess(row) => {
                c.calendar_dates += 1;
                let ok = self.checker.recess(&row);
                self.hand_on(ok, |rows| rows.recess(row))
            }
            AnyRow::Dissolution(row) => {
                c.calendar_dates += 1;
                let ok = self.checker.dissolution(&row);
                self.hand_on(ok, |rows| rows.dissolution(row))
            }
            AnyRow::Setting(row) => {
                c.settings += 1;
                let ok = self.checker.setting(&row);
                self.hand_on(ok, |rows| rows.setting(row))
            }
            AnyRow::Checklist(row) => {
                let ok = self.checker.checklist_item(&row);
                self.hand_on(ok && parent, |rows| rows.checklist_item(row))
            }
            AnyRow::Interaction(row) => {
                c.contacts += 1;
                let ok = self.checker.interaction(&row);
                self.hand_on(ok && parent, |rows| rows.interaction(row))
            }
            AnyRow::Proposal(row) => {
                c.proposals += 1;
                let ok = self.checker.proposal(&row);
                self.hand_on(ok && parent, |rows| rows.proposal(row))
            }
        }
    }
}

/// Reads the next row of `table` from `seq`, its bytes counted from its start.
fn next_row<'de, A: SeqAccess<'de>>(r: &Reading<'_>, seq: &mut A, table: Table) -> Result<Option<AnyRow>, A::Error> {
    r.budget.start_row();
    Ok(match table {
        Table::Sites => seq.next_element()?.map(AnyRow::Site),
        Table::SittingDays => seq.next_element()?.map(AnyRow::SittingDay),
        Table::Recesses => seq.next_element()?.map(AnyRow::Recess),
        Table::Dissolutions => seq.next_element()?.map(AnyRow::Dissolution),
        Table::Settings => seq.next_element()?.map(AnyRow::Setting),
        Table::Checklist => seq.next_element()?.map(AnyRow::Checklist),
        Table::Interactions => seq.next_element()?.map(AnyRow::Interaction),
        Table::Proposals => seq.next_element()?.map(AnyRow::Proposal),
        Table::Engagements => unreachable!("engagements are read by their own seed"),
    })
}

/// One array of rows, each handed on as it is read.
struct TableSeed<'r, 'a>(&'r mut Reading<'a>, Table);

impl<'de> DeserializeSeed<'de> for TableSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for TableSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence of rows")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let TableSeed(r, table) = self;
        if table == Table::Engagements {
            loop {
                r.budget.start_row();
                if seq.next_element_seed(EngagementSeed(r))?.is_none() {
                    return Ok(());
                }
            }
        }
        while let Some(row) = next_row(r, &mut seq, table)? {
            r.row(row)?;
        }
        Ok(())
    }
}

/// The most bytes of an engagement's rows held until its own fields have been read.
const MAX_KEPT_BYTES: usize = 16 * 1024 * 1024;

/// One list of an engagement's rows kept until the engagement's own fields have been read: only
/// for a file whose fields are in another order than mpplan writes them (one engagement's rows at
/// a time are then held, at most [`MAX_KEPT_BYTES`] of them, counted in the third field).
struct KeepSeed<'r, 'a, 'k>(&'r Reading<'a>, Table, &'k mut usize);

impl<'de> DeserializeSeed<'de> for KeepSeed<'_, '_, '_> {
    type Value = Vec<AnyRow>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<AnyRow>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for KeepSeed<'_, '_, '_> {
    type Value = Vec<AnyRow>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence of rows")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<AnyRow>, A::Error> {
        let mut kept = Vec::new();
        while let Some(row) = next_row(self.0, &mut seq, self.1)? {
            *self.2 += self.0.budget.0.get();
            if *self.2 > MAX_KEPT_BYTES {
                return Err(de::Error::custom(format!(
                    "an engagement has over {} bytes of rows before its own fields (uuid, constituency_code…); \
                     mpplan writes those first",
                    thousands(MAX_KEPT_BYTES)
                )));
            }
            kept.push(row);
        }
        Ok(kept)
    }
}

/// The fields of an engagement: its own, then its checklist, contacts and proposals (the order
/// mpplan writes them in).
const ENGAGEMENT_FIELDS: &[&str] = &[
    "uuid",
    "constituency_code",
    "tracked",
    "topics",
    "cadence_days",
    "notes",
    "background",
    "office_address",
    "started_on",
    "mp_at_start",
    "mp_id_at_start",
    "created_at",
    "updated_at",
    "checklist",
    "interactions",
    "proposals",
];

/// An engagement: its own fields first, handed on as soon as they have all been read, then the
/// rows of its lists one at a time.
struct EngagementSeed<'r, 'a>(&'r mut Reading<'a>);

impl<'de> DeserializeSeed<'de> for EngagementSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

/// An engagement's own fields as far as read.
#[derive(Default)]
struct Head {
    uuid: Option<String>,
    constituency_code: Option<String>,
    tracked: Option<bool>,
    topics: Option<String>,
    cadence_days: Option<u32>,
    notes: Option<String>,
    background: Option<String>,
    office_address: Option<String>,
    started_on: Option<NaiveDate>,
    mp_at_start: Option<String>,
    mp_id_at_start: Option<Option<i64>>,
    created_at: Option<String>,
    updated_at: Option<String>,
}

impl Head {
    /// Whether every field has been read (the optional member id too, so that it is not missed).
    fn complete(&self) -> bool {
        self.uuid.is_some()
            && self.constituency_code.is_some()
            && self.tracked.is_some()
            && self.topics.is_some()
            && self.cadence_days.is_some()
            && self.notes.is_some()
            && self.background.is_some()
            && self.office_address.is_some()
            && self.started_on.is_some()
            && self.mp_at_start.is_some()
            && self.mp_id_at_start.is_some()
            && self.created_at.is_some()
            && self.updated_at.is_some()
    }

    /// The engagement row, or the first field missing.
    fn row<E: de::Error>(&mut self) -> Result<EngagementRow, E> {
        fn take<T, E: de::Error>(value: &mut Option<T>, name: &'static str) -> Result<T, E> {
            value.take().ok_or_else(|| E::missing_field(name))
        }
        Ok(EngagementRow {
            uuid: take(&mut self.uuid, "uuid")?,
            constituency_code: take(&mut self.constituency_code, "constituency_code")?,
            tracked: take(&mut self.tracked, "tracked")?,
            topics: take(&mut self.topics, "topics")?,
            cadence_days: take(&mut self.cadence_days, "cadence_days")?,
            notes: take(&mut self.notes, "notes")?,
            background: take(&mut self.background, "background")?,
            office_address: take(&mut self.office_address, "office_address")?,
            started_on: take(&mut self.started_on, "started_on")?,
            mp_at_start: take(&mut self.mp_at_start, "mp_at_start")?,
            mp_id_at_start: self.mp_id_at_start.take().flatten(),
            created_at: take(&mut self.created_at, "created_at")?,
            updated_at: take(&mut self.updated_at, "updated_at")?,
            checklist: Vec::new(),
            interactions: Vec::new(),
            proposals: Vec::new(),
        })
    }
}

/// Checks the engagement's own fields and hands them on.
fn hand_on_head<E: de::Error>(r: &mut Reading<'_>, head: &mut Head) -> Result<(), E> {
    let row = head.row()?;
    let ok = r.checker.engagement(&row);
    r.checker.engagement_ok = ok;
    r.contents.engagements += 1;
    r.hand_on(ok, |rows| rows.engagement(row))
}

impl<'de> Visitor<'de> for EngagementSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an engagement")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let r = self.0;
        let mut head = Head::default();
        let mut seen: Vec<&'static str> = Vec::new();
        let mut handed = false;
        let mut kept: Vec<AnyRow> = Vec::new();
        let mut kept_bytes = 0;
        while let Some(key) = map.next_key::<String>()? {
            let Some(&field) = ENGAGEMENT_FIELDS.iter().find(|f| **f == key) else {
                return Err(de::Error::unknown_field(&short(&key), ENGAGEMENT_FIELDS));
            };
            if seen.contains(&field) {
                return Err(de::Error::duplicate_field(field));
            }
            seen.push(field);
            let list = match field {
                "checklist" => Some(Table::Checklist),
                "interactions" => Some(Table::Interactions),
                "proposals" => Some(Table::Proposals),
                _ => None,
            };
            if let Some(list) = list {
                if !handed && head.complete() {
                    hand_on_head(r, &mut head)?;
                    handed = true;
                }
                if handed {
                    map.next_value_seed(TableSeed(r, list))?;
                } else {
                    kept.extend(map.next_value_seed(KeepSeed(r, list, &mut kept_bytes))?);
                }
                continue;
            }
            match field {
                "uuid" => head.uuid = Some(map.next_value()?),
                "constituency_code" => head.constituency_code = Some(map.next_value()?),
                "tracked" => head.tracked = Some(map.next_value()?),
                "topics" => head.topics = Some(map.next_value()?),
                "cadence_days" => head.cadence_days = Some(map.next_value()?),
                "notes" => head.notes = Some(map.next_value()?),
                "background" => head.background = Some(map.next_value()?),
                "office_address" => head.office_address = Some(map.next_value()?),
                "started_on" => head.started_on = Some(map.next_value()?),
                "mp_at_start" => head.mp_at_start = Some(map.next_value()?),
                "mp_id_at_start" => head.mp_id_at_start = Some(map.next_value()?),
                "created_at" => head.created_at = Some(map.next_value()?),
                _ => head.updated_at = Some(map.next_value()?),
            }
        }
        if !handed {
            hand_on_head(r, &mut head)?;
        }
        for list in ["checklist", "interactions", "proposals"] {
            if !seen.contains(&list) {
                return Err(de::Error::missing_field(list));
            }
        }
        for row in kept {
            r.row(row)?;
        }
        Ok(())
    }
}

/// Counts the bytes of the row being read, shared by the reader (which counts) and the visitors
/// (which say where each row starts).
#[derive(Debug, Clone, Default)]
pub struct RowBudget(Rc<Cell<usize>>);

impl RowBudget {
    /// A new row begins: its bytes are counted from here.
    pub fn start_row(&self) {
        self.0.set(0);
    }

    /// `input` read through a buffer, checked as UTF-8 and counted against this budget.
    pub fn reader<R: io::Read>(&self, input: R) -> BudgetReader<R> {
        BudgetReader {
            input,
            buf: vec![0; 64 * 1024].into_boxed_slice(),
            start: 0,
            valid: 0,
            filled: 0,
            first: true,
            budget: self.clone(),
            limit: max_row_bytes(),
            line: 1,
        }
    }
}

/// A row longer than any mpplan writes.
#[derive(Debug)]
pub struct RowTooLarge {
    limit: usize,
    line: usize,
}

impl fmt::Display for RowTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the row at line {} is over {} bytes, more than any row mpplan writes with every field at its limit; the \
             file is damaged or not a backup",
            thousands(self.line),
            thousands(self.limit)
        )
    }
}

impl std::error::Error for RowTooLarge {}

/// The bytes of a backup: buffered, without a leading byte order mark, refused when they are not
/// UTF-8 or when one row runs past its budget.
pub struct BudgetReader<R> {
    input: R,
    buf: Box<[u8]>,
    /// The next byte to hand out, the end of the bytes checked as UTF-8, the end of those read.
    start: usize,
    valid: usize,
    filled: usize,
    first: bool,
    budget: RowBudget,
    limit: usize,
    /// The line being read, for saying where a row too large is.
    line: usize,
}

impl<R: io::Read> BudgetReader<R> {
    /// Reads more, keeping a character cut in two by the last read for the next. Afterwards
    /// there are checked bytes to hand out, unless the input has ended.
    fn refill(&mut self) -> io::Result<()> {
        let not_utf8 = || io::Error::new(io::ErrorKind::InvalidData, "not UTF-8");
        self.buf.copy_within(self.valid..self.filled, 0);
        self.filled -= self.valid;
        (self.start, self.valid) = (0, 0);
        loop {
            let n = self.input.read(&mut self.buf[self.filled..])?;
            self.filled += n;
            let end = n == 0;
            if self.first {
                if self.filled < 3 && !end {
                    continue;
                }
                self.first = false;
                if self.buf[..self.filled].starts_with(b"\xEF\xBB\xBF") {
                    self.start = 3;
                }
            }
            match std::str::from_utf8(&self.buf[self.start..self.filled]) {
                Ok(_) => self.valid = self.filled,
                Err(e) if e.error_len().is_none() && !end => self.valid = self.start + e.valid_up_to(),
                Err(_) => return Err(not_utf8()),
            }
            if self.valid > self.start || end {
                return Ok(());
            }
        }
    }
}

impl<R: io::Read> io::Read for BudgetReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.start == self.valid {
            self.refill()?;
            if self.start == self.valid {
                return Ok(0);
            }
        }
        let n = out.len().min(self.valid - self.start);
        let bytes = &self.buf[self.start..self.start + n];
        self.line += bytes.iter().filter(|&&b| b == b'\n').count();
        out[..n].copy_from_slice(bytes);
        self.start += n;
        let used = self.budget.0.get() + n;
        self.budget.0.set(used);
        if used > self.limit {
            let error = RowTooLarge { limit: self.limit, line: self.line };
            return Err(io::Error::new(io::ErrorKind::InvalidData, error));
        }
        Ok(n)
    }
}

/// A problem for a message: at most 200 characters of it.
fn short_problem(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(200).collect();
    if chars.next().is_some() { format!("{head}…") } else { head }
}

/// A constituency code as the data has them: "E14001323".
fn looks_like_a_code(code: &str) -> bool {
    (1..=16).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A name for a message: at most 60 characters of it.
fn short(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() { format!("{head}…") } else { head }
}

/// Checks each row as it is read, keeping only what the checks across rows need: the UUIDs seen
/// (as 16-byte numbers), the seats, days and settings seen.
#[derive(Default)]
struct Checker {
    found: Vec<String>,
    uuids: HashSet<(&'static str, u128)>,
    seats: HashSet<String>,
    /// The checklist items of the engagement being read.
    items: HashSet<String>,
    /// Whether the engagement being read passed its checks (its rows are handed on only if so).
    engagement_ok: bool,
    /// The constituency code of the engagement being read, for naming its rows.
    at_engagement: String,
    days: HashSet<(NaiveDate, String)>,
    settings: HashSet<String>,
}

impl Checker {
    /// Notes `problem` at `at` unless `ok`; returns `ok`. A problem quoting a value from the
    /// file is cut short, so that what is kept stays small whatever the file holds.
    fn check(&mut self, at: &str, ok: bool, problem: &str) -> bool {
        if !ok {
            self.found.push(format!("{}: {}", printable(at), printable(&short_problem(problem))));
        }
        ok
    }

    fn parses<T, E: fmt::Display>(&mut self, at: &str, parsed: Result<T, E>) -> bool {
        match parsed {
            Ok(_) => true,
            Err(e) => self.check(at, false, &e.to_string()),
        }
    }

    fn uuid(&mut self, at: &str, uuid: &str, table: &'static str) -> bool {
        let parsed = uuid::Uuid::parse_str(uuid).ok();
        let valid = self.check(at, parsed.is_some(), "its uuid is not a UUID");
        let first = parsed.is_none_or(|u| self.uuids.insert((table, u.as_u128())));
        valid & self.check(at, first, "its uuid is used twice")
    }

    fn stamp(&mut self, at: &str, stamp: &str) -> bool {
        let valid = NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT).is_ok();
        self.check(at, valid, "a timestamp is not \"YYYY-MM-DDTHH:MM:SSZ\"")
    }

    /// Each value within its field's limit.
    fn lengths<'t>(&mut self, at: &str, values: impl IntoIterator<Item = (Field, &'t str)>) -> bool {
        let mut ok = true;
        for (field, text) in values {
            if let Err(e) = field.check(text) {
                ok &= self.check(at, false, &e.to_string());
            }
        }
        ok
    }

    fn calendar_row(&mut self, at: &str, uuid: Option<&str>, table: &'static str, source: &str, stamp: &str) -> bool {
        let uuid = uuid.is_none_or(|uuid| self.uuid(at, uuid, table));
        let stamp = self.stamp(at, stamp);
        uuid & stamp & self.check(at, CALENDAR_SOURCES.contains(&source), "its source is not user or import")
    }

    fn organisation(&mut self, o: &OrganisationRow) -> bool {
        let at = "organisation";
        let uuid = self.uuid(at, &o.uuid, "organisation");
        let stamp = self.stamp(at, &o.updated_at);
        let fields = [
            (Field::OrganisationName, o.name.as_str()),
            (Field::OrganisationAddress, &o.address),
            (Field::ChiefExecutive, &o.chief_executive),
            (Field::Chair, &o.chair),
        ];
        uuid & stamp & self.lengths(at, fields)
    }

    fn site(&mut self, s: &SiteRow) -> bool {
        let at = format!("site \"{}\"", short(&s.name));
        let uuid = self.uuid(&at, &s.uuid, "sites");
        let stamp = self.stamp(&at, &s.created_at);
        let named = self.check(&at, !s.name.trim().is_empty(), "it has no name");
        uuid & stamp & named & self.lengths(&at, [(Field::SiteName, s.name.as_str()), (Field::Postcode, &s.postcode)])
    }

    fn engagement(&mut self, e: &EngagementRow) -> bool {
        self.at_engagement = short(&e.constituency_code);
        self.items.clear();
        let at = format!("engagement {}", self.at_engagement);
        let uuid = self.uuid(&at, &e.uuid, "engagements");
        let stamps = self.stamp(&at, &e.created_at) & self.stamp(&at, &e.updated_at);
        let code = looks_like_a_code(&e.constituency_code);
        let code = self.check(&at, code, "its constituency code is not a code such as E14001323");
        let seat = !code || self.seats.insert(e.constituency_code.clone());
        let seat = code & self.check(&at, seat, "the seat has two engagements");
        let cadence = self.check(&at, e.cadence_days > 0, "its cadence is 0 days");
        let fields = [
            (Field::Topics, e.topics.as_str()),
            (Field::Notes, &e.notes),
            (Field::Background, &e.background),
            (Field::OfficeAddress, &e.office_address),
            (Field::MpName, &e.mp_at_start),
        ];
        uuid & stamps & seat & cadence & self.lengths(&at, fields)
    }

    fn checklist_item(&mut self, i: &ChecklistRow) -> bool {
        let at = format!("engagement {}, checklist item {}", self.at_engagement, short(&i.item_key));
        let uuid = self.uuid(&at, &i.uuid, "checklist");
        let stamp = self.stamp(&at, &i.updated_at);
        let known = self.check(&at, item_by_key(&i.item_key).is_some(), "there is no such item");
        let first = !known || self.items.insert(i.item_key.clone());
        let once = self.check(&at, first, "it is listed twice");
        let state = self.check(&at, ItemState::parse(&i.state).is_some(), "its state is not todo, done or skipped");
        uuid & stamp & known & once & state & self.lengths(&at, [(Field::ChecklistNote, i.note.as_str())])
    }

    fn interaction(&mut self, i: &InteractionRow) -> bool {
        let at = format!("engagement {}, contact {}", self.at_engagement, short(&i.uuid));
        let uuid = self.uuid(&at, &i.uuid, "interactions");
        let stamp = self.stamp(&at, &i.created_at);
        let kind = self.parses(&at, InteractionKind::parse(&i.kind));
        let direction = self.parses(&at, Direction::parse(&i.direction));
        let fields = [(Field::ContactNote, i.summary.as_str()), (Field::MpName, &i.mp_name)];
        uuid & stamp & kind & direction & self.lengths(&at, fields)
    }

    fn proposal(&mut self, p: &ProposalRow) -> bool {
        let at = format!("engagement {}, proposal {}", self.at_engagement, short(&p.uuid));
        let uuid = self.uuid(&at, &p.uuid, "proposals");
        let stamps = self.stamp(&at, &p.created_at) & self.stamp(&at, &p.updated_at);
        let kind = self.parses(&at, ProposalKind::parse(&p.kind));
        let status = self.parses(&at, ProposalStatus::parse(&p.status));
        let press = self.parses(&at, PressPlan::parse(&p.press));
        let start = NaiveDateTime::parse_from_str(&p.starts_at, TIME_FORMAT);
        let end = NaiveDateTime::parse_from_str(&p.ends_at, TIME_FORMAT);
        let times = match (start, end) {
            (Ok(start), Ok(end)) => self.check(&at, start < end, "it ends before it starts"),
            _ => self.check(&at, false, "its start or end is not \"YYYY-MM-DD HH:MM\""),
        };
        let uid = p.ics_uid.as_deref().unwrap_or_default();
        let fields =
            [(Field::ProposalTitle, p.title.as_str()), (Field::ProposalPlace, &p.place), (Field::EventUid, uid)];
        uuid & stamps & kind & status & press & times & self.lengths(&at, fields)
    }

    fn sitting_day(&mut self, d: &SittingDayRow) -> bool {
        let at = format!("sitting day {}", d.day);
        let row = self.calendar_row(&at, d.uuid.as_deref(), "sitting days", &d.source, &d.created_at);
        let first = !CALENDAR_SOURCES.contains(&d.source.as_str()) || self.days.insert((d.day, d.source.clone()));
        let once = self.check(&at, first, "it is listed twice");
        let status = matches!(d.status.as_str(), "confirmed" | "scheduled");
        let status = self.check(&at, status, "its status is not confirmed or scheduled");
        row & once & status & self.lengths(&at, [(Field::CalendarNote, d.note.as_str())])
    }

    fn recess(&mut self, r: &RecessRow) -> bool {
        let at = format!("recess \"{}\"", short(&r.name));
        let row = self.calendar_row(&at, r.uuid.as_deref(), "recesses", &r.source, &r.created_at);
        let order = self.check(&at, r.first_day <= r.last_day, "it ends before it starts");
        row & order & self.lengths(&at, [(Field::RecessName, r.name.as_str())])
    }

    fn dissolution(&mut self, d: &DissolutionRow) -> bool {
        let at = format!("dissolution from {}", d.first_day);
        let row = self.calendar_row(&at, d.uuid.as_deref(), "dissolutions", &d.source, &d.created_at);
        let order = self.check(&at, d.first_day <= d.last_day, "it ends before it starts");
        row & order & self.lengths(&at, [(Field::CalendarNote, d.note.as_str())])
    }

    fn setting(&mut self, s: &SettingRow) -> bool {
        let at = format!("setting {}", short(&s.key));
        let stamp = self.stamp(&at, &s.updated_at);
        let lengths = self.lengths(&at, [(Field::SettingName, s.key.as_str()), (Field::SettingValue, &s.value)]);
        let first = !lengths || self.settings.insert(s.key.clone());
        let once = self.check(&at, first, "it is listed twice");
        stamp & once & lengths
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAMP: &str = "2026-11-24T09:00:00Z";

    /// A backup of one engagement with `contacts` contacts, as mpplan writes it.
    fn backup(contacts: usize) -> Backup {
        let mut b = Backup::new(5, Some("2026-06-27.2".into()));
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
        assert_eq!(err, BackupError::Stopped);
        assert_eq!(sink.seen, 3, "the engagement, its first contact, and the one refused");
        let mut sink = Counting { seen: 0, stop_after: usize::MAX };
        let err = read(&text.as_bytes()[..cut], 5, &mut sink).unwrap_err();
        assert!(matches!(&err, BackupError::NotABackup(m) if m.contains("EOF")), "{err}");
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
        assert_eq!(Backup::from_json(&sorted, 5), Ok(b));
    }

    #[test]
    fn a_row_over_its_budget_is_refused_before_it_is_read_whole() {
        let mut b = backup(1);
        b.engagements[0].interactions[0].summary = "n".repeat(max_row_bytes());
        let text = b.to_json();
        let err = read(text.as_bytes(), 5, &mut Check).unwrap_err();
        let BackupError::Unreadable(message) = &err else { panic!("{err:?}") };
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
        let Err(BackupError::Invalid(found)) = Backup::from_json(&b.to_json(), 5) else { panic!("refused") };
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
        let Err(BackupError::Invalid(found)) = read(b.to_json().as_bytes(), 5, &mut sink) else { panic!("refused") };
        assert_eq!(found.len(), MAX_KEPT + 1);
        assert_eq!(sink.seen, 1, "no row is handed on once one is bad");
        let message = BackupError::Invalid(found).to_string();
        assert!(message.starts_with("it has over 1000 bad rows: ") && message.ends_with("; and more"), "{message}");
    }

    #[test]
    fn what_is_kept_of_a_hostile_file_stays_small() {
        let mut b = backup(30);
        b.engagements[0].constituency_code = "E".repeat(100_000);
        for contact in &mut b.engagements[0].interactions {
            contact.kind = "k".repeat(100_000);
        }
        let Err(BackupError::Invalid(found)) = Backup::from_json(&b.to_json(), 5) else { panic!("refused") };
        assert_eq!(found.len(), 31);
        assert!(found[0].contains("its constituency code is not a code such as E14001323"), "{}", found[0]);
        assert!(found.iter().all(|f| f.chars().count() < 400), "each problem is cut short");
        assert!(BackupError::Invalid(found).to_string().len() < 2_000, "the message is one short line");
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
        assert_eq!(read(Dribble(&bytes, 7), 5, &mut Check).unwrap_err(), BackupError::NotUtf8);
        assert_eq!(read(&[0xFFu8, b'{'][..], 5, &mut Check).unwrap_err(), BackupError::NotUtf8);
        assert_eq!(
            read(&b"{}"[..], 5, &mut Check).unwrap_err().to_string(),
            "it is not an mpplan backup (it has no \"format\" field)"
        );
    }
}
