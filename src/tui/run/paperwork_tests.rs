//! Letters and the organisation through the loop's executor, against an in-memory store and a
//! temporary documents folder: the first letter ticks 2.1 and undo unticks it, keeping the file;
//! the organisation's form saves in one transaction, a new site tracking its seat, and undo takes
//! all of it back.

use super::*;
use crate::domain::engagement::checklist::ItemState;
use crate::domain::views::Organisation;
use crate::tui::action::{Action, Input, TextEdit};
use crate::tui::form::{Fields, OrgField};
use crate::tui::overlay::Overlay;

use crate::store::test_store;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn said(app: &App) -> String {
    app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()
}

fn item(store: &Store, key: &str) -> ItemState {
    store.checklist("E14001323").unwrap().into_iter().find(|e| e.key == key).map(|e| e.state).unwrap()
}

/// The UI open on `store`, on Today.
fn on_today(store: &Store) -> App {
    let mut app = open(store, day(), Keymap::default(), Theme::plain()).unwrap();
    app.mps.postcode = None;
    app.screen = crate::tui::app::Screen::Today;
    app
}

/// Presses `action` as `update` gets it, and carries out what it asks for, as the loop does.
fn act(store: &mut Store, app: &mut App, action: Action, places: &Places) {
    let form = app.overlay.form().cloned();
    let commands = update::update(app, Input::Action(action));
    execute(store, app, commands, form, places);
}

#[test]
fn the_first_letter_ticks_2_1_undo_unticks_it_and_the_file_stays() {
    let mut store = test_store();
    store.track("E14001323", day()).unwrap();
    let mut app = open(&store, day(), Keymap::default(), Theme::plain()).unwrap();
    let docs = tempfile::tempdir().unwrap();
    let places = Places { config_dir: None, documents: docs.path().join("mpplan"), home: None };
    let opened = update::open_detail(&mut app, "E14001323".into());
    execute(&mut store, &mut app, opened, None, &places);

    act(&mut store, &mut app, Action::WriteLetter, &places);
    let letter = places.documents.join("letter-leeds-south-2026-11-24.md");
    assert!(letter.exists(), "{}", said(&app));
    assert_eq!(item(&store, "2.1"), ItemState::Done);
    let text = said(&app);
    assert!(text.starts_with(&format!("Letter written to {}; checklist 2.1 ticked for Leeds South", letter.display())));
    assert!(text.contains("[our organisation]") && text.contains("press O to set it"), "{text}");
    let shown = app.data.detail.as_ref().unwrap().checklist.iter().find(|e| e.key == "2.1").unwrap().state;
    assert_eq!(shown, ItemState::Done, "the screen is read again");

    act(&mut store, &mut app, Action::Undo, &places);
    assert_eq!(item(&store, "2.1"), ItemState::Todo);
    assert!(letter.exists(), "the file is kept");
    assert!(said(&app).starts_with("Undone: checklist 2.1 unticked for Leeds South"), "{}", said(&app));

    act(&mut store, &mut app, Action::Redo, &places);
    assert_eq!(item(&store, "2.1"), ItemState::Done);
    act(&mut store, &mut app, Action::WriteLetter, &places);
    assert!(places.documents.join("letter-leeds-south-2026-11-24-2.md").exists());
    assert_eq!(app.history.done.len(), 1, "a second letter changes nothing in the checklist");
    assert!(said(&app).starts_with("Letter written to"), "{}", said(&app));
}

fn retype(app: &mut App, field: OrgField, text: &str) {
    app.overlay.form_mut().expect("the form is open").inputs_mut().focus_on(field.index());
    update::update(app, Input::Text(TextEdit::Clear));
    for c in text.chars() {
        update::update(app, Input::Text(TextEdit::Insert(c)));
    }
}

#[test]
fn the_organisation_saved_from_its_form_is_stored_whole_and_undone_whole() {
    let mut store = test_store();
    let mut app = on_today(&store);
    let places = Places { config_dir: None, documents: PathBuf::from("/nonexistent/mpplan-test"), home: None };
    act(&mut store, &mut app, Action::Organisation, &places);
    assert!(matches!(app.overlay, Overlay::Form(_)), "{:?}", app.status);
    retype(&mut app, OrgField::Name, "Leeds Teaching Hospitals NHS Trust");
    retype(&mut app, OrgField::Address, "St James's University Hospital, Leeds LS9 7TF");
    retype(&mut app, OrgField::Sites, "St James's, ls9 7tf");
    act(&mut store, &mut app, Action::Submit, &places);

    let org = store.organisation().unwrap();
    assert_eq!(org.name, "Leeds Teaching Hospitals NHS Trust", "{}", said(&app));
    assert_eq!(store.sites().unwrap()[0].constituency.as_deref(), Some("Leeds South"));
    assert_eq!(item(&store, "1.1"), ItemState::Done);
    assert!(app.data.mps.iter().any(|r| r.mp.tracked), "the MP list is read again");
    assert_eq!(
        said(&app),
        "Saved the organisation's details; Added the site St James's (LS9 7TF), in Leeds South: now tracked; checklist 1.1 ticked"
    );

    act(&mut store, &mut app, Action::Undo, &places);
    assert_eq!(store.organisation().unwrap(), Organisation::default());
    assert!(store.sites().unwrap().is_empty());
    assert_eq!(store.engagement("E14001323").unwrap().map(|e| e.tracked), Some(false));
    assert_eq!(item(&store, "1.1"), ItemState::Todo, "1.1 is as it was");

    act(&mut store, &mut app, Action::Redo, &places);
    assert_eq!(store.organisation().unwrap(), org);
    assert_eq!(store.sites().unwrap().len(), 1);
    assert_eq!(item(&store, "1.1"), ItemState::Done);
    assert!(store.engagement("E14001323").unwrap().unwrap().tracked);
}

#[test]
fn a_site_no_seat_is_known_for_saves_nothing_and_the_form_comes_back() {
    let mut store = test_store();
    let mut app = on_today(&store);
    let places = Places { config_dir: None, documents: PathBuf::from("/nonexistent/mpplan-test"), home: None };
    act(&mut store, &mut app, Action::Organisation, &places);
    retype(&mut app, OrgField::Name, "Leeds Teaching Hospitals NHS Trust");
    retype(&mut app, OrgField::Sites, "Nowhere, ZZ9 9ZZ");
    act(&mut store, &mut app, Action::Submit, &places);
    assert!(said(&app).starts_with("Not saved: no constituency is known for ZZ9 9ZZ"), "{}", said(&app));
    assert_eq!(store.organisation().unwrap(), Organisation::default(), "the details were not saved either");
    assert!(store.sites().unwrap().is_empty());
    assert!(matches!(app.overlay, Overlay::Form(_)), "what was typed is back");
    assert!(app.history.done.is_empty());
}
