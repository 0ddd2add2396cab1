//! The Today screen: moving through the daily review's items and acting on the one selected, each
//! in a key or two. What a key does depends on the kind of item ([`Listed::actions`]); a key the
//! item does not take says which keys it does.

use super::{Command, open_detail, status, step};
use crate::domain::engagement::checklist::ItemState;
use crate::domain::engagement::proposal::Proposal;
use crate::tui::action::Action;
use crate::tui::app::{App, Landing, Screen};
use crate::tui::change::Change;
use crate::tui::form::quick::snoozed_what;
use crate::tui::form::{Form, LogForm, ProposalForm, QuickForm};
use crate::tui::overlay::Overlay;
use crate::tui::palette::Palette;
use crate::tui::review::{self, Item};

pub fn handle(app: &mut App, action: Action) -> Vec<Command> {
    let items = review::items(&app.data.agenda);
    let selected = app.today_pane.selected.min(items.len().saturating_sub(1));
    match action {
        Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
            app.today_pane.selected = step(selected, items.len(), action);
            return Vec::new();
        }
        Action::NextSection | Action::PrevSection => {
            app.today_pane.selected = review::section_start(&items, selected, action == Action::NextSection);
            return Vec::new();
        }
        _ => {}
    }
    let Some(listed) = items.get(selected).copied() else {
        app.info("Nothing to act on: the review is empty.");
        return Vec::new();
    };
    if action != Action::Open && !listed.actions().contains(&action) {
        let actions = listed.actions();
        say_what_it_takes(app, actions);
        return Vec::new();
    }
    match listed.item {
        Item::Proposal(flagged) => {
            let proposal = flagged.proposal.clone();
            proposal_action(app, proposal, action)
        }
        Item::FollowUp(f) | Item::Quiet(f) => {
            let (code, seat, step, contact) = (f.code.to_string(), f.seat.to_string(), f.step, f.contact);
            let quiet = matches!(listed.item, Item::Quiet(_));
            match action {
                Action::Open if quiet => open_at(app, code, Landing::ContactLog),
                Action::Open => open_at(app, code, step.map_or(Landing::NextStep, |k| Landing::Step(k.into()))),
                Action::LogContact => {
                    let form = LogForm::new(&code, &seat, true, app.today);
                    let form = match contact {
                        Some(kind) => form.asking(kind),
                        None => form,
                    };
                    app.overlay = Overlay::Form(Form::Log(form));
                    Vec::new()
                }
                Action::ToggleDone => match step {
                    Some(key) => mark(code, seat, key, ItemState::Done),
                    None => Vec::new(),
                },
                Action::Snooze => {
                    app.overlay = Overlay::Form(Form::Quick(QuickForm::snooze(f, None, app.today)));
                    Vec::new()
                }
                Action::Edit => cadence(app, code),
                _ => Vec::new(),
            }
        }
        Item::NextStep(s) => {
            let (code, seat, key) = (s.code.to_string(), s.seat.to_string(), s.key);
            match action {
                Action::Open => open_at(app, code, Landing::Step(key.into())),
                Action::ToggleDone => mark(code, seat, key, ItemState::Done),
                Action::Skip => mark(code, seat, key, ItemState::Skipped),
                Action::EditNote => {
                    app.overlay = Overlay::Form(Form::Quick(QuickForm::note(s)));
                    Vec::new()
                }
                _ => Vec::new(),
            }
        }
        Item::Snoozed(s) => {
            let (id, code, step, until) =
                (s.follow_up.id.clone(), s.follow_up.code.to_string(), s.follow_up.step, s.snoozed_until);
            let form = QuickForm::snooze(&s.follow_up, Some(until), app.today);
            let what = snoozed_what(&s.follow_up);
            match action {
                Action::Open => open_at(app, code, step.map_or(Landing::NextStep, |k| Landing::Step(k.into()))),
                Action::Snooze => {
                    app.overlay = Overlay::Form(Form::Quick(form));
                    Vec::new()
                }
                Action::Unsnooze => {
                    vec![Command::Apply(Change::Snooze { id, what, before: Some(until), after: None })]
                }
                _ => Vec::new(),
            }
        }
        Item::Data => {
            app.overlay = Overlay::Palette(Palette::prompt("update "));
            Vec::new()
        }
    }
}

/// A proposal's keys: Enter shows it on its week; confirm, held and cancel set its status (the
/// first two tick their checklist item); edit opens it in the form, to move it.
fn proposal_action(app: &mut App, proposal: Proposal, action: Action) -> Vec<Command> {
    match action {
        Action::ConfirmProposal | Action::MarkHeld | Action::CancelProposal => {
            status::set(app, &proposal, status::of(action))
        }
        Action::Edit => {
            app.overlay = Overlay::Form(ProposalForm::edit(&proposal).into());
            Vec::new()
        }
        _ => super::show_on_week(app, &proposal),
    }
}

fn mark(code: String, seat: String, key: &str, state: ItemState) -> Vec<Command> {
    vec![Command::Apply(Change::Mark { code, seat, key: key.to_string(), state })]
}

/// Opens the seat's detail with the cursor where `landing` says.
fn open_at(app: &mut App, code: String, landing: Landing) -> Vec<Command> {
    let commands = open_detail(app, code);
    app.detail.landing = Some(landing);
    commands
}

/// The engagement's notes in their form, on the cadence, over the Today screen: at once when
/// the seat is the one read for the detail, else once it is.
fn cadence(app: &mut App, code: String) -> Vec<Command> {
    app.detail.code = Some(code.clone());
    app.detail.selected = 0;
    app.detail.log = None;
    app.detail.proposals = None;
    app.detail.landing = Some(Landing::Cadence);
    vec![Command::LoadDetail(code)]
}

/// The status line names the keys the selected item takes.
fn say_what_it_takes(app: &mut App, actions: &[Action]) {
    let keys: Vec<String> = actions
        .iter()
        .filter_map(|&action| {
            let key = app.screen_key(Screen::Today, action)?;
            let hint = app.keymap.hint_for(&Screen::Today.scopes(), action)?;
            Some(format!("{key} {hint}"))
        })
        .collect();
    let open = app.screen_key(Screen::Today, Action::Open).map(|k| format!("{k} opens it"));
    let all: Vec<String> = open.into_iter().chain(keys).collect();
    if all.is_empty() {
        app.info("That key does nothing here.");
    } else {
        app.info(format!("Here: {}.", all.join(", ")));
    }
}

#[cfg(test)]
mod tests;
