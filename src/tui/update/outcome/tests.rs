//! Each outcome the loop reports, applied to the state without a terminal or a database.

use std::path::PathBuf;

use super::*;
use crate::domain::engagement::checklist::ItemState;
use crate::shared::transfer::Plan;
use crate::tui::app::{PostcodePrompt, Screen, Tone};
use crate::tui::fixture;
use crate::tui::form::ProposalForm;

fn track() -> Change {
    Change::Track { code: "E14001323".into(), seat: "Leeds South".into() }
}

fn untrack() -> Change {
    Change::Untrack { code: "E14001320".into(), seat: "Leeds East".into() }
}

fn said(app: &App) -> (Tone, String) {
    app.status.as_ref().map(|s| (s.tone, s.text.clone())).expect("something is said")
}

fn not_saved(form: Option<Form>) -> NotSaved {
    NotSaved { error: "the database is busy".into(), form }
}

fn form() -> Form {
    ProposalForm::new(None, fixture::today()).into()
}

#[test]
fn a_change_written_joins_the_history_and_ends_what_could_be_redone() {
    let mut app = fixture::app();
    app.history.undone.push(untrack());
    outcome(&mut app, Outcome::Applied(track()));
    assert_eq!(app.history.done, [track()]);
    assert!(app.history.undone.is_empty());
    assert_eq!(said(&app), (Tone::Info, "Tracking Leeds South".into()));
}

#[test]
fn undone_and_redone_move_the_change_between_the_two_lists() {
    let mut app = fixture::app();
    app.history.done = vec![untrack(), track()];
    outcome(&mut app, Outcome::Undone(track()));
    assert_eq!((app.history.done.clone(), app.history.undone.clone()), (vec![untrack()], vec![track()]));
    assert_eq!(said(&app).1, "Undone: Tracking Leeds South");
    outcome(&mut app, Outcome::Redone(track()));
    assert_eq!((app.history.done.clone(), app.history.undone.clone()), (vec![untrack(), track()], vec![]));
    assert_eq!(said(&app).1, "Redone: Tracking Leeds South");
    outcome(&mut app, Outcome::NothingToUndo);
    assert_eq!(said(&app), (Tone::Info, "Nothing to undo.".into()));
    outcome(&mut app, Outcome::NothingToRedo);
    assert_eq!(said(&app).1, "Nothing to redo.");
    assert_eq!(app.history.done.len(), 2, "saying so changes nothing");
}

#[test]
fn a_failed_write_is_said_and_puts_the_form_back_unless_something_is_open() {
    let mut app = fixture::app();
    outcome(&mut app, Outcome::NotSaved(not_saved(Some(form()))));
    assert_eq!(said(&app), (Tone::Error, "Not saved: the database is busy".into()));
    assert_eq!(app.overlay, Overlay::Form(form()), "what was typed is back");
    assert!(app.history.done.is_empty());

    app.overlay = Overlay::Help(2);
    outcome(&mut app, Outcome::NotSaved(not_saved(Some(form()))));
    assert_eq!(app.overlay, Overlay::Help(2), "what is open stays");
    app.overlay.close();
    outcome(&mut app, Outcome::NotSaved(not_saved(None)));
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn a_failed_undo_or_redo_takes_the_change_off_its_list() {
    let mut app = fixture::app();
    app.history.done = vec![untrack(), track()];
    app.history.undone = vec![untrack()];
    outcome(&mut app, Outcome::UndoFailed(not_saved(None)));
    assert_eq!(app.history.done, [untrack()]);
    assert_eq!(said(&app), (Tone::Error, "Not saved: the database is busy".into()));
    outcome(&mut app, Outcome::RedoFailed(not_saved(Some(form()))));
    assert!(app.history.undone.is_empty());
    assert_eq!(app.overlay, Overlay::Form(form()));
}

#[test]
fn parts_read_are_put_in_place_with_the_selections_kept_in_range() {
    let mut app = fixture::busy_app();
    app.screen = Screen::Mps;
    app.detail.selected = 1_000;
    app.mps.selected = 1;
    let before = app.data.clone();
    let mut mps = before.mps.clone();
    mps.truncate(2);
    let read = Read { mps: Some(mps.clone()), stale: Touched::AGENDA, ..Read::default() };
    outcome(&mut app, Outcome::Read(read));
    assert_eq!(app.data.mps, mps);
    assert_eq!((app.mps.visible.len(), app.mps.selected), (2, 1), "the list is filtered again, the same MP selected");
    assert_eq!(app.stale, Touched::AGENDA);
    assert_eq!(app.data.week, before.week, "a part not read is left as it was");
    let items = app.data.detail.as_ref().map(|d| d.checklist.len()).unwrap();
    assert_eq!(app.detail.selected, items - 1);

    let read = Read { detail: Some(None), week: Some(Vec::new()), busy: Some(Vec::new()), ..Read::default() };
    outcome(&mut app, Outcome::Read(read));
    assert_eq!((app.data.detail.clone(), app.data.week.len(), app.data.busy.len()), (None, 0, 0));
    assert_eq!((app.detail.selected, app.stale), (0, Touched::NOTHING));
    let read = Read { calendar: Some(Default::default()), agenda: Some(fixture::app().data.agenda), ..Read::default() };
    outcome(&mut app, Outcome::Read(read));
    assert!(app.data.calendar.sitting_range().is_none(), "the calendar read is the one shown");
}

#[test]
fn a_failed_read_is_said_and_leaves_what_it_did_not_read_out_of_date() {
    let mut app = fixture::app();
    outcome(&mut app, Outcome::NotRead { error: "disk I/O error".into(), stale: Touched::WEEK | Touched::BUSY });
    assert_eq!(said(&app), (Tone::Error, "Could not read the database: disk I/O error".into()));
    assert_eq!(app.stale, Touched::WEEK | Touched::BUSY);
}

#[test]
fn what_a_postcode_found_goes_to_the_prompt_and_why_not_under_it() {
    let lookup = fixture::ls9_lookup(vec![fixture::area("E14001323", "Leeds South", 1.0)]);
    let mut app = fixture::app();
    app.mps.postcode = Some(PostcodePrompt { error: Some("old".into()), selected: 4, ..Default::default() });
    outcome(&mut app, Outcome::PostcodeFound(Err("LS99 is not a postcode".into())));
    let prompt = app.mps.postcode.as_ref().unwrap();
    assert_eq!((prompt.error.as_deref(), prompt.result.is_none()), (Some("LS99 is not a postcode"), true));
    outcome(&mut app, Outcome::PostcodeFound(Ok(lookup.clone())));
    let prompt = app.mps.postcode.as_ref().unwrap();
    assert_eq!((prompt.result.as_ref(), prompt.selected, prompt.error.as_ref()), (Some(&lookup), 0, None));

    app.mps.postcode = None;
    outcome(&mut app, Outcome::PostcodeFound(Ok(lookup)));
    assert!(app.mps.postcode.is_none(), "a prompt closed meanwhile stays closed");
}

#[test]
fn files_written_previews_imports_and_problems_are_said_or_shown() {
    let mut app = fixture::app();
    let path = PathBuf::from("/home/me/Documents/letter-leeds-south.md");
    let written =
        |document| Outcome::Written { document, code: "E14001323".into(), path: path.clone(), placeholders: false };
    assert!(outcome(&mut app, written(Document::Letter)).is_empty(), "no seat is open: nothing to tick");
    assert_eq!(said(&app), (Tone::Info, format!("Letter written to {}", path.display())));
    outcome(&mut app, written(Document::Brief));
    assert!(said(&app).1.starts_with("Brief written to"));
    outcome(&mut app, Outcome::Exported { what: "calendar".into(), path: path.clone() });
    assert_eq!(said(&app).1, format!("The calendar is in {}.", path.display()));

    let plan = Plan::Calendar(crate::domain::reference::calendar_file::plan(Default::default(), &[], &[]));
    let preview = Preview { lines: vec!["Nothing new.".into()], plan };
    outcome(&mut app, Outcome::Preview(preview.clone()));
    assert_eq!(app.overlay, Overlay::Palette(Palette::Preview { preview, scroll: 0 }));
    assert!(app.scopes().contains(&crate::tui::keymap::Scope::Preview), "the preview has the keys");

    outcome(&mut app, Outcome::Imported(vec!["Imported.".into(), "3 sitting days added.".into()]));
    assert_eq!(said(&app), (Tone::Info, "Imported. 3 sitting days added.".into()));
    outcome(&mut app, Outcome::Problem("cannot read ~/x.csv: there is no such file".into()));
    assert_eq!(said(&app), (Tone::Error, "cannot read ~/x.csv: there is no such file".into()));
}

#[test]
fn a_new_day_is_today() {
    let mut app = fixture::app();
    let tomorrow = fixture::today().succ_opt().unwrap();
    outcome(&mut app, Outcome::NewDay(tomorrow));
    assert_eq!(app.today, tomorrow);
}

#[test]
fn a_seat_just_opened_shows_its_next_step_and_a_reread_keeps_the_cursor() {
    let mut app = fixture::busy_app();
    let detail = app.data.detail.clone();
    let checklist = &detail.as_ref().unwrap().checklist;
    let row = checklist.iter().position(|e| e.state == ItemState::Todo).unwrap();
    let next = checklist[row].key.clone();
    assert!(row > 0, "the fixture's next step is not its first row");
    crate::tui::update::open_detail(&mut app, "E14001320".into());
    assert_eq!(app.detail.selected, 0, "until the seat is read");
    outcome(&mut app, Outcome::Read(Read { detail: Some(detail.clone()), ..Read::default() }));
    assert_eq!(app.detail.selected, row, "on {next}");
    app.detail.selected = 2;
    outcome(&mut app, Outcome::Read(Read { detail: Some(detail), ..Read::default() }));
    assert_eq!(app.detail.selected, 2, "reading the same seat again leaves the cursor where it is");
}
