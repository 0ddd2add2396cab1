//! The loop's commands carried out against a store: documents written, failed writes, the
//! read-only banner, undo, the MP last opened, the notices on opening, Ctrl-C and a bad config.

use super::*;
use crate::domain::engagement::checklist::{Entry, ItemState};
use crate::domain::engagement::contact::{Direction, InteractionKind, NewInteraction};
use crate::domain::engagement::proposal::NewProposal;
use crate::domain::views::EngagementUpdate;
use crate::tui::change::Change;
use crate::tui::form::ProposalForm;
use crate::tui::overlay::Overlay;
use crate::tui::update::Document;

use crate::store::test_store as store;

/// Places for tests that write no documents.
fn nowhere() -> Places {
    Places { config_dir: None, documents: PathBuf::from("/nonexistent/mpplan-test"), home: None }
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

#[test]
fn the_letter_goes_to_a_new_file_in_the_documents_folder_never_over_another() {
    let mut store = store();
    let mut app = open(&store, day(), Keymap::default(), Theme::plain()).unwrap();
    let docs = tempfile::tempdir().unwrap();
    let places = Places { config_dir: None, documents: docs.path().join("letters"), home: None };
    std::fs::create_dir_all(&places.documents).unwrap();
    let taken = places.documents.join("letter-leeds-south-2026-11-24.md");
    std::fs::write(&taken, "mine").unwrap();
    let write = Command::Write(Document::Letter, "E14001323".into());
    execute(&mut store, &mut app, vec![write], None, &places);
    let written = places.documents.join("letter-leeds-south-2026-11-24-2.md");
    // Leeds South is not tracked, so there is no 2.1 to tick; the organisation is not set.
    let unset = "Your organisation is not set, so it says [our organisation]: set it with mpplan org set";
    assert_eq!(app.status.clone().unwrap().text, format!("Letter written to {}. {unset}", written.display()));
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "mine", "the file already there is untouched");
    let letter = std::fs::read_to_string(&written).unwrap();
    assert!(letter.contains("Hilary Benn") && letter.contains("London SW1A 0AA"), "{letter}");

    let brief = Command::Write(Document::Brief, "E14001323".into());
    execute(&mut store, &mut app, vec![brief], None, &places);
    assert!(places.documents.join("brief-leeds-south-2026-11-24.md").exists(), "{:?}", app.status);
}

#[test]
fn an_invitation_is_written_as_a_calendar_file_once_the_organisation_has_an_email() {
    let mut store = store();
    let at = |hour| day().and_hms_opt(hour, 0, 0).unwrap() + chrono::TimeDelta::days(10);
    let visit = NewProposal::timed("E14001323", crate::domain::calendar::ProposalKind::Visit, at(10), at(11));
    let (p, _) = store.add_proposal(&visit, day()).unwrap();
    let mut app = open(&store, day(), Keymap::default(), Theme::plain()).unwrap();
    let docs = tempfile::tempdir().unwrap();
    let places = Places { config_dir: None, documents: docs.path().join("docs"), home: None };
    let invite = || vec![Command::Write(Document::Invite(p.id), "E14001323".into())];
    execute(&mut store, &mut app, invite(), None, &places);
    let said = app.status.clone().unwrap().text;
    assert!(
        said.starts_with("The invitation was not written: an invitation comes from your organisation's email"),
        "{said}"
    );

    crate::shared::org::set_organisation_email(&mut store, "pa@example.nhs.uk").unwrap();
    execute(&mut store, &mut app, invite(), None, &places);
    let written = places.documents.join("invitation-leeds-south-2026-11-24.ics");
    let said = app.status.clone().unwrap().text;
    assert!(said.starts_with(&format!("Invitation written to {}: attach it", written.display())), "{said}");
    let ics = std::fs::read_to_string(&written).unwrap();
    assert!(ics.contains("METHOD:REQUEST\r\n") && ics.contains("mailto:pa@example.nhs.uk"), "{ics}");
}

#[cfg(unix)]
#[test]
fn the_documents_folder_is_made_private_like_every_other() {
    use std::os::unix::fs::PermissionsExt;
    let mut store = store();
    let mut app = open(&store, day(), Keymap::default(), Theme::plain()).unwrap();
    let docs = tempfile::tempdir().unwrap();
    let places = Places { config_dir: None, documents: docs.path().join("mpplan/letters"), home: None };
    execute(&mut store, &mut app, vec![Command::Write(Document::Brief, "E14001323".into())], None, &places);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&places.documents), 0o700, "{:?}", app.status);
    assert_eq!(mode(&docs.path().join("mpplan")), 0o700);
    assert_eq!(mode(&places.documents.join("brief-leeds-south-2026-11-24.md")), 0o600);
}

#[test]
fn a_stored_office_address_addresses_the_letter_and_a_bad_template_is_named() {
    let mut store = store();
    let info =
        EngagementUpdate { office_address: Some("2 Blenheim Terrace, Leeds LS2 9JG".into()), ..Default::default() };
    store.update_engagement("E14001323", &info, day()).unwrap();
    let mut app = open(&store, day(), Keymap::default(), Theme::plain()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let places = Places { config_dir: Some(dir.path().to_path_buf()), documents: dir.path().to_path_buf(), home: None };
    execute(&mut store, &mut app, vec![Command::Write(Document::Letter, "E14001323".into())], None, &places);
    let letter = std::fs::read_to_string(dir.path().join("letter-leeds-south-2026-11-24.md")).unwrap();
    assert!(letter.contains("Blenheim Terrace") && !letter.contains("SW1A 0AA"), "{letter}");

    let template = dir.path().join("letter.md");
    std::fs::write(&template, "Dear {{mp_name}},\n{{favourite_colour}}\n").unwrap();
    execute(&mut store, &mut app, vec![Command::Write(Document::Letter, "E14001323".into())], None, &places);
    let status = app.status.clone().unwrap();
    assert_eq!(status.tone, super::super::app::Tone::Error);
    assert!(status.text.starts_with("The letter was not written: the letter template"), "{}", status.text);
    assert!(status.text.contains(&template.display().to_string()) && status.text.contains("favourite_colour"));
    assert!(!dir.path().join("letter-leeds-south-2026-11-24-2.md").exists());
}

#[test]
fn logging_a_letter_ticks_2_3_and_undo_takes_both_back() {
    let mut store = store();
    let mut app = open(&store, day(), Keymap::default(), Theme::plain()).unwrap();
    let new = NewInteraction {
        kind: InteractionKind::Letter,
        direction: Direction::ToMp,
        on: day(),
        summary: "First letter".into(),
    };
    let log = Change::Batch(vec![
        Change::Track { code: "E14001323".into(), seat: "Leeds South".into() },
        Change::Log { code: "E14001323".into(), seat: "Leeds South".into(), new },
    ]);
    execute(&mut store, &mut app, vec![Command::Apply(log)], None, &nowhere());
    assert_eq!(
        app.status.clone().unwrap().text,
        "Tracking Leeds South; Logged a letter to Hilary Benn; checklist 2.3 ticked"
    );
    let state = |store: &Store| {
        let sent = store.checklist("E14001323").unwrap().into_iter().find(|e| e.key == "2.3").map(|e| e.state);
        (store.interactions("E14001323").unwrap().len(), sent)
    };
    assert_eq!(state(&store), (1, Some(ItemState::Done)));
    assert!(app.stale.agenda, "the agenda is out of date, and not read while Today is not shown");
    app.screen = super::super::app::Screen::Today;
    execute(&mut store, &mut app, Vec::new(), None, &nowhere());
    assert!(app.data.agenda.next_steps.iter().any(|s| &*s.seat == "Leeds South"), "the agenda is read again");
    execute(&mut store, &mut app, vec![Command::Undo], None, &nowhere());
    assert_eq!(state(&store), (0, Some(ItemState::Todo)));
    execute(&mut store, &mut app, vec![Command::Redo], None, &nowhere());
    assert_eq!(state(&store), (1, Some(ItemState::Done)));
}

#[test]
fn a_failed_write_is_a_status_message_and_the_form_comes_back() {
    let mut store = store();
    let day = day();
    let mut app = open(&store, day, Keymap::default(), Theme::plain()).unwrap();
    let form = ProposalForm::new(Some(("E14001323".into(), "Leeds South".into())), day);
    // A step of a seat that is not tracked cannot be written.
    let entry = Entry { key: "2.1".into(), state: ItemState::Done, done_on: Some(day), note: String::new() };
    let change =
        Change::SetEntry { code: "E14001323".into(), seat: "Leeds South".into(), before: entry.clone(), after: entry };
    execute(&mut store, &mut app, vec![Command::Apply(change)], Some(form.clone().into()), &nowhere());
    let status = app.status.clone().unwrap();
    assert_eq!(status.tone, super::super::app::Tone::Error);
    assert!(status.text.starts_with("Not saved:"), "{}", status.text);
    assert_eq!(app.overlay, Overlay::Form(form.into()), "what was typed is kept");
    assert!(app.history.done.is_empty(), "nothing to undo");
}

#[test]
fn a_read_only_database_opens_with_a_banner_and_refuses_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mpplan.sqlite3");
    crate::data::ensure_loaded(&mut Store::open(&path).unwrap()).unwrap();
    let mut store = Store::open_with(&path, crate::store::Access::ReadOnly).unwrap();
    let day = day();
    let mut app = open(&store, day, Keymap::default(), Theme::plain()).unwrap();
    assert!(app.read_only);
    let track = Change::Track { code: "E14001323".into(), seat: "Leeds South".into() };
    execute(&mut store, &mut app, vec![Command::Apply(track)], None, &nowhere());
    let status = app.status.clone().unwrap();
    assert!(status.text.starts_with("Not saved:") && status.text.contains("read-only"), "{}", status.text);
    assert!(app.data.mps.iter().all(|r| !r.mp.tracked));
}

#[test]
fn undo_then_redo_returns_to_the_same_state() {
    let mut store = store();
    let day = day();
    let mut app = open(&store, day, Keymap::default(), Theme::plain()).unwrap();
    let track = Change::Track { code: "E14001323".into(), seat: "Leeds South".into() };
    execute(&mut store, &mut app, vec![Command::Apply(track)], None, &nowhere());
    let tracked = |app: &App| app.data.mps.iter().filter(|r| r.mp.tracked).count();
    assert_eq!(tracked(&app), 1);
    execute(&mut store, &mut app, vec![Command::Undo], None, &nowhere());
    assert_eq!(tracked(&app), 0);
    assert!(app.status.as_ref().unwrap().text.starts_with("Undone: Tracking Leeds South"));
    execute(&mut store, &mut app, vec![Command::Redo], None, &nowhere());
    assert_eq!(tracked(&app), 1);
    execute(&mut store, &mut app, vec![Command::Redo], None, &nowhere());
    assert_eq!(app.status.as_ref().unwrap().text, "Nothing to redo.");
}

#[test]
fn the_mp_last_opened_is_shown_by_the_detail_key_after_a_restart() {
    let mut store = store();
    let day = day();
    store.track("E14001323", day).unwrap();
    let mut app = open(&store, day, Keymap::default(), Theme::plain()).unwrap();
    assert_eq!(app.detail.code, None, "nothing opened yet");
    let commands = update::open_detail(&mut app, "E14001320".into());
    execute(&mut store, &mut app, commands, None, &nowhere());
    let commands = update::open_detail(&mut app, "E14001323".into());
    execute(&mut store, &mut app, commands, None, &nowhere());

    let mut again = open(&store, day, Keymap::default(), Theme::plain()).unwrap();
    assert_eq!(again.detail.code.as_deref(), Some("E14001323"));
    let checklist = &again.data.detail.as_ref().expect("read on opening").checklist;
    assert_eq!(checklist[again.detail.selected].key, "1.1", "on its next step");
    let commands = press(&mut again, &crate::tui::keymap::key_event("3"));
    assert!(commands.is_empty(), "already read: {commands:?}");
    assert_eq!(again.screen, crate::tui::app::Screen::Detail);
}

#[test]
fn what_was_found_on_opening_the_database_is_on_the_status_line() {
    let store = store();
    let day = day();
    let mut app = open(&store, day, Keymap::default(), Theme::plain()).unwrap();
    let damaged = "The database is damaged, so today's automatic backup was not made; to put back …";
    greet(&mut app, Some("config.toml:2: …".into()), vec![damaged.into()]);
    let status = app.status.clone().unwrap();
    assert_eq!((status.text.as_str(), status.tone), (damaged, super::super::app::Tone::Error));
    greet(&mut app, None, Vec::new());
    assert_eq!(app.status.unwrap().text, damaged, "nothing to say says nothing");
}

#[test]
fn ctrl_c_behind_a_long_paste_quits_before_any_of_it_is_handled() {
    let app = open(&store(), day(), Keymap::default(), Theme::plain()).unwrap();
    let key = |text: &str| Event::Key(crate::tui::keymap::key_event(text));
    let mut events: Vec<Event> = (0..BATCH - 1).map(|_| key("n")).collect();
    assert!(!force_quit_in(&app, &events));
    events.push(key("ctrl-r"));
    assert!(!force_quit_in(&app, &events), "Ctrl-R is not Ctrl-C");
    events.push(key("ctrl-c"));
    assert!(force_quit_in(&app, &events));
}

#[test]
fn a_bad_config_file_keeps_the_default_keys_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[keys]\nquit = 3\n").unwrap();
    let (map, error) = keymap(Some(&path));
    assert!(error.unwrap().contains("config.toml:2"));
    assert_eq!(
        map.key_for(&[crate::tui::keymap::Scope::Global], crate::tui::action::Action::Quit).as_deref(),
        Some("q")
    );
    assert_eq!(keymap(Some(&dir.path().join("missing.toml"))).1, None, "no file is no error");
}
