//! Backups: `mpplan backup` and `mpplan restore` round trip; the automatic daily copies keep the
//! last seven; a database that cannot be written opens read-only, lists, and refuses changes
//! without touching the file. (Refused restores are rows of reliability_bad_input.rs; the copy
//! made before a schema update is tested in src/store/snapshot.rs.)

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::Env;
use rusqlite::Connection;

/// Everything the user created, and the tracked MPs.
fn dump(env: &Env) -> (String, String) {
    (env.run(&["export", "json"]), env.run(&["mps", "--tracked", "--json"]))
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_backup_restores_exactly_and_the_replaced_database_is_kept() {
    let env = Env::new();
    env.run(&["org", "set", "--name", "Leeds Teaching Hospitals"]);
    env.run(&["track", "E14001323"]);
    env.run(&["log", "E14001323", "--kind", "letter", "--note", "First letter"]);
    env.run(&["propose", "E14001323", "--start", "2027-01-08 10:00", "-d", "1h", "--kind", "visit"]);
    let saved = dump(&env);
    let copy = env.dir.path().join("copy.sqlite3");
    let out = env.run(&["backup", "--out", copy.to_str().unwrap()]);
    assert!(out.starts_with(&format!("A copy of the database is in {}.", copy.display())), "{out}");
    let out = env.run(&["backup"]);
    assert!(out.contains("/backups/mpplan-2"), "by default a new file in backups/: {out}");

    env.run(&["log", "E14001323", "--kind", "call", "--note", "Later call"]);
    env.run(&["untrack", "E14001323"]);
    let changed = dump(&env);
    assert_ne!(changed, saved);
    let out = env.run(&["restore", copy.to_str().unwrap(), "--yes"]);
    assert!(out.starts_with(&format!("Restored the database from {}.", copy.display())), "{out}");
    assert!(dump(&env) == saved, "the restored database is the backup, exactly");

    let kept =
        out.lines().last().unwrap().trim_start_matches("The database as it was is kept in ").trim_end_matches('.');
    assert!(kept.ends_with("-before-restore.sqlite3"), "{out}");
    env.run(&["restore", kept, "--yes"]);
    assert!(dump(&env) == changed, "the kept copy brings back the database as it was before the restore");
}

#[test]
fn the_daily_copy_is_made_once_and_only_the_last_seven_are_kept() {
    let env = Env::new();
    env.run(&["track", "E14001323"]);
    let backups = env.db().parent().unwrap().join("backups");
    assert!(!backups.exists(), "a database created today has nothing to copy yet");
    fs::create_dir(&backups).unwrap();
    for day in 1..=9 {
        fs::write(backups.join(format!("mpplan-auto-202001{day:02}-080000.sqlite3")), "old").unwrap();
    }
    fs::write(backups.join("mpplan-20200101-080000.sqlite3"), "the user's own").unwrap();
    let last_copy = |date: &str| {
        let conn = Connection::open(env.db()).unwrap();
        conn.execute("UPDATE meta SET value = ?1 WHERE key = 'last_automatic_backup'", [date]).unwrap();
    };
    last_copy("2020-01-09");
    for _ in 0..3 {
        env.run(&["mps", "--tracked"]);
    }
    let kept = files(&backups);
    let automatic: Vec<&String> = kept.iter().filter(|f| f.contains("-auto-")).collect();
    assert_eq!(automatic.len(), 7, "{kept:?}");
    assert_eq!(automatic[0], "mpplan-auto-20200104-080000.sqlite3", "the oldest go first: {kept:?}");
    assert!(!automatic[6].starts_with("mpplan-auto-2020"), "today's copy is the newest: {kept:?}");
    assert!(kept.contains(&"mpplan-20200101-080000.sqlite3".to_string()), "the user's own copies stay: {kept:?}");
    let today = Connection::open(backups.join(automatic[6])).unwrap();
    let engagements: i64 = today.query_row("SELECT count(*) FROM engagements", [], |r| r.get(0)).unwrap();
    assert_eq!(engagements, 1, "the copy is the database");
}

#[cfg(unix)]
/// Runs the binary as the unprivileged user `nobody` (for root, whom file permissions do not stop).
fn as_nobody(env: &Env, args: &[&str]) -> Output {
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--", env!("CARGO_BIN_EXE_mpplan")])
        .args(args)
        .env_clear()
        .env("HOME", env.dir.path())
        .env("MPPLAN_DB", env.db())
        .env("MPPLAN_TODAY", "2026-11-24")
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_database_that_cannot_be_written_is_listed_and_never_changed() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.run(&["track", "E14001323"]);
    env.run(&["log", "E14001323", "--kind", "letter", "--note", "First letter"]);
    let data = env.db().parent().unwrap().to_path_buf();
    let before = fs::read(env.db()).unwrap();
    let set_mode = |path: &Path, mode| fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    set_mode(env.dir.path(), 0o755);
    set_mode(&env.db(), 0o444);
    set_mode(&data, 0o555);
    let permissions_stop_us = fs::OpenOptions::new().append(true).open(env.db()).is_err();
    let run = |args: &[&str]| {
        if permissions_stop_us { env.cmd().args(args).output().unwrap() } else { as_nobody(&env, args) }
    };
    let usable = permissions_stop_us || as_nobody(&env, &["--version"]).status.success();
    if usable {
        let history = run(&["history", "E14001323"]);
        assert!(history.status.success(), "{}", String::from_utf8_lossy(&history.stderr));
        assert!(String::from_utf8_lossy(&history.stdout).contains("First letter"));
        assert!(run(&["agenda"]).status.success());
        let write = run(&["log", "E14001323", "--kind", "call"]);
        let err = String::from_utf8_lossy(&write.stderr);
        assert_eq!(write.status.code(), Some(1), "{err}");
        assert!(err.starts_with("error: the database is read-only: ") && err.lines().count() == 1, "{err}");
    }
    set_mode(&data, 0o700);
    set_mode(&env.db(), 0o600);
    if !usable {
        eprintln!("skipped: running as root, where permissions do not stop writes, and `setpriv` cannot run as nobody");
        return;
    }
    assert_eq!(fs::read(env.db()).unwrap(), before, "the file is unchanged");
    assert_eq!(files(&data).iter().filter(|f| f.contains("backups")).count(), 0, "no backup folder was made");
    assert!(env.run(&["history", "E14001323"]).contains("First letter"), "writable again, it opens as before");
}
