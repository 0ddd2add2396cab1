//! `mpplan report`: a summary for the board.

use chrono::Months;
use clap::{Args, ValueEnum};

use super::export::{in_order, period};
use super::review::{OutputArgs, deliver};
use super::{CliError, Context};
use crate::compose;
use crate::domain::report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Md,
    Csv,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// From this date [default: a year ago]
    #[arg(long)]
    pub from: Option<String>,
    /// Up to and including this date [default: today]
    #[arg(long)]
    pub to: Option<String>,
    /// Markdown for a board paper, or CSV for a spreadsheet
    #[arg(long, value_enum, default_value = "md")]
    pub format: Format,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(ctx: &mut Context<'_>, args: &ReportArgs) -> Result<(), CliError> {
    let (from, to) = period(args.from.as_deref(), args.to.as_deref(), ctx.today)?;
    let to = to.unwrap_or(ctx.today);
    let from = match from {
        Some(from) => from,
        None => to.checked_sub_months(Months::new(12)).unwrap_or(to),
    };
    in_order(from, to)?;
    let facts = ctx.store.engagement_facts()?;
    let name = ctx.store.organisation()?.name;
    let report = report::report(&name, from, to, ctx.today, &facts, &compose::settings(&ctx.store)?);
    let text = match args.format {
        Format::Md => report::markdown(&report),
        Format::Csv => report::sheet(&report).to_csv()?,
    };
    deliver(ctx, &text, &args.output, "report")
}
