//! `mpplan export json|ics|csv`: the user's data out, for a backup, a calendar or a spreadsheet.

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use super::review::{OutputArgs, deliver};
use super::when::date;
use super::{CliError, Context};
use crate::compose;
use crate::domain::agenda::FlaggedProposal;
use crate::domain::ics::{self, Event};
use crate::domain::proposal::ProposalFilter;
use crate::domain::sheet;

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Everything you created, as a JSON backup (restore it with `mpplan import json`)
    Json(OutputArgs),
    /// Proposals as calendar events (RFC 5545), for Outlook, Google or Apple calendars
    Ics(IcsArgs),
    /// Proposals, contacts or engagements as a spreadsheet (CSV with a header row)
    Csv(CsvArgs),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Table {
    Proposals,
    Interactions,
    Engagements,
}

#[derive(Debug, Args)]
pub struct CsvArgs {
    /// What to export
    #[arg(value_enum)]
    pub table: Table,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The product named in calendar files.
const PRODID: &str = concat!("-//mpplan//mpplan ", env!("CARGO_PKG_VERSION"), "//EN");

pub fn run(ctx: &mut Context<'_>, cmd: &ExportCommand) -> Result<(), CliError> {
    match cmd {
        ExportCommand::Json(args) => super::backup::export(ctx, args),
        ExportCommand::Ics(args) => calendar(ctx, args),
        ExportCommand::Csv(args) => spreadsheet(ctx, args),
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

/// Every proposal matching `filter`, flagged against the calendar as it is now.
fn flagged(ctx: &Context<'_>, filter: &ProposalFilter) -> Result<Vec<FlaggedProposal>, CliError> {
    let calendar = ctx.store.calendar()?;
    Ok(ctx.store.proposals(filter)?.iter().map(|p| FlaggedProposal::classify(p, &calendar)).collect())
}

fn calendar(ctx: &mut Context<'_>, args: &IcsArgs) -> Result<(), CliError> {
    let (from, to) = period(args.from.as_deref(), args.to.as_deref(), ctx.today)?;
    let proposals = flagged(ctx, &ProposalFilter { from, to, ..Default::default() })?;
    let provenance = ctx.store.proposal_provenance()?;
    let events: Vec<Event> =
        proposals.iter().filter_map(|f| provenance.get(&f.proposal.uuid).map(|p| Event::from_proposal(f, p))).collect();
    deliver(ctx, &ics::calendar(PRODID, &events), &args.output, "calendar")
}

fn spreadsheet(ctx: &mut Context<'_>, args: &CsvArgs) -> Result<(), CliError> {
    let sheet = match args.table {
        Table::Proposals => sheet::proposals(&flagged(ctx, &ProposalFilter::default())?),
        Table::Interactions => sheet::interactions(&ctx.store.engagement_facts()?),
        Table::Engagements => {
            let facts = ctx.store.engagement_facts()?;
            let mut info = Vec::with_capacity(facts.len());
            for f in &facts {
                info.push(ctx.store.engagement(&f.code)?.unwrap_or_default());
            }
            sheet::engagements(&facts, &info, ctx.today, &compose::settings(&ctx.store)?)
        }
    };
    deliver(ctx, &sheet.to_csv()?, &args.output, "spreadsheet")
}
