//! Importing MPs, calendar dates and proposals, run as a user would. "Today" is Tuesday 24 November
//! 2026. Every import is all or nothing: the bad files under tests/import-files/ change nothing.

use std::fs;
use std::path::PathBuf;

use serde_json::Value;

use crate::common;
use crate::common::Env;

fn file(name: &str) -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "import-files", name].iter().collect();
    path.to_str().unwrap().to_string()
}

/// Everything an import could change, as the user sees it.
fn state(env: &Env) -> Vec<String> {
    let commands: [&[&str]; 6] = [
        &["mps", "--json"],
        &["recess", "list", "--json"],
        &["proposals", "--all", "--json"],
        &["calendar", "status"],
        &["mp", "E14001323", "--json"],
        &["day", "2027-01-12", "--json"],
    ];
    commands.iter().map(|args| env.run(args)).collect()
}

/// A database with Leeds South tracked and a proposal of the user's own.
fn fixture() -> Env {
    let env = Env::new();
    env.run(&["track", "leeds south"]);
    env.run(&["propose", "leeds south", "--start", "2027-01-08 10:00", "-d", "1h", "--kind", "visit"]);
    env
}

#[test]
fn an_mp_file_shows_its_changes_then_applies_them_once() {
    let env = fixture();
    let before = state(&env);
    let preview = env.run(&["import", "mps", &file("mps-new-mp-bom-crlf.csv"), "--dry-run"]);
    assert!(
        preview.contains("Leeds South (E14001323): Hilary Benn (Labour) left; Jo Bloggs (Green) arrived"),
        "{preview}"
    );
    assert!(
        preview
            .contains("Party changes:\n  Leeds Central and Headingley, Alex Sobel: party Labour (Co-op) → Independent")
    );
    assert!(preview.contains("email alex.sobel.mp@parliament.uk → alex@example.org"));
    assert!(preview.contains("648 seats are not in the file and stay as they are."));
    assert!(preview.ends_with("Dry run: nothing was changed; run it again without --dry-run to import.\n"));
    assert_eq!(state(&env), before, "a dry run changes nothing");

    let applied = env.run(&["import", "mps", &file("mps-new-mp-bom-crlf.csv")]);
    assert!(applied.contains("Imported: 2 changes applied."), "{applied}");
    assert!(applied.contains("Leeds South is tracked: the agenda now suggests introducing yourselves to Jo Bloggs."));
    let card = env.json(&["mp", "E14001323", "--json"]);
    assert_eq!(card["name"], "Jo Bloggs", "{card}");
    let history: Vec<(&str, Option<&str>)> = card["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap(), t["until"].as_str()))
        .collect();
    assert_eq!(history, [("Hilary Benn", Some("2026-11-20")), ("Jo Bloggs", None)]);
    let proposals = env.json(&["proposals", "--all", "--json"]);
    assert_eq!(proposals[0]["mp"], "Jo Bloggs", "the engagement and its proposal stay with the seat");

    let agenda = env.json(&["agenda", "--json"]);
    let due = agenda["follow_ups_due"].as_array().unwrap();
    let introduce = due.iter().find(|f| f["rule"] == "introduce_to_new_mp").unwrap_or_else(|| panic!("{agenda}"));
    assert!(introduce["reason"].as_str().unwrap().contains("Leeds South has a new MP, Jo Bloggs"), "{introduce}");

    let after = state(&env);
    let again = env.run(&["import", "mps", &file("mps-new-mp-bom-crlf.csv")]);
    assert!(again.contains("No changes: the 2 rows match the MPs already here."), "{again}");
    assert_eq!(state(&env), after, "importing the same file twice changes nothing the second time");
}

#[test]
fn the_shipped_mp_file_changes_nothing() {
    let env = Env::new();
    let shipped = [env!("CARGO_MANIFEST_DIR"), "assets", "data", "mps_2024_parliament.csv"].join("/");
    let out = env.run(&["import", "mps", &shipped]);
    assert_eq!(out.lines().nth(1), Some("No changes: the 650 rows match the MPs already here."), "{out}");
}

#[test]
fn sitting_days_for_2027_replace_the_assumed_pattern() {
    let env = Env::new();
    let day = env.json(&["day", "2027-01-12", "--json"]);
    assert_eq!((day["certainty"].as_str(), day["assumed"].as_bool()), (Some("assumed"), Some(true)));

    let out = env.run(&["import", "calendar", &file("sitting-days-2027.csv")]);
    assert!(out.contains("This is a sitting-day CSV."), "{out}");
    assert!(out.contains("Add 3 sitting days from Monday 11 January 2027 to Wednesday 13 January 2027"), "{out}");
    assert!(out.contains("Already here: 1 sitting day"), "{out}");
    assert!(out.contains("The sitting-day data now runs to Wednesday 13 January 2027."), "{out}");
    let day = env.json(&["day", "2027-01-12", "--json"]);
    assert_eq!((day["kind"].as_str(), day["certainty"].as_str()), (Some("sitting"), Some("confirmed")), "{day}");
    assert_eq!(day["assumed"], false);
    let status = env.run(&["calendar", "status"]);
    assert!(status.contains("sitting days   import   3"), "{status}");

    let before = state(&env);
    let again = env.run(&["import", "calendar", &file("sitting-days-2027.csv")]);
    assert!(again.contains("Already here: 4 sitting days") && again.contains("No changes"), "{again}");
    assert_eq!(state(&env), before);
}

#[test]
fn recesses_from_a_calendar_file_and_the_shipped_csv() {
    let env = Env::new();
    let preview = env.run(&["import", "calendar", &file("recesses-2027.ics"), "--dry-run"]);
    assert!(preview.contains("This is a calendar (ICS) file."), "{preview}");
    assert!(preview.contains("Add recess: February recess, Friday 12 February 2027 to Sunday 21 February 2027"));
    assert!(preview.contains("Add recess: Easter recess, Thursday 25 March 2027 to Sunday 11 April 2027"));
    assert!(preview.contains("Add 1 sitting day from Friday 29 January 2027"), "{preview}");
    assert!(
        preview.contains("Left out: 1 event that is not a recess or a sitting day (\"State Opening of Parliament\")")
    );
    env.run(&["import", "calendar", &file("recesses-2027.ics")]);
    let recesses = env.json(&["recess", "list", "--json"]);
    let imported: Vec<&Value> = recesses.as_array().unwrap().iter().filter(|r| r["source"] == "import").collect();
    assert_eq!(imported.len(), 2, "{recesses}");
    let day = env.json(&["day", "2027-02-16", "--json"]);
    assert_eq!((day["kind"].as_str(), day["name"].as_str()), (Some("recess"), Some("February recess")), "{day}");
    assert_eq!(env.json(&["day", "2027-01-29", "--json"])["kind"], "sitting", "a sitting Friday");
    let again = env.run(&["import", "calendar", &file("recesses-2027.ics")]);
    assert!(again.contains("Already here: February recess") && again.contains("No changes"), "{again}");

    let shipped = [env!("CARGO_MANIFEST_DIR"), "assets", "data", "commons_recess_dates.csv"].join("/");
    let out = env.run(&["import", "calendar", &shipped]);
    assert!(out.contains("No changes: everything in the file is already here."), "{out}");
}

/// A shipped data file.
fn shipped(name: &str) -> String {
    [env!("CARGO_MANIFEST_DIR"), "assets", "data", name].join("/")
}

/// The shipped CSV's Commons recesses from 2025 on, written as Parliament's Egg Timer writes its
/// recess file (PRODID ukparliament/egg-timer; LF line ends; DTEND the last day of the recess
/// itself; a UID of the start date and "000000"; a DTSTAMP without Z; every event tentative), and
/// how many there are.
fn egg_timer_recesses_2025_26() -> (String, usize) {
    let mut csv = csv::Reader::from_path(shipped("commons_recess_dates.csv")).unwrap();
    let header = csv.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (house, name, first, last) =
        (col("house"), col("recess"), col("first_non_sitting_day"), col("last_non_sitting_day"));
    let mut ics = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:ukparliament/egg-timer\n".to_string();
    let mut count = 0;
    for row in csv.records().map(Result::unwrap) {
        if &row[house] != "House of Commons" || &row[first] < "2025" {
            continue;
        }
        let (start, end) = (row[first].replace('-', ""), row[last].replace('-', ""));
        ics += &format!(
            "BEGIN:VEVENT\nSUMMARY:{}\nUID:{start}000000\nDTSTAMP:{start}T000000\nDTSTART;VALUE=DATE:{start}\n\
             DTEND;VALUE=DATE:{end}\nSTATUS:TENTATIVE\nEND:VEVENT\n",
            &row[name]
        );
        count += 1;
    }
    (ics + "END:VCALENDAR\n", count)
}

#[test]
fn the_shipped_recesses_written_as_the_egg_timer_writes_them_change_nothing() {
    let env = Env::new();
    let (text, recesses) = egg_timer_recesses_2025_26();
    assert!(recesses >= 10 && !text.contains('\r'), "{text}");
    let path = env.dir.path().join("upcoming.ics");
    fs::write(&path, text).unwrap();
    let before = state(&env);
    let out = env.run(&["import", "calendar", path.to_str().unwrap()]);
    assert!(out.contains("This is Parliament's Egg Timer calendar (ICS)."), "{out}");
    assert!(out.contains("Already here: Summer recess, Wednesday 23 July 2025 to Sunday 31 August 2025"), "{out}");
    assert!(out.contains("Already here: Whitsun recess, Friday 22 May 2026 to Sunday 31 May 2026"), "{out}");
    assert_eq!(out.matches("  Already here: ").count(), recesses, "{out}");
    assert!(!out.contains("Add recess"), "{out}");
    assert!(out.ends_with("No changes: everything in the file is already here.\n"), "{out}");
    assert_eq!(state(&env), before, "the database is unchanged");
}

#[test]
fn an_egg_timer_recess_file_ends_each_recess_on_its_dtend() {
    let env = Env::new();
    let preview = env.run(&["import", "calendar", &file("egg-timer-recesses-2027.ics"), "--dry-run"]);
    assert!(preview.contains("This is Parliament's Egg Timer calendar (ICS)."), "{preview}");
    assert!(preview.contains("Add recess: February recess, Friday 12 February 2027 to Sunday 21 February 2027"));
    assert!(preview.contains("Add recess: Recess, Friday 5 March 2027 to Friday 5 March 2027"), "{preview}");
    assert!(preview.contains("Add recess: Easter recess, Thursday 25 March 2027 to Sunday 11 April 2027"));
    assert!(preview.contains("To add: 3 recesses and 0 sitting days."), "{preview}");
    env.run(&["import", "calendar", &file("egg-timer-recesses-2027.ics")]);
    let kind = |date: &str| {
        let day = env.json(&["day", date, "--json"]);
        (day["kind"].as_str().unwrap().to_string(), day["name"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(kind("2027-02-21"), ("recess".into(), "February recess".into()), "the DTEND day is in the recess");
    assert_ne!(kind("2027-02-22").0, "recess", "the day after DTEND is not");
    assert_eq!(kind("2027-03-05"), ("recess".into(), "Recess".into()), "a one-day recess");
    assert_ne!(kind("2027-03-04").0, "recess");
    assert_eq!(kind("2027-04-11").0, "recess");
}

#[test]
fn the_egg_timer_day_file_gives_provisional_sitting_days_and_says_what_it_left_out() {
    let env = Env::new();
    let text = fs::read_to_string(file("egg-timer-days-2027.ics")).unwrap();
    assert!(!text.contains("END:VCALENDAR") && !text.contains("PRODID") && !text.contains('\r'));
    let out = env.run(&["import", "calendar", &file("egg-timer-days-2027.ics")]);
    assert!(out.contains("This is Parliament's Egg Timer calendar (ICS)."), "{out}");
    assert!(
        out.contains(
            "Add 4 sitting days from Monday 11 January 2027 to Monday 18 January 2027, 4 of them scheduled (provisional)"
        ),
        "{out}"
    );
    assert!(
        out.contains("Left out: 2 events that are not a recess or a sitting day (\"Adjournment day\" 2 times)"),
        "{out}"
    );
    let day = env.json(&["day", "2027-01-12", "--json"]);
    assert_eq!((day["kind"].as_str(), day["certainty"].as_str()), (Some("sitting"), Some("scheduled")), "{day}");
    assert_eq!(env.json(&["day", "2027-01-18", "--json"])["kind"], "sitting", "a virtual sitting day");
    assert_ne!(env.json(&["day", "2027-01-14", "--json"])["kind"], "sitting", "a Thursday not in the file");

    let cut = env.dir.path().join("cut.ics");
    fs::write(&cut, text.replace("STATUS:TENTATIVE\n", "")).unwrap();
    let before = state(&env);
    let err = env.fail(&["import", "calendar", cut.to_str().unwrap()], 1);
    assert!(err.contains("it may be cut short"), "not the Egg Timer's shape, so the missing end is refused: {err}");
    assert_eq!(state(&env), before);
}

/// An MP card, as `mpplan mp CODE --json` shows it.
fn card(env: &Env, code: &str) -> Value {
    env.json(&["mp", code, "--json"])
}

#[test]
fn the_dfe_mp_look_up_shows_its_changes_and_keeps_what_it_does_not_give() {
    let env = fixture();
    let before = state(&env);
    let sobel = card(&env, "E14001319");
    let preview = env.run(&["import", "mps", &file("mps-dfe-lookup.csv"), "--dry-run"]);
    assert!(preview.contains("This is the DfE's MP look-up (mp_lookup.csv)"), "{preview}");
    assert!(preview.contains("Leeds South (E14001323): Hilary Benn (Labour) left; Jo Bloggs (Green Party) arrived"));
    assert!(preview.contains("Makerfield (E14001350): Andy Burnham (Labour (Co-op)) left; the seat is vacant"));
    assert!(
        preview
            .contains("Party changes:\n  Leeds Central and Headingley, Alex Sobel: party Labour (Co-op) → Independent"),
        "{preview}"
    );
    assert!(!preview.contains("Contact changes"), "nothing it does not give is cleared: {preview}");
    assert!(preview.contains("3 of the 4 seats in the file change."), "{preview}");
    assert_eq!(state(&env), before, "a dry run changes nothing");

    let applied = env.run(&["import", "mps", &file("mps-dfe-lookup.csv")]);
    assert!(applied.contains("Imported: 3 changes applied."), "{applied}");
    assert!(applied.contains("Leeds South is tracked: the agenda now suggests introducing yourselves to Jo Bloggs."));
    let benn_seat = card(&env, "E14001323");
    assert_eq!((benn_seat["name"].as_str(), benn_seat["party"].as_str()), (Some("Jo Bloggs"), Some("Green Party")));
    let mut expected = sobel.clone();
    expected["party"] = "Independent".into();
    let mut after = card(&env, "E14001319");
    for field in ["changes", "history"] {
        after[field] = expected[field].clone(); // the record of the change itself
    }
    assert_eq!(after, expected, "only the party changed");

    let settled = state(&env);
    let again = env.run(&["import", "mps", &file("mps-dfe-lookup.csv")]);
    assert!(again.contains("No changes: the 4 rows match the MPs already here."), "{again}");
    assert_eq!(state(&env), settled);
}

#[test]
fn a_dfe_look_up_with_only_its_required_columns_imports() {
    let env = Env::new();
    let out = env.run(&["import", "mps", &file("mps-dfe-required-only.csv")]);
    assert!(out.contains("Leeds South (E14001323): Hilary Benn (Labour) left; Jo Bloggs (Green Party) arrived"));
    assert!(out.contains("Leeds Central and Headingley, Alex Sobel: party Labour (Co-op) → Independent"), "{out}");
    assert!(out.contains("Imported: 2 changes applied."), "{out}");
    let card = card(&env, "E14001323");
    assert_eq!(card["name"], "Jo Bloggs", "{card}");
}

#[test]
fn the_shipped_mps_written_in_the_dfe_layout_change_nothing() {
    let env = Env::new();
    let mut shipped_mps = csv::Reader::from_path(shipped("mps_2024_parliament.csv")).unwrap();
    let header = shipped_mps.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut dfe = csv::WriterBuilder::new().quote_style(csv::QuoteStyle::Always).from_writer(Vec::new());
    dfe.write_record([
        "pcon_name",
        "pcon_code",
        "member_id",
        "full_title",
        "display_as",
        "party_text",
        "member_email",
        "election_result_summary_2024",
        "region_name",
        "country_name",
    ])
    .unwrap();
    for row in shipped_mps.records().map(Result::unwrap) {
        let email = if row[col("email")].is_empty() { "No email found" } else { &row[col("email")] };
        dfe.write_record([
            &row[col("constituency_name")],
            &row[col("constituency_code")],
            &row[col("parliament_member_id")],
            &row[col("mp_full_title")],
            &row[col("mp_name")],
            &row[col("party")],
            email,
            &row[col("ge2024_result")],
            &row[col("region")],
            &row[col("country")],
        ])
        .unwrap();
    }
    let path = env.dir.path().join("mp_lookup.csv");
    fs::write(&path, dfe.into_inner().unwrap()).unwrap();
    let before = state(&env);
    let out = env.run(&["import", "mps", path.to_str().unwrap()]);
    assert!(out.contains("No changes: the 650 rows match the MPs already here."), "{out}");
    assert_eq!(state(&env), before);
}

#[test]
fn calendar_events_become_proposals_and_are_recognised_the_next_time() {
    let env = Env::new();
    let preview = env.run(&["import", "ics", &file("meetings.ics"), "--mp", "leeds south", "--dry-run"]);
    assert!(preview.starts_with("Events from "), "{preview}");
    assert!(preview.contains("Add: Fri 8 Jan 2027 10:00–11:30, visit: Ward visit with the MP at St James's University Hospital, Leeds (✓? clear (assumed))"), "{preview}");
    assert!(
        preview.contains("Add: Fri 9 Jul 2027 10:00–10:45, meeting: Catch-up on winter pressures"),
        "UTC to BST: {preview}"
    );
    assert!(preview.contains("Left out: \"Constituency surgery\" (cancelled)"));
    assert_eq!(env.json(&["proposals", "--all", "--json"]), Value::Array(vec![]));

    let out = env.run(&["import", "ics", &file("meetings.ics"), "--mp", "leeds south"]);
    assert!(
        out.contains("Imported: 2 added, 0 updated.") && out.contains("Now tracking Leeds South (Hilary Benn)."),
        "{out}"
    );
    let proposals = env.json(&["proposals", "--all", "--json"]);
    let shown: Vec<(&str, &str, &str)> = proposals
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["title"].as_str().unwrap(), p["kind"].as_str().unwrap(), p["start"].as_str().unwrap()))
        .collect();
    assert_eq!(
        shown,
        [
            ("Ward visit with the MP", "visit", "2027-01-08 10:00"),
            ("Catch-up on winter pressures", "meeting", "2027-07-09 10:00")
        ]
    );

    let before = state(&env);
    let again = env.run(&["import", "ics", &file("meetings.ics"), "--mp", "leeds south"]);
    assert!(again.contains("No changes: the 2 events are already imported as they are."), "{again}");
    assert_eq!(state(&env), before);

    let moved = env.dir.path().join("moved.ics");
    let text = fs::read_to_string(file("meetings.ics")).unwrap().replace("20270108T100000", "20270108T090000");
    fs::write(&moved, text).unwrap();
    let out = env.run(&["import", "ics", moved.to_str().unwrap(), "--mp", "leeds south"]);
    assert!(out.contains("Update #1: Fri 8 Jan 2027 09:00–11:30") && out.contains("1 already imported"), "{out}");
    assert_eq!(env.json(&["proposals", "--all", "--json"]).as_array().unwrap().len(), 2, "updated, not duplicated");
    let err = env.fail(&["import", "ics", moved.to_str().unwrap(), "--mp", "leeds east"], 1);
    assert!(err.contains("was imported before as a proposal for Leeds South; give --mp E14001323"), "{err}");
}

#[test]
fn bad_files_change_nothing_and_say_why() {
    let env = fixture();
    env.run(&["import", "calendar", &file("recesses-2027.ics")]);
    let cases: &[(&str, &str, &[&str])] = &[
        ("mps", "empty.csv", &["empty.csv is empty"]),
        ("mps", "bom-only.csv", &["bom-only.csv is empty"]),
        ("mps", "header-only.csv", &["has a header but no rows"]),
        ("mps", "mps-missing-columns.csv", &["has no column mp_full_title", "mps_2024_parliament.csv"]),
        ("mps", "mps-dfe-missing-columns.csv", &["has no column member_id, party_text", "the DfE's MP look-up"]),
        (
            "mps",
            "mps-bad-rows.csv",
            &[
                "nothing was imported from",
                "3 lines have problems: line 2: \"E14009999\" is not the code of one of the 650 constituencies",
                "line 4: parliament_member_id \"forty\" is not a number",
                "line 5: the seat E14001323 is listed again (first on line 3), and member 99999 is listed again",
            ],
        ),
        ("mps", "mps-windows-1252.csv", &["is not UTF-8 text: line 3", "save the file as UTF-8"]),
        ("mps", "mps-utf16.csv", &["is not a text file (it is UTF-16 text)"]),
        ("mps", "no-such-file.csv", &["cannot read", "no-such-file.csv: there is no such file"]),
        ("calendar", "calendar-unknown-columns.csv", &["is not a calendar file mpplan knows"]),
        ("calendar", "mps-new-mp-bom-crlf.csv", &["is not a calendar file mpplan knows"]),
        (
            "calendar",
            "sitting-days-bad.csv",
            &[
                "line 3: 2027-01-12 is a Tuesday, not \"Monday\"",
                "line 4: status_at_extract \"maybe\"",
                "line 5: date \"2027-02-30\" is not a date",
            ],
        ),
        (
            "calendar",
            "recess-bad.csv",
            &["line 3: \"Easter recess\" ends (2027-03-25) before it starts", "line 4: the recess has no name"],
        ),
        ("calendar", "truncated.ics", &["it may be cut short"]),
        ("calendar", "deep.ics", &["nests components more than 8 deep"]),
        (
            "calendar",
            "recesses-bad.ics",
            &[
                "line 3: \"Easter recess\" is not an all-day event",
                "line 8: \"Whitsun recess\" ends (2027-05-20) before",
            ],
        ),
        (
            "ics",
            "events-bad.ics",
            &[
                "5 lines have problems",
                "line 9: its DTSTART \"20270328T013000\" does not exist",
                "line 15: the end (2027-01-08 10:00) is not after the start",
                "line 21: the slot from 2027-01-08 10:00 to 2027-01-10 10:00 lasts longer than 24 hours",
                "line 27: its DTSTART \"20270108T100000\" has the time zone \"Mars/Olympus_Mons\"",
                "line 33: the event a@example.org is listed again (first on line 3)",
            ],
        ),
        ("ics", "truncated.ics", &["it may be cut short"]),
        ("ics", "mps-new-mp-bom-crlf.csv", &["is not a calendar file"]),
    ];
    let before = state(&env);
    for (kind, name, expected) in cases {
        let path = file(name);
        let mut args = vec!["import", kind, path.as_str()];
        if *kind == "ics" {
            args.extend(["--mp", "leeds south", "--strict"]);
        }
        let err = env.fail(&args, 1);
        for text in *expected {
            assert!(err.contains(text), "{kind} {name}: expected \"{text}\" in {err}");
        }
        assert_eq!(state(&env), before, "{kind} {name} changed the database");
    }
}

#[test]
fn enormous_files_long_lines_and_many_bad_lines() {
    let env = Env::new();
    let dir = env.dir.path();
    let huge = dir.join("huge.csv");
    fs::File::create(&huge).unwrap().set_len(51 * 1024 * 1024).unwrap();
    let err = env.fail(&["import", "calendar", huge.to_str().unwrap()], 1);
    assert!(err.contains("huge.csv is 51 MB, more than the 50 MB an import may be"), "{err}");

    let long = dir.join("long.ics");
    let line = "X".repeat(1024 * 1024);
    fs::write(&long, format!("BEGIN:VCALENDAR\nDESCRIPTION:{line}\nEND:VCALENDAR\n")).unwrap();
    let err = env.fail(&["import", "calendar", long.to_str().unwrap()], 1);
    assert!(err.contains("has a line (starting on line 2) longer than 100000 characters"), "{err}");

    let many = dir.join("many.csv");
    let rows: String = (1..=25).map(|i| format!("2027-13-{i:02},,,sat\n")).collect();
    fs::write(&many, format!("date,weekday,session,status_at_extract\n{rows}")).unwrap();
    let err = env.fail(&["import", "calendar", many.to_str().unwrap()], 1);
    assert!(err.contains("25 lines have problems: line 2: date \"2027-13-01\" is not a date"), "{err}");
    assert!(
        err.contains("line 21: ") && !err.contains("line 22: ") && err.trim_end().ends_with("; and 5 more"),
        "{err}"
    );

    let folder = env.fail(&["import", "mps", dir.to_str().unwrap()], 1);
    assert!(folder.contains("is a folder; give the file to import"), "{folder}");
    let unknown = env.fail(&["import", "ics", &file("meetings.ics"), "--mp", "nowhere at all"], 2);
    assert!(unknown.contains("no MP or constituency matches"), "{unknown}");
}

#[test]
fn a_calendar_exported_by_mpplan_imports_into_another_database_with_the_same_events() {
    let source = Env::new();
    for (start, place) in [("2026-12-04 10:00", "St James's"), ("2027-01-15 14:30", "Outpatients, Chapel Allerton")] {
        source.run(&["propose", "leeds south", "--start", start, "-d", "90m", "--kind", "visit", "--place", place]);
    }
    let ics = source.dir.path().join("out.ics");
    source.run(&["export", "ics", "--out", ics.to_str().unwrap()]);

    let target = Env::new();
    let out = target.run(&["import", "ics", ics.to_str().unwrap(), "--mp", "leeds south"]);
    assert!(out.contains("2 added"), "{out}");
    let fields = |env: &Env| -> Vec<(String, String, String, String)> {
        env.json(&["proposals", "--all", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let text = |k: &str| p[k].as_str().unwrap().to_string();
                (text("title"), text("start"), text("end"), text("place"))
            })
            .collect()
    };
    let (mut from, to) = (fields(&source), fields(&target));
    for p in &mut from {
        p.0 = "Visit with Hilary Benn".into(); // an untitled proposal exports its label as its summary
    }
    assert_eq!(to, from);
    let again = target.run(&["import", "ics", ics.to_str().unwrap(), "--mp", "leeds south"]);
    assert!(again.contains("No changes"), "{again}");
}

/// Pages of the Members API's member search, saved one after another in one file.
fn members_pages(fixture: &common::feed_server::Fixture, pages: std::ops::Range<usize>) -> String {
    pages
        .map(|page| {
            fixture
                .route(&format!("/api/Members/Search?House=1&IsCurrentMember=true&skip={}&take=20", page * 20))
                .unwrap()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn members_api_pages_import_as_mps() {
    let env = Env::new();
    let mut fixture = common::feed_server::Fixture::new();
    fixture.new_member("Leeds South", 99001, "Jo Bloggs", "Green Party", "2026-11-05");
    let file = env.dir.path().join("members.json");
    std::fs::write(&file, members_pages(&fixture, 0..33)).unwrap();
    let preview = env.run(&["import", "mps", file.to_str().unwrap(), "--dry-run"]);
    assert!(preview.lines().next().unwrap().ends_with("members.json (Members API):"), "{preview}");
    assert!(
        preview.contains("Leeds South (E14001323): Hilary Benn (Labour) left; Jo Bloggs (Green Party) arrived"),
        "{preview}"
    );
    env.run(&["import", "mps", file.to_str().unwrap()]);
    assert!(env.run(&["mp", "leeds south"]).contains("Jo Bloggs"));

    // One page alone: the seats it does not list stay as they are.
    let one = env.dir.path().join("page.json");
    std::fs::write(&one, members_pages(&common::feed_server::Fixture::new(), 0..1)).unwrap();
    let preview = env.run(&["import", "mps", one.to_str().unwrap(), "--dry-run"]);
    assert!(preview.contains("630 seats are not in the file and stay as they are."), "{preview}");
    assert!(!preview.contains("seat is vacant"), "{preview}");

    let bad = env.dir.path().join("bad.json");
    std::fs::write(&bad, "{\"items\": [").unwrap();
    let err = env.fail(&["import", "mps", bad.to_str().unwrap()], 1);
    assert!(err.contains("bad.json is not a Members API member search"), "{err}");
}

#[test]
fn whats_on_json_imports_as_calendar_dates() {
    let env = Env::new();
    let fixture = common::feed_server::Fixture::new();
    let periods = env.dir.path().join("nonsitting.json");
    std::fs::write(&periods, fixture.route("/calendar/events/nonsitting.json").unwrap()).unwrap();
    let preview = env.run(&["import", "calendar", periods.to_str().unwrap()]);
    assert!(preview.contains("Christmas recess"), "{preview}");
    let day = env.run(&["day", "2026-12-22"]);
    assert!(day.contains("Christmas recess"), "{day}");

    let days = env.dir.path().join("sittingdates.json");
    let body = fixture
        .route("/calendar/proceduraldates/Commons/sittingdates.json?startDate=2027-01-11&endDate=2027-01-17")
        .unwrap();
    std::fs::write(&days, body).unwrap();
    env.run(&["import", "calendar", days.to_str().unwrap()]);
    let friday = env.json(&["day", "2027-01-15", "--json"]);
    assert_eq!(friday["kind"], "sitting", "{friday}");

    let sessions = env.dir.path().join("sessions.json");
    std::fs::write(&sessions, fixture.route("/calendar/sessions/list.json").unwrap()).unwrap();
    let err = env.fail(&["import", "calendar", sessions.to_str().unwrap()], 1);
    assert!(err.contains("is JSON but not What's On's sitting dates"), "{err}");
}

/// A London wall-clock time ("2027-03-05 10:00") in UTC ("2027-03-05T10:00Z").
fn utc(london: &str) -> String {
    use chrono::TimeZone;
    let wall = chrono::NaiveDateTime::parse_from_str(london, "%Y-%m-%d %H:%M").unwrap();
    let placed = chrono_tz::Europe::London.from_local_datetime(&wall).earliest().unwrap();
    placed.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%MZ").to_string()
}

/// Each proposal as (title, start and end in UTC — or the days, when all day —, place, status).
fn imported(env: &Env) -> Vec<(String, String, String, String, String)> {
    let text = |p: &Value, k: &str| p[k].as_str().unwrap_or_default().to_string();
    let mut all: Vec<_> = env
        .json(&["proposals", "--all", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let (start, end) = match p["all_day"].as_bool().unwrap() {
                true => (format!("{} all day", &text(p, "start")[..10]), format!("{} all day", &text(p, "end")[..10])),
                false => (utc(&text(p, "start")), utc(&text(p, "end"))),
            };
            (text(p, "title"), start, end, text(p, "place"), text(p, "status"))
        })
        .collect();
    all.sort_by(|a, b| a.1.cmp(&b.1));
    all
}

fn row(title: &str, start: &str, end: &str, place: &str, status: &str) -> (String, String, String, String, String) {
    (title.into(), start.into(), end.into(), place.into(), status.into())
}

#[test]
fn a_google_calendar_export_imports_its_repeats_exceptions_and_all_day_event() {
    let env = Env::new();
    let out = env.run(&["import", "ics", &file("google-calendar.ics"), "--mp", "leeds south"]);
    assert!(
        out.contains(
            "Repeating events are imported from Tue 24 Nov 2026 to Wed 24 Nov 2027 (change it with --from and --until)."
        ),
        "{out}"
    );
    assert!(out.contains("Imported: 5 added, 0 updated."), "{out}");
    let place = "Trust HQ, Boardroom 2, Leeds";
    let title = "Monthly catch-up with the constituency office";
    assert_eq!(
        imported(&env),
        [
            // 15 Jan is given in UTC; GMT then.
            row("Call about the winter plan", "2027-01-15T14:00Z", "2027-01-15T15:00Z", "", "proposed"),
            // The first Friday of March, April (an EXDATE, so not there), May (moved to Saturday) and June.
            row(title, "2027-03-05T10:00Z", "2027-03-05T11:00Z", place, "confirmed"),
            row("Hospital open day", "2027-03-12 all day", "2027-03-13 all day", "", "confirmed"),
            row(&format!("{title} (Saturday)"), "2027-05-08T09:00Z", "2027-05-08T10:00Z", place, "confirmed"),
            row(title, "2027-06-04T09:00Z", "2027-06-04T10:00Z", place, "confirmed"),
        ]
    );
    assert_eq!(utc("2027-05-08 10:00"), "2027-05-08T09:00Z", "British Summer Time");
    let card = env.run(&["mp", "E14001323"]);
    assert!(card.contains("1 of 17 items settled"), "confirming ticked 3.2: {card}");

    let before = state(&env);
    let again = env.run(&["import", "ics", &file("google-calendar.ics"), "--mp", "leeds south"]);
    assert!(again.contains("No changes: the 5 events are already imported as they are."), "{again}");
    assert_eq!(state(&env), before);
}

#[test]
fn an_outlook_export_places_windows_zones_and_a_customized_time_zone() {
    let env = Env::new();
    let out = env.run(&["import", "ics", &file("outlook-calendar.ics"), "--mp", "leeds south"]);
    assert!(out.contains("Imported: 7 added, 0 updated."), "{out}");
    let (place, title) = ("Outpatients, Chapel Allerton", "Staff drop-in");
    assert_eq!(
        imported(&env),
        [
            // Fridays at 09:30 "GMT Standard Time": 25 Dec is an EXDATE, 18 Dec moved to the 19th.
            row(title, "2026-12-04T09:30Z", "2026-12-04T10:30Z", place, "proposed"),
            row(title, "2026-12-11T09:30Z", "2026-12-11T10:30Z", place, "proposed"),
            row("Staff drop-in (moved to Saturday)", "2026-12-19T09:30Z", "2026-12-19T10:30Z", place, "proposed"),
            row(title, "2027-01-01T09:30Z", "2027-01-01T10:30Z", place, "proposed"),
            // 15:00 "Romance Standard Time" (Paris, an hour ahead in winter).
            row("Briefing from the Paris office", "2027-01-15T14:00Z", "2027-01-15T15:00Z", "", "proposed"),
            row("Constituency day", "2027-01-22 all day", "2027-01-23 all day", "", "proposed"),
            // 11:00 in the file's own "Customized Time Zone" (two hours ahead in summer).
            row(
                "Call with the European liaison office",
                "2027-06-11T09:00Z",
                "2027-06-11T10:00Z",
                "Video call",
                "proposed"
            ),
        ]
    );
    let again = env.run(&["import", "ics", &file("outlook-calendar.ics"), "--mp", "leeds south"]);
    assert!(again.contains("No changes: the 7 events are already imported as they are."), "{again}");
}

#[test]
fn an_apple_calendar_export_imports_its_repeats_and_floating_times_in_london() {
    let env = Env::new();
    let out = env.run(&["import", "ics", &file("apple-calendar.ics"), "--mp", "leeds south"]);
    assert!(out.contains("Left out: \"Ward visit with the MP\" (cancelled)"), "{out}");
    assert!(out.contains("Imported: 5 added, 0 updated."), "{out}");
    let (place, title) = ("Main hospital, Beckett Street, Leeds", "Ward visit with the MP");
    assert_eq!(
        imported(&env),
        [
            // Every other Saturday to 6 March: 6 Feb is an EXDATE, 20 Feb cancelled, 23 Jan moved.
            row(title, "2027-01-09T10:00Z", "2027-01-09T11:30Z", place, "proposed"),
            row("Ward visit with the MP (afternoon)", "2027-01-23T14:00Z", "2027-01-23T15:30Z", place, "proposed"),
            row(title, "2027-03-06T10:00Z", "2027-03-06T11:30Z", place, "proposed"),
            row("Community health fair", "2027-04-01 all day", "2027-04-03 all day", "", "proposed"),
            // A floating time, without X-WR-TIMEZONE: London's, in summer time.
            row("Surgery at the community centre", "2027-04-16T15:00Z", "2027-04-16T16:00Z", "", "proposed"),
        ]
    );
}

#[test]
fn a_cancellation_at_the_source_cancels_the_proposal_imported_before() {
    let env = Env::new();
    env.run(&["import", "ics", &file("google-calendar.ics"), "--mp", "leeds south"]);
    let cancelled = env.dir.path().join("cancelled.ics");
    let text = fs::read_to_string(file("google-calendar.ics")).unwrap();
    fs::write(&cancelled, text.replace("STATUS:TENTATIVE", "STATUS:CANCELLED")).unwrap();
    let preview = env.run(&["import", "ics", cancelled.to_str().unwrap(), "--mp", "leeds south", "--dry-run"]);
    assert!(
        preview.contains(
            "  Cancel #4: Call about the winter plan, Fri 15 Jan 2027 14:00–15:00 (cancelled in the calendar)"
        ),
        "{preview}"
    );
    assert!(preview.contains("0 to add, 0 to update, 1 to cancel, 4 already imported."), "{preview}");
    let out = env.run(&["import", "ics", cancelled.to_str().unwrap(), "--mp", "leeds south"]);
    assert!(out.contains("Imported: 0 added, 0 updated, 1 cancelled."), "{out}");
    let statuses: Vec<String> = imported(&env).into_iter().map(|r| format!("{}: {}", r.0, r.4)).collect();
    assert!(statuses.contains(&"Call about the winter plan: cancelled".to_string()), "{statuses:?}");
    let again = env.run(&["import", "ics", cancelled.to_str().unwrap(), "--mp", "leeds south"]);
    assert!(again.contains("No changes: the 5 events are already imported as they are."), "{again}");
}

#[test]
fn the_window_for_repeating_events_can_be_changed() {
    let env = Env::new();
    let args = ["import", "ics", &file("google-calendar.ics"), "--mp", "leeds south", "--dry-run"];
    let preview = env.run(&[&args[..], &["--from", "2027-05-01", "--until", "2027-06-01"]].concat());
    assert!(preview.contains("Repeating events are imported from Sat 1 May 2027 to Tue 1 Jun 2027"), "{preview}");
    assert!(
        preview.contains("Sat 8 May 2027")
            && !preview.contains("Fri 4 Jun 2027")
            && !preview.contains("Fri 5 Mar 2027")
    );
    assert!(preview.contains("3 to add"), "two single events and one time: {preview}");
    let err = env.fail(&[&args[..], &["--from", "2027-06-01", "--until", "2027-05-01"]].concat(), 2);
    assert!(err.contains("the period ends (2027-05-01) before it starts (2027-06-01)"), "{err}");
}

/// A floating time (no Z, no TZID) is in the calendar's X-WR-TIMEZONE, as Google and Apple write
/// it; without one it is London's (see the Apple export above).
#[test]
fn floating_times_are_placed_in_the_calendars_own_zone() {
    let env = Env::new();
    let paris = env.dir.path().join("paris.ics");
    let event = "BEGIN:VEVENT\r\nUID:paris-1@example.org\r\nSUMMARY:Call with the Paris office\r\n\
        DTSTART:20270115T150000\r\nDTEND:20270115T160000\r\nEND:VEVENT\r\n";
    let calendar = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nX-WR-TIMEZONE:Europe/Paris\r\n{event}END:VCALENDAR\r\n"
    );
    std::fs::write(&paris, calendar).unwrap();
    env.run(&["import", "ics", paris.to_str().unwrap(), "--mp", "leeds south"]);
    // 15:00 in Paris in January is 14:00 UTC (and London).
    assert_eq!(
        imported(&env),
        [row("Call with the Paris office", "2027-01-15T14:00Z", "2027-01-15T15:00Z", "", "proposed")]
    );
}

#[test]
fn bad_events_are_skipped_unless_strict() {
    let env = Env::new();
    let mixed = env.dir.path().join("mixed.ics");
    let good = fs::read_to_string(file("meetings.ics")).unwrap();
    let bad = "BEGIN:VEVENT\nUID:nowhen@example.org\nSUMMARY:No time yet\nEND:VEVENT\nEND:VCALENDAR\n";
    fs::write(&mixed, good.replace("END:VCALENDAR\r\n", bad)).unwrap();
    let path = mixed.to_str().unwrap();
    let before = state(&env);
    let err = env.fail(&["import", "ics", path, "--mp", "leeds south", "--strict"], 1);
    assert!(
        err.contains("nothing was imported from") && err.contains("line 28: \"No time yet\" has no start (DTSTART)"),
        "{err}"
    );
    assert_eq!(state(&env), before);
    let out = env.run(&["import", "ics", path, "--mp", "leeds south"]);
    assert!(out.contains("  Skipped: line 28: \"No time yet\" has no start (DTSTART)"), "{out}");
    assert!(out.contains("Imported: 2 added, 0 updated. 1 event was skipped (listed above)."), "{out}");
}

#[test]
fn mpplan_s_own_properties_keep_each_event_with_its_mp_kind_status_attendees_and_press() {
    let env = Env::new();
    let out = env.run(&["import", "ics", &file("mpplan-export.ics")]);
    assert!(out.starts_with("Events from ") && out.contains("as proposals for the MPs they name:"), "{out}");
    assert!(
        out.contains("For Leeds South (Hilary Benn):") && out.contains("For Leeds East (Richard Burgon):"),
        "{out}"
    );
    assert!(out.contains("Imported: 3 added, 0 updated."), "{out}");
    let fields: Vec<(String, String, String, String, String)> = env
        .json(&["proposals", "--all", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let text = |k: &str| p[k].as_str().unwrap().to_string();
            (
                text("constituency_code"),
                text("kind"),
                text("status"),
                p["attendees"].to_string(),
                p["press"]["plan"].to_string(),
            )
        })
        .collect();
    let row = |a: &str, b: &str, c: &str, d: &str, e: &str| (a.into(), b.into(), c.into(), d.into(), e.into());
    assert_eq!(
        fields,
        [
            row("E14001323", "visit", "held", "4", "\"agreed\""),
            row("E14001320", "westminster", "proposed", "null", "\"mp_handles\""),
            row("E14001323", "surgery", "cancelled", "2", "\"none\""),
        ]
    );
    let again = env.run(&["import", "ics", &file("mpplan-export.ics"), "--mp", "leeds east"]);
    assert!(
        again.contains("No changes: the 3 events are already imported as they are."),
        "an event's own seat wins: {again}"
    );
    let err = env.fail(&["import", "ics", &file("meetings.ics")], 1);
    assert!(err.contains("it does not say which MP it is with (X-MPPLAN-SEAT): give --mp"), "{err}");
}

/// Each proposal's seat, kind, status, attendees and press plan, with its title and times.
fn lossless_fields(env: &Env) -> Vec<String> {
    let mut all: Vec<String> = env
        .json(&["proposals", "--all", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {} {} {} {} {} {} {} {}",
                p["constituency_code"],
                p["start"],
                p["end"],
                p["all_day"],
                p["kind"],
                p["status"],
                p["attendees"],
                p["press"]["plan"],
                p["place"]
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn mpplan_to_mpplan_keeps_kind_status_attendees_press_and_seat() {
    let source = Env::new();
    let made = [
        ("leeds south", "2026-12-04 10:00", "visit", "4", "confirmed", "agreed"),
        ("leeds east", "2027-01-15 14:30", "westminster", "2", "held", "mp-handles"),
        ("leeds south", "2027-02-05 09:00", "surgery", "1", "cancelled", "declined"),
    ];
    for (i, (mp, start, kind, attendees, status, press)) in made.iter().enumerate() {
        let args = ["propose", mp, "--start", start, "-d", "90m", "--kind", kind, "--attendees", attendees];
        source.run(&args);
        let id = (i + 1).to_string();
        source.run(&["proposal", "set-status", &id, status]);
        source.run(&["proposal", "press", &id, "--plan", press]);
    }
    let ics = source.dir.path().join("out.ics");
    source.run(&["export", "ics", "--out", ics.to_str().unwrap()]);

    let target = Env::new();
    let out = target.run(&["import", "ics", ics.to_str().unwrap()]);
    assert!(out.contains("3 added"), "{out}");
    assert_eq!(lossless_fields(&target), lossless_fields(&source));
    let again = target.run(&["import", "ics", ics.to_str().unwrap()]);
    assert!(again.contains("No changes"), "{again}");
}

#[test]
fn a_time_in_the_repeated_autumn_hour_is_kept_as_the_file_gives_it() {
    let env = Env::new();
    let night = env.dir.path().join("night.ics");
    let event = "BEGIN:VEVENT\nUID:night@example.org\nSUMMARY:Night shift visit\nDTSTART:20261025T013000Z\n\
        DTEND:20261025T023000Z\nEND:VEVENT\n";
    fs::write(&night, format!("BEGIN:VCALENDAR\nVERSION:2.0\n{event}END:VCALENDAR\n")).unwrap();
    let path = night.to_str().unwrap();
    let out = env.run(&["import", "ics", path, "--mp", "leeds south"]);
    assert!(out.contains("Add: Sun 25 Oct 2026 01:30 GMT–02:30, visit: Night shift visit"), "{out}");
    let shown = env.run(&["proposal", "show", "1"]);
    assert!(shown.contains("01:30 GMT"), "{shown}");
    let again = env.run(&["import", "ics", path, "--mp", "leeds south"]);
    assert!(again.contains("No changes: the 1 event is already imported as it is."), "{again}");
}
