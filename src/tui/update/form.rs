//! Keys while a form is open: typing into the focused field, moving between fields, taking the
//! suggested clear slot (proposals), saving and cancelling. Ctrl-C is handled before this.

use super::Command;
use crate::domain::calendar::Flag;
use crate::domain::engagement::proposal::NewProposal;
use crate::tui::action::{Action, Input};
use crate::tui::app::App;
use crate::tui::change::{Change, proposal_named};
use crate::tui::form::{
    EngagementForm, Field, FieldCheck, Form, FormContext, LogForm, OrgForm, ProposalForm, QuickForm, QuickValue,
    first_problem,
};
use crate::tui::text_input::TextInput;

/// Applies one input to the open form; nothing happens when no form is open.
pub fn handle(app: &mut App, input: Input) -> Vec<Command> {
    let Some(form) = app.overlay.form_mut() else { return Vec::new() };
    match input {
        Input::Text(edit) => form.inputs_mut().focused_mut().apply(edit),
        Input::Action(Action::NextField) => form.inputs_mut().next(),
        Input::Action(Action::PrevField) => form.inputs_mut().prev(),
        Input::Action(Action::Cancel) => {
            app.overlay.close();
            app.info("Cancelled; nothing changed.");
        }
        Input::Action(Action::TakeSuggestion) => take_suggestion(app),
        Input::Action(Action::Submit) => return submit(app),
        Input::Action(_) => {}
    }
    Vec::new()
}

/// Fills the proposal's date and start with the suggested clear slot, or says why there is none.
fn take_suggestion(app: &mut App) {
    let Some(form) = app.overlay.form().and_then(Form::proposal) else { return };
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
    if let Some(Form::Proposal(form)) = app.overlay.form_mut() {
        *form.inputs.input_mut(Field::Date) = TextInput::new(&slot.start.format("%Y-%m-%d").to_string());
        *form.inputs.input_mut(Field::Start) = TextInput::new(&slot.start.format("%H:%M").to_string());
    }
    app.info(format!("Took the clear slot {}.", slot.start.format("%a %-d %b %Y %H:%M")));
}

/// Saves what the form says if every field is valid; otherwise keeps the form open on the first
/// field that is not, saying what is wrong.
fn submit(app: &mut App) -> Vec<Command> {
    let Some(form) = app.overlay.form() else { return Vec::new() };
    let ctx = FormContext::of(app);
    let change = match form {
        Form::Proposal(f) => proposal_change(f, &ctx),
        Form::Log(f) => log_change(f, &ctx),
        Form::Engagement(f) => engagement_change(f),
        Form::Quick(f) => quick_change(f, &ctx),
        Form::Organisation(f) => organisation_change(f),
    };
    match change {
        Err(fields) => {
            refuse(app, &fields);
            Vec::new()
        }
        Ok(None) => {
            app.overlay.close();
            app.info("Nothing changed.");
            Vec::new()
        }
        Ok(Some(change)) => {
            app.overlay.close();
            vec![Command::Apply(change)]
        }
    }
}

/// Moves the focus to the first field with a problem and puts the problem on the status line.
fn refuse(app: &mut App, fields: &[FieldCheck]) {
    let Some(form) = app.overlay.form_mut() else { return };
    let index = first_problem(fields).unwrap_or(form.inputs().focus_index());
    form.inputs_mut().focus_on(index);
    let label = form.inputs().rows().get(index).map_or("", |(label, _)| label);
    let problem = fields.get(index).and_then(|f| f.error.clone()).unwrap_or_default();
    app.error(format!("Not saved yet. {label}: {problem}"));
}

/// A new proposal with its press plan and status (a seat not tracked yet is tracked first, so undo
/// untracks it again), or what an edit changed (the proposal, its press plan, its status, as one
/// change); none when nothing did.
fn proposal_change(form: &ProposalForm, ctx: &FormContext) -> Result<Option<Change>, Vec<FieldCheck>> {
    let checked = form.check(ctx);
    let (Some(after), Some(press), Some(status)) = (checked.proposal, checked.press, checked.status) else {
        return Err(checked.fields);
    };
    let Some(p) = &form.editing else {
        let code = after.constituency_code.clone();
        let propose = Change::Propose { new: after, press, status };
        if ctx.is_tracked(&code) {
            return Ok(Some(propose));
        }
        let seat =
            ctx.mps.iter().find(|r| r.mp.constituency_code == code).map_or(code.clone(), |r| r.mp.constituency.clone());
        return Ok(Some(Change::Batch(vec![Change::Track { code, seat }, propose])));
    };
    let before = NewProposal::from(p);
    let mut changes = Vec::new();
    if before != after {
        changes.push(Change::Edit { id: p.id, before, after });
    }
    if p.press != press {
        changes.push(Change::SetPress { id: p.id, before: p.press.clone(), after: press });
    }
    if p.status != status {
        let what = proposal_named(p);
        let code = p.constituency_code.clone();
        changes.push(Change::Status { id: p.id, code, what, before: p.status, after: status, ticked: None });
    }
    Ok(if changes.len() > 1 { Some(Change::Batch(changes)) } else { changes.pop() })
}

/// The contact to log; a seat not tracked yet is tracked first, so undo untracks it again.
fn log_change(form: &LogForm, ctx: &FormContext) -> Result<Option<Change>, Vec<FieldCheck>> {
    let new = form.check(ctx).into_result()?;
    let log = Change::Log { code: form.code.clone(), seat: form.seat.clone(), new };
    if form.tracked {
        return Ok(Some(log));
    }
    Ok(Some(Change::Batch(vec![Change::Track { code: form.code.clone(), seat: form.seat.clone() }, log])))
}

/// The engagement's notes as edited; none when they are as stored.
fn engagement_change(form: &EngagementForm) -> Result<Option<Change>, Vec<FieldCheck>> {
    let after = form.check().into_result()?;
    Ok((after != form.before).then(|| Change::Engagement {
        code: form.code.clone(),
        seat: form.seat.clone(),
        before: form.before.clone(),
        after,
    }))
}

/// What a one-line form asks for: a next step's note, or a follow-up put off.
fn quick_change(form: &QuickForm, ctx: &FormContext) -> Result<Option<Change>, Vec<FieldCheck>> {
    if form.unchanged() {
        return Ok(None);
    }
    Ok(Some(match form.check(ctx.today).into_result()? {
        QuickValue::Note { code, seat, before, after } => Change::SetEntry { code, seat, before, after },
        QuickValue::Snooze { id, what, until } => Change::Snooze { id, what, before: None, after: Some(until) },
    }))
}

/// The organisation as edited, as one change written in one transaction: its details, the sites
/// taken away, then those added (each tracking its seat); none when nothing changed.
fn organisation_change(form: &OrgForm) -> Result<Option<Change>, Vec<FieldCheck>> {
    let edit = form.check().into_result()?;
    let mut changes = Vec::new();
    if edit.organisation != form.before {
        changes.push(Change::Organisation { before: form.before.clone(), after: edit.organisation });
    }
    changes.extend(edit.removed.into_iter().map(|site| Change::SiteRemoved { site, tracked: None, ticked: None }));
    changes.extend(edit.added.into_iter().map(|(name, postcode)| Change::AddSite { name, postcode }));
    Ok(match changes.len() {
        0 => None,
        1 => changes.pop(),
        _ => Some(Change::Batch(changes)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::ProposalKind;
    use crate::domain::engagement::press::Press;
    use crate::domain::engagement::proposal::ProposalStatus;
    use crate::domain::views::EngagementInfo;
    use crate::tui::action::TextEdit;
    use crate::tui::app::Tone;
    use crate::tui::fixture::{at, d, visit as proposal, week_app as app};
    use crate::tui::form::Fields;
    use crate::tui::overlay::Overlay;

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
        app.overlay = Overlay::Form(ProposalForm::new(None, d("2025-03-14")).into());
        app
    }

    fn form(app: &App) -> &ProposalForm {
        app.overlay.form().and_then(Form::proposal).expect("the proposal form is open")
    }

    #[test]
    fn typing_goes_to_the_focused_field_and_tab_moves_the_focus() {
        let mut app = adding();
        type_text(&mut app, "benn");
        act(&mut app, Action::NextField);
        act(&mut app, Action::NextField);
        handle(&mut app, Input::Text(TextEdit::Clear));
        type_text(&mut app, "15:00");
        assert_eq!(form(&app).inputs.input(Field::Mp).text(), "benn");
        assert_eq!(form(&app).inputs.input(Field::Start).text(), "15:00");
        act(&mut app, Action::PrevField);
        assert_eq!(form(&app).inputs.focus, Field::Date);
    }

    #[test]
    fn submit_proposes_what_was_typed() {
        let mut app = adding();
        type_text(&mut app, "Leeds South");
        for (field, text) in [(Field::Kind, "visit"), (Field::Place, " Outpatients "), (Field::Attendees, "4")] {
            form_input(&mut app, field, text);
        }
        let commands = act(&mut app, Action::Submit);
        assert!(app.overlay.form().is_none());
        let expected = NewProposal {
            constituency_code: "E14001323".into(),
            title: String::new(),
            kind: ProposalKind::Visit,
            place: "Outpatients".into(),
            start: at("2025-03-14 10:00"),
            end: at("2025-03-14 11:00"),
            attendees: Some(4),
        };
        assert_eq!(
            commands,
            [Command::Apply(Change::Propose {
                new: expected,
                press: Press::default(),
                status: ProposalStatus::Proposed
            })]
        );
    }

    #[test]
    fn a_proposal_to_a_seat_not_tracked_says_so_and_tracks_it_as_part_of_the_change() {
        let mut app = adding();
        type_text(&mut app, "Leeds East");
        form_input(&mut app, Field::Status, "confirmed");
        let checked = form(&app).check(&FormContext::of(&app));
        assert!(
            checked.fields[0].note.ends_with("not tracked yet: saving starts tracking it"),
            "{:?}",
            checked.fields[0]
        );
        assert_eq!(checked.fields[Field::Status.index()].note, "ticks 3.2");
        let commands = act(&mut app, Action::Submit);
        let [Command::Apply(Change::Batch(steps))] = &commands[..] else { panic!("{commands:?}") };
        let [Change::Track { code, seat }, Change::Propose { status, .. }] = &steps[..] else { panic!("{steps:?}") };
        assert_eq!((code.as_str(), seat.as_str(), *status), ("E14001320", "Leeds East", ProposalStatus::Confirmed));
        let said = Change::Batch(steps.clone()).describe();
        assert!(said.starts_with("Tracking Leeds East; Saved the meeting"), "{said}");
    }

    #[test]
    fn editing_a_status_is_a_status_change_beside_the_edit() {
        let mut app = app();
        let p = app.data.week[0].clone();
        app.overlay = Overlay::Form(ProposalForm::edit(&p).into());
        form_input(&mut app, Field::Status, "held");
        form_input(&mut app, Field::Place, "Ward 4");
        let commands = act(&mut app, Action::Submit);
        let [Command::Apply(Change::Batch(steps))] = &commands[..] else { panic!("{commands:?}") };
        let [Change::Edit { .. }, Change::Status { before, after, ticked: None, .. }] = &steps[..] else {
            panic!("{steps:?}")
        };
        assert_eq!((*before, *after), (ProposalStatus::Proposed, ProposalStatus::Held));
        app.overlay = Overlay::Form(ProposalForm::edit(&p).into());
        form_input(&mut app, Field::Status, "maybe");
        assert!(act(&mut app, Action::Submit).is_empty(), "not a status");
        assert!(app.status.clone().unwrap().text.contains("Status"), "{:?}", app.status);
    }

    fn form_input(app: &mut App, field: Field, text: &str) {
        let form = app.overlay.form_mut().expect("the form is open");
        form.inputs_mut().focus_on(field.index());
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
        assert_eq!(form(&app).inputs.focus, Field::Length);
        assert_eq!(form(&app).inputs.input(Field::Attendees).text(), "x", "nothing typed is lost");
        let status = app.status.clone().unwrap();
        assert_eq!(status.tone, Tone::Error);
        assert!(status.text.starts_with("Not saved yet. Length: \"forever\" is not a duration"), "{}", status.text);
    }

    #[test]
    fn take_suggestion_fills_the_next_clear_slot() {
        let mut app = app();
        app.overlay =
            Overlay::Form(ProposalForm::new(Some(("E14001323".into(), "Leeds South".into())), d("2025-03-04")).into());
        act(&mut app, Action::TakeSuggestion);
        assert_eq!(form(&app).inputs.input(Field::Date).text(), "2025-03-08");
        assert_eq!(form(&app).inputs.input(Field::Start).text(), "11:30");
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
        app.overlay = Overlay::Form(ProposalForm::edit(&visit).into());
        form_input(&mut app, Field::Date, "2025-03-07");
        form_input(&mut app, Field::Start, "15:00");
        let commands = act(&mut app, Action::Submit);
        let after =
            NewProposal { start: at("2025-03-07 15:00"), end: at("2025-03-07 16:00"), ..NewProposal::from(&visit) };
        assert_eq!(commands, [Command::Apply(Change::Edit { id: 1, before: NewProposal::from(&visit), after })]);
    }

    #[test]
    fn saving_an_unchanged_edit_writes_nothing() {
        let mut app = app();
        app.overlay = Overlay::Form(ProposalForm::edit(&proposal(1, "2025-03-04 10:00", 60)).into());
        assert!(act(&mut app, Action::Submit).is_empty());
        assert!(app.overlay.form().is_none());
        assert_eq!(app.status.unwrap().text, "Nothing changed.");
    }

    #[test]
    fn cancel_closes_the_form_without_a_change() {
        let mut app = adding();
        type_text(&mut app, "Leeds South");
        assert!(act(&mut app, Action::Cancel).is_empty());
        assert!(app.overlay.form().is_none());
    }

    #[test]
    fn a_new_proposal_carries_its_press_plan() {
        let mut app = adding();
        type_text(&mut app, "Leeds South");
        form_input(&mut app, Field::Press, "ask");
        form_input(&mut app, Field::QuoteRequested, "2025-03-10");
        let commands = act(&mut app, Action::Submit);
        let [Command::Apply(Change::Propose { press, .. })] = commands.as_slice() else { panic!("{commands:?}") };
        assert_eq!(press.plan, crate::domain::engagement::press::PressPlan::Ask);
        assert_eq!(press.quote_requested_on, Some(d("2025-03-10")));
    }

    #[test]
    fn editing_only_the_press_plan_sets_it_and_editing_both_is_one_change() {
        let mut app = app();
        let visit = proposal(1, "2025-03-04 10:00", 60);
        app.overlay = Overlay::Form(ProposalForm::edit(&visit).into());
        form_input(&mut app, Field::Press, "mp-handles");
        let after = Press { plan: crate::domain::engagement::press::PressPlan::MpHandles, ..Press::default() };
        let set = Change::SetPress { id: 1, before: Press::default(), after: after.clone() };
        assert_eq!(act(&mut app, Action::Submit), [Command::Apply(set.clone())]);

        app.overlay = Overlay::Form(ProposalForm::edit(&visit).into());
        form_input(&mut app, Field::Press, "mp_handles");
        form_input(&mut app, Field::Start, "15:00");
        let commands = act(&mut app, Action::Submit);
        let moved =
            NewProposal { start: at("2025-03-04 15:00"), end: at("2025-03-04 16:00"), ..NewProposal::from(&visit) };
        let edit = Change::Edit { id: 1, before: NewProposal::from(&visit), after: moved };
        assert_eq!(commands, [Command::Apply(Change::Batch(vec![edit, set]))]);
    }

    #[test]
    fn a_bad_press_date_keeps_the_form_open_on_it() {
        let mut app = app();
        app.overlay = Overlay::Form(ProposalForm::edit(&proposal(1, "2025-03-04 10:00", 60)).into());
        form_input(&mut app, Field::Published, "someday");
        assert!(act(&mut app, Action::Submit).is_empty());
        assert_eq!(form(&app).inputs.focus, Field::Published);
        assert!(app.status.unwrap().text.starts_with("Not saved yet. Published: "));
    }

    /// The busy fixture with a form open on its detail screen.
    fn detail_with(form: Form) -> App {
        let mut app = crate::tui::fixture::busy_app();
        app.screen = crate::tui::app::Screen::Detail;
        app.overlay = Overlay::Form(form);
        app
    }

    fn log_form(tracked: bool) -> Form {
        Form::Log(LogForm::new("E14001323", "Leeds South", tracked, crate::tui::fixture::today()))
    }

    #[test]
    fn submitting_the_log_form_logs_the_contact_tracking_the_seat_first_if_needed() {
        let mut app = detail_with(log_form(true));
        let commands = act(&mut app, Action::Submit);
        let [Command::Apply(Change::Log { code, new, .. })] = commands.as_slice() else { panic!("{commands:?}") };
        assert_eq!((code.as_str(), new.kind.as_str(), new.on), ("E14001323", "letter", crate::tui::fixture::today()));
        assert!(app.overlay.form().is_none());

        let mut app = detail_with(log_form(false));
        let commands = act(&mut app, Action::Submit);
        let [Command::Apply(Change::Batch(changes))] = commands.as_slice() else { panic!("{commands:?}") };
        assert!(matches!(changes.as_slice(), [Change::Track { .. }, Change::Log { .. }]), "{changes:?}");
    }

    #[test]
    fn a_future_contact_is_not_logged() {
        let mut app = detail_with(log_form(true));
        app.overlay.form_mut().unwrap().inputs_mut().focus_on(crate::tui::form::LogField::Date.index());
        handle(&mut app, Input::Text(TextEdit::Clear));
        type_text(&mut app, "tomorrow");
        assert!(act(&mut app, Action::Submit).is_empty());
        let status = app.status.unwrap();
        assert_eq!(status.tone, Tone::Error);
        assert!(status.text.starts_with("Not saved yet. Date: Wednesday 25 November 2026 is in the future"));
    }

    #[test]
    fn the_engagement_form_saves_what_changed_and_nothing_when_nothing_did() {
        let info = crate::tui::fixture::busy_app().data.detail.and_then(|d| d.engagement).unwrap();
        let form = || Form::Engagement(EngagementForm::new("E14001323", "Leeds South", &info));
        let mut app = detail_with(form());
        assert!(act(&mut app, Action::Submit).is_empty());
        assert_eq!(app.status.clone().unwrap().text, "Nothing changed.");

        let mut app = detail_with(form());
        act(&mut app, Action::NextField);
        handle(&mut app, Input::Text(TextEdit::Clear));
        type_text(&mut app, "30");
        let commands = act(&mut app, Action::Submit);
        let after = EngagementInfo { cadence_days: 30, ..info.clone() };
        let change =
            Change::Engagement { code: "E14001323".into(), seat: "Leeds South".into(), before: info.clone(), after };
        assert_eq!(commands, [Command::Apply(change)]);

        let mut app = detail_with(form());
        act(&mut app, Action::NextField);
        type_text(&mut app, "x");
        assert!(act(&mut app, Action::Submit).is_empty());
        assert!(app.status.unwrap().text.starts_with("Not saved yet. Cadence: \"90x\" is not a cadence"));
    }

    #[test]
    fn take_suggestion_does_nothing_in_other_forms() {
        let mut app = detail_with(log_form(true));
        let before = app.overlay.form().cloned();
        assert!(act(&mut app, Action::TakeSuggestion).is_empty());
        assert_eq!(app.overlay.form().cloned(), before);
    }

    #[test]
    fn the_whole_update_routes_keys_to_the_form() {
        let mut app = adding();
        let commands = crate::tui::update::update(&mut app, Input::Action(Action::Cancel));
        assert!(commands.is_empty() && app.overlay.form().is_none());
    }
}
