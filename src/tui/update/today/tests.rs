//! Every kind of item on Today with each of its keys, on the busy fixture: conflicts ahead (the
//! Leeds East event, the Leeds South meeting), the next seven days (those and the Leeds South
//! visit), an overdue follow-up (call Leeds South, 2.4), Leeds South's next step (2.2), and the
//! calendar warning; and a relationship gone quiet added to it.

use chrono::Days;

use super::*;
use crate::domain::engagement::agenda::Agenda;
use crate::domain::engagement::proposal::ProposalStatus;
use crate::tui::fixture::{busy_app, busy_app_every_kind, d, today};
use crate::tui::form::{InfoField, LogField, Quick};
use crate::tui::update::{Outcome, outcome, update};

fn on_today() -> App {
    let mut app = busy_app();
    app.screen = Screen::Today;
    app
}

fn act(app: &mut App, action: Action) -> Vec<Command> {
    update(app, crate::tui::action::Input::Action(action))
}

/// Selects the first item of `section`.
fn select(app: &mut App, section: &str) {
    let items = review::items(&app.data.agenda);
    app.today_pane.selected = items.iter().position(|l| l.section == section).expect("the section has an item");
}

fn selected_identity(app: &App) -> String {
    review::items(&app.data.agenda)[app.today_pane.selected].identity()
}

fn status(app: &App) -> String {
    app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()
}

#[test]
fn j_and_k_move_over_items_and_tab_jumps_to_the_next_section() {
    let mut app = on_today();
    assert_eq!(selected_identity(&app), "conflicts_ahead/3");
    act(&mut app, Action::Down);
    assert_eq!(selected_identity(&app), "conflicts_ahead/2");
    act(&mut app, Action::NextSection);
    assert_eq!(selected_identity(&app), "proposals_next_seven_days/3", "Today is empty, so it is passed over");
    act(&mut app, Action::Down);
    act(&mut app, Action::PrevSection);
    assert_eq!(selected_identity(&app), "proposals_next_seven_days/3", "first back to the start of its section");
    act(&mut app, Action::PrevSection);
    assert_eq!(selected_identity(&app), "conflicts_ahead/3");
    act(&mut app, Action::Bottom);
    assert_eq!(selected_identity(&app), "calendar_warning/");
    act(&mut app, Action::NextSection);
    assert_eq!(selected_identity(&app), "calendar_warning/", "nothing after the last section");
    act(&mut app, Action::Up);
    assert_eq!(selected_identity(&app), "next_steps/E14001323", "nothing snoozed in between");
    act(&mut app, Action::Top);
    assert_eq!(app.today_pane.selected, 0);
}

#[test]
fn a_proposal_is_confirmed_held_or_cancelled_with_one_key() {
    for (action, status) in [
        (Action::ConfirmProposal, ProposalStatus::Confirmed),
        (Action::MarkHeld, ProposalStatus::Held),
        (Action::CancelProposal, ProposalStatus::Cancelled),
    ] {
        let mut app = on_today();
        select(&mut app, "proposals_next_seven_days");
        let commands = act(&mut app, action);
        let [Command::Apply(Change::Status { id, code, before, after, ticked, .. })] = &commands[..] else {
            panic!("{action:?}: {commands:?}")
        };
        assert_eq!(
            (*id, code.as_str(), *before, *after, ticked),
            (3, "E14001320", ProposalStatus::Proposed, status, &None)
        );
    }
}

#[test]
fn a_status_the_proposal_has_already_is_said_and_changes_nothing() {
    let mut app = on_today();
    app.data.agenda.proposals_next_seven_days[0].proposal.status = ProposalStatus::Confirmed;
    select(&mut app, "proposals_next_seven_days");
    assert!(act(&mut app, Action::ConfirmProposal).is_empty());
    assert_eq!(status(&app), "Event with Richard Burgon on Thu 26 Nov 18:00 is already confirmed.");
}

#[test]
fn e_opens_a_proposal_in_the_form_to_move_it_and_enter_shows_it_on_its_week() {
    let mut app = on_today();
    select(&mut app, "proposals_next_seven_days");
    act(&mut app, Action::Down);
    assert!(act(&mut app, Action::Edit).is_empty());
    let Some(Form::Proposal(form)) = app.overlay.form() else { panic!("the proposal form: {:?}", app.overlay) };
    assert_eq!(form.editing.as_ref().map(|p| p.id), Some(1));
    app.overlay.close();
    let commands = act(&mut app, Action::Open);
    assert_eq!(commands, [Command::LoadWeek(d("2026-11-23"))]);
    assert_eq!((app.screen, app.week.date(), app.week.to_proposal), (Screen::Week, d("2026-11-27"), Some(1)));
}

#[test]
fn an_overdue_follow_up_is_logged_ticked_snoozed_or_opened_at_its_step() {
    let mut app = on_today();
    select(&mut app, "follow_ups_overdue");
    assert!(act(&mut app, Action::LogContact).is_empty());
    let Some(Form::Log(form)) = app.overlay.form() else { panic!("the log form: {:?}", app.overlay) };
    assert_eq!((form.code.as_str(), form.inputs.text(LogField::Kind)), ("E14001323", "call"));
    assert_eq!((form.inputs.text(LogField::Date), form.inputs.focus), ("2026-11-24", LogField::Note));
    app.overlay.close();

    let commands = act(&mut app, Action::ToggleDone);
    let expected = Change::Mark {
        code: "E14001323".into(),
        seat: "Leeds South".into(),
        key: "2.4".into(),
        state: ItemState::Done,
    };
    assert_eq!(commands, [Command::Apply(expected)]);

    assert!(act(&mut app, Action::Snooze).is_empty());
    let Some(Form::Quick(form)) = app.overlay.form() else { panic!("the snooze form: {:?}", app.overlay) };
    assert!(matches!(&form.purpose, Quick::Snooze { .. }));
    assert_eq!(form.input.text(), today().checked_add_days(Days::new(7)).unwrap().to_string(), "a week unless changed");
    app.overlay.close();

    assert_eq!(act(&mut app, Action::Open), [Command::LoadDetail("E14001323".into())]);
    assert_eq!((app.screen, app.detail.landing.clone()), (Screen::Detail, Some(Landing::Step("2.4".into()))));
}

#[test]
fn a_next_step_is_ticked_skipped_or_noted() {
    let mut app = on_today();
    select(&mut app, "next_steps");
    let mark = |state| {
        Command::Apply(Change::Mark { code: "E14001323".into(), seat: "Leeds South".into(), key: "2.2".into(), state })
    };
    assert_eq!(act(&mut app, Action::ToggleDone), [mark(ItemState::Done)]);
    assert_eq!(act(&mut app, Action::Skip), [mark(ItemState::Skipped)]);
    assert!(act(&mut app, Action::EditNote).is_empty());
    let Some(Form::Quick(form)) = app.overlay.form() else { panic!("the note form: {:?}", app.overlay) };
    assert_eq!(form.title(), " Note on 2.2: Leeds South ");
    app.overlay.close();
    assert_eq!(act(&mut app, Action::Open), [Command::LoadDetail("E14001323".into())]);
    assert_eq!(app.detail.landing, Some(Landing::Step("2.2".into())));
}

#[test]
fn a_relationship_gone_quiet_is_logged_its_cadence_changed_or_its_log_opened() {
    let mut app = busy_app_every_kind();
    select(&mut app, "gone_quiet");
    act(&mut app, Action::LogContact);
    let Some(Form::Log(form)) = app.overlay.form() else { panic!("the log form: {:?}", app.overlay) };
    assert_eq!(form.inputs.text(LogField::Kind), "email");
    app.overlay.close();

    act(&mut app, Action::Snooze);
    let Some(Form::Quick(form)) = app.overlay.form() else { panic!("the snooze form: {:?}", app.overlay) };
    assert!(matches!(&form.purpose, Quick::Snooze { id, .. } if id == "back_in_touch.E14001323"), "{form:?}");
    app.overlay.close();

    assert_eq!(act(&mut app, Action::Edit), [Command::LoadDetail("E14001323".into())]);
    assert_eq!((app.screen, app.detail.landing.clone()), (Screen::Today, Some(Landing::Cadence)), "Today stays");
    let detail = busy_app().data.detail;
    outcome(&mut app, Outcome::Read(crate::tui::load::Read { detail: Some(detail), ..Default::default() }));
    let Some(Form::Engagement(form)) = app.overlay.form() else { panic!("the notes form: {:?}", app.overlay) };
    assert_eq!((form.inputs.focus, form.inputs.text(InfoField::Cadence)), (InfoField::Cadence, "90"));
    app.overlay.close();

    select(&mut app, "gone_quiet");
    act(&mut app, Action::Open);
    assert_eq!((app.screen, app.detail.landing.clone()), (Screen::Detail, Some(Landing::ContactLog)));
}

#[test]
fn a_snoozed_follow_up_comes_back_now_or_is_put_off_to_another_day() {
    let mut app = busy_app_every_kind();
    select(&mut app, "snoozed");
    let commands = act(&mut app, Action::Unsnooze);
    let back = Change::Snooze {
        id: "brief_everyone.E14001323.1".into(),
        what: "Brief everyone taking part (Leeds South)".into(),
        before: Some(d("2026-11-26")),
        after: None,
    };
    assert_eq!(commands, [Command::Apply(back)]);
    act(&mut app, Action::Snooze);
    let Some(Form::Quick(form)) = app.overlay.form() else { panic!("the snooze form: {:?}", app.overlay) };
    assert_eq!(form.input.text(), "2026-11-26", "the day it comes back, to change");
    app.overlay.close();
    assert_eq!(act(&mut app, Action::Open), [Command::LoadDetail("E14001323".into())]);
    assert_eq!(app.detail.landing, Some(Landing::Step("4.2".into())));
}

#[test]
fn enter_on_the_calendar_warning_offers_the_update() {
    let mut app = on_today();
    select(&mut app, "calendar_warning");
    assert!(act(&mut app, Action::Open).is_empty());
    let Overlay::Palette(Palette::Prompt { input, .. }) = &app.overlay else {
        panic!("the palette: {:?}", app.overlay)
    };
    assert_eq!(input.text(), "update ");
}

#[test]
fn a_key_the_item_does_not_take_names_those_it_does() {
    let mut app = on_today();
    select(&mut app, "next_steps");
    assert!(act(&mut app, Action::ConfirmProposal).is_empty());
    assert_eq!(status(&app), "Here: Enter opens it, Space tick, s skip, n note.");
    select(&mut app, "calendar_warning");
    assert!(act(&mut app, Action::Snooze).is_empty());
    assert_eq!(status(&app), "Here: Enter opens it.");
}

/// The agenda as the fixture's, less the items `gone` names.
fn without(agenda: &Agenda, gone: &[&str]) -> Agenda {
    let mut after = agenda.clone();
    let keep = |section: &str, id: String| !gone.contains(&format!("{section}/{id}").as_str());
    after.conflicts_ahead.retain(|f| keep("conflicts_ahead", f.proposal.id.to_string()));
    after.proposals_next_seven_days.retain(|f| keep("proposals_next_seven_days", f.proposal.id.to_string()));
    after.follow_ups_overdue.retain(|f| keep("follow_ups_overdue", f.id.clone()));
    after
}

#[test]
fn an_item_acted_on_leaves_without_the_cursor_jumping() {
    let mut app = on_today();
    select(&mut app, "proposals_next_seven_days");
    act(&mut app, Action::Down);
    assert_eq!(selected_identity(&app), "proposals_next_seven_days/1");
    // Cancelling the visit takes it out of the next seven days; the meeting after it is selected.
    let read = |agenda| Outcome::Read(crate::tui::load::Read { agenda: Some(agenda), ..Default::default() });
    let after = without(&app.data.agenda, &["proposals_next_seven_days/1"]);
    outcome(&mut app, read(after));
    assert_eq!(selected_identity(&app), "proposals_next_seven_days/2");
    // Cancelling the meeting takes it out of conflicts ahead above as well: still the next one.
    let after = without(&app.data.agenda, &["conflicts_ahead/2", "proposals_next_seven_days/2"]);
    outcome(&mut app, read(after));
    assert_eq!(selected_identity(&app), "follow_ups_overdue/call_after_letter.E14001323");
    // An item changed in place (the next step moving on) keeps the cursor.
    select(&mut app, "next_steps");
    let mut after = app.data.agenda.clone();
    after.next_steps[0].key = "2.3";
    outcome(&mut app, read(after));
    assert_eq!(selected_identity(&app), "next_steps/E14001323");
}

#[test]
fn the_note_and_snooze_forms_save_what_was_typed() {
    use crate::tui::action::{Input, TextEdit};
    let mut app = on_today();
    select(&mut app, "next_steps");
    act(&mut app, Action::EditNote);
    for c in "Ask for Sam".chars() {
        update(&mut app, Input::Text(TextEdit::Insert(c)));
    }
    let commands = act(&mut app, Action::Submit);
    let [Command::Apply(Change::SetEntry { code, before, after, .. })] = &commands[..] else { panic!("{commands:?}") };
    assert_eq!((code.as_str(), before.note.as_str(), after.note.as_str()), ("E14001323", "", "Ask for Sam"));
    assert_eq!((&*after.key, after.state), ("2.2", ItemState::Todo));

    select(&mut app, "follow_ups_overdue");
    act(&mut app, Action::Snooze);
    update(&mut app, Input::Text(TextEdit::Clear));
    for c in "2026-11-24".chars() {
        update(&mut app, Input::Text(TextEdit::Insert(c)));
    }
    assert!(act(&mut app, Action::Submit).is_empty(), "today is not a day to snooze until");
    assert!(status(&app).contains("is not after today"), "{}", status(&app));
    update(&mut app, Input::Text(TextEdit::Clear));
    for c in "+2w".chars() {
        update(&mut app, Input::Text(TextEdit::Insert(c)));
    }
    let commands = act(&mut app, Action::Submit);
    let [Command::Apply(Change::Snooze { after, before, .. })] = &commands[..] else { panic!("{commands:?}") };
    assert_eq!((*before, *after), (None, Some(d("2026-12-08"))));
    assert!(app.overlay.form().is_none());
}

#[test]
fn a_proposal_opened_from_today_is_selected_on_its_week_once_read() {
    let mut app = on_today();
    select(&mut app, "conflicts_ahead");
    act(&mut app, Action::Down);
    act(&mut app, Action::Open);
    let week: Vec<_> = app.data.agenda.proposals_next_seven_days.iter().map(|f| f.proposal.clone()).collect();
    let mut same_day = week[2].clone();
    same_day.id = 9;
    same_day.start -= chrono::TimeDelta::hours(2);
    let read = crate::tui::load::Read { week: Some([vec![same_day], week].concat()), ..Default::default() };
    outcome(&mut app, Outcome::Read(read));
    assert_eq!((app.week.date(), app.week.selected, app.week.to_proposal), (d("2026-12-01"), 1, None));
    assert_eq!(app.week_day_proposals()[app.week.selected].id, 2);
}
