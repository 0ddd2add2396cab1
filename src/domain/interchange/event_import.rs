//! Proposals from a calendar file: each event (each time of a repeating one, within a window) with
//! a start and an end becomes a proposal for one MP: the one given, or the one the event names
//! itself (X-MPPLAN-SEAT, in mpplan's own export). An event keeps its identity (its UID; one
//! without gets a stable UID made from its content; a time of a repeating event adds its original
//! start), so importing the same file again recognises the events already imported and updates
//! them instead of adding them twice. STATUS sets the proposal's status, on the first import and
//! on the next: an event cancelled at the source cancels the proposal imported from it. An event
//! that cannot be imported is listed with its line and the rest come in, unless the import is
//! strict.

use std::collections::HashMap;

use chrono::{NaiveDateTime, TimeDelta};

use crate::domain::calendar::{CalendarData, DEFAULT_HOURS, Flag, ProposalKind};
use crate::domain::engagement::press::PressPlan;
use crate::domain::engagement::proposal::{NewProposal, Proposal, ProposalStatus};
use crate::domain::interchange::event_read::{self, Occurrence, Timed, Window};
use crate::domain::interchange::ics_read::{self, Event, When};
use crate::domain::interchange::ics_zone::Zones;
use crate::domain::interchange::import_file::{BadLine, ImportError, plural};
use crate::domain::limits::{Field, check_all};
use crate::domain::text::{fold, printable};
use crate::domain::when::{Fold, MAX_SLOT_HOURS, WhenError, day_span, london_reading, validate_slot};

/// An event read as a proposal.
#[derive(Debug, Clone, PartialEq)]
pub struct EventProposal {
    /// The line of its BEGIN:VEVENT.
    pub line: usize,
    /// Its identity, kept in the proposal's `ics_uid`.
    pub uid: String,
    pub proposal: NewProposal,
    /// The status to set, when it is to change (a new proposal without one stays proposed).
    pub status: Option<ProposalStatus>,
    /// The press plan to set, when the event gives one (X-MPPLAN-PRESS).
    pub press: Option<PressPlan>,
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
    /// An event imported before whose title, place, times or status have changed; its kind,
    /// attendees and press plan are kept unless the event gives them.
    Update {
        before: Proposal,
        event: EventProposal,
    },
    /// An event imported before and cancelled since at the source.
    Cancel {
        before: Proposal,
    },
    Unchanged {
        before: Proposal,
    },
}

impl EventAction {
    /// The seat the action is for.
    fn seat(&self) -> &str {
        match self {
            EventAction::Add(e) | EventAction::Update { event: e, .. } => &e.proposal.constituency_code,
            EventAction::Cancel { before } | EventAction::Unchanged { before } => &before.constituency_code,
        }
    }
}

/// How to import a calendar file of events.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// The seat given (`--mp`), for the events that do not name their own.
    pub seat: Option<&'a str>,
    /// Every seat: its code and how it is described ("Leeds South (Hilary Benn)").
    pub seats: &'a HashMap<String, String>,
    /// The days whose times of repeating events are imported.
    pub window: Window,
    /// Refuse the whole file if any event cannot be imported.
    pub strict: bool,
}

/// What importing a calendar file of events would do.
#[derive(Debug, Clone, PartialEq)]
pub struct EventPlan {
    pub actions: Vec<EventAction>,
    /// Events not imported: cancelled ones never imported before.
    pub left_out: Vec<String>,
    /// Events that cannot be imported, with their line and why.
    pub skipped: Vec<BadLine>,
    /// What the preview should say besides: repeating events cut short.
    pub notes: Vec<String>,
    /// The window repeating events were expanded in, when any event repeats.
    pub window: Option<Window>,
    /// How each seat acted on is described.
    pub seats: Vec<(String, String)>,
}

impl EventPlan {
    pub fn count(&self, pick: fn(&EventAction) -> bool) -> usize {
        self.actions.iter().filter(|a| pick(a)).count()
    }

    /// How many events are to be added and how many updated.
    pub fn adds_and_updates(&self) -> (usize, usize) {
        (self.count(|a| matches!(a, EventAction::Add(_))), self.count(|a| matches!(a, EventAction::Update { .. })))
    }

    pub fn cancels(&self) -> usize {
        self.count(|a| matches!(a, EventAction::Cancel { .. }))
    }

    /// Whether applying the plan changes anything.
    pub fn changes_anything(&self) -> bool {
        self.adds_and_updates() != (0, 0) || self.cancels() > 0
    }

    /// The seats the plan changes something for, in order.
    pub fn changed_seats(&self) -> Vec<&str> {
        let mut seats: Vec<&str> = Vec::new();
        for action in &self.actions {
            if !matches!(action, EventAction::Unchanged { .. }) && !seats.contains(&action.seat()) {
                seats.push(action.seat());
            }
        }
        seats
    }

    /// The preview: the window used, then for each MP ("For Leeds South (Hilary Benn):" when the
    /// file goes to more than one, or names its own) each event with what will happen to it
    /// (flagged against `cal`), the events left out and skipped, and a count.
    pub fn lines(&self, cal: &CalendarData, given: Option<&str>) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(window) = self.window {
            lines.push(format!(
                "Repeating events are imported from {} (change it with --from and --until).",
                window.text()
            ));
        }
        let by_seat = self.seats.len() > 1 || self.seats.iter().any(|(code, _)| Some(code.as_str()) != given);
        for (code, described) in &self.seats {
            if by_seat {
                lines.push(format!("For {described}:"));
            }
            for action in self.actions.iter().filter(|a| a.seat() == code) {
                lines.extend(action_lines(action, cal));
            }
        }
        lines.extend(self.left_out.iter().map(|l| format!("  Left out: {l}")));
        lines.extend(self.skipped.iter().map(|b| format!("  Skipped: line {}: {}", b.line, b.reason)));
        lines.extend(self.notes.iter().map(|n| format!("  Note: {n}")));
        let (adds, updates) = self.adds_and_updates();
        let cancels = self.cancels();
        let same = self.actions.len() - adds - updates - cancels;
        let mut count = match adds + updates + cancels {
            0 => format!(
                "No changes: the {} already imported as {}.",
                plural(same, "event is", "events are"),
                if same == 1 { "it is" } else { "they are" }
            ),
            _ if cancels > 0 => {
                format!("{adds} to add, {updates} to update, {cancels} to cancel, {same} already imported.")
            }
            _ => format!("{adds} to add, {updates} to update, {same} already imported."),
        };
        if !self.skipped.is_empty() {
            count.push_str(&format!(
                " {} skipped (listed above); with --strict the file is refused instead.",
                plural(self.skipped.len(), "event is", "events are")
            ));
        }
        lines.push(count);
        lines
    }
}

fn action_lines(action: &EventAction, cal: &CalendarData) -> Vec<String> {
    match action {
        EventAction::Add(event) => event_lines("Add", event, cal),
        EventAction::Update { before, event } => {
            let mut shown = event_lines(&format!("Update #{}", before.id), event, cal);
            let mut was = format!("    (was {}, {}", before.label(), before.when_text());
            if let Some(status) = event.status.filter(|s| *s != before.status) {
                was.push_str(&format!("; {} → {status}", before.status));
            }
            shown.push(was + ")");
            shown
        }
        EventAction::Cancel { before } => vec![format!(
            "  Cancel #{}: {}, {} (cancelled in the calendar)",
            before.id,
            before.label(),
            before.when_text()
        )],
        EventAction::Unchanged { before } => {
            vec![format!("  Already imported: #{} {}, {}", before.id, before.label(), before.when_text())]
        }
    }
}

/// "  Add: Fri 8 Jan 2027 10:00–11:30, visit: Ward visit at Main hospital (✓ clear)", and the
/// reason on a second line when the slot is not clear.
fn event_lines(verb: &str, event: &EventProposal, cal: &CalendarData) -> Vec<String> {
    let p = &event.proposal;
    let title = if p.title.is_empty() { "(no title)" } else { p.title.as_str() };
    let place = if p.place.is_empty() { String::new() } else { format!(" at {}", p.place) };
    let status = match event.status {
        Some(s) if s != ProposalStatus::Proposed && verb == "Add" => format!(", {s}"),
        _ => String::new(),
    };
    let flag = cal.classify_span(p.start, p.end, p.all_day, p.kind, &DEFAULT_HOURS);
    let mut lines = vec![format!("  {verb}: {}, {}: {title}{place}{status} ({})", p.when_text(), p.kind, flag.label())];
    if flag.flag != Flag::Clear {
        lines.push(format!("    {}", flag.reason()));
    }
    lines
}

/// Reads the events of `text` as proposals and compares them with the proposals already stored.
/// A file that is not a calendar, or is cut short, is refused whole; so is one with any bad event
/// when `options.strict`, or one with nothing to import.
pub fn plan(file: &str, text: &str, options: &Options<'_>, known: &[Known]) -> Result<EventPlan, ImportError> {
    let calendar = ics_read::read(file, text)?;
    if let Some(line) = calendar.unclosed {
        return Err(ics_read::cut_short(file, "VCALENDAR", line));
    }
    let zones = Zones::of(&calendar);
    let read = event_read::occurrences(&calendar, &zones, options.window);
    let mut skipped: Vec<BadLine> = read.bad.iter().map(|(line, why)| BadLine::new(*line, why.clone())).collect();
    let mut left_out = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut actions = Vec::new();
    for item in &read.items {
        match planned(item, options, known, &mut seen) {
            Ok(Some(action)) => actions.push(action),
            Ok(None) => left_out.push(format!("\"{}\" (cancelled)", item.event.one_line("SUMMARY"))),
            Err(reason) => skipped.push(BadLine::new(item.line, reason)),
        }
    }
    if !skipped.is_empty() && (options.strict || actions.is_empty()) {
        return Err(ImportError::bad_lines(file, skipped));
    }
    if actions.is_empty() {
        let within = if read.repeats { format!(" from {}", options.window.text()) } else { String::new() };
        let why = read.notes.first().map(|n| format!(" ({n})")).unwrap_or_default();
        return Err(ImportError::format(file, format!("has no events to import{within}{why}")));
    }
    skipped.sort_by_key(|b| b.line);
    let mut seats: Vec<(String, String)> = Vec::new();
    for action in &actions {
        if !seats.iter().any(|(code, _)| code == action.seat()) {
            let code = action.seat().to_string();
            let described = options.seats.get(&code).cloned().unwrap_or_else(|| code.clone());
            seats.push((code, described));
        }
    }
    let window = read.repeats.then_some(options.window);
    Ok(EventPlan { actions, left_out, skipped, notes: read.notes, window, seats })
}

/// What to do with one event: None when it is cancelled and was never imported.
fn planned(
    item: &Occurrence<'_>,
    options: &Options<'_>,
    known: &[Known],
    seen: &mut HashMap<String, usize>,
) -> Result<Option<EventAction>, String> {
    let event = item.event;
    let status = status(event)?;
    // mpplan's own export says what the proposal is (X-MPPLAN-STATUS), cancelled or not.
    let own = event.get("X-MPPLAN-STATUS").is_some();
    let cancelled = status == Some(ProposalStatus::Cancelled) && !own;
    let Some(uid) = item.id.clone() else {
        return match (&item.times, cancelled) {
            (_, true) => Ok(None),
            (Err(why), false) => Err(why.clone()),
            (Ok(_), false) => Err("the event has no UID".into()),
        };
    };
    Field::EventUid.check(&uid).map_err(|e| e.to_string())?;
    repeated(seen, &uid, item.line)?;
    let found = find(&uid, known);
    if cancelled {
        return Ok(found.map(|before| match before.status {
            ProposalStatus::Cancelled => EventAction::Unchanged { before: before.clone() },
            _ => EventAction::Cancel { before: before.clone() },
        }));
    }
    let timed = item.times.clone()?;
    let kind_given = event.get("X-MPPLAN-KIND").is_some();
    let own_seat = event.get("X-MPPLAN-SEAT").is_some();
    let code = seat(event, options)?;
    let proposal = proposal(event, &code, timed)?;
    let event = EventProposal {
        line: item.line,
        uid,
        proposal,
        status,
        press: word(event, "X-MPPLAN-PRESS", PressPlan::from_word, "none, ask, agreed, declined or mp_handles")?,
    };
    match found {
        None => Ok(Some(EventAction::Add(event))),
        Some(before) => action(event, before, own, kind_given, own_seat).map(Some),
    }
}

/// The status an event gives: X-MPPLAN-STATUS's word, or STATUS's (TENTATIVE, CONFIRMED,
/// CANCELLED); None when it gives neither.
fn status(event: &Event) -> Result<Option<ProposalStatus>, String> {
    if let Some(own) =
        word(event, "X-MPPLAN-STATUS", ProposalStatus::from_word, "proposed, confirmed, held or cancelled")?
    {
        return Ok(Some(own));
    }
    let given = event.get("STATUS").map(|s| s.value.trim().to_ascii_uppercase());
    Ok(match given.as_deref() {
        Some("TENTATIVE") => Some(ProposalStatus::Proposed),
        Some("CONFIRMED") => Some(ProposalStatus::Confirmed),
        Some("CANCELLED") => Some(ProposalStatus::Cancelled),
        _ => None,
    })
}

/// One of mpplan's own words (X-MPPLAN-KIND and the rest), when the event gives it.
fn word<T>(event: &Event, name: &str, read: fn(&str) -> Option<T>, words: &str) -> Result<Option<T>, String> {
    let Some(prop) = event.get(name) else { return Ok(None) };
    let value = prop.text();
    let value = value.trim();
    read(&value.to_ascii_lowercase().replace('-', "_"))
        .map(Some)
        .ok_or_else(|| format!("its {name} \"{}\" is not one of {words}", printable(value)))
}

/// The seat of an event: the one it names (X-MPPLAN-SEAT), or the one given.
fn seat(event: &Event, options: &Options<'_>) -> Result<String, String> {
    match event.get("X-MPPLAN-SEAT").map(|p| p.text().trim().to_uppercase()) {
        Some(code) if options.seats.contains_key(&code) => Ok(code),
        Some(code) => {
            Err(format!("its X-MPPLAN-SEAT \"{}\" is not the code of one of the 650 constituencies", printable(&code)))
        }
        None => options
            .seat
            .map(str::to_string)
            .ok_or_else(|| "it does not say which MP it is with (X-MPPLAN-SEAT): give --mp".to_string()),
    }
}

/// Refuses an identity already seen on another event of the file.
fn repeated(seen: &mut HashMap<String, usize>, uid: &str, line: usize) -> Result<(), String> {
    match seen.get(uid) {
        Some(first) => Err(format!("the event {uid} is listed again (first on line {first})")),
        None => {
            seen.insert(uid.to_string(), line);
            Ok(())
        }
    }
}

/// The proposal imported from an event (by the UID it was imported with), or made in mpplan and
/// exported (its UID is the proposal's UUID at "mpplan").
fn find<'a>(uid: &str, known: &'a [Known]) -> Option<&'a Proposal> {
    let uuid = uid.strip_suffix("@mpplan");
    known
        .iter()
        .find(|k| k.ics_uid.as_deref() == Some(uid) || uuid == Some(k.proposal.uuid.as_str()))
        .map(|k| &k.proposal)
}

fn proposal(event: &Event, code: &str, timed: Timed) -> Result<NewProposal, String> {
    let title = event.one_line("SUMMARY");
    let place = event.one_line("LOCATION");
    check_all([(Field::ProposalTitle, title.as_str()), (Field::ProposalPlace, place.as_str())])
        .map_err(|e| e.to_string())?;
    let what = if title.is_empty() { "the event".to_string() } else { format!("\"{title}\"") };
    let fold = timed.fold;
    let (start, end, all_day) = match (timed.start, timed.end) {
        (When::London(start), When::London(end)) => {
            slot_ok(start, end, fold).map_err(|e| e.to_string())?;
            (start, end, false)
        }
        (When::Day(first), When::Day(after)) => {
            if after <= first {
                return Err(format!("{what} ends ({after}) on or before the day it starts ({first})"));
            }
            let last = after.pred_opt().unwrap_or(first);
            let (start, end) = day_span(first, last).map_err(|e| e.to_string())?;
            (start, end, true)
        }
        _ => return Err(format!("{what} starts and ends in different ways (one a date, the other a time)")),
    };
    let kind =
        match word(event, "X-MPPLAN-KIND", ProposalKind::from_word, "meeting, visit, surgery, event or westminster")? {
            Some(kind) => kind,
            None => kind(&title),
        };
    let attendees = match event.get("X-MPPLAN-ATTENDEES").map(|p| p.value.trim().to_string()) {
        None => None,
        Some(n) => Some(
            n.parse::<u32>()
                .map_err(|_| format!("its X-MPPLAN-ATTENDEES \"{}\" is not a number of people", printable(&n)))?,
        ),
    };
    Ok(NewProposal { constituency_code: code.to_string(), title, kind, place, start, end, all_day, fold, attendees })
}

/// Refuses a slot that ends before it starts or lasts more than a day, each time read as `fold` says.
fn slot_ok(start: NaiveDateTime, end: NaiveDateTime, fold: Fold) -> Result<(), WhenError> {
    if fold.is_none() {
        return validate_slot(start, end).map(|_| ());
    }
    let (from, until) = (london_reading(start, fold.start)?, london_reading(end, fold.end)?);
    if until <= from {
        return Err(WhenError::EndNotAfterStart { start, end });
    }
    if until - from > TimeDelta::hours(MAX_SLOT_HOURS) {
        return Err(WhenError::TooLong { start, end });
    }
    Ok(())
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

/// An event imported before: unchanged, or updated. What the event does not give (its kind,
/// attendees, press plan, status) stays as it is; a held proposal is not put back to confirmed by
/// a calendar, which knows no "held" (mpplan's own export says "held" itself).
fn action(
    mut event: EventProposal,
    before: &Proposal,
    own: bool,
    kind_given: bool,
    own_seat: bool,
) -> Result<EventAction, String> {
    if before.constituency_code != event.proposal.constituency_code && own_seat {
        return Err(format!(
            "\"{}\" was imported before as a proposal for {}, but the event now names {} (X-MPPLAN-SEAT); move \
             the proposal in mpplan instead",
            event.proposal.title, before.constituency, event.proposal.constituency_code
        ));
    }
    if before.constituency_code != event.proposal.constituency_code {
        return Err(format!(
            "\"{}\" was imported before as a proposal for {}; give --mp {} to update it",
            event.proposal.title, before.constituency, before.constituency_code
        ));
    }
    let new = &mut event.proposal;
    if event.press.is_none() || event.press == Some(before.press.plan) {
        event.press = None;
    }
    if new.attendees.is_none() {
        new.attendees = before.attendees;
    }
    if !kind_given {
        new.kind = before.kind;
    }
    let held = before.status == ProposalStatus::Held && event.status == Some(ProposalStatus::Confirmed) && !own;
    if held || event.status == Some(before.status) {
        event.status = None;
    }
    let new = &event.proposal;
    let same_title = new.title == before.title || (before.title.is_empty() && new.title == before.label());
    let same = same_title
        && new.place == before.place
        && new.start == before.start
        && new.end == before.end
        && new.all_day == before.all_day
        && new.fold == before.fold
        && new.kind == before.kind
        && new.attendees == before.attendees;
    if same && event.status.is_none() && event.press.is_none() {
        return Ok(EventAction::Unchanged { before: before.clone() });
    }
    Ok(EventAction::Update { before: before.clone(), event })
}

#[cfg(test)]
mod tests {
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
        assert!(
            lines[0].starts_with("Repeating events are imported from Tue 24 Nov 2026 to Wed 24 Nov 2027"),
            "{lines:?}"
        );

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
             RRULE:FREQ=SECONDLY;COUNT=1000000000\nEND:VEVENT\n",
        );
        let plan = lenient(&text, Some("E14001323"), &[]).unwrap();
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
        assert!(
            lines.iter().any(|l| l.starts_with("  Cancel #7: Ward visit, Fri 8 Jan 2027 10:00–11:30")),
            "{lines:?}"
        );
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
}
