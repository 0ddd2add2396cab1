//! `mpplan export json|ics|csv|xlsx|vcard`: the user's data out, for a backup, a calendar, a
//! spreadsheet or an address book; and `mpplan invite`, one proposal as an invitation for the MP's
//! diary.

use std::io::{self, Write};

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::output::say;
use super::review::{OutputArgs, deliver, exists};
use super::when::date;
use super::{CliError, Context};
use crate::domain::text::printable;
use crate::shared::invite;
use crate::shared::transfer::{self, Export, Table};

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ExportCommand {
    /// Everything you created, as a JSON backup (restore it with `mpplan import json`)
    Json(OutputArgs),
    /// Proposals as calendar events (RFC 5545), for Outlook, Google or Apple calendars
    Ics(IcsArgs),
    /// Proposals, contacts or engagements as a spreadsheet (CSV with a header row)
    Csv(CsvArgs),
    /// Proposals, contacts, engagements and the board report as the sheets of one Excel workbook,
    /// with real date cells (to a file: --out FILE.xlsx)
    Xlsx(XlsxArgs),
    /// MPs as contact cards (vCard 3.0), for an address book
    Vcard(VcardArgs),
}

#[derive(Debug, Args)]
pub struct VcardArgs {
    /// Only the MPs of the seats your organisation tracks
    #[arg(long)]
    pub tracked: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct IcsArgs {
    /// Only proposals starting on or after this date
    #[arg(long)]
    pub from: Option<String>,
    /// Only proposals starting on or before this date
    #[arg(long)]
    pub to: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct InviteArgs {
    /// The proposal's id (as `mpplan proposals` lists it)
    pub id: i64,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct CsvArgs {
    /// What to export
    #[arg(value_enum)]
    pub table: Table,
    /// For Excel: UTF-8 with a byte order mark and CRLF line ends, so that accented names show rightly
    #[arg(long)]
    pub excel: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct XlsxArgs {
    /// The board report's sheet from this date [default: a year before --to]
    #[arg(long)]
    pub from: Option<String>,
    /// The board report's sheet up to and including this date [default: today]
    #[arg(long)]
    pub to: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(ctx: &mut Context<'_>, cmd: &ExportCommand) -> Result<(), CliError> {
    match cmd {
        ExportCommand::Json(args) => deliver_export(ctx, Export::Json, args),
        ExportCommand::Ics(args) => {
            let (from, to) = period(args.from.as_deref(), args.to.as_deref(), ctx.today)?;
            deliver_export(ctx, Export::Ics { from, to }, &args.output)
        }
        ExportCommand::Csv(args) => {
            let export = if args.excel { Export::ExcelCsv(args.table) } else { Export::Csv(args.table) };
            deliver_export(ctx, export, &args.output)
        }
        ExportCommand::Xlsx(args) => {
            let (from, to) = period(args.from.as_deref(), args.to.as_deref(), ctx.today)?;
            let (from, to) = transfer::report_period(from, to, ctx.today);
            in_order(from, to)?;
            deliver_export(ctx, Export::Xlsx { from, to }, &args.output)
        }
        ExportCommand::Vcard(args) => deliver_export(ctx, Export::Vcard { tracked: args.tracked }, &args.output),
    }
}

/// `mpplan invite`: the invitation to a proposal (or, once it is cancelled, its cancellation),
/// printed or written to `--out`, with what to do with it. Printed, the file is all that goes to
/// the output; a cancellation says so on the error stream.
pub fn invite(ctx: &mut Context<'_>, args: &InviteArgs) -> Result<(), CliError> {
    let made = invite::invite(&ctx.store, args.id)?;
    let p = &made.proposal;
    let to = &made.invitation.attendee;
    let Some((path, force)) = args.output.file() else {
        if made.cancels() {
            let note = format!("#{} {} is cancelled: this is its cancellation (METHOD:CANCEL)", p.id, p.label());
            let _ = writeln!(io::stderr().lock(), "note: {}", printable(&note));
        }
        ctx.out.write_all(made.text.as_bytes())?;
        return Ok(());
    };
    transfer::write(path, &made.text, force).map_err(exists)?;
    let (what, so) = if made.cancels() {
        ("cancellation", "takes it out of their diary")
    } else {
        ("invitation", "puts it in their diary")
    };
    say(
        ctx.out,
        &format!(
            "The {what} for #{} {} is in {}: attach it to an email to {} ({}); opening it {so}.",
            p.id,
            p.label(),
            path.display(),
            to.name,
            to.email
        ),
    )?;
    if made.cancels() {
        say(ctx.out, &format!("#{} is cancelled, so this cancels the event sent before.", p.id))?;
    }
    Ok(())
}

/// Prints the export, or writes it to `--out`. A JSON backup is written as the database is read,
/// never whole in memory; a workbook is binary, and only ever written to a file.
pub(super) fn deliver_export(ctx: &mut Context<'_>, export: Export, output: &OutputArgs) -> Result<(), CliError> {
    if export.is_binary() && output.file().is_none() {
        return Err(CliError::Usage(format!(
            "a {} is binary and is not printed; write it to a file with --out FILE.xlsx",
            export.what()
        )));
    }
    if export != Export::Json && !export.is_binary() {
        let text = export.text(&ctx.store, ctx.today)?;
        return deliver(ctx, &text, output, export.what());
    }
    match output.file() {
        None => Ok(export.write_to(&ctx.store, ctx.today, ctx.out, "the output")?),
        Some((path, force)) => {
            transfer::export_to_file(&ctx.store, export, ctx.today, path, force).map_err(exists)?;
            say(ctx.out, &format!("The {} is in {}.", export.what(), path.display()))
        }
    }
}

/// Reads `--from` and `--to`, refusing a period that ends before it starts.
pub(super) fn period(
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), CliError> {
    let from = from.map(|d| date(d, today)).transpose()?;
    let to = to.map(|d| date(d, today)).transpose()?;
    if let (Some(from), Some(to)) = (from, to) {
        in_order(from, to)?;
    }
    Ok((from, to))
}

/// Refuses a period from `from` to `to` that ends before it starts.
pub(super) fn in_order(from: NaiveDate, to: NaiveDate) -> Result<(), CliError> {
    if to < from {
        return Err(CliError::Usage(format!(
            "the period ends ({to}) before it starts ({from}); check --from and --to"
        )));
    }
    Ok(())
}
