//! The Today screen's first frame, drawn from the first days' conflicts before the rest is read,
//! is the frame the whole agenda gives; and where it would not be, it is not drawn from them.

use chrono::NaiveDate;
use ratatui::layout::Rect;

use crate::domain::demo::DemoSpec;
use crate::store::Store;
use crate::tui::app::{App, Screen};
use crate::tui::fixture::screen;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use crate::tui::{open, open_first, open_rest, view};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
}

/// A busy organisation: 3,000 proposals over the 80 days around today, some 37 a day.
fn busy_store() -> Store {
    let mut store = Store::open_in_memory().expect("store");
    crate::data::ensure_loaded(&mut store).expect("shipped data");
    let spec = DemoSpec { tracked: 60, proposals: 3000, days_before: 20, days_after: 60, interactions: 300, seed: 11 };
    store.fill_demo(&spec, today()).expect("demo");
    store
}

fn first(store: &Store) -> App {
    open_first(store, today(), Keymap::default(), Theme::plain()).expect("open").expect("something is tracked")
}

fn whole(store: &Store) -> App {
    open(store, today(), Keymap::default(), Theme::plain()).expect("open")
}

fn holds(app: &App, width: u16, height: u16) -> bool {
    view::first_frame_holds(app, Rect::new(0, 0, width, height))
}

#[test]
fn the_first_frame_from_the_first_days_is_the_whole_agendas() {
    let store = busy_store();
    let mut whole = whole(&store);
    let mut app = first(&store);
    assert!(app.data.mps.is_empty() && app.data.detail.is_none(), "only what the first frame needs is read");
    let sizes = [(200, 60), (120, 40), (80, 24), (40, 12), (300, 80)];
    for (width, height) in sizes {
        assert!(holds(&app, width, height), "the first days' conflicts fill {width}x{height}");
        assert_eq!(screen(&app, width, height), screen(&whole, width, height), "{width}x{height}");
    }
    // Once the rest is read, every screen is as opening everything at once makes it.
    open_rest(&store, &mut app).expect("the rest");
    assert_eq!(app.data.agenda, whole.data.agenda);
    assert_eq!(app.data.mps.len(), whole.data.mps.len());
    assert_eq!(app.stale, whole.stale);
    for kind in Screen::ALL {
        app.screen = kind;
        whole.screen = kind;
        assert_eq!(screen(&app, 120, 40), screen(&whole, 120, 40), "{kind:?}");
    }
}

#[test]
fn a_frame_that_would_show_past_the_first_conflicts_waits_for_the_rest() {
    let store = busy_store();
    let app = first(&store);
    // Tall enough to reach the sections after the conflicts.
    assert!(!holds(&app, 200, 2000));
    let mut app = first(&store);
    app.screen = Screen::Mps;
    assert!(!holds(&app, 200, 60), "only the Today screen is drawn from them");
    // One MP tracked and one proposal: its one line leaves the screen to the sections below.
    let mut store = Store::open_in_memory().expect("store");
    crate::data::ensure_loaded(&mut store).expect("shipped data");
    store.fill_demo(&DemoSpec::small(3), today()).expect("demo");
    let app = first(&store);
    assert!(!holds(&app, 200, 60));
    assert!(!holds(&app, 80, 24));
}

#[test]
fn with_nothing_tracked_opening_reads_everything_for_the_mps_screen() {
    let mut store = Store::open_in_memory().expect("store");
    crate::data::ensure_loaded(&mut store).expect("shipped data");
    assert!(open_first(&store, today(), Keymap::default(), Theme::plain()).expect("open").is_none());
    assert_eq!(whole(&store).screen, Screen::Mps);
}

/// Too small a window shows only a request to enlarge it, whatever has been read.
#[test]
fn a_window_too_small_for_anything_shows_no_conflicts() {
    let store = busy_store();
    assert!(holds(&first(&store), 10, 5));
}
