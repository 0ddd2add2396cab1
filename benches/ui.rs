//! UI and query speed on ten years of a busy organisation's data (`mpplan demo --years 10`: all 650
//! MPs tracked, 50,000 proposals, 100,000 contacts): the week query, the agenda, each screen's full
//! render and one key press plus redraw at 200×60, and opening the database to the first frame.

use std::hint::black_box;
use std::path::Path;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use mpplan::domain::demo::DemoSpec;
use mpplan::store::Store;
use mpplan::tui::app::{App, Screen};
use mpplan::tui::keymap::{Keymap, key_event};
use mpplan::tui::theme::Theme;

/// The day the data is made around: a Tuesday.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// The ten-year data set, as `mpplan demo --db PATH --years 10` makes it.
fn fixture(path: &Path) {
    let mut store = Store::open(path).unwrap();
    mpplan::data::ensure_loaded(&mut store).unwrap();
    store.fill_demo(&DemoSpec::history(10, 50_000, 100_000, 1), today()).unwrap();
}

fn open(path: &Path) -> App {
    let store = Store::open(path).unwrap();
    mpplan::tui::open(&store, today(), Keymap::default(), Theme::from_env()).unwrap()
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.sqlite3");
    fixture(&path);
    let store = Store::open(&path).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();

    c.bench_function("week query, ten years", |b| b.iter(|| black_box(mpplan::tui::load::week(&store, monday))));
    c.bench_function("agenda, ten years", |b| b.iter(|| black_box(mpplan::tui::load::agenda(&store, today()))));

    for (screen, keys) in [
        (Screen::Today, ["j", "k"]),
        (Screen::Mps, ["j", "k"]),
        (Screen::Detail, ["j", "k"]),
        (Screen::Week, ["l", "h"]),
    ] {
        let mut app = open(&path);
        app.screen = screen;
        if screen == Screen::Detail {
            let code = app.data.mps[0].mp.constituency_code.clone();
            app.data.detail = mpplan::tui::load::detail(&store, &code).unwrap();
            app.detail.code = Some(code);
        }
        c.bench_function(&format!("full render, {} at 200x60", screen.title()), |b| {
            b.iter(|| {
                terminal.draw(|frame| mpplan::tui::view::render(&app, frame)).unwrap();
            })
        });
        let events = keys.map(key_event);
        let mut i = 0;
        c.bench_function(&format!("key and redraw, {} at 200x60", screen.title()), |b| {
            b.iter(|| {
                i += 1;
                black_box(mpplan::tui::press(&mut app, &events[i % 2]));
                terminal.draw(|frame| mpplan::tui::view::render(&app, frame)).unwrap();
            })
        });
    }

    let mut group = c.benchmark_group("first frame");
    group.sample_size(20);
    group.bench_function("open the database to the first frame, 200x60", |b| {
        b.iter(|| {
            let app = open(&path);
            terminal.draw(|frame| mpplan::tui::view::render(&app, frame)).unwrap();
        })
    });
    group.finish();
}

criterion_group!(ui, benches);
criterion_main!(ui);
