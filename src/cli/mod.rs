//! The command line: one file per group of subcommands. Commands call the store and the domain and
//! write plain text or JSON; they never touch the terminal UI.

mod about;
mod calendar;
mod confirm;
mod contacts;
mod demo;
mod export;
mod flags;
mod followups;
mod import;
mod log_file;
mod lookup;
mod maintenance;
mod mps;
mod org;
mod output;
mod paths;
mod proposals;
mod report;
mod review;
mod sync;
mod update;
mod when;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::domain::backups;
use crate::store::{Notice, Store, StoreError};
pub use log_file::{LogWriter, open as open_log};
pub use output::Terminal;
pub use paths::{config_path, default_db_path, log_path, screens_only_db};

/// An offline planner for NHS organisations building relationships with their local MPs.
#[derive(Debug, Parser)]
#[command(name = "mpplan", version, long_about = None, max_term_width = 100)]
#[command(about = "An offline planner for NHS organisations building relationships with their local MPs.\n\
    With no command, mpplan opens the screens (the terminal UI) on your database.")]
pub struct Cli {
    /// The database file [default: mpplan.sqlite3 in your data directory]
    #[arg(long, global = true, env = "MPPLAN_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Each subcommand's arguments are only built when that subcommand is the one given, or for help
/// and completions (`defer`): building all of them cost about 0.1 ms on every run. The groups of
/// subcommands (`org`, `proposal`, `export`…) defer their own subcommands' arguments the same
/// way, which took a further 0.3 million instructions off every command.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// List MPs, optionally searching names, constituencies and parties
    Mps(mps::MpsArgs),
    /// Show one MP's card: contact details, links and the seat's history
    Mp(mps::MpArgs),
    /// Find the constituencies (and MPs) for a postcode, sector or district
    Lookup(lookup::LookupArgs),
    /// Your organisation's details and sites
    #[command(subcommand)]
    Org(org::OrgCommand),
    /// Start (or resume) tracking the relationship with an MP's seat
    Track(mps::SeatArg),
    /// Stop tracking a seat; its history is kept and comes back if you track it again
    Untrack(mps::SeatArg),
    /// What kind of day a date is: sitting, recess, bank holiday… and why
    Day(calendar::DayArgs),
    /// Flag a time slot (clear, caution, conflict) without storing it
    Check(calendar::CheckArgs),
    /// Monday to Sunday of a week: each day's kind and its proposals with their flags
    Week(calendar::WeekArgs),
    /// The next clear slots for a meeting, Fridays and Saturdays first
    Slots(calendar::SlotsArgs),
    /// Propose a meeting, visit or event with an MP, flagged against the calendar
    Propose(proposals::ProposeArgs),
    /// List proposals with their flags
    Proposals(proposals::ProposalsArgs),
    /// Show, change the status of, move or delete one proposal
    #[command(subcommand)]
    Proposal(proposals::ProposalCommand),
    /// The daily review: conflicts, proposals, follow-ups, next steps, quiet relationships
    Agenda(review::AgendaArgs),
    /// Snooze a follow-up of the agenda, or mark it done, by its id (see `agenda --json`)
    #[command(subcommand)]
    Followup(followups::FollowUpCommand),
    /// A first-contact letter to an MP, in Markdown, with dates to meet
    Letter(review::LetterArgs),
    /// A brief for a meeting or visit with an MP, in Markdown
    Brief(review::BriefArgs),
    /// Log a contact with an MP: a letter, an email, a call, a meeting…
    Log(contacts::LogArgs),
    /// An MP's contact log, newest first
    History(contacts::HistoryArgs),
    /// How often to be in touch with an MP (days); the agenda says when a relationship goes quiet
    Cadence(contacts::CadenceArgs),
    /// An engagement's topics, cadence, constituency office address, background and notes
    #[command(subcommand)]
    Engagement(contacts::EngagementCommand),
    /// The calendar data: what it covers
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
    /// Recess periods: add your own (beyond the shipped data), list, remove
    #[command(subcommand)]
    Recess(calendar::RecessCommand),
    /// Sitting days of your own: a sitting Friday, a recall
    #[command(subcommand)]
    Sitting(calendar::SittingCommand),
    /// Write your data out: a JSON backup, calendar events (ICS), a spreadsheet (CSV) or an Excel workbook
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// A proposal as an invitation for the MP's diary (ICS), or its cancellation once it is cancelled
    Invite(export::InviteArgs),
    /// Bring data in: a JSON backup, newer MPs, calendar dates, proposals from a calendar file, contacts or
    /// proposals from a spreadsheet (CSV)
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// A report for the board: contacts, meetings, steps, follow-ups and press, per MP
    Report(report::ReportArgs),
    /// Copy the whole database into the backups folder beside it, or into --out FILE; or list the copies
    Backup(maintenance::BackupArgs),
    /// Replace the whole database with a copy made by `mpplan backup` (the current one is kept, damaged or not)
    Restore(maintenance::RestoreArgs),
    /// For the crash test: log COUNT letters, printing each id once it is committed
    #[command(hide = true)]
    Torture(maintenance::TortureArgs),
    /// Made-up data to look around (a few MPs, this week) or, with a size, years of it for timing
    Demo(demo::DemoArgs),
    /// Bring the MPs and the calendar up to date from Parliament's and GOV.UK's feeds
    Update(update::UpdateArgs),
    /// Version, database path, the data shipped and its licences
    About(JsonFlag),
    /// Share the plan with your team through your organisation's PostgreSQL: sync now, or init,
    /// join, status, conflicts, leave
    Sync(sync::SyncArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell)
    Completions(about::CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// A failure reported to the user as one line. `Usage` is something they typed (exit 2); `Runtime`
/// is the machine, the file system or the database (exit 1).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Runtime(String),
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The database file is damaged (`certain`), or is not an SQLite file, which is damage when
    /// good copies of it are kept beside it. The binary adds what to do, naming the newest good
    /// copy ([`damaged_line`]).
    #[error("{message}")]
    Damaged { message: String, certain: bool },
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Runtime(_) | CliError::Io(_) | CliError::Damaged { .. } => 1,
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> CliError {
        match e {
            e if e.is_user_error() => CliError::Usage(e.to_string()),
            e if e.is_damage() => CliError::Damaged { message: e.to_string(), certain: true },
            e @ StoreError::NotADatabase(_) => CliError::Damaged { message: e.to_string(), certain: false },
            e => CliError::Runtime(e.to_string()),
        }
    }
}

impl From<crate::shared::transfer::TransferError> for CliError {
    fn from(e: crate::shared::transfer::TransferError) -> CliError {
        use crate::shared::transfer::TransferError;
        match e {
            TransferError::Usage(m) => CliError::Usage(m),
            TransferError::Store(e) => e.into(),
            e @ (TransferError::Runtime(_) | TransferError::Exists(_)) => CliError::Runtime(e.to_string()),
        }
    }
}

impl From<crate::data::DataError> for CliError {
    fn from(e: crate::data::DataError) -> CliError {
        match e {
            crate::data::DataError::Store(e) => e.into(),
            e => CliError::Runtime(e.to_string()),
        }
    }
}

/// What every command runs with: the open store, the date in London, and where output goes.
pub struct Context<'a> {
    pub store: Store,
    pub db_path: PathBuf,
    pub today: NaiveDate,
    pub out: &'a mut dyn Write,
}

impl Command {
    /// Whether the command needs to know which database is meant (completions do not; the demo
    /// makes its own, never the default one).
    pub fn needs_db(&self) -> bool {
        !matches!(self, Command::Completions(_) | Command::Demo(_))
    }

    /// Whether the command needs the database opened for it. Restoring and listing the copies do
    /// not: they must work when the database is too damaged to open.
    pub fn needs_store(&self) -> bool {
        self.needs_db() && !matches!(self, Command::Restore(_)) && !matches!(self, Command::Backup(b) if b.list)
    }
}

/// Runs a command that needs the database's path but not the database opened: `restore` and
/// `backup --list`.
pub fn run_on_path(command: &Command, db: &Path, today: NaiveDate, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        Command::Restore(args) => maintenance::restore(args, db, today, out),
        Command::Backup(args) => maintenance::list(args, db, out),
        _ => unreachable!("only called for commands that need no store"),
    }
}

/// The one line telling the user that the database at `db` is damaged (`lead` says so, and what
/// was or was not done), naming the newest good copy and the command that restores it. `named` is
/// the database as given with --db or MPPLAN_DB (named in the command unless it is the default).
/// `short` is for the status line of the screens.
pub fn damaged_line(db: &Path, lead: &str, named: Option<&Path>, short: bool) -> String {
    let named =
        named.filter(|named| default_db_path().ok().as_deref() != Some(*named)).map(|p| p.display().to_string());
    let good = crate::store::newest_good_copy(db);
    let advice = if short {
        backups::short_advice(good.as_ref(), named.as_deref())
    } else {
        backups::advice(good.as_ref(), &crate::store::backups_dir(db).display().to_string(), named.as_deref())
    };
    format!("{lead}; {advice}")
}

/// An error about the database at `db` made into what the user should read: a damaged database
/// says what to do about it.
pub fn explain(e: CliError, db: &Path, named: Option<&Path>) -> CliError {
    match e {
        CliError::Damaged { message, certain } => {
            tracing::warn!(error = message, "the database is damaged");
            if !certain && crate::store::newest_good_copy(db).is_none() {
                return CliError::Runtime(message);
            }
            let lead = format!("the database {} is damaged", db.display());
            CliError::Runtime(damaged_line(db, &lead, named, false))
        }
        e => e,
    }
}

/// A notice about opening the database, as one line for the user: on the command line, or
/// (`screen`) on the status line of the screens.
pub fn notice_line(notice: &Notice, db: &Path, named: Option<&Path>, screen: bool) -> String {
    match notice {
        Notice::NotCopied { detail } => {
            tracing::warn!(detail, "the database is damaged; today's automatic backup was not made");
            let lead = match screen {
                true => "The database is damaged, so today's automatic backup was not made".to_string(),
                false => format!(
                    "the database {} is damaged, so today's automatic backup was not made (the earlier ones are all kept)",
                    db.display()
                ),
            };
            damaged_line(db, &lead, named, screen)
        }
    }
}

/// Runs a command that needs no database opened for it. `db` is --db (or MPPLAN_DB) as given.
pub fn run_without_store(
    command: &Command,
    db: Option<&Path>,
    today: fn() -> Result<NaiveDate, CliError>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        Command::Completions(args) => about::completions(args, out),
        Command::Demo(args) => demo::run(args, db, today()?, out),
        _ => unreachable!("only called for commands that need no store"),
    }
}

pub fn run(command: Command, ctx: &mut Context<'_>) -> Result<(), CliError> {
    match command {
        Command::Mps(args) => mps::list(ctx, &args),
        Command::Mp(args) => mps::show(ctx, &args),
        Command::Lookup(args) => lookup::run(ctx, &args),
        Command::Org(cmd) => org::run(ctx, cmd),
        Command::Track(seat) => mps::track(ctx, &seat),
        Command::Untrack(seat) => mps::untrack(ctx, &seat),
        Command::Day(args) => calendar::day(ctx, &args),
        Command::Check(args) => calendar::check(ctx, &args),
        Command::Week(args) => calendar::week(ctx, &args),
        Command::Slots(args) => calendar::slots(ctx, &args),
        Command::Propose(args) => proposals::propose(ctx, &args),
        Command::Proposals(args) => proposals::list(ctx, &args),
        Command::Proposal(cmd) => proposals::run(ctx, cmd),
        Command::Agenda(args) => review::agenda(ctx, &args),
        Command::Followup(cmd) => followups::run(ctx, &cmd),
        Command::Letter(args) => review::letter(ctx, &args),
        Command::Brief(args) => review::brief(ctx, &args),
        Command::Log(args) => contacts::log(ctx, &args),
        Command::History(args) => contacts::history(ctx, &args),
        Command::Cadence(args) => contacts::cadence(ctx, &args),
        Command::Engagement(cmd) => contacts::engagement(ctx, &cmd),
        Command::Calendar(calendar::CalendarCommand::Status(flag)) => calendar::status(ctx, flag.json),
        Command::Recess(cmd) => calendar::recess(ctx, cmd),
        Command::Sitting(cmd) => calendar::sitting(ctx, cmd),
        Command::Export(cmd) => export::run(ctx, &cmd),
        Command::Invite(args) => export::invite(ctx, &args),
        Command::Sync(args) => sync::run(ctx, args),
        Command::Import(cmd) => import::run(ctx, &cmd),
        Command::Report(args) => report::run(ctx, &args),
        Command::Backup(args) if args.list => maintenance::list(&args, &ctx.db_path, ctx.out),
        Command::Backup(args) => maintenance::backup(ctx, &args),
        Command::Restore(args) => maintenance::restore(&args, &ctx.db_path, ctx.today, ctx.out),
        Command::Torture(args) => maintenance::torture(ctx, &args),
        Command::Demo(args) => demo::run(&args, Some(&ctx.db_path), ctx.today, ctx.out),
        Command::Update(args) => update::run(ctx, &args),
        Command::About(flag) => about::about(ctx, flag.json),
        Command::Completions(args) => about::completions(&args, ctx.out),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// The arguments and commands of `command` (built, so that every deferred subcommand is
    /// there) and of its subcommands, hidden ones aside, that `--help` shows with no description.
    fn undescribed(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
            if arg.get_help().is_none_or(|help| help.to_string().trim().is_empty()) {
                missing.push(format!("{path} {}", arg.get_id()));
            }
        }
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set() && s.get_name() != "help") {
            if sub.get_about().is_none_or(|about| about.to_string().trim().is_empty()) {
                missing.push(format!("{path} {} (the command)", sub.get_name()));
            }
            undescribed(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }

    #[test]
    fn every_argument_in_help_has_a_description() {
        let mut missing = Vec::new();
        let mut cli = Cli::command();
        cli.build();
        assert!(
            cli.get_subcommands().count() > 30 && cli.find_subcommand("check").unwrap().get_arguments().count() > 4
        );
        undescribed(&cli, "mpplan", &mut missing);
        assert!(missing.is_empty(), "arguments with no description in --help: {missing:#?}");
    }

    #[test]
    fn the_walk_finds_an_argument_without_a_description() {
        let mut bare = clap::Command::new("x").subcommand(clap::Command::new("y").arg(clap::Arg::new("z").long("z")));
        bare.build();
        let mut missing = Vec::new();
        undescribed(&bare, "x", &mut missing);
        assert_eq!(missing, ["x y (the command)", "x y z"]);
    }

    #[test]
    fn the_help_says_that_mpplan_alone_opens_the_screens() {
        let help = Cli::command().render_help().to_string();
        assert!(help.contains("With no command, mpplan opens the screens"), "{help}");
    }
}
