//! Spreadsheets: `export xlsx` read back by an independent reader (python's openpyxl) when one is
//! installed (under CI it must be), CSV for Excel, and `import csv contacts|proposals` with its
//! preview, dry run, all-or-nothing refusal and idempotent re-import. "Today" is 24 November 2026.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::Env;

/// Two seats with contacts (one with accents), a visit, a confirmed meeting with a title a
/// spreadsheet would take for a formula, and a two-day event with no hours.
fn fixture() -> Env {
    let env = Env::new();
    env.run(&["log", "leeds south", "--kind", "letter", "--on", "2026-10-01", "--note", "First letter"]);
    env.run(&["log", "ynys môn", "--kind", "call", "--from-mp", "--on", "2026-11-10", "--note", "Siân called back"]);
    env.run(&["propose", "leeds south", "--start", "2027-01-08 10:00", "-d", "1h", "--kind", "visit"]);
    let id = env.json(&[
        "propose",
        "leeds south",
        "--start",
        "2027-01-15 14:00",
        "-d",
        "90m",
        "--kind",
        "meeting",
        "--title",
        "=Board",
        "--attendees",
        "3",
        "--json",
    ])["id"]
        .to_string();
    env.run(&["proposal", "set-status", &id, "confirmed"]);
    env.run(&["propose", "ynys môn", "--start", "2027-02-01", "--end", "2027-02-02", "--all-day", "--kind", "event"]);
    env
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// What the database holds of contacts and proposals, as its CSV exports.
fn state(env: &Env) -> (String, String) {
    (env.run(&["export", "csv", "interactions"]), env.run(&["export", "csv", "proposals"]))
}

/// A CSV export without its uuid column (a new database gives new ones) or the flag columns.
fn without_ids(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    let keep: Vec<usize> =
        (0..rows[0].len()).filter(|&i| !["uuid", "flag", "flag_reason"].contains(&rows[0][i].as_str())).collect();
    rows.iter().map(|r| keep.iter().map(|&i| r[i].clone()).collect()).collect()
}

#[test]
fn csv_for_excel_has_a_byte_order_mark_crlf_lines_and_accented_names() {
    let env = fixture();
    let file = env.path("contacts.csv");
    env.run(&["export", "csv", "interactions", "--excel", "--out", s(&file)]);
    let bytes = fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{:?}", &bytes[..8]);
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.ends_with("\r\n"));
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert_eq!(lines.len(), 3, "{text:?}");
    assert!(lines.iter().all(|l| !l.contains('\n') && !l.contains('\r')), "every line ends CRLF: {text:?}");
    assert!(text.contains("Ynys Môn,Llinos Medi,2026-11-10,call,from_mp,Siân called back"), "{text}");
    // The same rows as the plain export.
    assert_eq!(text.replace("\r\n", "\n"), env.run(&["export", "csv", "interactions"]));

    let report =
        env.cmd().args(["report", "--format", "csv", "--excel"]).assert().success().get_output().stdout.clone();
    assert!(report.starts_with(b"\xEF\xBB\xBFmp,seat_code,"), "{}", String::from_utf8_lossy(&report));
    assert!(!String::from_utf8(report).unwrap().replace("\r\n", "").contains('\n'));
    let err = env.fail(&["report", "--excel"], 2);
    assert!(err.contains("--format csv"), "{err}");
}

fn python_with_openpyxl() -> Option<PathBuf> {
    crate::common::python::python_with("openpyxl", "the workbook check")
}

/// Each sheet as openpyxl reads it: "sheet\tname", then per row its cells as "type:value".
fn read_workbook(python: &Path, file: &Path) -> Vec<String> {
    let script = "import sys, openpyxl\n\
        wb = openpyxl.load_workbook(sys.argv[1])\n\
        for ws in wb.worksheets:\n\
        \x20   print('sheet\\t' + ws.title)\n\
        \x20   for row in ws.iter_rows():\n\
        \x20       print('\\t'.join(type(c.value).__name__ + ':' + ('' if c.value is None else str(c.value)) + \
                                   ('|' + c.number_format if c.is_date else '') for c in row))\n";
    let out = Command::new(python).args(["-c", script]).arg(file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect()
}

#[test]
fn the_workbook_has_a_sheet_per_export_with_real_dates() {
    let env = fixture();
    let err = env.fail(&["export", "xlsx"], 2);
    assert!(err.contains("binary") && err.contains("--out"), "{err}");
    let file = env.path("plan.xlsx");
    assert!(env.run(&["export", "xlsx", "--out", s(&file)]).contains("The workbook is in"));
    let bytes = fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"), "an xlsx file is a zip archive");
    let err = env.fail(&["export", "xlsx", "--out", s(&file)], 2);
    assert!(err.contains("already exists") && err.contains("--force"), "{err}");
    env.run(&["export", "xlsx", "--out", s(&file), "--force"]);

    let Some(python) = python_with_openpyxl() else { return };
    let read = read_workbook(&python, &file);
    let sheets: Vec<&str> = read.iter().filter_map(|l| l.strip_prefix("sheet\t")).collect();
    assert_eq!(sheets, ["Proposals", "Contact log", "Engagements", "Board report"]);
    // Each sheet: its header row, then as many rows as its CSV export, cell for cell.
    let exports: [Vec<&str>; 4] = [
        vec!["export", "csv", "proposals"],
        vec!["export", "csv", "interactions"],
        vec!["export", "csv", "engagements"],
        vec!["report", "--format", "csv"],
    ];
    for (sheet, args) in sheets.iter().zip(exports) {
        let at = read.iter().position(|l| l == &format!("sheet\t{sheet}")).unwrap();
        let rows: Vec<&String> = read[at + 1..].iter().take_while(|l| !l.starts_with("sheet\t")).collect();
        let text = env.run(&args);
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
        let csv_rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), csv_rows.len(), "{sheet}: {rows:#?}");
        let header: Vec<String> = csv_rows[0].iter().map(|h| format!("str:{h}")).collect();
        assert_eq!(rows[0].split('\t').collect::<Vec<_>>(), header, "{sheet}");
    }
    let row = |sheet: &str, n: usize| {
        let at = read.iter().position(|l| l == &format!("sheet\t{sheet}")).unwrap();
        read[at + 1 + n].split('\t').map(str::to_string).collect::<Vec<_>>()
    };
    let header = row("Contact log", 0);
    let date = header.iter().position(|h| h == "str:date").unwrap();
    assert_eq!(row("Contact log", 1)[date], "datetime:2026-10-01 00:00:00|yyyy-mm-dd", "a real date cell");
    let ynys = row("Contact log", 2);
    assert!(ynys.contains(&"str:Siân called back".to_string()), "{ynys:?}");

    let header = row("Proposals", 0);
    let col = |name: &str| header.iter().position(|h| h == &format!("str:{name}")).unwrap();
    let meeting = row("Proposals", 2);
    assert_eq!(meeting[col("start")], "datetime:2027-01-15 14:00:00|yyyy-mm-dd hh:mm");
    assert_eq!(meeting[col("attendees")], "int:3");
    assert_eq!(meeting[col("title")], "str:=Board", "text in a cell, never a formula");
    assert_eq!(meeting[col("status")], "str:confirmed");
    assert_eq!(row("Proposals", 1)[col("attendees")], "NoneType:");
    assert_eq!(
        (row("Proposals", 3)[col("all_day")].as_str(), row("Proposals", 1)[col("all_day")].as_str()),
        ("str:yes", "str:no")
    );

    let header = row("Board report", 0);
    let from = header.iter().position(|h| h == "str:from").unwrap();
    assert_eq!(row("Board report", 1)[from], "datetime:2025-11-24 00:00:00|yyyy-mm-dd");
}

/// A contact log as Excel saves one: a byte order mark, CRLF, its own column names.
const CONTACTS: &str = "\u{feff}Seat Code,Date,Kind,Direction,Summary\r\n\
    E14001323,03/11/2026,Letter,to MP,Intro letter\r\n\
    Ynys Môn,2026-11-10,call,From MP,Siân called back\r\n\
    Richard Burgon,2026-09-01,meeting,,\"Met at the\r\nwinter event\"\r\n";

#[test]
fn contacts_from_a_spreadsheet_preview_apply_once_and_re_import_as_nothing() {
    let env = Env::new();
    let file = env.path("log.csv");
    fs::write(&file, CONTACTS).unwrap();
    let before = state(&env);
    let preview = env.run(&["import", "csv", "contacts", s(&file), "--dry-run"]);
    assert!(preview.starts_with(&format!("Contacts from {}:\n", s(&file))), "{preview}");
    assert!(
        preview.contains("  Add: Tue 3 Nov 2026, a letter to Leeds South (Hilary Benn): Intro letter\n"),
        "{preview}"
    );
    assert!(preview.contains("a call from Ynys Môn (Llinos Medi): Siân called back"), "{preview}");
    assert!(preview.contains("3 contacts to add, 0 already logged.\nDry run: nothing was changed"), "{preview}");
    assert_eq!(state(&env), before, "a dry run changes nothing");

    let done = env.run(&["import", "csv", "contacts", s(&file)]);
    assert!(done.contains("Imported: 3 contacts added.\nNow tracking Leeds South (Hilary Benn).\n"), "{done}");
    let history = env.run(&["history", "leeds east"]);
    assert!(history.contains("2026-09-01") && history.contains("Met at the"), "{history}");

    let after = state(&env);
    let again = env.run(&["import", "csv", "contacts", s(&file)]);
    assert!(again.contains("No changes: the 3 contacts are already logged."), "{again}");
    assert!(!again.contains("Imported"), "{again}");
    assert_eq!(state(&env), after, "importing again adds nothing");
}

#[test]
fn a_bad_row_changes_nothing_and_every_bad_row_is_named() {
    let env = fixture();
    let before = state(&env);
    let file = env.path("bad.csv");
    fs::write(
        &file,
        "mp,date,kind,summary\nHilary Benn,2026-11-01,letter,fine\nNobody Atall,2026-11-01,letter,x\n\
         Hilary Benn,2026-12-25,letter,later\nHilary Benn,2026-11-02,fax,x\n",
    )
    .unwrap();
    let err = env.fail(&["import", "csv", "contacts", s(&file)], 1);
    assert!(err.contains("nothing was imported from") && err.contains("3 lines have problems"), "{err}");
    assert!(err.contains("line 3: no MP or constituency matches \"Nobody Atall\""), "{err}");
    assert!(err.contains("line 4: Friday 25 December 2026 is in the future"), "{err}");
    assert!(err.contains("line 5: \"fax\" is not a kind of contact"), "{err}");
    assert_eq!(state(&env), before);

    fs::write(&file, "seat,start,end\nLeeds South,2027-01-08 10:00,09:00\nLeeds South,soon,\n").unwrap();
    let err = env.fail(&["import", "csv", "proposals", s(&file), "--dry-run"], 1);
    assert!(err.contains("line 2: the end (2027-01-08 09:00) is not after the start"), "{err}");
    assert!(err.contains("line 3: its start \"soon\" is not a date and time"), "{err}");
    fs::write(&file, "who,when\nx,y\n").unwrap();
    let err = env.fail(&["import", "csv", "proposals", s(&file)], 1);
    assert!(err.contains("has no column for the MP, the start"), "{err}");
    assert_eq!(state(&env), before);
}

#[test]
fn exports_import_into_another_database_as_they_were_and_again_as_nothing() {
    let env = fixture();
    let contacts = env.path("contacts.csv");
    let proposals = env.path("proposals.csv");
    env.run(&["export", "csv", "interactions", "--excel", "--out", s(&contacts)]);
    env.run(&["export", "csv", "proposals", "--out", s(&proposals)]);
    // Into the same database: everything is there already.
    let again = env.run(&["import", "csv", "proposals", s(&proposals)]);
    assert!(again.contains("No changes: the 3 proposals are already there."), "{again}");
    assert!(env.run(&["import", "csv", "contacts", s(&contacts)]).contains("No changes"));

    let other = Env::new();
    let added = other.run(&["import", "csv", "proposals", s(&proposals)]);
    assert!(added.contains("Imported: 3 proposals added."), "{added}");
    assert!(added.contains("Add: Ynys Môn (Llinos Medi), Mon 1 Feb – Tue 2 Feb 2027, all day, event"), "{added}");
    assert!(added.contains("Add: Leeds South (Hilary Benn), Fri 15 Jan 2027 14:00–15:30, meeting: =Board [confirmed]"));
    other.run(&["import", "csv", "contacts", s(&contacts)]);
    let (mine, theirs) = (state(&env), state(&other));
    assert_eq!(without_ids(&theirs.0), without_ids(&mine.0), "the contact log");
    assert_eq!(without_ids(&theirs.1), without_ids(&mine.1), "the proposals");
}

#[test]
fn the_new_commands_have_help() {
    let env = Env::new();
    for (args, says) in [
        (vec!["export", "xlsx", "--help"], "--out"),
        (vec!["export", "csv", "--help"], "--excel"),
        (vec!["import", "csv", "--help"], "contacts"),
        (vec!["report", "--help"], "--excel"),
    ] {
        assert!(env.run(&args).contains(says), "{args:?}");
    }
}
