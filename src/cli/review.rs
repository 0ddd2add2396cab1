//! `mpplan agenda`, `mpplan letter` and `mpplan brief`: the daily review and the paperwork.

use std::path::{Path, PathBuf};

use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};

use super::mps::resolve_seat;
use super::output::{json, say};
use super::when::date;
use super::{CliError, Context};
use crate::domain::engagement::agenda_text::agenda_text;
use crate::domain::paperwork::letter::{self, Destination};
use crate::shared::compose::{self, ComposeError};
use crate::shared::transfer::{self, TransferError};

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// The day to review [default: today]
    #[arg(long)]
    date: Option<String>,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct LetterArgs {
    /// The MP: an ONS code, a member id, or part of a constituency or MP name
    mp: String,
    /// Where to send it [default: the constituency office when its address is stored, else
    /// westminster]
    #[arg(long, value_enum)]
    to: Option<Destination>,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct BriefArgs {
    /// The MP: an ONS code, a member id, or part of a constituency or MP name
    mp: String,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Write to this file instead of printing
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace the file if it exists
    #[arg(long, requires = "out")]
    force: bool,
}

/// `--to westminster` or `--to constituency`, each with what it means in `--help`.
impl ValueEnum for Destination {
    fn value_variants<'a>() -> &'a [Self] {
        &[Destination::Westminster, Destination::Constituency]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Destination::Westminster => PossibleValue::new("westminster").help("House of Commons, London SW1A 0AA"),
            Destination::Constituency => {
                PossibleValue::new("constituency").help("The constituency office address stored for the engagement")
            }
        })
    }
}

impl From<ComposeError> for CliError {
    fn from(e: ComposeError) -> CliError {
        match e {
            ComposeError::Store(e) => e.into(),
            ComposeError::Invalid(m) => CliError::Usage(m),
            // A bad template is a bad file, like any other (exit 1).
            e @ ComposeError::Template { .. } => CliError::Runtime(e.to_string()),
        }
    }
}

pub fn agenda(ctx: &mut Context<'_>, args: &AgendaArgs) -> Result<(), CliError> {
    let day = match &args.date {
        Some(d) => date(d, ctx.today)?,
        None => ctx.today,
    };
    // The agenda reads every engagement and weeks of proposals: pages from all over the file.
    ctx.store.read_by_copying()?;
    let agenda = compose::agenda(&ctx.store, day)?;
    if args.json {
        return json(ctx.out, &agenda);
    }
    // Every piece of text from the data in the lines is made printable as it is written, so the
    // text goes out whole, through the one writer that escapes anything else.
    ctx.out.write_all(agenda_text(&agenda).as_bytes())?;
    // The command ends here, and the process with it: the system takes back the agenda's memory at
    // once, where freeing its many small pieces one by one was a twentieth of the command's work.
    std::mem::forget(agenda);
    Ok(())
}

pub fn letter(ctx: &mut Context<'_>, args: &LetterArgs) -> Result<(), CliError> {
    let seat = resolve_seat(&ctx.store, &args.mp)?;
    let template = template()?;
    let text = compose::letter(
        &ctx.store,
        &seat.code,
        args.to,
        ctx.today,
        template.as_ref().map(|(path, text)| (path.as_str(), text.as_str())),
    )?;
    deliver(ctx, &text, &args.output, "letter")?;
    if args.output.out.is_some() {
        drafted(ctx, &seat.code, &seat.constituency)?;
    }
    Ok(())
}

/// A letter written to a file is the first letter drafted: item 2.1 of a tracked seat is ticked
/// when it is not done yet, as writing the letter from the MP detail screen does, and this says so.
fn drafted(ctx: &mut Context<'_>, code: &str, seat: &str) -> Result<(), CliError> {
    let item = ctx.store.checklist(code)?.into_iter().find(|e| e.key == letter::DRAFTED);
    let Some(after) = item.and_then(|entry| letter::drafted(&entry, ctx.today)) else { return Ok(()) };
    ctx.store.set_checklist_entry(code, &after)?;
    say(ctx.out, &format!("Checklist {} (first letter drafted) ticked for {seat}.", letter::DRAFTED))
}

pub fn brief(ctx: &mut Context<'_>, args: &BriefArgs) -> Result<(), CliError> {
    let seat = resolve_seat(&ctx.store, &args.mp)?;
    let text = compose::brief(&ctx.store, &seat.code, ctx.today)?;
    deliver(ctx, &text, &args.output, "brief")
}

/// The user's own letter template, `letter.md` beside config.toml, if there is one.
fn template() -> Result<Option<(String, String)>, CliError> {
    match super::config_path().as_deref().and_then(std::path::Path::parent) {
        Some(dir) => Ok(compose::user_template(dir)?),
        None => Ok(None),
    }
}

/// Prints the document, or writes it to `--out` (never over an existing file without `--force`).
pub(super) fn deliver(ctx: &mut Context<'_>, text: &str, output: &OutputArgs, what: &str) -> Result<(), CliError> {
    let Some(path) = &output.out else {
        ctx.out.write_all(text.as_bytes())?;
        if !text.ends_with('\n') {
            writeln!(ctx.out)?;
        }
        return Ok(());
    };
    write_file(path, text, output.force)?;
    say(ctx.out, &format!("The {what} is in {}.", path.display()))
}

fn write_file(path: &Path, text: &str, force: bool) -> Result<(), CliError> {
    transfer::write(path, text, force).map_err(exists)
}

/// A file to write that exists already is something to choose again (exit code 2).
pub(super) fn exists(e: TransferError) -> CliError {
    match e {
        TransferError::Exists(path) => CliError::Usage(format!(
            "{} already exists; choose another file or add --force to replace it",
            path.display()
        )),
        e => e.into(),
    }
}

impl OutputArgs {
    /// `--out` and whether `--force` was given with it.
    pub(super) fn file(&self) -> Option<(&Path, bool)> {
        self.out.as_deref().map(|path| (path, self.force))
    }
}
