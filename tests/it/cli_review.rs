//! The daily review and the paperwork: contact log, follow-ups, agenda, letter, brief, run as a
//! user would. "Today" is Tuesday 24 November 2026.

use chrono::NaiveDateTime;
use serde_json::Value;

use crate::common::Env;

/// A small world: the organisation, Leeds South tracked with a letter sent ten days ago (and no
/// call), Leeds East tracked with a confirmed visit next week for six people.
fn fixture() -> Env {
    let env = Env::new();
    env.run(&["org", "set", "--name", "Leeds Teaching Hospitals NHS Trust", "--chief-executive", "Dr Ann Example"]);
    env.run(&["org", "set", "--address", "St James's University Hospital\nBeckett Street\nLeeds LS9 7TF"]);
    env.run(&["org", "site", "add", "St James's", "LS9 7TF"]);
    env.run(&["engagement", "set", "leeds south", "--topics", "Winter pressures; The new children's wing"]);
    env.run(&["log", "leeds south", "--kind", "letter", "--on", "2026-11-14", "--note", "First letter"]);
    env.run(&["track", "leeds east"]);
    let visit = env.json(&[
        "propose",
        "leeds east",
        "--start",
        "2026-11-27 10:00",
        "-d",
        "2h",
        "--kind",
        "visit",
        "--attendees",
        "6",
        "--json",
    ]);
    env.run(&["proposal", "set-status", &visit["id"].to_string(), "confirmed"]);
    env
}

fn without_uuids(mut value: Value) -> Value {
    match &mut value {
        Value::Object(map) => {
            map.remove("uuid");
            for v in map.values_mut() {
                *v = without_uuids(v.take());
            }
        }
        Value::Array(items) => {
            for v in items.iter_mut() {
                *v = without_uuids(v.take());
            }
        }
        _ => {}
    }
    value
}

#[test]
fn a_letter_ten_days_old_without_a_call_is_an_overdue_follow_up_until_the_call() {
    let env = fixture();
    let text = env.run(&["agenda"]);
    let overdue = text.split("Follow-ups overdue").nth(1).unwrap().split("\n\n").next().unwrap();
    assert!(overdue.contains("Leeds South") && overdue.contains("020 7219 3000"), "{text}");
    let json = env.json(&["agenda", "--json"]);
    let rules: Vec<&str> =
        json["follow_ups_overdue"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"call_after_letter"), "{json}");

    let logged = env.run(&["log", "leeds south", "--kind", "call", "--note", "Spoke to the diary secretary"]);
    assert!(logged.contains("Checklist 2.4 ticked"), "{logged}");
    let json = env.json(&["agenda", "--json"]);
    let all: Vec<&Value> = json["follow_ups_overdue"]
        .as_array()
        .unwrap()
        .iter()
        .chain(json["follow_ups_due"].as_array().unwrap())
        .collect();
    assert!(all.iter().all(|f| f["rule"] != "call_after_letter"), "the call is logged: {json}");
}

#[test]
fn the_agenda_has_its_sections_in_order_as_text_and_json() {
    let env = fixture();
    let text = env.run(&["agenda"]);
    insta::assert_snapshot!("agenda_text", text);
    let json = without_uuids(env.json(&["agenda", "--json"]));
    insta::assert_snapshot!("agenda_json", serde_json::to_string_pretty(&json).unwrap());
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    let order = [
        "conflicts_ahead",
        "proposals_today",
        "proposals_next_seven_days",
        "follow_ups_overdue",
        "follow_ups_due",
        "next_steps",
        "gone_quiet",
        "snoozed",
        "calendar_warning",
    ];
    for key in order {
        assert!(keys.iter().any(|k| *k == key), "missing {key}");
    }
    let briefing: Vec<&str> =
        json["follow_ups_due"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert!(briefing.contains(&"brief_everyone") && briefing.contains(&"keep_group_small"), "{json}");
    assert!(!env.cmd().arg("agenda").output().unwrap().stdout.contains(&0x1b), "no colour codes off a terminal");
}

#[test]
fn the_letter_is_complete_addressed_and_proposes_clear_dates() {
    let env = fixture();
    let letter = env.run(&["letter", "leeds south"]);
    for part in [
        "Leeds Teaching Hospitals NHS Trust",
        "Beckett Street",
        "24 November 2026",
        "Rt Hon Hilary Benn MP",
        "House of Commons",
        "London SW1A 0AA",
        "Dear Hilary Benn,",
        "- Winter pressures",
        "Dr Ann Example",
        "Chief Executive",
    ] {
        assert!(letter.contains(part), "missing {part:?} in:\n{letter}");
    }
    let slots: Vec<(NaiveDateTime, i64)> = letter
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .filter_map(|l| {
            let (day, times) = l.rsplit_once(", ")?;
            let (from, to) = times.split_once('–')?;
            let start = NaiveDateTime::parse_from_str(&format!("{day} {from}"), "%A %-d %B %Y %H:%M").ok()?;
            let end = NaiveDateTime::parse_from_str(&format!("{day} {to}"), "%A %-d %B %Y %H:%M").ok()?;
            Some((start, (end - start).num_minutes()))
        })
        .collect();
    assert_eq!(slots.len(), 3, "{letter}");
    for (start, minutes) in slots {
        let at = start.format("%Y-%m-%d %H:%M").to_string();
        let check = env.json(&["check", &at, "--duration", &format!("{minutes}m"), "--json"]);
        assert_eq!(check["flag"], "clear", "{at}: {check}");
        assert!(matches!(start.format("%a").to_string().as_str(), "Fri" | "Sat"), "{at}");
    }
}

#[test]
fn a_letter_to_a_titled_mp_opens_with_how_they_are_addressed() {
    let env = fixture();
    let tami = env.run(&["letter", "alyn and deeside"]);
    let expected = "24 November 2026\n\nRt Hon Sir Mark Tami MP  \nHouse of Commons  \nLondon SW1A 0AA\n\nDear Sir Mark,\n\n\
         **Working together for the health of Alyn and Deeside**\n";
    assert!(tami.contains(expected), "{tami}");
    let rand = env.run(&["letter", "altrincham and sale west"]);
    assert!(
        rand.contains("\nMr Connor Rand MP  \nHouse of Commons  \n") && rand.contains("\nDear Mr Rand,\n"),
        "{rand}"
    );
    // No form of address in the data: the name, never a guessed "Mr" or "Ms".
    let dhesi = env.run(&["letter", "slough"]);
    assert!(dhesi.contains("\nDear Tanmanjeet Singh Dhesi,\n"), "{dhesi}");
}

#[test]
fn a_letter_to_the_constituency_office_needs_its_address() {
    let env = fixture();
    let err = env.fail(&["letter", "leeds south", "--to", "constituency"], 2);
    assert!(err.contains("--office-address"), "{err}");
    env.run(&["engagement", "set", "leeds south", "--office-address", "Unit 1, Example Road\nLeeds LS10 1AA"]);
    let letter = env.run(&["letter", "leeds south", "--to", "constituency"]);
    assert!(letter.contains("Example Road") && !letter.contains("SW1A 0AA"), "{letter}");
    // Without --to, a letter goes to the stored office, as in the UI (domain::paperwork::letter).
    assert_eq!(env.run(&["letter", "leeds south"]), letter);
    let westminster = env.run(&["letter", "leeds south", "--to", "westminster"]);
    assert!(westminster.contains("SW1A 0AA") && !westminster.contains("Example Road"), "{westminster}");
}

#[test]
fn letters_and_briefs_never_overwrite_without_force() {
    let env = fixture();
    let out = env.dir.path().join("letter.md");
    let path = out.to_str().unwrap();
    assert!(env.run(&["letter", "leeds south", "--out", path]).contains("The letter is in"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    }
    std::fs::write(&out, "my own edits").unwrap();
    let err = env.fail(&["brief", "leeds south", "--out", path], 2);
    assert!(err.contains("already exists") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "my own edits");
    env.run(&["brief", "leeds south", "--out", path, "--force"]);
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("# Meeting brief"));
}

#[test]
fn a_template_of_the_users_own_is_used_and_checked() {
    let env = fixture();
    let dir = env.dir.path().join(".config/mpplan");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("letter.md"), "Dear {{mp_name}},\nFrom {{org_name}}\n").unwrap();
    assert_eq!(env.run(&["letter", "leeds south"]), "Dear Hilary Benn,\nFrom Leeds Teaching Hospitals NHS Trust\n");
    std::fs::write(dir.join("letter.md"), "Dear {{mp_name}},\n\n{{favourite_colour}}\n").unwrap();
    let err = env.fail(&["letter", "leeds south"], 1);
    assert!(err.contains("favourite_colour") && err.contains("letter.md"), "{err}");
}

#[test]
fn a_bad_letter_template_is_a_bad_file_said_once() {
    let env = fixture();
    let dir = env.dir.path().join(".config/mpplan");
    std::fs::create_dir_all(&dir).unwrap();
    let out = env.dir.path().join("letter.md");
    let templates: [(&[u8], &str); 3] = [
        (b"Dear {{mp_name}},\n\n{{favourite_colour}}\n", "line 3 uses an unknown field {{favourite_colour}}"),
        (b"Dear {{mp_name,\n", "line 1 opens a field with {{ but does not close it"),
        (b"Dear \xff\n", "it is not UTF-8 text"),
    ];
    for (template, expected) in templates {
        std::fs::write(dir.join("letter.md"), template).unwrap();
        let err = env.fail(&["letter", "leeds south", "--out", out.to_str().unwrap()], 1);
        assert!(err.contains(expected), "{err}");
        assert_eq!(err.matches("letter template").count(), 1, "{err}");
        assert!(err.contains(dir.join("letter.md").to_str().unwrap()), "{err}");
        assert!(!out.exists(), "nothing is written");
    }
}

#[test]
fn logging_or_proposing_for_an_untracked_seat_says_it_is_now_tracked() {
    let env = fixture();
    let logged = env.run(&["log", "bath", "--kind", "call"]);
    assert!(logged.contains("Now tracking Bath"), "{logged}");
    env.run(&["untrack", "bath"]);
    let again = env.run(&["log", "bath", "--kind", "email"]);
    assert!(again.contains("Tracking Bath") && again.contains("again"), "{again}");
    let once_more = env.run(&["log", "bath", "--kind", "email"]);
    assert!(!once_more.contains("racking"), "{once_more}");

    let proposed = env.run(&["propose", "york central", "--start", "2026-12-04 10:00", "-d", "1h", "--kind", "visit"]);
    assert!(proposed.contains("Now tracking York Central"), "{proposed}");
    env.run(&["untrack", "york central"]);
    let proposed = env.run(&["propose", "york central", "--start", "2026-12-11 10:00", "-d", "1h", "--kind", "visit"]);
    assert!(proposed.contains("Tracking York Central") && proposed.contains("again"), "{proposed}");
}

#[test]
fn setting_the_press_plan_it_already_has_changes_nothing_and_says_so() {
    let env = fixture();
    let id = env.json(&["proposals", "--json"])[0]["id"].to_string();
    env.run(&["proposal", "press", &id, "--plan", "ask", "--quote-requested", "2026-11-20"]);
    let before = env.run(&["export", "json"]);
    for args in [
        &["--plan", "ask"][..],
        &["--quote-requested", "2026-11-20"],
        &["--plan", "ask", "--quote-requested", "2026-11-20"],
    ] {
        let said = env.run(&[&["proposal", "press", &id][..], args].concat());
        assert!(said.contains("nothing changed"), "{args:?}: {said}");
    }
    assert_eq!(env.run(&["export", "json"]), before);
    let err = env.fail(&["proposal", "press", &id], 2);
    assert!(err.contains("nothing to change; give --plan"), "{err}");
}

#[test]
fn the_brief_has_the_card_history_checklist_and_next_visit() {
    let env = fixture();
    let brief = env.run(&["brief", "leeds east"]);
    for part in ["# Meeting brief", "Richard Burgon", "Friday 27 November 2026", "020 7219 3000", "Checklist"] {
        assert!(brief.contains(part), "missing {part:?}:\n{brief}");
    }
    let south = env.run(&["brief", "leeds south"]);
    assert!(south.contains("First letter") && south.contains("Winter pressures"), "{south}");
}

#[test]
fn the_contact_log_and_its_bad_input() {
    let env = fixture();
    let history = env.json(&["history", "leeds south", "--json"]);
    assert_eq!(history[0]["kind"], "letter");
    assert_eq!(history[0]["direction"], "to_mp");
    assert_eq!(history[0]["on"], "2026-11-14");
    assert_eq!(history[0]["mp_name"], "Hilary Benn");
    let err = env.fail(&["log", "leeds south", "--kind", "pigeon"], 2);
    assert!(err.contains("pigeon"), "{err}");
    env.fail(&["log", "leeds south", "--kind", "call", "--on", "+2d"], 2);
    env.fail(&["log", "leeds south", "--kind", "call", "--on", "2026-02-30"], 2);
    assert_eq!(env.json(&["history", "leeds south", "--json"]).as_array().unwrap().len(), 1);
    let from = env.run(&["log", "leeds south", "--kind", "email", "--from-mp"]);
    assert!(from.contains("an email from") && !from.contains("ticked"), "{from}");
    // The contact is described, and a future one refused, as in the UI (domain::engagement::contact).
    let met = env.run(&["log", "leeds south", "--kind", "meeting", "--on", "2026-11-20"]);
    assert!(met.starts_with("Logged a meeting with Leeds South"), "{met}");
    let err = env.fail(&["log", "leeds south", "--kind", "call", "--on", "2026-11-25"], 2);
    assert!(err.contains("Wednesday 25 November 2026 is in the future: log a contact once"), "{err}");
}

#[test]
fn engagement_fields_and_cadence() {
    let env = fixture();
    env.fail(&["engagement", "set", "leeds south"], 2);
    env.fail(&["cadence", "leeds south", "0"], 2);
    env.fail(&["cadence", "leeds south", "-5"], 2);
    env.run(&["cadence", "leeds south", "30"]);
    env.run(&[
        "engagement",
        "set",
        "leeds south",
        "--background",
        "Former shadow health minister?",
        "--notes",
        "Prefers email",
    ]);
    let info = env.json(&["engagement", "show", "leeds south", "--json"]);
    assert_eq!(info["cadence_days"], 30);
    assert_eq!(info["notes"], "Prefers email");
    assert_eq!(info["topics"], "Winter pressures; The new children's wing");
    env.fail(&["engagement", "show", "bath"], 2);
}

#[test]
fn the_press_plan_is_set_and_shown() {
    let env = fixture();
    let id = env.json(&["proposals", "--json"])[0]["id"].to_string();
    env.run(&["proposal", "press", &id, "--plan", "mp-handles", "--quote-requested", "today"]);
    let shown = env.json(&["proposal", "show", &id, "--json"]);
    assert_eq!(shown["press"]["plan"], "mp_handles");
    assert_eq!(shown["press"]["quote_requested_on"], "2026-11-24");
    env.fail(&["proposal", "press", &id], 2);
    env.fail(&["proposal", "press", &id, "--plan", "tv"], 2);
    env.fail(&["proposal", "press", "999", "--plan", "ask"], 2);
}

#[test]
fn a_letter_written_to_a_file_ticks_2_1_once_and_a_printed_one_does_not() {
    let env = fixture();
    let printed = env.run(&["letter", "leeds south"]);
    assert!(!printed.contains("Checklist 2.1"), "{printed}");
    let first = env.dir.path().join("first.md");
    let said = env.run(&["letter", "leeds south", "--out", first.to_str().unwrap()]);
    assert!(said.contains("Checklist 2.1 (first letter drafted) ticked for Leeds South."), "{said}");
    let second = env.dir.path().join("second.md");
    let said = env.run(&["letter", "leeds south", "--out", second.to_str().unwrap()]);
    assert!(said.contains("The letter is in") && !said.contains("Checklist 2.1"), "{said}");
    // Leeds Central is not tracked: nothing to tick.
    let untracked = env.dir.path().join("untracked.md");
    let said = env.run(&["letter", "leeds central", "--out", untracked.to_str().unwrap()]);
    assert!(!said.contains("Checklist"), "{said}");
}
