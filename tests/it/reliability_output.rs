//! Terminal safety: escape sequences stored in any field never reach the terminal from the
//! command line, nor the files it writes, nor the log; every plain output shows them escaped, and
//! JSON escapes them too. (The screens are checked in src/tui/view/tests.rs.)

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::Env;

/// A window-title change and a clear-screen, as stored.
const TITLE: &str = "\x1b]0;pwned\x07";
const CLEAR: &str = "\x1b[2J";

/// How they must appear instead.
const TITLE_SHOWN: &str = "\\u{1b}]0;pwned\\u{7}";
const CLEAR_SHOWN: &str = "\\u{1b}[2J";

/// The new MP of Leeds South, named with both sequences, imported from a CSV.
fn import_hostile_mp(env: &Env) {
    let path: PathBuf =
        [env!("CARGO_MANIFEST_DIR"), "tests", "import-files", "mps-new-mp-bom-crlf.csv"].iter().collect();
    let csv = fs::read_to_string(path).unwrap().replace("Jo Bloggs", &format!("Jo {TITLE}Bloggs {CLEAR}"));
    let file = env.dir.path().join("hostile-mps.csv");
    fs::write(&file, csv).unwrap();
    let out = env.run(&["import", "mps", file.to_str().unwrap()]);
    assert!(out.contains(&format!("Jo {TITLE_SHOWN}Bloggs {CLEAR_SHOWN}")), "{out}");
}

#[test]
fn escape_sequences_in_notes_and_mp_names_are_shown_escaped_everywhere() {
    let env = Env::new();
    import_hostile_mp(&env);
    env.run(&["track", "E14001323"]);
    env.run(&["log", "E14001323", "--kind", "letter", "--note", &format!("Sent {TITLE} and {CLEAR}")]);
    env.run(&["engagement", "set", "E14001323", "--notes", &format!("Notes {TITLE} {CLEAR}")]);

    let name = format!("Jo {TITLE_SHOWN}Bloggs {CLEAR_SHOWN}");
    let note = format!("Sent {TITLE_SHOWN} and {CLEAR_SHOWN}");
    let notes = format!("Notes {TITLE_SHOWN} {CLEAR_SHOWN}");
    let outputs: &[(&[&str], &[&str])] = &[
        (&["history", "E14001323"], &[&name, &note]),
        (&["mp", "E14001323"], &[&name]),
        (&["mps", "--search", "leeds south"], &[&name]),
        (&["mps", "--tracked"], &[&name]),
        (&["agenda"], &[&name]),
        (&["engagement", "show", "E14001323"], &[&name, &notes]),
        (&["history", "E14001323", "--json"], &["\\u001b]0;pwned\\u0007"]),
        (&["mp", "E14001323", "--json"], &["\\u001b[2J"]),
        (&["engagement", "show", "E14001323", "--json"], &["\\u001b]0;pwned\\u0007"]),
    ];
    for (args, shown) in outputs {
        let out = env.cmd().args(*args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(!out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07), "{args:?} printed raw control bytes");
        let text = String::from_utf8(out.stdout).unwrap();
        for expected in *shown {
            assert!(text.contains(expected), "{args:?} should show {expected}: {text}");
        }
    }
}

/// What a hostile value carries: a colour change, a clipboard write (OSC 52, ended by BEL), a bell,
/// a backspace, CSI and NEL as C1 controls (U+009B acts as CSI on some terminals), and DEL.
const PAYLOAD: &str = "\x1b[31m red \x1b]52;c;cHduZWQ=\x07 bell \x07 bs \x08 csi \u{9b}2J nel \u{85} del \x7f";

/// Each stored field's value is its name, then the payload: the name shows the field was printed.
fn hostile(field: &str) -> String {
    format!("{field} {PAYLOAD}")
}

/// A character that must not reach a terminal raw: a C0 control other than a newline, a tab, or
/// the carriage return of a `\r\n` (calendar files end lines so); DEL; a C1 control.
fn raw_controls(text: &str) -> Vec<char> {
    let mut found = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let allowed = match c {
            '\n' | '\t' => true,
            '\r' => chars.peek() == Some(&'\n'),
            c => !c.is_control(),
        };
        if !allowed {
            found.push(c);
        }
    }
    found
}

/// How an output is read back: as plain text, or as JSON (which must parse, escape the C1
/// controls as `\u0080`…`\u009f`, and read back as the payload stored, exactly).
#[derive(Clone, Copy, PartialEq)]
enum Form {
    Text,
    Json,
}

/// One output: the command, how it exits, how it is read, and the fields it must show.
struct Output {
    args: Vec<String>,
    fails: bool,
    form: Form,
    fields: &'static [&'static str],
}

fn text(args: &[&str], fields: &'static [&'static str]) -> Output {
    Output { args: args.iter().map(|a| a.to_string()).collect(), fails: false, form: Form::Text, fields }
}

fn json(args: &[&str], fields: &'static [&'static str]) -> Output {
    Output { form: Form::Json, ..text(args, fields) }
}

fn error(args: &[&str], fields: &'static [&'static str]) -> Output {
    Output { fails: true, ..text(args, fields) }
}

/// Checks one piece of output; returns the problems found.
fn check(bytes: &[u8], form: Form, fields: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let Ok(shown) = std::str::from_utf8(bytes) else {
        return vec!["not UTF-8".into()];
    };
    let mut raw = raw_controls(shown);
    raw.sort_unstable();
    raw.dedup();
    if !raw.is_empty() {
        problems.push(format!("raw {raw:?}"));
    }
    for field in fields {
        if !shown.contains(field) {
            problems.push(format!("{field} not shown"));
        }
    }
    if form == Form::Json {
        match serde_json::from_str::<Value>(shown) {
            Err(e) => problems.push(format!("not JSON ({e})")),
            Ok(value) => {
                // An MP's name has its runs of white space (NEL is one) made single spaces on import.
                let name = PAYLOAD.replace(" \u{85}", "");
                let strings = strings(&value);
                if !strings.iter().any(|s| s.contains(PAYLOAD) || s.contains(&name)) {
                    problems.push("the payload does not read back exactly".into());
                }
                let c1 = |c: char| ('\u{80}'..='\u{9f}').contains(&c) || c == '\u{7f}' || c == '\u{1b}';
                let mut stored: Vec<char> = strings.iter().flat_map(|s| s.chars()).filter(|&c| c1(c)).collect();
                stored.sort_unstable();
                stored.dedup();
                let unescaped: Vec<String> = stored
                    .into_iter()
                    .map(|c| format!("\\u{:04x}", u32::from(c)))
                    .filter(|escape| !shown.contains(escape.as_str()))
                    .collect();
                if !unescaped.is_empty() {
                    problems.push(format!("not escaped as {}", unescaped.join(", ")));
                }
            }
        }
    }
    problems
}

/// Every string in a JSON value.
fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(map) => map.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// What was checked, and what failed: one line per output (a command's, a file's, the log) with
/// any problem.
#[derive(Default)]
struct Tally {
    outputs: usize,
    fields: usize,
    failed: Vec<String>,
}

impl Tally {
    fn add(&mut self, what: &str, fields: usize, problems: Vec<String>) {
        self.outputs += 1;
        self.fields += fields;
        if !problems.is_empty() {
            self.failed.push(format!("{what}: {}", problems.join("; ")));
        }
    }
}

/// Runs each output in order, checking stdout and stderr.
fn run_all(env: &Env, outputs: &[Output], tally: &mut Tally) {
    for Output { args, fails, form, fields } in outputs {
        let out = env.cmd().args(args).output().unwrap();
        let what = args.iter().map(|a| a.split(' ').next().unwrap_or_default()).collect::<Vec<_>>().join(" ");
        if out.status.success() == *fails {
            let problem = format!("exit {:?}, {}", out.status.code(), String::from_utf8_lossy(&out.stderr));
            tally.add(&what, fields.len(), vec![problem]);
            continue;
        }
        let (printed, form) = if *fails { (&out.stderr, Form::Text) } else { (&out.stdout, *form) };
        let mut problems = check(printed, form, fields);
        let other = if *fails { &out.stdout } else { &out.stderr };
        problems.extend(check(other, Form::Text, &[]).into_iter().map(|p| format!("{p} (on the other stream)")));
        tally.add(&what, fields.len(), problems);
    }
}

const ORG: &[&str] = &["OrgName", "ChiefExec", "OrgChair", "OrgAddress", "SiteName"];
const ENGAGEMENT: &[&str] = &["Topics", "EngNotes", "Background", "OfficeAddr"];
const PROPOSAL: &[&str] = &["MpName", "PropTitle", "PropPlace"];
const LETTER: &[&str] = &["MpName", "OrgName", "ChiefExec", "OrgAddress", "Topics", "LetterTemplate"];
const BRIEF: &[&str] = &["MpName", "SiteName", "Topics", "Background", "ContactNote", "PropTitle", "PropPlace"];
const EVERY_STORED: &[&str] = &[
    "MpName",
    "OrgName",
    "ChiefExec",
    "OrgChair",
    "OrgAddress",
    "SiteName",
    "Topics",
    "EngNotes",
    "Background",
    "OfficeAddr",
    "ContactNote",
    "PropTitle",
    "PropPlace",
    "RecessName",
    "SittingNote",
];

/// The payload in every field the user can store (and in an MP's name, from an import, and the
/// letter template), then every command that prints one of them, as text, as JSON, to a file and
/// in an error: no raw control character anywhere, in stdout, stderr, the files or the log.
#[test]
fn stored_text_reaches_the_terminal_and_every_file_only_neutralised() {
    let env = Env::new();
    let csv_path: PathBuf =
        [env!("CARGO_MANIFEST_DIR"), "tests", "import-files", "mps-new-mp-bom-crlf.csv"].iter().collect();
    let mps = fs::read_to_string(csv_path).unwrap().replace("Jo Bloggs", &hostile("MpName"));
    let mps_file = env.dir.path().join("hostile-mps.csv");
    fs::write(&mps_file, mps).unwrap();
    let config = env.dir.path().join(".config/mpplan");
    fs::create_dir_all(&config).unwrap();
    let template: PathBuf = [env!("CARGO_MANIFEST_DIR"), "assets", "templates", "letter.md"].iter().collect();
    let template = fs::read_to_string(template).unwrap() + &format!("\n{}\n", hostile("LetterTemplate"));
    fs::write(config.join("letter.md"), template).unwrap();
    let files = env.dir.path().join("files");
    fs::create_dir(&files).unwrap();
    let file = |name: &str| files.join(name).display().to_string();
    let address = format!("{}\n{}", hostile("OrgAddress"), hostile("OrgAddress2"));
    let (org_name, chief, chair) = (hostile("OrgName"), hostile("ChiefExec"), hostile("OrgChair"));
    let (site, topics, notes) = (hostile("SiteName"), hostile("Topics"), hostile("EngNotes"));
    let (background, office, note) = (hostile("Background"), hostile("OfficeAddr"), hostile("ContactNote"));
    let (title, place, recess, sitting) =
        (hostile("PropTitle"), hostile("PropPlace"), hostile("RecessName"), hostile("SittingNote"));
    let (md, report_csv, csv_p, csv_i, csv_e, backup, ics, letter, brief) = (
        file("report.md"),
        file("report.csv"),
        file("proposals.csv"),
        file("contacts.csv"),
        file("engagements.csv"),
        file("backup.json"),
        file("calendar.ics"),
        file("letter.md"),
        file("brief.md"),
    );

    let storing = vec![
        // Storing: each command that stores a field and says what it stored.
        text(&["import", "mps", mps_file.to_str().unwrap()], &["MpName"]),
        text(
            &["org", "set", "--name", &org_name, "--chief-executive", &chief, "--chair", &chair, "--address", &address],
            &["OrgName", "ChiefExec", "OrgChair", "OrgAddress"],
        ),
        text(&["org", "site", "add", &site, "LS9 7TF"], &["SiteName"]),
        text(&["track", "E14001323"], &["MpName"]),
        text(
            &[
                "engagement",
                "set",
                "E14001323",
                "--topics",
                &topics,
                "--notes",
                &notes,
                "--background",
                &background,
                "--office-address",
                &office,
            ],
            &["MpName"],
        ),
        text(&["log", "E14001323", "--kind", "letter", "--note", &note], &["MpName"]),
        text(
            &[
                "propose",
                "E14001323",
                "--start",
                "2026-11-27 10:00",
                "-d",
                "1h",
                "--kind",
                "visit",
                "--title",
                &title,
                "--place",
                &place,
            ],
            &["PropTitle", "PropPlace"],
        ),
        text(&["recess", "add", &recess, "2026-12-17", "2027-01-04"], &["RecessName"]),
        text(&["sitting", "add", "2026-11-26", "--note", &sitting], &[]),
    ];
    let mut tally = Tally::default();
    run_all(&env, &storing, &mut tally);
    let recesses = env.json(&["recess", "list", "--json"]);
    let recess_id = recesses.as_array().unwrap().iter().find(|r| r["source"] == "user").unwrap()["id"].to_string();
    let outputs = vec![
        // Showing, as text and as JSON.
        text(&["org", "show"], ORG),
        json(&["org", "show", "--json"], ORG),
        text(&["org", "site", "list"], &["SiteName"]),
        json(&["org", "site", "list", "--json"], &["SiteName"]),
        text(&["engagement", "show", "E14001323"], &["MpName", "Topics", "EngNotes", "Background", "OfficeAddr"]),
        json(&["engagement", "show", "E14001323", "--json"], ENGAGEMENT),
        text(&["history", "E14001323"], &["MpName", "ContactNote"]),
        json(&["history", "E14001323", "--json"], &["MpName", "ContactNote"]),
        text(&["mp", "E14001323"], &["MpName"]),
        json(&["mp", "E14001323", "--json"], &["MpName"]),
        text(&["mps", "--tracked"], &["MpName"]),
        json(&["mps", "--tracked", "--json"], &["MpName"]),
        text(&["lookup", "LS9 7TF"], &["MpName"]),
        json(&["lookup", "LS9 7TF", "--json"], &["MpName"]),
        text(&["agenda"], &["MpName", "PropTitle"]),
        json(&["agenda", "--json"], PROPOSAL),
        text(&["proposals"], &["PropTitle"]),
        json(&["proposals", "--json"], PROPOSAL),
        text(&["proposal", "show", "1"], PROPOSAL),
        json(&["proposal", "show", "1", "--json"], PROPOSAL),
        json(
            &[
                "propose",
                "E14001323",
                "--start",
                "2026-11-28 10:00",
                "-d",
                "1h",
                "--kind",
                "visit",
                "--title",
                &title,
                "--place",
                &place,
                "--json",
            ],
            PROPOSAL,
        ),
        text(&["proposal", "set-status", "1", "confirmed"], &["PropTitle"]),
        text(&["proposal", "move", "1", "--start", "2026-11-27 11:00"], &["PropTitle", "PropPlace"]),
        text(&["proposal", "press", "1", "--plan", "ask"], &["PropTitle"]),
        text(&["week", "2026-11-27"], &["PropTitle"]),
        json(&["week", "2026-11-27", "--json"], &["MpName", "PropTitle", "PropPlace", "SittingNote"]),
        text(&["day", "2026-11-26"], &["SittingNote"]),
        json(&["day", "2026-11-26", "--json"], &["SittingNote"]),
        text(&["day", "2026-12-20"], &["RecessName"]),
        json(&["day", "2026-12-20", "--json"], &["RecessName"]),
        text(&["check", "2026-12-21 10:00", "-d", "1h"], &["RecessName"]),
        json(&["check", "2026-11-26 10:00", "-d", "1h", "--json"], &["SittingNote"]),
        text(&["recess", "list"], &["RecessName"]),
        json(&["recess", "list", "--json"], &["RecessName"]),
        // Documents and exports, printed.
        text(&["letter", "E14001323"], LETTER),
        text(&["letter", "E14001323", "--to", "constituency"], &["MpName", "OrgName", "OfficeAddr", "LetterTemplate"]),
        text(&["brief", "E14001323"], BRIEF),
        text(&["report"], &["MpName", "OrgName"]),
        text(&["report", "--format", "csv"], &["MpName"]),
        text(&["export", "csv", "proposals"], PROPOSAL),
        text(&["export", "csv", "interactions"], &["MpName", "ContactNote"]),
        text(&["export", "csv", "engagements"], &["MpName", "Topics", "EngNotes"]),
        json(&["export", "json"], EVERY_STORED),
        text(&["export", "ics"], PROPOSAL),
        // Documents and exports, written to files (checked below).
        text(&["report", "--out", &md], &[]),
        text(&["report", "--format", "csv", "--out", &report_csv], &[]),
        text(&["export", "csv", "proposals", "--out", &csv_p], &[]),
        text(&["export", "csv", "interactions", "--out", &csv_i], &[]),
        text(&["export", "csv", "engagements", "--out", &csv_e], &[]),
        text(&["export", "json", "--out", &backup], &[]),
        text(&["export", "ics", "--out", &ics], &[]),
        text(&["letter", "E14001323", "--out", &letter], &[]),
        text(&["brief", "E14001323", "--out", &brief], &[]),
        // Errors that quote stored text: an ambiguous MP, an unknown one with its closest matches.
        error(&["log", "leeds", "--kind", "call"], &["MpName"]),
        error(&["history", "Leeds Sooth"], &["MpName"]),
        // Removing, which says what was removed.
        text(&["proposal", "rm", "2", "--yes"], &["PropTitle"]),
        text(&["recess", "rm", &recess_id, "--yes"], &["RecessName"]),
        text(&["org", "site", "rm", &site, "--yes"], &["SiteName"]),
    ];
    run_all(&env, &outputs, &mut tally);

    let written: [(&str, Form, &[&str]); 9] = [
        (&md, Form::Text, &["MpName", "OrgName"]),
        (&report_csv, Form::Text, &["MpName"]),
        (&csv_p, Form::Text, PROPOSAL),
        (&csv_i, Form::Text, &["MpName", "ContactNote"]),
        (&csv_e, Form::Text, &["MpName", "Topics", "EngNotes"]),
        (&backup, Form::Json, EVERY_STORED),
        (&ics, Form::Text, PROPOSAL),
        (&letter, Form::Text, LETTER),
        (&brief, Form::Text, BRIEF),
    ];
    for (path, form, fields) in written {
        let name = Path::new(path).file_name().unwrap().to_string_lossy().into_owned();
        tally.add(&format!("the file {name}"), fields.len(), check(&fs::read(path).unwrap_or_default(), form, fields));
    }
    let log = fs::read(env.db().with_file_name("mpplan.log")).unwrap();
    tally.add("the log", 1, check(&log, Form::Text, &["MpName"]));

    // The backup reads back to the same data, payloads and all.
    let other = Env::new();
    other.run(&["import", "mps", mps_file.to_str().unwrap()]);
    other.run(&["import", "json", &backup]);
    let again = other.run(&["export", "json"]);
    let strip = |text: &str| -> Value {
        let mut v: Value = serde_json::from_str(text).unwrap();
        v.as_object_mut().unwrap().remove("exported_at");
        v
    };
    if strip(&again) != strip(&fs::read_to_string(&backup).unwrap()) {
        tally.failed.push("the backup does not restore to the same data".into());
    }

    eprintln!(
        "output safety: {} outputs ({} commands, {} files, the log), {} output × field pairs checked; {} failed",
        tally.outputs,
        storing.len() + outputs.len(),
        written.len(),
        tally.fields,
        tally.failed.len()
    );
    assert!(tally.failed.is_empty(), "{} failed:\n{}", tally.failed.len(), tally.failed.join("\n"));
}
