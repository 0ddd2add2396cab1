//! Whole-database copies made with SQLite's online backup API: the automatic ones in `backups/`
//! beside the database (before a schema update, and once a day on first use; the last
//! [`AUTOMATIC_KEPT`] are kept, and always the newest that passed its check), the ones the user
//! asks for, and restoring the database from one. Every copy is checked page by page
//! (`PRAGMA integrity_check`, then `PRAGMA foreign_key_check`) before it is kept: a damaged
//! database is never copied over good copies, and a damaged copy is never restored.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::recovery::{self, is_damage_code, restorable, run, stamp};
use super::{Notice, Result, Store, StoreError, open};
use crate::domain::backups::{self, Kind};

pub use crate::domain::backups::AUTOMATIC_KEPT;

/// The meta key holding the London date of the last automatic daily copy.
const LAST_AUTOMATIC: &str = "last_automatic_backup";

impl Store {
    /// Writes a consistent copy of the whole database into `path`, which must be missing or empty,
    /// and checks it.
    pub fn copy_to(&self, path: &Path) -> Result<()> {
        match fs::metadata(path) {
            Ok(m) if m.len() > 0 => return Err(copy_failed(path, "the file already exists")),
            Ok(_) => {}
            Err(_) => drop(open::new_private_file(path).map_err(|e| copy_failed(path, &e.to_string()))?),
        }
        self.copy_into(path).and_then(|()| self.verify(path)).inspect_err(|_| drop(fs::remove_file(path)))
    }

    /// Copies the whole database into `out`, or into a new file in `backups/` beside it, checks
    /// the copy, and returns where it is. A damaged database is not copied (the error is
    /// [`StoreError::Damaged`]). An existing file (or a link to one) is refused unless `replace`; a
    /// replaced file is swapped for the finished copy in one step, so it is never left half written.
    pub fn save_copy(&self, out: Option<&Path>, replace: bool) -> Result<PathBuf> {
        let Some(out) = out else {
            return self.new_copy(Kind::Yours, "");
        };
        if !replace {
            open::new_private_file(out).map_err(|e| match e.kind() {
                io::ErrorKind::AlreadyExists => copy_failed(out, "the file already exists; add --force to replace it"),
                _ => copy_failed(out, &e.to_string()),
            })?;
            return self
                .copy_into(out)
                .and_then(|()| self.verify(out))
                .inspect_err(|_| drop(fs::remove_file(out)))
                .map(|()| out.to_path_buf());
        }
        let name = out.file_name().ok_or_else(|| copy_failed(out, "it is not a file name"))?;
        let mut partial = name.to_os_string();
        partial.push(format!(".{}.partial", std::process::id()));
        let partial = out.with_file_name(partial);
        let _ = fs::remove_file(&partial);
        open::new_private_file(&partial).map_err(|e| copy_failed(&partial, &e.to_string()))?;
        let copied = self
            .copy_into(&partial)
            .and_then(|()| self.verify(&partial))
            .and_then(|()| fs::rename(&partial, out).map_err(|e| copy_failed(out, &e.to_string())));
        if copied.is_err() {
            let _ = fs::remove_file(&partial);
        }
        copied.map(|()| out.to_path_buf())
    }

    /// A checked copy in `backups/` made before a change that replaces the user's data (`note` says
    /// which, e.g. "-before-import"); [`Store::discard_copy`] deletes it if the change is refused.
    pub fn safety_copy(&self, note: &str) -> Result<PathBuf> {
        self.new_copy(Kind::Yours, note)
    }

    /// Deletes a copy this program just made in `backups/` (and its check record, and the folders
    /// if that leaves them empty), when what it was made for changed nothing after all.
    pub fn discard_copy(&self, path: &Path) {
        let Some(dir) = self.backups_dir().filter(|dir| path.parent() == Some(dir.as_path())) else {
            return;
        };
        if let Err(e) = recovery::delete_copy(path) {
            return tracing::warn!(error = %e, path = %path.display(), "could not delete an unused copy");
        }
        // Only an empty folder can be removed, so nothing else is ever lost here.
        let _ = fs::remove_dir(recovery::verified_dir(&dir));
        let _ = fs::remove_dir(&dir);
    }

    /// The folder that holds this database's copies (None in memory).
    pub fn backups_dir(&self) -> Option<PathBuf> {
        self.path.as_deref().map(recovery::backups_dir)
    }

    /// Replaces the whole database with the mpplan database in `file`, after checking that it is
    /// one this mpplan can open and that it is sound, and keeping a copy of the database as it was
    /// in `backups/` (whose path is returned). An older file is brought up to date.
    pub fn restore_from(&mut self, file: &Path) -> Result<PathBuf> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone().unwrap_or_default()));
        }
        let (source, _scratch) = restorable(file, self.path.as_deref())?;
        self.restore_checked(&source, file)
    }

    /// Replaces the whole database with the checked copy open on `source` (read from `file`),
    /// keeping a copy of the database as it was.
    pub(super) fn restore_checked(&mut self, source: &Connection, file: &Path) -> Result<PathBuf> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.clone().unwrap_or_default()));
        }
        let kept = self.new_copy(Kind::Yours, "-before-restore")?;
        let backup = Backup::new(source, &mut self.conn)?;
        run(&backup)?;
        drop(backup);
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.prepare()?;
        tracing::info!(from = %file.display(), kept = %kept.display(), "restored the database");
        Ok(kept)
    }

    /// Copies the database into `backups/` as an automatic copy (`note` says why, if not the daily
    /// one), then deletes the automatic copies rotation no longer keeps.
    pub(super) fn keep_automatic_copy(&self, note: &str) -> Result<PathBuf> {
        let path = self.new_copy(Kind::Automatic, note)?;
        if let Err(e) = self.prune() {
            tracing::warn!(error = %e, "could not delete old automatic backups");
        }
        Ok(path)
    }

    /// Once a day, on first use, copies the database into `backups/`. With `copied_already` (a
    /// database only just created, or just copied before its schema changed) the date is recorded
    /// without another copy. A copy that fails is logged and tried again next time; it never stops
    /// the program. A damaged database is not copied: the user is told (a [`Notice`]), once that
    /// day, and the copies already made are all kept.
    pub(super) fn daily_copy(&mut self, copied_already: bool) {
        let today = stamp(self.today).date().to_string();
        let last = |conn: &Connection| -> rusqlite::Result<Option<String>> {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", [LAST_AUTOMATIC], |r| r.get(0)).optional()
        };
        if last(&self.conn).ok().flatten().as_deref() == Some(today.as_str()) {
            return;
        }
        // Claim today's copy in a transaction, so that of several programs opening the database at
        // once only one makes it.
        let claimed = self.write(|tx| {
            let before = last(tx)?;
            if before.as_deref() == Some(today.as_str()) {
                return Ok(None);
            }
            set_last(tx, Some(&today))?;
            Ok(Some(before))
        });
        let before = match claimed {
            Ok(Some(before)) if !copied_already => before,
            Ok(_) => return,
            Err(e) if e.is_damage() => return self.notices.push(Notice::NotCopied { detail: e.to_string() }),
            Err(e) => return tracing::warn!(error = %e, "could not record today's automatic backup"),
        };
        match self.keep_automatic_copy("") {
            Ok(_) => {}
            Err(StoreError::Damaged { detail, .. }) => {
                tracing::warn!(detail, "the database is damaged: today's automatic backup was not made");
                self.notices.push(Notice::NotCopied { detail });
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not make today's automatic backup");
                let _ = self.write(|tx| set_last(tx, before.as_deref()));
            }
        }
    }

    /// A new, uniquely named, checked copy in `backups/`:
    /// `<database name>-<kind><London time><note>.sqlite3`.
    fn new_copy(&self, kind: Kind, note: &str) -> Result<PathBuf> {
        let (Some(dir), Some(db)) = (self.backups_dir(), self.path.as_deref()) else {
            return Err(StoreError::Invalid("a database in memory has no folder for backups".into()));
        };
        open::create_private_dir(&dir)?;
        let made = stamp(self.today);
        for n in 1..=100 {
            let path = dir.join(backups::file_name(recovery::stem(db), kind, made, note, n));
            match open::new_private_file(&path) {
                Ok(_) => {
                    self.copy_into(&path)
                        .and_then(|()| self.verify(&path))
                        .inspect_err(|_| drop(fs::remove_file(&path)))?;
                    if let Err(e) = recovery::record_verified(&path) {
                        tracing::warn!(error = %e, path = %path.display(), "could not record that the copy is sound");
                    }
                    return Ok(path);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(copy_failed(&path, &e.to_string())),
            }
        }
        Err(copy_failed(&dir, "too many copies made this second"))
    }

    /// Copies every page of the database into the empty file at `path`, as one consistent snapshot.
    /// A database too damaged to be read is [`StoreError::Damaged`].
    fn copy_into(&self, path: &Path) -> Result<()> {
        let fail = |e: rusqlite::Error| match is_damage_code(&e) {
            true => self.damaged(e.to_string()),
            false => copy_failed(path, &e.to_string()),
        };
        let mut target =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(|e| copy_failed(path, &e.to_string()))?;
        match run(&Backup::new(&self.conn, &mut target).map_err(fail)?) {
            Err(StoreError::Sql(e)) => return Err(fail(e)),
            other => other?,
        }
        target.close().map_err(|(_, e)| copy_failed(path, &e.to_string()))
    }

    /// Checks the copy just made at `path`, which is the database page for page: a copy that fails
    /// the check means the database is damaged.
    fn verify(&self, path: &Path) -> Result<()> {
        match recovery::check_file(path)? {
            None => Ok(()),
            Some(detail) => Err(self.damaged(detail)),
        }
    }

    fn damaged(&self, detail: String) -> StoreError {
        StoreError::Damaged { path: self.path.clone().unwrap_or_default(), detail }
    }

    /// Deletes the automatic copies of this database that rotation no longer keeps: all but the
    /// newest [`AUTOMATIC_KEPT`], and never the newest that passed its check. The user's own
    /// copies are never touched.
    fn prune(&self) -> io::Result<()> {
        let Some(db) = self.path.as_deref() else {
            return Ok(());
        };
        let automatic: Vec<recovery::CopyInfo> = recovery::list_copies(db)
            .map_err(|e| io::Error::other(e.to_string()))?
            .into_iter()
            .filter(|c| c.name.kind == Kind::Automatic)
            .collect();
        let ages: Vec<(NaiveDateTime, bool)> = automatic.iter().map(|c| (c.name.made, c.verified)).collect();
        for i in backups::to_prune(&ages) {
            recovery::delete_copy(&automatic[i].path)?;
            tracing::info!(path = %automatic[i].path.display(), "deleted an old automatic backup");
        }
        Ok(())
    }
}

/// Records (or with None, forgets) the date of the last automatic daily copy.
fn set_last(tx: &Connection, date: Option<&str>) -> Result<()> {
    match date {
        Some(date) => tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![LAST_AUTOMATIC, date],
        ),
        None => tx.execute("DELETE FROM meta WHERE key = ?1", [LAST_AUTOMATIC]),
    }?;
    Ok(())
}

fn copy_failed(path: &Path, reason: &str) -> StoreError {
    StoreError::Copy { path: path.to_path_buf(), reason: reason.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Access;
    use chrono::NaiveDate;

    use crate::store::{BACKUPS_DIR, SCHEMA_VERSION};

    /// A database on disk with the shipped data, and the folder it is in.
    fn on_disk() -> (tempfile::TempDir, PathBuf, Store) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mpplan.sqlite3");
        let mut store = Store::open(&path).unwrap();
        crate::data::ensure_loaded(&mut store).unwrap();
        store.set_setting("attendee_limit", "5").unwrap();
        (dir, path, store)
    }

    /// What is in `dir`, but for the hidden folder recording which copies passed their check.
    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        names.retain(|n| n != ".verified");
        names.sort();
        names
    }

    #[test]
    fn a_copy_is_the_whole_database_and_never_overwrites_without_being_told() {
        let (dir, _, store) = on_disk();
        let path = dir.path().join("copy.sqlite3");
        store.copy_to(&path).unwrap();
        let copy = Store::open_with(&path, Access::ReadOnly).unwrap();
        assert_eq!(copy.plan_export().unwrap(), store.plan_export().unwrap());
        assert!(store.copy_to(&path).is_err(), "an existing copy is never overwritten");
        let before = fs::read(&path).unwrap();
        let err = store.save_copy(Some(&path), false).unwrap_err();
        assert!(err.to_string().contains("already exists; add --force"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), before);
        fs::write(&path, "not a database").unwrap();
        store.save_copy(Some(&path), true).unwrap();
        assert_eq!(
            Store::open_with(&path, Access::ReadOnly).unwrap().plan_export().unwrap(),
            store.plan_export().unwrap()
        );
        assert!(!files(dir.path()).iter().any(|f| f.contains("partial")), "{:?}", files(dir.path()));
    }

    #[test]
    fn an_existing_database_is_copied_before_its_schema_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        Connection::open(&path).unwrap().execute_batch("CREATE TABLE kept(x); INSERT INTO kept VALUES (42);").unwrap();
        let store = Store::open(&path).unwrap();
        let copies = files(&dir.path().join(BACKUPS_DIR));
        assert_eq!(copies.len(), 1, "{copies:?}");
        assert!(
            copies[0].starts_with("old-auto-")
                && copies[0].ends_with(&format!("-before-schema-{SCHEMA_VERSION}.sqlite3")),
            "{copies:?}"
        );
        let copy = Connection::open(dir.path().join(BACKUPS_DIR).join(&copies[0])).unwrap();
        let kept: i64 = copy.query_row("SELECT x FROM kept", [], |r| r.get(0)).unwrap();
        let version: i64 = copy.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!((kept, version), (42, 0), "the copy is the database as it was before");
        let migrated: i64 = store.conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(migrated, SCHEMA_VERSION);
    }

    #[test]
    fn the_first_use_of_a_day_makes_one_copy_and_a_new_database_none() {
        let (dir, path, mut store) = on_disk();
        let backups = dir.path().join(BACKUPS_DIR);
        assert!(files(&backups).is_empty(), "a new database has nothing to copy");
        store.write(|tx| set_last(tx, Some("2020-01-01"))).unwrap();
        drop(store);
        for _ in 0..3 {
            Store::open(&path).unwrap();
        }
        let copies = files(&backups);
        assert_eq!(copies.len(), 1, "{copies:?}");
        assert!(copies[0].starts_with("mpplan-auto-"), "{copies:?}");
        let copy = Store::open_with(&backups.join(&copies[0]), Access::ReadOnly).unwrap();
        assert_eq!(copy.setting("attendee_limit").unwrap().as_deref(), Some("5"));
    }

    #[test]
    fn rotation_never_deletes_the_newest_copy_that_passed_its_check() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mpplan.sqlite3");
        let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let store = Store::open_on(&path, Access::Auto, day).unwrap();
        let good = store.keep_automatic_copy("").unwrap();
        let backups = dir.path().join(BACKUPS_DIR);
        for day in 1..=8 {
            fs::write(backups.join(format!("mpplan-auto-202101{day:02}-080000.sqlite3")), "never checked").unwrap();
        }
        store.prune().unwrap();
        let copies = files(&backups);
        assert!(copies.contains(&good.file_name().unwrap().to_string_lossy().into_owned()), "{copies:?}");
        assert_eq!(copies.len(), AUTOMATIC_KEPT + 1, "the newest seven, and the good one: {copies:?}");
        assert!(!copies.contains(&"mpplan-auto-20210101-080000.sqlite3".to_string()), "{copies:?}");
    }

    /// Breaks a CHECK constraint of a shipped table, as a flipped bit in a value can: only a check
    /// on a connection that may write finds it.
    fn break_a_check_constraint(path: &Path) {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch(
            "PRAGMA ignore_check_constraints = ON;
             UPDATE postcode_areas SET share = 2 WHERE area = (SELECT min(area) FROM postcode_areas);",
        )
        .unwrap();
    }

    #[test]
    fn a_damaged_database_is_never_copied_and_a_damaged_copy_never_restored() {
        let (dir, path, mut store) = on_disk();
        store.write(|tx| set_last(tx, Some("2020-01-01"))).unwrap();
        drop(store);
        break_a_check_constraint(&path);
        let backups = dir.path().join(BACKUPS_DIR);

        let mut store = Store::open(&path).unwrap();
        let notices = store.take_notices();
        assert!(matches!(&notices[..], [Notice::NotCopied { detail }] if detail.contains("CHECK")), "{notices:?}");
        assert!(files(&backups).is_empty(), "{:?}", files(&backups));
        let err = store.save_copy(None, false).unwrap_err();
        assert!(matches!(err, StoreError::Damaged { .. }) && err.is_damage(), "{err}");
        let out = dir.path().join("out.sqlite3");
        assert!(matches!(store.save_copy(Some(&out), false), Err(StoreError::Damaged { .. })));
        assert!(matches!(store.save_copy(Some(&out), true), Err(StoreError::Damaged { .. })));
        assert!(files(&backups).is_empty() && !out.exists(), "{:?}", files(dir.path()));
        drop(store);

        let (other_dir, _, mut other) = on_disk();
        let before = other.plan_export().unwrap();
        let err = other.restore_from(&path).unwrap_err();
        assert!(err.to_string().contains("it is damaged, so it cannot be used"), "{err}");
        assert_eq!(other.plan_export().unwrap(), before);
        assert!(files(&other_dir.path().join(BACKUPS_DIR)).is_empty());
    }

    #[test]
    fn only_an_mpplan_database_other_than_this_one_is_restored() {
        let (dir, path, mut store) = on_disk();
        let other = dir.path().join("other.sqlite3");
        Connection::open(&other).unwrap().execute_batch("CREATE TABLE t(x); PRAGMA user_version = 1;").unwrap();
        for (file, reason) in [(&other, "not an mpplan database"), (&path, "it is the database itself")] {
            let err = store.restore_from(file).unwrap_err();
            assert!(matches!(err, StoreError::NotRestorable { .. }), "{err}");
            assert!(err.to_string().contains(reason) && err.to_string().ends_with("nothing was changed"), "{err}");
        }
        assert!(files(&dir.path().join(BACKUPS_DIR)).is_empty(), "nothing kept: nothing was replaced");
        assert_eq!(store.setting("attendee_limit").unwrap().as_deref(), Some("5"));
    }
}
