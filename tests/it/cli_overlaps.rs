//! The organisation's own clashes on the command line: two proposals whose times overlap are
//! flagged on both (caution, naming the other) in `week`, `proposals`, `agenda` and `check`, as
//! text and JSON; proposals that only touch are not, and a cancelled proposal is never flagged.
//! "Today" is Tuesday 24 November 2026; Friday 27 and Saturday 28 November lie beyond the calendar
//! data, so on their own the visits are "clear (assumed)".

use serde_json::{Value, json};

use crate::common::Env;

fn propose(env: &Env, mp: &str, start: &str, duration: &str) -> i64 {
    let p = env.json(&["propose", mp, "--start", start, "-d", duration, "--kind", "visit", "--json"]);
    p["id"].as_i64().unwrap()
}

/// The ids of the proposals: a Leeds South visit at 10:00 and a Leeds East one at 10:30 on the
/// Friday (overlapping), two Leeds South visits touching on the Saturday (10:00, 11:00), and a
/// cancelled one on the Friday at 10:15 and another on the Tuesday after (a sitting day).
struct Plan {
    env: Env,
    south: i64,
    east: i64,
    touching: [i64; 2],
    cancelled: [i64; 2],
}

fn plan() -> Plan {
    let env = Env::new();
    let south = propose(&env, "leeds south", "2026-11-27 10:00", "1h");
    let east = propose(&env, "leeds east", "2026-11-27 10:30", "1h");
    let touching = [
        propose(&env, "leeds south", "2026-11-28 10:00", "1h"),
        propose(&env, "leeds south", "2026-11-28 11:00", "1h"),
    ];
    let cancelled = [
        propose(&env, "leeds south", "2026-11-27 10:15", "1h"),
        propose(&env, "leeds south", "2026-12-01 10:00", "1h"),
    ];
    for id in cancelled {
        env.run(&["proposal", "set-status", &id.to_string(), "cancelled"]);
    }
    Plan { env, south, east, touching, cancelled }
}

fn find(list: &Value, id: i64) -> &Value {
    list.as_array().unwrap().iter().find(|p| p["id"] == id).unwrap_or_else(|| panic!("#{id} not in {list}"))
}

/// What a flagged proposal's JSON says: (flag, the ids it overlaps).
fn flag_of(p: &Value) -> (&str, Vec<i64>) {
    let overlaps = p["overlaps"].as_array().unwrap_or_else(|| panic!("no overlaps array: {p}"));
    (p["flag"].as_str().unwrap(), overlaps.iter().map(|o| o["id"].as_i64().unwrap()).collect())
}

fn check_flags(plan: &Plan, list: &Value) {
    assert_eq!(flag_of(find(list, plan.south)), ("caution", vec![plan.east]), "{list}");
    assert_eq!(flag_of(find(list, plan.east)), ("caution", vec![plan.south]), "{list}");
    assert_eq!(find(list, plan.south)["assumed"], false, "the overlap is a fact: {list}");
    assert_eq!(
        find(list, plan.south)["overlaps"][0],
        json!({"id": plan.east, "label": "Visit with Richard Burgon", "start": "2026-11-27 10:30",
               "end": "2026-11-27 11:30", "constituency": "Leeds East"})
    );
    let reason = find(list, plan.east)["reason"].as_str().unwrap();
    assert!(reason.starts_with("Friday 27 November 2026 "), "the calendar's reason first: {reason}");
    assert!(reason.ends_with("; overlaps Visit with Hilary Benn 10:00–11:00"), "{reason}");
}

#[test]
fn week_flags_both_overlapping_proposals_and_neither_touching_one() {
    let plan = plan();
    let week = plan.env.json(&["week", "2026-11-27", "--json"]);
    let (friday, saturday) = (&week["days"][4]["proposals"], &week["days"][5]["proposals"]);
    check_flags(&plan, friday);
    for id in plan.touching {
        assert_eq!(flag_of(find(saturday, id)), ("clear", vec![]), "{saturday}");
    }
    assert_eq!(flag_of(find(friday, plan.cancelled[0])), ("clear", vec![]), "{friday}");

    let text = plan.env.run(&["week", "2026-11-27"]);
    let line = |id: i64| text.lines().find(|l| l.contains(&format!("#{id} "))).unwrap_or_else(|| panic!("{text}"));
    assert!(line(plan.south).contains("! caution  [proposed]"), "{text}");
    assert!(line(plan.east).contains("! caution  [proposed]"), "{text}");
    assert!(
        text.contains(&format!("      overlaps Visit with Richard Burgon 10:30–11:30 (#{})\n", plan.east)),
        "{text}"
    );
    assert!(text.contains(&format!("      overlaps Visit with Hilary Benn 10:00–11:00 (#{})\n", plan.south)), "{text}");
    assert_eq!(text.matches("overlaps").count(), 2, "{text}");
    for id in plan.touching {
        assert!(line(id).contains("✓? clear (assumed)"), "{text}");
    }
    assert!(line(plan.cancelled[0]).contains("– cancelled  [cancelled]"), "{text}");
}

#[test]
fn proposals_flag_both_even_when_listing_one_seat() {
    let plan = plan();
    let all = plan.env.json(&["proposals", "--json"]);
    check_flags(&plan, &all);
    for id in plan.touching {
        assert_eq!(flag_of(find(&all, id)), ("clear", vec![]), "{all}");
    }
    let south = plan.env.json(&["proposals", "--mp", "leeds south", "--json"]);
    assert_eq!(flag_of(find(&south, plan.south)), ("caution", vec![plan.east]), "another MP's visit counts: {south}");
    let proposed_only = plan.env.json(&["proposals", "--status", "proposed", "--to", "2026-11-27", "--json"]);
    check_flags(&plan, &proposed_only);

    let text = plan.env.run(&["proposals"]);
    assert_eq!(text.matches("! caution").count(), 2, "{text}");
    assert!(
        text.contains(&format!("  #{} overlaps Visit with Richard Burgon 10:30–11:30 (#{})", plan.south, plan.east)),
        "{text}"
    );
    assert!(
        text.contains(&format!("  #{} overlaps Visit with Hilary Benn 10:00–11:00 (#{})", plan.east, plan.south)),
        "{text}"
    );
    let show = plan.env.json(&["proposal", "show", &plan.east.to_string(), "--json"]);
    assert_eq!(flag_of(&show), ("caution", vec![plan.south]), "{show}");
    let shown = plan.env.run(&["proposal", "show", &plan.south.to_string()]);
    assert!(
        shown.contains("  ! caution: Friday 27 November 2026")
            && shown.contains("; overlaps Visit with Richard Burgon"),
        "{shown}"
    );
}

#[test]
fn the_agenda_lists_both_overlapping_proposals_as_conflicts_ahead() {
    let plan = plan();
    let agenda = plan.env.json(&["agenda", "--json"]);
    let ahead = &agenda["conflicts_ahead"];
    let ids: Vec<i64> = ahead.as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [plan.south, plan.east], "not the touching ones, nor the cancelled: {ahead}");
    check_flags(&plan, ahead);
    check_flags(&plan, &agenda["proposals_next_seven_days"]);
    let coming = &agenda["proposals_next_seven_days"];
    for id in plan.touching {
        assert_eq!(flag_of(find(coming, id)), ("clear", vec![]), "{coming}");
    }

    let text = plan.env.run(&["agenda"]);
    let conflicts = text.split("\n\n").find(|s| s.starts_with("Conflicts ahead")).unwrap();
    assert_eq!(conflicts.lines().count(), 3, "{conflicts}");
    assert!(
        conflicts.contains("caution   Visit with Hilary Benn, Leeds South (proposed): Friday 27 November 2026"),
        "{conflicts}"
    );
    assert!(conflicts.contains("; overlaps Visit with Richard Burgon 10:30–11:30"), "{conflicts}");
    assert!(conflicts.contains("; overlaps Visit with Hilary Benn 10:00–11:00"), "{conflicts}");
    assert!(
        text.contains("  Fri 27 Nov 2026 10:30–11:30  caution   Visit with Richard Burgon, Leeds East (proposed): overlaps Visit with Hilary Benn 10:00–11:00"),
        "the next seven days name the overlap: {text}"
    );
    assert!(
        text.contains(
            "  Sat 28 Nov 2026 11:00–12:00  clear (assumed)  Visit with Hilary Benn, Leeds South (proposed)\n"
        ),
        "{text}"
    );
}

#[test]
fn a_cancelled_proposal_is_never_flagged_anywhere() {
    let plan = plan();
    // Tuesday 1 December 2026: an assumed sitting day, a conflict were it not cancelled.
    let id = plan.cancelled[1];
    let week = plan.env.json(&["week", "2026-12-01", "--json"]);
    let shown = find(&week["days"][1]["proposals"], id);
    assert_eq!(
        (shown["flag"].as_str(), shown["assumed"].as_bool(), shown["status"].as_str()),
        (Some("clear"), Some(false), Some("cancelled"))
    );
    assert_eq!(shown["reason"], "not flagged, as the proposal is cancelled");
    let text = plan.env.run(&["week", "2026-12-01"]);
    assert!(text.contains(&format!("#{id} Visit with Hilary Benn (Leeds South)  – cancelled  [cancelled]")), "{text}");
    assert!(!text.contains("conflict"), "{text}");

    let listed = plan.env.json(&["proposals", "--json"]);
    assert_eq!(flag_of(find(&listed, id)), ("clear", vec![]));
    let table = plan.env.run(&["proposals"]);
    let row = table.lines().find(|l| l.starts_with(&format!("{id} "))).unwrap_or_else(|| panic!("{table}"));
    assert!(row.ends_with("cancelled  – cancelled"), "{row}");
    let show = plan.env.run(&["proposal", "show", &id.to_string()]);
    assert!(show.contains("  – cancelled: not flagged, as the proposal is cancelled"), "{show}");
    let agenda = plan.env.run(&["agenda"]);
    assert!(!agenda.contains("Tue 1 Dec 2026"), "{agenda}");

    // A slot over the cancelled one is judged by the calendar alone.
    let check = plan.env.json(&["check", "2026-11-27 10:15", "-d", "10m", "--json"]);
    let overlapped: Vec<i64> =
        check["overlaps"].as_array().unwrap().iter().map(|o| o["id"].as_i64().unwrap()).collect();
    assert_eq!(overlapped, [plan.south], "not the cancelled one at 10:15: {check}");
}

#[test]
fn check_flags_a_slot_over_a_proposal_and_not_one_that_touches() {
    let plan = plan();
    let over = plan.env.json(&["check", "2026-11-28 10:30", "-d", "1h", "--json"]);
    assert_eq!((over["flag"].as_str(), over["assumed"].as_bool()), (Some("caution"), Some(false)), "{over}");
    let overlapped: Vec<i64> = over["overlaps"].as_array().unwrap().iter().map(|o| o["id"].as_i64().unwrap()).collect();
    assert_eq!(overlapped, plan.touching, "{over}");
    assert!(!over["nearest_clear"].as_array().unwrap().is_empty(), "clear slots are offered: {over}");
    let text = plan.env.run(&["check", "2026-11-28 10:30", "-d", "1h"]);
    assert!(text.starts_with("! caution  Sat 28 Nov 2026 10:30–11:30\n"), "{text}");
    assert!(
        text.contains("; overlaps Visit with Hilary Benn 10:00–11:00; overlaps Visit with Hilary Benn 11:00–12:00."),
        "{text}"
    );
    let touching = plan.env.json(&["check", "2026-11-28 12:00", "-d", "1h", "--json"]);
    assert_eq!((touching["flag"].as_str(), touching["overlaps"].as_array().map(Vec::len)), (Some("clear"), Some(0)));

    let proposed = plan.env.json(&[
        "propose",
        "leeds east",
        "--start",
        "2026-11-28 11:30",
        "-d",
        "1h",
        "--kind",
        "visit",
        "--json",
    ]);
    assert_eq!(flag_of(&proposed), ("caution", vec![plan.touching[1]]), "{proposed}");
    assert!(!proposed["nearest_clear"].as_array().unwrap().is_empty(), "clear slots are offered: {proposed}");
}
