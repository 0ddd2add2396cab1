//! Data in and out, shared by the command line and the UI. An import reads its file (refused over
//! 50 MB, checked for its encoding), compares it with the database to make a [`Plan`] and its
//! preview (the lines `--dry-run` prints), and applies the plan in one transaction. An export is
//! the text of a JSON backup, calendar events, a spreadsheet or the board report, or the bytes of
//! an Excel workbook holding the spreadsheets and the report, written to a new file readable only
//! by its owner.
//!
//! A JSON backup is the exception to holding a file in memory: it is written as the database is
//! read and read as the database is written, one row at a time, so it may be of any size (its
//! rows and fields have limits; the file has none).

use std::collections::HashMap;
use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{Months, NaiveDate};

use crate::domain::engagement::agenda::FlaggedProposal;
use crate::domain::engagement::proposal::ProposalFilter;
use crate::domain::interchange::csv_export::{CsvStyle, Sheet};
use crate::domain::interchange::csv_import::{self, ContactPlan, LoggedContact, ProposalPlan};
use crate::domain::interchange::event_import::{self, EventPlan, Options};
use crate::domain::interchange::event_read::Window;
use crate::domain::interchange::ics_write::{self, Event};
use crate::domain::interchange::import_file::{ImportError, MAX_IMPORT_BYTES, check_size, decode, plural};
use crate::domain::interchange::plan_export::{self, Check, Contents, PlanExportError, Rows};
use crate::domain::interchange::vcard::{self, Contact};
use crate::domain::interchange::xlsx;
use crate::domain::mps::changes::{self, MpChange, MpPlan};
use crate::domain::mps::resolve::Candidate;
use crate::domain::reference::calendar_file::{self, CalendarPlan};
use crate::domain::reference::feeds::profile::Office;
use crate::domain::reference::feeds::seats;
use crate::domain::text::printable;
use crate::domain::views::TrackOutcome;
use crate::domain::{interchange::csv_export, paperwork::report};
use crate::shared::compose::{self, ComposeError};
use crate::shared::fetch::Prepared;
use crate::store::{MpFilter, SCHEMA_VERSION, Store, StoreError, WriteError};

/// Why an import or an export could not be done, in one line.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    /// Something asked for that cannot be done as asked (on the command line, exit code 2).
    #[error("{0}")]
    Usage(String),
    /// The file or the machine (exit code 1).
    #[error("{0}")]
    Runtime(String),
    /// The file to write exists already, and is left alone.
    #[error("{} already exists", .0.display())]
    Exists(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<ImportError> for TransferError {
    fn from(e: ImportError) -> TransferError {
        TransferError::Runtime(printable(&e.to_string()).into_owned())
    }
}

impl From<ComposeError> for TransferError {
    fn from(e: ComposeError) -> TransferError {
        match e {
            ComposeError::Store(e) => TransferError::Store(e),
            e => TransferError::Usage(e.to_string()),
        }
    }
}

/// A table a spreadsheet export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Table {
    Proposals,
    Interactions,
    Engagements,
}

impl Table {
    /// The table's worksheet in a workbook.
    pub fn sheet_name(self) -> &'static str {
        match self {
            Table::Proposals => "Proposals",
            Table::Interactions => "Contact log",
            Table::Engagements => "Engagements",
        }
    }
}

/// The board report's worksheet in a workbook.
pub const REPORT_SHEET: &str = "Board report";

/// The board report's format: Markdown for a board paper, or CSV for a spreadsheet (plain, or
/// for Excel: `--format csv --excel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Md,
    Csv,
    #[value(skip)]
    ExcelCsv,
}

/// What an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// Everything the user created, as a JSON backup.
    Json,
    /// The proposals starting in the period (either end open), as calendar events.
    Ics { from: Option<NaiveDate>, to: Option<NaiveDate> },
    /// One table, as a spreadsheet.
    Csv(Table),
    /// One table, as a spreadsheet for Excel: a byte order mark and CRLF line ends.
    ExcelCsv(Table),
    /// Every table and the board report for a period, as the sheets of an Excel workbook.
    Xlsx { from: NaiveDate, to: NaiveDate },
    /// Every MP (or only those of the seats tracked) as vCard 3.0 contact cards.
    Vcard { tracked: bool },
    /// The board report for a period.
    Report { from: NaiveDate, to: NaiveDate, format: ReportFormat },
}

/// The product named in calendar files.
pub const PRODID: &str = concat!("-//mpplan//mpplan ", env!("CARGO_PKG_VERSION"), "//EN");

impl Export {
    /// What the file is, for messages: "backup", "calendar", "spreadsheet" or "report".
    pub fn what(self) -> &'static str {
        match self {
            Export::Json => "backup",
            Export::Ics { .. } => "calendar",
            Export::Csv(_) | Export::ExcelCsv(_) => "spreadsheet",
            Export::Xlsx { .. } => "workbook",
            Export::Vcard { .. } => "contact cards",
            Export::Report { .. } => "report",
        }
    }

    /// Whether the export is binary (a workbook), to be written to a file and never printed.
    pub fn is_binary(self) -> bool {
        matches!(self, Export::Xlsx { .. })
    }

    /// Writes the export to `out`: a JSON backup as its rows are read, anything else as a whole.
    /// A failure to write is [`TransferError::Runtime`] naming `to`.
    pub fn write_to(self, store: &Store, today: NaiveDate, out: &mut dyn Write, to: &str) -> Result<(), TransferError> {
        let cannot = |e: io::Error| TransferError::Runtime(format!("cannot write {to}: {e}"));
        match self {
            Export::Json => store.write_plan_export(out).map_err(|e| match e {
                WriteError::Store(e) => TransferError::Store(e),
                WriteError::Io(e) => cannot(e),
            }),
            Export::Xlsx { from, to } => out.write_all(&workbook(store, today, from, to)?).map_err(cannot),
            _ => out.write_all(self.text(store, today)?.as_bytes()).map_err(cannot),
        }
    }

    /// The export's text, from the store as it is now. A workbook has none: it is refused (write
    /// it to a file, with [`export_to_file`]).
    pub fn text(self, store: &Store, today: NaiveDate) -> Result<String, TransferError> {
        let csv = |sheet: Sheet, style| sheet.to_csv_as(style).map_err(|e| TransferError::Runtime(e.to_string()));
        match self {
            Export::Json => {
                let mut bytes = Vec::new();
                self.write_to(store, today, &mut bytes, "the backup")?;
                String::from_utf8(bytes).map_err(|e| TransferError::Runtime(e.to_string()))
            }
            Export::Ics { from, to } => {
                let proposals = flagged(store, &ProposalFilter { from, to, ..Default::default() })?;
                let provenance = store.proposal_provenance()?;
                let events: Vec<Event> = proposals
                    .iter()
                    .filter_map(|f| provenance.get(&f.proposal.uuid).map(|p| Event::from_proposal(f, p)))
                    .collect();
                let name = ics_write::calendar_name(&store.organisation()?.name);
                Ok(ics_write::calendar(PRODID, &name, &events))
            }
            Export::Csv(table) => csv(sheet(store, table, today)?, CsvStyle::Plain),
            Export::ExcelCsv(table) => csv(sheet(store, table, today)?, CsvStyle::Excel),
            Export::Xlsx { .. } => Err(TransferError::Usage(
                "an Excel workbook is not text: write it to a file with --out FILE.xlsx".into(),
            )),
            Export::Vcard { tracked } => {
                let mut contacts = Vec::new();
                for mp in store.list_mps(&MpFilter { tracked_only: tracked, ..Default::default() })? {
                    if mp.name.trim().is_empty() {
                        continue; // a vacant seat has no one to write to
                    }
                    let Some(card) = store.mp_card(&mp.constituency_code)? else { continue };
                    let office = store.engagement(&mp.constituency_code)?.map(|e| e.office_address).unwrap_or_default();
                    contacts.push(contact(&card, &office));
                }
                Ok(vcard::cards(&contacts))
            }
            Export::Report { from, to, format } => {
                let report = board_report(store, today, from, to)?;
                match format {
                    ReportFormat::Md => Ok(report::markdown(&report)),
                    ReportFormat::Csv => csv(report::sheet(&report), CsvStyle::Plain),
                    ReportFormat::ExcelCsv => csv(report::sheet(&report), CsvStyle::Excel),
                }
            }
        }
    }
}

/// One table as a sheet, from the store as it is now.
fn sheet(store: &Store, table: Table, today: NaiveDate) -> Result<Sheet, TransferError> {
    Ok(match table {
        Table::Proposals => csv_export::proposals(&flagged(store, &ProposalFilter::default())?),
        Table::Interactions => csv_export::interactions(&store.engagement_records(today)?),
        Table::Engagements => {
            let records = store.engagement_records(today)?;
            let mut info = Vec::with_capacity(records.len());
            for r in &records {
                info.push(store.engagement(&r.facts.code)?.unwrap_or_default());
            }
            csv_export::engagements(&records, &info, today, &compose::settings(store)?)
        }
    })
}

/// The board report for the period from `from` to `to`.
fn board_report(
    store: &Store,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<report::Report, TransferError> {
    let records = store.engagement_records(today)?;
    let name = store.organisation()?.name;
    Ok(report::report(&name, from, to, today, &records, &compose::settings(store)?))
}

/// The workbook: each table's sheet, the same columns as its CSV export, then the board report
/// for the period from `from` to `to`.
fn workbook(store: &Store, today: NaiveDate, from: NaiveDate, to: NaiveDate) -> Result<Vec<u8>, TransferError> {
    let tables = [Table::Proposals, Table::Interactions, Table::Engagements];
    let mut sheets = Vec::with_capacity(tables.len() + 1);
    for table in tables {
        sheets.push((table.sheet_name(), sheet(store, table, today)?));
    }
    sheets.push((REPORT_SHEET, report::sheet(&board_report(store, today, from, to)?)));
    let named: Vec<(&str, &Sheet)> = sheets.iter().map(|(name, sheet)| (*name, sheet)).collect();
    xlsx::workbook(&named).map_err(|e| TransferError::Runtime(e.to_string()))
}

/// What a contact card says of an MP: the constituency office's address is the one the user set,
/// else the one an update brought; phones are the offices' own, the Westminster one falling back
/// to the switchboard.
fn contact(card: &crate::domain::views::MpCard, office_address: &str) -> Contact {
    let office = |kind: Office| card.profile.contacts.iter().find(|c| c.office() == kind);
    let westminster = office(Office::Westminster);
    let constituency = office(Office::Constituency);
    let phone = |c: Option<&crate::domain::reference::feeds::profile::OfficeContact>| {
        c.map(|c| c.phone.trim().to_string()).unwrap_or_default()
    };
    let westminster_phone = Some(phone(westminster))
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| crate::domain::engagement::followups::SWITCHBOARD.to_string());
    let constituency_address = if office_address.trim().is_empty() {
        constituency
            .map(|c| {
                [c.address.trim(), c.postcode.trim()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default()
    } else {
        office_address.trim().to_string()
    };
    let links = &card.links;
    Contact {
        name: card.summary.name.clone(),
        salutation: card.salutation.clone().unwrap_or_default(),
        party: card.summary.party.clone(),
        constituency: card.summary.constituency.clone(),
        email: card.summary.email.clone(),
        westminster_phone,
        constituency_address,
        constituency_phone: phone(constituency),
        website: links.website.clone(),
        urls: vec![
            links.parliament_profile.clone(),
            links.twitter.clone(),
            links.bluesky.clone(),
            links.facebook.clone(),
        ],
    }
}

/// The board report's period: `to` (by default today) and `from` (by default a year before it).
pub fn report_period(from: Option<NaiveDate>, to: Option<NaiveDate>, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let to = to.unwrap_or(today);
    let from = from.unwrap_or_else(|| to.checked_sub_months(Months::new(12)).unwrap_or(to));
    (from, to)
}

/// Every proposal matching `filter`, flagged against the calendar as it is now and against the
/// organisation's other proposals.
fn flagged(store: &Store, filter: &ProposalFilter) -> Result<Vec<FlaggedProposal>, TransferError> {
    let calendar = store.calendar()?;
    Ok(crate::shared::flags::flagged_matching(store, &calendar, filter)?)
}

/// Writes `export` to a new file readable only by its owner (or over one, with `force`) as it is
/// made: a JSON backup is never whole in memory. A file left half written by a failure is removed.
pub fn export_to_file(
    store: &Store,
    export: Export,
    today: NaiveDate,
    path: &Path,
    force: bool,
) -> Result<(), TransferError> {
    let file = compose::create_private(path, force).map_err(|e| match e.kind() {
        io::ErrorKind::AlreadyExists => TransferError::Exists(path.to_path_buf()),
        _ => TransferError::Runtime(format!("cannot write {}: {e}", path.display())),
    })?;
    let name = path.display().to_string();
    let mut out = BufWriter::with_capacity(256 * 1024, file);
    let written = export.write_to(store, today, &mut out, &name).and_then(|()| {
        out.into_inner()
            .map_err(|e| e.into_error())
            .and_then(|file| file.sync_all())
            .map_err(|e| TransferError::Runtime(format!("cannot write {name}: {e}")))
    });
    if written.is_err() {
        let _ = fs::remove_file(path);
    }
    written
}

/// Writes `text` to a new file readable only by its owner. An existing file is left alone (the
/// error is [`TransferError::Exists`]) unless `force`.
pub fn write(path: &Path, text: &str, force: bool) -> Result<(), TransferError> {
    compose::write_private(path, text, force).map_err(|e| match e.kind() {
        io::ErrorKind::AlreadyExists => TransferError::Exists(path.to_path_buf()),
        _ => TransferError::Runtime(format!("cannot write {}: {e}", path.display())),
    })
}

/// What a file is imported as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Import {
    /// A JSON backup, restored into an empty database, or with `replace` over this one's data.
    Json { replace: bool },
    /// Newer MPs, in the shipped file's columns or the DfE's MP look-up's.
    Mps,
    /// Recess periods or sitting days, as CSV or ICS.
    Calendar,
    /// Calendar events, as proposals.
    Events(EventImport),
    /// A spreadsheet (CSV) of contacts with MPs, as contact-log entries.
    Contacts,
    /// A spreadsheet (CSV) of planned visits, as proposals.
    Proposals,
}

/// How calendar events are imported as proposals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventImport {
    /// The MP the events are with, unless an event names its own (X-MPPLAN-SEAT).
    pub seat: Option<Candidate>,
    /// The days whose times of repeating events are imported.
    pub window: Window,
    /// Refuse the whole file if any event cannot be imported.
    pub strict: bool,
}

impl EventImport {
    /// For `seat`, repeating events from `today` to a year ahead, leaving out the events that cannot
    /// be imported.
    pub fn for_seat(seat: Candidate, today: NaiveDate) -> EventImport {
        EventImport { seat: Some(seat), window: Window::from_today(today), strict: false }
    }
}

/// A file read and compared with the database: what importing it would do, and the lines that
/// say so.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub lines: Vec<String>,
    pub plan: Plan,
}

/// The changes an import makes, all in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// A backup to restore, read again from `path` as it is restored; `file` names it in
    /// messages, `contents` says what it held when it was checked.
    Restore {
        file: String,
        path: PathBuf,
        contents: Contents,
        replace: bool,
    },
    Mps(MpPlan),
    Calendar(CalendarPlan),
    Events {
        /// The MP given, if any (each event may name its own).
        seat: Option<Candidate>,
        plan: EventPlan,
    },
    /// An update from the feeds, read and planned.
    Update(Box<Prepared>),
    Contacts(ContactPlan),
    Proposals(ProposalPlan),
}

impl Plan {
    /// Whether applying the plan changes anything.
    pub fn changes_anything(&self) -> bool {
        match self {
            Plan::Restore { .. } => true,
            Plan::Mps(plan) => !plan.changes.is_empty(),
            Plan::Calendar(plan) => !plan.is_empty(),
            Plan::Events { plan, .. } => plan.changes_anything(),
            Plan::Update(prepared) => prepared.plan.changes_anything(),
            Plan::Contacts(plan) => !plan.add.is_empty(),
            Plan::Proposals(plan) => !plan.add.is_empty(),
        }
    }
}

/// Reads the file at `path` as `import` and compares it with the database. Nothing is changed.
/// `today` is the day contacts may be dated up to, and relative dates count from.
pub fn preview(store: &Store, import: &Import, path: &Path, today: NaiveDate) -> Result<Preview, TransferError> {
    let headed = |header: String, mut lines: Vec<String>, plan: Plan| {
        lines.insert(0, header);
        Ok(Preview { lines, plan })
    };
    match import {
        Import::Json { replace } => restore_preview(store, path, *replace),
        Import::Mps => {
            let (name, text) = read_text(path)?;
            let seats = store.seats_now()?;
            if looks_like_json(&text) {
                let members = seats::plan_file(&name, &text, &seats)?;
                let mut lines = members.plan.lines();
                if !members.unmatched.is_empty() {
                    lines.push(format!("Left out, for constituencies not known here: {}.", members.unmatched_list()));
                }
                return headed(format!("MPs from {name} (Members API):"), lines, Plan::Mps(members.plan));
            }
            let (layout, plan) = changes::plan_with_layout(&name, &text, &seats)?;
            let lines = layout.note().into_iter().chain(plan.lines()).collect();
            headed(format!("MPs from {name}:"), lines, Plan::Mps(plan))
        }
        Import::Calendar => {
            let (name, text) = read_text(path)?;
            let file = calendar_file::read(&name, &text)?;
            let (recesses, sitting_days) = store.calendar_entries()?;
            let plan = calendar_file::plan(file, &recesses, &sitting_days);
            headed(format!("Calendar dates from {name}:"), plan.lines(), Plan::Calendar(plan))
        }
        Import::Events(import) => {
            let (name, text) = read_text(path)?;
            let seats: HashMap<String, String> = store
                .seats_now()?
                .into_iter()
                .map(|s| {
                    let described = match &s.holder {
                        Some(mp) => format!("{} ({})", s.seat, mp.name),
                        None => format!("{} (vacant)", s.seat),
                    };
                    (s.code, described)
                })
                .collect();
            let options = Options {
                seat: import.seat.as_ref().map(|s| s.code.as_str()),
                seats: &seats,
                window: import.window,
                strict: import.strict,
            };
            let plan = event_import::plan(&name, &text, &options, &store.known_proposals()?)?;
            let header = match &import.seat {
                Some(seat) => format!("Events from {name}, as proposals for {}:", seat.describe()),
                None => format!("Events from {name}, as proposals for the MPs they name:"),
            };
            let lines = plan.lines(&store.calendar()?, options.seat);
            headed(header, lines, Plan::Events { seat: import.seat.clone(), plan })
        }
        Import::Contacts => {
            let (name, text) = read_text(path)?;
            let mut logged = Vec::new();
            for r in store.engagement_records(today)? {
                logged.extend(r.interactions.into_iter().map(|i| LoggedContact {
                    code: r.facts.code.to_string(),
                    on: i.on,
                    summary: i.summary,
                }));
            }
            let plan = csv_import::plan_contacts(&name, &text, &store.mp_candidates()?, &logged, today)?;
            headed(format!("Contacts from {name}:"), plan.lines(), Plan::Contacts(plan))
        }
        Import::Proposals => {
            let (name, text) = read_text(path)?;
            let stored = store.proposals(&ProposalFilter::default())?;
            let plan = csv_import::plan_proposals(&name, &text, &store.mp_candidates()?, &stored, today)?;
            headed(format!("Proposals from {name}:"), plan.lines(&store.calendar()?), Plan::Proposals(plan))
        }
    }
}

/// Applies a plan as [`apply`] does, except that a backup restored over your data (`--replace`)
/// first copies the database into `backups/` beside it, the first thing said naming the copy; the
/// copy is deleted again if the backup is refused after all, since then nothing changed. The
/// command line and the palette both restore this way.
pub fn apply_keeping_copy(store: &mut Store, plan: &Plan, today: NaiveDate) -> Result<Vec<String>, TransferError> {
    let copy = match plan {
        Plan::Restore { replace: true, .. } => Some(store.safety_copy("-before-import")?),
        _ => None,
    };
    let said = apply(store, plan, today).inspect_err(|_| {
        if let Some(copy) = &copy {
            store.discard_copy(copy);
        }
    })?;
    let kept = copy.map(|copy| format!("A copy of the database as it was is in {}.", copy.display()));
    Ok(kept.into_iter().chain(said).collect())
}

/// Applies a plan in one transaction and returns what to tell the user.
pub fn apply(store: &mut Store, plan: &Plan, today: NaiveDate) -> Result<Vec<String>, TransferError> {
    let mut said = Vec::new();
    match plan {
        Plan::Restore { file, path, contents, replace } => {
            let mut unreadable = None;
            store
                .import_plan_rows(*replace, |rows| {
                    read_backup(path, rows).map(|_| ()).map_err(|e| {
                        unreadable = e.io;
                        e.backup
                    })
                })
                .map_err(|e| match (e, unreadable) {
                    (_, Some(message)) => TransferError::Runtime(format!("{message}; nothing was changed")),
                    (StoreError::Invalid(m), None) => {
                        TransferError::Runtime(format!("cannot restore {file}: {m}; nothing was changed"))
                    }
                    (e, None) => TransferError::Store(e),
                })?;
            said.push(format!("Restored from {file}: {contents}."));
        }
        Plan::Mps(plan) => {
            store.apply_mp_changes(&plan.changes, today)?;
            said.push(format!("Imported: {} applied.", plural(plan.changes.len(), "change", "changes")));
            let tracked = store.list_mps(&MpFilter { tracked_only: true, ..MpFilter::default() })?;
            for change in &plan.changes {
                if let MpChange::NewHolder { code, seat, after: Some(mp), .. } = change
                    && tracked.iter().any(|t| &t.constituency_code == code)
                {
                    said.push(format!(
                        "{seat} is tracked: the agenda now suggests introducing yourselves to {}.",
                        mp.name
                    ));
                }
            }
        }
        Plan::Calendar(plan) => {
            store.apply_calendar_import(plan)?;
            said.push("Imported.".into());
            if let Some((_, last)) = store.calendar()?.sitting_range().filter(|_| !plan.add_sitting_days.is_empty()) {
                said.push(format!("The sitting-day data now runs to {}.", last.format("%A %-d %B %Y")));
            }
        }
        Plan::Update(prepared) => {
            store.apply_update(&prepared.plan, &prepared.origin, today)?;
            said.push(
                "Updated. Contains Parliamentary information licensed under the Open Parliament Licence v3.0.".into(),
            );
        }
        Plan::Events { plan, .. } => {
            let outcomes = store.apply_event_import(plan, today)?;
            let (adds, updates) = plan.adds_and_updates();
            let mut done = format!("Imported: {adds} added, {updates} updated");
            if plan.cancels() > 0 {
                done.push_str(&format!(", {} cancelled", plan.cancels()));
            }
            done.push('.');
            if !plan.skipped.is_empty() {
                done.push_str(&format!(
                    " {} skipped (listed above).",
                    plural(plan.skipped.len(), "event was", "events were")
                ));
            }
            said.push(done);
            for (code, outcome) in outcomes {
                let seat = plan.seats.iter().find(|(c, _)| *c == code).map_or(code.as_str(), |(_, d)| d.as_str());
                match outcome {
                    TrackOutcome::Started => said.push(format!("Now tracking {seat}.")),
                    TrackOutcome::Resumed => said.push(format!("Tracking {seat} again.")),
                    TrackOutcome::AlreadyTracked => {}
                }
            }
        }
        Plan::Contacts(plan) => {
            let started = store.all_or_nothing(|s| {
                let mut started = Vec::new();
                for row in &plan.add {
                    let logged = s.log_interaction(&row.seat.code, &row.contact, today)?;
                    if logged.tracking != TrackOutcome::AlreadyTracked && !started.contains(&row.seat) {
                        started.push(row.seat.clone());
                    }
                }
                Ok(started)
            })?;
            said.push(format!("Imported: {} added.", plural(plan.add.len(), "contact", "contacts")));
            said.extend(started.iter().map(|seat| format!("Now tracking {}.", seat.describe())));
        }
        Plan::Proposals(plan) => {
            let started = store.all_or_nothing(|s| {
                let mut started = Vec::new();
                for row in &plan.add {
                    let (stored, outcome) = s.add_proposal(&row.proposal, today)?;
                    if row.status != stored.status {
                        s.set_proposal_status(stored.id, row.status, today)?;
                    }
                    if outcome != TrackOutcome::AlreadyTracked && !started.contains(&row.seat) {
                        started.push(row.seat.clone());
                    }
                }
                Ok(started)
            })?;
            said.push(format!("Imported: {} added.", plural(plan.add.len(), "proposal", "proposals")));
            said.extend(started.iter().map(|seat| format!("Now tracking {}.", seat.describe())));
        }
    }
    Ok(said)
}

/// A file's name (safe to print) and its text: refused over 50 MB before it is read, then checked
/// for its encoding, with any byte order mark and Windows line endings taken care of.
fn read_text(path: &Path) -> Result<(String, String), TransferError> {
    let name = printable(&path.display().to_string()).into_owned();
    let cannot = |e: io::Error| {
        let why = match e.kind() {
            io::ErrorKind::NotFound => "there is no such file".to_string(),
            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        TransferError::Runtime(format!("cannot read {name}: {why}"))
    };
    let meta = fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(TransferError::Runtime(format!("{name} is a folder; give the file to import")));
    }
    check_size(&name, meta.len())?;
    let mut bytes = Vec::new();
    fs::File::open(path).map_err(cannot)?.take(MAX_IMPORT_BYTES + 1).read_to_end(&mut bytes).map_err(cannot)?;
    let text = decode(&name, &bytes)?;
    Ok((name, text))
}

/// Reads a backup and checks that it can be restored here: into a database holding nothing of the
/// user's own, unless `replace`.
fn restore_preview(store: &Store, path: &Path, replace: bool) -> Result<Preview, TransferError> {
    let file = path.display().to_string();
    let contents = read_backup(path, &mut Check).map_err(|e| match e {
        ReadError { io: Some(message), .. } => TransferError::Runtime(message),
        ReadError { backup: PlanExportError::NotUtf8, .. } => TransferError::Runtime(format!(
            "{file} is not an mpplan backup (it is not UTF-8 text); nothing was changed"
        )),
        ReadError { backup, .. } => {
            TransferError::Runtime(format!("cannot restore {file}: {backup}; nothing was changed"))
        }
    })?;
    if replace && store.sync_status()?.joined() {
        return Err(TransferError::Usage(
            "this copy shares its plan with your team, so replacing its data would delete the team's rows on every \
             laptop; restore into a new database with --db NEW.sqlite3, or stop sharing first with `mpplan sync leave`"
                .into(),
        ));
    }
    let held = store.user_rows()?;
    if !held.is_empty() && !replace {
        let list: Vec<String> = held.iter().map(|(what, n)| format!("{what}: {n}")).collect();
        return Err(TransferError::Usage(format!(
            "this database already holds data of your own ({}); restore into a new one with --db NEW.sqlite3, or \
             add --replace to replace it (a copy of it is kept first)",
            list.join(", ")
        )));
    }
    let lines = vec![
        format!("A backup from {file}: {contents}."),
        if replace {
            "Restoring it replaces everything you created in this database.".into()
        } else {
            "Restoring it puts all of this into this database, which holds nothing of your own yet.".into()
        },
    ];
    Ok(Preview { lines, plan: Plan::Restore { file, path: path.to_path_buf(), contents, replace } })
}

/// Whether a file's text is JSON (an object or an array) rather than CSV.
fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start_matches('\u{feff}').trim_start().chars().next(), Some('{' | '['))
}

/// Why a backup file could not be read: the file itself (`io`, a message naming it), or what it
/// holds.
#[derive(Debug)]
struct ReadError {
    io: Option<String>,
    backup: PlanExportError,
}

/// Reads the backup at `path` row by row into `rows`, through a buffer: the file may be of any
/// size (each row and field has its limit).
fn read_backup(path: &Path, rows: &mut dyn Rows) -> Result<Contents, ReadError> {
    let name = printable(&path.display().to_string()).into_owned();
    let cannot = |e: io::Error| {
        let why = match e.kind() {
            io::ErrorKind::NotFound => "there is no such file".to_string(),
            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        ReadError { io: Some(format!("cannot read {name}: {why}")), backup: PlanExportError::Stopped }
    };
    let file = fs::File::open(path).map_err(cannot)?;
    if file.metadata().map_err(cannot)?.is_dir() {
        let message = format!("{name} is a folder; give the backup file");
        return Err(ReadError { io: Some(message), backup: PlanExportError::Stopped });
    }
    plan_export::read(file, SCHEMA_VERSION, rows)
        .map(|read| read.contents)
        .map_err(|backup| ReadError { io: None, backup })
}
