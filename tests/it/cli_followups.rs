//! `mpplan followup` and the ids of `mpplan agenda --json`: snoozing a follow-up, marking it done,
//! and refusing ids that are not today's. "Today" is Tuesday 24 November 2026.

use serde_json::Value;

use crate::common::Env;

const CALL: &str = "call_after_letter.E14001323";

/// Leeds South tracked with a letter sent ten days ago (and no call: the call follow-up is
/// overdue); Leeds East tracked with a visit confirmed for Friday for six people, the press
/// invited (briefing, a small group and the press release are due today). Returns the visit's id.
fn fixture() -> (Env, String) {
    let env = Env::new();
    env.run(&["log", "leeds south", "--kind", "letter", "--on", "2026-11-14"]);
    env.run(&["track", "leeds east"]);
    let args = ["propose", "leeds east", "--start", "2026-11-27 10:00", "-d", "2h", "--kind", "visit"];
    let visit = env.json(&[&args[..], &["--attendees", "6", "--json"]].concat());
    let id = visit["id"].to_string();
    env.run(&["proposal", "set-status", &id, "confirmed"]);
    env.run(&["proposal", "press", &id, "--plan", "agreed"]);
    (env, id)
}

fn ids(agenda: &Value, section: &str) -> Vec<String> {
    let list = agenda[section].as_array().unwrap_or_else(|| panic!("{section} in {agenda}"));
    list.iter().map(|f| f["id"].as_str().unwrap().to_string()).collect()
}

/// The state of checklist item `key` of the seat `code`, from the backup.
fn item_state(env: &Env, code: &str, key: &str) -> String {
    let backup = env.json(&["export", "json"]);
    let engagement = backup["engagements"].as_array().unwrap().iter().find(|e| e["constituency_code"] == code);
    let checklist = engagement.unwrap()["checklist"].as_array().unwrap();
    let item = checklist.iter().find(|i| i["item_key"] == key).unwrap_or_else(|| panic!("{key} in {checklist:?}"));
    item["state"].as_str().unwrap().to_string()
}

#[test]
fn the_agenda_json_carries_an_id_for_every_follow_up_and_next_step() {
    let (env, visit) = fixture();
    let agenda = env.json(&["agenda", "--json"]);
    assert_eq!(ids(&agenda, "follow_ups_overdue"), [CALL]);
    let due = ids(&agenda, "follow_ups_due");
    for rule in ["brief_everyone", "keep_group_small", "share_press_release"] {
        assert!(due.contains(&format!("{rule}.E14001320.{visit}")), "{rule} in {due:?}");
    }
    let brief = agenda["follow_ups_due"].as_array().unwrap().iter().find(|f| f["rule"] == "brief_everyone").unwrap();
    assert_eq!(brief["proposal"].to_string(), visit);
    assert_eq!(agenda["follow_ups_overdue"][0]["proposal"], Value::Null, "a letter is about the seat");
    let steps = ids(&agenda, "next_steps");
    assert!(steps.contains(&"E14001320.1.1".to_string()), "{steps:?}");
    assert!(
        agenda["next_steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["id"] == format!("{}.{}", s["code"].as_str().unwrap(), s["key"].as_str().unwrap()))
    );
    assert_eq!(agenda["snoozed"], serde_json::json!([]));
    let raw = env.run(&["agenda", "--json"]);
    let at = |key: &str| raw.find(&format!("\n  \"{key}\":")).unwrap_or_else(|| panic!("{key} in {raw}"));
    assert!(at("gone_quiet") < at("snoozed") && at("snoozed") < at("calendar_warning"), "{raw}");
    assert!(env.run(&["agenda"]).contains("Snoozed (coming back)\n  Nothing snoozed.\n"));
}

#[test]
fn a_snoozed_follow_up_is_listed_as_snoozed_until_its_day_and_back_when_unsnoozed() {
    let (env, _) = fixture();
    let said = env.run(&["followup", "snooze", CALL]);
    assert_eq!(
        said,
        "Snoozed call_after_letter.E14001323: Call to arrange a meeting (Leeds South) until Tuesday 1 December 2026\n"
    );
    let agenda = env.json(&["agenda", "--json"]);
    assert!(!ids(&agenda, "follow_ups_overdue").contains(&CALL.to_string()), "{agenda}");
    assert!(!ids(&agenda, "follow_ups_due").contains(&CALL.to_string()));
    assert_eq!(ids(&agenda, "snoozed"), [CALL]);
    assert_eq!(agenda["snoozed"][0]["snoozed_until"], "2026-12-01", "a week by default");
    let text = env.run(&["agenda"]);
    assert!(
        text.contains("Snoozed (coming back)\n  Leeds South (Hilary Benn), back Tue 1 Dec 2026: 2.4 Call"),
        "{text}"
    );
    // On the day it ends, it is back where it was.
    let back = env.json(&["agenda", "--json", "--date", "2026-12-01"]);
    assert!(ids(&back, "follow_ups_overdue").contains(&CALL.to_string()), "{back}");

    // Snoozed again to a day of one's own, then unsnoozed: --json says what it was before.
    let again = env.json(&["followup", "snooze", CALL, "--until", "2026-12-04", "--json"]);
    assert_eq!(
        (again["snoozed_until"].as_str(), again["was_snoozed_until"].as_str()),
        (Some("2026-12-04"), Some("2026-12-01"))
    );
    assert_eq!(again["follow_up"]["id"], CALL);
    let said = env.run(&["followup", "unsnooze", CALL]);
    assert_eq!(
        said,
        "Unsnoozed call_after_letter.E14001323: Call to arrange a meeting (Leeds South) is back on the agenda\n"
    );
    assert_eq!(ids(&env.json(&["agenda", "--json"]), "follow_ups_overdue"), [CALL]);
    assert!(env.run(&["followup", "unsnooze", CALL]).contains("was not snoozed; nothing changed"));
}

#[test]
fn done_on_a_follow_up_serving_a_step_ticks_the_step() {
    let (env, visit) = fixture();
    assert_eq!(item_state(&env, "E14001320", "4.2"), "todo");
    let id = format!("brief_everyone.E14001320.{visit}");
    let said = env.run(&["followup", "done", &id]);
    assert_eq!(
        said,
        format!(
            "Done {id}: Brief everyone taking part (Leeds East); checklist 4.2 ticked: Everyone taking part briefed on \
             the arrangements\n"
        )
    );
    assert_eq!(item_state(&env, "E14001320", "4.2"), "done");
    let agenda = env.json(&["agenda", "--json"]);
    assert!(!ids(&agenda, "follow_ups_due").contains(&id), "{agenda}");
    // Done again: it is no longer raised today.
    let err = env.fail(&["followup", "done", &id], 2);
    assert!(err.contains(&id) && err.contains("not a follow-up raised today"), "{err}");
}

#[test]
fn done_on_the_press_release_ticks_4_5_and_dismisses_it_as_the_press_plan_still_asks() {
    let (env, visit) = fixture();
    let id = format!("share_press_release.E14001320.{visit}");
    let done = env.json(&["followup", "done", &id, "--json"]);
    assert_eq!((done["ticked"].as_str(), done["done_for"].as_str()), (Some("4.5"), Some("2026-11-24")));
    assert_eq!(item_state(&env, "E14001320", "4.5"), "done");
    assert!(!ids(&env.json(&["agenda", "--json"]), "follow_ups_due").contains(&id));
    let again = env.json(&["followup", "done", &id, "--json"]);
    assert_eq!(again["already_done"], true);
    assert!(env.run(&["followup", "done", &id]).ends_with("is already done; nothing changed\n"));
}

#[test]
fn done_on_a_follow_up_serving_no_step_dismisses_it_until_raised_again_with_a_later_due_date() {
    let (env, _) = fixture();
    env.run(&["log", "leeds central", "--kind", "email", "--on", "2026-06-01"]);
    let quiet = "back_in_touch.E14001319";
    assert_eq!(ids(&env.json(&["agenda", "--json"]), "gone_quiet"), [quiet]);
    let said = env.run(&["followup", "done", quiet]);
    assert!(said.starts_with(&format!("Done {quiet}: Get back in touch (Leeds Central and Headingley); dismissed for its due date, Sunday 30 August 2026")), "{said}");
    assert!(ids(&env.json(&["agenda", "--json"]), "gone_quiet").is_empty());
    // A contact starts a new cycle; when that one lapses, it is raised again, due later.
    env.run(&["log", "leeds central", "--kind", "email", "--on", "2026-11-20"]);
    let later = env.json(&["agenda", "--json", "--date", "2027-03-01"]);
    let raised = later["gone_quiet"].as_array().unwrap().iter().find(|f| f["id"] == quiet);
    assert_eq!(raised.map(|f| f["due"].clone()), Some("2027-02-18".into()), "{later}");
}

#[test]
fn an_id_that_is_not_todays_follow_up_is_refused_in_one_line_changing_nothing() {
    let (env, visit) = fixture();
    let before = (env.run(&["agenda", "--json"]), env.run(&["export", "json"]));
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec!["snooze".into(), "pigeon.E14001323".into()], "pigeon.E14001323"),
        (vec!["done".into(), "brief_everyone.E14001320".into()], "brief_everyone.E14001320"),
        (vec!["done".into(), "call_after_letter.E14001320".into()], "call_after_letter.E14001320"),
        (vec!["snooze".into(), format!("brief_everyone.E14001320.{visit}9")], "brief_everyone.E14001320."),
        (vec!["unsnooze".into(), "E14001320.1.1".into()], "E14001320.1.1"),
        (vec!["snooze".into(), CALL.into(), "--until".into(), "2026-11-24".into()], "Tuesday 24 November 2026 is not"),
        (vec!["snooze".into(), CALL.into(), "--until".into(), "2026-02-30".into()], "2026-02-30"),
    ];
    for (args, named) in cases {
        let args: Vec<&str> = ["followup"].into_iter().chain(args.iter().map(String::as_str)).collect();
        let err = env.fail(&args, 2);
        assert!(err.contains(named), "{args:?}: {err}");
    }
    assert_eq!((env.run(&["agenda", "--json"]), env.run(&["export", "json"])), before, "nothing changed");
    assert!(env.run(&["--help"]).contains("followup"));
}
