//! `update`: what an input does to the state, and what the loop should then do (write, load,
//! quit). No I/O happens here, so every action is tested without a terminal or a database.

mod detail;
pub mod form;
mod mps;
mod outcome;
mod palette;
pub mod search;
mod status;
mod sync;
mod today;
mod week;
pub mod week_nav;

pub use outcome::{NotSaved, Outcome, keep_in_range, outcome};

use chrono::NaiveDate;

use super::action::{Action, Input};
use super::app::{App, Landing, Screen, WeekPane};
use super::change::Change;
use super::overlay::Overlay;
use super::palette::{Palette, Request};
use crate::domain::engagement::proposal::Proposal;
use crate::shared::transfer::Plan;

/// What the loop does after an update.
// One command per key press, carried straight to the loop: boxing the large variant buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Write a change (it joins the undo history).
    Apply(Change),
    Undo,
    Redo,
    /// Read the MP detail for a seat.
    LoadDetail(String),
    /// Read the proposals of the week starting on this Monday.
    LoadWeek(NaiveDate),
    /// Look a postcode up.
    LookupPostcode(String),
    /// Search proposals and contacts for `text`, within a seat or across every MP.
    Search {
        text: String,
        within: Option<String>,
    },
    /// Write a document for the MP of a seat to a new file.
    Write(Document, String),
    /// Carry out a command from the palette: write an export, or read a file to import and show
    /// its preview.
    Transfer(Request),
    /// Apply an import whose preview the user accepted. It does not join the undo history.
    Import(Box<Plan>),
    Quit,
    /// Read the organisation's details and sites, to edit them in a form.
    LoadOrganisation,
    /// Read which days of the month from this first day hold proposals, for the month overview.
    LoadMonth(NaiveDate),
    /// Sync the shared plan now, in the background.
    SyncNow,
}

/// Paperwork the loop puts together from the store and writes to a new file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// The first-contact letter.
    Letter,
    /// The brief for a meeting or visit.
    Brief,
    /// The calendar invitation to the proposal with this id, or its cancellation.
    Invite(i64),
}

impl Document {
    /// "letter", "brief" or "invitation": the start of the file's name.
    pub fn name(self) -> &'static str {
        match self {
            Document::Letter => "letter",
            Document::Brief => "brief",
            Document::Invite(_) => "invitation",
        }
    }

    /// The file's extension: Markdown for paperwork, iCalendar for an invitation.
    pub fn extension(self) -> &'static str {
        match self {
            Document::Letter | Document::Brief => "md",
            Document::Invite(_) => "ics",
        }
    }
}

/// Applies one input to the state.
pub fn update(app: &mut App, input: Input) -> Vec<Command> {
    if input == Input::Action(Action::ForceQuit) {
        app.quit = true;
        return vec![Command::Quit];
    }
    match app.overlay {
        Overlay::Confirm(_) => return confirm(app, input),
        Overlay::Help(_) => return help(app, input),
        Overlay::Palette(_) => return palette::handle(app, input),
        Overlay::Form(_) => return form::handle(app, input),
        Overlay::GoTo(_) => return week_nav::go_to(app, input),
        Overlay::Month(_) => return week_nav::month(app, input),
        Overlay::Search(_) => return search::handle(app, input),
        Overlay::None => {}
    }
    if app.typing() {
        return match app.screen {
            Screen::Mps => mps::handle(app, input),
            Screen::Detail => detail::handle(app, input),
            _ => Vec::new(),
        };
    }
    let Input::Action(action) = input else { return Vec::new() };
    if let Some(commands) = global(app, action) {
        return commands;
    }
    match app.screen {
        Screen::Today => today::handle(app, action),
        Screen::Mps => mps::handle(app, input),
        Screen::Detail => detail::handle(app, input),
        Screen::Week => week::handle(app, action),
    }
}

/// The question on top: yes applies its change, no closes it; other keys wait for an answer.
fn confirm(app: &mut App, input: Input) -> Vec<Command> {
    match input {
        Input::Action(Action::Yes) => match std::mem::take(&mut app.overlay) {
            Overlay::Confirm(confirm) => vec![Command::Apply(confirm.change)],
            other => {
                app.overlay = other;
                Vec::new()
            }
        },
        Input::Action(Action::No) => {
            app.overlay.close();
            app.info("Nothing changed.");
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The help on top: it scrolls, and closes with the key that opened it.
fn help(app: &mut App, input: Input) -> Vec<Command> {
    if let Overlay::Help(scroll) = &mut app.overlay {
        match input {
            Input::Action(Action::Help) => app.overlay.close(),
            Input::Action(Action::Down) => *scroll += 1,
            Input::Action(Action::Up) => *scroll = scroll.saturating_sub(1),
            _ => {}
        }
    }
    Vec::new()
}

/// Actions that mean the same on every screen; `None` when the action is the screen's to handle.
fn global(app: &mut App, action: Action) -> Option<Vec<Command>> {
    let commands = match action {
        Action::Quit => {
            app.quit = true;
            vec![Command::Quit]
        }
        Action::Help => {
            app.overlay = Overlay::Help(0);
            Vec::new()
        }
        Action::Undo => vec![Command::Undo],
        Action::Redo => vec![Command::Redo],
        Action::Palette => {
            app.overlay = Overlay::Palette(Palette::prompt(""));
            Vec::new()
        }
        Action::NextScreen | Action::PrevScreen => {
            let i = Screen::ALL.iter().position(|s| *s == app.screen).unwrap_or(0);
            let n = Screen::ALL.len();
            let next = if action == Action::NextScreen { (i + 1) % n } else { (i + n - 1) % n };
            switch(app, Screen::ALL[next])
        }
        Action::ScreenToday => switch(app, Screen::Today),
        Action::ScreenMps => switch(app, Screen::Mps),
        Action::ScreenDetail => switch(app, Screen::Detail),
        Action::ScreenWeek => switch(app, Screen::Week),
        Action::Organisation => vec![Command::LoadOrganisation],
        _ => return None,
    };
    Some(commands)
}

/// Shows a screen, loading what it needs. The detail screen opens the MP selected on the MPs
/// screen when none is open yet.
pub fn switch(app: &mut App, screen: Screen) -> Vec<Command> {
    app.screen = screen;
    match screen {
        Screen::Detail if app.detail.code.is_none() => match app.selected_mp().map(|m| m.constituency_code.clone()) {
            Some(code) => open_detail(app, code),
            None => Vec::new(),
        },
        Screen::Week => vec![Command::LoadWeek(app.week.monday)],
        _ => Vec::new(),
    }
}

/// Opens the detail screen on a seat.
pub fn open_detail(app: &mut App, code: String) -> Vec<Command> {
    if app.detail.code.as_deref() != Some(code.as_str()) {
        app.detail.selected = 0;
        app.detail.note = None;
        app.detail.log = None;
        app.detail.proposals = None;
        app.detail.landing = Some(Landing::NextStep);
    }
    app.detail.code = Some(code.clone());
    app.screen = Screen::Detail;
    vec![Command::LoadDetail(code)]
}

/// Shows a proposal on its week, selected once the week is read.
pub fn show_on_week(app: &mut App, proposal: &Proposal) -> Vec<Command> {
    app.week = WeekPane { to_proposal: Some(proposal.id), ..WeekPane::of(proposal.start.date()) };
    app.screen = Screen::Week;
    vec![Command::LoadWeek(app.week.monday)]
}

/// Moves a selection in a list of `len` items.
pub fn step(selected: usize, len: usize, action: Action) -> usize {
    if len == 0 {
        return 0;
    }
    let last = len - 1;
    match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (selected + 1).min(last),
        Action::PageUp => selected.saturating_sub(10),
        Action::PageDown => (selected + 10).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => selected.min(last),
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod paperwork_tests;
