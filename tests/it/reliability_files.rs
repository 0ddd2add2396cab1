//! Files: the database, its backups and every export are created readable only by their owner
//! (0600, folders 0700), and nothing is ever written through a link onto an existing file unless
//! the user says --force.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use rusqlite::Connection;

use crate::common::Env;

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_database_its_backups_and_exports_are_private() {
    let env = Env::new();
    env.run(&["track", "E14001323"]);
    env.run(&["propose", "E14001323", "--start", "2027-01-08 10:00", "-d", "1h", "--kind", "visit"]);
    let data = env.db().parent().unwrap().to_path_buf();
    // Yesterday's automatic copy was never made: today's first use makes one.
    Connection::open(env.db())
        .unwrap()
        .execute("UPDATE meta SET value = '2020-01-01' WHERE key = 'last_automatic_backup'", [])
        .unwrap();
    env.run(&["mps", "--tracked"]);
    env.run(&["backup"]);
    let out = env.dir.path().join("out");
    fs::create_dir(&out).unwrap();
    let exports: [&[&str]; 6] = [
        &["export", "json", "--out"],
        &["export", "ics", "--out"],
        &["export", "csv", "proposals", "--out"],
        &["letter", "E14001323", "--out"],
        &["brief", "E14001323", "--out"],
        &["backup", "--out"],
    ];
    for (n, args) in exports.iter().enumerate() {
        let file = out.join(format!("export-{n}"));
        env.run(&[*args, &[file.to_str().unwrap()]].concat());
    }
    let copies = fs::read_dir(data.join("backups")).unwrap().map(|e| e.unwrap().path());
    let backup = copies.into_iter().find(|p| p.extension().is_some_and(|e| e == "sqlite3")).unwrap();
    env.run(&["restore", backup.to_str().unwrap(), "--yes"]);

    assert_eq!(mode(&data), 0o700, "the database folder");
    assert_eq!(mode(&data.join("backups")), 0o700, "the backups folder");
    let mut checked = Vec::new();
    assert_eq!(mode(&data.join("backups").join(".verified")), 0o700, "the records of which copies were checked");
    for dir in [&data, &data.join("backups"), &data.join("backups").join(".verified"), &out] {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                assert_eq!(mode(&path), 0o600, "{}", path.display());
                checked.push(path.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    let count = |needle: &str| checked.iter().filter(|f| f.contains(needle)).count();
    assert_eq!(count("export-"), exports.len(), "{checked:?}");
    // Each copy, and the record that it passed its check.
    assert_eq!((count("-auto-"), count("-before-restore")), (2, 2), "{checked:?}");
    assert!(checked.contains(&"mpplan.sqlite3".to_string()) && checked.contains(&"mpplan.log".to_string()));
}

#[test]
fn an_export_or_backup_never_follows_a_link_onto_an_existing_file() {
    let env = Env::new();
    env.run(&["track", "E14001323"]);
    let target = env.dir.path().join("precious.txt");
    fs::write(&target, "precious").unwrap();
    let link = env.dir.path().join("link");
    symlink(&target, &link).unwrap();
    let dangling = env.dir.path().join("dangling");
    let nowhere = env.dir.path().join("nowhere.txt");
    symlink(&nowhere, &dangling).unwrap();
    for to in [&link, &dangling] {
        let to = to.to_str().unwrap();
        for args in [
            &["export", "json", "--out", to][..],
            &["export", "csv", "engagements", "--out", to],
            &["backup", "--out", to],
        ] {
            let err = env.fail(args, 2);
            assert!(err.contains("already exists; choose another file or add --force"), "{args:?}: {err}");
        }
    }
    assert_eq!(fs::read_to_string(&target).unwrap(), "precious");
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link itself is left alone");
    assert!(!nowhere.exists(), "nothing was created through the dangling link");
}

#[test]
fn force_replaces_a_link_itself_and_never_writes_through_it() {
    let env = Env::new();
    env.run(&["track", "E14001323"]);
    env.run(&["log", "E14001323", "--kind", "letter", "--note", "First letter"]);
    let dir = env.dir.path();
    let exports: [&[&str]; 8] = [
        &["export", "json"],
        &["export", "ics"],
        &["export", "csv", "interactions"],
        &["report"],
        &["report", "--format", "csv"],
        &["letter", "E14001323"],
        &["brief", "E14001323"],
        &["backup"],
    ];
    for (n, args) in exports.iter().enumerate() {
        let target = dir.join(format!("precious-{n}.txt"));
        fs::write(&target, "precious").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o644)).unwrap();
        let link = dir.join(format!("link-{n}"));
        symlink(&target, &link).unwrap();
        env.run(&[*args, &["--out", link.to_str().unwrap(), "--force"]].concat());
        assert_eq!(fs::read_to_string(&target).unwrap(), "precious", "{args:?} wrote through the link");
        assert_eq!(mode(&target), 0o644, "{args:?} changed the link's target");
        let meta = fs::symlink_metadata(&link).unwrap();
        assert!(meta.file_type().is_file(), "{args:?}: the link is replaced by a file of its own");
        assert_eq!(mode(&link), 0o600, "{args:?}");
        assert!(fs::metadata(&link).unwrap().len() > 0, "{args:?}");
    }
    let leftovers: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_log_is_never_written_through_a_link() {
    let env = Env::new();
    env.run(&["track", "E14001323"]);
    let log = env.db().with_file_name("mpplan.log");
    fs::remove_file(&log).unwrap();
    let target = env.dir.path().join("precious.txt");
    fs::write(&target, "precious").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o644)).unwrap();
    symlink(&target, &log).unwrap();
    env.run(&["log", "E14001323", "--kind", "call"]);
    env.fail(&["proposal", "show", "999"], 2);
    assert_eq!(fs::read_to_string(&target).unwrap(), "precious");
    assert_eq!(mode(&target), 0o644);
    assert!(fs::symlink_metadata(&log).unwrap().file_type().is_symlink(), "the link is left as it is");

    let dangling = env.dir.path().join("nowhere.log");
    fs::remove_file(&log).unwrap();
    symlink(&dangling, &log).unwrap();
    env.fail(&["proposal", "show", "999"], 2);
    assert!(!dangling.exists(), "nothing is created through a dangling link");
}

/// A full disk under the log: a device that refuses every write as /dev/full does (made with
/// mknod, which needs root; elsewhere the test says it was skipped). The error is still one line,
/// with nothing from the logging before it.
#[test]
fn a_full_disk_under_the_log_still_gives_one_error_line() {
    let env = Env::new();
    env.run(&["track", "E14001323"]);
    let log = env.db().with_file_name("mpplan.log");
    fs::remove_file(&log).unwrap();
    let made = std::process::Command::new("mknod").arg(&log).args(["c", "1", "7"]).output();
    if !made.as_ref().is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: mknod cannot make a full device here (it needs root)");
        return;
    }
    let err = env.fail(&["proposal", "show", "999"], 2);
    assert!(err.starts_with("error: there is no proposal 999"), "{err}");
    let out = env.cmd().args(["log", "E14001323", "--kind", "call"]).output().unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
