//! Any size of data: the MP detail screen of a seat whose every note is as long as its limit
//! allows (engagement notes, background, topics, office address, a checklist note, and 200
//! contacts each with a 20,000-character note), opened (read and drawn) and redrawn after a key,
//! at 200×60 and 80×24; the contact log in focus on the longest contact; and a 1 MB note stored
//! before there were limits, to show the drawing is in proportion to what is shown.

use std::hint::black_box;
use std::path::Path;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use mpplan::domain::engagement::checklist::{Entry, ItemState};
use mpplan::domain::engagement::contact::{Direction, InteractionKind, NewInteraction};
use mpplan::domain::limits::Field;
use mpplan::domain::views::EngagementUpdate;
use mpplan::store::Store;
use mpplan::tui::app::{App, Screen};
use mpplan::tui::keymap::{Keymap, key_event};
use mpplan::tui::theme::Theme;

const SEAT: &str = "E14001323";
const CONTACTS: usize = 200;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// Text of `chars` characters in words, as a long note is.
fn words(chars: usize) -> String {
    let text = "the minister agreed to visit the new ward in the spring ".repeat(chars / 56 + 1);
    text.chars().take(chars).collect()
}

fn fixture(path: &Path) {
    let mut store = Store::open(path).unwrap();
    mpplan::data::ensure_loaded(&mut store).unwrap();
    let full = |field: Field| Some(words(field.limit()));
    let info = EngagementUpdate {
        topics: full(Field::Topics),
        cadence_days: None,
        office_address: full(Field::OfficeAddress),
        background: full(Field::Background),
        notes: full(Field::Notes),
    };
    store.update_engagement(SEAT, &info, today()).unwrap();
    let note = Entry {
        key: "1.2".into(),
        state: ItemState::Done,
        done_on: Some(today()),
        note: "n".repeat(Field::ChecklistNote.limit()),
    };
    store.set_checklist_entry(SEAT, &note).unwrap();
    for n in 0..CONTACTS {
        let on = today() - chrono::Days::new(n as u64);
        let summary = words(Field::ContactNote.limit());
        let contact = NewInteraction { kind: InteractionKind::Email, direction: Direction::ToMp, on, summary };
        store.log_interaction(SEAT, &contact, today()).unwrap();
    }
}

/// The app with the seat's detail open, as after pressing Enter on it.
fn open(store: &Store) -> App {
    let mut app = mpplan::tui::open(store, today(), Keymap::default(), Theme::from_env()).unwrap();
    app.screen = Screen::Detail;
    app.data.detail = mpplan::tui::load::detail(store, SEAT).unwrap();
    app.detail.code = Some(SEAT.into());
    app
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("size.sqlite3");
    fixture(&path);
    let store = Store::open(&path).unwrap();
    let mut group = c.benchmark_group("notes at their limits");
    for (width, height) in [(200, 60), (80, 24)] {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        // Enter on the MP in the list: its detail read (all 200 contacts with their notes) and drawn.
        let mut app = open(&store);
        group.bench_function(format!("MP detail: open (read and draw), {width}x{height}"), |b| {
            b.iter(|| {
                app.data.detail = mpplan::tui::load::detail(&store, SEAT).unwrap();
                terminal.draw(|frame| mpplan::tui::view::render(&app, frame)).unwrap();
            })
        });
        for (what, log) in [("checklist", None), ("contact log", Some(0))] {
            let mut app = open(&store);
            app.detail.log = log;
            let keys = ["j", "k"].map(key_event);
            let mut i = 0;
            group.bench_function(format!("MP detail: key and redraw, {what}, {width}x{height}"), |b| {
                b.iter(|| {
                    i += 1;
                    black_box(mpplan::tui::press(&mut app, &keys[i % 2]));
                    terminal.draw(|frame| mpplan::tui::view::render(&app, frame)).unwrap();
                })
            });
        }
    }
    // A database written before there were limits: a contact note of 1 MB, as in the report
    // that a 1 MB note froze the screen for ten seconds.
    let mut app = open(&store);
    let data = app.data.detail.as_mut().unwrap();
    data.interactions[0].summary = words(1024 * 1024);
    data.checklist[1].note = "n".repeat(1024 * 1024);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    for (what, log) in [("checklist", None), ("contact log on the 1 MB note", Some(0))] {
        app.detail.log = log;
        group.bench_function(format!("MP detail with 1 MB notes from before the limits: draw, {what}, 200x60"), |b| {
            b.iter(|| {
                terminal.draw(|frame| mpplan::tui::view::render(&app, frame)).unwrap();
            })
        });
    }
    group.finish();
}

criterion_group!(size, benches);
criterion_main!(size);
