//! UI and query speed on ten years of a busy organisation's data (`mpplan demo --years 10`: all 650
//! MPs tracked, 50,000 proposals, 100,000 contacts): the week query, the agenda, each screen's full
//! render and one key press plus redraw at 200×60, opening the database to the first frame, and a
//! change applied with what it touched read again (against reading everything again, as before).

use std::hint::black_box;
use std::path::Path;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use mpplan::domain::calendar::ProposalKind;
use mpplan::domain::demo::DemoSpec;
use mpplan::domain::engagement::checklist::{Entry, ItemState};
use mpplan::domain::engagement::proposal::NewProposal;
use mpplan::store::Store;
use mpplan::tui::app::{App, Screen};
use mpplan::tui::change::Change;
use mpplan::tui::invalidation::Touched;
use mpplan::tui::keymap::{Keymap, key_event};
use mpplan::tui::load;
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
        // mpplan's own work for a key: the update, and drawing the screen's widgets into the
        // frame's cells; not the comparison with the last frame nor the writing to the terminal,
        // which are ratatui's and crossterm's (counted in "key and redraw").
        c.bench_function(&format!("key press, own work, {} at 200x60", screen.title()), |b| {
            b.iter(|| {
                i += 1;
                black_box(mpplan::tui::press(&mut app, &events[i % 2]));
                mpplan::tui::view::render(&app, &mut terminal.get_frame());
            })
        });
    }

    let mut group = c.benchmark_group("first frame");
    group.sample_size(20);
    group.bench_function("open the database to the first frame, the whole agenda read first, 200x60", |b| {
        b.iter(|| {
            let app = open(&path);
            terminal.draw(|frame| mpplan::tui::view::render(&app, frame)).unwrap();
        })
    });
    group.bench_function("open the database to the first frame drawn from the first days, 200x60", |b| {
        b.iter(|| {
            let store = Store::open(&path).unwrap();
            let app = mpplan::tui::open_first(&store, today(), Keymap::default(), Theme::from_env()).unwrap().unwrap();
            assert!(mpplan::tui::view::first_frame_holds(&app, ratatui::layout::Rect::new(0, 0, 200, 60)));
            terminal.draw(|frame| mpplan::tui::view::render(&app, frame)).unwrap();
        })
    });
    group.bench_function("open the database to the first frame reading everything (as before), 200x60", |b| {
        b.iter(|| {
            let store = Store::open(&path).unwrap();
            let monday = mpplan::tui::app::monday_of(today());
            let data = load::all(&store, today(), monday, None).unwrap();
            let app = App::new(data, today(), Keymap::default(), Theme::from_env());
            terminal.draw(|frame| mpplan::tui::view::render(&app, frame)).unwrap();
        })
    });
    group.finish();

    changes(c, &path);
}

/// What the loop did after every change before it read only what the change touched: everything
/// but the calendar, busy times included.
fn read_everything_again(store: &Store, app: &mut App) {
    app.data.mps = load::mps(store).unwrap();
    app.data.detail = app.detail.code.as_deref().and_then(|code| load::detail(store, code).unwrap());
    app.data.week = load::week(store, app.week.monday).unwrap();
    app.data.busy = load::busy(store, app.today).unwrap();
    app.data.agenda = load::agenda(store, app.today).unwrap();
    app.refilter();
    mpplan::tui::update::keep_in_range(app);
}

/// A checklist tick (alternately ticked and unticked) and a visit proposed (alternately proposed
/// and deleted), each written and then followed by reading everything again or only what it
/// touched, with the MP detail of the seat open, on the Week screen (the agenda is then read when
/// Today is shown) and on Today (the week is then read when the Week screen is shown).
fn changes(c: &mut Criterion, path: &Path) {
    let mut store = Store::open(path).unwrap();
    let mut app = open(path);
    let code = app.data.mps[0].mp.constituency_code.clone();
    let seat = app.data.mps[0].mp.constituency.clone();
    app.data.detail = load::detail(&store, &code).unwrap();
    app.detail.code = Some(code.clone());
    app.screen = Screen::Week;
    let entry = |state| Entry { key: "5.2".into(), state, done_on: Some(today()), note: String::new() };
    let tick = |done: bool| Change::SetEntry {
        code: code.clone(),
        seat: seat.clone(),
        before: entry(if done { ItemState::Todo } else { ItemState::Done }),
        after: entry(if done { ItemState::Done } else { ItemState::Todo }),
    };
    let start = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap().and_hms_opt(10, 0, 0).unwrap();
    let visit = NewProposal {
        constituency_code: code.clone(),
        title: "Bench visit".into(),
        kind: ProposalKind::Visit,
        place: String::new(),
        start,
        end: start + chrono::TimeDelta::hours(1),
        all_day: false,
        fold: Default::default(),
        attendees: None,
    };

    let mut group = c.benchmark_group("change and reload");
    group.sample_size(20);
    for (partial, screen) in [(false, Screen::Week), (true, Screen::Week), (true, Screen::Today)] {
        app.screen = screen;
        let how = match (partial, screen) {
            (false, _) => "everything again".to_string(),
            (true, screen) => format!("only what it touched, on {}", screen.title()),
        };
        let mut done = false;
        group.bench_function(format!("tick a checklist item, read {how}"), |b| {
            b.iter(|| {
                done = !done;
                let change = tick(done);
                let Change::SetEntry { after, .. } = &change else { unreachable!() };
                store.set_checklist_entry(&code, after).unwrap();
                if partial {
                    mpplan::tui::reread(&store, &mut app, Touched::of(&change)).unwrap();
                } else {
                    read_everything_again(&store, &mut app);
                }
            })
        });
        let mut proposed = None;
        group.bench_function(format!("propose a visit or delete it, read {how}"), |b| {
            b.iter(|| {
                let change = match proposed.take() {
                    None => {
                        let (p, _) = store.add_proposal(&visit, today()).unwrap();
                        proposed = Some(p.id);
                        Change::Restore(p)
                    }
                    Some(id) => Change::Remove(store.remove_proposal(id).unwrap()),
                };
                if partial {
                    mpplan::tui::reread(&store, &mut app, Touched::of(&change)).unwrap();
                } else {
                    read_everything_again(&store, &mut app);
                }
            })
        });
        if let Some(id) = proposed {
            store.remove_proposal(id).unwrap();
        }
    }
    group.bench_function("busy times, read when the proposal form opens", |b| {
        b.iter(|| black_box(load::busy(&store, today()).unwrap()))
    });
    for (name, parts, screen) in [
        ("MP list", Touched::MPS, Screen::Week),
        ("MP detail", Touched::DETAIL, Screen::Week),
        ("week", Touched::WEEK, Screen::Week),
        ("agenda", Touched::AGENDA, Screen::Today),
    ] {
        app.screen = screen;
        group.bench_function(format!("read the {name} again"), |b| {
            b.iter(|| mpplan::tui::reread(&store, &mut app, parts).unwrap())
        });
    }
    group.finish();
}

criterion_group!(ui, benches);
criterion_main!(ui);
