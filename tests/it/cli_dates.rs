//! Issue 16, point 5 on the command line: UK dates wherever a date is typed, `mpplan mps TEXT` as a
//! search, and `check` an hour long by default. "Today" is Tuesday 24 November 2026.

use crate::common::Env;

#[test]
fn mps_with_words_searches_as_search_does() {
    let env = Env::new();
    let positional = env.json(&["mps", "leeds", "--json"]);
    assert_eq!(positional, env.json(&["mps", "--search", "leeds", "--json"]));
    let seats: Vec<&str> = positional.as_array().unwrap().iter().map(|m| m["constituency"].as_str().unwrap()).collect();
    assert!(seats.contains(&"Leeds South") && seats.contains(&"Leeds East"), "{seats:?}");
    assert!(seats.iter().all(|s| s.contains("Leeds")), "{seats:?}");

    let two_words = env.json(&["mps", "leeds", "south", "--json"]);
    let seats: Vec<&str> = two_words.as_array().unwrap().iter().map(|m| m["constituency"].as_str().unwrap()).collect();
    assert_eq!(seats, ["Leeds South", "Leeds South West and Morley"]);

    let text = env.run(&["mps", "ynys", "mon"]);
    assert!(text.contains("Ynys Môn"), "{text}");

    let err = env.fail(&["mps", "leeds", "--search", "york"], 2);
    assert!(err.contains("--search"), "{err}");
}

#[test]
fn uk_dates_are_read_day_first_by_every_command() {
    let env = Env::new();
    let day = |date: &str| env.json(&["day", date, "--json"])["date"].as_str().unwrap().to_string();
    assert_eq!(day("4/12/2026"), "2026-12-04", "4 December, not 12 April");
    assert_eq!(day("4.12.2026"), "2026-12-04");
    assert_eq!(day("4 Dec"), "2026-12-04");
    assert_eq!(day("4 December 2026"), "2026-12-04");
    assert_eq!(day("24 Nov"), "2026-11-24", "today");
    assert_eq!(day("20 Nov"), "2027-11-20", "without a year, never a day already gone");
    assert_eq!(day("20/11/2026"), "2026-11-20", "with the year, as given");

    let week = env.json(&["week", "4 Dec", "--json"]);
    assert_eq!((week["monday"].as_str(), week["sunday"].as_str()), (Some("2026-11-30"), Some("2026-12-06")));

    let slot = env.json(&["check", "4/12/2026 10:00", "--duration", "90m", "--json"]);
    assert_eq!((slot["start"].as_str(), slot["end"].as_str()), (Some("2026-12-04 10:00"), Some("2026-12-04 11:30")));

    let proposed = env.json(&[
        "propose",
        "leeds south",
        "--start",
        "5 Dec 10:00",
        "--end",
        "5/12/2026 11:00",
        "--kind",
        "visit",
        "--json",
    ]);
    assert_eq!(
        (proposed["start"].as_str(), proposed["end"].as_str()),
        (Some("2026-12-05 10:00"), Some("2026-12-05 11:00"))
    );

    let listed = env.json(&["proposals", "--from", "5/12/2026", "--to", "5 Dec", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert!(env.json(&["proposals", "--from", "6 Dec", "--json"]).as_array().unwrap().is_empty());

    let agenda = env.json(&["agenda", "--date", "4/12/2026", "--json"]);
    assert_eq!(agenda["date"], "2026-12-04");

    env.run(&["log", "leeds south", "--kind", "call", "--on", "20/11/2026"]);
    assert_eq!(env.json(&["history", "leeds south", "--json"])[0]["on"], "2026-11-20");
}

#[test]
fn impossible_or_ambiguous_uk_dates_are_one_line_errors_and_change_nothing() {
    let env = Env::new();
    let before = env.run(&["proposals", "--all", "--json"]);
    for (args, expected) in [
        (vec!["day", "31/2/2026"], "\"31/2/2026\" is not a date: there is no such day in the calendar"),
        (vec!["day", "12/25/2026"], "there is no such month: dates are day first, as 4/12/2026"),
        (vec!["day", "4/12/26"], "its year should be four digits"),
        (vec!["week", "30 Feb"], "there is no such day in the calendar"),
        (vec!["check", "31/11/2026 10:00"], "its date \"31/11/2026\" is not valid"),
        (vec!["propose", "leeds south", "--start", "4/13/2026 10:00", "-d", "1h", "--kind", "visit"], "no such month"),
    ] {
        let err = env.fail(&args, 2);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert_eq!(env.run(&["proposals", "--all", "--json"]), before, "nothing was stored");
}

#[test]
fn check_without_an_end_or_a_length_is_an_hour() {
    let env = Env::new();
    let slot = env.json(&["check", "2026-12-04 10:00", "--json"]);
    assert_eq!((slot["start"].as_str(), slot["end"].as_str()), (Some("2026-12-04 10:00"), Some("2026-12-04 11:00")));
    let text = env.run(&["check", "fri 14:30"]);
    assert!(text.contains("14:30–15:30"), "{text}");
    let err = env.fail(&["check", "2026-12-04 10:00", "2026-12-04 12:00", "-d", "1h"], 2);
    assert!(err.contains("--duration") || err.contains("<END>"), "{err}");
}

#[test]
fn the_help_says_that_mpplan_alone_opens_the_screens() {
    let env = Env::new();
    let help = env.run(&["--help"]);
    assert!(help.contains("With no command, mpplan opens the screens"), "{help}");
    let mps = env.run(&["mps", "--help"]);
    assert!(mps.contains("[TEXT]...") && mps.contains("`mpplan mps leeds` is `mpplan mps --search leeds`"), "{mps}");
}
