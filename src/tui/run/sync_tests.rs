//! A shared plan on the screens, through the loop's own steps: two copies on files of their own
//! share a log held in memory; what one changes shows on the other's screen once its background
//! sync has run, a change made on the screen counts as waiting until it is pushed, and a server out
//! of reach is said in the header.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::*;
use crate::domain::engagement::checklist::{Entry, ItemState};
use crate::shared::sync::SharedLog;
use crate::shared::sync::memory::MemoryLog;
use crate::tui::app::Screen;
use crate::tui::change::Change;
use crate::tui::fixture::screen;

const LEEDS_SOUTH: &str = "E14001323";
const LEEDS_EAST: &str = "E14001320";

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn nowhere() -> Places {
    Places { config_dir: None, documents: PathBuf::from("/nonexistent/mpplan-test"), home: None }
}

/// A copy of the plan in `dir`, its data loaded, joined to the shared plan as `author`.
fn copy(dir: &Path, author: &str) -> (PathBuf, Store) {
    let path = dir.join(format!("{author}.sqlite3"));
    let mut store = Store::open(&path).unwrap();
    crate::data::ensure_loaded(&mut store).unwrap();
    store.sync_join("memory", author).unwrap();
    (path, store)
}

/// Connects to `log`, as `connect_to` connects to the server.
fn connect(log: &MemoryLog) -> Connect {
    let log = log.clone();
    Arc::new(move || Ok(Box::new(log.clone()) as Box<dyn SharedLog + Send>))
}

/// Runs the loop's step that takes in the worker's reports and other connections' writes, until
/// `done` holds of the app (ten seconds at most).
fn until(store: &Store, app: &mut App, worker: &Worker, version: &mut i64, done: impl Fn(&App) -> bool) {
    let give_up = Instant::now() + Duration::from_secs(10);
    while !done(app) {
        assert!(Instant::now() < give_up, "still waiting; the screen shows:\n{}", screen(app, 120, 40));
        notice(store, app, Some(worker), version).unwrap();
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn header(app: &App) -> String {
    screen(app, 120, 40).lines().next().unwrap_or_default().to_string()
}

#[test]
fn a_change_made_on_one_copy_shows_on_the_others_screen_after_its_background_sync() {
    let dir = tempfile::tempdir().unwrap();
    let log = MemoryLog::new();
    let (_, mut bob) = copy(dir.path(), "Bob");
    bob.track(LEEDS_SOUTH, day()).unwrap();
    let ticked = Entry { key: "1.1".into(), state: ItemState::Done, done_on: Some(day()), note: "From LS9".into() };
    bob.set_checklist_entry(LEEDS_SOUTH, &ticked).unwrap();
    crate::shared::sync::engine::sync(&mut bob, &mut log.clone()).unwrap();

    let (path, mut ann) = copy(dir.path(), "Ann");
    let mut app = open(&ann, day(), Keymap::default(), Theme::plain()).unwrap();
    assert!(app.sharing.is_some(), "a shared plan");
    let commands = update::open_detail(&mut app, LEEDS_SOUTH.into());
    execute(&mut ann, &mut app, commands, None, &nowhere());
    assert!(screen(&app, 120, 40).contains("Not tracked yet"));

    let mut version = ann.data_version().unwrap();
    let worker = Worker::start(&path, connect(&log), Duration::from_secs(3600));
    until(&ann, &mut app, &worker, &mut version, |app| {
        app.sharing.as_ref().is_some_and(|s| !s.syncing && s.last_synced.is_some())
    });
    let text = screen(&app, 120, 40);
    assert!(text.contains("[x] 1.1 Seat confirmed") && text.contains("· Bob"), "{text}");
    assert!(header(&app).contains("synced "), "{}", header(&app));

    // A change made here waits, and says so, until the next sync pushes it.
    app.screen = Screen::Mps;
    let track = Change::Track { code: LEEDS_EAST.into(), seat: "Leeds East".into() };
    execute(&mut ann, &mut app, vec![Command::Apply(track)], None, &nowhere());
    let waiting = app.sharing.as_ref().unwrap().waiting;
    assert!(waiting > 0 && header(&app).ends_with(&format!("· {waiting} waiting")), "{}", header(&app));
    worker.sync_now();
    until(&ann, &mut app, &worker, &mut version, |app| app.sharing.as_ref().is_some_and(|s| s.waiting == 0));
    assert!(!header(&app).contains("waiting"), "{}", header(&app));

    crate::shared::sync::engine::sync(&mut bob, &mut log.clone()).unwrap();
    assert!(
        bob.list_mps(&crate::store::MpFilter::default())
            .unwrap()
            .iter()
            .any(|m| m.constituency_code == LEEDS_EAST && m.tracked)
    );
    assert!(worker.finish(Duration::from_secs(10), |_| {}), "the last sync ends the worker");
}

#[test]
fn a_server_out_of_reach_is_said_in_the_header_and_the_quit_waits_only_so_long() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut ann) = copy(dir.path(), "Ann");
    ann.track(LEEDS_SOUTH, day()).unwrap();
    let mut app = open(&ann, day(), Keymap::default(), Theme::plain()).unwrap();
    let waiting = app.sharing.as_ref().unwrap().waiting;
    assert!(waiting > 0);

    let mut log = MemoryLog::new();
    log.offline = true;
    let mut version = ann.data_version().unwrap();
    let worker = Worker::start(&path, connect(&log), Duration::from_secs(3600));
    until(&ann, &mut app, &worker, &mut version, |app| {
        app.sharing.as_ref().is_some_and(|s| !s.syncing && s.trouble.is_some())
    });
    assert!(header(&app).ends_with(&format!("offline — {waiting} changes waiting")), "{}", header(&app));
    assert_eq!(app.status, None, "no error shown for being offline");

    // A server that never answers: quitting gives up on the last sync after the time allowed.
    let hangs: Connect = Arc::new(|| {
        std::thread::sleep(Duration::from_secs(30));
        Err(crate::shared::sync::SyncError::Offline("timed out".into()))
    });
    let stuck = Worker::start(&path, hangs, Duration::from_secs(3600));
    assert!(!stuck.finish(Duration::from_millis(200), |_| {}), "given up on, not waited for");
}
