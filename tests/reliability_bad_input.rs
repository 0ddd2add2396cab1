//! Hostile and broken input, one row per case: files (tests/bad-input/, tests/import-files/, and a
//! few generated here because of their size) and arguments. Each must give the right exit code and
//! one clear `error:` line, and leave the database exactly as it was.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::Env;
use rusqlite::Connection;

/// One case: what it is, the arguments (a leading `bad-input/`, `import-files/` or `gen/` names a
/// file of the corpus), the exit code, and what the error must say.
type Case = (&'static str, &'static [&'static str], i32, &'static str);

const CASES: &[Case] = &[
    // Files: CSV.
    (
        "CSV with the wrong columns",
        &["import", "calendar", "import-files/calendar-unknown-columns.csv"],
        1,
        "is not a calendar file mpplan knows",
    ),
    (
        "CSV missing columns",
        &["import", "mps", "import-files/mps-missing-columns.csv"],
        1,
        "has no column mp_full_title",
    ),
    (
        "CSV in Windows-1252, not UTF-8",
        &["import", "mps", "import-files/mps-windows-1252.csv"],
        1,
        "is not UTF-8 text: line 3",
    ),
    (
        "CSV with a 10 MB field",
        &["import", "mps", "gen/field-10mb.csv"],
        1,
        "line 2: a value is 10485760 characters long",
    ),
    (
        "CSV with a 1 MB line",
        &["import", "calendar", "gen/line-1mb.csv"],
        1,
        "line 2: a value is 1048576 characters long",
    ),
    ("empty CSV", &["import", "mps", "import-files/empty.csv"], 1, "empty.csv is empty"),
    (
        "CSV dates like 2027-02-30",
        &["import", "calendar", "import-files/sitting-days-bad.csv"],
        1,
        "date \"2027-02-30\" is not a date",
    ),
    (
        "CSV recess ending before it starts",
        &["import", "calendar", "import-files/recess-bad.csv"],
        1,
        "ends (2027-03-25) before it starts",
    ),
    // Files: ICS.
    (
        "ICS not UTF-8",
        &["import", "ics", "bad-input/invalid-utf8.ics", "--mp", "E14001323"],
        1,
        "is not UTF-8 text: line 5",
    ),
    ("empty ICS", &["import", "ics", "bad-input/empty.ics", "--mp", "E14001323"], 1, "empty.ics is empty"),
    ("truncated ICS", &["import", "calendar", "import-files/truncated.ics"], 1, "it may be cut short"),
    (
        "ICS nested a thousand deep (calendar)",
        &["import", "calendar", "bad-input/nested-1000.ics"],
        1,
        "nests components more than 8 deep",
    ),
    (
        "ICS nested a thousand deep (events)",
        &["import", "ics", "bad-input/nested-1000.ics", "--mp", "E14001323"],
        1,
        "nests components more than 8 deep",
    ),
    ("ICS with a 1 MB line", &["import", "calendar", "gen/line-1mb.ics"], 1, "longer than 100000 characters"),
    (
        "ICS events: spring-forward hour, end before start, over 24 h",
        &["import", "ics", "import-files/events-bad.ics", "--mp", "E14001323"],
        1,
        "its DTSTART \"20270328T013000\" does not exist",
    ),
    // Files: JSON backups and database copies.
    (
        "JSON backup from a newer schema",
        &["import", "json", "bad-input/backup-newer-schema.json"],
        1,
        "written by a newer mpplan (schema version 999",
    ),
    (
        "JSON backup not UTF-8",
        &["import", "json", "bad-input/invalid-utf8.json"],
        1,
        "is not an mpplan backup (it is not UTF-8 text)",
    ),
    ("empty JSON backup", &["import", "json", "bad-input/empty.json"], 1, "it is not an mpplan backup (it is not JSON"),
    (
        "restore from a file that is not SQLite",
        &["restore", "bad-input/garbage.db", "--yes"],
        1,
        "it is not an mpplan database (not an SQLite file)",
    ),
    (
        "restore from an empty file",
        &["restore", "bad-input/empty.json", "--yes"],
        1,
        "it is empty; nothing was changed",
    ),
    (
        "restore from a newer mpplan's database",
        &["restore", "gen/newer.db", "--yes"],
        1,
        "made by a newer mpplan (schema version 999",
    ),
    (
        "restore from another program's SQLite file",
        &["restore", "gen/other.db", "--yes"],
        1,
        "an SQLite file, but not an mpplan database",
    ),
    ("restore without --yes off a terminal", &["restore", "gen/copy.db"], 2, "add --yes"),
    // Arguments.
    (
        "date 2025-02-30",
        &["log", "E14001323", "--kind", "call", "--on", "2025-02-30"],
        2,
        "\"2025-02-30\" is not a date",
    ),
    (
        "slot on 2025-02-30",
        &["propose", "E14001323", "--start", "2025-02-30 10:00", "-d", "1h", "--kind", "visit"],
        2,
        "there is no such day",
    ),
    (
        "time 24:00",
        &["propose", "E14001323", "--start", "2027-01-08 24:00", "-d", "1h", "--kind", "visit"],
        2,
        "24:00 is not a time of day",
    ),
    (
        "the London spring-forward hour",
        &["propose", "E14001323", "--start", "2027-03-28 01:30", "-d", "1h", "--kind", "visit"],
        2,
        "does not exist in London",
    ),
    (
        "end before start",
        &["propose", "E14001323", "--start", "2027-01-08 10:00", "--end", "2027-01-08 09:00", "--kind", "visit"],
        2,
        "is not after the start",
    ),
    (
        "recess ending before it starts",
        &["recess", "add", "Bad", "2027-03-10", "2027-03-01"],
        2,
        "ends (2027-03-01) before it starts",
    ),
    (
        "negative duration",
        &["propose", "E14001323", "--start", "2027-01-08 10:00", "--duration=-1h", "--kind", "visit"],
        2,
        "\"-1h\" is not a duration",
    ),
    (
        "huge duration",
        &["propose", "E14001323", "--start", "2027-01-08 10:00", "-d", "100000h", "--kind", "visit"],
        2,
        "longer than 24 hours",
    ),
    (
        "overflowing duration",
        &["propose", "E14001323", "--start", "2027-01-08 10:00", "-d", "99999999999999999999m", "--kind", "visit"],
        2,
        "a number is too large",
    ),
    ("ambiguous MP", &["log", "leeds", "--kind", "call"], 2, "\"leeds\" matches 7 seats"),
    ("postcode with an emoji", &["org", "site", "add", "Clinic", "LS9 😀7TF"], 2, "is not a postcode"),
    ("postcode with an emoji, looked up", &["lookup", "LS9 😀"], 2, "is not a postcode"),
    (
        "backup over an existing file",
        &["backup", "--out", "bad-input/garbage.db"],
        2,
        "already exists; choose another file or add --force",
    ),
];

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
    let corpus_before: Vec<Vec<u8>> =
        ["garbage.db", "empty.json"].iter().map(|f| fs::read(corpus("bad-input").join(f)).unwrap()).collect();
    let (mut files, mut arguments) = (0, 0);
    for (what, args, code, expected) in CASES {
        let mut file = false;
        let args: Vec<String> = args
            .iter()
            .map(|a| match a.split_once('/') {
                Some(("bad-input" | "import-files", name)) => {
                    file = true;
                    corpus(a.split('/').next().unwrap()).join(name).display().to_string()
                }
                Some(("gen", name)) => {
                    file = true;
                    made.join(name).display().to_string()
                }
                _ => a.to_string(),
            })
            .collect();
        if file {
            files += 1
        } else {
            arguments += 1
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = env.fail(&args, *code);
        assert!(err.contains(expected), "{what}: expected \"{expected}\" in {err}");
        assert!(err.len() < 2_000, "{what}: the error is {} bytes long, not one clear line", err.len());
        assert!(dump(&env) == before, "{what}: the database changed");
    }
    let corpus_after: Vec<Vec<u8>> =
        ["garbage.db", "empty.json"].iter().map(|f| fs::read(corpus("bad-input").join(f)).unwrap()).collect();
    assert!(corpus_after == corpus_before, "the corpus files themselves are never written");
    assert!(
        !env.dir.path().join("data").join("backups").exists(),
        "a refused restore keeps no copy: nothing was replaced"
    );
    eprintln!("bad-input corpus: {} cases ({files} with files, {arguments} with arguments only)", CASES.len());
}
