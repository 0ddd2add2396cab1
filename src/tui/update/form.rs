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

/// Applies one input to the open form; nothing happens when no form is open.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::ProposalKind;
    use crate::tui::action::TextEdit;
    use crate::tui::app::Tone;
    use crate::tui::fixture::{at, d, visit as proposal, week_app as app};
    use crate::tui::form::ProposalForm;

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            handle(app, Input::Text(TextEdit::Insert(c)));
        }
    }

    fn act(app: &mut App, action: Action) -> Vec<Command> {
        handle(app, Input::Action(action))
    }

    /// The app with a new form open on Friday 14 March 2025.
    fn adding() -> App {
        let mut app = app();
        app.form = Some(ProposalForm::new(None, d("2025-03-14")));
        app
    }

    fn form(app: &App) -> &crate::tui::form::ProposalForm {
        app.form.as_ref().expect("the form is open")
    }

    #[test]
    fn typing_goes_to_the_focused_field_and_tab_moves_the_focus() {
        let mut app = adding();
        type_text(&mut app, "benn");
        act(&mut app, Action::NextField);
        act(&mut app, Action::NextField);
        handle(&mut app, Input::Text(TextEdit::Clear));
        type_text(&mut app, "15:00");
        assert_eq!(form(&app).input(Field::Mp).text(), "benn");
        assert_eq!(form(&app).input(Field::Start).text(), "15:00");
        act(&mut app, Action::PrevField);
        assert_eq!(form(&app).focus, Field::Date);
    }

    #[test]
    fn submit_proposes_what_was_typed() {
        let mut app = adding();
        type_text(&mut app, "Leeds South");
        for (field, text) in [(Field::Kind, "visit"), (Field::Place, " Outpatients "), (Field::Attendees, "4")] {
            form_input(&mut app, field, text);
        }
        let commands = act(&mut app, Action::Submit);
        assert!(app.form.is_none());
        let expected = NewProposal {
            constituency_code: "E14001323".into(),
            title: String::new(),
            kind: ProposalKind::Visit,
            place: "Outpatients".into(),
            start: at("2025-03-14 10:00"),
            end: at("2025-03-14 11:00"),
            attendees: Some(4),
        };
        assert_eq!(commands, [Command::Apply(Change::Propose(expected))]);
    }

    fn form_input(app: &mut App, field: Field, text: &str) {
        let form = app.form.as_mut().expect("the form is open");
        form.focus = field;
        handle(app, Input::Text(TextEdit::Clear));
        type_text(app, text);
    }

    #[test]
    fn an_invalid_submit_keeps_everything_and_focuses_the_first_problem() {
        let mut app = adding();
        type_text(&mut app, "Leeds South");
        form_input(&mut app, Field::Length, "forever");
        form_input(&mut app, Field::Attendees, "x");
        assert!(act(&mut app, Action::Submit).is_empty());
        assert_eq!(form(&app).focus, Field::Length);
        assert_eq!(form(&app).input(Field::Attendees).text(), "x", "nothing typed is lost");
        let status = app.status.clone().unwrap();
        assert_eq!(status.tone, Tone::Error);
        assert!(status.text.starts_with("Not saved yet. Length: \"forever\" is not a duration"), "{}", status.text);
    }

    #[test]
    fn take_suggestion_fills_the_next_clear_slot() {
        let mut app = app();
        app.form = Some(ProposalForm::new(Some(("E14001323".into(), "Leeds South".into())), d("2025-03-04")));
        act(&mut app, Action::TakeSuggestion);
        assert_eq!(form(&app).input(Field::Date).text(), "2025-03-08");
        assert_eq!(form(&app).input(Field::Start).text(), "11:30");
        let checked = form(&app).check(&FormContext::of(&app));
        assert_eq!(checked.flag.map(|f| f.flag), Some(Flag::Clear));
        assert_eq!((checked.clash, checked.suggestion), (None, None));
        act(&mut app, Action::TakeSuggestion);
        assert_eq!(app.status.unwrap().text, "This slot is already clear.");
    }

    #[test]
    fn take_suggestion_needs_a_valid_slot() {
        let mut app = adding();
        form_input(&mut app, Field::Start, "noon");
        act(&mut app, Action::TakeSuggestion);
        assert!(app.status.unwrap().text.starts_with("Fill in a valid date, start and length first"));
    }

    #[test]
    fn editing_produces_an_edit_with_the_stored_proposal_as_before() {
        let mut app = app();
        let visit = proposal(1, "2025-03-04 10:00", 60);
        app.form = Some(ProposalForm::edit(&visit));
        form_input(&mut app, Field::Date, "2025-03-07");
        form_input(&mut app, Field::Start, "15:00");
        let commands = act(&mut app, Action::Submit);
        let after = NewProposal { start: at("2025-03-07 15:00"), end: at("2025-03-07 16:00"), ..stored(&visit) };
        assert_eq!(commands, [Command::Apply(Change::Edit { id: 1, before: stored(&visit), after })]);
    }

    #[test]
    fn saving_an_unchanged_edit_writes_nothing() {
        let mut app = app();
        app.form = Some(ProposalForm::edit(&proposal(1, "2025-03-04 10:00", 60)));
        assert!(act(&mut app, Action::Submit).is_empty());
        assert!(app.form.is_none());
        assert_eq!(app.status.unwrap().text, "Nothing changed.");
    }

    #[test]
    fn cancel_closes_the_form_without_a_change() {
        let mut app = adding();
        type_text(&mut app, "Leeds South");
        assert!(act(&mut app, Action::Cancel).is_empty());
        assert!(app.form.is_none());
    }

    #[test]
    fn the_whole_update_routes_keys_to_the_form() {
        let mut app = adding();
        let commands = crate::tui::update::update(&mut app, Input::Action(Action::Cancel));
        assert!(commands.is_empty() && app.form.is_none());
    }
}
