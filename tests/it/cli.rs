//! The command line, run as a user would: the real binary, a temporary database, and a home
//! directory of its own so that no test can touch the real user data directory.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use clap::CommandFactory;
use predicates::prelude::*;
use serde_json::Value;

use crate::common::Env;

#[test]
fn mps_json_lists_all_650_with_stable_fields() {
    let env = Env::new();
    let mps = env.json(&["mps", "--json"]);
    let mps = mps.as_array().unwrap();
    assert_eq!(mps.len(), 650);
    for field in
        ["constituency_code", "constituency", "country", "region", "name", "party", "email", "member_id", "tracked"]
    {
        assert!(mps[0].get(field).is_some(), "missing {field}");
    }
    let countries = |c: &str| mps.iter().filter(|m| m["country"] == c).count();
    assert_eq!(
        (countries("England"), countries("Scotland"), countries("Wales"), countries("Northern Ireland")),
        (543, 57, 32, 18)
    );
}

#[test]
fn mps_search_is_case_and_accent_insensitive() {
    let env = Env::new();
    let text = env.run(&["mps", "--search", "ORFHLAITH"]);
    assert!(text.contains("Órfhlaith Begley"), "{text}");
    assert!(text.contains("1 MP"));
    let ynys = env.json(&["mps", "--search", "ynys mon", "--json"]);
    assert_eq!(ynys.as_array().unwrap().len(), 1);
    let greens = env.json(&["mps", "--party", "GREEN", "--json"]);
    assert!(greens.as_array().unwrap().iter().all(|m| m["party"].as_str().unwrap().contains("Green")));
    assert!(env.run(&["mps", "--search", "zzzz-nowhere"]).contains("No MPs match"));
}

#[test]
fn lookup_full_postcode_gives_both_leeds_seats_with_shares() {
    let env = Env::new();
    let text = env.run(&["lookup", "ls1 4dy"]);
    assert!(text.contains("Leeds South") && text.contains("Leeds Central and Headingley"), "{text}");
    assert!(text.contains("66%") && text.contains("34%"), "{text}");
    let best = text.find("Leeds South").unwrap();
    assert!(best < text.find("Leeds Central").unwrap(), "best first");

    let json = env.json(&["lookup", "LS14DY", "--json"]);
    assert_eq!(json["postcode"], "LS1 4DY");
    assert_eq!(json["area"], "LS1 4");
    assert_eq!(json["matches"][0]["constituency"], "Leeds South");
    assert_eq!(json["matches"][1]["constituency"], "Leeds Central and Headingley");
    assert!((json["matches"][0]["share"].as_f64().unwrap() - 0.6574).abs() < 1e-9);
    assert!(!json["matches"][0]["mp"].as_str().unwrap().is_empty());
}

#[test]
fn lookup_sectors_and_districts() {
    let env = Env::new();
    assert_eq!(env.json(&["lookup", "ls9 7", "--json"])["matches"].as_array().unwrap().len(), 3);
    let district = env.json(&["lookup", "LS1", "--json"]);
    assert_eq!(district["area"], "LS1");
    assert_eq!(district["level"], "district");
}

#[test]
fn lookup_northern_ireland_explains_and_lists_the_18_seats() {
    let env = Env::new();
    let text = env.run(&["lookup", "BT1", "1AA"]);
    assert!(text.contains("Northern Ireland") && text.contains("Great Britain only"), "{text}");
    assert!(text.contains("Belfast East"));
    let json = env.json(&["lookup", "BT1 1AA", "--json"]);
    assert_eq!(json["northern_ireland"], true);
    assert_eq!(json["choices"].as_array().unwrap().len(), 18);
}

#[test]
fn lookup_rejects_bad_and_unknown_postcodes() {
    let env = Env::new();
    let err = env.fail(&["lookup", "not a postcode"], 2);
    assert!(err.contains("\"not a postcode\" is not a postcode"), "{err}");
    let err = env.fail(&["lookup", "LS1 📮"], 2);
    assert!(err.contains("not a postcode"), "{err}");
    let err = env.fail(&["lookup", "ZZ9 9ZZ"], 2);
    assert!(err.contains("ZZ9"), "{err}");
}

#[test]
fn mp_card_by_code_member_id_or_name() {
    let env = Env::new();
    let by_code = env.json(&["mp", "E14001323", "--json"]);
    assert_eq!(by_code["constituency"], "Leeds South");
    for field in ["email", "full_title", "links", "history", "changes", "seat_held_since"] {
        assert!(by_code.get(field).is_some(), "missing {field}");
    }
    let id = by_code["member_id"].as_i64().unwrap().to_string();
    assert_eq!(env.json(&["mp", &id, "--json"])["constituency_code"], "E14001323");
    let text = env.run(&["mp", "leeds south"]);
    assert!(text.contains("020 7219 3000") && text.contains("House of Commons, London SW1A 0AA"), "{text}");

    let makerfield = env.run(&["mp", "makerfield"]);
    assert!(makerfield.contains("Seat history") && makerfield.contains("Josh Simons"), "{makerfield}");
}

#[test]
fn the_mp_card_names_the_mp_without_a_title_and_the_region_once() {
    let env = Env::new();
    let tami = env.run(&["mp", "alyn and deeside"]);
    let head: Vec<&str> = tami.lines().take(2).collect();
    assert_eq!(head, ["Alyn and Deeside (W07000082), Wales", "Mark Tami (Labour)"], "{tami}");
    assert!(tami.contains("\nTitle       Rt Hon Sir Mark Tami MP\n"), "{tami}");
    assert!(tami.contains("\nAddress as  Sir Mark\n"), "{tami}");
    let json = env.json(&["mp", "alyn and deeside", "--json"]);
    assert_eq!((json["name"].as_str(), json["salutation"].as_str()), (Some("Mark Tami"), Some("Sir Mark")));
    let rand = env.run(&["mps", "--search", "altrincham"]);
    assert!(rand.contains("Connor Rand") && !rand.contains("Mr Connor Rand"), "{rand}");
    // Typed as the old data had it, the name still finds the MP.
    assert!(
        env.run(&["mp", "Mr Connor Rand"]).starts_with("Altrincham and Sale West (E14001065), North West, England\n")
    );
}

#[test]
fn held_since_is_when_the_mp_began_holding_this_seat() {
    let env = Env::new();
    let leeds = env.run(&["mp", "leeds south"]);
    assert!(leeds.contains("\nHeld since  the 2024 general election\n"), "{leeds}");
    assert!(!leeds.contains("1999"), "the first election anywhere is not when this seat was won: {leeds}");
    let json = env.json(&["mp", "leeds south", "--json"]);
    assert_eq!(
        (&json["seat_held_since"], &json["held_since_2024_general_election"]),
        (&Value::Null, &Value::Bool(true))
    );
    let runcorn = env.run(&["mp", "runcorn and helsby"]);
    assert!(runcorn.contains("\nHeld since  2025-05-01\n"), "{runcorn}");
    assert!(runcorn.contains("Sarah Pochin (Reform UK): since 2025-05-01, current"), "{runcorn}");
    let makerfield = env.run(&["mp", "makerfield"]);
    assert!(makerfield.contains("\nHeld since  (not known)\n"), "{makerfield}");
}

#[test]
fn ambiguous_and_unknown_mps_are_usage_errors_with_candidates() {
    let env = Env::new();
    let err = env.fail(&["mp", "leeds"], 2);
    assert!(err.contains("matches 7 seats") && err.contains("Leeds South"), "{err}");
    let err = env.fail(&["mp", "a"], 2);
    assert!(err.contains("and ") && err.contains("more"), "at most 10 listed: {err}");
    assert!(err.matches('[').count() <= 10, "{err}");
    let err = env.fail(&["mp", "Leeds Suoth"], 2);
    assert!(err.contains("closest") && err.contains("Leeds South"), "{err}");
}

#[test]
fn a_site_tracks_its_constituency() {
    let env = Env::new();
    let text = env.run(&["org", "site", "add", "Main hospital", "LS9 7TF"]);
    assert!(text.contains("Leeds South") && text.contains("now tracked"), "{text}");
    assert!(text.contains("Leeds East"), "alternatives listed: {text}");

    let tracked = env.json(&["mps", "--tracked", "--json"]);
    let tracked = tracked.as_array().unwrap();
    assert_eq!(tracked.len(), 1);
    assert_eq!(tracked[0]["constituency"], "Leeds South");
    assert_eq!(tracked[0]["tracked"], true);
    assert_eq!(tracked[0]["progress"]["done"], 1, "1.1 ticked from the site's postcode");
    assert_eq!(tracked[0]["progress"]["next"], "1.2");

    let sites = env.json(&["org", "site", "list", "--json"]);
    assert_eq!(sites[0]["name"], "Main hospital");
    assert_eq!(sites[0]["constituency_code"], "E14001323");

    let err = env.fail(&["org", "site", "add", "main HOSPITAL", "LS1 4DY"], 2);
    assert!(err.contains("already exists"), "{err}");
    let err = env.fail(&["org", "site", "add", "Clinic", "garbage!"], 2);
    assert!(err.contains("not a postcode"), "{err}");
    assert_eq!(env.json(&["org", "site", "list", "--json"]).as_array().unwrap().len(), 1);
}

#[test]
fn a_northern_ireland_site_is_stored_and_the_seats_listed() {
    let env = Env::new();
    let text = env.run(&["org", "site", "add", "Belfast clinic", "BT9 7AB"]);
    assert!(text.contains("Great Britain only") && text.contains("Belfast South"), "{text}");
    assert!(env.json(&["mps", "--tracked", "--json"]).as_array().unwrap().is_empty());
    assert_eq!(env.json(&["org", "site", "list", "--json"])[0]["constituency_code"], Value::Null);
}

#[test]
fn removing_a_site_needs_confirmation_off_a_terminal() {
    let env = Env::new();
    env.run(&["org", "site", "add", "Main hospital", "LS9 7TF"]);
    let err = env.fail(&["org", "site", "rm", "Main hospital"], 2);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(env.json(&["org", "site", "list", "--json"]).as_array().unwrap().len(), 1);
    assert!(env.run(&["org", "site", "rm", "main hospital", "--yes"]).contains("Removed"));
    assert!(env.json(&["org", "site", "list", "--json"]).as_array().unwrap().is_empty());
    assert_eq!(env.json(&["mps", "--tracked", "--json"]).as_array().unwrap().len(), 1, "seat stays tracked");
    env.fail(&["org", "site", "rm", "Main hospital", "--yes"], 2);
}

#[test]
fn organisation_details_are_set_and_shown() {
    let env = Env::new();
    env.fail(&["org", "set"], 2);
    env.run(&["org", "set", "--name", "Leeds Teaching Hospitals NHS Trust", "--chief-executive", "A. Person"]);
    env.run(&["org", "set", "--chair", "B. Person", "--address", "St James's\nBeckett Street\nLeeds LS9 7TF"]);
    let org = env.json(&["org", "show", "--json"]);
    assert_eq!(org["name"], "Leeds Teaching Hospitals NHS Trust");
    assert_eq!(org["chief_executive"], "A. Person");
    assert_eq!(org["chair"], "B. Person");
    assert_eq!(org["sites"].as_array().unwrap().len(), 0);
    let text = env.run(&["org", "show"]);
    assert!(text.contains("Beckett Street"), "{text}");
}

#[test]
fn track_untrack_and_track_again() {
    let env = Env::new();
    assert!(env.run(&["track", "E14001319"]).contains("Now tracking Leeds Central and Headingley"));
    assert!(env.run(&["track", "headingley"]).contains("already tracked"));
    assert!(env.run(&["untrack", "headingley"]).contains("history is kept"));
    assert!(env.json(&["mps", "--tracked", "--json"]).as_array().unwrap().is_empty());
    assert!(env.run(&["untrack", "headingley"]).contains("was not tracked"));
    assert!(env.run(&["track", "headingley"]).contains("again"));
    assert_eq!(env.json(&["mps", "--tracked", "--json"]).as_array().unwrap().len(), 1);
}

#[test]
fn stored_text_never_reaches_the_terminal_raw() {
    let env = Env::new();
    env.run(&["org", "site", "add", "\x1b]0;pwned\x07 \x1b[2J", "LS9 7TF"]);
    let listed = env.run(&["org", "site", "list"]);
    assert!(!listed.contains('\x1b') && !listed.contains('\x07'), "{listed:?}");
    assert!(listed.contains("\\u{1b}]0;pwned\\u{7}"), "{listed}");
}

#[test]
fn a_garbage_database_is_refused_and_left_unchanged() {
    let env = Env::new();
    let path = env.dir.path().join("garbage.db");
    let content = b"these are my notes, not a database\n".repeat(50);
    fs::write(&path, &content).unwrap();
    let err = env.fail(&["--db", path.to_str().unwrap(), "mps"], 1);
    assert!(err.contains(path.to_str().unwrap()) && err.contains("not an mpplan database"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), content);
    assert!(!Path::new(&format!("{}-wal", path.display())).exists());
}

#[test]
fn a_database_from_a_newer_mpplan_is_refused() {
    let env = Env::new();
    env.run(&["mps", "--tracked"]);
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = fs::read(env.db()).unwrap();
    let err = env.fail(&["mps"], 1);
    assert!(err.contains("newer mpplan") && err.contains("schema version 99"), "{err}");
    assert_eq!(fs::read(env.db()).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn the_database_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.run(&["mps", "--tracked"]);
    assert_eq!(fs::metadata(env.db()).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(fs::metadata(env.db().parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
}

#[test]
fn the_default_database_is_in_the_data_directory() {
    let env = Env::new();
    let mut cmd = env.cmd();
    cmd.env_remove("MPPLAN_DB").arg("about").assert().success().stdout(predicate::str::contains("xdg"));
    assert!(env.dir.path().join("xdg/mpplan/mpplan.sqlite3").exists());
}

#[test]
fn about_shows_the_data_and_its_attribution() {
    let env = Env::new();
    let text = env.run(&["about"]);
    assert!(text.contains("Open Parliament Licence v3.0"), "{text}");
    assert!(text.contains("Royal Mail") && text.contains("TheyWorkForYou"), "{text}");
    let json = env.json(&["about", "--json"]);
    assert_eq!(json["database"], env.db().display().to_string());
    assert_eq!(json["attribution"].as_array().unwrap().len(), 4);
    assert!(json["dataset_version"].as_str().unwrap().starts_with("2026-06-27"));
}

/// Every command and subcommand, as the words that name it (none for `mpplan` itself), read from
/// the command line's own definition: clap's `help` subcommands (help on the others) left out.
fn every_command() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, words: &mut Vec<String>, all: &mut Vec<Vec<String>>) {
        all.push(words.clone());
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            words.push(sub.get_name().to_string());
            walk(sub, words, all);
            words.pop();
        }
    }
    let mut cli = mpplan::cli::Cli::command();
    // The subcommands' arguments are deferred; building them all is what help and completions do.
    cli.build();
    let mut all = Vec::new();
    walk(&cli, &mut Vec::new(), &mut all);
    all
}

#[test]
fn every_command_has_help() {
    let env = Env::new();
    let commands = every_command();
    for nested in [&["org", "site", "add"][..], &["proposal", "move"], &["calendar", "status"], &["mps"]] {
        assert!(commands.contains(&nested.iter().map(|w| w.to_string()).collect()), "{nested:?} in {commands:?}");
    }
    for words in &commands {
        let usage = ["Usage: mpplan".to_string()].into_iter().chain(words.iter().cloned()).collect::<Vec<_>>();
        env.cmd().args(words).arg("--help").assert().success().stdout(predicate::str::contains(usage.join(" ")));
    }
}

#[test]
fn the_command_line_definition_passes_clap_own_checks() {
    mpplan::cli::Cli::command().debug_assert();
}

#[test]
fn usage_errors_are_one_line_with_exit_code_2() {
    let env = Env::new();
    let err = env.fail(&["mps", "--jsn"], 2);
    assert!(err.contains("--jsn"), "{err}");
    env.fail(&["no-such-command"], 2);
    env.fail(&["completions", "notashell"], 2);
}

#[test]
fn completions_are_printed_without_a_database() {
    let env = Env::new();
    let out = env.run(&["completions", "bash"]);
    assert!(out.contains("mpplan"));
    assert!(!env.db().exists());
}

#[test]
fn bare_mpplan_prints_help_and_the_database_path() {
    let env = Env::new();
    let out = env.run(&[]);
    assert!(out.contains("Usage: mpplan") && out.contains(env.db().to_str().unwrap()), "{out}");
}

#[test]
fn a_missing_argument_is_named_in_the_one_line_error() {
    let env = Env::new();
    let err = env.fail(&["letter", "leeds south", "--force"], 2);
    assert!(err.contains("--out"), "{err}");
}

/// The binary with the test environment, for running with pipes of our own.
fn piped(env: &Env, args: &[&str]) -> std::process::Command {
    let mut cmd = env.process();
    cmd.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd
}

#[test]
fn output_into_a_pipe_is_complete_however_long() {
    let env = Env::new();
    // Hundreds of kilobytes: more than the output buffer holds and more than a pipe holds.
    let out = piped(&env, &["mps", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.len() > 200_000, "{} bytes", out.stdout.len());
    let mps: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(mps.as_array().unwrap().len(), 650);
    let text = piped(&env, &["mps"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 652, "a header, 650 rows and the count");
    assert!(lines[650].starts_with("York Outer") && lines[651] == "650 MPs" && text.ends_with('\n'), "{lines:?}");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    let env = Env::new();
    env.run(&["track", "leeds south"]);
    for args in [&["mps", "--json"][..], &["mps"], &["week", "2026-11-24"], &["about"]] {
        // The reader goes away before a byte is read, and after the first line.
        let mut child = piped(&env, args).spawn().unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");

        let mut child = piped(&env, args).spawn().unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(!first.is_empty(), "{args:?}");
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn about_names_the_documents_folder_as_the_screens_use_it() {
    let env = Env::new();
    let about = |vars: &[(&str, &str)]| -> serde_json::Value {
        let out = env.cmd().envs(vars.iter().copied()).args(["about", "--json"]).assert().success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    };
    // No documents folder known (no user-dirs.dirs): the data directory, where the database is.
    let data = env.db().parent().unwrap().display().to_string();
    assert_eq!(about(&[])["documents"], data);
    // The platform's documents folder, with an mpplan folder in it.
    let config = env.dir.path().join(".config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("user-dirs.dirs"), "XDG_DOCUMENTS_DIR=\"$HOME/Papers\"\n").unwrap();
    let papers = env.dir.path().join("Papers/mpplan").display().to_string();
    assert_eq!(about(&[])["documents"], papers);
    assert!(env.run(&["about"]).contains(&format!("Documents  {papers}")));
    // MPPLAN_DOCS names it outright.
    assert_eq!(about(&[("MPPLAN_DOCS", "/tmp/letters")])["documents"], "/tmp/letters");
}
