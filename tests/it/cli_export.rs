//! Data out and back: the JSON backup and its restore, calendar (ICS) and spreadsheet (CSV) exports
//! and the board report, run as a user would. "Today" is Tuesday 24 November 2026.

use std::fs;
use std::path::{Path, PathBuf};

use icalendar::{CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventLike, EventStatus};

use crate::common::Env;

/// The organisation with a site (Leeds South tracked), a letter last month and one 13 months ago, a
/// call, a held visit with press and a quote, a proposal with awkward text, a cancelled one, a recess
/// and a sitting day of the user's own, a setting, and Leeds East tracked then untracked.
fn fixture() -> Env {
    let env = Env::new();
    env.run(&["org", "set", "--name", "Leeds Teaching Hospitals NHS Trust", "--chair", "A Chair"]);
    env.run(&["org", "site", "add", "St James's", "LS9 7TF"]);
    env.run(&["log", "leeds south", "--kind", "letter", "--on", "2025-10-01", "--note", "An old letter"]);
    env.run(&["log", "leeds south", "--kind", "letter", "--on", "2026-10-01", "--note", "First, \"proper\" letter"]);
    env.run(&["log", "leeds south", "--kind", "call", "--on", "2026-10-08", "--note", "+44 20 7219 3000 called"]);
    let visit = env.propose_hour("leeds south", "2026-11-06 10:00", &["--kind", "visit", "--attendees", "3"]);
    env.run(&["proposal", "set-status", &visit, "held"]);
    env.run(&["proposal", "press", &visit, "--plan", "agreed", "--quote-received", "2026-11-02"]);
    let place = "=St James's, Beckett Street; Leeds \\ Wing B — Ysbyty Gwynedd ∙ ward 7, a long way to go";
    env.propose_hour(
        "leeds south",
        "2026-12-04 14:00",
        &["--kind", "meeting", "--place", place, "--title", "Ward visit"],
    );
    let cancelled = env.propose_hour("leeds south", "2026-12-11 10:00", &["--kind", "meeting"]);
    env.run(&["proposal", "set-status", &cancelled, "cancelled"]);
    env.run(&["recess", "add", "Christmas recess", "2026-12-18", "2027-01-04"]);
    env.run(&["sitting", "add", "2026-12-11", "--note", "recall"]);
    env.run(&["track", "leeds east"]);
    env.run(&["untrack", "leeds east"]);
    env
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A second user, with a database of their own beside the first.
fn other(env: &Env, name: &str) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.env("MPPLAN_DB", env.path(name));
    cmd
}

#[test]
fn export_import_export_is_byte_identical() {
    let env = fixture();
    let first = env.run(&["export", "json"]);
    let json: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!((json["format"].as_str(), json["format_version"].as_u64()), (Some("mpplan-backup"), Some(1)));
    assert_eq!(json["schema_version"], 12);
    assert!(json["dataset_version"].is_string());
    let south = &json["engagements"].as_array().unwrap().iter().find(|e| e["constituency_code"] == "E14001323");
    let south = south.unwrap();
    assert_eq!(south["checklist"].as_array().unwrap().len(), 17);
    assert_eq!(south["interactions"].as_array().unwrap().len(), 3);
    assert_eq!(south["proposals"][0]["press"], "agreed");
    assert_eq!(json["recesses"][0]["source"], "user");
    assert!(first.ends_with("}\n"));

    let file = env.path("backup.json");
    assert!(env.run(&["export", "json", "--out", s(&file)]).contains("The backup is in"));
    assert_eq!(fs::read_to_string(&file).unwrap(), first);
    let restored = other(&env, "fresh.sqlite3").args(["import", "json", s(&file)]).assert().success();
    let said = String::from_utf8(restored.get_output().stdout.clone()).unwrap();
    assert!(said.contains("Restored from") && said.contains("2 engagements, 3 contacts, 3 proposals"), "{said}");
    let again = other(&env, "fresh.sqlite3").args(["export", "json"]).assert().success();
    assert_eq!(String::from_utf8(again.get_output().stdout.clone()).unwrap(), first);
}

#[test]
fn a_database_with_data_is_not_restored_into_without_replace() {
    let env = fixture();
    let file = env.path("backup.json");
    env.run(&["export", "json", "--out", s(&file)]);
    env.run(&["log", "leeds south", "--kind", "email", "--note", "after the backup"]);
    let before = env.run(&["export", "json"]);
    let err = env.fail(&["import", "json", s(&file)], 2);
    assert!(err.contains("already holds data of your own") && err.contains("--replace"), "{err}");
    assert_eq!(env.run(&["export", "json"]), before, "nothing changed");
    assert!(!env.db().parent().unwrap().join("backups").exists());
}

#[test]
fn replace_keeps_a_private_copy_then_restores() {
    let env = fixture();
    let file = env.path("backup.json");
    let backup = env.run(&["export", "json"]);
    fs::write(&file, &backup).unwrap();
    env.run(&["log", "leeds south", "--kind", "email", "--note", "after the backup"]);
    let before = env.run(&["export", "json"]);
    let said = env.run(&["import", "json", s(&file), "--replace"]);
    assert!(said.contains("A copy of the database as it was is in"), "{said}");
    assert_eq!(env.run(&["export", "json"]), backup, "the data is the backup's");

    let dir = env.db().parent().unwrap().join("backups");
    // The copies (the hidden folder recording which passed their check aside).
    let copies: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    assert_eq!(copies.len(), 1);
    assert!(copies[0].file_name().unwrap().to_str().unwrap().starts_with("mpplan-2"), "{copies:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        assert_eq!(fs::metadata(&copies[0]).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let copy = other(&env, "unused").args(["--db", s(&copies[0]), "export", "json"]).assert().success();
    assert_eq!(String::from_utf8(copy.get_output().stdout.clone()).unwrap(), before, "the copy is as it was");
}

#[test]
fn a_bad_or_newer_backup_changes_nothing() {
    let env = fixture();
    let before = env.run(&["export", "json"]);
    let mut json: serde_json::Value = serde_json::from_str(&before).unwrap();
    let file = env.path("bad.json");
    let fresh = || other(&env, "fresh.sqlite3");

    assert_eq!(json["engagements"][1]["constituency_code"], "E14001323");
    json["engagements"][1]["proposals"][0]["status"] = "maybe".into();
    fs::write(&file, json.to_string()).unwrap();
    let err = env.fail(&["import", "json", s(&file), "--replace"], 1);
    assert!(err.contains("bad row") && err.contains("\"maybe\" is not a proposal status"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");

    json["engagements"][1]["proposals"][0]["status"] = "held".into();
    json["engagements"][1]["constituency_code"] = "E14999999".into();
    fs::write(&file, json.to_string()).unwrap();
    let err = env.fail(&["import", "json", s(&file), "--replace"], 1);
    assert!(err.contains("E14999999"), "{err}");
    fresh().args(["import", "json", s(&file)]).assert().code(1);

    json["schema_version"] = 99.into();
    fs::write(&file, json.to_string()).unwrap();
    let err = env.fail(&["import", "json", s(&file), "--replace"], 1);
    assert!(err.contains("newer mpplan") && err.contains("schema version 99"), "{err}");

    fs::write(&file, &before[..before.len() / 2]).unwrap();
    let err = env.fail(&["import", "json", s(&file), "--replace"], 1);
    assert!(err.contains("not an mpplan backup"), "{err}");
    fs::write(&file, b"\xff\xfe not text").unwrap();
    assert!(env.fail(&["import", "json", s(&file)], 1).contains("not UTF-8"));
    assert!(env.fail(&["import", "json", s(&env.path("missing.json"))], 1).contains("cannot read"));

    assert_eq!(env.run(&["export", "json"]), before, "nothing changed");
    let empty = fresh().args(["export", "json"]).assert().success();
    let empty: serde_json::Value = serde_json::from_slice(&empty.get_output().stdout).unwrap();
    assert_eq!(empty["engagements"].as_array().unwrap().len(), 0, "the fresh database is still empty");
}

fn field_start(start: Option<DatePerhapsTime>) -> String {
    match start {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid })) => {
            format!("{tzid} {}", date_time.format("%Y-%m-%d %H:%M"))
        }
        other => panic!("not a Europe/London time: {other:?}"),
    }
}

#[test]
fn the_calendar_parses_with_an_independent_parser_and_keeps_its_uids() {
    let env = fixture();
    let text = env.run(&["export", "ics"]);
    for line in text.split_inclusive('\n') {
        assert!(line.ends_with("\r\n") && line.len() <= 77, "CRLF, 75 octets at most: {line:?}");
    }
    assert!(text.contains("\r\n "), "the long place is folded");
    let calendar: icalendar::Calendar = text.parse().unwrap();
    let events: Vec<&icalendar::Event> = calendar.components.iter().filter_map(CalendarComponent::as_event).collect();
    assert_eq!(events.len(), 3);
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"));

    let proposals = env.json(&["proposals", "--all", "--json"]);
    let proposals = proposals.as_array().unwrap();
    assert_eq!(proposals.len(), 3);
    for (event, p) in events.iter().zip(proposals) {
        assert_eq!(event.get_uid().unwrap(), format!("{}@mpplan", p["uuid"].as_str().unwrap()));
        assert_eq!(field_start(event.get_start()), format!("Europe/London {}", p["start"].as_str().unwrap()));
        assert_eq!(field_start(event.get_end()), format!("Europe/London {}", p["end"].as_str().unwrap()));
        assert!(event.get_timestamp().is_some() && event.get_created().is_some());
        let status = match p["status"].as_str().unwrap() {
            "proposed" => EventStatus::Tentative,
            "held" | "confirmed" => EventStatus::Confirmed,
            _ => EventStatus::Cancelled,
        };
        assert_eq!(event.get_status(), Some(status));
        let description = event.get_description().unwrap();
        let flag = p["flag"].as_str().unwrap();
        let assumed = if p["assumed"].as_bool().unwrap() { " (assumed)" } else { "" };
        let reason = p["reason"].as_str().unwrap();
        let first_line = format!("{}{}{assumed}: {reason}", flag[..1].to_uppercase(), &flag[1..]);
        assert_eq!(description.lines().next().unwrap(), first_line);
        assert!(description.contains("MP: Hilary Benn, Leeds South"), "{description}");
        assert!(description.contains("Press: "), "{description}");
    }
    assert_eq!(events[0].get_summary(), Some("Visit with Hilary Benn"));
    assert!(events[0].get_description().unwrap().contains("Press: agreed; quote received 2 Nov 2026"));
    assert_eq!(events[1].get_summary(), Some("Ward visit"));
    let place = "=St James's, Beckett Street; Leeds \\ Wing B — Ysbyty Gwynedd ∙ ward 7, a long way to go";
    assert_eq!(events[1].get_location(), Some(place), "escaped, folded and read back whole");

    assert_eq!(env.run(&["export", "ics"]), text, "exporting again gives the same file and UIDs");
    let december = env.run(&["export", "ics", "--from", "2026-12-01", "--to", "2026-12-05"]);
    let december: icalendar::Calendar = december.parse().unwrap();
    let uids: Vec<&str> = december.components.iter().filter_map(|c| c.as_event()?.get_uid()).collect();
    assert_eq!(uids, [events[1].get_uid().unwrap()]);
}

#[test]
fn exports_never_overwrite_without_force_and_refuse_bad_dates() {
    let env = fixture();
    let file = env.path("out.ics");
    fs::write(&file, "keep me").unwrap();
    for args in [
        vec!["export", "ics", "--out", s(&file)],
        vec!["export", "json", "--out", s(&file)],
        vec!["export", "csv", "proposals", "--out", s(&file)],
        vec!["report", "--out", s(&file)],
    ] {
        let err = env.fail(&args, 2);
        assert!(err.contains("already exists") && err.contains("--force"), "{err}");
        assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");
    }
    assert!(env.run(&["export", "ics", "--out", s(&file), "--force"]).contains("The calendar is in"));
    assert!(fs::read_to_string(&file).unwrap().starts_with("BEGIN:VCALENDAR\r\n"));

    assert!(env.fail(&["export", "ics", "--from", "someday"], 2).contains("is not a date"));
    assert!(env.fail(&["report", "--to", "2026-02-30"], 2).contains("is not a date"));
    let err = env.fail(&["export", "ics", "--from", "2026-12-05", "--to", "2026-12-01"], 2);
    assert!(err.contains("ends (2026-12-01) before it starts (2026-12-05)"), "{err}");
    assert!(env.fail(&["report", "--from", "2027-01-01"], 2).contains("before it starts"));
    assert!(env.fail(&["export", "csv", "mps"], 2).contains("invalid value"));
    env.fail(&["export", "json", "--force"], 2);
}

fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    (headers, rows)
}

fn column<'a>(headers: &[String], row: &'a [String], name: &str) -> &'a str {
    &row[headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))]
}

#[test]
fn spreadsheets_have_headers_a_row_each_and_no_formulas() {
    let env = fixture();
    let (headers, rows) = read_csv(&env.run(&["export", "csv", "proposals"]));
    assert_eq!(rows.len(), 3);
    assert_eq!(column(&headers, &rows[0], "status"), "held");
    assert_eq!(column(&headers, &rows[0], "press_quote_received_on"), "2026-11-02");
    assert!(column(&headers, &rows[1], "place").starts_with("'=St James's, Beckett Street;"), "neutralised");
    assert!(["clear", "caution", "conflict"].contains(&column(&headers, &rows[1], "flag")));

    let (headers, rows) = read_csv(&env.run(&["export", "csv", "interactions"]));
    assert_eq!(rows.len(), 3);
    let call = rows.iter().find(|r| column(&headers, r, "kind") == "call").unwrap();
    assert_eq!(column(&headers, call, "summary"), "'+44 20 7219 3000 called");
    assert_eq!(column(&headers, call, "direction"), "to_mp");

    let (headers, rows) = read_csv(&env.run(&["export", "csv", "engagements"]));
    assert_eq!(rows.len(), 2, "tracked or not");
    let east = &rows[0];
    assert_eq!((column(&headers, east, "seat"), column(&headers, east, "tracked")), ("Leeds East", "no"));
    let south = &rows[1];
    assert_eq!(column(&headers, south, "mp"), "Hilary Benn");
    assert_eq!(column(&headers, south, "last_contact"), "2026-10-08");
    assert_eq!(column(&headers, south, "next_contact_due"), "2027-01-06");
    assert_eq!(column(&headers, south, "contacts"), "3");
    assert!(column(&headers, south, "next_step").starts_with("1.2 "));
}

#[test]
fn the_board_report_counts_the_last_twelve_months_per_tracked_mp() {
    let env = fixture();
    let md = env.run(&["report"]);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "# Engagement with MPs: 24 November 2025 to 24 November 2026");
    assert!(
        lines[2].starts_with(
            "Leeds Teaching Hospitals NHS Trust is tracking its relationship with 1 MP. Over the period it logged \
             2 contacts (1 letter and 1 call), held 1 meeting or visit and completed 3 steps"
        ),
        "{md}"
    );
    assert!(lines[2].contains("Press were invited to 1 proposal; 1 quote from the MP was received"), "{md}");
    assert!(lines[4].starts_with("| MP | Constituency |"));
    assert!(lines[6].starts_with("| **All tracked MPs** |"), "totals first: {md}");
    assert!(lines[7].starts_with("| Hilary Benn | Leeds South | 2 (1 letter and 1 call) | 1 | 3 |"), "{md}");
    assert!(!md.contains("Leeds East"), "untracked");

    let older = env.run(&["report", "--from", "2025-01-01", "--to", "2025-12-31"]);
    assert!(older.contains("| Hilary Benn | Leeds South | 1 (1 letter) | 0 | 1 |"), "{older}");

    let (headers, rows) = read_csv(&env.run(&["report", "--format", "csv"]));
    assert_eq!(rows.len(), 2);
    assert_eq!(column(&headers, &rows[0], "mp"), "All tracked MPs");
    assert_eq!(column(&headers, &rows[1], "seat_code"), "E14001323");
    assert_eq!((column(&headers, &rows[1], "letters"), column(&headers, &rows[1], "calls")), ("1", "1"));
    assert_eq!(column(&headers, &rows[1], "quotes_received"), "1");

    let file = env.path("report.md");
    assert!(env.run(&["report", "--out", s(&file)]).contains("The report is in"));
    assert_eq!(fs::read_to_string(&file).unwrap(), md);
}

#[test]
fn every_new_command_has_help() {
    let env = Env::new();
    for (args, says) in [
        (vec!["export", "--help"], "JSON backup"),
        (vec!["export", "json", "--help"], "--out"),
        (vec!["export", "ics", "--help"], "--from"),
        (vec!["export", "csv", "--help"], "engagements"),
        (vec!["import", "json", "--help"], "--replace"),
        (vec!["report", "--help"], "--format"),
        (vec!["invite", "--help"], "--out"),
        (vec!["org", "set", "--help"], "--email"),
    ] {
        assert!(env.run(&args).contains(says), "{args:?}");
    }
}
