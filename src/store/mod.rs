//! The only place with SQL. One SQLite file: opened with WAL, foreign keys and a busy timeout,
//! migrated with append-only migrations, written in transactions.

mod backup;
mod calendar;
mod contacts;
mod engagements;
mod exports;
mod imports;
mod migrations;
mod mps;
mod org;
mod proposals;
pub(crate) mod shipped;

pub use calendar::{Coverage, RecessRow};
pub use contacts::{Logged, NewInteraction};
pub use mps::MpFilter;

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use migrations::SCHEMA_VERSION;

/// How long a write waits for another process holding the database before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

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
}

impl StoreError {
    /// Whether the error comes from what the user typed rather than from the machine.
    pub fn is_user_error(&self) -> bool {
        matches!(self, StoreError::Invalid(_))
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating it if needed) the database at `path`. A file that is not an SQLite database,
    /// or one from a newer mpplan, is refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Store> {
        check_existing(path)?;
        create_private(path)?;
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
        let not_db = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
            _ => StoreError::Open { path: path.to_path_buf(), source: e },
        };
        conn.busy_timeout(BUSY_TIMEOUT).map_err(not_db)?;
        // Read the schema version before any pragma that could write to the file.
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(not_db)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew { path: path.to_path_buf(), found: version, known: SCHEMA_VERSION });
        }
        conn.pragma_update(None, "journal_mode", "WAL").map_err(not_db)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Store::prepare(conn)
    }

    /// A private database in memory, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut conn: Connection) -> Result<Store> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrations::migrations().to_latest(&mut conn)?;
        Ok(Store { conn })
    }

    /// Runs `f` in one write transaction, taken up front so that two writers queue on the busy
    /// timeout instead of failing on a lock upgrade. Nothing is written unless `f` succeeds.
    fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

/// Refuses an existing file that is not an SQLite database, or is from a newer mpplan, reading only
/// its header so the file is left exactly as it was.
fn check_existing(path: &Path) -> Result<()> {
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(StoreError::Create { path: path.to_path_buf(), source });
        }
    };
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(StoreError::NotADatabase(path.to_path_buf()));
    }
    let mut header = [0u8; 100];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(source) => {
                return Err(StoreError::Create { path: path.to_path_buf(), source });
            }
        }
    }
    if read == 0 {
        return Ok(()); // an empty file is an empty database
    }
    if read < header.len() || &header[..16] != SQLITE_HEADER {
        return Err(StoreError::NotADatabase(path.to_path_buf()));
    }
    let version = i64::from(u32::from_be_bytes([header[60], header[61], header[62], header[63]]));
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found: version, known: SCHEMA_VERSION });
    }
    Ok(())
}

/// Creates the database's directory (0700) and file (0600) when missing: it holds contact details.
fn create_private(path: &Path) -> Result<()> {
    let err = |p: &Path| {
        let p = p.to_path_buf();
        move |source| StoreError::Create { path: p, source }
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(err(dir))?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(err(path)(e)),
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
    use super::*;

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
    fn open_creates_a_private_wal_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join("mpplan.sqlite3");
        let store = Store::open(&path).unwrap();
        let mode: String = store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let timeout: i64 = store.conn.pragma_query_value(None, "busy_timeout", |r| r.get(0)).unwrap();
        assert_eq!(timeout, 5000);
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
}
