//! The only place with SQL. One SQLite file: opened with WAL, foreign keys and a busy timeout,
//! migrated with append-only migrations, written in transactions.

/// The MP holding the seat `c` (a row of `constituencies`) now: `h` is the tenure and `m` its
/// member, both NULL while the seat is vacant. Every query that names a seat's MP now joins this,
/// so the rule is written here once. From schema version 6 to 11 it was the view `current_mps`,
/// which cost every process a parse of its definition on opening the database and every statement
/// reading it a copy of all 23 of its columns (migration 012, BENCHMARKS.md).
macro_rules! holder_now {
    () => {
        " LEFT JOIN seat_holders h ON h.constituency_code = c.code AND h.held_until IS NULL
          LEFT JOIN members m ON m.id = h.member_id "
    };
}

mod batch;
mod calendar;
mod checklist_states;
mod contacts;
mod convert;
mod dates;
mod demo;
mod engagements;
mod exports;
mod facts;
mod followup_marks;
mod imports;
mod migrations;
mod mps;
mod open;
mod org;
mod plan_export;
mod proposals;
mod recovery;
mod search;
pub(crate) mod shipped;
mod snapshot;
mod sync;
mod ui_state;
mod updates;

pub use calendar::{Coverage, RecessRow};
pub use demo::DemoCounts;
pub use mps::MpFilter;
pub use plan_export::WriteError;
pub use recovery::BACKUPS_DIR;
pub use recovery::{
    CheckedCopy, CopyInfo, Replaced, backups_dir, check_copy, list_copies, newest_good_copy, restore_database,
};
pub use snapshot::AUTOMATIC_KEPT;
pub use sync::{Applied, Conflict, OthersChanges, SyncStatus};
pub use updates::{Freshness, UpdateOrigin};

use std::io;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use crate::domain::limits::TooLong;

pub use migrations::SCHEMA_VERSION;

/// How long a write waits for another process holding the database before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How many times a write transaction is tried when SQLite reports the database busy (after
/// waiting out [`BUSY_TIMEOUT`]), and the pause before the first retry (doubled each time).
const WRITE_ATTEMPTS: u32 = 4;
const FIRST_RETRY_PAUSE: Duration = Duration::from_millis(50);

/// The page cache, in KiB, of a store reading by copying ([`Store::read_by_copying`]): 64 pages.
/// Measured (at 250 KiB) on the agenda of the ten-year set: 0.91× the time of SQLite's usual
/// 2,000 KiB (400 fewer page faults, 700 more pages copied); a cache of 100 KiB was slower than
/// this one, one of 500 KiB no faster.
const COPYING_CACHE_KIB: i64 = 256;

/// How long opening a database keeps trying while another program holds it, as long as a write
/// would ([`BUSY_TIMEOUT`] times [`WRITE_ATTEMPTS`]). Changing the journal mode and starting the
/// first transactions can be refused as busy at once, without waiting (SQLite does so to avoid two
/// programs waiting for each other): those are tried again after a short pause.
const OPEN_PATIENCE: Duration = Duration::from_secs(BUSY_TIMEOUT.as_secs() * WRITE_ATTEMPTS as u64);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{} is not an mpplan database (it is not an SQLite file); give another path with --db or MPPLAN_DB, or move that file away", .0.display())]
    NotADatabase(PathBuf),
    #[error("{} was written by a newer mpplan (schema version {found}, this one knows up to {known}); install a newer mpplan to open it", .path.display())]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("cannot open the database {}: {source}", .path.display())]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("cannot create {}: {source}", .path.display())]
    Create { path: PathBuf, source: io::Error },
    #[error("cannot update the database schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    /// Something the user asked for that the data does not allow (a duplicate name, an unknown one).
    #[error("{0}")]
    Invalid(String),
    #[error("the database is read-only: {} or its folder cannot be written by you, so nothing was changed; check their permissions, or copy it elsewhere with `mpplan backup --out FILE`", .0.display())]
    ReadOnly(PathBuf),
    #[error("{} is read-only and was made by an older mpplan (schema version {found}; this one needs {known}), so it cannot be updated; make the file and its folder writable and run mpplan once", .path.display())]
    OutdatedReadOnly { path: PathBuf, found: i64, known: i64 },
    #[error("another program kept the database busy for over {} seconds; nothing was changed, try again", BUSY_TIMEOUT.as_secs() * u64::from(WRITE_ATTEMPTS))]
    Busy,
    #[error("cannot copy the database to {}: {reason}", .path.display())]
    Copy { path: PathBuf, reason: String },
    #[error("cannot restore from {}: {reason}; nothing was changed", .path.display())]
    NotRestorable { path: PathBuf, reason: String },
    /// The database failed its check (or SQLite found it damaged while reading it).
    #[error("the database {} is damaged ({detail})", .path.display())]
    Damaged { path: PathBuf, detail: String },
}

impl From<TooLong> for StoreError {
    fn from(e: TooLong) -> StoreError {
        StoreError::Invalid(e.to_string())
    }
}

impl StoreError {
    /// Whether the error comes from what the user typed rather than from the machine.
    pub fn is_user_error(&self) -> bool {
        matches!(self, StoreError::Invalid(_))
    }

    /// Whether the error says that the database file is damaged: it failed its check, or SQLite
    /// found it corrupt or not a database while opening, migrating or reading it.
    pub fn is_damage(&self) -> bool {
        match self {
            StoreError::Damaged { .. } => true,
            StoreError::Open { source, .. } | StoreError::Sql(source) => recovery::is_damage_code(source),
            StoreError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => {
                recovery::is_damage_code(err)
            }
            _ => false,
        }
    }
}

/// Something to tell the user about the database they opened, though what they asked for goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Today's automatic copy was not made because the database failed its check; the copies
    /// already made are all kept.
    NotCopied { detail: String },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How to open a database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read and write when the file and its folder allow it, read-only when they do not.
    Auto,
    /// Read-only whatever the permissions: nothing is migrated, loaded or backed up.
    ReadOnly,
}

pub struct Store {
    conn: Connection,
    /// The database file (None in memory).
    path: Option<PathBuf>,
    read_only: bool,
    /// The day it is, when mpplan was told (it names the copies and decides when a day's copy is
    /// due); None for the clock's.
    today: Option<NaiveDate>,
    /// What the user should be told about opening the database.
    notices: Vec<Notice>,
    /// A transaction of [`Store::all_or_nothing`] is open: writes join it.
    in_batch: bool,
    /// This connection has the triggers that record changes to a shared plan (see
    /// [`Store::capture_if_shared`]).
    capturing: bool,
    /// The private copy a read-only database is read from when SQLite cannot read it in place
    /// (deleted when the store is; declared after `conn`, so it outlives the connection).
    _scratch: Option<open::Scratch>,
}

impl Store {
    /// Opens (creating it if needed) the database at `path`, read-only if it cannot be written. A
    /// file that is not an SQLite database, or one from a newer mpplan, is refused before anything
    /// is written to it. An existing database is copied into `backups/` beside it before its schema
    /// is updated, and once a day.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, Access::Auto)
    }

    /// Opens the database at `path` as [`Store::open`] does, or read-only when asked.
    pub fn open_with(path: &Path, access: Access) -> Result<Store> {
        Store::open_as_of(path, access, None)
    }

    /// Opens the database at `path` as [`Store::open_with`] does, on `today` (the day mpplan was
    /// told it is: it decides when the day's copy is due and how the copies are named).
    pub fn open_on(path: &Path, access: Access, today: NaiveDate) -> Result<Store> {
        Store::open_as_of(path, access, Some(today))
    }

    fn open_as_of(path: &Path, access: Access, today: Option<NaiveDate>) -> Result<Store> {
        open::check_existing(path)?;
        if access == Access::ReadOnly || (path.exists() && !open::writable(path)) {
            return Store::open_read_only(path);
        }
        open::create_private(path)?;
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
        // Before anything else: every statement from here on waits for other programs.
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| not_a_database(e, path))?;
        let opening = |e| match e {
            StoreError::Sql(e) => not_a_database(e, path),
            e => e,
        };
        let version = retry_open(|| conn.pragma_query_value(None, "user_version", |r| r.get(0))).map_err(opening)?;
        refuse_newer(version, path)?;
        retry_open(|| write_ahead_log(&conn)).map_err(opening)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let tables: i64 = retry_open(|| conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)))?;
        let mut store = Store::new(conn, Some(path.to_path_buf()), false);
        store.today = today;
        let updating = tables > 0 && version < SCHEMA_VERSION;
        if updating {
            store.keep_automatic_copy(&format!("-before-schema-{SCHEMA_VERSION}"))?;
        }
        store.prepare()?;
        store.daily_copy(tables == 0 || updating);
        Ok(store)
    }

    /// Connects without writing anything: no migration, no backup. A database whose schema is
    /// older than this mpplan's cannot be updated, and says so.
    fn open_read_only(path: &Path) -> Result<Store> {
        let (conn, scratch) = match open::stranded_log(path) {
            true => open::connect_through_copy(path).map(|(conn, scratch)| (conn, Some(scratch)))?,
            false => (open::connect_read_only(path, false)?, None),
        };
        let found = schema_version(&conn, path)?;
        if found < SCHEMA_VERSION {
            return Err(StoreError::OutdatedReadOnly { path: path.to_path_buf(), found, known: SCHEMA_VERSION });
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        tracing::info!(path = %path.display(), from_a_copy = scratch.is_some(), "opened the database read-only");
        let mut store = Store::new(conn, Some(path.to_path_buf()), true);
        store._scratch = scratch;
        Ok(store)
    }

    fn new(conn: Connection, path: Option<PathBuf>, read_only: bool) -> Store {
        Store {
            conn,
            path,
            read_only,
            today: None,
            notices: Vec::new(),
            in_batch: false,
            capturing: false,
            _scratch: None,
        }
    }

    /// A private database in memory, for tests.
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store::new(Connection::open_in_memory()?, None, false);
        store.prepare()?;
        Ok(store)
    }

    /// What the user should be told about opening the database (each notice once).
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// Turns on foreign keys and brings the schema up to date, in a transaction taken up front
    /// (so that programs opening a new database together queue for it rather than fail), tried
    /// again while the database is busy. If another program migrated it first, its schema is
    /// taken as it is.
    fn prepare(&mut self) -> Result<()> {
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        self.conn.set_transaction_behavior(TransactionBehavior::Immediate);
        let migrated = retry_open(|| {
            let outcome = match migrations::migrations().to_latest(&mut self.conn) {
                Err(rusqlite_migration::Error::RusqliteError { err, .. }) if is_busy(&err) => return Err(err),
                outcome => outcome,
            };
            Ok(outcome.or_else(|e| {
                // Another program may have migrated the database since its version was read.
                match self.conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)) {
                    Ok(SCHEMA_VERSION) => Ok(()),
                    _ => Err(e),
                }
            }))
        });
        self.conn.set_transaction_behavior(TransactionBehavior::Deferred);
        Ok(migrated??)
    }

    /// Whether the database was opened read-only (its file or folder is not writable): reading
    /// works, and every change is refused with [`StoreError::ReadOnly`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// From here on, reads the pages it needs by copying them rather than through the memory map,
    /// into a small cache: for a reading that touches pages all over the file about once each, as
    /// the whole agenda does. Through the map, each page read maps the pages around it into the
    /// process as well (sixteen, from the system's cache), and mapping and then unmapping so many
    /// costs more than copying the pages needed. A cache of the usual 2 MB would take fresh memory
    /// for each page copied; one of [`COPYING_CACHE_KIB`] reuses its buffers, and the few pages read
    /// again are copied again, which costs less (BENCHMARKS.md, fifth and sixth sessions).
    pub fn read_by_copying(&self) -> Result<()> {
        self.conn.pragma_update(None, "mmap_size", 0)?;
        self.conn.pragma_update(None, "cache_size", -COPYING_CACHE_KIB)?;
        Ok(())
    }

    /// The database file, or None for a database in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` in one write transaction, taken up front so that two writers queue on the busy
    /// timeout instead of failing on a lock upgrade. Nothing is written unless `f` succeeds. When
    /// SQLite still reports the database busy, starting or committing the transaction is retried
    /// a few times with a growing pause. A write that may be one step of several written together
    /// uses [`Store::write_or_join`] instead.
    fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone().unwrap_or_default()));
        }
        if self.in_batch {
            return Err(StoreError::Invalid("this change cannot be made together with others".into()));
        }
        let tx = retry_busy(|| Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate))?;
        let capturing = self.capturing || sync::capture_if_shared(&tx)?;
        let value = f(&tx)?;
        // A COMMIT refused as busy leaves the transaction open, so it can be tried again; if it
        // never succeeds, dropping `tx` rolls everything back.
        retry_busy(|| tx.execute_batch("COMMIT"))?;
        self.capturing = capturing;
        Ok(value)
    }
}

/// Puts the database in write-ahead-log mode unless it is already (another program opening it at
/// the same moment may have done it first).
fn write_ahead_log(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    Ok(())
}

/// Runs a step of opening the database (its value, or an error that is not about being busy),
/// trying again while SQLite reports the database busy or locked, for up to [`OPEN_PATIENCE`]:
/// after a pause of a few milliseconds, growing to a tenth of a second, and different for each
/// program so that programs started together do not try again together.
fn retry_open<T>(mut op: impl FnMut() -> rusqlite::Result<T>) -> Result<T> {
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(2 + u64::from(std::process::id() % 7));
    loop {
        match op() {
            Err(e) if is_busy(&e) && started.elapsed() < OPEN_PATIENCE => {
                tracing::info!(error = %e, "the database is busy while opening it; trying again");
                thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            Err(e) if is_busy(&e) => return Err(StoreError::Busy),
            other => return Ok(other?),
        }
    }
}

/// Runs `op`, trying again after a pause (doubled each time) while SQLite reports the database
/// busy or locked, up to [`WRITE_ATTEMPTS`] times in all.
fn retry_busy<T>(mut op: impl FnMut() -> rusqlite::Result<T>) -> Result<T> {
    let mut pause = FIRST_RETRY_PAUSE;
    for attempt in 1..=WRITE_ATTEMPTS {
        match op() {
            Err(e) if is_busy(&e) => {
                tracing::warn!(attempt, error = %e, "the database is busy; trying again");
                if attempt < WRITE_ATTEMPTS {
                    thread::sleep(pause);
                    pause *= 2;
                }
            }
            other => return Ok(other?),
        }
    }
    Err(StoreError::Busy)
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked))
}

/// The database's schema version (SQLite's user_version), refusing one from a newer mpplan. It is
/// read before anything that could write to the file.
fn schema_version(conn: &Connection, path: &Path) -> Result<i64> {
    conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| not_a_database(e, path))?;
    let version: i64 =
        conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| not_a_database(e, path))?;
    refuse_newer(version, path)?;
    Ok(version)
}

/// Refuses a database from a newer mpplan.
fn refuse_newer(version: i64, path: &Path) -> Result<()> {
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found: version, known: SCHEMA_VERSION });
    }
    Ok(())
}

/// SQLite's "not a database" as this program's own error; anything else as a failure to open.
fn not_a_database(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
        _ => StoreError::Open { path: path.to_path_buf(), source: e },
    }
}

/// An in-memory store with the shipped data loaded, for tests.
#[cfg(test)]
pub(crate) fn test_store() -> Store {
    let mut store = Store::open_in_memory().expect("in-memory store");
    crate::data::ensure_loaded(&mut store).expect("shipped data loads");
    store
}

/// A fresh UUID for a user-created row.
fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use std::fs;

    use chrono::NaiveDate;

    use super::*;
    use crate::domain::engagement::contact::{Direction, InteractionKind, NewInteraction};

    #[test]
    fn migrations_are_valid() {
        migrations::migrations().validate().unwrap();
    }

    #[test]
    fn in_memory_store_has_the_latest_schema() {
        let store = Store::open_in_memory().unwrap();
        let version: i64 = store.conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let fk: i64 = store.conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn reading_by_copying_leaves_the_memory_map_and_reads_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("mpplan.sqlite3")).unwrap();
        let mps = store.list_mps(&MpFilter::default()).unwrap();
        store.read_by_copying().unwrap();
        let mapped: i64 = store.conn.pragma_query_value(None, "mmap_size", |r| r.get(0)).unwrap();
        assert_eq!(mapped, 0);
        let cache: i64 = store.conn.pragma_query_value(None, "cache_size", |r| r.get(0)).unwrap();
        assert_eq!(cache, -COPYING_CACHE_KIB);
        assert_eq!(store.list_mps(&MpFilter::default()).unwrap(), mps);
    }

    #[test]
    fn open_creates_a_private_wal_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("mpplan.sqlite3");
        let store = Store::open(&path).unwrap();
        let mode: String = store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let timeout: i64 = store.conn.pragma_query_value(None, "busy_timeout", |r| r.get(0)).unwrap();
        assert_eq!(timeout, 5000);
        // Read through a memory map, as built (.cargo/config.toml): a page is not a system call.
        let mapped: i64 = store.conn.pragma_query_value(None, "mmap_size", |r| r.get(0)).unwrap();
        assert_eq!(mapped, 1 << 30);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
            assert_eq!(fs::metadata(path.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
        }
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        for content in [&b"hello, this is not a database"[..], &[0u8; 4096][..], &b"SQLite format 3\0short"[..]] {
            let path = dir.path().join("garbage");
            fs::write(&path, content).unwrap();
            let err = Store::open(&path).err().expect("refused");
            assert!(matches!(err, StoreError::NotADatabase(_)), "{err}");
            assert_eq!(fs::read(&path).unwrap(), content);
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no -wal or -shm files left behind");
    }

    #[test]
    fn a_database_from_a_newer_mpplan_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE t(x); PRAGMA user_version = 999;").unwrap();
        }
        let before = fs::read(&path).unwrap();
        let err = Store::open(&path).err().expect("refused");
        assert!(matches!(err, StoreError::TooNew { found: 999, .. }), "{err}");
        assert!(err.to_string().contains("newer mpplan"));
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    fn letter() -> NewInteraction {
        let on = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        NewInteraction { kind: InteractionKind::Letter, direction: Direction::ToMp, on, summary: "hello".into() }
    }

    #[test]
    fn a_read_only_store_reads_and_refuses_every_change_leaving_the_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mpplan.sqlite3");
        let mut store = Store::open(&path).unwrap();
        crate::data::ensure_loaded(&mut store).unwrap();
        store.log_interaction("E14001323", &letter(), letter().on).unwrap();
        drop(store);
        let before = fs::read(&path).unwrap();

        let mut store = Store::open_with(&path, Access::ReadOnly).unwrap();
        assert!(store.is_read_only());
        assert_eq!(store.interactions("E14001323").unwrap()[0].summary, "hello");
        let err = store.log_interaction("E14001323", &letter(), letter().on).unwrap_err();
        assert!(matches!(err, StoreError::ReadOnly(_)), "{err}");
        assert!(err.to_string().starts_with("the database is read-only: "), "{err}");
        assert!(!err.is_user_error(), "a read-only database is the machine, not a typing mistake");
        assert!(store.restore_from(&path).unwrap_err().to_string().starts_with("the database is read-only"));
        assert!(crate::data::ensure_loaded(&mut store).is_ok(), "the data is current, so nothing is loaded");
        drop(store);
        assert_eq!(fs::read(&path).unwrap(), before);
        assert!(!dir.path().join(BACKUPS_DIR).exists(), "no backups made read-only");
    }

    #[test]
    fn an_older_database_that_cannot_be_written_says_it_cannot_be_updated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        Connection::open(&path).unwrap().execute_batch("CREATE TABLE t(x)").unwrap();
        let before = fs::read(&path).unwrap();
        let err = Store::open_with(&path, Access::ReadOnly).err().expect("refused");
        assert!(matches!(err, StoreError::OutdatedReadOnly { found: 0, .. }), "{err}");
        assert!(err.to_string().contains("read-only and was made by an older mpplan"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), before);
    }

    #[test]
    fn fifty_connections_opening_a_new_database_at_once_all_succeed_and_one_loads_the_data() {
        // Connections in threads start closer together than programs can: the first use of a new
        // file (creating it, its write-ahead log, its schema, the shipped data) is raced hard.
        const TOGETHER: usize = 50;
        for round in 0..4 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("new.sqlite3");
            let barrier = std::sync::Barrier::new(TOGETHER);
            let outcomes: Vec<std::result::Result<bool, String>> = thread::scope(|s| {
                let opened: Vec<_> = (0..TOGETHER)
                    .map(|_| {
                        s.spawn(|| {
                            barrier.wait();
                            let mut store = Store::open(&path).map_err(|e| e.to_string())?;
                            crate::data::ensure_loaded(&mut store).map_err(|e| e.to_string())
                        })
                    })
                    .collect();
                opened.into_iter().map(|t| t.join().unwrap()).collect()
            });
            let failures: Vec<&String> = outcomes.iter().filter_map(|o| o.as_ref().err()).collect();
            assert!(failures.is_empty(), "round {round}: {} of {TOGETHER} failed: {failures:?}", failures.len());
            let loads = outcomes.iter().filter(|o| matches!(o, Ok(true))).count();
            assert_eq!(loads, 1, "round {round}: the first loads the shipped data, the others find it there");
            let store = Store::open(&path).unwrap();
            assert_eq!(store.dataset_version().unwrap().as_deref(), Some(crate::data::DATASET_VERSION));
            let mode: String = store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
            assert_eq!(mode, "wal");
        }
    }

    #[test]
    fn opening_tries_again_while_the_database_is_busy_for_as_long_as_a_write_would() {
        let busy = || rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None);
        let mut calls = 0;
        let value = retry_open(|| {
            calls += 1;
            if calls < 12 { Err(busy()) } else { Ok(calls) }
        });
        assert_eq!(value.unwrap(), 12, "many more tries than a write's four, each after a short pause");
        let other = retry_open(|| -> rusqlite::Result<()> { Err(rusqlite::Error::InvalidQuery) });
        assert!(matches!(other, Err(StoreError::Sql(_))), "other errors are not retried");
        assert_eq!(OPEN_PATIENCE, BUSY_TIMEOUT * WRITE_ATTEMPTS);
    }

    #[test]
    fn busy_transactions_are_retried_a_few_times_then_reported() {
        let busy = || rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None);
        let mut calls = 0;
        let value = retry_busy(|| {
            calls += 1;
            if calls < 3 { Err(busy()) } else { Ok(calls) }
        });
        assert_eq!(value.unwrap(), 3);
        let mut calls = 0;
        let err = retry_busy(|| -> rusqlite::Result<()> {
            calls += 1;
            Err(busy())
        })
        .unwrap_err();
        assert!(matches!(err, StoreError::Busy), "{err}");
        assert!(!err.to_string().contains("locked"), "{err}");
        assert_eq!(calls, WRITE_ATTEMPTS);
        let other = retry_busy(|| -> rusqlite::Result<()> { Err(rusqlite::Error::InvalidQuery) });
        assert!(matches!(other, Err(StoreError::Sql(_))), "other errors are not retried");
    }
}
