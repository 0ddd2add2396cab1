//! Hostile and broken input, one row per case in tests/bad-input/cases.tsv: files (tests/bad-input/,
//! tests/import-files/, and a few generated here because of their size) and arguments. Each must
//! give the right exit code and one clear `error:` line, and leave the database exactly as it was.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::common::Env;
use crate::common::damage::{Damage, damage};

/// One case of tests/bad-input/cases.tsv: what it is, the exit code, what the error must say, and
/// the arguments (a leading `bad-input/`, `import-files/` or `gen/` names a file of the corpus; an
/// argument `MPPLAN_NAME=VALUE` sets that environment variable instead; `x*N` stands for N letters
/// x, a value too long to write out).
struct Case {
    what: String,
    code: i32,
    expected: String,
    args: Vec<String>,
}

/// The table of cases, one a line (tab-separated; `#` starts a comment line).
fn cases() -> Vec<Case> {
    let table = fs::read_to_string(corpus("bad-input").join("cases.tsv")).unwrap();
    let rows = table.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    rows.map(|line| {
        let mut cells = line.split('\t').map(String::from);
        let mut next = || cells.next().unwrap_or_else(|| panic!("a case needs 4 cells or more: {line}"));
        let (what, code, expected) = (next(), next().parse().unwrap(), next());
        Case { what, code, expected, args: cells.collect() }
    })
    .collect()
}

fn corpus(dir: &str) -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", dir].iter().collect()
}

/// The files too big (or too binary) to keep in the repository, made in `made`.
fn generate(env: &Env, made: &Path) {
    fs::create_dir_all(made).unwrap();
    let mps = fs::read_to_string(corpus("import-files").join("mps-new-mp-bom-crlf.csv")).unwrap();
    let mut lines = mps.trim_start_matches('\u{feff}').lines();
    let header = lines.next().unwrap();
    let row = lines.next().unwrap().replacen("Jo Bloggs", &"x".repeat(10 * 1024 * 1024), 1);
    fs::write(made.join("field-10mb.csv"), format!("{header}\n{row}\n")).unwrap();
    let long = "y".repeat(1024 * 1024);
    fs::write(
        made.join("line-1mb.csv"),
        format!("date,weekday,session,status_at_extract\n2027-01-11,Monday,2026-27,{long}\n"),
    )
    .unwrap();
    fs::write(made.join("line-1mb.ics"), format!("BEGIN:VCALENDAR\nDESCRIPTION:{long}\nEND:VCALENDAR\n")).unwrap();
    Connection::open(made.join("newer.db"))
        .unwrap()
        .execute_batch("CREATE TABLE meta(x); PRAGMA user_version = 999;")
        .unwrap();
    Connection::open(made.join("other.db"))
        .unwrap()
        .execute_batch("CREATE TABLE t(x); PRAGMA user_version = 1;")
        .unwrap();
    env.run(&["backup", "--out", made.join("copy.db").to_str().unwrap()]);
    for (name, how) in [("broken-index.db", Damage::BrokenIndex), ("zeroed-page.db", Damage::ZeroedTablePage)] {
        fs::copy(made.join("copy.db"), made.join(name)).unwrap();
        damage(&made.join(name), how);
    }
    // A backup with one row of 600,000 bytes: more than any row mpplan writes.
    let backup = fs::read_to_string(corpus("bad-input").join("backup-newer-schema.json")).unwrap();
    let huge = backup.replace("\"schema_version\": 999", "\"schema_version\": 5").replacen(
        "\"notes\": \"\"",
        &format!("\"notes\": \"{}\"", "n".repeat(600_000)),
        1,
    );
    assert!(huge.len() > 600_000);
    fs::write(made.join("backup-row-too-large.json"), huge).unwrap();
}

/// Everything a failed command could have changed, as the user sees it.
fn dump(env: &Env) -> (String, String) {
    (env.run(&["export", "json"]), env.run(&["mps", "--json"]))
}

#[test]
fn every_bad_file_and_argument_gives_one_clear_error_and_changes_nothing() {
    let env = Env::new();
    env.run(&["track", "E14001323"]);
    env.run(&["log", "E14001323", "--kind", "letter", "--note", "First letter"]);
    env.run(&["propose", "E14001323", "--start", "2027-01-08 10:00", "-d", "1h", "--kind", "visit"]);
    let made = env.dir.path().join("gen");
    generate(&env, &made);
    let before = dump(&env);
    let corpus_files = || {
        [
            "garbage.db",
            "empty.json",
            "backup-duplicate-sites.json",
            "backup-duplicate-uids.json",
            "backup-unknown-seat.json",
        ]
        .map(|f| fs::read(corpus("bad-input").join(f)).unwrap())
    };
    let corpus_before = corpus_files();
    let cases = cases();
    let mut files = 0;
    for Case { what, code, expected, args } in &cases {
        let resolve = |a: &str| match a.split_once('/') {
            Some((dir @ ("bad-input" | "import-files"), name)) => corpus(dir).join(name).display().to_string(),
            Some(("gen", name)) => made.join(name).display().to_string(),
            _ => match a.strip_prefix("x*").and_then(|n| n.parse().ok()) {
                Some(n) => "x".repeat(n),
                None => a.to_string(),
            },
        };
        // A leading MPPLAN_NAME=VALUE is an environment variable, its value resolved as a file.
        let (vars, args): (Vec<&String>, Vec<&String>) =
            args.iter().partition(|a| a.starts_with("MPPLAN_") && a.contains('='));
        let vars: Vec<(String, String)> = vars
            .iter()
            .filter_map(|v| v.split_once('='))
            .map(|(name, value)| (name.to_string(), resolve(value)))
            .collect();
        let resolved: Vec<String> = args.iter().map(|a| resolve(a)).collect();
        files += usize::from(args.iter().any(|a| a.contains('/')) || !vars.is_empty());
        let resolved: Vec<&str> = resolved.iter().map(String::as_str).collect();
        let vars: Vec<(&str, &str)> = vars.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let err = env.fail_with(&vars, &resolved, *code);
        assert!(err.contains(expected.as_str()), "{what}: expected \"{expected}\" in {err}");
        assert!(err.len() < 2_000, "{what}: the error is {} bytes long, not one clear line", err.len());
        assert!(dump(&env) == before, "{what}: the database changed");
    }
    assert!(corpus_files() == corpus_before, "the corpus files themselves are never written");
    assert!(
        !env.dir.path().join("data").join("backups").exists(),
        "a refused restore keeps no copy: nothing was replaced"
    );
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    eprintln!(
        "bad-input corpus: {} cases ({files} with files, {} with arguments only)",
        cases.len(),
        cases.len() - files
    );
}
