//! Proposals from a calendar file: each event with a start and an end becomes a proposal for one MP.
//! An event keeps its UID (one without gets a stable UID made from its content), so importing the
//! same file again recognises the events already imported and updates them instead of adding them
//! twice.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::domain::calendar::{CalendarData, DEFAULT_HOURS, Flag, ProposalKind};
use crate::domain::engagement::proposal::{NewProposal, Proposal};
use crate::domain::interchange::ics_read::{self, Event, When};
use crate::domain::interchange::import_file::{BadLine, ImportError, plural};
use crate::domain::limits::{Field, check_all};
use crate::domain::text::fold;
use crate::domain::when::{slot_text, validate_slot};

/// An event read as a proposal.
#[derive(Debug, Clone, PartialEq)]
pub struct EventProposal {
    /// The line of its BEGIN:VEVENT.
    pub line: usize,
    pub uid: String,
    pub proposal: NewProposal,
}

/// A stored proposal and the UID of the event it was imported from, if it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    pub proposal: Proposal,
    pub ics_uid: Option<String>,
}

/// What to do with one event.
#[derive(Debug, Clone, PartialEq)]
pub enum EventAction {
    Add(EventProposal),
    /// An event imported before whose title, place or times have changed; its kind, status and
    /// press plan are kept.
    Update {
        before: Proposal,
        event: EventProposal,
    },
    Unchanged {
        before: Proposal,
    },
}

/// What importing a calendar file of events would do.
#[derive(Debug, Clone, PartialEq)]
pub struct EventPlan {
    pub actions: Vec<EventAction>,
    /// Events not imported: cancelled ones.
    pub left_out: Vec<String>,
}

impl EventPlan {
    pub fn count(&self, pick: fn(&EventAction) -> bool) -> usize {
        self.actions.iter().filter(|a| pick(a)).count()
    }

    /// How many events are to be added and how many updated.
    pub fn adds_and_updates(&self) -> (usize, usize) {
        (self.count(|a| matches!(a, EventAction::Add(_))), self.count(|a| matches!(a, EventAction::Update { .. })))
    }

    /// The preview: each event with what will happen to it (flagged against `cal`), the events
    /// left out, and a count.
    pub fn lines(&self, cal: &CalendarData) -> Vec<String> {
        let mut lines = Vec::new();
        for action in &self.actions {
            lines.extend(match action {
                EventAction::Add(event) => event_lines("Add", event, cal),
                EventAction::Update { before, event } => {
                    let mut shown = event_lines(&format!("Update #{}", before.id), event, cal);
                    shown.push(format!("    (was {}, {})", before.label(), slot_text(before.start, before.end)));
                    shown
                }
                EventAction::Unchanged { before } => vec![format!(
                    "  Already imported: #{} {}, {}",
                    before.id,
                    before.label(),
                    slot_text(before.start, before.end)
                )],
            });
        }
        lines.extend(self.left_out.iter().map(|l| format!("  Left out: {l}")));
        let (adds, updates) = self.adds_and_updates();
        let same = self.actions.len() - adds - updates;
        lines.push(match adds + updates {
            0 => format!("No changes: the {} already imported as they are.", plural(same, "event is", "events are")),
            _ => format!("{adds} to add, {updates} to update, {same} already imported."),
        });
        lines
    }
}

/// "  Add: Fri 8 Jan 2027 10:00–11:30, visit: Ward visit at Main hospital (✓ clear)", and the
/// reason on a second line when the slot is not clear.
fn event_lines(verb: &str, event: &EventProposal, cal: &CalendarData) -> Vec<String> {
    let p = &event.proposal;
    let title = if p.title.is_empty() { "(no title)" } else { p.title.as_str() };
    let place = if p.place.is_empty() { String::new() } else { format!(" at {}", p.place) };
    let flag = cal.classify_span(p.start, p.end, p.all_day, p.kind, &DEFAULT_HOURS);
    let mut lines =
        vec![format!("  {verb}: {}, {}: {title}{place} ({})", slot_text(p.start, p.end), p.kind, flag.label())];
    if flag.flag != Flag::Clear {
        lines.push(format!("    {}", flag.reason()));
    }
    lines
}

/// Reads the events of `text` as proposals for the seat `code`, and compares them with the
/// proposals already stored. Any bad event means no plan at all.
pub fn plan(file: &str, text: &str, code: &str, known: &[Known]) -> Result<EventPlan, ImportError> {
    let mut bad = Vec::new();
    let mut left_out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut actions = Vec::new();
    for event in ics_read::events(file, text)? {
        if event.get("STATUS").is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED")) {
            left_out.push(format!("\"{}\" (cancelled)", event.one_line("SUMMARY")));
            continue;
        }
        let given = event.get("UID").map(|p| p.value.trim()).filter(|uid| !uid.is_empty());
        let read = given
            .map_or(Ok(()), |uid| {
                Field::EventUid.check(uid).map_err(|e| e.to_string())?;
                repeated(&mut seen, uid, event.line)
            })
            .and_then(|()| proposal(&event, code))
            .and_then(|e| {
                repeated(&mut seen, &e.uid, e.line)?;
                action(e, code, known)
            });
        match read {
            Ok(action) => actions.push(action),
            Err(reason) => bad.push(BadLine::new(event.line, reason)),
        }
    }
    if !bad.is_empty() {
        return Err(ImportError::bad_lines(file, bad));
    }
    if actions.is_empty() {
        return Err(ImportError::format(file, "has no events to import"));
    }
    Ok(EventPlan { actions, left_out })
}

/// Refuses a UID already seen on another event of the file.
fn repeated(seen: &mut HashMap<String, usize>, uid: &str, line: usize) -> Result<(), String> {
    match *seen.entry(uid.to_string()).or_insert(line) {
        first if first != line => Err(format!("the event {uid} is listed again (first on line {first})")),
        _ => Ok(()),
    }
}

fn proposal(event: &Event, code: &str) -> Result<EventProposal, String> {
    let title = event.one_line("SUMMARY");
    let place = event.one_line("LOCATION");
    check_all([(Field::ProposalTitle, title.as_str()), (Field::ProposalPlace, place.as_str())])
        .map_err(|e| e.to_string())?;
    let what = if title.is_empty() { "the event".to_string() } else { format!("\"{title}\"") };
    if event.get("RRULE").is_some() {
        return Err(format!("{what} repeats (RRULE); mpplan imports single events: export its dates one by one"));
    }
    let timed = |when: When| match when {
        When::London(at) => Ok(at),
        When::Day(_) => Err(format!("{what} is an all-day event; a proposal needs a start and an end time")),
    };
    let start = timed(ics_read::when(event.get("DTSTART").ok_or_else(|| format!("{what} has no start (DTSTART)"))?)?)?;
    let end = match (event.get("DTEND"), event.get("DURATION")) {
        (Some(end), _) => timed(ics_read::when(end)?)?,
        (None, Some(length)) => {
            start.checked_add_signed(ics_read::duration(length)?).ok_or_else(|| format!("{what} ends out of range"))?
        }
        (None, None) => return Err(format!("{what} has no end (DTEND or DURATION)")),
    };
    validate_slot(start, end).map_err(|e| e.to_string())?;
    let uid = match event.get("UID").map(|p| p.value.trim()) {
        Some(uid) if !uid.is_empty() => uid.to_string(),
        _ => derived_uid(&[&title, &place, &wall(start), &wall(end)]),
    };
    let kind = kind(&title);
    let proposal = NewProposal {
        constituency_code: code.to_string(),
        title,
        kind,
        place,
        start,
        end,
        all_day: false,
        fold: Default::default(),
        attendees: None,
    };
    Field::EventUid.check(&uid).map_err(|e| e.to_string())?;
    Ok(EventProposal { line: event.line, uid, proposal })
}

/// Meeting, unless the summary says visit, event or surgery.
fn kind(summary: &str) -> ProposalKind {
    let folded = fold(summary);
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).collect();
    let says = |forms: &[&str]| words.iter().any(|w| forms.contains(w));
    if says(&["visit", "visits"]) {
        ProposalKind::Visit
    } else if says(&["surgery", "surgeries"]) {
        ProposalKind::Surgery
    } else if says(&["event", "events"]) {
        ProposalKind::Event
    } else {
        ProposalKind::Meeting
    }
}

fn wall(t: NaiveDateTime) -> String {
    t.format(crate::domain::engagement::proposal::TIME_FORMAT).to_string()
}

/// A UID made from an event's content, the same every time (FNV-1a, which never changes, unlike
/// the standard library's hasher).
fn derived_uid(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in parts.join("\u{1f}").bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}@derived.mpplan")
}

/// Adds the event, or recognises it: by the UID it was imported with, or as a proposal made in
/// mpplan and exported (its UID is the proposal's UUID at "mpplan").
fn action(event: EventProposal, code: &str, known: &[Known]) -> Result<EventAction, String> {
    let uuid = event.uid.strip_suffix("@mpplan");
    let found = known
        .iter()
        .find(|k| k.ics_uid.as_deref() == Some(event.uid.as_str()) || uuid == Some(k.proposal.uuid.as_str()));
    let Some(Known { proposal: before, .. }) = found else {
        return Ok(EventAction::Add(event));
    };
    if before.constituency_code != code {
        return Err(format!(
            "\"{}\" was imported before as a proposal for {}; give --mp {} to update it",
            event.proposal.title, before.constituency, before.constituency_code
        ));
    }
    let new = &event.proposal;
    let same_title = new.title == before.title || (before.title.is_empty() && new.title == before.label());
    if same_title && new.place == before.place && new.start == before.start && new.end == before.end {
        return Ok(EventAction::Unchanged { before: before.clone() });
    }
    let mut event = event;
    event.proposal.kind = before.kind;
    Ok(EventAction::Update { before: before.clone(), event })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::engagement::press::Press;
    use crate::domain::engagement::proposal::{ProposalStatus, TIME_FORMAT};

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, TIME_FORMAT).unwrap()
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
        let again = super::plan("f", &text, "E14001323", &[]).unwrap();
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
        assert!(matches!(
            plan("f", &relabelled, "E14001323", &[untitled]).unwrap().actions[0],
            EventAction::Update { .. }
        ));
        let elsewhere =
            plan("f", &text, "E14001350", &[stored(Some("visit-1@example.org"), "E14001323", "Ward visit")]);
        let err = elsewhere.unwrap_err().to_string();
        assert!(err.contains("line 3: \"Ward visit\" was imported before as a proposal for Leeds South"), "{err}");
    }

    #[test]
    fn bad_events_are_listed() {
        let text = calendar(&format!(
            "{VISIT}{VISIT}BEGIN:VEVENT\nSUMMARY:Day out\nDTSTART;VALUE=DATE:20270108\nEND:VEVENT\n\
             BEGIN:VEVENT\nSUMMARY:Gap\nDTSTART:20270328T013000\nDTEND:20270328T030000\nEND:VEVENT\n\
             BEGIN:VEVENT\nSUMMARY:Backwards\nDTSTART:20270108T100000\nDTEND:20270108T090000\nEND:VEVENT\n\
             BEGIN:VEVENT\nSUMMARY:Marathon\nDTSTART:20270108T100000\nDTEND:20270110T090000\nEND:VEVENT\n\
             BEGIN:VEVENT\nSUMMARY:Weekly\nRRULE:FREQ=WEEKLY\nDTSTART:20270108T100000\nEND:VEVENT\n\
             BEGIN:VEVENT\nSUMMARY:Open ended\nDTSTART:20270108T100000\nEND:VEVENT\n"
        ));
        let err = plan("f", &text, "E14001323", &[]).unwrap_err().to_string();
        for expected in [
            "line 10: the event visit-1@example.org is listed again (first on line 3)",
            "line 17: \"Day out\" is an all-day event",
            "line 21: its DTSTART \"20270328T013000\" does not exist",
            "line 26: the end (2027-01-08 09:00) is not after the start",
            "line 31: the slot from 2027-01-08 10:00 to 2027-01-10 09:00 lasts longer than 24 hours",
            "line 36: \"Weekly\" repeats (RRULE)",
            "line 41: \"Open ended\" has no end",
        ] {
            assert!(err.contains(expected), "{expected}\n{err}");
        }
        let nothing = calendar("BEGIN:VEVENT\nSTATUS:CANCELLED\nEND:VEVENT\n");
        assert!(plan("f", &nothing, "E14001323", &[]).unwrap_err().to_string().contains("has no events to import"));
    }

    proptest::proptest! {
        #[test]
        fn planning_never_panics(body in "[A-Z0-9a-z:;=,/ \n-]{0,300}") {
            let text = calendar(&format!("BEGIN:VEVENT\n{body}\nEND:VEVENT\n"));
            let _ = plan("f", &text, "E14001323", &[stored(Some("x"), "E14001323", "")]);
        }
    }
}
