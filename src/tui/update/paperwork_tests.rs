//! Update tests for the paperwork and the organisation: a letter written ticks 2.1 (once), undo
//! unticks it; the organisation's form opens from a key and the palette, saves as one change, and
//! refuses what is not valid. No terminal, no database.

use std::path::PathBuf;

use super::*;
use crate::domain::engagement::checklist::ItemState;
use crate::domain::views::{Organisation, Site};
use crate::tui::action::TextEdit;
use crate::tui::app::Tone;
use crate::tui::fixture;
use crate::tui::form::{Fields, Form, OrgField};

fn act(app: &mut App, action: Action) -> Vec<Command> {
    update(app, Input::Action(action))
}

fn said(app: &App) -> (Tone, String) {
    app.status.as_ref().map(|s| (s.tone, s.text.clone())).expect("something is said")
}

fn path() -> PathBuf {
    PathBuf::from("/home/me/Documents/mpplan/letter-leeds-south-2026-11-24.md")
}

fn letter_written(placeholders: bool) -> Outcome {
    Outcome::Written { document: Document::Letter, code: "E14001323".into(), path: path(), placeholders }
}

/// Leeds South open on the detail screen, with 2.1 (first letter drafted) still to do.
fn not_drafted() -> App {
    let mut app = fixture::busy_app();
    app.screen = Screen::Detail;
    let detail = app.data.detail.as_mut().expect("the fixture's MP detail");
    let entry = detail.checklist.iter_mut().find(|e| e.key == "2.1").expect("2.1");
    (entry.state, entry.done_on) = (ItemState::Todo, None);
    app
}

#[test]
fn writing_the_first_letter_ticks_2_1_and_undo_unticks_it_keeping_the_file() {
    let mut app = not_drafted();
    assert_eq!(act(&mut app, Action::WriteLetter), [Command::Write(Document::Letter, "E14001323".into())]);
    let commands = outcome(&mut app, letter_written(false));
    let [Command::Apply(drafted)] = commands.as_slice() else { panic!("{commands:?}") };
    let Change::Drafted { before, after, seat, .. } = drafted else { panic!("{drafted:?}") };
    assert_eq!((before.state, after.state, after.done_on), (ItemState::Todo, ItemState::Done, Some(app.today)));
    assert_eq!(seat, "Leeds South");
    let written = format!("Letter written to {}; checklist 2.1 ticked for Leeds South", path().display());
    assert_eq!(said(&app), (Tone::Info, written.clone()));

    outcome(&mut app, Outcome::Applied(drafted.clone()));
    assert_eq!(app.history.done, std::slice::from_ref(drafted), "the tick is on the undo list");
    assert_eq!(said(&app).1, written, "what was said stays");
    assert_eq!(act(&mut app, Action::Undo), [Command::Undo]);
    assert!(matches!(drafted.inverse(), Change::Undrafted { ref before, .. } if before.state == ItemState::Todo));
    outcome(&mut app, Outcome::Undone(drafted.clone()));
    assert_eq!(
        said(&app).1,
        format!("Undone: checklist 2.1 unticked for Leeds South; the letter stays in {}", path().display())
    );
    assert_eq!(app.history.undone, std::slice::from_ref(drafted));
    outcome(&mut app, Outcome::Redone(drafted.clone()));
    assert!(said(&app).1.starts_with("Redone: Letter written to"), "{:?}", said(&app));
}

#[test]
fn a_second_letter_changes_nothing_in_the_checklist() {
    let mut app = fixture::busy_app();
    app.screen = Screen::Detail;
    assert!(app.data.detail.as_ref().unwrap().checklist.iter().any(|e| e.key == "2.1" && e.state == ItemState::Done));
    assert!(outcome(&mut app, letter_written(false)).is_empty());
    assert_eq!(said(&app), (Tone::Info, format!("Letter written to {}", path().display())));
    let brief =
        Outcome::Written { document: Document::Brief, code: "E14001323".into(), path: path(), placeholders: false };
    let mut app = not_drafted();
    assert!(outcome(&mut app, brief).is_empty(), "a brief is not a letter");
}

#[test]
fn a_letter_written_while_the_organisation_is_unset_says_so_and_names_the_key() {
    let mut app = not_drafted();
    outcome(&mut app, letter_written(true));
    let key = app.key(Action::Organisation).expect("a key opens the organisation");
    let text = said(&app).1;
    assert!(text.contains("checklist 2.1 ticked"), "{text}");
    assert!(text.ends_with(&format!("is not set, so it says [our organisation]: press {key} to set it")), "{text}");
}

fn org() -> Organisation {
    Organisation { name: "Leeds Teaching Hospitals NHS Trust".into(), ..Default::default() }
}

fn site() -> Site {
    Site {
        name: "St James's".into(),
        postcode: "LS9 7TF".into(),
        constituency_code: Some("E14001323".into()),
        constituency: Some("Leeds South".into()),
    }
}

/// The organisation's form open on Today, as a key opens it and the loop reports what it read.
fn org_form_open() -> App {
    let mut app = fixture::app();
    assert_eq!(act(&mut app, Action::Organisation), [Command::LoadOrganisation]);
    assert!(outcome(&mut app, Outcome::Organisation(Ok((org(), vec![site()])))).is_empty());
    assert!(matches!(app.overlay.form(), Some(Form::Organisation(_))), "{:?}", app.overlay);
    app
}

fn retype(app: &mut App, field: OrgField, text: &str) {
    app.overlay.form_mut().expect("the form is open").inputs_mut().focus_on(field.index());
    update(app, Input::Text(TextEdit::Clear));
    for c in text.chars() {
        update(app, Input::Text(TextEdit::Insert(c)));
    }
}

#[test]
fn the_organisation_form_opens_from_the_palette_too() {
    let mut app = fixture::app();
    act(&mut app, Action::Palette);
    for c in "org".chars() {
        update(&mut app, Input::Text(TextEdit::Insert(c)));
    }
    assert_eq!(act(&mut app, Action::Submit), [Command::LoadOrganisation]);
    outcome(&mut app, Outcome::Organisation(Err("the database is busy".into())));
    assert_eq!(said(&app), (Tone::Error, "Could not read the organisation: the database is busy".into()));
    assert!(!app.overlay.is_open());
}

#[test]
fn saving_the_organisation_is_one_change_and_undo_takes_it_back() {
    let mut app = org_form_open();
    retype(&mut app, OrgField::ChiefExecutive, "Julian Hartley");
    retype(&mut app, OrgField::Sites, "St James's, LS9 7TF; Chapel Allerton, ls7 4sa");
    let commands = act(&mut app, Action::Submit);
    let after = Organisation { chief_executive: "Julian Hartley".into(), ..org() };
    let expected = Change::Batch(vec![
        Change::Organisation { before: org(), after },
        Change::AddSite { name: "Chapel Allerton".into(), postcode: "LS7 4SA".into() },
    ]);
    assert_eq!(commands, [Command::Apply(expected.clone())]);
    assert!(!app.overlay.is_open());

    outcome(&mut app, Outcome::Applied(expected.clone()));
    assert_eq!(app.history.done.len(), 1, "one change");
    assert!(said(&app).1.starts_with("Saved the organisation's details; Added the site Chapel Allerton"));
    assert_eq!(act(&mut app, Action::Undo), [Command::Undo]);
    outcome(&mut app, Outcome::Undone(expected));
    assert!(app.history.done.is_empty());
    assert!(said(&app).1.starts_with("Undone: Saved the organisation's details"), "{:?}", said(&app));
}

#[test]
fn removing_a_site_or_saving_nothing_new() {
    let mut app = org_form_open();
    assert!(act(&mut app, Action::Submit).is_empty());
    assert_eq!(said(&app).1, "Nothing changed.");
    let mut app = org_form_open();
    retype(&mut app, OrgField::Sites, "");
    let removed = Change::SiteRemoved { site: site(), tracked: None, ticked: None };
    assert_eq!(act(&mut app, Action::Submit), [Command::Apply(removed)]);
}

#[test]
fn a_postcode_that_is_not_one_is_refused_in_the_form_and_nothing_is_saved() {
    let mut app = org_form_open();
    retype(&mut app, OrgField::Name, "Leeds Teaching Hospitals");
    retype(&mut app, OrgField::Sites, "St James's, LS9 7TF; Chapel Allerton, LS7 4S!");
    retype(&mut app, OrgField::Chair, "A Chair");
    assert!(act(&mut app, Action::Submit).is_empty(), "nothing is written");
    let form = app.overlay.form().expect("the form stays open");
    assert_eq!(form.inputs().focus_index(), OrgField::Sites.index(), "on the field that is wrong");
    assert_eq!(form.inputs().rows()[0].1.text(), "Leeds Teaching Hospitals", "nothing typed is lost");
    let (tone, text) = said(&app);
    assert_eq!(tone, Tone::Error);
    assert!(text.starts_with("Not saved yet. Sites: \"LS7 4S!\" is not a postcode"), "{text}");
    assert!(!text.contains('\n'));
    assert!(app.history.done.is_empty());
}
