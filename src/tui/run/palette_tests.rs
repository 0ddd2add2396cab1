//! The palette's commands through the loop's executor, against an in-memory store and files in a
//! temporary folder: imports preview, then apply; exports write at once, never over a file.

use std::fs;

use super::*;
use crate::shared::transfer::{Export, Import, Table};
use crate::tui::app::Tone;
use crate::tui::keymap::key_event;
use crate::tui::palette::{Palette, Request};

use crate::store::test_store;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// A store with the shipped data (and Leeds South tracked, if `tracked`), the UI open on it, and a
/// temporary folder holding a home folder and (not made yet) a documents folder.
fn world(tracked: bool) -> (Store, App, tempfile::TempDir, Places) {
    let mut store = test_store();
    if tracked {
        store.track("E14001323", day()).unwrap();
    }
    let app = open(&store, day(), Keymap::default(), Theme::plain()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    fs::create_dir_all(&home).unwrap();
    let places = Places { config_dir: None, documents: dir.path().join("Documents"), home: Some(home) };
    (store, app, dir, places)
}

fn request(store: &mut Store, app: &mut App, places: &Places, request: Request) {
    execute(store, app, vec![Command::Transfer(request)], None, places);
}

fn import(import: Import, file: &str) -> Request {
    Request::Import { import, file: file.into() }
}

fn export(export: Export, file: &str) -> Request {
    Request::Export { export, file: file.into(), force: false }
}

fn preview_lines(app: &App) -> Vec<String> {
    match app.overlay.palette() {
        Some(Palette::Preview { preview, .. }) => preview.lines.clone(),
        other => panic!("a preview is showing: {other:?} (status {:?})", app.status),
    }
}

fn status(app: &App) -> (Tone, String) {
    app.status.as_ref().map(|s| (s.tone, s.text.clone())).expect("a status")
}

#[test]
fn an_import_previews_as_the_dry_run_then_applies_and_everything_reloads() {
    let (mut store, mut app, _dir, places) = world(false);
    let csv = include_str!("../../../tests/import-files/sitting-days-2027.csv");
    fs::create_dir_all(&places.documents).unwrap();
    let file = places.documents.join("sitting-days-2027.csv");
    fs::write(&file, csv).unwrap();

    request(&mut store, &mut app, &places, import(Import::Calendar, "sitting-days-2027.csv"));
    assert_eq!(
        preview_lines(&app),
        [
            format!("Calendar dates from {}:", file.display()),
            "This is a sitting-day CSV.".into(),
            "  Add 3 sitting days from Monday 11 January 2027 to Wednesday 13 January 2027, 1 of them scheduled \
             (provisional)"
                .into(),
            "  Already here: 1 sitting day".into(),
            "To add: 0 recesses and 3 sitting days.".into(),
        ]
    );
    let before = store.calendar_entries().unwrap();
    assert!(app.data.calendar.sitting_range().unwrap().1 < fixture_end(), "nothing is applied yet");

    let commands = press(&mut app, &key_event("y"));
    assert!(matches!(&commands[..], [Command::Import(_)]), "{commands:?}");
    execute(&mut store, &mut app, commands, None, &places);
    assert_eq!(
        status(&app),
        (Tone::Info, "Imported. The sitting-day data now runs to Wednesday 13 January 2027.".into())
    );
    assert_eq!(store.calendar_entries().unwrap().1.len(), before.1.len() + 3);
    assert_eq!(app.data.calendar.sitting_range().unwrap().1, fixture_end(), "the calendar is read again");
    assert!(app.history.done.is_empty(), "an import is not on the undo list");
    assert!(app.overlay.palette().is_none());
}

/// The last day of `sitting-days-2027.csv`.
fn fixture_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 13).unwrap()
}

#[test]
fn a_bad_file_says_what_the_command_line_says_and_nothing_changes() {
    let (mut store, mut app, _dir, places) = world(false);
    let bad = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/import-files/recess-bad.csv");
    request(&mut store, &mut app, &places, import(Import::Calendar, bad));
    let (tone, text) = status(&app);
    assert_eq!(tone, Tone::Error);
    assert!(text.contains("line 3: \"Easter recess\" ends (2027-03-25) before it starts"), "{text}");
    assert!(app.overlay.palette().is_none());

    request(&mut store, &mut app, &places, import(Import::Mps, "~/missing.csv"));
    let missing = places.home.as_ref().unwrap().join("missing.csv");
    assert_eq!(status(&app).1, format!("cannot read {}: there is no such file", missing.display()));
}

#[test]
fn exports_write_at_once_and_ask_before_replacing_a_file() {
    let (mut store, mut app, _dir, places) = world(true);

    request(&mut store, &mut app, &places, export(Export::Csv(Table::Engagements), "engagements.csv"));
    let written = places.documents.join("engagements.csv");
    assert_eq!(status(&app), (Tone::Info, format!("The spreadsheet is in {}.", written.display())));
    let text = fs::read_to_string(&written).unwrap();
    assert!(text.contains("Leeds South"), "{text}");

    store.track("E14001320", day()).unwrap();
    let again = export(Export::Csv(Table::Engagements), "engagements.csv");
    request(&mut store, &mut app, &places, again.clone());
    assert_eq!(status(&app), (Tone::Info, format!("{} already exists.", written.display())));
    assert_eq!(
        app.overlay.palette(),
        Some(&Palette::Overwrite { request: again.clone(), path: written.display().to_string() })
    );
    assert_eq!(fs::read_to_string(&written).unwrap(), text, "the file is untouched until the answer");

    let no = press(&mut app, &key_event("n"));
    execute(&mut store, &mut app, no, None, &places);
    assert_eq!(status(&app), (Tone::Info, format!("Nothing was written: {} is as it was.", written.display())));
    assert_eq!(fs::read_to_string(&written).unwrap(), text, "no keeps the file");

    request(&mut store, &mut app, &places, again);
    let yes = press(&mut app, &key_event("y"));
    execute(&mut store, &mut app, yes, None, &places);
    assert_eq!(status(&app), (Tone::Info, format!("The spreadsheet is in {}.", written.display())));
    let replaced = fs::read_to_string(&written).unwrap();
    assert!(replaced.contains("Leeds South") && replaced.contains("Leeds East"), "yes replaces it: {replaced}");
    assert!(app.overlay.palette().is_none());

    request(&mut store, &mut app, &places, export(Export::Ics { from: None, to: None }, "~/calendar.ics"));
    assert!(places.home.as_ref().unwrap().join("calendar.ics").exists(), "{:?}", app.status);
}

#[test]
fn a_backup_restores_only_into_an_empty_database() {
    let (mut store, mut app, _dir, places) = world(true);
    request(&mut store, &mut app, &places, export(Export::Json, "~/backup.json"));
    request(&mut store, &mut app, &places, import(Import::Json { replace: false }, "~/backup.json"));
    let (tone, refused) = status(&app);
    assert_eq!(tone, Tone::Error);
    assert!(refused.starts_with("this database already holds data of your own (engagements: 1"), "{refused}");
    assert!(app.overlay.palette().is_none());

    let mut fresh = test_store();
    let mut app = open(&fresh, day(), Keymap::default(), Theme::plain()).unwrap();
    request(&mut fresh, &mut app, &places, import(Import::Json { replace: false }, "~/backup.json"));
    let backup = places.home.as_ref().unwrap().join("backup.json");
    assert_eq!(
        preview_lines(&app)[0],
        format!(
            "A backup from {}: 1 engagement, 0 contacts, 0 proposals, 0 sites, 0 calendar dates, 0 settings.",
            backup.display()
        )
    );
    let commands = press(&mut app, &key_event("y"));
    execute(&mut fresh, &mut app, commands, None, &places);
    assert!(status(&app).1.starts_with("Restored from"), "{:?}", app.status);
    assert!(app.data.mps.iter().any(|r| r.mp.tracked && r.mp.constituency == "Leeds South"), "reloaded");
}

#[test]
fn a_backup_restored_with_replace_keeps_a_copy_of_the_database_first() {
    let (_, _, dir, places) = world(false);
    let db = dir.path().join("data").join("mpplan.sqlite3");
    fs::create_dir_all(db.parent().unwrap()).unwrap();
    let mut store = Store::open_on(&db, crate::store::Access::Auto, day()).unwrap();
    crate::data::ensure_loaded(&mut store).unwrap();
    store.track("E14001323", day()).unwrap();
    let mut app = open(&store, day(), Keymap::default(), Theme::plain()).unwrap();
    request(&mut store, &mut app, &places, export(Export::Json, "~/backup.json"));
    store.track("E14001320", day()).unwrap();
    let backups = store.backups_dir().unwrap();
    let copies = |dir: &std::path::Path| {
        fs::read_dir(dir).map_or(0, |d| d.filter_map(Result::ok).filter(|e| e.path().is_file()).count())
    };
    let before = copies(&backups);

    let typed = press(&mut app, &key_event(":"));
    assert!(typed.is_empty());
    for c in "import json ~/backup.json --replace".chars() {
        press(&mut app, &key_event(&c.to_string()));
    }
    let commands = press(&mut app, &key_event("enter"));
    execute(&mut store, &mut app, commands, None, &places);
    assert_eq!(preview_lines(&app)[1], "Restoring it replaces everything you created in this database.");
    let commands = press(&mut app, &key_event("y"));
    execute(&mut store, &mut app, commands, None, &places);
    let (tone, said) = status(&app);
    assert_eq!(tone, Tone::Info, "{said}");
    assert!(said.starts_with(&format!("A copy of the database as it was is in {}", backups.display())), "{said}");
    assert!(said.contains("Restored from"), "{said}");
    assert_eq!(copies(&backups), before + 1, "one copy more");
    let tracked: Vec<&str> = app.data.mps.iter().filter(|r| r.mp.tracked).map(|r| r.mp.constituency.as_str()).collect();
    assert_eq!(tracked, ["Leeds South"], "the backup's data replaced what was there");
}
