//! The one table of key bindings. It is the only place keys are named: dispatch, the footer hints
//! and the `?` help are all read from it, and config.toml can rebind any action.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Input, TextEdit};
mod config;
mod key;

pub use config::{ConfigError, Problem};
pub use key::Key;

/// Where a binding applies. Several scopes are active at once; the first that binds a key wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Everywhere, even in a form or a question.
    Always,
    /// Everywhere except while typing, in the help or answering a question.
    Global,
    /// Moving through lists, on every screen.
    Navigate,
    Today,
    Mps,
    Detail,
    /// The MP detail's proposals, when they have the focus.
    DetailProposals,
    Week,
    /// The week's month overview, picking a day.
    MonthGrid,
    /// A form with several fields (a proposal, a contact to log, an engagement's notes).
    Form,
    /// The proposal form only.
    ProposalForm,
    /// A form's field with a fixed set of values (a kind, a status), when it has the focus.
    Choice,
    /// The MPs offered under a proposal's MP field as it is typed.
    MpMatches,
    /// Any line being typed: moving the cursor and deleting (keys no other scope takes).
    Editing,
    /// A single line being typed (a filter, a note, a postcode).
    Input,
    /// The command palette's line.
    Palette,
    /// An import's preview, to apply or cancel.
    Preview,
    /// A search of proposals and contacts, its matches listed as it is typed.
    Search,
    Help,
    Confirm,
}

impl Scope {
    pub fn title(self) -> &'static str {
        match self {
            Scope::Always => "Always, even while typing",
            Scope::Global => "Everywhere",
            Scope::Navigate => "Lists",
            Scope::Today => "Today",
            Scope::Mps => "MPs",
            Scope::Detail => "MP detail",
            Scope::DetailProposals => "MP detail, its proposals showing",
            Scope::Week => "Week",
            Scope::MonthGrid => "Week's month overview",
            Scope::Form => "Forms",
            Scope::ProposalForm => "Proposal form",
            Scope::Choice => "A choice in a form (kind, status, direction, press)",
            Scope::MpMatches => "The MPs offered as the MP field is typed",
            Scope::Editing => "Editing a line being typed",
            Scope::Input => "Typing",
            Scope::Palette => "Command palette",
            Scope::Preview => "Import or update preview",
            Scope::Search => "Searching proposals and contacts",
            Scope::Help => "Help",
            Scope::Confirm => "Confirming",
        }
    }
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Binding {
    pub scope: Scope,
    pub action: Action,
    pub keys: Vec<Key>,
    /// A word or two for the footer; empty keeps the binding out of the footer (it is still in help).
    pub hint: &'static str,
    /// What it does, for the help overlay.
    pub help: &'static str,
}

fn b(scope: Scope, action: Action, keys: &[Key], hint: &'static str, help: &'static str) -> Binding {
    Binding { scope, action, keys: keys.to_vec(), hint, help }
}

/// The default bindings.
fn defaults() -> Vec<Binding> {
    use Action::{
        Add, Back, Bottom, Cancel, CancelProposal, Complete, ConfirmProposal, Contacts, Delete, Down, Edit, EditInfo,
        EditNote, Filter, ForceQuit, Left, LogContact, MarkHeld, NextField, NextScreen, NextSection, NextWeek, No,
        Open, PageDown, PageUp, Palette, Postcode, PrevField, PrevScreen, PrevSection, PrevWeek, Proposals, Quit, Redo,
        Right, ScreenDetail, ScreenMps, ScreenToday, ScreenWeek, Skip, Snooze, Submit, TakeSuggestion, ThisWeek,
        ToggleDone, ToggleTrack, Top, Undo, Unsnooze, Up, WriteBrief, WriteInvite, WriteLetter, Yes,
    };
    use KeyCode as K;
    use Scope::{
        Always, Confirm, Detail, DetailProposals, Form, Global, Input, Mps, Navigate, Preview, ProposalForm, Today,
        Week,
    };
    let k = Key::plain;
    vec![
        b(Global, Action::Help, &[Key::ch('?'), k(K::F(1))], "help", "Show or hide this help"),
        b(Global, Quit, &[Key::ch('q')], "quit", "Quit"),
        b(Always, ForceQuit, &[Key::ctrl('c')], "", "Quit at once, from anywhere (even a form)"),
        b(Global, NextScreen, &[k(K::Tab)], "", "Next screen"),
        b(Global, PrevScreen, &[k(K::BackTab)], "", "Previous screen"),
        b(Global, ScreenToday, &[Key::ch('1')], "", "Today: the daily review"),
        b(Global, ScreenMps, &[Key::ch('2')], "", "MPs: all 650, searchable"),
        b(Global, ScreenDetail, &[Key::ch('3')], "", "MP detail: the checklist of the MP last opened"),
        b(Global, ScreenWeek, &[Key::ch('4')], "", "Week: the calendar and proposals"),
        b(Global, Undo, &[Key::ch('u')], "undo", "Undo the last change"),
        b(Global, Redo, &[Key::ctrl('r')], "", "Redo what was undone"),
        b(
            Global,
            Palette,
            &[Key::ch(':')],
            "import/export",
            "Export, import, report or update; changes previewed, not undone",
        ),
        b(Navigate, Up, &[k(K::Up), Key::ch('k')], "", "Move up"),
        b(Navigate, Down, &[k(K::Down), Key::ch('j')], "", "Move down"),
        b(Navigate, PageUp, &[k(K::PageUp)], "", "Up a page"),
        b(Navigate, PageDown, &[k(K::PageDown)], "", "Down a page"),
        b(Navigate, Top, &[k(K::Home), Key::ch('g')], "", "First item"),
        b(Navigate, Bottom, &[k(K::End), Key::ch('G')], "", "Last item"),
        b(Navigate, Left, &[k(K::Left), Key::ch('h')], "", "Move left (the previous day on the week)"),
        b(Navigate, Right, &[k(K::Right), Key::ch('l')], "", "Move right (the next day on the week)"),
        b(Navigate, Open, &[k(K::Enter)], "open", "Open the selected MP"),
        b(Navigate, Back, &[k(K::Esc)], "", "Go back"),
        b(Today, Down, &[k(K::Down), Key::ch('j')], "", "Next item"),
        b(Today, Up, &[k(K::Up), Key::ch('k')], "", "Previous item"),
        b(Today, PageDown, &[k(K::PageDown)], "", "Down a page"),
        b(Today, PageUp, &[k(K::PageUp)], "", "Up a page"),
        b(Today, Top, &[k(K::Home), Key::ch('g')], "", "First item"),
        b(Today, Bottom, &[k(K::End), Key::ch('G')], "", "Last item"),
        b(Today, NextSection, &[k(K::Tab)], "", "Next section (screens: their numbers)"),
        b(Today, PrevSection, &[k(K::BackTab)], "", "Previous section"),
        b(
            Today,
            Open,
            &[k(K::Enter)],
            "open",
            "Open what the item is about: the MP at its step, or the week of a proposal",
        ),
        b(Today, ToggleDone, &[Key::ch(' ')], "tick", "Tick the checklist step a follow-up or next step is about"),
        b(Today, Skip, &[Key::ch('s')], "skip", "Skip the next step"),
        b(Today, EditNote, &[Key::ch('n')], "note", "Add or edit the next step's note"),
        b(
            Today,
            LogContact,
            &[Key::ch('l')],
            "log",
            "Log the contact a follow-up asks for, or one with an MP gone quiet",
        ),
        b(
            Today,
            Snooze,
            &[Key::ch('z')],
            "snooze",
            "Put a follow-up off until a later day (a week unless changed), or change the day it comes back",
        ),
        b(Today, Unsnooze, &[Key::ch('b')], "back now", "Bring a snoozed follow-up back now"),
        b(Today, ConfirmProposal, &[Key::ch('c')], "confirm", "Confirm the proposal (ticks 3.2)"),
        b(Today, MarkHeld, &[Key::ch('o')], "held", "Mark the proposal held: it took place (ticks 4.6)"),
        b(Today, CancelProposal, &[Key::ch('x')], "cancel", "Cancel the proposal (kept, never flagged)"),
        b(
            Today,
            Edit,
            &[Key::ch('e')],
            "edit",
            "Move or edit the proposal; for an MP gone quiet, how often to be in touch",
        ),
        b(Mps, Filter, &[Key::ch('/')], "search", "Search by name, constituency or party as you type"),
        b(Mps, Postcode, &[Key::ch('p')], "postcode", "Find your MP by your organisation's postcode"),
        b(Mps, ToggleTrack, &[Key::ch('t')], "track", "Track or untrack the selected MP"),
        b(Detail, ToggleDone, &[Key::ch(' ')], "done", "Tick or untick the selected step"),
        b(Detail, Skip, &[Key::ch('s')], "skip", "Skip the selected step (or un-skip it)"),
        b(Detail, EditNote, &[Key::ch('n')], "note", "Add or edit the selected step's note"),
        b(Detail, ToggleTrack, &[Key::ch('t')], "track", "Track or untrack this MP"),
        b(Detail, Add, &[Key::ch('a')], "propose", "Propose a meeting or visit with this MP"),
        b(Detail, LogContact, &[Key::ch('l')], "log", "Log a letter, call, meeting or other contact with this MP"),
        b(Detail, Contacts, &[Key::ch('c')], "contacts", "Show the contact log instead of the checklist, and back"),
        b(Detail, Filter, &[Key::ch('/')], "search", "Search this MP's proposals and contact log"),
        b(Detail, EditInfo, &[Key::ch('i')], "info", "Edit topics, cadence, office address, background, notes"),
        b(Detail, WriteLetter, &[Key::ch('w')], "letter", "Write the first-contact letter to your documents folder"),
        b(DetailProposals, ConfirmProposal, &[Key::ch('c')], "confirm", "Confirm the selected proposal (ticks 3.2)"),
        b(DetailProposals, MarkHeld, &[Key::ch('o')], "held", "Mark the selected proposal held (ticks 4.6)"),
        b(
            DetailProposals,
            CancelProposal,
            &[Key::ch('x')],
            "cancel",
            "Cancel the selected proposal (kept, never flagged)",
        ),
        b(DetailProposals, Edit, &[Key::ch('e'), k(K::Enter)], "edit", "Move or edit the selected proposal"),
        b(
            DetailProposals,
            WriteInvite,
            &[Key::ch('v')],
            "invite",
            "Write the selected proposal's calendar invitation for the MP's diary (a cancellation once cancelled)",
        ),
        b(Detail, WriteBrief, &[Key::ch('b')], "brief", "Write a meeting brief to your documents folder"),
        b(
            Detail,
            Proposals,
            &[Key::ch('p')],
            "proposals",
            "Show the MP's proposals instead of the checklist, and back",
        ),
        b(
            Today,
            Action::Organisation,
            &[Key::ch('O')],
            "org",
            "Your organisation: name, signatories, letterhead, sites",
        ),
        b(Detail, Action::Organisation, &[Key::ch('O')], "", "Your organisation: name, signatories, letterhead, sites"),
        b(Week, Down, &[Key::ch('j'), k(K::Down)], "next", "The next proposal of the selected day"),
        b(Week, Up, &[Key::ch('k'), k(K::Up)], "prev", "The previous proposal of the selected day"),
        b(Week, Action::GoToDate, &[Key::ch('g')], "go to", "Go to a date (2026-12-04, fri, +2w …)"),
        b(Week, Action::Month, &[Key::ch('m')], "month", "The month at a glance, to pick a day"),
        b(Week, PrevWeek, &[Key::ch('[')], "week before", "The week before"),
        b(Week, NextWeek, &[Key::ch(']')], "week after", "The week after"),
        b(Week, ThisWeek, &[Key::ch('t')], "today", "Today, in this week"),
        b(Week, Filter, &[Key::ch('/')], "search", "Search every MP's proposals and contact log"),
        b(Week, Add, &[Key::ch('a')], "add", "Propose a meeting or visit on the selected day"),
        b(Week, Edit, &[Key::ch('e')], "edit", "Edit or move the selected proposal"),
        b(Week, Delete, &[Key::ch('d')], "delete", "Delete the selected proposal (asks first)"),
        b(Week, ConfirmProposal, &[Key::ch('c')], "confirm", "Confirm the selected proposal (ticks 3.2)"),
        b(Week, MarkHeld, &[Key::ch('o')], "held", "Mark the selected proposal held: it took place (ticks 4.6)"),
        b(Week, CancelProposal, &[Key::ch('x')], "cancel", "Cancel the selected proposal (kept, never flagged)"),
        b(
            Week,
            WriteInvite,
            &[Key::ch('v')],
            "invite",
            "Write the selected proposal's calendar invitation for the MP's diary (a cancellation once cancelled)",
        ),
        b(Scope::MonthGrid, Left, &[k(K::Left), Key::ch('h')], "", "The day before"),
        b(Scope::MonthGrid, Right, &[k(K::Right), Key::ch('l')], "", "The day after"),
        b(Scope::MonthGrid, Up, &[k(K::Up), Key::ch('k')], "", "The week before"),
        b(Scope::MonthGrid, Down, &[k(K::Down), Key::ch('j')], "", "The week after"),
        b(Scope::MonthGrid, PageUp, &[k(K::PageUp), Key::ch('[')], "month before", "The month before"),
        b(Scope::MonthGrid, PageDown, &[k(K::PageDown), Key::ch(']')], "month after", "The month after"),
        b(Scope::MonthGrid, Open, &[k(K::Enter)], "pick", "Show the week of the day picked"),
        b(Scope::MonthGrid, Back, &[k(K::Esc), Key::ch('m')], "close", "Close the month, staying on the week"),
        b(Form, NextField, &[k(K::Tab), k(K::Down)], "next field", "Next field"),
        b(Form, PrevField, &[k(K::BackTab), k(K::Up)], "", "Previous field"),
        b(Form, Submit, &[k(K::Enter)], "save", "Save"),
        b(Form, Cancel, &[k(K::Esc)], "cancel", "Cancel, changing nothing"),
        b(ProposalForm, TakeSuggestion, &[Key::ctrl('n')], "take clear slot", "Take the suggested clear slot"),
        b(
            Scope::Choice,
            Action::PrevChoice,
            &[k(K::Left)],
            "",
            "The choice before (typing a letter jumps to a choice)",
        ),
        b(Scope::Choice, Action::NextChoice, &[k(K::Right)], "change", "The next choice"),
        b(Scope::MpMatches, Up, &[k(K::Up)], "", "The MP offered above"),
        b(Scope::MpMatches, Down, &[k(K::Down)], "", "The MP offered below (tracked seats come first)"),
        b(Scope::MpMatches, Action::TakeMatch, &[k(K::Enter)], "take MP", "Put the highlighted MP in the field"),
        b(Scope::Editing, Action::CursorLeft, &[k(K::Left)], "", "Cursor left"),
        b(Scope::Editing, Action::CursorRight, &[k(K::Right)], "", "Cursor right"),
        b(Scope::Editing, Action::CursorHome, &[k(K::Home), Key::ctrl('a')], "", "Cursor to the start"),
        b(Scope::Editing, Action::CursorEnd, &[k(K::End), Key::ctrl('e')], "", "Cursor to the end"),
        b(Scope::Editing, Action::DeleteWord, &[Key::ctrl('w')], "", "Delete the word before the cursor"),
        b(Scope::Editing, Action::ClearLine, &[Key::ctrl('u')], "", "Clear the line"),
        b(Input, Submit, &[k(K::Enter)], "done", "Finish typing"),
        b(Input, Cancel, &[k(K::Esc)], "cancel", "Cancel"),
        b(Input, Up, &[k(K::Up)], "", "Move up while searching"),
        b(Input, Down, &[k(K::Down)], "", "Move down while searching"),
        b(Scope::Palette, Complete, &[k(K::Tab)], "complete", "Complete the command"),
        b(Scope::Palette, Submit, &[k(K::Enter)], "run", "Run the command"),
        b(Scope::Palette, Cancel, &[k(K::Esc)], "cancel", "Close the palette, doing nothing"),
        b(Scope::Search, Up, &[k(K::Up)], "", "The match before"),
        b(Scope::Search, Down, &[k(K::Down)], "", "The next match"),
        b(
            Scope::Search,
            Open,
            &[k(K::Enter)],
            "open",
            "Open the match where it lives: a proposal on its week, a contact in the log",
        ),
        b(Scope::Search, Cancel, &[k(K::Esc)], "close", "Close the search"),
        b(Preview, Yes, &[Key::ch('y')], "apply", "Apply the import or update, all of it, as previewed"),
        b(Preview, No, &[Key::ch('n'), k(K::Esc)], "cancel", "Cancel: nothing is changed"),
        b(Preview, Up, &[k(K::Up), Key::ch('k')], "", "Scroll up"),
        b(Preview, Down, &[k(K::Down), Key::ch('j')], "", "Scroll down"),
        b(Preview, PageUp, &[k(K::PageUp)], "", "Up a page"),
        b(Preview, PageDown, &[k(K::PageDown)], "", "Down a page"),
        b(Scope::Help, Action::Help, &[Key::ch('?'), k(K::Esc), Key::ch('q'), k(K::F(1))], "close", "Close the help"),
        b(Scope::Help, Up, &[k(K::Up), Key::ch('k')], "", "Scroll up"),
        b(Scope::Help, Down, &[k(K::Down), Key::ch('j')], "", "Scroll down"),
        b(Confirm, Yes, &[Key::ch('y'), k(K::Enter)], "yes", "Yes, go ahead"),
        b(Confirm, No, &[Key::ch('n'), k(K::Esc)], "no", "No, keep it"),
    ]
}

/// The bindings in force: the defaults with the user's changes from config.toml.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap { bindings: defaults() }
    }
}

impl Keymap {
    /// What `key` does with these scopes active (first match wins). While typing (`typing`), keys
    /// that no scope binds move the cursor or delete as the editing scope binds them, or else edit
    /// the text (a character, Backspace, Delete).
    pub fn input(&self, scopes: &[Scope], key: Key, typing: bool) -> Option<Input> {
        let editing = [Scope::Editing];
        let searched = scopes.iter().chain(if typing { &editing[..] } else { &[] });
        for scope in searched {
            if let Some(b) = self.bindings.iter().find(|b| b.scope == *scope && b.keys.contains(&key)) {
                return Some(match b.action.text_edit() {
                    Some(edit) if typing => Input::Text(edit),
                    _ => Input::Action(b.action),
                });
            }
        }
        if typing { text_edit(key).map(Input::Text) } else { None }
    }

    /// What a key event does; key releases and repeats of nothing are ignored.
    pub fn event(&self, scopes: &[Scope], event: &KeyEvent, typing: bool) -> Option<Input> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        self.input(scopes, Key::from_event(event), typing)
    }

    /// Footer hints for these scopes: ("key", "hint") for each binding that has a hint and a key
    /// that does it there (one not taken by a scope before it), the help's first and quit's next, so
    /// that a narrow footer still shows them.
    pub fn hints(&self, scopes: &[Scope]) -> Vec<(String, &'static str)> {
        self.hints_where(scopes, |_, _| true)
    }

    /// [`Keymap::hints`] of the bindings `keep` keeps, given their scope and action: on Today, only
    /// the actions the selected item takes.
    pub fn hints_where(&self, scopes: &[Scope], keep: impl Fn(Scope, Action) -> bool) -> Vec<(String, &'static str)> {
        let mut seen: Vec<Action> = Vec::new();
        let mut hints = Vec::new();
        for scope in scopes {
            for binding in
                self.bindings.iter().filter(|b| b.scope == *scope && !b.hint.is_empty() && keep(b.scope, b.action))
            {
                if seen.contains(&binding.action) {
                    continue;
                }
                if let Some(key) = self.reachable(binding, scopes).next() {
                    seen.push(binding.action);
                    let rank = match binding.action {
                        Action::Help => 0,
                        Action::Quit => 1,
                        _ => 2,
                    };
                    hints.push((rank, key.to_string(), binding.hint));
                }
            }
        }
        hints.sort_by_key(|(rank, ..)| *rank);
        hints.into_iter().map(|(_, key, hint)| (key, hint)).collect()
    }

    /// Every binding grouped by scope, for the help overlay: (scope title, [(keys, help)]).
    pub fn help(&self) -> Vec<(&'static str, Vec<(String, &'static str)>)> {
        let order = [
            Scope::Always,
            Scope::Global,
            Scope::Navigate,
            Scope::Today,
            Scope::Mps,
            Scope::Detail,
            Scope::DetailProposals,
            Scope::Week,
            Scope::MonthGrid,
            Scope::Form,
            Scope::ProposalForm,
            Scope::Choice,
            Scope::MpMatches,
            Scope::Editing,
            Scope::Input,
            Scope::Palette,
            Scope::Preview,
            Scope::Search,
            Scope::Confirm,
        ];
        order
            .iter()
            .map(|scope| {
                let rows = self
                    .bindings
                    .iter()
                    .filter(|b| b.scope == *scope)
                    .map(|b| (b.keys.iter().map(Key::to_string).collect::<Vec<_>>().join(" "), b.help))
                    .collect();
                (scope.title(), rows)
            })
            .collect()
    }

    /// The keys that do `action` where `scopes` are active (most specific first, as
    /// [`Keymap::input`] searches them), in the table's order: those of its first binding there
    /// that a scope before it does not take for something else. Empty when no key does it there.
    pub fn keys_for(&self, scopes: &[Scope], action: Action) -> Vec<String> {
        scopes
            .iter()
            .flat_map(|scope| self.bindings.iter().filter(move |b| b.scope == *scope && b.action == action))
            .map(|binding| self.reachable(binding, scopes).map(|k| k.to_string()).collect::<Vec<_>>())
            .find(|keys| !keys.is_empty())
            .unwrap_or_default()
    }

    /// The key to name in text for `action` where `scopes` are active ("press a to add"): the
    /// first key that does it there, or none when no key does (the text then says it otherwise).
    pub fn key_for(&self, scopes: &[Scope], action: Action) -> Option<String> {
        self.keys_for(scopes, action).into_iter().next()
    }

    /// The keys of `binding` that do its action with `scopes` active.
    fn reachable<'a>(&'a self, binding: &'a Binding, scopes: &'a [Scope]) -> impl Iterator<Item = Key> + 'a {
        binding
            .keys
            .iter()
            .copied()
            .filter(move |k| self.input(scopes, *k, false) == Some(Input::Action(binding.action)))
    }

    /// The footer hint of `action`'s first binding in `scopes` that has one.
    pub fn hint_for(&self, scopes: &[Scope], action: Action) -> Option<&'static str> {
        scopes.iter().find_map(|scope| {
            self.bindings.iter().find(|b| b.scope == *scope && b.action == action && !b.hint.is_empty()).map(|b| b.hint)
        })
    }
}

/// A config.toml that binds every action to a key of its own that no default binding uses
/// ("alt-a", "alt-b" …, then "alt-f1" …, then "ctrl-alt-a" …), for tests that every key named anywhere comes from the
/// keymap.
#[cfg(test)]
pub(crate) fn everything_rebound() -> String {
    let mut actions: Vec<Action> = Vec::new();
    for binding in defaults() {
        if !actions.contains(&binding.action) {
            actions.push(binding.action);
        }
    }
    let keys = ('a'..='z')
        .chain('0'..='9')
        .map(|c| format!("alt-{c}"))
        .chain((1..=12).map(|n| format!("alt-f{n}")))
        .chain(('a'..='z').map(|c| format!("ctrl-alt-{c}")));
    let lines: Vec<String> = actions.iter().zip(keys).map(|(a, k)| format!("{} = \"{k}\"", a.name())).collect();
    assert_eq!(lines.len(), actions.len(), "a key for every action");
    format!("[keys]\n{}\n", lines.join("\n"))
}

fn action_named(name: &str) -> Option<Action> {
    let all = defaults();
    all.iter().map(|b| b.action).find(|a| a.name() == name)
}

/// What a key no binding takes does to a line being typed: a character goes in, Backspace and
/// Delete delete (the cursor's keys are the editing scope's bindings).
fn text_edit(key: Key) -> Option<TextEdit> {
    if key.mods.contains(KeyModifiers::CONTROL) {
        return None;
    }
    Some(match key.code {
        KeyCode::Char(c) if !c.is_control() => TextEdit::Insert(c),
        KeyCode::Backspace => TextEdit::Backspace,
        KeyCode::Delete => TextEdit::Delete,
        _ => return None,
    })
}

/// Key events for tests and the keymap's own checks: "x", "ctrl-r", "enter".
pub fn key_event(text: &str) -> KeyEvent {
    let key = Key::parse(text).unwrap_or(Key::plain(KeyCode::Null));
    KeyEvent::new(key.code, key.mods)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn action(map: &Keymap, scopes: &[Scope], key: &str) -> Option<Action> {
        match map.input(scopes, Key::parse(key).unwrap(), false) {
            Some(Input::Action(a)) => Some(a),
            _ => None,
        }
    }

    #[test]
    fn scopes_are_searched_in_order() {
        let map = Keymap::default();
        assert_eq!(action(&map, &[Scope::Mps, Scope::Navigate, Scope::Global], "t"), Some(Action::ToggleTrack));
        assert_eq!(action(&map, &[Scope::Week, Scope::Navigate, Scope::Global], "t"), Some(Action::ThisWeek));
        assert_eq!(action(&map, &[Scope::Week, Scope::Navigate, Scope::Global], "j"), Some(Action::Down));
        assert_eq!(action(&map, &[Scope::Form, Scope::Always], "ctrl-c"), Some(Action::ForceQuit));
        assert_eq!(action(&map, &[Scope::Form, Scope::Always], "q"), None);
    }

    #[test]
    fn typing_turns_unbound_keys_into_text() {
        let map = Keymap::default();
        let typing = [Scope::Input];
        assert_eq!(map.input(&typing, Key::ch('q'), true), Some(Input::Text(TextEdit::Insert('q'))));
        assert_eq!(map.input(&typing, Key::plain(KeyCode::Enter), true), Some(Input::Action(Action::Submit)));
        assert_eq!(map.input(&typing, Key::plain(KeyCode::Backspace), true), Some(Input::Text(TextEdit::Backspace)));
        assert_eq!(map.input(&[Scope::Mps], Key::ch('z'), false), None);
    }

    #[test]
    fn no_two_bindings_in_one_scope_share_a_key() {
        let map = Keymap::default();
        for (i, a) in map.bindings.iter().enumerate() {
            for other in &map.bindings[i + 1..] {
                if a.scope == other.scope {
                    let shared: Vec<_> = a.keys.iter().filter(|k| other.keys.contains(k)).collect();
                    assert!(
                        shared.is_empty(),
                        "{:?} and {:?} share {shared:?} in {:?}",
                        a.action,
                        other.action,
                        a.scope
                    );
                }
            }
        }
    }

    #[test]
    fn config_rebinds_actions_everywhere_they_appear() {
        let map = Keymap::with_config("[keys]\ntoggle_done = \"x\"\nundo = [\"u\", \"ctrl-z\"]\n", Path::new("c.toml"))
            .unwrap();
        assert_eq!(action(&map, &[Scope::Detail], "x"), Some(Action::ToggleDone));
        assert_eq!(action(&map, &[Scope::Detail], "space"), None);
        assert_eq!(action(&map, &[Scope::Global], "ctrl-z"), Some(Action::Undo));
        assert_eq!(map.key_for(&[Scope::Detail], Action::ToggleDone).as_deref(), Some("x"));
    }

    #[test]
    fn the_key_named_is_one_that_does_the_action_where_it_is_named() {
        let map = Keymap::default();
        let proposal_form = [Scope::ProposalForm, Scope::Form, Scope::Always];
        assert_eq!(map.key_for(&proposal_form, Action::TakeSuggestion).as_deref(), Some("Ctrl-N"));
        assert_eq!(map.key_for(&[Scope::Form, Scope::Always], Action::TakeSuggestion), None, "not in other forms");
        assert_eq!(map.keys_for(&[Scope::Help, Scope::Always], Action::Help), ["?", "Esc", "q", "F1"]);
        let mps = [Scope::Mps, Scope::Navigate, Scope::Global, Scope::Always];
        assert_eq!(map.key_for(&mps, Action::Up).as_deref(), Some("↑"));

        // A key that a scope before takes for something else is not named: on the MPs screen t tracks.
        let map = Keymap::with_config("[keys]\nquit = [\"t\", \"x\"]\n", Path::new("c.toml")).unwrap();
        assert_eq!(map.key_for(&mps, Action::Quit).as_deref(), Some("x"));
        assert!(map.hints(&mps).contains(&("x".to_string(), "quit")));
        let map = Keymap::with_config("[keys]\nquit = \"t\"\n", Path::new("c.toml")).unwrap();
        assert_eq!(map.key_for(&mps, Action::Quit), None);
        assert!(!map.hints(&mps).iter().any(|(_, hint)| *hint == "quit"), "no hint names a key that does not quit");
        assert_eq!(map.key_for(&[Scope::Today, Scope::Global], Action::Quit).as_deref(), Some("t"));
    }

    #[test]
    fn the_cursor_keys_are_bindings_that_edit_only_while_typing() {
        let map = Keymap::default();
        let form = [Scope::ProposalForm, Scope::Form, Scope::Always];
        let key = |k: &str| Key::parse(k).unwrap();
        assert_eq!(map.input(&form, key("left"), true), Some(Input::Text(TextEdit::Left)));
        assert_eq!(map.input(&form, key("ctrl-w"), true), Some(Input::Text(TextEdit::DeleteWord)));
        assert_eq!(map.input(&form, key("ctrl-u"), true), Some(Input::Text(TextEdit::Clear)));
        assert_eq!(map.input(&form, key("ctrl-a"), true), Some(Input::Text(TextEdit::Home)));
        assert_eq!(map.input(&form, key("end"), true), Some(Input::Text(TextEdit::End)));
        assert_eq!(map.input(&form, key("ctrl-w"), false), None, "not while not typing");
        let choice = [Scope::Choice, Scope::Form, Scope::Always];
        assert_eq!(map.input(&choice, key("left"), true), Some(Input::Action(Action::PrevChoice)));
        assert_eq!(map.input(&choice, key("right"), true), Some(Input::Action(Action::NextChoice)));
        let matches = [Scope::MpMatches, Scope::ProposalForm, Scope::Form, Scope::Always];
        assert_eq!(map.input(&matches, key("enter"), true), Some(Input::Action(Action::TakeMatch)));
        assert_eq!(map.input(&matches, key("down"), true), Some(Input::Action(Action::Down)));
        assert_eq!(map.input(&form, key("enter"), true), Some(Input::Action(Action::Submit)));

        let map = Keymap::with_config("[keys]\ndelete_word = \"alt-backspace\"\n", Path::new("c.toml")).unwrap();
        assert_eq!(map.input(&form, key("alt-backspace"), true), Some(Input::Text(TextEdit::DeleteWord)));
        assert_eq!(map.input(&form, key("ctrl-w"), true), None, "rebound away");
        let help = map.help();
        let editing = help.iter().find(|(title, _)| *title == Scope::Editing.title()).expect("in the help");
        assert!(editing.1.iter().any(|(keys, help)| keys == "Alt-Backspace" && help.contains("word")), "{editing:?}");
    }

    #[test]
    fn hints_come_from_the_table() {
        let map = Keymap::default();
        let hints = map.hints(&[Scope::Detail, Scope::Navigate, Scope::Global]);
        assert!(hints.contains(&("Space".to_string(), "done")));
        assert_eq!(hints[0], ("?".to_string(), "help"), "the help comes first");
        let help = map.help();
        assert!(help.iter().any(|(title, rows)| *title == "Week" && rows.iter().any(|(k, _)| k == "[")));
    }
}
