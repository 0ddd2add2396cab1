//! `mpplan report`: a summary for the board.

use clap::Args;

use super::export::{deliver_export, in_order, period};
use super::review::OutputArgs;
use super::{CliError, Context};
use crate::shared::transfer::{self, Export, ReportFormat};

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
    pub format: ReportFormat,
    /// With --format csv, for Excel: UTF-8 with a byte order mark and CRLF line ends
    #[arg(long)]
    pub excel: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(ctx: &mut Context<'_>, args: &ReportArgs) -> Result<(), CliError> {
    let (from, to) = period(args.from.as_deref(), args.to.as_deref(), ctx.today)?;
    let (from, to) = transfer::report_period(from, to, ctx.today);
    in_order(from, to)?;
    let format = match (args.format, args.excel) {
        (ReportFormat::Csv, true) => ReportFormat::ExcelCsv,
        (ReportFormat::Md, true) => {
            return Err(CliError::Usage("--excel is for CSV: add --format csv".into()));
        }
        (format, _) => format,
    };
    deliver_export(ctx, Export::Report { from, to, format }, &args.output)
}
