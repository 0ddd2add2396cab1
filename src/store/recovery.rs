//! When the database is damaged: checking a database or a copy page by page, listing the copies in
//! `backups/` and which of them passed their check, and restoring a copy without ever opening the
//! damaged database (it is moved aside into `backups/`, never deleted).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::thread;

use chrono::{NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Europe::London;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension};

use super::{Access, FIRST_RETRY_PAUSE, Result, SCHEMA_VERSION, Store, StoreError, WRITE_ATTEMPTS, open};
use crate::domain::backups::{self, CopyName, GoodCopy, Kind};

/// The folder in `backups/` holding the records of which copies passed their check.
const VERIFIED_DIR: &str = ".verified";

/// The folder beside the database that holds its copies.
pub const BACKUPS_DIR: &str = "backups";

/// Tables every mpplan database has, whatever its schema version.
const MPPLAN_TABLES: [&str; 4] = ["meta", "engagements", "interactions", "proposals"];

/// A copy found in `backups/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyInfo {
    pub path: PathBuf,
    /// What its name says: its kind, when it was made, why.
    pub name: CopyName,
    pub size: u64,
    /// Whether it passed its check (integrity_check and foreign_key_check) when it was made.
    pub verified: bool,
    /// When the file was last written (it orders copies made in the same second).
    pub modified: Option<std::time::SystemTime>,
}

/// A copy offered to `restore`, checked and held open until it is put in place. What was checked
/// is a private copy of it (so that the file offered is never written to, not even by SQLite), and
/// that is what is put in place.
pub struct CheckedCopy {
    conn: Connection,
    path: PathBuf,
    _scratch: open::Scratch,
}

/// What a restore did with the database it replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replaced {
    /// It was sound: a copy of it is kept here.
    Kept(PathBuf),
    /// It was damaged: it was moved here (with its log, if it had one).
    MovedAside(PathBuf),
    /// There was no database yet.
    Nothing,
}

/// Whether SQLite's error says that the file is damaged (or is not a database at all).
pub(super) fn is_damage_code(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase))
}

/// Checks every page, index and reference of the database on `conn` (`PRAGMA integrity_check`, then
/// `PRAGMA foreign_key_check`): None when it is sound, or the first problem found. A file so
/// damaged that the check cannot run is a problem too; only a busy database is an error.
pub(super) fn problem(conn: &Connection) -> Result<Option<String>> {
    let integrity = (|| -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect()
    })();
    match integrity {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => {}
        Ok(rows) => return Ok(Some(rows.into_iter().next().unwrap_or_else(|| "the check gave no answer".into()))),
        Err(e) if super::is_busy(&e) => return Err(e.into()),
        Err(e) => return Ok(Some(e.to_string())),
    }
    let orphan = conn.query_row("PRAGMA foreign_key_check", [], |r| r.get::<_, String>(0)).optional();
    match orphan {
        Ok(None) => Ok(None),
        Ok(Some(table)) => Ok(Some(format!("a row of {table} refers to a row that is not there"))),
        Err(e) if super::is_busy(&e) => Err(e.into()),
        Err(e) => Ok(Some(e.to_string())),
    }
}

/// Checks the copy at `path` (one of this program's own, in `backups/`): None when it is sound.
/// It is opened for writing (though nothing is written), so that its CHECK constraints are
/// checked too; where it cannot be, it is checked read-only, without them.
pub(super) fn check_file(path: &Path) -> Result<Option<String>> {
    let conn = match open::connect_to_check(path) {
        Ok(conn) => conn,
        Err(_) => match open::connect_read_only(path, true) {
            Ok(conn) => conn,
            Err(StoreError::Open { source, .. }) => return Ok(Some(source.to_string())),
            Err(e) => return Err(e),
        },
    };
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
    problem(&conn)
}

/// The file recording that the copy at `path` passed its check: `.verified/NAME.txt` in the copy's
/// folder, out of sight of anyone looking through the copies.
fn verified_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    verified_dir(open::folder(path)).join(format!("{name}.txt"))
}

/// The folder in `backups` that holds the records of which copies passed their check.
pub(super) fn verified_dir(backups: &Path) -> PathBuf {
    backups.join(VERIFIED_DIR)
}

/// Records that the copy at `path` passed its check (with its size, so that a copy changed since
/// is not taken as checked).
pub(super) fn record_verified(path: &Path) -> io::Result<()> {
    let size = fs::metadata(path)?.len();
    let record = verified_path(path);
    if let Some(dir) = record.parent().filter(|d| !d.exists()) {
        open::create_private_dir(dir).map_err(|e| io::Error::other(e.to_string()))?;
    }
    let _ = fs::remove_file(&record);
    let mut file = open::new_private_file(&record)?;
    file.write_all(backups::verified_record(size, &Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()).as_bytes())?;
    file.sync_all()
}

/// Deletes a copy in `backups/` with its check record.
pub(super) fn delete_copy(path: &Path) -> io::Result<()> {
    fs::remove_file(path)?;
    match fs::remove_file(verified_path(path)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// The name the copies of the database at `db` begin with.
pub(super) fn stem(db: &Path) -> &str {
    db.file_stem().and_then(|s| s.to_str()).unwrap_or("mpplan")
}

/// The folder holding the copies of the database at `db`.
pub fn backups_dir(db: &Path) -> PathBuf {
    open::folder(db).join(BACKUPS_DIR)
}

/// Every copy of the database at `db` in `backups/`, newest first, with whether each passed its
/// check when it was made. Only names and small check records are read, so listing is quick
/// whatever the size of the copies.
pub fn list_copies(db: &Path) -> Result<Vec<CopyInfo>> {
    let dir = backups_dir(db);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(StoreError::Create { path: dir, source }),
    };
    let stem = stem(db);
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(name) = file_name.to_str().and_then(|n| backups::parse(stem, n)) else {
            continue;
        };
        let path = entry.path();
        let meta = match fs::metadata(&path) {
            Ok(meta) if meta.is_file() => meta,
            _ => continue,
        };
        let verified =
            fs::read_to_string(verified_path(&path)).is_ok_and(|record| backups::is_verified(&record, meta.len()));
        found.push(CopyInfo { path, name, size: meta.len(), verified, modified: meta.modified().ok() });
    }
    found.sort_by(|a, b| (b.name.made, b.modified, &b.path).cmp(&(a.name.made, a.modified, &a.path)));
    Ok(found)
}

/// The newest copy of the database at `db` that is sound: one that passed its check when it was
/// made or, for a copy from before copies were checked, one that passes it now.
pub fn newest_good_copy(db: &Path) -> Option<GoodCopy> {
    let copies = list_copies(db).ok()?;
    for copy in copies.iter().filter(|c| c.name.kind != Kind::Damaged) {
        let good = copy.verified || matches!(check_file(&copy.path), Ok(None));
        if good {
            if !copy.verified
                && let Err(e) = record_verified(&copy.path)
            {
                tracing::warn!(error = %e, path = %copy.path.display(), "could not record that a copy is sound");
            }
            return Some(GoodCopy { path: copy.path.display().to_string(), made: copy.name.made });
        }
    }
    None
}

/// Checks that `file` is an mpplan database this mpplan can restore in place of `db` (undamaged,
/// not from a newer mpplan, not `db` itself), without opening `db` or changing anything.
pub fn check_copy(file: &Path, db: &Path) -> Result<CheckedCopy> {
    let (conn, scratch) = restorable(file, Some(db))?;
    Ok(CheckedCopy { conn, path: file.to_path_buf(), _scratch: scratch })
}

/// What state the database at `db` is in, found without writing to it.
enum Live {
    Missing,
    Sound,
    Damaged(String),
}

fn live_state(db: &Path) -> Result<Live> {
    match open::check_existing(db) {
        Ok(false) => return Ok(Live::Missing),
        Ok(true) => {}
        Err(StoreError::NotADatabase(_)) => return Ok(Live::Damaged("it is not an SQLite file".into())),
        Err(e) => return Err(e),
    }
    if !open::writable(db) {
        return Err(StoreError::ReadOnly(db.to_path_buf()));
    }
    // Opened for writing, though nothing is written, so that CHECK constraints are checked too.
    let conn = open::connect_to_check(db)?;
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
    Ok(match problem(&conn)? {
        None => Live::Sound,
        Some(detail) => Live::Damaged(detail),
    })
}

/// Replaces the database at `db` with `copy` and returns it opened (migrated if the copy is
/// older), and what became of the database it replaced. The database is never opened to do this:
/// a sound one is kept as a copy in `backups/` and overwritten with SQLite's backup API (safe while
/// other programs use it); a damaged one (with its -wal and -shm) is moved into `backups/` as
/// `NAME-damaged-YYYYMMDD-HHMMSS.sqlite3` and the copy put in its place in one step (written
/// beside it, flushed to disk, renamed over it).
pub fn restore_database(db: &Path, copy: CheckedCopy, today: NaiveDate) -> Result<(Store, Replaced)> {
    match live_state(db)? {
        Live::Sound => {
            let mut store = Store::open_on(db, Access::Auto, today)?;
            let kept = store.restore_checked(&copy.conn, &copy.path)?;
            Ok((store, Replaced::Kept(kept)))
        }
        Live::Missing => {
            if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
                open::create_private_dir(dir)?;
            }
            put_in_place(&copy, db, false, today)?;
            Ok((Store::open_on(db, Access::Auto, today)?, Replaced::Nothing))
        }
        Live::Damaged(detail) => {
            tracing::warn!(db = %db.display(), detail, "the database is damaged; moving it aside to restore");
            let aside = put_in_place(&copy, db, true, today)?.unwrap_or_default();
            tracing::info!(from = %copy.path.display(), aside = %aside.display(), "restored the database");
            Ok((Store::open_on(db, Access::Auto, today)?, Replaced::MovedAside(aside)))
        }
    }
}

/// Writes `copy` to a new file beside `db`, flushes it to disk, moves the damaged database aside
/// when asked (returning where), then renames the new file over `db`. Until the rename `db` is as
/// it was; a failure before it removes the new file and changes nothing.
fn put_in_place(copy: &CheckedCopy, db: &Path, move_aside: bool, today: NaiveDate) -> Result<Option<PathBuf>> {
    let folder = open::folder(db);
    let name = db.file_name().and_then(|n| n.to_str()).unwrap_or("mpplan.sqlite3");
    let temp = folder.join(format!(".{name}.restoring-{}", std::process::id()));
    let fail =
        |path: &Path, e: &dyn std::fmt::Display| StoreError::Copy { path: path.to_path_buf(), reason: e.to_string() };
    let _ = fs::remove_file(&temp);
    open::new_private_file(&temp).map_err(|e| fail(&temp, &e))?;
    let written = (|| -> Result<()> {
        let mut target =
            Connection::open_with_flags(&temp, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        run(&Backup::new(&copy.conn, &mut target)?)?;
        target.close().map_err(|(_, e)| e)?;
        fs::File::open(&temp).and_then(|f| f.sync_all()).map_err(|e| fail(&temp, &e))
    })();
    let aside = match written.and_then(|()| move_aside.then(|| move_damaged(db, today)).transpose()) {
        Ok(aside) => aside,
        Err(e) => {
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
    };
    if let Err(e) = fs::rename(&temp, db) {
        let _ = fs::remove_file(&temp);
        return Err(fail(db, &e));
    }
    sync_folder(folder);
    Ok(aside)
}

/// Moves the damaged database at `db` into `backups/` under a name that says so: its -wal and -shm
/// are moved beside it (so that it can still be opened as it was), and the file itself is linked
/// there (or copied, where links are not possible) so that `db` is never missing.
fn move_damaged(db: &Path, today: NaiveDate) -> Result<PathBuf> {
    let dir = backups_dir(db);
    open::create_private_dir(&dir)?;
    let made = stamp(Some(today));
    let fail = |path: &Path, e: io::Error| StoreError::Copy { path: path.to_path_buf(), reason: e.to_string() };
    for n in 1..=100 {
        let aside = dir.join(backups::file_name(stem(db), Kind::Damaged, made, "", n));
        match fs::hard_link(db, &aside) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(_) => match open::new_private_file(&aside) {
                Ok(mut file) => {
                    io::copy(&mut fs::File::open(db).map_err(|e| fail(db, e))?, &mut file)
                        .and_then(|_| file.sync_all())
                        .map_err(|e| fail(&aside, e))?;
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(fail(&aside, e)),
            },
        }
        for companion in ["-wal", "-shm"] {
            let (mut from, mut to) = (db.as_os_str().to_owned(), aside.as_os_str().to_owned());
            from.push(companion);
            to.push(companion);
            if Path::new(&from).exists() {
                fs::rename(&from, &to).map_err(|e| fail(Path::new(&from), e))?;
            }
        }
        sync_folder(&dir);
        return Ok(aside);
    }
    Err(StoreError::Copy { path: dir, reason: "too many copies made this second".into() })
}

/// Flushes a folder's entries to disk, so that a rename survives a power cut (Unix; elsewhere
/// the rename is left to the file system).
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Err(e) = fs::File::open(dir).and_then(|d| d.sync_all()) {
        tracing::warn!(error = %e, dir = %dir.display(), "could not flush the folder to disk");
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Runs a backup to the end in one step (one consistent snapshot), pausing and trying again while
/// the database is busy.
pub(super) fn run(backup: &Backup<'_, '_>) -> Result<()> {
    let mut pause = FIRST_RETRY_PAUSE;
    for _ in 0..WRITE_ATTEMPTS {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            _ => {
                thread::sleep(pause);
                pause *= 2;
            }
        }
    }
    Err(StoreError::Busy)
}

/// Checks that `file` is an mpplan database this mpplan can open (not the database `current`
/// itself) and that it passes its check, or says why not; and returns a connection to a private
/// copy of it (the one checked: `file` itself is never opened for writing), with the folder
/// that holds that copy.
pub(super) fn restorable(file: &Path, current: Option<&Path>) -> Result<(Connection, open::Scratch)> {
    let refuse = |reason: &str| StoreError::NotRestorable { path: file.to_path_buf(), reason: reason.to_string() };
    match open::check_existing(file) {
        Ok(true) => {}
        Ok(false) if file.exists() => return Err(refuse("it is empty")),
        Ok(false) => return Err(refuse("there is no such file")),
        Err(StoreError::NotADatabase(_)) => return Err(refuse("it is not an mpplan database (not an SQLite file)")),
        Err(StoreError::TooNew { found, known, .. }) => {
            return Err(refuse(&format!(
                "it was made by a newer mpplan (schema version {found}, this one knows up to {known}); install a newer mpplan to restore it"
            )));
        }
        Err(StoreError::Create { source, .. }) => return Err(refuse(&source.to_string())),
        Err(e) => return Err(e),
    }
    let same = |a: &Path, b: &Path| matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(a), Ok(b)) if a == b);
    if current.is_some_and(|current| same(file, current)) {
        return Err(refuse("it is the database itself"));
    }
    let damaged = "it is damaged, so it cannot be used (`mpplan backup --list` shows the other copies)";
    // SQLite checks CHECK constraints only on a database it may write to: the check is made on a
    // private copy, opened for writing.
    let scratch = open::Scratch::new()?;
    let copy = scratch.take(file).map_err(|e| match e {
        StoreError::Create { source, .. } => refuse(&source.to_string()),
        e => e,
    })?;
    let source = open::connect_to_check(&copy).map_err(|e| match e {
        StoreError::Open { source, .. } if is_damage_code(&source) => refuse(damaged),
        e => refuse(&e.to_string()),
    })?;
    source.pragma_update(None, "query_only", true)?;
    if let Some(detail) = problem(&source)? {
        tracing::warn!(file = %file.display(), detail, "a copy offered to restore failed its check");
        return Err(refuse(damaged));
    }
    let version: i64 = source.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tables: i64 = source.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (?1, ?2, ?3, ?4)",
        MPPLAN_TABLES,
        |r| r.get(0),
    )?;
    if !(1..=SCHEMA_VERSION).contains(&version) || tables < MPPLAN_TABLES.len() as i64 {
        return Err(refuse("it is an SQLite file, but not an mpplan database"));
    }
    Ok((source, scratch))
}

/// The time in London, which names the copies and decides what "a day" is: on `today` when it is
/// given (the day mpplan was told it is), at the time of day it is now.
pub(super) fn stamp(today: Option<NaiveDate>) -> NaiveDateTime {
    let now = Utc::now().with_timezone(&London).naive_local();
    today.map_or(now, |day| day.and_time(now.time()))
}
