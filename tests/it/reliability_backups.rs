//! Backups: `mpplan backup` and `mpplan restore` round trip; the automatic daily copies keep the
//! last seven; a database that cannot be written opens read-only, lists, and refuses changes
//! without touching the file. A damaged database is named as such with the newest good copy and
//! the command that restores it, and is restored without being opened; a damaged copy is never
//! restored, nor copied over good ones. (Refused restores are rows of reliability_bad_input.rs; the
//! copy made before a schema update is tested in src/store/snapshot.rs.)

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use rusqlite::Connection;
use serde_json::Value;

use crate::common::Env;
use crate::common::damage::{Damage, EVERY_DAMAGE, Rng, damage, integrity};

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

/// An organisation, a tracked seat with a letter and a visit proposed.
fn fill(env: &Env) {
    env.run(&["org", "set", "--name", "Leeds Teaching Hospitals"]);
    env.run(&["track", "E14001323"]);
    env.run(&["log", "E14001323", "--kind", "letter", "--note", "First letter"]);
    env.run(&["propose", "E14001323", "--start", "2027-01-08 10:00", "-d", "1h", "--kind", "visit"]);
}

/// The restore command in a line about a damaged database, after checking that the line names
/// `good` as the newest good backup.
fn restore_command(line: &str, good: &str, db: &Path) -> String {
    let named = format!("the newest good backup is {good} (made ");
    assert!(line.starts_with(&format!("the database {} is damaged", db.display())), "{line}");
    assert!(line.contains(&named), "{line}");
    let command = line.split('`').nth(1).unwrap_or_else(|| panic!("no command in {line}"));
    assert!(command.starts_with(&format!("mpplan restore '{good}' --yes")), "{line}");
    command.to_string()
}

/// Runs a command line as the user would paste it into a shell, with this binary as `mpplan`.
fn paste(env: &Env, line: &str) -> Output {
    let binary = env!("CARGO_BIN_EXE_mpplan");
    let line = line.strip_prefix("mpplan ").map(|rest| format!("'{binary}' {rest}")).unwrap();
    Command::new("sh")
        .args(["-c", &line])
        .env_clear()
        .env("HOME", env.dir.path())
        .env("MPPLAN_DB", env.db())
        .env("MPPLAN_TODAY", "2026-11-24")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn each_kind_of_damage_names_the_newest_good_backup_and_restoring_it_works() {
    let mut restored = 0;
    for how in EVERY_DAMAGE {
        let env = Env::new();
        fill(&env);
        let saved = dump(&env);
        let out = env.run(&["backup"]);
        let good =
            out.lines().next().unwrap().trim_start_matches("A copy of the database is in ").trim_end_matches('.');
        damage(&env.db(), how);
        assert_ne!(integrity(&env.db()), "ok", "{how:?}: the database is damaged");
        let before = fs::read(env.db()).unwrap();

        // `backup` checks the database before copying it, so it finds every kind of damage.
        let err = env.fail(&["backup"], 1);
        let line = err.trim_end().strip_prefix("error: ").unwrap();
        let command = restore_command(line, good, &env.db());
        // Other commands work, or say the same.
        for args in [&["history", "E14001323"][..], &["agenda"], &["export", "json"]] {
            let out = env.cmd().args(args).output().unwrap();
            let said = text(&out.stderr);
            assert!(out.status.success() || (out.status.code() == Some(1) && said == err), "{how:?} {args:?}: {said}");
        }
        assert!(
            !fs::read_dir(env.db().parent().unwrap().join("backups"))
                .unwrap()
                .any(|e| { e.unwrap().file_name().to_string_lossy().contains("-auto-") }),
            "{how:?}: no copy of the damaged database"
        );

        let out = paste(&env, &command);
        assert!(out.status.success(), "{how:?}: {}", text(&out.stderr));
        let said = text(&out.stdout);
        assert!(said.starts_with(&format!("Restored the database from {good}.\n")), "{how:?}: {said}");
        let backups = env.db().parent().unwrap().join("backups");
        let aside = files(&backups).into_iter().find(|f| f.starts_with("mpplan-damaged-")).expect("moved aside");
        assert!(aside.ends_with(".sqlite3") && said.contains(&format!("moved to {}", backups.join(&aside).display())));
        assert_eq!(fs::read(backups.join(&aside)).unwrap(), before, "{how:?}: the damaged file is kept as it was");
        assert_eq!(integrity(&env.db()), "ok", "{how:?}");
        assert!(dump(&env) == saved, "{how:?}: the database is the good backup again");
        restored += 1;
    }
    eprintln!("damage patterns restored: {restored} of {}", EVERY_DAMAGE.len());
}

#[test]
fn a_damaged_copy_is_never_restored() {
    let env = Env::new();
    fill(&env);
    let good = env.dir.path().join("good.sqlite3");
    env.run(&["backup", "--out", good.to_str().unwrap()]);
    let bytes = fs::read(&good).unwrap();
    let mut rng = Rng::new(30);
    let (mut refused, mut restored) = (0, 0);
    for n in 0..30 {
        let mut flipped = bytes.clone();
        let at = rng.below(bytes.len() as u64) as usize;
        flipped[at] ^= 1 << rng.below(8);
        let copy = env.dir.path().join(format!("flipped-{n}.sqlite3"));
        fs::write(&copy, &flipped).unwrap();
        let out = env.cmd().args(["restore", copy.to_str().unwrap(), "--yes"]).output().unwrap();
        let err = text(&out.stderr);
        if out.status.success() {
            restored += 1;
        } else {
            refused += 1;
            assert_eq!(out.status.code(), Some(1), "{err}");
            assert!(err.starts_with("error: cannot restore from ") && err.lines().count() == 1, "{err}");
            assert!(err.trim_end().ends_with("nothing was changed"), "{err}");
        }
        assert_eq!(integrity(&env.db()), "ok", "copy {n}, a bit flipped at byte {at}: {err}");
    }
    eprintln!(
        "bit-flipped copies: {refused} of 30 refused, {restored} restored (the flip was where the check finds nothing wrong)"
    );
}

/// The automatic copies in `backups`, oldest first.
fn automatic(backups: &Path) -> Vec<String> {
    files(backups).into_iter().filter(|f| f.contains("-auto-")).collect()
}

#[test]
fn a_damaged_database_is_not_copied_and_the_last_good_copy_outlives_rotation() {
    let env = Env::new();
    fill(&env);
    let on = |day: String| {
        let out = env.cmd().env("MPPLAN_TODAY", &day).args(["mps", "--tracked"]).output().unwrap();
        assert!(out.status.success(), "{day}: {}", text(&out.stderr));
        text(&out.stderr)
    };
    let backups = env.db().parent().unwrap().join("backups");
    for day in 25..=30 {
        assert_eq!(on(format!("2026-11-{day}")), "");
    }
    for day in 1..=2 {
        assert_eq!(on(format!("2026-12-{day:02}")), "");
    }
    let good = automatic(&backups);
    assert_eq!(good.len(), 7, "eight days, seven copies kept: {good:?}");
    assert!(good[6].starts_with("mpplan-auto-20261202-"), "{good:?}");
    let newest = backups.join(&good[6]).display().to_string();

    damage(&env.db(), Damage::BrokenIndex);
    for day in 3..=12 {
        let day = format!("2026-12-{day:02}");
        let warned = on(day.clone());
        let line = warned.strip_prefix("warning: ").unwrap_or_else(|| panic!("{day}: warned {warned:?}"));
        assert_eq!(warned.lines().count(), 1, "{warned}");
        assert!(line.contains("is damaged, so today's automatic backup was not made"), "{line}");
        restore_command(line, &newest, &env.db());
        assert_eq!(on(day.clone()), "", "{day}: told once a day");
        assert_eq!(automatic(&backups), good, "{day}: the damaged database is not copied, and no good copy goes");
    }
    let listed = env.json(&["backup", "--list", "--json"]);
    let newest_verified = listed.as_array().unwrap().iter().find(|c| c["kind"] == "automatic" && c["verified"] == true);
    assert_eq!(newest_verified.unwrap()["file"], Value::from(newest));
}

#[test]
fn backup_list_shows_every_copy_with_its_kind_and_check_even_when_the_database_is_damaged() {
    let env = Env::new();
    fill(&env);
    let backups = env.db().parent().unwrap().join("backups");
    assert!(env.run(&["backup", "--list"]).starts_with("There are no copies in "));
    assert_eq!(env.json(&["backup", "--list", "--json"]), Value::Array(vec![]));
    env.run(&["backup"]);
    let yours = automatic_or_yours(&backups);
    env.run(&["restore", backups.join(&yours).to_str().unwrap(), "--yes"]);
    env.cmd().env("MPPLAN_TODAY", "2026-11-25").args(["agenda"]).assert().success();
    fs::write(backups.join("mpplan-20200101-080000.sqlite3"), "a copy from before copies were checked").unwrap();

    let listed = env.json(&["backup", "--list", "--json"]);
    let copies = listed.as_array().unwrap();
    let described: Vec<(&str, Option<&str>, bool)> =
        copies.iter().map(|c| (c["kind"].as_str().unwrap(), c["reason"].as_str(), c["verified"] == true)).collect();
    assert_eq!(
        described,
        [
            ("automatic", None, true),
            ("yours", Some("before a restore"), true),
            ("yours", None, true),
            ("yours", None, false)
        ],
        "newest first: {listed:#}"
    );
    for c in copies {
        let file = Path::new(c["file"].as_str().unwrap());
        assert_eq!(c["size"].as_u64().unwrap(), fs::metadata(file).unwrap().len(), "{c}");
        assert!(c["made"].as_str().unwrap().len() == 19, "{c}");
    }
    assert_eq!(copies[3]["made"], "2020-01-01T08:00:00");

    damage(&env.db(), Damage::Truncated);
    let text = env.run(&["backup", "--list"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], format!("Copies of {} in {}, newest first:", env.db().display(), backups.display()));
    assert!(lines[1].starts_with("MADE") && lines[1].contains("KIND") && lines[1].contains("CHECKED"), "{text}");
    assert!(lines[2].contains("automatic") && lines[2].contains(" yes "), "{text}");
    assert!(lines[3].contains("yours, before a restore") && lines[3].contains(" yes "), "{text}");
    assert!(lines[5].starts_with("2020-01-01 08:00") && lines[5].contains(" no "), "{text}");
    assert_eq!(lines.len(), 6, "{text}");
}

/// The one copy in `backups`.
fn automatic_or_yours(backups: &Path) -> String {
    let copies: Vec<String> = files(backups).into_iter().filter(|f| f.ends_with(".sqlite3")).collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    copies[0].clone()
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_with_a_log_left_by_a_crash_opens_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    fill(&env);
    // A crash leaves the last changes in the write-ahead log, beside the database, and no -shm
    // once the machine restarts: copy the two files while a connection holds the log open.
    let crashed = env.dir.path().join("crashed");
    fs::create_dir(&crashed).unwrap();
    let db = crashed.join("mpplan.sqlite3");
    {
        let conn = Connection::open(env.db()).unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        conn.execute("UPDATE interactions SET summary = 'Only in the log'", []).unwrap();
        fs::copy(env.db(), &db).unwrap();
        fs::copy(format!("{}-wal", env.db().display()), crashed.join("mpplan.sqlite3-wal")).unwrap();
    }
    assert!(fs::metadata(crashed.join("mpplan.sqlite3-wal")).unwrap().len() > 0, "the change is in the log");
    let before = (fs::read(&db).unwrap(), fs::read(crashed.join("mpplan.sqlite3-wal")).unwrap(), files(&crashed));
    let set_mode = |path: &Path, mode| fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
    set_mode(env.dir.path(), 0o755);
    for file in files(&crashed) {
        set_mode(&crashed.join(file), 0o444);
    }
    set_mode(&crashed, 0o555);
    let probe = crashed.join("probe");
    let permissions_stop_us = fs::File::create(&probe).is_err();
    let _ = fs::remove_file(&probe);
    let run = |args: &[&str]| {
        let mut cmd = if permissions_stop_us {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_mpplan"));
            cmd.env_clear().env("HOME", env.dir.path());
            cmd
        } else {
            let mut cmd = Command::new("setpriv");
            cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--", env!("CARGO_BIN_EXE_mpplan")]);
            cmd.env_clear().env("HOME", env.dir.path());
            cmd
        };
        cmd.args(args).env("MPPLAN_DB", &db).env("MPPLAN_TODAY", "2026-11-24").output().unwrap()
    };
    let usable = permissions_stop_us || run(&["--version"]).status.success();
    if usable {
        let history = run(&["history", "E14001323"]);
        assert!(history.status.success(), "{}", text(&history.stderr));
        assert!(text(&history.stdout).contains("Only in the log"), "what the log holds is seen");
        let write = run(&["log", "E14001323", "--kind", "call"]);
        let err = text(&write.stderr);
        assert_eq!(write.status.code(), Some(1), "{err}");
        assert!(err.starts_with("error: the database is read-only: ") && err.lines().count() == 1, "{err}");
    }
    set_mode(&crashed, 0o755);
    if !usable {
        eprintln!("skipped: running as root, where permissions do not stop writes, and `setpriv` cannot run as nobody");
        return;
    }
    let after = (fs::read(&db).unwrap(), fs::read(crashed.join("mpplan.sqlite3-wal")).unwrap(), files(&crashed));
    assert!(after == before, "the files are as they were, and no -shm was made beside them");
}
