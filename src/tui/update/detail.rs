//! The MP detail screen: ticking, skipping and annotating checklist steps.

use super::{Command, step, switch};
use crate::tui::action::{Action, Input};
use crate::tui::app::{App, Screen};
use crate::tui::change::Change;
use crate::tui::form::ProposalForm;
use crate::tui::keymap::Scope;
use crate::tui::text_input::TextInput;

pub fn handle(app: &mut App, input: Input) -> Vec<Command> {
    if app.detail.note.is_some() {
        return note(app, input);
    }
    let Input::Action(action) = input else { return Vec::new() };
    let Some(data) = app.data.detail.as_ref() else {
        if action == Action::Back {
            return switch(app, Screen::Mps);
        }
        return Vec::new();
    };
    let code = data.card.summary.constituency_code.clone();
    let seat = data.card.summary.constituency.clone();
    let tracked = data.card.summary.tracked;
    let entry = data.checklist.get(app.detail.selected).cloned();
    match action {
        Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
            app.detail.selected = step(app.detail.selected, data.checklist.len(), action);
            Vec::new()
        }
        Action::ToggleDone | Action::Skip | Action::EditNote if entry.is_none() => {
            let key = app.keymap.key_for(Scope::Detail, Action::ToggleTrack);
            app.info(format!("{seat} is not tracked yet: press {key} to track it and start its checklist."));
            Vec::new()
        }
        Action::ToggleDone | Action::Skip => {
            let before = entry.expect("checked above");
            let after = if action == Action::ToggleDone { before.toggled(app.today) } else { before.skip_toggled() };
            vec![Command::Apply(Change::SetEntry { code, seat, before, after })]
        }
        Action::EditNote => {
            app.detail.note = entry.map(|e| TextInput::new(&e.note));
            Vec::new()
        }
        Action::ToggleTrack => vec![Command::Apply(super::mps::track_toggle(&code, &seat, tracked))],
        Action::Add => {
            let label = format!("{} ({})", data.card.summary.name, seat);
            app.form = Some(ProposalForm::new(Some((code, label)), app.today.succ_opt().unwrap_or(app.today)));
            Vec::new()
        }
        Action::Back => switch(app, Screen::Mps),
        _ => Vec::new(),
    }
}

fn note(app: &mut App, input: Input) -> Vec<Command> {
    let Some(text) = app.detail.note.as_mut() else { return Vec::new() };
    match input {
        Input::Text(edit) => text.apply(edit),
        Input::Action(Action::Cancel) => app.detail.note = None,
        Input::Action(Action::Submit) => {
            let note = text.text().trim().to_string();
            app.detail.note = None;
            let Some(data) = app.data.detail.as_ref() else { return Vec::new() };
            let Some(before) = data.checklist.get(app.detail.selected).cloned() else { return Vec::new() };
            if before.note == note {
                return Vec::new();
            }
            let after = crate::domain::checklist::Entry { note, ..before.clone() };
            let (code, seat) = (data.card.summary.constituency_code.clone(), data.card.summary.constituency.clone());
            return vec![Command::Apply(Change::SetEntry { code, seat, before, after })];
        }
        Input::Action(_) => {}
    }
    Vec::new()
}
