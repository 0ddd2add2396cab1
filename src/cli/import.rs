//! `mpplan import json|mps|calendar|ics|csv`: data in. Every import is all or nothing: the whole file
//! is read and checked, the changes are shown, and then applied in one transaction (or, with
//! `--dry-run`, not at all). A file with any bad line changes nothing; the error lists the lines.
//! `import ics` is the exception: the events that cannot be imported are listed and the others come
//! in, unless `--strict`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::export::in_order;
use super::mps::resolve_seat;
use super::output::say;
use super::when::date;
use super::{CliError, Context};
use crate::domain::interchange::event_read::Window;
use crate::shared::transfer::{self, EventImport, Import};

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ImportCommand {
    /// Restore a JSON backup into an empty database (or replace this one's data with --replace)
    Json(JsonArgs),
    /// Newer MPs, from a CSV with the shipped file's columns or the DfE's MP look-up (mp_lookup.csv):
    /// shows the changes, then applies them
    Mps(PreviewArgs),
    /// Recess periods or sitting days, from a CSV in the shipped formats or an ICS file (Parliament's
    /// Egg Timer files included)
    Calendar(PreviewArgs),
    /// Proposals from an ICS calendar file, for one MP or the MPs its events name (events already
    /// imported are recognised; repeating events are imported within a window of days)
    Ics(IcsImportArgs),
    /// Past contacts (the contact log) or planned visits (proposals) from a spreadsheet saved as CSV,
    /// one a row; rows already there are recognised
    Csv(CsvImportArgs),
}

/// What a spreadsheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvImport {
    /// Contacts with MPs: columns for the MP (seat_code, seat or mp), date and kind, and optionally
    /// direction (to_mp or from_mp) and summary
    Contacts,
    /// Planned visits and meetings: columns for the MP (seat_code, seat or mp) and start, and
    /// optionally title, kind, place, end, attendees and status
    Proposals,
}

#[derive(Debug, Args)]
pub struct CsvImportArgs {
    /// What the spreadsheet holds
    #[arg(value_enum)]
    pub what: CsvImport,
    /// The CSV file (UTF-8, with or without a byte order mark; in Excel: "CSV UTF-8"). Columns are
    /// matched by name in any case, as `mpplan export csv` writes them or as you named them
    pub file: PathBuf,
    /// Show what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
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
    /// The MP the events are with (needed unless every event names its own, as mpplan's export does)
    #[arg(long)]
    pub mp: Option<String>,
    /// Import the times of repeating events from this day (default: today)
    #[arg(long)]
    pub from: Option<String>,
    /// … to this day (default: a year after --from)
    #[arg(long)]
    pub until: Option<String>,
    /// Refuse the whole file if any event cannot be imported (by default the others come in)
    #[arg(long)]
    pub strict: bool,
    /// Show what would change, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(ctx: &mut Context<'_>, cmd: &ImportCommand) -> Result<(), CliError> {
    match cmd {
        ImportCommand::Json(args) => restore_json(ctx, args),
        ImportCommand::Mps(args) => import(ctx, &Import::Mps, &args.file, args.dry_run),
        ImportCommand::Calendar(args) => import(ctx, &Import::Calendar, &args.file, args.dry_run),
        ImportCommand::Ics(args) => {
            let seat = args.mp.as_deref().map(|mp| resolve_seat(&ctx.store, mp)).transpose()?;
            let from = args.from.as_deref().map(|d| date(d, ctx.today)).transpose()?.unwrap_or(ctx.today);
            let window = match args.until.as_deref().map(|d| date(d, ctx.today)).transpose()? {
                Some(until) => {
                    in_order(from, until)?;
                    Window { from, until }
                }
                None => Window::from_today(from),
            };
            let what = Import::Events(EventImport { seat, window, strict: args.strict });
            import(ctx, &what, &args.file, args.dry_run)
        }
        ImportCommand::Csv(args) => {
            let what = match args.what {
                CsvImport::Contacts => Import::Contacts,
                CsvImport::Proposals => Import::Proposals,
            };
            import(ctx, &what, &args.file, args.dry_run)
        }
    }
}

/// Prints the preview, then applies it unless this is a dry run (or there is nothing to do).
fn import(ctx: &mut Context<'_>, what: &Import, file: &Path, dry_run: bool) -> Result<(), CliError> {
    let preview = transfer::preview(&ctx.store, what, file, ctx.today)?;
    for line in &preview.lines {
        say(ctx.out, line)?;
    }
    match (preview.plan.changes_anything(), dry_run) {
        (false, _) => Ok(()),
        (true, true) => say(ctx.out, "Dry run: nothing was changed; run it again without --dry-run to import."),
        (true, false) => {
            for line in transfer::apply(&mut ctx.store, &preview.plan, ctx.today)? {
                say(ctx.out, &line)?;
            }
            Ok(())
        }
    }
}

/// `import json`: restores a JSON export; with `--replace`, a copy of the database is kept first (and deleted again
/// if the file is refused after all, since then nothing changed).
fn restore_json(ctx: &mut Context<'_>, args: &JsonArgs) -> Result<(), CliError> {
    let preview = transfer::preview(&ctx.store, &Import::Json { replace: args.replace }, &args.file, ctx.today)?;
    for line in transfer::apply_keeping_copy(&mut ctx.store, &preview.plan, ctx.today)? {
        say(ctx.out, &line)?;
    }
    Ok(())
}
