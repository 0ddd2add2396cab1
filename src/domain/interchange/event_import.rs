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
#[path = "event_import_tests.rs"]
mod tests;
