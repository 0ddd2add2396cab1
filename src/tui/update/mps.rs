//! The MPs screen: the list, the search-as-you-type filter, tracking, and finding the MP by postcode.

use super::{Command, open_detail, step};
use crate::domain::engagement::checklist::{Entry, ItemState};
use crate::tui::action::{Action, Input};
use crate::tui::app::{App, PostcodePrompt};
use crate::tui::change::Change;

pub fn handle(app: &mut App, input: Input) -> Vec<Command> {
    if app.mps.postcode.is_some() {
        return postcode(app, input);
    }
    if app.mps.filtering {
        return filter(app, input);
    }
    let Input::Action(action) = input else { return Vec::new() };
    match action {
        Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
            app.mps.selected = step(app.mps.selected, app.mps.visible.len(), action);
            Vec::new()
        }
        Action::Open => match app.selected_mp().map(|m| m.constituency_code.clone()) {
            Some(code) => open_detail(app, code),
            None => Vec::new(),
        },
        Action::Filter => {
            app.mps.filtering = true;
            Vec::new()
        }
        Action::Back if !app.mps.filter.is_empty() => {
            app.mps.filter = Default::default();
            app.refilter();
            Vec::new()
        }
        Action::Postcode => {
            app.mps.postcode = Some(PostcodePrompt::default());
            Vec::new()
        }
        Action::ToggleTrack => match app.selected_mp() {
            Some(mp) => vec![Command::Apply(track_toggle(&mp.constituency_code, &mp.constituency, mp.tracked))],
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Tracking a seat, or untracking it (its history is kept either way).
pub fn track_toggle(code: &str, seat: &str, tracked: bool) -> Change {
    let (code, seat) = (code.to_string(), seat.to_string());
    if tracked { Change::Untrack { code, seat } } else { Change::Track { code, seat } }
}

fn filter(app: &mut App, input: Input) -> Vec<Command> {
    match input {
        Input::Text(edit) => {
            app.mps.filter.apply(edit);
            app.refilter();
        }
        Input::Action(Action::Submit) => app.mps.filtering = false,
        Input::Action(Action::Cancel) => {
            app.mps.filtering = false;
            app.mps.filter = Default::default();
            app.refilter();
        }
        Input::Action(action @ (Action::Up | Action::Down)) => {
            app.mps.selected = step(app.mps.selected, app.mps.visible.len(), action);
        }
        Input::Action(_) => {}
    }
    Vec::new()
}

fn postcode(app: &mut App, input: Input) -> Vec<Command> {
    // Named in the message for an empty postcode: the key that leaves the prompt.
    let browse = app.key(Action::Cancel).map(|k| format!(", or press {k} to browse the list"));
    let Some(prompt) = app.mps.postcode.as_mut() else { return Vec::new() };
    if prompt.result.is_none() {
        match input {
            Input::Text(edit) => {
                prompt.input.apply(edit);
                prompt.error = None;
            }
            Input::Action(Action::Submit) if prompt.input.text().trim().is_empty() => {
                prompt.error = Some(format!("Type a postcode, such as LS1 4DY{}.", browse.unwrap_or_default()));
            }
            Input::Action(Action::Submit) => return vec![Command::LookupPostcode(prompt.input.text().to_string())],
            Input::Action(Action::Cancel) => app.mps.postcode = None,
            Input::Action(_) => {}
        }
        return Vec::new();
    }
    let choices = prompt.choices();
    match input {
        Input::Action(action @ (Action::Up | Action::Down | Action::Top | Action::Bottom)) => {
            prompt.selected = step(prompt.selected, choices.len(), action);
            Vec::new()
        }
        Input::Action(Action::Open | Action::Submit) => {
            let Some((code, seat)) = choices.get(prompt.selected).cloned() else { return Vec::new() };
            let postcode = prompt.result.as_ref().map(|r| r.postcode.clone()).unwrap_or_default();
            app.mps.postcode = None;
            let identified = Entry {
                key: "1.1".into(),
                state: ItemState::Done,
                done_on: Some(app.today),
                note: format!("From the postcode {postcode}"),
            };
            let before = Entry { state: ItemState::Todo, done_on: None, note: String::new(), ..identified.clone() };
            let mut commands = open_detail(app, code.clone());
            commands.insert(
                0,
                Command::Apply(Change::Batch(vec![
                    Change::Track { code: code.clone(), seat: seat.clone() },
                    Change::SetEntry { code, seat, before, after: identified },
                ])),
            );
            commands
        }
        Input::Action(Action::Back | Action::Cancel) => {
            prompt.result = None;
            prompt.selected = 0;
            Vec::new()
        }
        _ => Vec::new(),
    }
}
