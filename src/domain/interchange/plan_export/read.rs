//! Reading a backup as a stream: each row is parsed, checked and handed on (to the database, or to
//! a [`PlanExport`] in memory) before the next is read, so that memory stays the same however large
//! the file. What protects against a hostile file is per row and per field, never a cap on the
//! whole: a row over [`max_row_bytes`](crate::domain::limits::max_row_bytes) is refused before it is read into memory, and a value over
//! its field's limit is a bad row like any other.

use std::fmt;
use std::io;

use chrono::NaiveDate;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::budget::{RowBudget, RowTooLarge};
use super::check::{Checker, short};
use super::rows::{Contents, Rows, Stop};
use super::{
    ChecklistRow, DissolutionRow, EngagementRow, FORMAT, FORMAT_VERSION, InteractionRow, OrganisationRow,
    PlanExportError, ProposalRow, RecessRow, SettingRow, SiteRow, SittingDayRow,
};
use crate::domain::limits::thousands;
use crate::domain::text::printable;

/// At most this many problems are kept; reading stops at the next one.
pub const MAX_KEPT: usize = 1_000;

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
/// [`max_row_bytes`](crate::domain::limits::max_row_bytes). On any error, what was handed on before it should be thrown away (the store
/// rolls its transaction back).
pub fn read(input: impl io::Read, known_schema: i64, rows: &mut dyn Rows) -> Result<Outcome, PlanExportError> {
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
    fatal: Option<PlanExportError>,
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
    fn fail<E: de::Error>(&mut self, error: PlanExportError) -> E {
        self.fatal = Some(error);
        E::custom("reading stopped")
    }

    /// Checks the header once what it needs is known: a file of another format is refused at once,
    /// a newer one as soon as its versions are read.
    fn check_header<E: de::Error>(&mut self) -> Result<(), E> {
        if let Some(format) = self.header.format.as_deref().filter(|f| *f != FORMAT) {
            let why = format!("its format is \"{}\"", printable(&short(format)));
            return Err(self.fail(PlanExportError::NotABackup(why)));
        }
        if let (Some(_), Some(format), Some(schema)) =
            (&self.header.format, self.header.format_version, self.header.schema_version)
            && !self.header_ok
        {
            if schema > self.known_schema || format > FORMAT_VERSION {
                let too_new = PlanExportError::TooNew { schema, format, known_schema: self.known_schema };
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
            return Err(self.fail(PlanExportError::Invalid(found)));
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
            return Err(self.fail(PlanExportError::Stopped));
        }
        Ok(())
    }

    /// A parse error as the user should read it.
    fn classify(&self, e: serde_json::Error) -> PlanExportError {
        if e.is_io() {
            let io: io::Error = e.into();
            return match io.get_ref().and_then(|inner| inner.downcast_ref::<RowTooLarge>()) {
                Some(large) => PlanExportError::Unreadable(large.to_string()),
                None if io.kind() == io::ErrorKind::InvalidData => PlanExportError::NotUtf8,
                None => PlanExportError::Unreadable(format!("it could not be read: {io}")),
            };
        }
        let message = printable(&e.to_string()).into_owned();
        if e.is_syntax() || e.is_eof() || !self.header_ok {
            PlanExportError::NotABackup(format!("it is not JSON: {message}"))
        } else {
            PlanExportError::Unreadable(message)
        }
    }

    /// After the last byte: the header must have been there, and every row good.
    fn finish(mut self) -> Result<Outcome, PlanExportError> {
        match (&self.header.format, self.header.format_version, self.header.schema_version) {
            (None, ..) => return Err(PlanExportError::NotABackup("it has no \"format\" field".into())),
            (Some(_), None, _) | (Some(_), _, None) => {
                return Err(PlanExportError::NotABackup("it has no format_version or schema_version".into()));
            }
            _ => {}
        }
        if !self.checker.found.is_empty() {
            return Err(PlanExportError::Invalid(std::mem::take(&mut self.checker.found)));
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

#[cfg(test)]
mod tests;
