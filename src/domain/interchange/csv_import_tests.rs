use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::domain::calendar::Flag;
use crate::domain::engagement::agenda::FlaggedProposal;
use crate::domain::engagement::facts::EngagementRecord;
use crate::domain::engagement::fixtures::{contact, facts, proposal};
use crate::domain::engagement::followups::ahead_days;
use crate::domain::interchange::csv_export::{self, CsvStyle};
use crate::domain::interchange::import_file::decode;

fn today() -> NaiveDate {
    "2026-11-24".parse().unwrap()
}

fn seats() -> Vec<Candidate> {
    let seat = |code: &str, constituency: &str, mp: &str| Candidate {
        code: code.into(),
        constituency: constituency.into(),
        mp_name: mp.into(),
        member_id: None,
    };
    vec![
        seat("E14001323", "Leeds South", "Hilary Benn"),
        seat("E14001320", "Leeds East", "Richard Burgon"),
        seat("W07000999", "Ynys Môn", "Llinos Medi"),
    ]
}

fn contacts(text: &str, logged: &[LoggedContact]) -> Result<ContactPlan, ImportError> {
    plan_contacts("log.csv", &decode("log.csv", text.as_bytes())?, &seats(), logged, today())
}

fn proposals(text: &str, stored: &[Proposal]) -> Result<ProposalPlan, ImportError> {
    plan_proposals("visits.csv", &decode("visits.csv", text.as_bytes())?, &seats(), stored, today())
}

#[test]
fn headers_match_in_any_case_with_spaces_or_underscores() {
    let text = "\u{feff}Seat Code,DATE,Kind,Direction,Summary\r\nE14001323,3/11/2026,Letter,From MP,Thanks\r\n\
        ,2026-10-01,call,,\r\n";
    let err = contacts(text, &[]).unwrap_err().to_string();
    assert!(err.contains("line 3: it names no MP"), "{err}");
    let text = "\u{feff}Seat Code,DATE,Kind,Direction,Summary\r\nE14001323,3/11/2026,Letter,From MP,Thanks\r\n\
        leeds east,2026-10-01,call,,\r\n";
    let plan = contacts(text, &[]).unwrap();
    assert_eq!(plan.add.len(), 2);
    let first = &plan.add[0];
    assert_eq!((first.line, first.seat.code.as_str()), (2, "E14001323"));
    assert_eq!(
        first.contact,
        NewInteraction {
            kind: InteractionKind::Letter,
            direction: Direction::FromMp,
            on: "2026-11-03".parse().unwrap(),
            summary: "Thanks".into()
        }
    );
    assert_eq!(plan.add[1].seat.constituency, "Leeds East");
    assert_eq!(plan.add[1].contact.direction, Direction::ToMp, "to the MP unless the file says otherwise");
    let lines = plan.lines();
    assert_eq!(lines[0], "  Add: Tue 3 Nov 2026, a letter from Leeds South (Hilary Benn): Thanks");
    assert_eq!(lines.last().unwrap(), "2 contacts to add, 0 already logged.");

    let keyed = "constituency_name,occurred-on,TYPE\nLeeds South,2026-11-01,email\n";
    assert_eq!(contacts(keyed, &[]).unwrap().add[0].contact.kind, InteractionKind::Email);
}

#[test]
fn every_bad_row_is_listed_with_its_line_and_nothing_is_planned() {
    let text = "mp,date,kind,summary\n\
        Hilary Benn,2026-11-01,letter,fine\n\
        Nobody Atall,2026-11-01,letter,x\n\
        Leeds,2026-11-01,letter,x\n\
        Hilary Benn,2026-12-25,letter,future\n\
        Hilary Benn,31/02/2026,fax,x\n\
        Hilary Benn,2026-11-01\n";
    let err = contacts(text, &[]).unwrap_err().to_string();
    assert!(err.starts_with("nothing was imported from log.csv: 5 lines have problems: line 3: "), "{err}");
    assert!(err.contains("line 3: no MP or constituency matches \"Nobody Atall\""), "{err}");
    assert!(err.contains("line 4: \"Leeds\" matches 2 seats"), "{err}");
    assert!(err.contains("line 5: Friday 25 December 2026 is in the future"), "{err}");
    assert!(err.contains("line 6: its date \"31/02/2026\" is not a date"), "{err}");
    assert!(err.contains(", and \"fax\" is not a kind of contact"), "both of line 6's problems: {err}");
    assert!(err.contains("line 7: it has 2 cells, but the header has 4 columns"), "{err}");
    assert!(!err.contains("line 2"), "{err}");
    assert_eq!(err.lines().count(), 1);

    let missing = contacts("seat,summary\nLeeds South,x\n", &[]).unwrap_err().to_string();
    assert!(missing.contains("has no column for the date, the kind: it should be a contact log"), "{missing}");
}

#[test]
fn contacts_logged_already_or_twice_in_the_file_are_added_once() {
    let text = "seat_code,date,kind,summary\nE14001323,2026-11-01,letter,Intro\nE14001323,2026-11-01,email,Intro\n\
        E14001323,2026-11-02,letter,Intro\n";
    let logged =
        [LoggedContact { code: "E14001323".into(), on: "2026-11-02".parse().unwrap(), summary: "Intro".into() }];
    let plan = contacts(text, &logged).unwrap();
    assert_eq!(plan.add.iter().map(|r| r.line).collect::<Vec<_>>(), [2]);
    assert_eq!(plan.present.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 4]);
    assert_eq!(plan.lines().last().unwrap(), "1 contact to add, 2 already logged.");
}

#[test]
fn proposals_read_times_in_the_forms_spreadsheets_write() {
    let text = "MP,Title,Kind,Place,Start,End,Attendees,Status\n\
        Hilary Benn,Ward visit,visit,St James's,08/01/2027 10:00,11:30,4,Confirmed\n\
        Leeds East,,meeting,,2027-01-15 09:00:00,2027-01-15 10:00:00,,\n\
        Ynys Môn,Surgery,,,2027-02-05T14:00,,,\n";
    let plan = proposals(text, &[]).unwrap();
    let got: Vec<_> = plan.add.iter().map(|r| &r.proposal).collect();
    assert_eq!(got[0].start.to_string(), "2027-01-08 10:00:00");
    assert_eq!(got[0].end.to_string(), "2027-01-08 11:30:00");
    assert_eq!((got[0].attendees, plan.add[0].status), (Some(4), ProposalStatus::Confirmed));
    assert_eq!((got[1].kind, got[1].end.to_string().as_str()), (ProposalKind::Meeting, "2027-01-15 10:00:00"));
    assert_eq!(plan.add[1].status, ProposalStatus::Proposed);
    assert_eq!((got[2].kind, got[2].end.to_string().as_str()), (ProposalKind::Visit, "2027-02-05 15:00:00"));
    assert_eq!(got[2].constituency_code, "W07000999");

    let bad = "seat,start,end,attendees,status\nLeeds South,2027-01-08 1000,,lots,maybe\n\
        Leeds South,2027-01-08 10:00,09:00,,\n";
    let err = proposals(bad, &[]).unwrap_err().to_string();
    assert!(err.contains("line 2: its start \"2027-01-08 1000\" is not a date and time (its time"), "{err}");
    assert!(err.contains("its attendees \"lots\" is not a whole number"), "{err}");
    assert!(err.contains("\"maybe\" is not a proposal status"), "{err}");
    assert!(err.contains("line 3: the end (2027-01-08 09:00) is not after the start"), "{err}");
}

#[test]
fn mpplans_own_exports_import_as_already_there() {
    // Proposals: the export's columns, titles ("Visit with Hilary Benn" for none) and neutralised cells.
    let mut untitled = proposal("", "2027-01-08 10:00", ProposalStatus::Confirmed);
    untitled.attendees = Some(12);
    let titled = proposal("-1 floor tour", "2027-01-09 10:00", ProposalStatus::Proposed);
    let mut away_day = proposal("Away day", "2027-01-11 00:00", ProposalStatus::Proposed);
    away_day.all_day = true;
    away_day.end = "2027-01-13T00:00:00".parse().unwrap();
    let stored = [untitled, titled, away_day];
    let flagged: Vec<FlaggedProposal> = stored
        .iter()
        .map(|p| FlaggedProposal {
            proposal: p.clone(),
            flag: Flag::Clear,
            assumed: false,
            reason: String::new(),
            overlaps: Vec::new(),
        })
        .collect();
    let csv = csv_export::proposals(&flagged).to_csv_as(CsvStyle::Excel).unwrap();
    assert!(csv.contains("'-1 floor tour"), "{csv}");
    let plan = proposals(&csv, &stored).unwrap();
    assert_eq!((plan.add.len(), plan.present.len()), (0, 3), "{:?}", plan.add);
    // Into an empty plan, the same file adds them as they were.
    let plan = proposals(&csv, &[]).unwrap();
    let added: Vec<NewProposal> = plan.add.iter().map(|r| r.proposal.clone()).collect();
    assert_eq!(added, stored.iter().map(NewProposal::from).collect::<Vec<_>>());
    assert_eq!(plan.add[0].status, ProposalStatus::Confirmed);

    // Contacts.
    let log = vec![
        contact(InteractionKind::Letter, Direction::ToMp, "2026-10-01"),
        contact(InteractionKind::Meeting, Direction::FromMp, "2026-11-20"),
    ];
    let record = EngagementRecord::new(facts(), log.clone(), Vec::new(), today(), ahead_days());
    let csv = csv_export::interactions(&[record]).to_csv().unwrap();
    let logged: Vec<LoggedContact> =
        log.iter().map(|i| LoggedContact { code: "E14001323".into(), on: i.on, summary: i.summary.clone() }).collect();
    let plan = contacts(&csv, &logged).unwrap();
    assert_eq!((plan.add.len(), plan.present.len()), (0, 2));
    let plan = contacts(&csv, &[]).unwrap();
    let added: Vec<_> = plan.add.iter().map(|r| (r.contact.kind, r.contact.direction, r.contact.on)).collect();
    assert_eq!(added, log.iter().map(|i| (i.kind, i.direction, i.on)).collect::<Vec<_>>());
    assert_eq!(plan.lines().last().unwrap(), "2 contacts to add, 0 already logged.");
}

#[test]
fn column_keys_ignore_case_spaces_underscores_and_hyphens() {
    assert_eq!(key("Seat Code"), "seatcode");
    assert_eq!(key("seat_code"), "seatcode");
    assert_eq!(key("SEAT-CODE"), "seatcode");
    assert_eq!(key("Occurred On"), "occurredon");
}

#[test]
fn the_last_day_there_is_has_no_hour_after_it() {
    let err = proposals("seat,start\nLeeds South,9999-12-31 23:30\n", &[]).unwrap_err().to_string();
    assert!(err.contains("line 2: its start is beyond the calendar"), "{err}");
}

/// A cell: a word a column may hold, a date or time in some form, or anything at all.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "E14001323",
            "Leeds",
            "leeds south",
            "Hilary Benn",
            "letter",
            "CALL",
            "from mp",
            "visit",
            "confirmed",
            "12",
            "-1",
            "'=x",
            "",
            "2026-11-03",
            "3/11/2026",
            "2026-11-03 00:00",
            "9999-12-31 23:59",
            "2027-01-08 10:00",
            "08/01/2027 10:00:00",
            "11:30",
            "24:00",
            "2027-03-28 01:30",
            "+3d",
            "fri",
        ])
        .prop_map(String::from),
        "\\PC{0,12}",
        "[,\"\r\n\u{feff}a-z0-9:/ -]{0,12}",
    ]
}

proptest! {
    #[test]
    fn any_spreadsheet_is_planned_or_refused_in_one_line(
        header in prop::collection::vec(prop::sample::select(vec![
            "seat_code", "Seat", "MP", "date", "kind", "direction", "summary", "title", "place", "start", "end",
            "attendees", "status", "x",
        ]), 1..8),
        rows in prop::collection::vec(prop::collection::vec(cell(), 0..9), 0..6),
    ) {
        let mut text = header.join(",");
        for row in &rows {
            text.push('\n');
            text.push_str(&row.join(","));
        }
        text.push('\n');
        for outcome in [contacts(&text, &[]).map(|p| p.lines()), proposals(&text, &[]).map(|p| p.add.len().to_string()).map(|l| vec![l])] {
            match outcome {
                Ok(lines) => prop_assert!(!lines.is_empty()),
                Err(e) => {
                    let message = crate::domain::text::printable(&e.to_string()).into_owned();
                    prop_assert_eq!(message.lines().count(), 1, "{}", message);
                }
            }
        }
    }
}

#[test]
fn a_date_alone_or_all_day_yes_is_an_all_day_proposal() {
    let text = "seat,start,end,all day\n\
        Leeds South,8/1/2027,,\n\
        Leeds South,2027-01-11,2027-01-13,\n\
        Leeds South,2027-01-20,2027-01-22 00:00,yes\n\
        Leeds South,2027-01-25 10:00,2027-01-25 11:00,no\n";
    let plan = proposals(text, &[]).unwrap();
    let spans: Vec<(String, String, bool)> = plan
        .add
        .iter()
        .map(|r| (r.proposal.start.to_string(), r.proposal.end.to_string(), r.proposal.all_day))
        .collect();
    let span = |a: &str, b: &str, all: bool| (a.to_string(), b.to_string(), all);
    assert_eq!(
        spans,
        [
            span("2027-01-08 00:00:00", "2027-01-09 00:00:00", true),
            span("2027-01-11 00:00:00", "2027-01-14 00:00:00", true),
            span("2027-01-20 00:00:00", "2027-01-22 00:00:00", true),
            span("2027-01-25 10:00:00", "2027-01-25 11:00:00", false),
        ]
    );

    let bad = "seat,start,end,all_day\nLeeds South,2027-01-08,,maybe\nLeeds South,2027-01-08,2027-01-01,yes\n\
        Leeds South,2027-01-08 10:00,,yes\nLeeds South,2027-01-08,,no\n";
    let err = proposals(bad, &[]).unwrap_err().to_string();
    assert!(err.contains("line 2: its all_day \"maybe\" is not yes or no"), "{err}");
    assert!(err.contains("line 3: the end"), "{err}");
    assert!(err.contains("line 4: its start \"2027-01-08 10:00\" is not a date"), "{err}");
    assert!(err.contains("line 5: its start \"2027-01-08\" is not a date and time"), "{err}");
}
