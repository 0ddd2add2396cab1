//! A small, fixed world for UI tests: the real calendar, a handful of MPs, a fixed "today".

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::app::{App, Data, DetailData, Screen, mp_rows};
use super::keymap::Keymap;
use super::theme::Theme;
use crate::domain::calendar::{CalendarData, ProposalKind};
use crate::domain::engagement::agenda::{Agenda, agenda};
use crate::domain::engagement::checklist::{Entry, ITEMS, ItemState, Progress};
use crate::domain::engagement::contact::{Direction, Interaction, InteractionKind};
use crate::domain::engagement::facts::{EngagementFacts, EngagementRecord};
use crate::domain::engagement::followups::FollowUpSettings;
use crate::domain::engagement::press::{Press, PressPlan};
use crate::domain::engagement::proposal::{Proposal, ProposalStatus, TIME_FORMAT};
use crate::domain::views::{AreaMatch, EngagementInfo, Links, MpCard, MpSummary, PostcodeLookup};

pub fn d(text: &str) -> NaiveDate {
    text.parse().expect("fixture date")
}

pub fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, TIME_FORMAT).expect("fixture time")
}

/// Draws the app at `width`×`height` and returns the screen as text, one line per row.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    rows(app, width, height).into_iter().map(|(_, row)| row + "\n").collect()
}

/// [`screen`] with a mark in a column of its own before each row drawn as selected (reversed), so
/// that snapshots show the selection: "▶" there, a space elsewhere.
pub fn screen_marking_selection(app: &App, width: u16, height: u16) -> String {
    rows(app, width, height)
        .into_iter()
        .map(|(selected, row)| format!("{}{row}\n", if selected { '▶' } else { ' ' }))
        .collect()
}

/// Each row drawn, without the spaces at its end, and whether any of it is drawn reversed.
fn rows(app: &App, width: u16, height: u16) -> Vec<(bool, String)> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal.draw(|frame| super::view::render(app, frame)).expect("draw");
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            let cells = || (0..buffer.area.width).map(|x| &buffer[(x, y)]);
            let selected = cells().any(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED));
            (selected, cells().map(|c| c.symbol()).collect::<String>().trim_end().to_string())
        })
        .collect()
}

/// Tuesday 24 November 2026.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid date")
}

pub fn mp(code: &str, constituency: &str, name: &str, party: &str, tracked: bool) -> MpSummary {
    MpSummary {
        constituency_code: code.into(),
        constituency: constituency.into(),
        country: "England".into(),
        region: "Yorkshire and The Humber".into(),
        name: name.into(),
        party: party.into(),
        email: format!("{}@parliament.uk", name.to_lowercase().replace(' ', ".")),
        member_id: Some(1),
        tracked,
        progress: tracked.then(|| Progress::of([])),
    }
}

pub fn data(mps: Vec<MpSummary>) -> Data {
    Data {
        mps: mp_rows(mps),
        calendar: calendar(),
        detail: None,
        week: Vec::new(),
        busy: Vec::new(),
        agenda: fixture_agenda(&[], &[]),
    }
}

/// The agenda for [`today`] of these engagements and proposals, with the shipped calendar.
fn fixture_agenda(facts: &[EngagementFacts], proposals: &[Proposal]) -> Agenda {
    agenda(today(), facts, proposals, &calendar(), &FollowUpSettings::default())
}

/// A logged contact with the fixture's Leeds South.
pub fn contact(id: i64, kind: InteractionKind, direction: Direction, on: &str, summary: &str) -> Interaction {
    Interaction {
        id,
        uuid: format!("00000000-0000-4000-9000-{id:012}"),
        kind,
        direction,
        on: d(on),
        summary: summary.into(),
        mp_name: "Hilary Benn".into(),
    }
}

/// The shipped calendar, parsed once for all tests.
pub fn calendar() -> CalendarData {
    static CALENDAR: std::sync::OnceLock<CalendarData> = std::sync::OnceLock::new();
    CALENDAR.get_or_init(|| CalendarData::from_dataset(&crate::data::shipped().expect("shipped data parses"))).clone()
}

pub fn leeds() -> Vec<MpSummary> {
    vec![
        mp("E14001323", "Leeds South", "Hilary Benn", "Labour", true),
        mp("E14001319", "Leeds Central and Headingley", "Alex Sobel", "Labour (Co-op)", false),
        mp("E14001320", "Leeds East", "Richard Burgon", "Labour", false),
        mp("W07000110", "Ynys Môn", "Llinos Medi", "Plaid Cymru", false),
    ]
}

/// An app with the Leeds MPs (Leeds South tracked), on the Today screen, without colour.
pub fn app() -> App {
    App::new(data(leeds()), today(), Keymap::default(), Theme::plain())
}

/// A proposal for the fixture's MPs.
pub fn proposal(id: i64, code: &str, start: &str, minutes: i64, kind: ProposalKind) -> Proposal {
    let start = at(start);
    let seats = [leeds(), vec![mp("E14001063", "Bath", "Wera Hobhouse", "Liberal Democrat", false)]].concat();
    let mp = seats.iter().find(|m| m.constituency_code == code).expect("fixture MP");
    Proposal {
        id,
        uuid: format!("00000000-0000-4000-8000-{id:012}"),
        constituency_code: code.into(),
        constituency: mp.constituency.as_str().into(),
        mp: mp.name.as_str().into(),
        title: String::new(),
        kind,
        place: "St James's".into(),
        start,
        end: start + TimeDelta::minutes(minutes),
        all_day: false,
        fold: Default::default(),
        attendees: Some(3),
        status: ProposalStatus::Proposed,
        press: Default::default(),
    }
}

/// [`busy_app`] on Today with an item of every kind: Leeds South gone quiet as well (its cadence
/// passed), and its briefing for the visit snoozed until Thursday.
pub fn busy_app_every_kind() -> App {
    use crate::domain::engagement::agenda::SnoozedFollowUp;
    use crate::domain::engagement::followups::{CADENCE_RULE, FollowUp};
    let mut app = busy_app();
    app.screen = Screen::Today;
    let overdue = app.data.agenda.follow_ups_overdue[0].clone();
    let quiet = FollowUp {
        id: format!("{CADENCE_RULE}.E14001323"),
        rule: CADENCE_RULE,
        step: None,
        title: "Get back in touch",
        contact: Some(InteractionKind::Email),
        reason: "No contact for 100 days, longer than the 90-day cadence: get back in touch".into(),
        ..overdue.clone()
    };
    let brief = FollowUp {
        id: "brief_everyone.E14001323.1".into(),
        rule: "brief_everyone",
        step: Some("4.2"),
        title: "Brief everyone taking part",
        contact: None,
        proposal: Some(1),
        reason: "Visit with Hilary Benn on Friday 27 November 2026: brief everyone taking part".into(),
        due: d("2026-11-24"),
        ..overdue
    };
    app.data.agenda.gone_quiet.push(quiet);
    app.data.agenda.snoozed.push(SnoozedFollowUp { follow_up: brief, snoozed_until: d("2026-11-26") });
    app
}

/// The fixture app with Leeds South open in the detail screen (two steps done, one skipped, a
/// note; a letter logged ten days ago and no call since; topics and background noted), proposals
/// this week and next (one with press agreed), the week loaded and the agenda built from it all.
pub fn busy_app() -> App {
    let mut app = app();
    let mut checklist: Vec<Entry> = ITEMS
        .iter()
        .map(|i| Entry { key: i.key.into(), state: ItemState::Todo, done_on: None, note: String::new() })
        .collect();
    checklist[0] = Entry {
        state: ItemState::Done,
        done_on: Some(today()),
        note: "From the postcode LS9 7TF".into(),
        ..checklist[0].clone()
    };
    checklist[1].state = ItemState::Skipped;
    checklist[2] = Entry { state: ItemState::Done, done_on: Some(today()), ..checklist[2].clone() };
    let mut visit = proposal(1, "E14001323", "2026-11-27 10:00", 90, ProposalKind::Visit);
    visit.press = Press { plan: PressPlan::Agreed, draft_shared_on: Some(d("2026-11-20")), ..Default::default() };
    let proposals = vec![
        proposal(3, "E14001320", "2026-11-26 18:00", 60, ProposalKind::Event),
        visit,
        proposal(2, "E14001323", "2026-12-01 10:00", 60, ProposalKind::Meeting),
    ];
    let interactions = vec![
        contact(2, InteractionKind::Email, Direction::FromMp, "2026-11-18", "Diary secretary: write with dates"),
        contact(1, InteractionKind::Letter, Direction::ToMp, "2026-11-14", "First letter: waiting lists"),
    ];
    let mut progress_data = app.data.mps[0].mp.clone();
    progress_data.progress = Some(Progress::of(checklist.iter().map(|e| (&*e.key, e.state))));
    app.data.mps[0].mp = progress_data.clone();
    let card = MpCard {
        summary: progress_data,
        full_title: "Rt Hon Hilary Benn MP".into(),
        salutation: None,
        twfy_person_id: None,
        seat_held_since: None,
        held_since_2024_general_election: false,
        ge2024_result: "Lab hold".into(),
        local_authorities: "Leeds".into(),
        links: Links::new("https://members.parliament.uk/member/413", "", "", "", ""),
        history: Vec::new(),
        changes: Vec::new(),
        profile: Default::default(),
    };
    let (leeds_south, nearby): (Vec<Proposal>, Vec<Proposal>) =
        proposals.iter().cloned().partition(|p| p.constituency_code == "E14001323");
    let facts = EngagementFacts {
        started_on: d("2026-11-02"),
        checklist: checklist.clone(),
        ..crate::domain::engagement::fixtures::facts()
    };
    let record = EngagementRecord::new(
        facts,
        interactions.clone(),
        leeds_south.clone(),
        today(),
        crate::domain::engagement::followups::ahead_days(),
    );
    app.data.agenda = fixture_agenda(&[record.facts], &proposals);
    let engagement = EngagementInfo {
        tracked: true,
        topics: "Waiting lists\nThe new diagnostic centre".into(),
        cadence_days: 90,
        office_address: String::new(),
        background: "Interested in mental health services and hospital discharge".into(),
        notes: String::new(),
        started_on: Some(d("2026-11-02")),
    };
    app.detail.code = Some("E14001323".into());
    app.data.detail = Some(DetailData {
        card,
        checklist,
        proposals: leeds_south,
        nearby,
        interactions,
        engagement: Some(engagement),
        others: Default::default(),
        conflicts: Vec::new(),
    });
    app.data.week = proposals
        .iter()
        .filter(|p| p.start.date() <= NaiveDate::from_ymd_opt(2026, 11, 29).expect("date"))
        .cloned()
        .collect();
    app.data.busy = proposals.iter().map(|p| (p.start, p.end)).collect();
    app
}

/// A visit with Leeds South (Hilary Benn) starting at `start`, lasting `minutes`.
pub fn visit(id: i64, start: &str, minutes: i64) -> Proposal {
    proposal(id, "E14001323", start, minutes, ProposalKind::Visit)
}

/// The app on the week screen of 3 March 2025 ("today" Tuesday 4 March, a sitting day), with a
/// visit on the Tuesday (a conflict) and one on the Saturday (clear).
pub fn week_app() -> App {
    let week = vec![visit(1, "2025-03-04 10:00", 60), visit(2, "2025-03-08 10:00", 90)];
    let mut data = data(vec![
        mp("E14001323", "Leeds South", "Hilary Benn", "Labour", true),
        mp("E14001320", "Leeds East", "Richard Burgon", "Labour", false),
        mp("E14001319", "Leeds Central and Headingley", "Alex Sobel", "Labour", false),
        mp("E14001063", "Bath", "Wera Hobhouse", "Liberal Democrat", false),
    ]);
    data.busy = week.iter().map(|p| (p.start, p.end)).collect();
    data.week = week;
    let mut app = App::new(data, d("2025-03-04"), Keymap::default(), Theme::plain());
    app.screen = Screen::Week;
    app
}

/// One seat a postcode area lies in, with the share of its postcodes.
pub fn area(code: &str, name: &str, share: f64) -> AreaMatch {
    AreaMatch {
        constituency_code: code.into(),
        constituency: name.into(),
        share,
        postcode_count: 1,
        rank: 1,
        mp: String::new(),
        party: String::new(),
        member_id: None,
    }
}

/// What looking up LS9 7TF finds: the seats `matches`.
pub fn ls9_lookup(matches: Vec<AreaMatch>) -> PostcodeLookup {
    PostcodeLookup {
        postcode: "LS9 7TF".into(),
        level: "postcode",
        area: "LS9 7".into(),
        northern_ireland: false,
        matches,
        choices: Vec::new(),
    }
}
