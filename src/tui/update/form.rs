//! Keys while a form is open: typing into the focused field, moving between fields, taking the
//! suggested clear slot (proposals), saving and cancelling. Ctrl-C is handled before this.

use super::Command;
use crate::domain::calendar::Flag;
use crate::domain::engagement::proposal::NewProposal;
use crate::tui::action::{Action, Input, TextEdit};
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
    let inputs = form.inputs_mut();
    let choice = inputs.is_choice(inputs.focus_index());
    match input {
        // A choice takes a letter as a jump to the next value starting with it, and no other edit.
        Input::Text(TextEdit::Insert(letter)) if choice => {
            if !inputs.jump(letter) {
                let say = format!("No choice starts with \"{letter}\": {}.", inputs.choices().join(", "));
                app.info(say);
            }
        }
        Input::Text(_) if choice => {}
        Input::Text(edit) => inputs.focused_mut().apply(edit),
        Input::Action(Action::NextChoice) => inputs.cycle(1),
        Input::Action(Action::PrevChoice) => inputs.cycle(-1),
        Input::Action(Action::NextField) => inputs.next(),
        Input::Action(Action::PrevField) => inputs.prev(),
        Input::Action(Action::Up | Action::Down) => pick(app, input == Input::Action(Action::Down)),
        Input::Action(Action::TakeMatch) => take_match(app),
        Input::Action(Action::Cancel) => {
            app.overlay.close();
            app.info("Cancelled; nothing changed.");
        }
        Input::Action(Action::TakeSuggestion) => take_suggestion(app),
        Input::Action(Action::Submit) => return submit(app),
        Input::Action(_) => {}
    }
    refresh_matches(app);
    Vec::new()
}

/// Works out again the seats the proposal's MP field offers, keeping the highlighted one when it
/// is still offered.
fn refresh_matches(app: &mut App) {
    let Some(form) = app.overlay.form().and_then(Form::proposal) else { return };
    let matches = form.find_matches(&FormContext::of(app));
    if let Some(Form::Proposal(form)) = app.overlay.form_mut()
        && form.matches != matches
    {
        let kept = form.matches.get(form.picked).and_then(|m| matches.iter().position(|n| n == m));
        form.picked = kept.unwrap_or(0);
        form.matches = matches;
    }
}

/// Highlights the seat offered below (or above) the highlighted one, wrapping round.
fn pick(app: &mut App, down: bool) {
    if let Some(Form::Proposal(form)) = app.overlay.form_mut()
        && !form.matches.is_empty()
    {
        let n = form.matches.len();
        form.picked = if down { (form.picked + 1) % n } else { (form.picked + n - 1) % n };
    }
}

/// Puts the highlighted seat in the MP field.
fn take_match(app: &mut App) {
    if let Some(Form::Proposal(form)) = app.overlay.form_mut()
        && let Some(label) = form.take_match()
    {
        app.info(format!("MP: {label}."));
    }
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
            all_day: false,
            fold: Default::default(),
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
        // A status the form cannot choose (one stored by hand, say) is still refused.
        if let Some(Form::Proposal(form)) = app.overlay.form_mut() {
            *form.inputs.input_mut(Field::Status) = TextInput::new("maybe");
        }
        assert!(act(&mut app, Action::Submit).is_empty(), "not a status");
        assert!(app.status.clone().unwrap().text.contains("Status"), "{:?}", app.status);
    }

    /// Types `text` into `field`; a choice is cycled to it instead, as the keys do.
    fn form_input(app: &mut App, field: Field, text: &str) {
        let form = app.overlay.form_mut().expect("the form is open");
        form.inputs_mut().focus_on(field.index());
        if field.choices().is_empty() {
            handle(app, Input::Text(TextEdit::Clear));
            type_text(app, text);
            return;
        }
        for _ in 0..field.choices().len() {
            if form_text(app, field) == text {
                return;
            }
            act(app, Action::NextChoice);
        }
        assert_eq!(form_text(app, field), text, "{text} is one of the choices");
    }

    fn form_text(app: &App, field: Field) -> String {
        form(app).inputs.input(field).text().to_string()
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
        form_input(&mut app, Field::Press, "mp-handles");
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

    /// What a key does in the app as it stands, as the event loop asks the keymap.
    fn key(app: &App, key: &str) -> Option<Input> {
        app.keymap.input(&app.scopes(), crate::tui::keymap::Key::parse(key).expect("a key"), app.typing())
    }

    /// Presses `keys` one after another, as the event loop does.
    fn press(app: &mut App, keys: &[&str]) {
        for k in keys {
            if let Some(input) = key(app, k) {
                handle(app, input);
            }
        }
    }

    #[test]
    fn left_and_right_cycle_a_choice_and_wrap_round() {
        let mut app = adding();
        form_input(&mut app, Field::Kind, "meeting");
        assert_eq!(key(&app, "right"), Some(Input::Action(Action::NextChoice)));
        press(&mut app, &["right"]);
        assert_eq!(form_text(&app, Field::Kind), "visit");
        press(&mut app, &["left", "left"]);
        let last = ProposalKind::ALL[ProposalKind::ALL.len() - 1].as_str();
        assert_eq!(form_text(&app, Field::Kind), last, "back past the first is the last");
        press(&mut app, &["backspace", "ctrl-u", "ctrl-w", "delete"]);
        assert_eq!(form_text(&app, Field::Kind), last, "a choice is not edited as text");
        let checked = form(&app).check(&FormContext::of(&app));
        assert_eq!(checked.fields[Field::Kind.index()].error, None);
    }

    #[test]
    fn a_letter_jumps_to_the_next_choice_starting_with_it() {
        let mut app = adding();
        form_input(&mut app, Field::Kind, "meeting");
        press(&mut app, &["s"]);
        assert_eq!(form_text(&app, Field::Kind), "surgery");
        press(&mut app, &["V"]);
        assert_eq!(form_text(&app, Field::Kind), "visit");
        press(&mut app, &["q"]);
        assert_eq!(form_text(&app, Field::Kind), "visit", "no kind starts with q");
        let said = app.status.clone().expect("a message").text;
        assert!(said.starts_with("No choice starts with \"q\": meeting, visit"), "{said}");

        let mut log = crate::tui::fixture::busy_app();
        log.overlay = Overlay::Form(Form::Log(LogForm::new("E14001323", "Leeds South", true, log.today)));
        press(&mut log, &["c", "tab", "f"]);
        let Some(Form::Log(form)) = log.overlay.form() else { panic!("the log form is open") };
        let text = |f| form.inputs.text(f);
        use crate::tui::form::LogField;
        assert_eq!((text(LogField::Kind), text(LogField::Direction)), ("call", "from"));
        let value = form.check(&FormContext::of(&log)).value.expect("a contact to log");
        assert_eq!(value.kind, crate::domain::engagement::contact::InteractionKind::Call);
    }

    #[test]
    fn the_mp_field_offers_matches_tracked_first_picked_with_up_down_and_enter() {
        let mut app = adding();
        press(&mut app, &["l", "e", "e", "d", "s"]);
        let labels: Vec<&str> = form(&app).matches.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels.len(), 3, "{labels:?}");
        assert_eq!(labels[0], "Leeds South — Hilary Benn (Labour)", "the tracked seat first");
        assert_eq!(key(&app, "enter"), Some(Input::Action(Action::TakeMatch)), "Enter takes, not saves");
        press(&mut app, &["down", "down", "up"]);
        assert_eq!(form(&app).picked, 1);
        press(&mut app, &["up", "up"]);
        assert_eq!(form(&app).picked, 2, "round from the top to the bottom");
        let (code, label) = form(&app).matches[2].clone();
        press(&mut app, &["enter"]);
        assert!(app.overlay.form().is_some(), "the form stays open");
        assert_eq!(form_text(&app, Field::Mp), label);
        assert_eq!(form(&app).inputs.focus, Field::Date, "on to the next field");
        assert!(form(&app).matches.is_empty());
        assert_eq!(key(&app, "enter"), Some(Input::Action(Action::Submit)), "Enter saves again");
        let checked = form(&app).check(&FormContext::of(&app));
        assert_eq!(checked.proposal.expect("the form is valid").constituency_code, code);

        let mut none = adding();
        press(&mut none, &["z", "z", "z"]);
        assert!(form(&none).matches.is_empty(), "nothing matches");
        assert_eq!(key(&none, "down"), Some(Input::Action(Action::NextField)), "down moves on as ever");
    }

    #[test]
    fn the_cursor_moves_within_a_field_and_typing_lands_at_it() {
        let mut app = adding();
        form_input(&mut app, Field::Place, "Ward");
        press(&mut app, &["left", "left", "x"]);
        assert_eq!(form_text(&app, Field::Place), "Waxrd");
        press(&mut app, &["home", "["]);
        press(&mut app, &["end", "]"]);
        assert_eq!(form_text(&app, Field::Place), "[Waxrd]");
        press(&mut app, &["ctrl-a", "right", "delete"]);
        assert_eq!(form_text(&app, Field::Place), "[axrd]");
        assert_eq!(form(&app).inputs.input(Field::Place).cursor(), 1);
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_the_cursor_and_ctrl_u_the_line() {
        let mut app = adding();
        form_input(&mut app, Field::Place, "Main hospital  outpatients");
        press(&mut app, &["ctrl-w"]);
        assert_eq!(form_text(&app, Field::Place), "Main hospital  ");
        press(&mut app, &["ctrl-w"]);
        assert_eq!(form_text(&app, Field::Place), "Main ");
        press(&mut app, &["left", "left", "ctrl-w"]);
        assert_eq!(form_text(&app, Field::Place), "n ", "from the cursor back");
        assert_eq!(form(&app).inputs.input(Field::Place).cursor(), 0);
        press(&mut app, &["ctrl-u"]);
        assert_eq!(form_text(&app, Field::Place), "");
    }

    #[test]
    fn a_past_date_is_flagged_but_saved() {
        let mut app = adding();
        type_text(&mut app, "Leeds South");
        form_input(&mut app, Field::Date, "2025-03-03");
        let checked = form(&app).check(&FormContext::of(&app));
        let date = &checked.fields[Field::Date.index()];
        assert!(date.note.starts_with(crate::tui::form::PAST), "{date:?}");
        assert_eq!(date.error, None);
        let mut today = adding();
        form_input(&mut today, Field::Date, "2025-03-04");
        let checked = form(&today).check(&FormContext::of(&today));
        assert!(!checked.fields[Field::Date.index()].note.contains("past"), "today is not in the past");
        let commands = act(&mut app, Action::Submit);
        let [Command::Apply(Change::Propose { new, .. })] = &commands[..] else { panic!("{commands:?}") };
        assert_eq!(new.start, at("2025-03-03 10:00"));
    }

    #[test]
    fn a_new_proposal_from_the_week_starts_on_the_selected_day_even_a_past_one() {
        let mut app = app();
        crate::tui::update::update(&mut app, Input::Action(Action::Left));
        crate::tui::update::update(&mut app, Input::Action(Action::Add));
        assert_eq!(form_text(&app, Field::Date), "2025-03-03", "Monday, the day before today");
        let checked = form(&app).check(&FormContext::of(&app));
        assert!(checked.fields[Field::Date.index()].note.starts_with(crate::tui::form::PAST));
    }

    #[test]
    fn a_new_proposal_from_mp_detail_starts_on_the_next_clear_slot() {
        let mut app = crate::tui::fixture::busy_app();
        app.screen = crate::tui::app::Screen::Detail;
        crate::tui::update::update(&mut app, Input::Action(Action::Add));
        let form = form(&app);
        let checked = form.check(&FormContext::of(&app));
        let start = checked.proposal.as_ref().expect("the form is valid").start;
        assert!(start.date() > app.today, "not today or before: {start}");
        assert_eq!(checked.flag.map(|f| f.flag), Some(Flag::Clear), "{start}");
        assert_eq!((checked.clash, checked.suggestion), (None, None), "{start}");
        assert_eq!(form.inputs.focus, Field::Date);
    }
}
