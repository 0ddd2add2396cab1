//! Keys while the proposal form is open: typing into the focused field, moving between fields,
//! taking the suggested clear slot, saving and cancelling. Ctrl-C is handled before this.

use super::Command;
use crate::domain::calendar::Flag;
use crate::domain::proposal::{NewProposal, Proposal};
use crate::tui::action::{Action, Input};
use crate::tui::app::App;
use crate::tui::change::Change;
use crate::tui::form::{Field, FormContext};
use crate::tui::text_input::TextInput;

pub fn handle(app: &mut App, input: Input) -> Vec<Command> {
    let Some(form) = app.form.as_mut() else { return Vec::new() };
    match input {
        Input::Text(edit) => form.input_mut(form.focus).apply(edit),
        Input::Action(Action::NextField) => form.focus = form.focus.next(),
        Input::Action(Action::PrevField) => form.focus = form.focus.prev(),
        Input::Action(Action::Cancel) => {
            app.form = None;
            app.info("Cancelled; nothing changed.");
        }
        Input::Action(Action::TakeSuggestion) => take_suggestion(app),
        Input::Action(Action::Submit) => return submit(app),
        Input::Action(_) => {}
    }
    Vec::new()
}

/// Fills the date and start with the suggested clear slot, or says why there is none.
fn take_suggestion(app: &mut App) {
    let Some(form) = &app.form else { return };
    let checked = form.check(&FormContext::of(app));
    let Some(slot) = checked.suggestion else {
        let why = match checked.flag {
            None => "Fill in a valid date, start and length first; then a clear slot can be suggested.",
            Some(flag) if flag.flag == Flag::Clear && checked.clash.is_none() => "This slot is already clear.",
            Some(_) => "No clear slot was found in the next two years.",
        };
        app.info(why);
        return;
    };
    if let Some(form) = app.form.as_mut() {
        *form.input_mut(Field::Date) = TextInput::new(&slot.start.format("%Y-%m-%d").to_string());
        *form.input_mut(Field::Start) = TextInput::new(&slot.start.format("%H:%M").to_string());
    }
    app.info(format!("Took the clear slot {}.", slot.start.format("%a %-d %b %Y %H:%M")));
}

/// Saves the proposal if every field is valid; otherwise keeps the form open on the first field
/// that is not, saying what is wrong.
fn submit(app: &mut App) -> Vec<Command> {
    let Some(form) = &app.form else { return Vec::new() };
    let checked = form.check(&FormContext::of(app));
    let Some(after) = checked.proposal else {
        let field = checked.first_problem().unwrap_or(form.focus);
        let problem = checked.field(field).error.clone().unwrap_or_default();
        if let Some(form) = app.form.as_mut() {
            form.focus = field;
        }
        app.error(format!("Not saved yet. {}: {problem}", field.label()));
        return Vec::new();
    };
    let change = match form.editing.as_ref() {
        None => Change::Propose(after),
        Some(p) => {
            let before = stored(p);
            if before == after {
                app.form = None;
                app.info("Nothing changed.");
                return Vec::new();
            }
            Change::Edit { id: p.id, before, after }
        }
    };
    app.form = None;
    vec![Command::Apply(change)]
}

/// A stored proposal as the fields the form edits.
fn stored(p: &Proposal) -> NewProposal {
    NewProposal {
        constituency_code: p.constituency_code.clone(),
        title: p.title.clone(),
        kind: p.kind,
        place: p.place.clone(),
        start: p.start,
        end: p.end,
        attendees: p.attendees,
    }
}
