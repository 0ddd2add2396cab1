//! `mpplan import json|mps|calendar|ics`: data in. Every import is all or nothing: the whole file
//! is read and checked, the changes are shown, and then applied in one transaction (or, with
//! `--dry-run`, not at all). A file with any bad line changes nothing; the error lists the lines.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::mps::{describe, resolve_seat};
use super::output::{count, say};
use super::when::{flag_text, slot_text};
use super::{CliError, Context};
use crate::domain::calendar::{CalendarData, DEFAULT_HOURS, Flag};
use crate::domain::calendar_import;
use crate::domain::event_import::{self, EventAction, EventProposal};
use crate::domain::import_file::{ImportError, MAX_IMPORT_BYTES, check_size, decode};
use crate::domain::model::TrackOutcome;
use crate::domain::mp_changes::{self, MpChange};
use crate::domain::text::printable;
use crate::store::MpFilter;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Restore a JSON backup into an empty database (or replace this one's data with --replace)
    Json(JsonArgs),
    /// Newer MPs, from a CSV with the shipped file's columns: shows the changes, then applies them
    Mps(PreviewArgs),
    /// Recess periods or sitting days, from a CSV in the shipped formats or an ICS file
    Calendar(PreviewArgs),
    /// Proposals for one MP from an ICS calendar file (events already imported are recognised)
    Ics(IcsImportArgs),
}

#[derive(Debug, Args)]
pub struct JsonArgs {
    /// The backup file
    pub file: PathBuf,
    /// Replace everything you created in this database (a backup of it is written first)
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// The file to import
    pub file: PathBuf,
    /// Show what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct IcsImportArgs {
    /// The calendar file
    pub file: PathBuf,
    /// The MP the events are with
    #[arg(long)]
    pub mp: String,
    /// Show what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(ctx: &mut Context<'_>, cmd: &ImportCommand) -> Result<(), CliError> {
    match cmd {
        ImportCommand::Json(args) => super::backup::restore(ctx, args),
        ImportCommand::Mps(args) => mps(ctx, args),
        ImportCommand::Calendar(args) => calendar(ctx, args),
        ImportCommand::Ics(args) => ics(ctx, args),
    }
}

impl From<ImportError> for CliError {
    fn from(e: ImportError) -> CliError {
        CliError::Runtime(printable(&e.to_string()).into_owned())
    }
}

/// A file's name (safe to print) and its text: refused over 50 MB before it is read, then checked
/// for its encoding, with any byte order mark and Windows line endings taken care of.
pub(super) fn read_text(path: &Path) -> Result<(String, String), CliError> {
    let name = printable(&path.display().to_string()).into_owned();
    let cannot = |e: io::Error| {
        let why = match e.kind() {
            io::ErrorKind::NotFound => "there is no such file".to_string(),
            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        CliError::Runtime(format!("cannot read {name}: {why}"))
    };
    let meta = fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(CliError::Runtime(format!("{name} is a folder; give the file to import")));
    }
    check_size(&name, meta.len())?;
    let mut bytes = Vec::new();
    fs::File::open(path).map_err(cannot)?.take(MAX_IMPORT_BYTES + 1).read_to_end(&mut bytes).map_err(cannot)?;
    let text = decode(&name, &bytes)?;
    Ok((name, text))
}

/// Prints the preview, then applies it unless this is a dry run (or there is nothing to do).
fn preview_then(
    ctx: &mut Context<'_>,
    lines: &[String],
    changes: bool,
    dry_run: bool,
    apply: impl FnOnce(&mut Context<'_>) -> Result<(), CliError>,
) -> Result<(), CliError> {
    for line in lines {
        say(ctx.out, line)?;
    }
    match (changes, dry_run) {
        (false, _) => Ok(()),
        (true, true) => say(ctx.out, "Dry run: nothing was changed; run it again without --dry-run to import."),
        (true, false) => apply(ctx),
    }
}

fn mps(ctx: &mut Context<'_>, args: &PreviewArgs) -> Result<(), CliError> {
    let (name, text) = read_text(&args.file)?;
    let plan = mp_changes::plan(&name, &text, &ctx.store.seats_now()?)?;
    let mut lines = vec![format!("MPs from {name}:")];
    lines.extend(plan.lines());
    preview_then(ctx, &lines, !plan.changes.is_empty(), args.dry_run, |ctx| {
        ctx.store.apply_mp_changes(&plan.changes, ctx.today)?;
        say(ctx.out, &format!("Imported: {} applied.", count(plan.changes.len(), "change", "changes")))?;
        let tracked = ctx.store.list_mps(&MpFilter { tracked_only: true, ..MpFilter::default() })?;
        for change in &plan.changes {
            if let MpChange::NewHolder { code, seat, after: Some(mp), .. } = change
                && tracked.iter().any(|t| &t.constituency_code == code)
            {
                let line = format!("{seat} is tracked: the agenda now suggests introducing yourselves to {}.", mp.name);
                say(ctx.out, &line)?;
            }
        }
        Ok(())
    })
}

fn calendar(ctx: &mut Context<'_>, args: &PreviewArgs) -> Result<(), CliError> {
    let (name, text) = read_text(&args.file)?;
    let file = calendar_import::read(&name, &text)?;
    let (recesses, sitting_days) = ctx.store.calendar_entries()?;
    let plan = calendar_import::plan(file, &recesses, &sitting_days);
    let mut lines = vec![format!("Calendar dates from {name}:")];
    lines.extend(plan.lines());
    preview_then(ctx, &lines, !plan.is_empty(), args.dry_run, |ctx| {
        ctx.store.apply_calendar_import(&plan)?;
        say(ctx.out, "Imported.")?;
        if let Some((_, last)) = ctx.store.calendar()?.sitting_range().filter(|_| !plan.add_sitting_days.is_empty()) {
            say(ctx.out, &format!("The sitting-day data now runs to {}.", last.format("%A %-d %B %Y")))?;
        }
        Ok(())
    })
}

fn ics(ctx: &mut Context<'_>, args: &IcsImportArgs) -> Result<(), CliError> {
    let seat = resolve_seat(&ctx.store, &args.mp)?;
    let (name, text) = read_text(&args.file)?;
    let plan = event_import::plan(&name, &text, &seat.code, &ctx.store.known_proposals()?)?;
    let cal = ctx.store.calendar()?;
    let mut lines = vec![format!("Events from {name}, as proposals for {}:", describe(&seat))];
    for action in &plan.actions {
        lines.extend(match action {
            EventAction::Add(event) => event_lines("Add", event, &cal),
            EventAction::Update { before, event } => {
                let mut shown = event_lines(&format!("Update #{}", before.id), event, &cal);
                shown.push(format!("    (was {}, {})", before.label(), slot_text(before.start, before.end)));
                shown
            }
            EventAction::Unchanged { before } => vec![format!(
                "  Already imported: #{} {}, {}",
                before.id,
                before.label(),
                slot_text(before.start, before.end)
            )],
        });
    }
    lines.extend(plan.left_out.iter().map(|l| format!("  Left out: {l}")));
    let adds = plan.count(|a| matches!(a, EventAction::Add(_)));
    let updates = plan.count(|a| matches!(a, EventAction::Update { .. }));
    let same = plan.actions.len() - adds - updates;
    lines.push(match adds + updates {
        0 => format!("No changes: the {} already imported as they are.", count(same, "event is", "events are")),
        _ => format!("{adds} to add, {updates} to update, {same} already imported."),
    });
    preview_then(ctx, &lines, adds + updates > 0, args.dry_run, |ctx| {
        let outcome = ctx.store.apply_event_import(&seat.code, &plan, ctx.today)?;
        say(ctx.out, &format!("Imported: {adds} added, {updates} updated."))?;
        match outcome {
            TrackOutcome::Started => say(ctx.out, &format!("Now tracking {}.", describe(&seat))),
            TrackOutcome::Resumed => say(ctx.out, &format!("Tracking {} again.", describe(&seat))),
            TrackOutcome::AlreadyTracked => Ok(()),
        }
    })
}

/// "  Add: Fri 8 Jan 2027 10:00–11:30, visit: Ward visit at Main hospital (✓ clear)", and the
/// reason on a second line when the slot is not clear.
fn event_lines(verb: &str, event: &EventProposal, cal: &CalendarData) -> Vec<String> {
    let p = &event.proposal;
    let title = if p.title.is_empty() { "(no title)" } else { p.title.as_str() };
    let place = if p.place.is_empty() { String::new() } else { format!(" at {}", p.place) };
    let flag = cal.classify_slot(p.start, p.end, p.kind, &DEFAULT_HOURS);
    let mut lines =
        vec![format!("  {verb}: {}, {}: {title}{place} ({})", slot_text(p.start, p.end), p.kind, flag_text(flag.flag))];
    if flag.flag != Flag::Clear {
        lines.push(format!("    {}", flag.reason()));
    }
    lines
}
