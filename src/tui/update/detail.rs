//! The MP detail screen: ticking, skipping and annotating checklist steps; the contact log (shown
//! instead of the checklist with one key, logged to with another); the engagement's notes; and
//! the letter and brief.

use super::{Command, Document, step, switch};
use crate::domain::limits::{Field, TooLong};
use crate::tui::action::{Action, Input};
use crate::tui::app::{App, Screen};
use crate::tui::change::Change;
use crate::tui::form::{EngagementForm, Form, FormContext, LogForm, ProposalForm};
use crate::tui::overlay::Overlay;
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
            match (app.detail.log, app.detail.proposals) {
                (Some(scroll), _) => app.detail.log = Some(step(scroll, data.interactions.len(), action)),
                (_, Some(at)) => app.detail.proposals = Some(step(at, data.proposals.len(), action)),
                _ => app.detail.selected = step(app.detail.selected, data.checklist.len(), action),
            }
            Vec::new()
        }
        Action::Contacts => {
            app.detail.log = if app.detail.log.is_some() { None } else { Some(0) };
            app.detail.proposals = None;
            Vec::new()
        }
        Action::Proposals => {
            // The soonest from today on, or the latest when all are past.
            let next = data.proposals.iter().position(|p| p.start.date() >= app.today);
            let at = next.unwrap_or(data.proposals.len().saturating_sub(1));
            app.detail.proposals = if app.detail.proposals.is_some() { None } else { Some(at) };
            app.detail.log = None;
            Vec::new()
        }
        Action::ConfirmProposal | Action::MarkHeld | Action::CancelProposal | Action::Edit | Action::WriteInvite => {
            let Some(p) = app.detail.proposals.and_then(|at| data.proposals.get(at)).cloned() else {
                match app.key(Action::Add) {
                    Some(key) => app.info(format!("{seat} has no proposal yet: press {key} to propose one.")),
                    None => app.info(format!("{seat} has no proposal yet.")),
                }
                return Vec::new();
            };
            if action == Action::Edit {
                app.overlay = Overlay::Form(ProposalForm::edit(&p).into());
                return Vec::new();
            }
            if action == Action::WriteInvite {
                return vec![Command::Write(Document::Invite(p.id), p.constituency_code)];
            }
            super::status::set(app, &p, super::status::of(action))
        }
        Action::ToggleDone | Action::Skip | Action::EditNote if app.detail.proposals.is_some() => {
            match app.key(Action::Proposals) {
                Some(key) => app.info(format!("The proposals are showing: press {key} for the checklist.")),
                None => app.info("The proposals are showing, not the checklist."),
            }
            Vec::new()
        }
        Action::ToggleDone | Action::Skip | Action::EditNote if app.detail.log.is_some() => {
            match app.key(Action::Contacts) {
                Some(key) => app.info(format!("The contact log is showing: press {key} for the checklist.")),
                None => app.info("The contact log is showing, not the checklist."),
            }
            Vec::new()
        }
        Action::ToggleDone | Action::Skip | Action::EditNote if entry.is_none() => {
            match app.key(Action::ToggleTrack) {
                Some(key) => {
                    app.info(format!("{seat} is not tracked yet: press {key} to track it and start its checklist."))
                }
                None => app.info(format!("{seat} is not tracked yet: track it to start its checklist.")),
            }
            Vec::new()
        }
        Action::ToggleDone | Action::Skip => {
            let before = entry.expect("checked above");
            let after = if action == Action::ToggleDone { before.toggled(app.today) } else { before.skip_toggled() };
            vec![Command::Apply(Change::SetEntry { code, seat, before, after })]
        }
        Action::EditNote => {
            app.detail.note = entry.map(|e| TextInput::with_max(&e.note, Field::ChecklistNote.limit()));
            Vec::new()
        }
        Action::ToggleTrack => vec![Command::Apply(super::mps::track_toggle(&code, &seat, tracked))],
        Action::Add => {
            let label = format!("{} ({})", data.card.summary.name, seat);
            let from = app.today.succ_opt().unwrap_or(app.today);
            let form = ProposalForm::at_next_clear_slot((code, label), from, &FormContext::of(app));
            app.overlay = Overlay::Form(form.into());
            Vec::new()
        }
        Action::LogContact => {
            app.overlay = Overlay::Form(Form::Log(LogForm::new(&code, &seat, tracked, app.today)));
            Vec::new()
        }
        Action::EditInfo => {
            match &data.engagement {
                Some(info) => app.overlay = Overlay::Form(Form::Engagement(EngagementForm::new(&code, &seat, info))),
                None => match app.key(Action::ToggleTrack) {
                    Some(key) => {
                        app.info(format!("{seat} is not tracked yet: press {key} to track it, then add its notes."))
                    }
                    None => app.info(format!("{seat} is not tracked yet: track it, then add its notes.")),
                },
            }
            Vec::new()
        }
        Action::Filter => super::search::open(app, Some((code, seat)), ""),
        Action::WriteLetter => vec![Command::Write(Document::Letter, code)],
        Action::WriteBrief => vec![Command::Write(Document::Brief, code)],
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
            if text.typed_len() > Field::ChecklistNote.limit() {
                let too_long = TooLong { field: Field::ChecklistNote, chars: text.typed_len() };
                app.error(format!("Not saved: {too_long}; shorten it."));
                return Vec::new();
            }
            let note = text.text().trim().to_string();
            app.detail.note = None;
            let Some(data) = app.data.detail.as_ref() else { return Vec::new() };
            let Some(before) = data.checklist.get(app.detail.selected).cloned() else { return Vec::new() };
            if before.note == note {
                return Vec::new();
            }
            let after = crate::domain::engagement::checklist::Entry { note, ..before.clone() };
            let (code, seat) = (data.card.summary.constituency_code.clone(), data.card.summary.constituency.clone());
            return vec![Command::Apply(Change::SetEntry { code, seat, before, after })];
        }
        Input::Action(_) => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture::busy_app;
    use crate::tui::form::{InfoField, LogField};

    fn act(app: &mut App, action: Action) -> Vec<Command> {
        handle(app, Input::Action(action))
    }

    fn on_detail() -> App {
        let mut app = busy_app();
        app.screen = Screen::Detail;
        app
    }

    #[test]
    fn l_opens_the_log_form_for_the_mp_shown() {
        let mut app = on_detail();
        assert!(act(&mut app, Action::LogContact).is_empty());
        let Some(Form::Log(form)) = app.overlay.form() else { panic!("the log form is open: {:?}", app.overlay) };
        assert_eq!((form.code.as_str(), form.seat.as_str(), form.tracked), ("E14001323", "Leeds South", true));
        assert_eq!(form.inputs.text(LogField::Date), "2026-11-24");
    }

    #[test]
    fn i_opens_the_engagement_form_or_says_how_to_start_one() {
        let mut app = on_detail();
        act(&mut app, Action::EditInfo);
        let Some(Form::Engagement(form)) = app.overlay.form() else { panic!("the engagement form is open") };
        assert_eq!(form.inputs.text(InfoField::Topics), "Waiting lists; The new diagnostic centre");
        let mut untracked = on_detail();
        untracked.data.detail.as_mut().unwrap().engagement = None;
        act(&mut untracked, Action::EditInfo);
        assert!(untracked.overlay.form().is_none());
        assert_eq!(
            untracked.status.unwrap().text,
            "Leeds South is not tracked yet: press t to track it, then add its notes."
        );
    }

    #[test]
    fn c_shows_the_contact_log_whose_arrows_scroll_it_and_the_checklist_keys_wait() {
        let mut app = on_detail();
        act(&mut app, Action::Contacts);
        assert_eq!(app.detail.log, Some(0));
        act(&mut app, Action::Down);
        act(&mut app, Action::Down);
        assert_eq!((app.detail.log, app.detail.selected), (Some(1), 0), "two contacts; the checklist stays");
        assert!(act(&mut app, Action::ToggleDone).is_empty());
        assert_eq!(app.status.clone().unwrap().text, "The contact log is showing: press c for the checklist.");
        act(&mut app, Action::Contacts);
        assert_eq!(app.detail.log, None);
        act(&mut app, Action::Down);
        assert_eq!(app.detail.selected, 1);
    }

    #[test]
    fn w_and_b_ask_the_loop_for_the_letter_and_the_brief() {
        let mut app = on_detail();
        assert_eq!(act(&mut app, Action::WriteLetter), [Command::Write(Document::Letter, "E14001323".into())]);
        assert_eq!(act(&mut app, Action::WriteBrief), [Command::Write(Document::Brief, "E14001323".into())]);
        app.data.detail = None;
        assert!(act(&mut app, Action::WriteLetter).is_empty(), "no MP open, nothing to write");
    }

    #[test]
    fn a_checklist_note_at_the_limit_is_saved_whole_and_one_over_it_is_refused() {
        use crate::tui::action::TextEdit;
        let mut app = on_detail();
        act(&mut app, Action::EditNote);
        handle(&mut app, Input::Text(TextEdit::Clear));
        for c in "n".repeat(20_000).chars() {
            handle(&mut app, Input::Text(TextEdit::Insert(c)));
        }
        handle(&mut app, Input::Text(TextEdit::Insert('!')));
        assert!(act(&mut app, Action::Submit).is_empty(), "one over the limit is not saved");
        let status = app.status.clone().unwrap();
        assert_eq!(
            status.text,
            "Not saved: the checklist note is 20,001 characters long; the limit is 20,000; shorten it."
        );
        assert!(app.detail.note.is_some(), "the note stays open to be shortened");
        handle(&mut app, Input::Text(TextEdit::Backspace));
        assert!(app.detail.note.as_ref().is_some_and(|n| n.typed_len() == 20_000), "backspace drops the extra");
        let saved = act(&mut app, Action::Submit);
        let [Command::Apply(Change::SetEntry { after, .. })] = &saved[..] else { panic!("saved: {saved:?}") };
        assert_eq!(after.note.chars().count(), 20_000, "nothing is cut");
    }

    #[test]
    fn p_shows_the_proposals_whose_status_is_set_with_a_key() {
        use crate::domain::engagement::proposal::ProposalStatus;
        let mut app = on_detail();
        act(&mut app, Action::Proposals);
        let at = app.detail.proposals.expect("the proposals have the focus");
        let proposals = &app.data.detail.as_ref().unwrap().proposals;
        assert!(proposals[at].start.date() >= app.today, "the soonest ahead is selected");
        assert_eq!(app.pane_scopes()[0], crate::tui::keymap::Scope::DetailProposals);
        let id = proposals[at].id;
        let commands = act(&mut app, Action::MarkHeld);
        let [Command::Apply(Change::Status { id: changed, after, .. })] = &commands[..] else { panic!("{commands:?}") };
        assert_eq!((*changed, *after), (id, ProposalStatus::Held));
        act(&mut app, Action::Edit);
        let Some(Form::Proposal(form)) = app.overlay.form() else { panic!("the form: {:?}", app.overlay) };
        assert_eq!(form.editing.as_ref().map(|p| p.id), Some(id));
        app.overlay.close();
        assert!(act(&mut app, Action::ToggleDone).is_empty());
        assert_eq!(app.status.clone().unwrap().text, "The proposals are showing: press p for the checklist.");
        act(&mut app, Action::Contacts);
        assert_eq!((app.detail.proposals, app.detail.log), (None, Some(0)), "one pane in place of the checklist");
        act(&mut app, Action::Proposals);
        act(&mut app, Action::Proposals);
        assert_eq!(app.detail.proposals, None, "p again: the checklist");
    }

    #[test]
    fn opening_another_mp_leaves_the_contact_log() {
        let mut app = on_detail();
        act(&mut app, Action::Contacts);
        super::super::open_detail(&mut app, "E14001320".into());
        assert_eq!(app.detail.log, None);
    }
}
