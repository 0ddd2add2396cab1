//! All-day proposals on the command line: a day or days with no hours, flagged by the kind of each
//! day, listed on every day they cover, moved by days, kept by a JSON backup. "Today" is Tuesday
//! 24 November 2026; the calendar data ends in July 2026, so January 2027 is judged by the usual
//! weekday pattern (Tuesdays sit, Saturdays do not).

use crate::common::Env;

fn propose_all_day(env: &Env, first: &str, last: Option<&str>, kind: &str) -> serde_json::Value {
    let mut args = vec!["propose", "leeds south", "--start", first, "--all-day", "--kind", kind, "--json"];
    if let Some(last) = last {
        args.extend(["--end", last]);
    }
    env.json(&args)
}

#[test]
fn all_day_proposals_are_flagged_by_their_days_listed_on_each_and_moved_by_days() {
    let env = Env::new();
    let fair = propose_all_day(&env, "2027-01-12", Some("2027-01-13"), "event");
    assert_eq!(fair["all_day"], true, "{fair}");
    assert_eq!((fair["start"].as_str(), fair["end"].as_str()), (Some("2027-01-12 00:00"), Some("2027-01-14 00:00")));
    assert_eq!(fair["flag"], "conflict", "a Tuesday and a Wednesday the House sits: {fair}");
    let saturday = propose_all_day(&env, "16 Jan 2027", None, "visit");
    assert_eq!(saturday["flag"], "clear", "{saturday}");

    let text = env.run(&["proposals", "--all"]);
    assert!(text.contains("Tue 12 Jan – Wed 13 Jan 2027, all day"), "{text}");
    assert!(text.contains("Sat 16 Jan 2027, all day"), "{text}");
    let week = env.run(&["week", "2027-01-12"]);
    let days: Vec<&str> = week.split("\n").filter(|l| l.contains("all day")).collect();
    assert_eq!(days.len(), 3, "the fair on Tuesday and Wednesday, the visit on Saturday:\n{week}");
    let view = env.json(&["week", "2027-01-12", "--json"]);
    let wednesday = &view["days"][2]["proposals"];
    assert_eq!(wednesday[0]["id"], fair["id"], "listed on its second day: {view}");

    // Moved, it keeps its two days; onto the Saturday it overlaps the visit.
    let id = fair["id"].to_string();
    let moved = env.run(&["proposal", "move", &id, "--start", "2027-01-15"]);
    assert!(moved.contains("Fri 15 Jan – Sat 16 Jan 2027, all day"), "{moved}");
    assert!(moved.contains("overlaps Visit with Hilary Benn Sat 16 Jan 2027, all day"), "{moved}");
    let err = env.fail(&["proposal", "move", &id, "--start", "2027-01-15", "--duration", "1h"], 2);
    assert!(err.contains("is all day and has no hours"), "{err}");
    let err = env.fail(
        &["propose", "leeds south", "--start", "2027-01-12", "--end", "2027-03-01", "--all-day", "--kind", "visit"],
        2,
    );
    assert!(err.contains("an all-day proposal covers at most 31 days"), "{err}");

    // A JSON backup keeps it all day, and a restore into a fresh database keeps it so.
    let backup = env.run(&["export", "json"]);
    let fresh = Env::new();
    let file = fresh.dir.path().join("backup.json");
    std::fs::write(&file, &backup).unwrap();
    fresh.run(&["import", "json", file.to_str().unwrap()]);
    let restored = fresh.json(&["proposals", "--all", "--json"]);
    assert_eq!(restored[0]["all_day"], true, "{restored}");
    assert_eq!(fresh.run(&["export", "json"]), backup, "byte for byte");
}
