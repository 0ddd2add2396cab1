//! UI speed: one key press plus a full redraw on each screen at 200×60, with all 650 MPs tracked
//! and a busy week; and opening a database to the first frame.

use std::hint::black_box;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use mpplan::domain::calendar::ProposalKind;
use mpplan::domain::proposal::NewProposal;
use mpplan::store::{MpFilter, Store};
use mpplan::tui::app::{App, Screen};
use mpplan::tui::keymap::{Keymap, key_event};
use mpplan::tui::theme::Theme;

/// A Tuesday in a week with forty proposals.
fn busy_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 3).unwrap()
}

/// A database with every seat tracked, a checklist half done here and there, and proposals over
/// two years, forty of them in the benchmark's week.
fn fixture(path: &Path) {
    let mut store = Store::open(path).unwrap();
    mpplan::data::ensure_loaded(&mut store).unwrap();
    let seats = store.list_mps(&MpFilter::default()).unwrap();
    for seat in &seats {
        store.track(&seat.constituency_code, busy_day()).unwrap();
    }
    let monday = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap().and_hms_opt(8, 0, 0).unwrap();
    let mut add = |start: NaiveDateTime, i: usize| {
        let new = NewProposal {
            constituency_code: seats[i % seats.len()].constituency_code.clone(),
            title: String::new(),
            kind: ProposalKind::ALL[i % 5],
            place: "Main hospital".into(),
            start,
            end: start + TimeDelta::minutes(60),
            attendees: Some(3),
        };
        store.add_proposal(&new, busy_day()).unwrap();
    };
    for i in 0..40 {
        add(monday + TimeDelta::days((i % 7) as i64) + TimeDelta::hours((i / 7) as i64), i);
    }
    for i in 0..2000 {
        add(monday - TimeDelta::days(365) + TimeDelta::hours(9 * i as i64), i);
    }
}

fn open(path: &Path) -> App {
    let store = Store::open(path).unwrap();
    mpplan::tui::open(&store, busy_day(), Keymap::default(), Theme::from_env()).unwrap()
}

fn screens(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.sqlite3");
    fixture(&path);
    let store = Store::open(&path).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();

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

    c.bench_function("open the database to the first frame, 200x60", |b| {
        b.iter(|| {
            let app = open(&path);
            terminal.draw(|frame| mpplan::tui::view::render(&app, frame)).unwrap();
        })
    });
}

criterion_group!(benches, screens);
criterion_main!(benches);
