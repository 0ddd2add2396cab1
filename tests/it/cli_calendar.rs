//! The calendar and proposal commands, run as a user would. "Today" is Tuesday 24 November 2026.

use serde_json::Value;

use crate::common::Env;

fn flag(env: &Env, args: &[&str]) -> Value {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.push("--json");
    env.json(&all)
}

#[test]
fn check_flags_the_issue_examples() {
    let env = Env::new();
    let tuesday = flag(&env, &["2025-03-04 10:00", "--duration", "1h"]);
    assert_eq!(tuesday["flag"], "conflict");
    assert!(tuesday["reason"].as_str().unwrap().contains("Tuesday 4 March 2025 is a sitting day"), "{tuesday}");
    assert_eq!(tuesday["nearest_clear"].as_array().unwrap().len(), 3);

    let friday = flag(&env, &["2025-03-07 10:00", "--duration", "1h"]);
    assert_eq!(friday["flag"], "conflict", "a sitting Friday: {friday}");
    assert!(friday["reason"].as_str().unwrap().contains("Friday"));

    let saturday = flag(&env, &["2025-03-08 10:00", "--duration", "1h"]);
    assert_eq!(saturday["flag"], "clear");
    assert!(saturday["nearest_clear"].as_array().unwrap().is_empty());

    assert_eq!(saturday["assumed"], false);

    let future = flag(&env, &["2028-03-07 10:00", "--duration", "1h"]);
    assert_eq!((future["flag"].as_str(), future["assumed"].as_bool()), (Some("conflict"), Some(true)));
    let reason = future["reason"].as_str().unwrap();
    assert!(reason.contains("forecast") && reason.contains("beyond the calendar data"), "{reason}");

    let text = env.run(&["check", "2025-03-04 10:00", "2025-03-04 11:00"]);
    assert!(text.starts_with("✗ conflict"), "{text}");
    assert!(text.contains("Nearest clear slots:"), "{text}");
}

#[test]
fn check_travel_edges_and_westminster_meetings() {
    let env = Env::new();
    assert_eq!(flag(&env, &["2025-03-03 10:00", "-d", "1h"])["flag"], "caution", "Monday morning");
    assert_eq!(flag(&env, &["2025-03-06 18:00", "-d", "1h"])["flag"], "caution", "Thursday evening");
    assert_eq!(flag(&env, &["2025-03-04 10:00", "-d", "1h", "--kind", "westminster"])["flag"], "clear");
    assert_eq!(flag(&env, &["2025-03-08 10:00", "-d", "1h", "--kind", "westminster"])["flag"], "caution");
}

#[test]
fn check_rejects_bad_times_with_exit_2() {
    let env = Env::new();
    let cases: &[(&[&str], &str)] = &[
        (&["2025-02-30 10:00", "-d", "1h"], "not a date"),
        (&["2025-03-04 24:00", "-d", "1h"], "2025-03-04 24:00"),
        (&["2026-03-29 01:30", "-d", "1h"], "does not exist in London"),
        (&["2025-03-04 10:00", "2025-03-04 09:00"], "not after the start"),
        (&["2025-03-04 10:00", "-d", "-1h"], "not a duration"),
        (&["2025-03-04 10:00", "-d", "25h"], "24 hours"),
        (&["2025-03-04 10:00", "-d", "0m"], "not a duration"),
        (&["2025-03-04 10:00", "-d", "1h", "--kind", "picnic"], "picnic"),
        (&["next week", "-d", "1h"], "YYYY-MM-DD"),
    ];
    for (args, expected) in cases {
        let mut all = vec!["check"];
        all.extend_from_slice(args);
        let err = env.fail(&all, 2);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    env.fail(&["check", "2025-03-04 10:00", "2025-03-04 11:00", "--duration", "1h"], 2);
}

#[test]
fn an_autumn_hour_that_happens_twice_takes_the_first() {
    let env = Env::new();
    let slot = flag(&env, &["2026-10-25 01:30", "-d", "30m"]);
    assert_eq!(slot["start"], "2026-10-25 01:30");
}

#[test]
fn day_names_each_kind_from_real_dates() {
    let env = Env::new();
    let day = |d: &str| env.json(&["day", d, "--json"]);
    let sitting = day("2025-03-04");
    assert_eq!((sitting["kind"].as_str(), sitting["certainty"].as_str()), (Some("sitting"), Some("confirmed")));
    let recess = day("2025-02-18");
    assert_eq!((recess["kind"].as_str(), recess["name"].as_str()), (Some("recess"), Some("February recess")));
    assert_eq!(day("2025-04-12")["badge"], "Sitting Sat");
    let bank = day("2025-05-05");
    assert_eq!((bank["kind"].as_str(), bank["name"].as_str()), (Some("bank_holiday"), Some("Early May bank holiday")));
    assert_eq!(day("2026-05-05")["kind"], "prorogation");
    let beyond = day("2028-03-07");
    assert_eq!((beyond["kind"].as_str(), beyond["assumed"].as_bool()), (Some("sitting"), Some(true)));
    assert_eq!(beyond["certainty"], "assumed");
}

#[test]
fn dates_accept_relative_forms() {
    let env = Env::new();
    let date = |d: &str| env.json(&["day", d, "--json"])["date"].as_str().unwrap().to_string();
    assert_eq!(date("today"), "2026-11-24");
    assert_eq!(date("tomorrow"), "2026-11-25");
    assert_eq!(date("fri"), "2026-11-27");
    assert_eq!(date("tue"), "2026-12-01", "the next Tuesday, not today");
    assert_eq!(date("+3d"), "2026-11-27");
    assert_eq!(date("+2w"), "2026-12-08");
    let err = env.fail(&["day", "someday"], 2);
    assert!(err.contains("today, tomorrow") && err.contains("+2w"), "{err}");
}

#[test]
fn propose_stores_and_flags_and_offers_clear_slots() {
    let env = Env::new();
    let conflict = env.json(&[
        "propose",
        "leeds south",
        "--start",
        "2026-03-03 10:00",
        "--duration",
        "90m",
        "--kind",
        "visit",
        "--place",
        "St James's",
        "--attendees",
        "3",
        "--json",
    ]);
    assert_eq!(conflict["flag"], "conflict");
    assert_eq!(conflict["constituency"], "Leeds South");
    assert_eq!(conflict["end"], "2026-03-03 11:30");
    assert_eq!(conflict["nearest_clear"].as_array().unwrap().len(), 3);
    for slot in conflict["nearest_clear"].as_array().unwrap() {
        assert_eq!(slot["flag"], "clear");
    }
    let text = env.run(&[
        "propose",
        "E14001323",
        "--start",
        "2026-03-06 10:00",
        "--end",
        "2026-03-06 11:00",
        "--kind",
        "meeting",
    ]);
    assert!(text.contains("✓ clear") && !text.contains("Nearest"), "{text}");

    let all = env.json(&["proposals", "--all", "--json"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(env.json(&["mps", "--tracked", "--json"]).as_array().unwrap().len(), 1, "proposing tracks the seat");
}

#[test]
fn strict_refuses_a_conflict_and_stores_nothing() {
    let env = Env::new();
    let err = env
        .fail(&["propose", "leeds south", "--start", "2026-03-03 10:00", "-d", "1h", "--kind", "visit", "--strict"], 1);
    assert!(err.contains("not stored") && err.contains("sitting day"), "{err}");
    assert!(env.json(&["proposals", "--all", "--json"]).as_array().unwrap().is_empty());
    // A caution is not a conflict: stored even with --strict.
    env.run(&["propose", "leeds south", "--start", "2026-03-02 10:00", "-d", "1h", "--kind", "visit", "--strict"]);
    assert_eq!(env.json(&["proposals", "--all", "--json"]).as_array().unwrap().len(), 1);
}

#[test]
fn propose_rejects_bad_input_and_stores_nothing() {
    let env = Env::new();
    let base = ["propose", "leeds south", "--kind", "visit"];
    let cases: &[&[&str]] = &[
        &["--start", "2026-03-03 10:00"],
        &["--start", "2026-03-03 10:00", "--end", "2026-03-03 09:00"],
        &["--start", "2026-03-03 10:00", "--duration", "30h"],
        &["--start", "2026-03-29 01:15", "--duration", "1h"],
        &["--start", "2026-02-30 10:00", "--duration", "1h"],
    ];
    for extra in cases {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        env.fail(&args, 2);
    }
    env.fail(&["propose", "leeds", "--start", "2026-03-03 10:00", "-d", "1h", "--kind", "visit"], 2);
    assert!(env.json(&["proposals", "--all", "--json"]).as_array().unwrap().is_empty());
}

fn propose(env: &Env, mp: &str, start: &str) -> i64 {
    let p = env.json(&["propose", mp, "--start", start, "-d", "1h", "--kind", "visit", "--json"]);
    p["id"].as_i64().unwrap()
}

#[test]
fn proposals_filter_by_date_mp_and_status() {
    let env = Env::new();
    let a = propose(&env, "leeds south", "2026-12-04 10:00");
    propose(&env, "leeds east", "2026-12-11 10:00");
    propose(&env, "leeds south", "2026-01-09 10:00");
    let count = |args: &[&str]| {
        let mut all = vec!["proposals", "--json"];
        all.extend_from_slice(args);
        env.json(&all).as_array().unwrap().len()
    };
    assert_eq!(count(&[]), 2, "from today by default");
    assert_eq!(count(&["--all"]), 3);
    assert_eq!(count(&["--from", "2026-12-05"]), 1);
    assert_eq!(count(&["--to", "2026-12-04"]), 1);
    assert_eq!(count(&["--mp", "leeds east"]), 1);
    env.run(&["proposal", "set-status", &a.to_string(), "confirmed"]);
    assert_eq!(count(&["--status", "confirmed"]), 1);
    env.fail(&["proposals", "--status", "maybe"], 2);
    env.fail(&["proposals", "--from", "2026-13-01"], 2);
}

#[test]
fn proposal_show_status_move_and_rm() {
    let env = Env::new();
    let id = propose(&env, "leeds south", "2026-03-03 10:00").to_string();
    let shown = env.json(&["proposal", "show", &id, "--json"]);
    assert_eq!(shown["flag"], "conflict");
    assert_eq!(shown["status"], "proposed");

    let text = env.run(&["proposal", "set-status", &id, "confirmed"]);
    assert!(text.contains("now confirmed") && text.contains("3.2"), "{text}");
    assert_eq!(env.json(&["mps", "--tracked", "--json"])[0]["progress"]["done"], 1);

    let moved = env.run(&["proposal", "move", &id, "--start", "2026-03-06 10:00"]);
    assert!(moved.contains("✓ clear"), "move re-flags: {moved}");
    let shown = env.json(&["proposal", "show", &id, "--json"]);
    assert_eq!((shown["start"].as_str(), shown["end"].as_str()), (Some("2026-03-06 10:00"), Some("2026-03-06 11:00")));

    env.fail(&["proposal", "rm", &id], 2);
    assert!(env.run(&["proposal", "rm", &id, "--yes"]).contains("Deleted"));
    env.fail(&["proposal", "show", &id], 2);
    env.fail(&["proposal", "set-status", "999", "held"], 2);
}

#[test]
fn adding_a_recess_reflags_proposals() {
    let env = Env::new();
    let id = propose(&env, "leeds south", "2026-12-22 10:00").to_string();
    let shown = env.json(&["proposal", "show", &id, "--json"]);
    assert_eq!(
        (shown["flag"].as_str(), shown["assumed"].as_bool()),
        (Some("conflict"), Some(true)),
        "an assumed Tuesday"
    );
    let added = env.run(&["recess", "add", "Christmas recess", "2026-12-18", "2027-01-04"]);
    assert!(added.contains("Added the Christmas recess"), "{added}");
    let shown = env.json(&["proposal", "show", &id, "--json"]);
    assert_eq!((shown["flag"].as_str(), shown["assumed"].as_bool()), (Some("clear"), Some(false)));
    assert!(shown["reason"].as_str().unwrap().contains("Christmas recess"), "{shown}");

    let recesses = env.json(&["recess", "list", "--json"]);
    let mine = recesses.as_array().unwrap().iter().find(|r| r["source"] == "user").unwrap();
    let recess_id = mine["id"].as_i64().unwrap().to_string();
    let shipped_id = recesses[0]["id"].as_i64().unwrap().to_string();
    env.fail(&["recess", "rm", &shipped_id, "--yes"], 2);
    env.fail(&["recess", "rm", &recess_id], 2);
    env.run(&["recess", "rm", &recess_id, "--yes"]);
    assert_eq!(env.json(&["proposal", "show", &id, "--json"])["flag"], "conflict");
    env.fail(&["recess", "add", "Backwards", "2027-01-04", "2026-12-18"], 2);
}

#[test]
fn a_sitting_day_of_the_users_own_wins_over_a_recess() {
    let env = Env::new();
    assert_eq!(env.json(&["day", "2025-02-18", "--json"])["kind"], "recess");
    env.run(&["sitting", "add", "2025-02-18", "--note", "recall"]);
    assert_eq!(env.json(&["day", "2025-02-18", "--json"])["kind"], "sitting");
    env.fail(&["sitting", "rm", "2025-02-18"], 2);
    env.run(&["sitting", "rm", "2025-02-18", "--yes"]);
    assert_eq!(env.json(&["day", "2025-02-18", "--json"])["kind"], "recess");
    env.fail(&["sitting", "rm", "2025-03-04", "--yes"], 2);
}

#[test]
fn week_lists_monday_to_sunday_with_proposals_and_flags() {
    let env = Env::new();
    propose(&env, "leeds south", "2025-03-04 10:00");
    propose(&env, "leeds south", "2025-03-08 10:00");
    let week = env.json(&["week", "2025-03-05", "--json"]);
    assert_eq!(week["monday"], "2025-03-03");
    assert_eq!(week["sunday"], "2025-03-09");
    let days = week["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(days[1]["proposals"][0]["flag"], "conflict");
    assert_eq!(days[4]["badge"], "Sitting Fri");
    assert_eq!(days[5]["proposals"][0]["flag"], "clear");
    let text = env.run(&["week", "2025-03-05"]);
    assert!(text.contains("Week of Monday 3 March 2025") && text.contains("✗ conflict"), "{text}");
    let this_week = env.json(&["week", "--json"]);
    assert_eq!(this_week["monday"], "2026-11-23");
}

#[test]
fn slots_are_clear_and_never_over_a_proposal() {
    let env = Env::new();
    propose(&env, "leeds south", "2026-03-06 10:00");
    let slots = env.json(&["slots", "leeds south", "--from", "2026-03-02", "-n", "6", "-d", "90m", "--json"]);
    let slots = slots.as_array().unwrap();
    assert_eq!(slots.len(), 6);
    for slot in slots {
        assert_eq!(slot["flag"], "clear");
        let start = slot["start"].as_str().unwrap();
        let day = env.json(&["day", &start[..10], "--json"]);
        assert_ne!(day["kind"], "sitting", "{slot}");
        let end = slot["end"].as_str().unwrap();
        assert!(end <= "2026-03-06 10:00" || start >= "2026-03-06 11:00", "over the proposal: {slot}");
    }
    let weekday = |s: &Value| env.json(&["day", &s["start"].as_str().unwrap()[..10], "--json"])["weekday"].clone();
    assert!(
        slots.iter().take(4).all(|s| weekday(s) == "Friday" || weekday(s) == "Saturday"),
        "Fridays and Saturdays first"
    );
    env.fail(&["slots", "--count", "0"], 2);
    env.fail(&["slots", "--window", "16:00-10:00"], 2);
}

#[test]
fn calendar_status_says_what_is_covered_and_what_is_assumed() {
    let env = Env::new();
    let status = env.json(&["calendar", "status", "--json"]);
    assert_eq!(status["sitting_data_last"], "2026-07-16");
    assert_eq!(status["assumed_from"], "2026-07-17");
    assert!(status["sources"].as_array().unwrap().iter().any(|s| s["what"] == "recesses" && s["source"] == "shipped"));
    let text = env.run(&["calendar", "status"]);
    assert!(text.contains("assumed") && text.contains("mpplan recess add"), "{text}");
    let update = text.find("`mpplan update`").expect("names the update command");
    assert!(update < text.find("mpplan recess add").unwrap(), "the real calendar first: {text}");
}

/// Tuesday 9 March 2027 lies beyond the shipped sitting-day data (which ends 16 July 2026).
const ASSUMED_TUESDAY: &str = "2027-03-09 10:00";

#[test]
fn check_beyond_the_data_forecasts_by_the_weekday_pattern_and_says_so() {
    let env = Env::new();
    let tuesday = flag(&env, &[ASSUMED_TUESDAY, "-d", "1h"]);
    assert_eq!((tuesday["flag"].as_str(), tuesday["assumed"].as_bool()), (Some("conflict"), Some(true)), "{tuesday}");
    let reason = tuesday["reason"].as_str().unwrap();
    assert!(reason.starts_with("Tuesday 9 March 2027 lies beyond the calendar data (which ends 16 July 2026)"));
    assert!(reason.contains("forecast") && reason.ends_with("run `mpplan update` for the real calendar"), "{reason}");
    let nearest = tuesday["nearest_clear"].as_array().unwrap();
    assert_eq!(nearest.len(), 3);
    for slot in nearest {
        assert_eq!((slot["flag"].as_str(), slot["assumed"].as_bool()), (Some("clear"), Some(true)), "{slot}");
        let day = env.json(&["day", &slot["start"].as_str().unwrap()[..10], "--json"]);
        assert_ne!(day["kind"], "sitting", "{slot}");
    }

    let text = env.run(&["check", ASSUMED_TUESDAY, "-d", "1h"]);
    assert!(text.starts_with("✗? conflict (assumed)  Tue 9 Mar 2027 10:00–11:00\n"), "{text}");
    assert!(text.contains("Nearest clear slots:"), "{text}");

    let monday = flag(&env, &["2027-03-08 11:00", "-d", "1h"]);
    assert_eq!((monday["flag"].as_str(), monday["assumed"].as_bool()), (Some("caution"), Some(true)), "{monday}");
    assert!(env.run(&["check", "2027-03-08 11:00", "-d", "1h"]).starts_with("!? caution (assumed)"));
    let saturday = flag(&env, &["2027-03-13 10:00", "-d", "1h"]);
    assert_eq!((saturday["flag"].as_str(), saturday["assumed"].as_bool()), (Some("clear"), Some(true)));
    let westminster = flag(&env, &[ASSUMED_TUESDAY, "-d", "1h", "--kind", "westminster"]);
    assert_eq!((westminster["flag"].as_str(), westminster["assumed"].as_bool()), (Some("clear"), Some(true)));
}

#[test]
fn strict_refuses_an_assumed_conflict_and_stores_nothing() {
    let env = Env::new();
    env.run(&["proposals"]);
    let before = std::fs::read(env.db()).unwrap();
    let err =
        env.fail(&["propose", "leeds south", "--start", ASSUMED_TUESDAY, "-d", "1h", "--kind", "visit", "--strict"], 1);
    assert!(err.contains("not stored (--strict)") && err.contains("mpplan update"), "{err}");
    assert!(std::fs::read(env.db()).unwrap() == before, "the database file is unchanged");
    assert!(env.json(&["proposals", "--all", "--json"]).as_array().unwrap().is_empty());
    assert!(env.json(&["mps", "--tracked", "--json"]).as_array().unwrap().is_empty(), "nothing tracked either");
    // An assumed caution (a Monday morning) is not a conflict: stored even with --strict, and marked.
    let stored = env.json(&[
        "propose",
        "leeds south",
        "--start",
        "2027-03-08 10:00",
        "-d",
        "1h",
        "--kind",
        "visit",
        "--strict",
        "--json",
    ]);
    assert_eq!((stored["flag"].as_str(), stored["assumed"].as_bool()), (Some("caution"), Some(true)), "{stored}");
    let text = env.run(&["proposals", "--all"]);
    assert!(text.contains("!? caution (assumed)"), "{text}");
}

#[test]
fn a_recess_over_an_assumed_week_makes_it_clear_and_no_longer_assumed() {
    let env = Env::new();
    let before = flag(&env, &[ASSUMED_TUESDAY, "-d", "1h"]);
    assert_eq!((before["flag"].as_str(), before["assumed"].as_bool()), (Some("conflict"), Some(true)));
    env.run(&["recess", "add", "March recess", "2027-03-05", "2027-03-14"]);
    let after = flag(&env, &[ASSUMED_TUESDAY, "-d", "1h"]);
    assert_eq!((after["flag"].as_str(), after["assumed"].as_bool()), (Some("clear"), Some(false)), "{after}");
    assert!(after["reason"].as_str().unwrap().contains("March recess"), "{after}");
    let text = env.run(&["check", ASSUMED_TUESDAY, "-d", "1h"]);
    assert!(text.starts_with("✓ clear  Tue 9 Mar 2027"), "{text}");
}

#[test]
fn week_proposals_and_agenda_mark_assumed_flags() {
    let env = Env::new();
    let id = propose(&env, "leeds south", ASSUMED_TUESDAY);
    let week = env.json(&["week", "2027-03-09", "--json"]);
    let shown = &week["days"][1]["proposals"][0];
    assert_eq!((shown["flag"].as_str(), shown["assumed"].as_bool()), (Some("conflict"), Some(true)), "{week}");
    assert!(env.run(&["week", "2027-03-09"]).contains("✗? conflict (assumed)"));
    let listed = env.json(&["proposals", "--all", "--json"]);
    assert_eq!((listed[0]["id"].as_i64(), listed[0]["assumed"].as_bool()), (Some(id), Some(true)));
    assert!(env.run(&["proposals", "--all"]).contains("✗? conflict (assumed)"));
    let text = env.run(&["proposal", "show", &id.to_string()]);
    assert!(text.contains("  ✗? conflict (assumed): Tuesday 9 March 2027"), "{text}");

    propose(&env, "leeds south", "2026-12-08 10:00");
    let agenda = env.json(&["agenda", "--json"]);
    let ahead = &agenda["conflicts_ahead"][0];
    assert_eq!((ahead["flag"].as_str(), ahead["assumed"].as_bool()), (Some("conflict"), Some(true)), "{agenda}");
    assert_eq!(agenda["calendar_warning"]["fixes"][0]["command"], "mpplan update");
    let text = env.run(&["agenda"]);
    assert!(text.contains("Tue 8 Dec 2026 10:00–11:00  conflict (assumed)  Visit with Hilary Benn"), "{text}");
}
