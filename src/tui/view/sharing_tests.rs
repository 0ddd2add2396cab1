//! Snapshots of what a shared plan adds to the screens: the header's sync state (synced, offline,
//! refused, on a narrow terminal), and on the MP detail who else changed an item or contact and
//! the changes made apart. A plan not shared shows none of it.

use crate::domain::sync::clock::Stamp;
use crate::store::Conflict;
use crate::tui::app::{App, Screen};
use crate::tui::fixture::{busy_app, screen};
use crate::tui::sharing::{Sharing, Trouble};

/// The busy fixture on `screen_kind`, its plan shared: synced at 09:41 on its today (24 November,
/// London on GMT), 3 changes waiting.
fn shared(screen_kind: Screen) -> App {
    let mut app = busy_app();
    app.screen = screen_kind;
    app.sharing =
        Some(Sharing { waiting: 3, last_synced: Some("2026-11-24T09:41:07Z".into()), syncing: false, trouble: None });
    app
}

/// The header row of the screen drawn at `width`×24.
fn header(app: &App, width: u16) -> String {
    screen(app, width, 24).lines().next().unwrap_or_default().to_string()
}

fn at(text: &str) -> Stamp {
    let at = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
    Stamp { millis: at.and_utc().timestamp_millis(), counter: 0 }
}

fn conflict(what: &str, field: &str, kept: (&str, &str, &str), lost: (&str, &str, &str)) -> Conflict {
    Conflict {
        id: format!("op-{what}-{field}"),
        table: "checklist_items".into(),
        field: field.into(),
        seat: Some("E14001323".into()),
        what: what.into(),
        kept: kept.0.into(),
        kept_author: kept.1.into(),
        kept_stamp: at(kept.2),
        lost: lost.0.into(),
        lost_author: lost.1.into(),
        lost_stamp: at(lost.2),
    }
}

/// The shared fixture's MP detail: Ann ticked 1.1 and logged the email; four changes made apart.
fn detail_shared() -> App {
    let mut app = shared(Screen::Detail);
    let data = app.data.detail.as_mut().expect("the fixture's MP");
    data.others.checklist.insert("1.1".into(), "Ann".into());
    data.others.contacts.insert(data.interactions[0].uuid.clone(), "Ann".into());
    data.conflicts = vec![
        conflict("step 1.1", "note", ("From LS9 7TF", "Ann", "2026-11-23 16:05"), ("Ours", "Bob", "2026-11-23 15:58")),
        conflict(
            "Visit, 2026-11-27 10:00",
            "_deleted",
            ("0", "Bob", "2026-11-22 11:00"),
            ("1", "Ann", "2026-11-22 10:30"),
        ),
        conflict("step 1.3", "note", ("", "Ann", "2026-11-21 09:00"), ("Ask the ICB", "Bob", "2026-11-21 08:00")),
        conflict("step 2.1", "state", ("done", "Bob", "2026-11-20 09:00"), ("todo", "Ann", "2026-11-20 08:00")),
    ];
    app
}

#[test]
fn snapshots_of_the_header_of_a_shared_plan() {
    let synced = shared(Screen::Today);
    let mut syncing = shared(Screen::Today);
    syncing.sharing.as_mut().unwrap().syncing = true;
    let mut offline = shared(Screen::Today);
    let sharing = offline.sharing.as_mut().unwrap();
    (sharing.trouble, sharing.waiting) = (Some(Trouble::Offline), 12);
    let mut refused = shared(Screen::Today);
    refused.sharing.as_mut().unwrap().trouble =
        Some(Trouble::Refused("password authentication failed for user \"ann\"".into()));
    let mut yesterday = shared(Screen::Today);
    yesterday.sharing.as_mut().unwrap().last_synced = Some("2026-11-23T17:02:00Z".into());
    let mut not_shared = shared(Screen::Today);
    not_shared.sharing = None;
    let mut rows = String::new();
    for (name, app) in [
        ("synced", &synced),
        ("syncing", &syncing),
        ("offline", &offline),
        ("refused", &refused),
        ("yesterday", &yesterday),
        ("not shared", &not_shared),
    ] {
        for width in [120, 80, 40] {
            rows.push_str(&format!("{name:<10} {width:>3} |{}\n", header(app, width)));
        }
    }
    insta::assert_snapshot!("header_shared", rows);
}

#[test]
fn the_header_says_offline_rather_than_showing_an_error() {
    let mut app = shared(Screen::Mps);
    let sharing = app.sharing.as_mut().unwrap();
    (sharing.trouble, sharing.waiting) = (Some(Trouble::Offline), 12);
    let text = screen(&app, 120, 24);
    assert!(text.lines().next().unwrap().ends_with("offline — 12 changes waiting"), "{text}");
    assert!(app.status.is_none());
}

#[test]
fn a_plan_not_shared_shows_nothing_of_syncing() {
    let mut app = detail_shared();
    app.sharing = None;
    let data = app.data.detail.as_mut().unwrap();
    (data.others, data.conflicts) = (Default::default(), Vec::new());
    for screen_kind in Screen::ALL {
        app.screen = screen_kind;
        let text = screen(&app, 120, 40);
        for word in ["sync", "changes waiting", "3 waiting", "offline", "Changed apart", "· Ann"] {
            assert!(!text.contains(word), "{word} on {screen_kind:?}:\n{text}");
        }
    }
}

#[test]
fn snapshots_of_the_mp_detail_with_authors_and_changes_made_apart() {
    for (width, height) in [(120, 40), (80, 24)] {
        let app = detail_shared();
        insta::assert_snapshot!(format!("mp_detail_shared_{width}x{height}"), screen(&app, width, height));
    }
    let mut log = detail_shared();
    log.detail.log = Some(0);
    let text = screen(&log, 80, 24);
    assert!(text.contains("Diary secretary: write with dates · Ann"), "{text}");
}

#[test]
fn every_size_draws_a_shared_plan_without_panicking() {
    let app = detail_shared();
    for width in (1..=130).step_by(7) {
        for height in (1..=45).step_by(4) {
            screen(&app, width, height);
        }
    }
}
