//! The tests of planning a calendar file's import as proposals.

use chrono::{NaiveDate, NaiveDateTime};

use super::*;
use crate::domain::engagement::press::Press;
use crate::domain::engagement::proposal::TIME_FORMAT;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, TIME_FORMAT).unwrap()
}

fn seats() -> HashMap<String, String> {
    [("E14001323", "Leeds South (Hilary Benn)"), ("E14001320", "Leeds East (Richard Burgon)")]
        .into_iter()
        .map(|(c, d)| (c.to_string(), d.to_string()))
        .collect()
}

fn window() -> Window {
    Window::from_today(NaiveDate::from_ymd_opt(2026, 11, 24).unwrap())
}

/// Plans strictly (any bad event refuses the file), for the seat `code`.
fn plan(file: &str, text: &str, code: &str, known: &[Known]) -> Result<EventPlan, ImportError> {
    let seats = seats();
    super::plan(file, text, &Options { seat: Some(code), seats: &seats, window: window(), strict: true }, known)
}

/// Plans leniently, with or without a seat given.
fn lenient(text: &str, code: Option<&str>, known: &[Known]) -> Result<EventPlan, ImportError> {
    let seats = seats();
    super::plan("f", text, &Options { seat: code, seats: &seats, window: window(), strict: false }, known)
}

fn calendar(events: &str) -> String {
    format!("BEGIN:VCALENDAR\nVERSION:2.0\n{events}END:VCALENDAR\n")
}

const VISIT: &str = "BEGIN:VEVENT\nUID:visit-1@example.org\nSUMMARY:Ward visit\nLOCATION:Main hospital\n\
    DTSTART;TZID=Europe/London:20270108T100000\nDTEND;TZID=Europe/London:20270108T113000\nEND:VEVENT\n";

fn stored(uid: Option<&str>, code: &str, title: &str) -> Known {
    Known {
        proposal: Proposal {
            id: 7,
            uuid: "1b4e28ba-2fa1-11d2-883f-0016d3cca427".into(),
            constituency_code: code.into(),
            constituency: "Leeds South".into(),
            mp: "Hilary Benn".into(),
            title: title.into(),
            kind: ProposalKind::Visit,
            place: "Main hospital".into(),
            start: at("2027-01-08 10:00"),
            end: at("2027-01-08 11:30"),
            all_day: false,
            fold: Default::default(),
            attendees: None,
            status: ProposalStatus::Confirmed,
            press: Press::default(),
        },
        ics_uid: uid.map(String::from),
    }
}

#[test]
fn events_become_proposals_with_their_kind_and_uid() {
    let text = calendar(&format!(
        "{VISIT}BEGIN:VEVENT\nSUMMARY:Catch-up call\nDTSTART:20270709T090000Z\nDURATION:PT45M\nEND:VEVENT\n\
         BEGIN:VEVENT\nSUMMARY:Cancelled surgery\nSTATUS:CANCELLED\nDTSTART:20270710T090000\nEND:VEVENT\n"
    ));
    let plan = plan("f", &text, "E14001323", &[]).unwrap();
    assert_eq!(plan.left_out, ["\"Cancelled surgery\" (cancelled)"]);
    let [EventAction::Add(visit), EventAction::Add(call)] = plan.actions.as_slice() else { panic!("{plan:?}") };
    assert_eq!(visit.uid, "visit-1@example.org");
    assert_eq!((visit.proposal.kind, visit.proposal.place.as_str()), (ProposalKind::Visit, "Main hospital"));
    assert_eq!((call.proposal.start, call.proposal.end), (at("2027-07-09 10:00"), at("2027-07-09 10:45")));
    assert_eq!(call.proposal.kind, ProposalKind::Meeting);
    assert!(call.uid.ends_with("@derived.mpplan"));
    let again = self::plan("f", &text, "E14001323", &[]).unwrap();
    assert_eq!(again, plan, "the derived UID is stable");
    assert_eq!(kind("Constituency SURGERY"), ProposalKind::Surgery);
    assert_eq!(kind("Launch event"), ProposalKind::Event);
    assert_eq!(kind("Prevention work"), ProposalKind::Meeting);
}

#[test]
fn events_imported_before_are_recognised() {
    let text = calendar(VISIT);
    let same = plan("f", &text, "E14001323", &[stored(Some("visit-1@example.org"), "E14001323", "Ward visit")]);
    assert!(matches!(same.unwrap().actions[0], EventAction::Unchanged { .. }));
    let renamed = plan("f", &text, "E14001323", &[stored(Some("visit-1@example.org"), "E14001323", "Old")]);
    assert!(matches!(renamed.unwrap().actions[0], EventAction::Update { .. }));
    let exported = calendar(&VISIT.replace("visit-1@example.org", "1b4e28ba-2fa1-11d2-883f-0016d3cca427@mpplan"));
    let untitled = stored(None, "E14001323", "");
    let mut relabelled = exported.replace("SUMMARY:Ward visit", "SUMMARY:Visit with Hilary Benn");
    assert!(matches!(
        plan("f", &relabelled, "E14001323", std::slice::from_ref(&untitled)).unwrap().actions[0],
        EventAction::Unchanged { .. }
    ));
    relabelled = relabelled.replace("Main hospital", "Clinic");
    assert!(matches!(plan("f", &relabelled, "E14001323", &[untitled]).unwrap().actions[0], EventAction::Update { .. }));
    let elsewhere = plan("f", &text, "E14001350", &[stored(Some("visit-1@example.org"), "E14001323", "Ward visit")]);
    let err = elsewhere.unwrap_err().to_string();
    assert!(err.contains("line 3: \"Ward visit\" was imported before as a proposal for Leeds South"), "{err}");
}

#[test]
fn bad_events_are_listed() {
    let text = calendar(&format!(
        "{VISIT}{VISIT}BEGIN:VEVENT\nDTEND;VALUE=DATE:20270218\nDTSTART;VALUE=DATE:20270108\nEND:VEVENT\n\
         BEGIN:VEVENT\nSUMMARY:Gap\nDTSTART:20270328T013000\nDTEND:20270328T030000\nEND:VEVENT\n\
         BEGIN:VEVENT\nSUMMARY:Backwards\nDTSTART:20270108T100000\nDTEND:20270108T090000\nEND:VEVENT\n\
         BEGIN:VEVENT\nSUMMARY:Marathon\nDTSTART:20270108T100000\nDTEND:20270110T090000\nEND:VEVENT\n\
         BEGIN:VEVENT\nSUMMARY:Weekly\nRRULE:FREQ=WEEKLY;BYDAY=XX\nDTSTART:20270108T100000\nEND:VEVENT\n\
         BEGIN:VEVENT\nSUMMARY:Open ended\nDTSTART:20270108T100000\nEND:VEVENT\n"
    ));
    let err = plan("f", &text, "E14001323", &[]).unwrap_err().to_string();
    for expected in [
        "line 10: the event visit-1@example.org is listed again (first on line 3)",
        "line 17: the days from 2027-01-08 to 2027-02-17 are more than 31",
        "line 21: its DTSTART \"20270328T013000\" does not exist",
        "line 26: the end (2027-01-08 09:00) is not after the start",
        "line 31: the slot from 2027-01-08 10:00 to 2027-01-10 09:00 lasts longer than 24 hours",
        "line 36: \"Weekly\" has no end",
        "line 41: \"Open ended\" has no end",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    let nothing = calendar("BEGIN:VEVENT\nSTATUS:CANCELLED\nEND:VEVENT\n");
    assert!(plan("f", &nothing, "E14001323", &[]).unwrap_err().to_string().contains("has no events to import"));
}

const WEEKLY: &str = "BEGIN:VEVENT\nUID:weekly@example.org\nSUMMARY:Surgery drop-in\nSTATUS:CONFIRMED\n\
    DTSTART;TZID=Europe/London:20261204T100000\nDTEND;TZID=Europe/London:20261204T110000\n\
    RRULE:FREQ=WEEKLY;COUNT=6\nEXDATE;TZID=Europe/London:20261218T100000\nEND:VEVENT\n\
    BEGIN:VEVENT\nUID:weekly@example.org\nRECURRENCE-ID;TZID=Europe/London:20261211T100000\n\
    SUMMARY:Surgery drop-in (moved)\nDTSTART;TZID=Europe/London:20261212T090000\n\
    DTEND;TZID=Europe/London:20261212T100000\nEND:VEVENT\n\
    BEGIN:VEVENT\nUID:weekly@example.org\nRECURRENCE-ID:20261225T100000Z\nSTATUS:CANCELLED\n\
    SUMMARY:Surgery drop-in\nDTSTART:20261225T100000Z\nDTEND:20261225T110000Z\nEND:VEVENT\n";

fn added(plan: &EventPlan) -> Vec<(String, String, String, Option<ProposalStatus>)> {
    plan.actions
        .iter()
        .filter_map(|a| match a {
            EventAction::Add(e) => Some((
                e.uid.clone(),
                e.proposal.title.clone(),
                e.proposal.start.format(TIME_FORMAT).to_string(),
                e.status,
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn a_repeating_event_comes_in_once_for_each_time_with_its_exceptions() {
    let plan = lenient(&calendar(WEEKLY), Some("E14001323"), &[]).unwrap();
    let confirmed = Some(ProposalStatus::Confirmed);
    let id = |utc: &str| format!("weekly@example.org#{utc}");
    assert_eq!(
        added(&plan),
        [
            (id("20261204T100000Z"), "Surgery drop-in".into(), "2026-12-04 10:00".into(), confirmed),
            (id("20261211T100000Z"), "Surgery drop-in (moved)".into(), "2026-12-12 09:00".into(), None),
            (id("20270101T100000Z"), "Surgery drop-in".into(), "2027-01-01 10:00".into(), confirmed),
            (id("20270108T100000Z"), "Surgery drop-in".into(), "2027-01-08 10:00".into(), confirmed),
        ],
        "18 Dec is an EXDATE; 25 Dec is cancelled and was never imported"
    );
    assert_eq!(plan.left_out, ["\"Surgery drop-in\" (cancelled)"]);
    assert_eq!(plan.window, Some(window()));
    let lines = plan.lines(&CalendarData::default(), Some("E14001323"));
    assert!(lines[0].starts_with("Repeating events are imported from Tue 24 Nov 2026 to Wed 24 Nov 2027"), "{lines:?}");

    let narrow = Window { from: "2026-12-10".parse().unwrap(), until: "2027-01-01".parse().unwrap() };
    let seats = seats();
    let options = Options { seat: Some("E14001323"), seats: &seats, window: narrow, strict: false };
    let plan = super::plan("f", &calendar(WEEKLY), &options, &[]).unwrap();
    assert_eq!(added(&plan).len(), 2, "12 Dec and 1 Jan: {plan:?}");
}

#[test]
fn all_day_events_become_all_day_proposals() {
    let text = calendar(
        "BEGIN:VEVENT\nUID:fair@example.org\nSUMMARY:Health fair\nDTSTART;VALUE=DATE:20270401\n\
         DTEND;VALUE=DATE:20270403\nEND:VEVENT\nBEGIN:VEVENT\nUID:day@example.org\nSUMMARY:Open day\n\
         DTSTART;VALUE=DATE:20270312\nEND:VEVENT\n",
    );
    let plan = plan("f", &text, "E14001323", &[]).unwrap();
    let spans: Vec<_> = plan
        .actions
        .iter()
        .map(|a| match a {
            EventAction::Add(e) => (e.proposal.all_day, e.proposal.start, e.proposal.end),
            _ => panic!("{a:?}"),
        })
        .collect();
    assert_eq!(
        spans,
        [
            (true, at("2027-04-01 00:00"), at("2027-04-03 00:00")),
            (true, at("2027-03-12 00:00"), at("2027-03-13 00:00"))
        ]
    );
    let lines = plan.lines(&CalendarData::default(), Some("E14001323"));
    assert!(lines[0].starts_with("  Add: Thu 1 Apr – Fri 2 Apr 2027, all day, meeting: Health fair"), "{lines:?}");
}

#[test]
fn a_time_in_the_repeated_autumn_hour_keeps_its_reading() {
    let text = calendar(
        "BEGIN:VEVENT\nUID:gmt@example.org\nSUMMARY:Night shift visit\nDTSTART:20261025T013000Z\n\
         DTEND:20261025T023000Z\nEND:VEVENT\nBEGIN:VEVENT\nUID:bst@example.org\nSUMMARY:Earlier\n\
         DTSTART:20261025T003000Z\nDURATION:PT30M\nEND:VEVENT\n",
    );
    let plan = plan("f", &text, "E14001323", &[]).unwrap();
    let [EventAction::Add(gmt), EventAction::Add(bst)] = &plan.actions[..] else { panic!("{plan:?}") };
    // 01:30 UTC is 01:30 GMT, the second 01:30 of the night the clocks go back.
    assert_eq!((gmt.proposal.start, gmt.proposal.end), (at("2026-10-25 01:30"), at("2026-10-25 02:30")));
    assert_eq!(gmt.proposal.fold, Fold { start: true, end: false });
    assert_eq!(gmt.proposal.when_text(), "Sun 25 Oct 2026 01:30 GMT–02:30");
    // 00:30 UTC is the first 01:30 (BST); 30 minutes on is 01:00 GMT, the second 01:00.
    assert_eq!((bst.proposal.start, bst.proposal.end), (at("2026-10-25 01:30"), at("2026-10-25 01:00")));
    assert_eq!(bst.proposal.fold, Fold { start: false, end: true });
}

#[test]
fn a_hostile_rule_is_capped_and_said_so() {
    let text = calendar(
        "BEGIN:VEVENT\nUID:x@example.org\nSUMMARY:Spam\nDTSTART:20261201T100000Z\nDURATION:PT1M\n\
         RRULE:FREQ=HOURLY;COUNT=1000000000\nEND:VEVENT\nBEGIN:VEVENT\nUID:y@example.org\nSUMMARY:Flood\n\
         DTSTART:20261201T100000Z\nDURATION:PT1M\nRRULE:FREQ=SECONDLY\nEND:VEVENT\n",
    );
    let plan = lenient(&text, Some("E14001323"), &[]).unwrap();
    assert!(plan.skipped[0].reason.contains("repeats every second"), "{:?}", plan.skipped);
    assert_eq!(plan.actions.len(), event_read::MAX_OCCURRENCES);
    assert!(
        plan.notes[0].contains("\"Spam\" repeats more often than mpplan follows: only its first 500"),
        "{:?}",
        plan.notes
    );
}

#[test]
fn a_cancellation_at_the_source_cancels_what_was_imported() {
    let text = calendar(&VISIT.replace("END:VEVENT", "STATUS:CANCELLED\nEND:VEVENT"));
    let known = [stored(Some("visit-1@example.org"), "E14001323", "Ward visit")];
    let plan = plan("f", &text, "E14001323", &known).unwrap();
    assert!(matches!(&plan.actions[..], [EventAction::Cancel { before }] if before.id == 7), "{plan:?}");
    assert!(plan.changes_anything());
    let lines = plan.lines(&CalendarData::default(), Some("E14001323"));
    assert!(lines.iter().any(|l| l.starts_with("  Cancel #7: Ward visit, Fri 8 Jan 2027 10:00–11:30")), "{lines:?}");
    assert!(lines.last().unwrap().contains("0 to add, 0 to update, 1 to cancel, 0 already imported"), "{lines:?}");
    let tentative = calendar(&VISIT.replace("END:VEVENT", "STATUS:TENTATIVE\nEND:VEVENT"));
    let [EventAction::Update { event, .. }] = &plan_of(&tentative, &known).actions[..] else { panic!() };
    assert_eq!(event.status, Some(ProposalStatus::Proposed), "confirmed at mpplan, tentative at the source");
}

fn plan_of(text: &str, known: &[Known]) -> EventPlan {
    plan("f", text, "E14001323", known).unwrap()
}

#[test]
fn mpplan_s_own_properties_say_the_seat_kind_status_attendees_and_press() {
    let own = "BEGIN:VEVENT\nUID:1b4e28ba-2fa1-11d2-883f-0016d3cca427@mpplan\nSUMMARY:Tour\n\
        DTSTART;TZID=Europe/London:20270108T100000\nDTEND;TZID=Europe/London:20270108T113000\nSTATUS:CONFIRMED\n\
        X-MPPLAN-SEAT:E14001320\nX-MPPLAN-KIND:westminster\nX-MPPLAN-STATUS:held\nX-MPPLAN-ATTENDEES:4\n\
        X-MPPLAN-PRESS:mp_handles\nEND:VEVENT\n";
    let plan = lenient(&calendar(own), None, &[]).unwrap();
    let [EventAction::Add(e)] = &plan.actions[..] else { panic!("{plan:?}") };
    assert_eq!(e.proposal.constituency_code, "E14001320");
    assert_eq!((e.proposal.kind, e.proposal.attendees), (ProposalKind::Westminster, Some(4)));
    assert_eq!((e.status, e.press), (Some(ProposalStatus::Held), Some(PressPlan::MpHandles)));
    let lines = plan.lines(&CalendarData::default(), None);
    assert!(lines.contains(&"For Leeds East (Richard Burgon):".to_string()), "{lines:?}");

    let no_seat = calendar(&format!("{VISIT}{}", own.replace("E14001320", "E14009999")));
    let err = lenient(&no_seat, None, &[]).unwrap_err().to_string();
    assert!(err.contains("line 3: it does not say which MP it is with (X-MPPLAN-SEAT): give --mp"), "{err}");
    assert!(err.contains("line 10: its X-MPPLAN-SEAT \"E14009999\" is not the code"), "{err}");
    let bad_words = calendar(&own.replace(":westminster", ":party").replace(":4", ":many"));
    let err = lenient(&bad_words, None, &[]).unwrap_err().to_string();
    assert!(err.contains("X-MPPLAN-KIND \"party\"") || err.contains("X-MPPLAN-ATTENDEES \"many\""), "{err}");
}

#[test]
fn bad_events_are_skipped_and_the_rest_come_in_unless_strict() {
    let text = calendar(&format!("BEGIN:VEVENT\nUID:bad@example.org\nSUMMARY:Nowhen\nEND:VEVENT\n{VISIT}"));
    let plan = lenient(&text, Some("E14001323"), &[]).unwrap();
    assert_eq!(plan.actions.len(), 1);
    assert_eq!(plan.skipped, [BadLine::new(3, "\"Nowhen\" has no start (DTSTART)")]);
    let lines = plan.lines(&CalendarData::default(), Some("E14001323"));
    assert!(lines.contains(&"  Skipped: line 3: \"Nowhen\" has no start (DTSTART)".to_string()), "{lines:?}");
    assert!(
        lines
            .last()
            .unwrap()
            .ends_with("1 event is skipped (listed above); with --strict the file is refused instead.")
    );
    assert!(self::plan("f", &text, "E14001323", &[]).unwrap_err().to_string().contains("line 3: \"Nowhen\""));
}

proptest::proptest! {
    #[test]
    fn planning_never_panics(body in "[A-Z0-9a-z:;=,/ \n-]{0,300}") {
        let text = calendar(&format!("BEGIN:VEVENT\n{body}\nEND:VEVENT\n"));
        let _ = plan("f", &text, "E14001323", &[stored(Some("x"), "E14001323", "")]);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// Repeating rules, exceptions and zones of any shape, hostile ones included, end (bounded)
    /// without a panic.
    #[test]
    fn planning_repeats_and_zones_never_panics(
        rule in "(FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY|SECONDLY|MINUTELY|HOURLY|X);)?(COUNT=[0-9]{1,10};)?\
            (INTERVAL=[0-9]{1,3};)?(BYDAY=(-?[0-9]?(MO|FR|XX),?){0,3};)?(BYSETPOS=-?[0-9]{1,3};)?\
            (UNTIL=[0-9]{8}(T[0-9]{6}Z?)?)?",
        zone_rule in "FREQ=(YEARLY|SECONDLY|DAILY);(BYMONTH=[0-9]{1,2};)?(BYDAY=-?[0-9]SU)?",
        tz in "(Europe/London|Custom|GMT Standard Time|Nowhere)",
        start in "(19|20)[0-9]{2}(0[1-9]|1[0-2])[0-2][0-9](T[0-2][0-9][0-5][0-9]00Z?)?",
        offset in "[+-][0-9]{4}",
    ) {
        let text = format!(
            "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Custom\nBEGIN:STANDARD\nDTSTART:16010101T020000\n\
             TZOFFSETFROM:{offset}\nTZOFFSETTO:+0000\nRRULE:{zone_rule}\nEND:STANDARD\nEND:VTIMEZONE\n\
             BEGIN:VEVENT\nUID:u\nDTSTART;TZID={tz}:{start}\nDURATION:PT1H\nRRULE:{rule}\n\
             EXDATE;TZID={tz}:{start}\nRDATE:{start}\nEND:VEVENT\nBEGIN:VEVENT\nUID:u\n\
             RECURRENCE-ID;TZID={tz}:{start}\nDTSTART:{start}\nDURATION:PT1H\nEND:VEVENT\nEND:VCALENDAR\n"
        );
        if let Ok(plan) = lenient(&text, Some("E14001323"), &[]) {
            proptest::prop_assert!(plan.actions.len() <= event_read::MAX_OCCURRENCES + 1);
        }
    }
}
