//! `mpplan export json` and `mpplan import json`: a backup of everything the user created, and
//! restoring it.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::import::JsonArgs;
use super::output::{count, say};
use super::review::{OutputArgs, deliver};
use super::{CliError, Context};
use crate::domain::backup::Backup;
use crate::store::{SCHEMA_VERSION, StoreError};

/// The largest backup read, in bytes.
const MAX_BYTES: u64 = 50 * 1024 * 1024;

pub fn export(ctx: &mut Context<'_>, args: &OutputArgs) -> Result<(), CliError> {
    let text = ctx.store.backup()?.to_json();
    deliver(ctx, &text, args, "backup")
}

pub fn restore(ctx: &mut Context<'_>, args: &JsonArgs) -> Result<(), CliError> {
    let file = args.file.display();
    let text = read(&args.file)?;
    let backup = Backup::from_json(&text, SCHEMA_VERSION)
        .map_err(|e| CliError::Runtime(format!("cannot restore {file}: {e}; nothing was changed")))?;
    let held = ctx.store.user_rows()?;
    if !held.is_empty() && !args.replace {
        let list: Vec<String> = held.iter().map(|(what, n)| format!("{what}: {n}")).collect();
        return Err(CliError::Usage(format!(
            "this database already holds data of your own ({}); restore into a new one with --db NEW.sqlite3, or \
             add --replace to replace it (a copy of it is kept first)",
            list.join(", ")
        )));
    }
    let copy = if args.replace { Some(keep_copy(ctx)?) } else { None };
    ctx.store.restore(&backup, args.replace).map_err(|e| match e {
        StoreError::Invalid(m) => CliError::Runtime(format!("cannot restore {file}: {m}; nothing was changed")),
        e => CliError::from(e),
    })?;
    if let Some(copy) = copy {
        say(ctx.out, &format!("A copy of the database as it was is in {}.", copy.display()))?;
    }
    let contacts: usize = backup.engagements.iter().map(|e| e.interactions.len()).sum();
    let proposals: usize = backup.engagements.iter().map(|e| e.proposals.len()).sum();
    let calendar = backup.sitting_days.len() + backup.recesses.len() + backup.dissolutions.len();
    let parts = [
        count(backup.engagements.len(), "engagement", "engagements"),
        count(contacts, "contact", "contacts"),
        count(proposals, "proposal", "proposals"),
        count(backup.sites.len(), "site", "sites"),
        count(calendar, "calendar date", "calendar dates"),
        count(backup.settings.len(), "setting", "settings"),
    ];
    say(ctx.out, &format!("Restored from {file}: {}.", parts.join(", ")))
}

/// The backup file's text: at most 50 MB of UTF-8.
fn read(path: &Path) -> Result<String, CliError> {
    let fail = |e: io::Error| CliError::Runtime(format!("cannot read {}: {e}", path.display()));
    let file = fs::File::open(path).map_err(fail)?;
    if file.metadata().map_err(fail)?.len() > MAX_BYTES {
        return Err(CliError::Runtime(format!(
            "{} is over 50 MB, far larger than any mpplan backup; check that it is the right file",
            path.display()
        )));
    }
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(fail)?;
    String::from_utf8(bytes).map_err(|_| {
        CliError::Runtime(format!(
            "{} is not an mpplan backup (it is not UTF-8 text); nothing was changed",
            path.display()
        ))
    })
}

/// Copies the database into `backups/` beside it (a 0700 folder), as a new 0600 file named with the
/// time, before a restore replaces its rows. Returns the copy's path.
fn keep_copy(ctx: &Context<'_>) -> Result<PathBuf, CliError> {
    let dir = ctx.db_path.parent().unwrap_or(Path::new(".")).join("backups");
    let fail = |path: &Path, e: io::Error| CliError::Runtime(format!("cannot keep a copy in {}: {e}", path.display()));
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&dir).map_err(|e| fail(&dir, e))?;
    let stem = ctx.db_path.file_stem().and_then(|s| s.to_str()).unwrap_or("mpplan");
    let now = chrono::Utc::now().with_timezone(&chrono_tz::Europe::London).format("%Y%m%d-%H%M%S");
    for n in 1..=100 {
        let suffix = if n == 1 { String::new() } else { format!("-{n}") };
        let path = dir.join(format!("{stem}-{now}{suffix}.sqlite3"));
        match crate::compose::write_private(&path, "", false) {
            Ok(()) => {
                ctx.store.copy_to(&path).map_err(|e| {
                    let _ = fs::remove_file(&path);
                    CliError::Runtime(format!("cannot keep a copy of the database in {}: {e}", path.display()))
                })?;
                return Ok(path);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(fail(&path, e)),
        }
    }
    Err(CliError::Runtime(format!("cannot keep a copy in {}: too many copies made this second", dir.display())))
}
