//! `mpplan export ics` as other calendars apply it, and `mpplan invite`: both read back by an
//! independent parser (python's icalendar) when one is installed; under CI it must be. "Today" is
//! Tuesday 24 November 2026.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::common::Env;

fn python_with_icalendar() -> Option<PathBuf> {
    crate::common::python::python_with("icalendar", "the calendar check")
}

/// What icalendar reads from the file: the calendar's method, name and zone, and per event its
/// UID, SEQUENCE, texts, status, times (as ISO 8601, a date for an all-day one, with the zone
/// it was given in), `X-MPPLAN-` properties, organiser and attendee.
const READ: &str = r#"
import sys, json, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = {'method': str(cal.get('method', '')), 'name': str(cal.get('x-wr-calname', '')),
       'timezone': str(cal.get('x-wr-timezone', '')), 'events': []}
for ev in cal.walk('VEVENT'):
    start, end = ev.decoded('dtstart'), ev.decoded('dtend')
    e = {'uid': str(ev['uid']), 'sequence': int(ev['sequence']), 'summary': str(ev['summary']),
         'location': str(ev.get('location', '')), 'description': str(ev.get('description', '')),
         'status': str(ev.get('status', '')), 'start': start.isoformat(), 'end': end.isoformat(),
         'all_day': not hasattr(start, 'hour'), 'tzid': str(ev['dtstart'].params.get('TZID', '')),
         'own': {k: str(v) for k, v in ev.items() if k.startswith('X-MPPLAN-')}}
    for role in ('organizer', 'attendee'):
        who = ev.get(role)
        if who is not None:
            e[role] = {'address': str(who), 'params': {k: str(v) for k, v in who.params.items()}}
    out['events'].append(e)
print(json.dumps(out))
"#;

fn read(python: &Path, file: &Path) -> Value {
    let out = Command::new(python).args(["-c", READ]).arg(file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The export written to `name` and its text, which must be CRLF lines of 75 octets at most.
fn export(env: &Env, name: &str) -> (PathBuf, String) {
    let file = env.path(name);
    env.run(&["export", "ics", "--out", s(&file), "--force"]);
    let text = std::fs::read_to_string(&file).unwrap();
    for line in text.split_inclusive('\n') {
        assert!(line.ends_with("\r\n") && line.len() <= 77, "CRLF, 75 octets at most: {line:?}");
    }
    (file, text)
}

#[test]
fn the_export_has_a_name_sequences_that_rise_one_line_summaries_and_mpplans_own_properties() {
    let env = Env::new();
    env.run(&["org", "set", "--name", "Leeds Teaching Hospitals NHS Trust"]);
    let visit = env.propose_hour(
        "leeds south",
        "2026-11-27 10:00",
        &["--kind", "visit", "--attendees", "3", "--place", "St James's,\nBeckett Street\n\nLeeds; LS9 7TF"],
    );
    env.run(&["proposal", "press", &visit, "--plan", "mp-handles"]);
    let title = "Ward visit\r\nwith the MP; part 1, of 2 \\ notes";
    let meeting = env.propose_hour("leeds east", "2026-12-04 14:00", &["--kind", "meeting", "--title", title]);
    let (file, text) = export(&env, "plan.ics");
    assert!(text.contains("X-WR-CALNAME:mpplan — Leeds Teaching Hospitals NHS Trust\r\n"), "{text}");
    assert!(text.contains("X-WR-TIMEZONE:Europe/London\r\n"));
    assert!(text.contains("SUMMARY:Ward visit\\, with the MP\\; part 1\\, of 2 \\\\ notes\r\n"), "{text}");
    assert!(text.contains("LOCATION:St James's\\, Beckett Street\\, Leeds\\; LS9 7TF\r\n"), "{text}");

    let Some(python) = python_with_icalendar() else { return };
    let cal = read(&python, &file);
    assert_eq!(cal["name"], "mpplan — Leeds Teaching Hospitals NHS Trust");
    assert_eq!(cal["timezone"], "Europe/London");
    let events = cal["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    let (v, m) = (&events[0], &events[1]);
    assert_eq!(v["summary"], "Visit with Hilary Benn");
    assert_eq!(v["location"], "St James's, Beckett Street, Leeds; LS9 7TF", "on one line");
    assert_eq!(m["summary"], "Ward visit, with the MP; part 1, of 2 \\ notes", "on one line");
    assert!(v["description"].as_str().unwrap().contains("\nMP: Hilary Benn, Leeds South\n"), "{v}");
    assert_eq!((v["tzid"].as_str(), v["start"].as_str()), (Some("Europe/London"), Some("2026-11-27T10:00:00+00:00")));
    let own = serde_json::json!({
        "X-MPPLAN-SEAT": "E14001323", "X-MPPLAN-KIND": "visit", "X-MPPLAN-STATUS": "proposed",
        "X-MPPLAN-ATTENDEES": "3", "X-MPPLAN-PRESS": "mp_handles",
    });
    assert_eq!(v["own"], own);
    let own = serde_json::json!({
        "X-MPPLAN-SEAT": "E14001320", "X-MPPLAN-KIND": "meeting", "X-MPPLAN-STATUS": "proposed",
        "X-MPPLAN-PRESS": "none",
    });
    assert_eq!(m["own"], own, "no attendees when unknown");
    assert_eq!((v["sequence"].as_u64(), m["sequence"].as_u64()), (Some(0), Some(0)));

    // Moving the visit raises its sequence and only its own; the UID stays, so calendars update it.
    env.run(&["proposal", "move", &visit, "--start", "2026-11-28 11:00"]);
    let (file, _) = export(&env, "plan.ics");
    let moved = read(&python, &file);
    let (v2, m2) = (&moved["events"][0], &moved["events"][1]);
    assert_eq!(v2["uid"], v["uid"]);
    assert_eq!(v2["start"], "2026-11-28T11:00:00+00:00");
    assert_eq!((v2["sequence"].as_u64(), m2["sequence"].as_u64()), (Some(1), Some(0)));
    // The press plan is not what a calendar shows: it changes nothing there.
    env.run(&["proposal", "press", &visit, "--plan", "agreed"]);
    env.run(&["proposal", "set-status", &meeting, "cancelled"]);
    let (file, _) = export(&env, "plan.ics");
    let later = read(&python, &file);
    let (v3, m3) = (&later["events"][0], &later["events"][1]);
    assert_eq!((v3["sequence"].as_u64(), v3["own"]["X-MPPLAN-PRESS"].as_str()), (Some(1), Some("agreed")));
    assert_eq!((m3["sequence"].as_u64(), m3["status"].as_str()), (Some(1), Some("CANCELLED")));
    assert_eq!(m3["own"]["X-MPPLAN-STATUS"], "cancelled");
}

#[test]
fn with_no_organisation_the_calendar_is_called_mp_engagement() {
    let env = Env::new();
    env.propose_hour("leeds south", "2026-11-27 10:00", &["--kind", "visit"]);
    let (file, text) = export(&env, "plan.ics");
    assert!(text.contains("X-WR-CALNAME:MP engagement\r\n"), "{text}");
    let Some(python) = python_with_icalendar() else { return };
    assert_eq!(read(&python, &file)["name"], "MP engagement");
}

#[test]
fn an_all_day_proposal_is_exported_as_dates_with_an_exclusive_end() {
    // The command line proposes times; a backup carries an all-day proposal in.
    let env = Env::new();
    env.propose_hour("leeds south", "2027-01-08 10:00", &["--kind", "event", "--title", "Open day"]);
    let mut backup: Value = serde_json::from_str(&env.run(&["export", "json"])).unwrap();
    let engagement = backup["engagements"].as_array_mut().unwrap().iter_mut().find(|e| e["proposals"][0].is_object());
    let proposal = &mut engagement.unwrap()["proposals"][0];
    proposal["starts_at"] = "2027-01-08 00:00".into();
    proposal["ends_at"] = "2027-01-10 00:00".into();
    proposal["all_day"] = true.into();
    let file = env.path("backup.json");
    std::fs::write(&file, backup.to_string()).unwrap();
    let other = Env::new();
    other.run(&["import", "json", s(&file)]);
    let (file, text) = export(&other, "days.ics");
    assert!(text.contains("DTSTART;VALUE=DATE:20270108\r\nDTEND;VALUE=DATE:20270110\r\n"), "{text}");
    let Some(python) = python_with_icalendar() else { return };
    let event = &read(&python, &file)["events"][0];
    assert_eq!(event["all_day"], true);
    assert_eq!((event["start"].as_str(), event["end"].as_str()), (Some("2027-01-08"), Some("2027-01-10")));
}

#[test]
fn an_invitation_goes_from_the_organisation_to_the_mp_and_a_cancellation_follows_it() {
    let env = Env::new();
    env.run(&["org", "set", "--name", "Leeds Teaching Hospitals NHS Trust"]);
    let id = env.propose_hour("leeds south", "2026-11-27 10:00", &["--kind", "visit", "--attendees", "3"]);
    let err = env.fail(&["invite", &id], 2);
    assert!(err.contains("mpplan org set --email ADDRESS"), "{err}");
    let err = env.fail(&["org", "set", "--email", "pa at leeds"], 2);
    assert!(err.contains("--email: \"pa at leeds\" is not an email address"), "{err}");
    env.run(&["org", "set", "--email", "pa@leedsth.nhs.uk"]);
    assert_eq!(env.json(&["org", "show", "--json"])["email"], "pa@leedsth.nhs.uk");

    let invite = env.path("invite.ics");
    let said = env.run(&["invite", &id, "--out", s(&invite)]);
    assert!(said.contains("The invitation for #") && said.contains("Hilary Benn (boxj@parliament.uk)"), "{said}");
    let err = env.fail(&["invite", &id, "--out", s(&invite)], 2);
    assert!(err.contains("already exists; choose another file or add --force"), "{err}");
    let printed = env.run(&["invite", &id]);
    assert_eq!(printed, std::fs::read_to_string(&invite).unwrap(), "printed, the file is all there is");
    assert!(printed.contains("METHOD:REQUEST\r\n"));
    let (exported, _) = export(&env, "plan.ics");

    let Some(python) = python_with_icalendar() else { return };
    let read_invite = read(&python, &invite);
    assert_eq!(read_invite["method"], "REQUEST");
    let event = &read_invite["events"][0];
    let calendar = &read(&python, &exported)["events"][0];
    assert_eq!((&event["uid"], &event["sequence"]), (&calendar["uid"], &calendar["sequence"]), "the export's event");
    assert_eq!(event["organizer"]["address"], "mailto:pa@leedsth.nhs.uk");
    assert_eq!(event["organizer"]["params"]["CN"], "Leeds Teaching Hospitals NHS Trust");
    assert_eq!(event["attendee"]["address"], "mailto:boxj@parliament.uk");
    let params = serde_json::json!({
        "CN": "Hilary Benn", "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE",
    });
    assert_eq!(event["attendee"]["params"], params);
    assert_eq!(event["status"], "TENTATIVE");
    assert!(event["own"].as_object().unwrap().is_empty(), "mpplan's own properties stay at home");

    // Moved, then cancelled: each invitation outranks the one before.
    env.run(&["proposal", "move", &id, "--start", "2026-11-28 10:00"]);
    env.run(&["invite", &id, "--out", s(&invite), "--force"]);
    assert_eq!(read(&python, &invite)["events"][0]["sequence"], 1);
    env.run(&["proposal", "set-status", &id, "cancelled"]);
    let cancel = env.path("cancel.ics");
    let said = env.run(&["invite", &id, "--out", s(&cancel)]);
    assert!(said.contains("The cancellation for #") && said.contains("is cancelled"), "{said}");
    let read_cancel = read(&python, &cancel);
    assert_eq!(read_cancel["method"], "CANCEL");
    let event = &read_cancel["events"][0];
    assert_eq!((event["status"].as_str(), event["sequence"].as_u64()), (Some("CANCELLED"), Some(2)));
    assert_eq!(event["uid"], calendar["uid"]);
    assert_eq!(event["attendee"]["address"], "mailto:boxj@parliament.uk");
    let out = env.cmd().args(["invite", &id]).assert().success().get_output().clone();
    assert!(String::from_utf8(out.stdout).unwrap().contains("METHOD:CANCEL\r\n"));
    assert!(String::from_utf8(out.stderr).unwrap().starts_with("note: #"), "says it is a cancellation");
}

#[test]
fn no_invitation_without_a_proposal_an_mp_or_an_mp_email_and_nothing_is_written() {
    let env = Env::new();
    env.run(&["org", "set", "--email", "pa@leedsth.nhs.uk"]);
    let err = env.fail(&["invite", "99"], 2);
    assert_eq!(err.trim_end(), "error: there is no proposal 99; see mpplan proposals --all");
    // Yasmin Qureshi's seat has no email address in the shipped data.
    let id = env.propose_hour("E14001111", "2026-11-27 10:00", &["--kind", "visit"]);
    let file = env.path("invite.ics");
    let err = env.fail(&["invite", &id, "--out", s(&file)], 2);
    assert!(err.contains("no email address is known for Yasmin Qureshi"), "{err}");
    assert!(!file.exists(), "nothing written");
    // Makerfield falls vacant in the DfE's look-up.
    let id = env.propose_hour("E14001350", "2026-11-27 14:00", &["--kind", "visit"]);
    let lookup: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "import-files", "mps-dfe-lookup.csv"].iter().collect();
    env.run(&["import", "mps", s(&lookup)]);
    let err = env.fail(&["invite", &id], 2);
    assert!(err.contains("whose seat is vacant: there is no MP to invite"), "{err}");
    assert!(env.fail(&["invite", "x"], 2).contains("invalid value"));
}

/// calcurse refuses a summary holding an escaped line break; it takes every event of the export.
/// CI installs calcurse, and there its absence fails the test; elsewhere the check is skipped.
#[test]
fn calcurse_imports_every_event() {
    if Command::new("calcurse").arg("--version").output().is_err() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "calcurse is not installed, and CI needs it for this check"
        );
        eprintln!("skipping the calcurse check: calcurse is not installed");
        return;
    }
    let env = Env::new();
    env.propose_hour("leeds south", "2026-11-27 10:00", &["--kind", "visit", "--title", "Ward visit\nwith the MP"]);
    env.propose_hour("leeds east", "2026-12-04 14:00", &["--kind", "meeting", "--place", "A, B;\nC \\ D"]);
    let (file, _) = export(&env, "plan.ics");
    let dir = env.path("calcurse");
    std::fs::create_dir(&dir).unwrap();
    let out = Command::new("calcurse").arg("-i").arg(&file).arg("-D").arg(&dir).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && report.contains("2 apps / 0 events / 0 todos / 0 skipped"), "{report}");
    let apts = std::fs::read_to_string(dir.join("apts")).unwrap();
    assert!(apts.contains("|Ward visit, with the MP\n"), "{apts}");
}
