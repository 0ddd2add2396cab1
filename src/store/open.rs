//! Before SQLite touches a file: refusing what is not an mpplan database, creating a private one,
//! deciding whether it can be written, and connecting to it read-only.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{Result, SCHEMA_VERSION, StoreError};

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Refuses an existing file that is not an SQLite database, or is from a newer mpplan, reading only
/// its header so the file is left exactly as it was. Returns whether the file already holds a
/// database (false for a missing or empty file).
pub(super) fn check_existing(path: &Path) -> Result<bool> {
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(source) => return Err(StoreError::Create { path: path.to_path_buf(), source }),
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
            Err(source) => return Err(StoreError::Create { path: path.to_path_buf(), source }),
        }
    }
    if read == 0 {
        return Ok(false); // an empty file is an empty database
    }
    // A file of zeros is one another program is making at this moment: SQLite, reading through its
    // memory map, first extends a new file to its size, then writes the pages. SQLite reads it
    // under its locks once it is made, and refuses it if it stays zeros.
    if header[..read].iter().all(|&b| b == 0) {
        return Ok(false);
    }
    if read < header.len() || &header[..16] != SQLITE_HEADER {
        return Err(StoreError::NotADatabase(path.to_path_buf()));
    }
    let version = i64::from(u32::from_be_bytes([header[60], header[61], header[62], header[63]]));
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found: version, known: SCHEMA_VERSION });
    }
    Ok(true)
}

/// Creates the database's directory (0700) and file (0600) when missing: it holds contact details.
pub(super) fn create_private(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        create_private_dir(dir)?;
    }
    match new_private_file(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(StoreError::Create { path: path.to_path_buf(), source }),
    }
}

/// Creates `dir` and any missing parents, readable only by their owner.
pub(super) fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|source| StoreError::Create { path: dir.to_path_buf(), source })
}

/// Creates a new, empty file readable only by its owner. It fails if anything (a file, or a link
/// to one) is already at `path`.
pub(super) fn new_private_file(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// The folder a database file is in ("." for a bare file name).
pub(super) fn folder(path: &Path) -> &Path {
    path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Whether this process may write the existing file at `path` and create files beside it (SQLite
/// needs both: its write-ahead log lives in the same folder).
pub(super) fn writable(path: &Path) -> bool {
    may_write(path) && may_write(folder(path))
}

#[cfg(unix)]
fn may_write(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(name) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `name` is a valid NUL-terminated string that outlives the call.
    unsafe { libc::access(name.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
fn may_write(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

/// Connects to `path` without ever writing to it. SQLite needs to create its shared-memory file
/// beside a database in write-ahead-log mode even to read it; in a folder that does not allow that
/// (or, with `settled`, for a file nobody is writing: a backup), and with no log left to read, the
/// file is opened as immutable instead.
pub(super) fn connect_read_only(path: &Path, settled: bool) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let immutable = (settled || !may_write(folder(path))) && !companion(path, "-wal").exists();
    let target = match immutable_uri(path).filter(|_| immutable) {
        Some(uri) => uri,
        None => path.to_string_lossy().into_owned(),
    };
    Connection::open_with_flags(&target, flags).map_err(|source| StoreError::Open { path: path.to_path_buf(), source })
}

/// `path` with `suffix` added to its name (`-wal`, `-shm`).
fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether the database at `path` was left with a write-ahead log but no shared-memory file (as a
/// crash leaves it) in a folder this process cannot write: SQLite needs to create the
/// shared-memory file to read the log, so it cannot read the database where it is.
pub(super) fn stranded_log(path: &Path) -> bool {
    companion(path, "-wal").exists() && !companion(path, "-shm").exists() && !may_write(folder(path))
}

/// A private temporary folder, deleted with everything in it when dropped.
pub(crate) struct Scratch(PathBuf);

impl Scratch {
    /// Makes a new private (0700) folder in the system's temporary folder.
    pub(super) fn new() -> Result<Scratch> {
        let base = std::env::temp_dir();
        let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        (0..100)
            .map(|n| base.join(format!("mpplan-{}-{stamp}-{n}", std::process::id())))
            .find(|dir| builder.create(dir).is_ok())
            .map(Scratch)
            .ok_or_else(|| StoreError::Create {
                path: base,
                source: io::Error::other("cannot make a private folder for a copy"),
            })
    }

    /// Copies the database at `path`, with its write-ahead log if it has one, into this folder
    /// (readable only by the owner), and returns where the copy is.
    pub(super) fn take(&self, path: &Path) -> Result<PathBuf> {
        let fail = |at: &Path, source: io::Error| StoreError::Create { path: at.to_path_buf(), source };
        let copy = self.0.join("copy.sqlite3");
        let log = companion(path, "-wal");
        let files = [(path.to_path_buf(), copy.clone()), (log.clone(), companion(&copy, "-wal"))];
        for (from, to) in files.iter().take(if log.exists() { 2 } else { 1 }) {
            let mut source = fs::File::open(from).map_err(|e| fail(from, e))?;
            let mut target = new_private_file(to).map_err(|e| fail(to, e))?;
            io::copy(&mut source, &mut target).map_err(|e| fail(from, e))?;
        }
        Ok(copy)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Connects, read and write, to a file this process owns: checks need it, because SQLite leaves
/// out CHECK constraints (and so `PRAGMA integrity_check` does not check them) on a database it
/// opens read-only.
pub(super) fn connect_to_check(path: &Path) -> Result<Connection> {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|source| StoreError::Open { path: path.to_path_buf(), source })
}

/// Reads a database whose log is stranded ([`stranded_log`]) from a private copy of the file and
/// its log in a temporary folder, where SQLite can replay the log: everything committed is seen,
/// and nothing is ever written beside the original.
pub(super) fn connect_through_copy(path: &Path) -> Result<(Connection, Scratch)> {
    let scratch = Scratch::new()?;
    let copy = scratch.take(path)?;
    let conn = connect_to_check(&copy).map_err(|e| match e {
        StoreError::Open { source, .. } => StoreError::Open { path: path.to_path_buf(), source },
        e => e,
    })?;
    conn.pragma_update(None, "query_only", true)?;
    Ok((conn, scratch))
}

/// An SQLite URI naming `path` as an immutable file (None if the path is not UTF-8).
fn immutable_uri(path: &Path) -> Option<String> {
    let text = path.to_str()?;
    let mut uri = String::from("file:");
    for c in text.chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", u32::from(c))),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    Some(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn immutable_uris_escape_what_sqlite_would_read_as_syntax() {
        assert_eq!(immutable_uri(Path::new("/tmp/a b/x.sqlite3")).unwrap(), "file:/tmp/a b/x.sqlite3?immutable=1");
        assert_eq!(immutable_uri(Path::new("/t/50%?#.db")).unwrap(), "file:/t/50%25%3F%23.db?immutable=1");
    }

    #[test]
    fn a_new_private_file_never_replaces_or_follows_anything() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        fs::write(&target, "kept").unwrap();
        assert_eq!(new_private_file(&target).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&target, &link).unwrap();
            assert_eq!(new_private_file(&link).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        }
        assert_eq!(fs::read_to_string(&target).unwrap(), "kept");
        assert!(writable(&target), "a file in a temporary folder is writable");
        assert_eq!(folder(Path::new("x.sqlite3")), Path::new("."));
    }
}
