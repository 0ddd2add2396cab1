//! `mpplan backup` and `mpplan restore`: copies of the whole database, made and restored with
//! SQLite's online backup API; and a hidden write loop that the crash test kills at random.

use std::path::PathBuf;

use clap::Args;

use super::confirm::confirm;
use super::output::say;
use super::{CliError, Context};
use crate::domain::contact::{Direction, InteractionKind};
use crate::store::NewInteraction;

/// The seat the hidden `torture` write loop logs its contacts with (Leeds South).
const TORTURE_SEAT: &str = "E14001323";

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy [default: a new file in the backups folder beside the database]
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace FILE if it already exists
    #[arg(long, requires = "out")]
    force: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A copy made by `mpplan backup` (or an automatic one from the backups folder)
    file: PathBuf,
    /// Do not ask first (needed when not run from a terminal)
    #[arg(long)]
    yes: bool,
}

#[derive(Debug, Args)]
pub struct TortureArgs {
    /// How many contacts to log
    count: u64,
}

pub fn backup(ctx: &mut Context<'_>, args: &BackupArgs) -> Result<(), CliError> {
    if let Some(out) = args.out.as_deref().filter(|out| !args.force && out.symlink_metadata().is_ok()) {
        return Err(CliError::Usage(format!(
            "{} already exists; choose another file or add --force to replace it",
            out.display()
        )));
    }
    let path = ctx.store.save_copy(args.out.as_deref(), args.force)?;
    say(ctx.out, &format!("A copy of the database is in {}.", path.display()))?;
    say(ctx.out, &format!("Restore it with `mpplan restore {}`.", path.display()))
}

/// Checks the file, asks (unless `--yes`), then replaces the database with it.
pub fn restore(ctx: &mut Context<'_>, args: &RestoreArgs) -> Result<(), CliError> {
    ctx.store.check_restorable(&args.file)?;
    let question = format!(
        "Replace everything in {} with {}? (a copy of the database as it is now is kept) [y/N] ",
        ctx.db_path.display(),
        args.file.display()
    );
    if !args.yes && !confirm(ctx.out, &question)? {
        return say(ctx.out, "Nothing was changed.");
    }
    let kept = ctx.store.restore_from(&args.file)?;
    crate::data::ensure_loaded(&mut ctx.store)?;
    say(ctx.out, &format!("Restored the database from {}.", args.file.display()))?;
    say(ctx.out, &format!("The database as it was is kept in {}.", kept.display()))
}

/// For the crash test: logs `count` letters to one MP, printing each one's id (and flushing) only
/// once its transaction has committed.
pub fn torture(ctx: &mut Context<'_>, args: &TortureArgs) -> Result<(), CliError> {
    for n in 1..=args.count {
        let letter = NewInteraction {
            kind: InteractionKind::Letter,
            direction: Direction::ToMp,
            on: ctx.today,
            summary: format!("write {n}"),
        };
        let logged = ctx.store.log_interaction(TORTURE_SEAT, &letter, ctx.today)?;
        writeln!(ctx.out, "{}", logged.interaction.id)?;
        ctx.out.flush()?;
    }
    Ok(())
}
