//! Update tests: every action, without a terminal or a database.

use proptest::prelude::*;

use super::*;
use crate::domain::engagement::checklist::{Entry, ItemState};
use crate::domain::views::{MpCard, PostcodeLookup};
use crate::tui::action::TextEdit;
use crate::tui::app::{DetailData, PostcodePrompt};
use crate::tui::fixture;
use crate::tui::keymap::{Keymap, key_event};
use crate::tui::overlay::Confirm;

fn act(app: &mut App, action: Action) -> Vec<Command> {
    update(app, Input::Action(action))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Input::Text(TextEdit::Insert(c)));
    }
}

fn with_detail(app: &mut App) {
    let summary = app.data.mps[0].mp.clone();
    let checklist = crate::domain::engagement::checklist::ITEMS
        .iter()
        .map(|i| Entry { key: i.key.into(), state: ItemState::Todo, done_on: None, note: String::new() })
        .collect();
    let card = MpCard {
        summary,
        full_title: String::new(),
        salutation: None,
        twfy_person_id: None,
        seat_held_since: None,
        held_since_2024_general_election: false,
        ge2024_result: String::new(),
        local_authorities: String::new(),
        links: Default::default(),
        history: Vec::new(),
        changes: Vec::new(),
        profile: Default::default(),
    };
    app.detail.code = Some(card.summary.constituency_code.clone());
    app.data.detail = Some(DetailData {
        card,
        checklist,
        proposals: Vec::new(),
        nearby: Vec::new(),
        interactions: Vec::new(),
        engagement: Some(Default::default()),
        others: Default::default(),
        conflicts: Vec::new(),
    });
    app.screen = Screen::Detail;
}

#[test]
fn a_first_run_opens_the_postcode_finder_and_otherwise_today() {
    let first = App::new(
        fixture::data(vec![fixture::mp("E1", "Leeds South", "Hilary Benn", "Labour", false)]),
        fixture::today(),
        Keymap::default(),
        crate::tui::theme::Theme::plain(),
    );
    assert_eq!(first.screen, Screen::Mps);
    assert!(first.mps.postcode.is_some() && first.typing());
    assert_eq!(fixture::app().screen, Screen::Today);
}

#[test]
fn screens_switch_by_number_and_tab() {
    let mut app = fixture::app();
    assert!(act(&mut app, Action::ScreenMps).is_empty());
    assert_eq!(app.screen, Screen::Mps);
    assert_eq!(act(&mut app, Action::NextScreen), vec![Command::LoadDetail("E14001323".into())]);
    assert_eq!(app.screen, Screen::Detail, "opens the MP selected on the MPs screen");
    assert_eq!(act(&mut app, Action::NextScreen), vec![Command::LoadWeek(app.week.monday)]);
    assert_eq!(app.screen, Screen::Week);
    act(&mut app, Action::NextScreen);
    assert_eq!(app.screen, Screen::Today);
    act(&mut app, Action::PrevScreen);
    assert_eq!(app.screen, Screen::Week);
}

#[test]
fn quit_and_ctrl_c() {
    let mut app = fixture::app();
    assert_eq!(act(&mut app, Action::Quit), vec![Command::Quit]);
    assert!(app.quit);
    let mut typing = fixture::app();
    typing.screen = Screen::Mps;
    act(&mut typing, Action::Filter);
    assert!(typing.typing());
    assert_eq!(act(&mut typing, Action::ForceQuit), vec![Command::Quit], "Ctrl-C works even while typing");
}

#[test]
fn mps_are_tracked_first_and_filtered_as_you_type() {
    let mut app = fixture::app();
    act(&mut app, Action::ScreenMps);
    assert_eq!(app.selected_mp().unwrap().constituency, "Leeds South", "tracked first");
    act(&mut app, Action::Filter);
    type_text(&mut app, "mon");
    assert_eq!(app.mps.visible.len(), 1, "accent-insensitive: Ynys Môn");
    update(&mut app, Input::Text(TextEdit::Clear));
    type_text(&mut app, "LEEDS");
    assert_eq!(app.mps.visible.len(), 3);
    act(&mut app, Action::Down);
    act(&mut app, Action::Submit);
    assert!(!app.typing());
    assert_eq!(app.mps.filter.text(), "LEEDS", "the filter stays after Enter");
    act(&mut app, Action::Back);
    assert_eq!(app.mps.visible.len(), 4, "Esc clears it");
    act(&mut app, Action::Filter);
    type_text(&mut app, "zzz");
    assert!(app.mps.visible.is_empty() && app.selected_mp().is_none());
    act(&mut app, Action::Cancel);
    assert_eq!(app.mps.visible.len(), 4);
}

#[test]
fn tracking_and_opening_from_the_list() {
    let mut app = fixture::app();
    act(&mut app, Action::ScreenMps);
    let untrack = act(&mut app, Action::ToggleTrack);
    assert!(matches!(&untrack[..], [Command::Apply(Change::Untrack { code, .. })] if code == "E14001323"));
    act(&mut app, Action::Down);
    let track = act(&mut app, Action::ToggleTrack);
    assert!(matches!(&track[..], [Command::Apply(Change::Track { code, .. })] if code == "E14001319"));
    assert_eq!(act(&mut app, Action::Open), vec![Command::LoadDetail("E14001319".into())]);
    assert_eq!(app.screen, Screen::Detail);
}

#[test]
fn postcode_finder_looks_up_then_tracks_the_choice() {
    let mut app = fixture::app();
    act(&mut app, Action::ScreenMps);
    act(&mut app, Action::Postcode);
    act(&mut app, Action::Submit);
    assert!(app.mps.postcode.as_ref().unwrap().error.is_some(), "an empty postcode says what to do");
    type_text(&mut app, "ls9 7tf");
    assert_eq!(act(&mut app, Action::Submit), vec![Command::LookupPostcode("ls9 7tf".into())]);

    let prompt = app.mps.postcode.as_mut().unwrap();
    prompt.result = Some(fixture::ls9_lookup(vec![
        fixture::area("E14001323", "Leeds South", 0.72),
        fixture::area("E14001320", "Leeds East", 0.20),
    ]));
    act(&mut app, Action::Down);
    let commands = act(&mut app, Action::Submit);
    match &commands[..] {
        [Command::Apply(Change::Batch(batch)), Command::LoadDetail(code)] => {
            assert_eq!(code, "E14001320");
            assert!(matches!(&batch[0], Change::Track { code, .. } if code == "E14001320"));
            assert!(
                matches!(&batch[1], Change::SetEntry { after, .. } if after.key == "1.1" && after.state == ItemState::Done)
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(app.mps.postcode.is_none());
    assert_eq!(app.screen, Screen::Detail);
}

#[test]
fn esc_in_the_postcode_results_goes_back_to_typing_then_closes() {
    let mut app = fixture::app();
    act(&mut app, Action::ScreenMps);
    app.mps.postcode = Some(PostcodePrompt {
        result: Some(PostcodeLookup {
            postcode: "BT1 1AA".into(),
            level: "postcode",
            area: "BT1".into(),
            northern_ireland: true,
            matches: Vec::new(),
            choices: Vec::new(),
        }),
        ..Default::default()
    });
    act(&mut app, Action::Back);
    assert!(app.mps.postcode.as_ref().unwrap().result.is_none());
    act(&mut app, Action::Cancel);
    assert!(app.mps.postcode.is_none());
}

#[test]
fn checklist_steps_are_ticked_skipped_and_annotated() {
    let mut app = fixture::app();
    with_detail(&mut app);
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    let tick = act(&mut app, Action::ToggleDone);
    match &tick[..] {
        [Command::Apply(Change::SetEntry { before, after, .. })] => {
            assert_eq!((&*before.key, before.state), ("2.1", ItemState::Todo));
            assert_eq!((after.state, after.done_on), (ItemState::Done, Some(fixture::today())));
        }
        other => panic!("{other:?}"),
    }
    let skip = act(&mut app, Action::Skip);
    assert!(matches!(&skip[..], [Command::Apply(Change::SetEntry { after, .. })] if after.state == ItemState::Skipped));

    act(&mut app, Action::EditNote);
    assert!(app.typing());
    type_text(&mut app, "Signed by the chair");
    let note = act(&mut app, Action::Submit);
    assert!(
        matches!(&note[..], [Command::Apply(Change::SetEntry { after, .. })] if after.note == "Signed by the chair")
    );
    assert!(!app.typing());

    act(&mut app, Action::EditNote);
    type_text(&mut app, "never mind");
    assert!(act(&mut app, Action::Cancel).is_empty(), "Esc saves nothing");
    act(&mut app, Action::EditNote);
    assert!(act(&mut app, Action::Submit).is_empty(), "an unchanged note is not a change");
}

#[test]
fn an_untracked_mp_says_how_to_start() {
    let mut app = fixture::app();
    with_detail(&mut app);
    app.data.detail.as_mut().unwrap().checklist.clear();
    assert!(act(&mut app, Action::ToggleDone).is_empty());
    assert!(app.status.as_ref().unwrap().text.contains("press t"));
    assert_eq!(act(&mut app, Action::Back), Vec::new());
    assert_eq!(app.screen, Screen::Mps);
}

#[test]
fn undo_redo_help_and_confirm() {
    let mut app = fixture::app();
    assert_eq!(act(&mut app, Action::Undo), vec![Command::Undo]);
    assert_eq!(act(&mut app, Action::Redo), vec![Command::Redo]);
    act(&mut app, Action::Help);
    assert_eq!(app.scopes()[0], crate::tui::keymap::Scope::Help);
    act(&mut app, Action::Down);
    assert_eq!(app.overlay, Overlay::Help(1));
    assert!(act(&mut app, Action::Quit).is_empty(), "q in help does not quit");
    assert!(!app.quit);
    act(&mut app, Action::Help);
    assert_eq!(app.overlay, Overlay::None);

    let change = Change::Untrack { code: "E14001323".into(), seat: "Leeds South".into() };
    app.overlay = Overlay::Confirm(Confirm { question: "Sure?".into(), change: change.clone() });
    assert!(act(&mut app, Action::Down).is_empty());
    assert!(matches!(app.overlay, Overlay::Confirm(_)), "other keys leave the question open");
    assert_eq!(act(&mut app, Action::Yes), vec![Command::Apply(change.clone())]);
    app.overlay = Overlay::Confirm(Confirm { question: "Sure?".into(), change });
    assert!(act(&mut app, Action::No).is_empty());
    assert_eq!(app.overlay, Overlay::None);
}

/// Keys a user might press, as the keymap sees them.
const KEYS: &[&str] = &[
    "j",
    "k",
    "g",
    "G",
    "h",
    "l",
    "enter",
    "esc",
    "tab",
    "shift-tab",
    "1",
    "2",
    "3",
    "4",
    "/",
    "p",
    "t",
    "space",
    "s",
    "n",
    "a",
    "e",
    "d",
    "[",
    "]",
    "u",
    "ctrl-r",
    "?",
    "x",
    "y",
    "backspace",
    "down",
    "up",
    "pgdn",
    "ctrl-n",
    "c",
    "i",
    "w",
    "b",
];

proptest! {
    #[test]
    fn random_keys_never_panic_and_keep_selections_in_range(keys in proptest::collection::vec(0..KEYS.len(), 0..80)) {
        let mut app = fixture::app();
        with_detail(&mut app);
        app.screen = Screen::Today;
        for k in keys {
            let event = key_event(KEYS[k]);
            if let Some(input) = app.keymap.event(&app.scopes(), &event, app.typing()) {
                update(&mut app, input);
            }
            if app.quit {
                break;
            }
            prop_assert!(app.mps.visible.is_empty() || app.mps.selected < app.mps.visible.len());
            let items = app.data.detail.as_ref().map_or(0, |d| d.checklist.len());
            prop_assert!(items == 0 || app.detail.selected < items);
            let contacts = app.data.detail.as_ref().map_or(0, |d| d.interactions.len());
            prop_assert!(app.detail.log.is_none_or(|i| i == 0 || i < contacts));
            prop_assert!(app.week.day < 7);
        }
    }
}
