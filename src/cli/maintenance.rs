//! `mpplan backup` and `mpplan restore`: copies of the whole database, made and restored with
//! SQLite's online backup API; and a hidden write loop that the crash test kills at random.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::confirm::confirm;
use super::output::{self, Table, say};
use super::{CliError, Context};
use crate::domain::engagement::contact::{Direction, InteractionKind, NewInteraction};
use crate::store::{self, CopyInfo, Replaced};

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
    /// List the copies in the backups folder: when each was made, its size, its kind, and whether
    /// it passed its check
    #[arg(long, conflicts_with_all = ["out", "force"])]
    pub list: bool,
    /// With --list: print JSON instead of text
    #[arg(long, requires = "list")]
    json: bool,
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

/// One copy in the backups folder, as `backup --list --json` prints it.
#[derive(Serialize)]
struct ListedCopy {
    file: String,
    /// When it was made, London time.
    made: String,
    size: u64,
    kind: &'static str,
    /// Why it was made, when its name says ("before a restore"…).
    reason: Option<&'static str>,
    /// Whether it passed its check (integrity_check and foreign_key_check) when it was made.
    verified: bool,
}

impl From<&CopyInfo> for ListedCopy {
    fn from(c: &CopyInfo) -> ListedCopy {
        ListedCopy {
            file: c.path.display().to_string(),
            made: c.name.made.format("%Y-%m-%dT%H:%M:%S").to_string(),
            size: c.size,
            kind: c.name.kind.describe(),
            reason: c.name.reason,
            verified: c.verified,
        }
    }
}

/// `backup --list`: every copy of the database in the backups folder, newest first. The database
/// itself is not opened, so this works when it is damaged.
pub fn list(args: &BackupArgs, db: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let copies = store::list_copies(db)?;
    if args.json {
        return output::json(out, &copies.iter().map(ListedCopy::from).collect::<Vec<_>>());
    }
    let dir = store::backups_dir(db);
    if copies.is_empty() {
        return say(out, &format!("There are no copies in {} yet; `mpplan backup` makes one.", dir.display()));
    }
    say(out, &format!("Copies of {} in {}, newest first:", db.display(), dir.display()))?;
    let mut table = Table::new(&["MADE", "SIZE", "KIND", "CHECKED", "FILE"]);
    for c in &copies {
        let kind = match c.name.reason {
            Some(reason) => format!("{}, {reason}", c.name.kind.describe()),
            None => c.name.kind.describe().to_string(),
        };
        let checked = if c.verified { "yes" } else { "no" };
        let file = c.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        table.row(vec![c.name.made.format("%Y-%m-%d %H:%M").to_string(), size(c.size), kind, checked.into(), file]);
    }
    table.write(out)
}

/// A size in bytes as people read it: "812 KB", "51.3 MB".
fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1_000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{} KB", b / 1_000),
        b => format!("{:.1} MB", b as f64 / 1e6),
    }
}

/// Checks the file, asks (unless `--yes`), then replaces the database with it. The database is
/// not opened first: when it is damaged, it is moved into the backups folder instead of being
/// copied.
pub fn restore(args: &RestoreArgs, db: &Path, today: NaiveDate, out: &mut dyn Write) -> Result<(), CliError> {
    let copy = store::check_copy(&args.file, db)?;
    let question = format!(
        "Replace everything in {} with {}? (the database as it is now is kept in the backups folder) [y/N] ",
        db.display(),
        args.file.display()
    );
    if !args.yes && !confirm(out, &question)? {
        return say(out, "Nothing was changed.");
    }
    let (mut restored, replaced) = store::restore_database(db, copy, today)?;
    crate::data::ensure_loaded(&mut restored)?;
    say(out, &format!("Restored the database from {}.", args.file.display()))?;
    match replaced {
        Replaced::Kept(kept) => say(out, &format!("The database as it was is kept in {}.", kept.display())),
        Replaced::MovedAside(aside) => {
            say(out, &format!("The damaged database was moved to {}; it is kept there, not deleted.", aside.display()))
        }
        Replaced::Nothing => Ok(()),
    }
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
