//! Every key named to the user comes from the keymap. After a config.toml that binds every action
//! to a key of its own (none of them a default key), no screen, overlay, footer, help line or
//! message names a default key, every "press …" names a rebound key, and every footer hint's key
//! does what the hint says where it is shown.

use std::path::Path;

use super::tests::{on, with_forms, with_palette};
use crate::domain::views::AreaMatch;
use crate::tui::action::{Action, Input};
use crate::tui::app::{App, PostcodePrompt, Screen};
use crate::tui::fixture::{self, d, screen};
use crate::tui::form::ProposalForm;
use crate::tui::keymap::{Key, Keymap, everything_rebound};
use crate::tui::overlay::{Confirm, Overlay};
use crate::tui::palette::Palette;
use crate::tui::text_input::TextInput;
use crate::tui::update::update;

fn rebound() -> Keymap {
    Keymap::with_config(&everything_rebound(), Path::new("config.toml")).expect("the config reads")
}

fn with_rebound_keys(mut app: App) -> App {
    app.keymap = rebound();
    app
}

/// Every key the default keymap names, as shown.
fn default_keys() -> Vec<String> {
    let help = Keymap::default().help();
    let mut keys: Vec<String> = help
        .into_iter()
        .flat_map(|(_, rows)| rows)
        .flat_map(|(keys, _)| keys.split(' ').map(String::from).collect::<Vec<_>>())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Words that are also default keys but stand for themselves in the text: the article, and day
/// numbers in dates.
const WORDS: [&str; 5] = ["a", "1", "2", "3", "4"];

/// The words of `text`, split at spaces and at the borders of boxes, without the brackets and
/// stops around them (a key that is itself a stop is kept); each with whether it touches a
/// border (it may then be the end of a word that a box drawn over the screen cuts off).
fn words(text: &str) -> Vec<(&str, bool)> {
    let border = |c: char| ('\u{2500}'..='\u{257f}').contains(&c);
    text.split_whitespace()
        .flat_map(|w| {
            let cut = w.contains(border);
            w.split(border).map(move |w| (w, cut))
        })
        .map(|(w, cut)| {
            let mut w = w;
            while w.len() > 1 && w.starts_with('(') {
                w = &w[1..];
            }
            while w.chars().count() > 1 && w.ends_with([')', ',', ';', '.']) {
                w = &w[..w.len() - 1];
            }
            (w, cut)
        })
        .filter(|(w, _)| !w.is_empty())
        .collect()
}

/// Whether `key` is one of those [`crate::tui::keymap::everything_rebound`] binds.
fn is_rebound(key: &str) -> bool {
    key.starts_with("Alt-") || key.starts_with("Ctrl-Alt-")
}

/// `text` names no default key, and each "press … to" names a rebound key.
fn names_only_rebound_keys(what: &str, text: &str) {
    let defaults = default_keys();
    // Marks that are not keys: a checklist item's empty box, "[ ]", the week's "?" on the days
    // forecast from the usual pattern, and the palette's prompt, ": ", at the start of its line.
    let boxes = text.replace("[ ]", "[_]").replace("flags with ? are", "flags with _ are").replace("│: ", "│_ ");
    let words = words(&boxes);
    for (i, &(word, cut)) in words.iter().enumerate() {
        let arrows = word.chars().all(|c| "←↑→↓".contains(c));
        // A letter against a border may be what is left of a word that a box covers.
        let fragment = cut && word.chars().count() == 1;
        let named = defaults.iter().any(|k| k == word) && !WORDS.contains(&word) && !fragment;
        assert!(!named && !arrows, "{what} names the default key {word:?}:\n{text}");
        // "press X to …" or "press X for …" (not the local press): X is a rebound key, never missing.
        if word.eq_ignore_ascii_case("press") {
            let word_at = |j: usize| words.get(j).map(|(w, _)| *w);
            let (next, then) = (word_at(i + 1).unwrap_or_default(), word_at(i + 2));
            let instruction = ["to", "for"].contains(&next) || then.is_some_and(|w| ["to", "for"].contains(&w));
            assert!(!instruction || is_rebound(next), "{what}: \"press\" is followed by {next:?}, not a key:\n{text}");
        }
    }
}

/// Each footer hint's key does, where it is shown, the action the hint names.
fn hints_do_what_they_say(what: &str, app: &App) {
    let scopes = app.scopes();
    let hints = app.keymap.hints(&scopes);
    assert!(!hints.is_empty(), "{what} has hints");
    for (key, hint) in hints {
        let parsed = Key::parse(&key).unwrap_or_else(|e| panic!("{what}: the hint {hint:?} names {key:?}: {e}"));
        let Some(Input::Action(action)) = app.keymap.input(&scopes, parsed, app.typing()) else {
            panic!("{what}: {key} ({hint}) does nothing here")
        };
        assert_eq!(app.keymap.hint_for(&scopes, action), Some(hint), "{what}: {key} does {action:?}");
    }
}

fn check(what: &str, app: &App, width: u16, height: u16) {
    names_only_rebound_keys(&format!("{what} at {width}×{height}"), &screen(app, width, height));
    hints_do_what_they_say(what, app);
}

/// An app in a state to draw, named, with the sizes to draw it at.
type State = (String, App, Vec<(u16, u16)>);

/// The app in every state that names keys on the screen.
fn states() -> Vec<State> {
    let mut states: Vec<State> = Vec::new();
    let mut add = |name: &str, app: App, sizes: &[(u16, u16)]| {
        states.push((name.to_string(), with_rebound_keys(app), sizes.to_vec()));
    };
    let both = [(120, 40), (80, 24)];
    for kind in Screen::ALL {
        add(kind.title(), on(kind), &both);
    }
    let mut help = on(Screen::Mps);
    help.overlay = Overlay::Help(0);
    add("the help", help, &[(90, 200)]);
    add("a window too small", on(Screen::Mps), &[(30, 8)]);
    for (name, mut app) in with_forms().into_iter().chain(with_palette()) {
        if let Overlay::Palette(Palette::Prompt { input: typed, .. }) = &mut app.overlay {
            // What is typed is the user's: "export c" would read as the key c.
            *typed = TextInput::new("export csv");
        }
        add(name, app, &both);
    }
    add("a form in a window too small", with_forms().remove(0).1, &[(30, 8)]);
    add("a search", super::tests::with_search(), &both);
    let mut proposals = on(Screen::Detail);
    proposals.detail.proposals = Some(0);
    add("MP detail with its proposals showing", proposals, &both);
    // Today with an item of each kind selected, its keys in the footer.
    let items = crate::tui::review::items(&on(Screen::Today).data.agenda).len();
    for selected in 0..items {
        let mut today = on(Screen::Today);
        today.today_pane.selected = selected;
        add(&format!("Today with item {selected} selected"), today, &both);
    }
    let mut suggesting = fixture::week_app();
    let seat = Some(("E14001323".to_string(), "Leeds South".to_string()));
    suggesting.overlay = Overlay::Form(ProposalForm::new(seat, d("2025-03-04")).into());
    add("the proposal form offering a slot", suggesting, &both);
    // The week as a calendar with overlapping proposals, its date prompt (with an error) and its
    // month overview.
    let mut calendar = fixture::week_app();
    calendar.data.week.push(fixture::visit(3, "2025-03-06 11:00", 90));
    calendar.data.week.push(fixture::visit(4, "2025-03-06 11:30", 60));
    calendar.week.day = 3;
    add("the week as a calendar", calendar, &[(200, 60), (120, 40), (80, 24)]);
    let mut go_to = fixture::week_app();
    let typed = TextInput::new("next blue moon");
    let error = Some("\"next blue moon\" is not a date".to_string());
    go_to.overlay = Overlay::GoTo(crate::tui::overlay::GoTo { input: typed, error });
    add("the week's date prompt", go_to, &both);
    let mut month = fixture::week_app();
    let busy = Some(vec![(d("2025-03-04"), 1)]);
    month.overlay = Overlay::Month(crate::tui::overlay::MonthGrid { day: d("2025-03-04"), busy });
    add("the week's month overview", month, &both);
    let mut confirm = on(Screen::Week);
    let change = crate::tui::change::Change::Track { code: "E14001323".into(), seat: "Leeds South".into() };
    confirm.overlay = Overlay::Confirm(Confirm { question: "Sure?".into(), change });
    add("a question", confirm, &both);

    for filtering in [false, true] {
        let mut nothing_found = on(Screen::Mps);
        nothing_found.mps.filter = TextInput::new("zzz");
        nothing_found.mps.filtering = filtering;
        nothing_found.refilter();
        add(
            if filtering { "a search being typed finding nothing" } else { "a search finding nothing" },
            nothing_found,
            &both,
        );
    }
    let mut postcode = on(Screen::Mps);
    postcode.mps.postcode = Some(PostcodePrompt::default());
    add("the postcode prompt", postcode, &both);
    let mut found = on(Screen::Mps);
    let seat = AreaMatch {
        mp: "Hilary Benn".into(),
        party: "Labour".into(),
        ..fixture::area("E14001323", "Leeds South", 0.72)
    };
    let lookup = fixture::ls9_lookup(vec![seat]);
    found.mps.postcode = Some(PostcodePrompt { result: Some(lookup), ..Default::default() });
    add("what a postcode found", found, &both);

    let mut none_open = on(Screen::Detail);
    none_open.data.detail = None;
    none_open.detail.code = None;
    add("the detail screen with no MP open", none_open, &both);
    add("an MP not tracked", untracked(), &both);
    let mut log = on(Screen::Detail);
    log.detail.log = Some(0);
    add("the contact log", log, &both);
    let first_run = || {
        App::new(
            fixture::data(vec![fixture::mp("E14001323", "Leeds South", "Hilary Benn", "Labour", false)]),
            fixture::today(),
            Keymap::default(),
            crate::tui::theme::Theme::plain(),
        )
    };
    add("the first run", first_run(), &[(100, 30)]);
    let mut today = first_run();
    today.screen = Screen::Today;
    add("Today with no MP tracked", today, &both);
    states
}

/// The busy fixture's MP detail as for a seat never tracked.
fn untracked() -> App {
    let mut app = on(Screen::Detail);
    let detail = app.data.detail.as_mut().expect("the fixture's MP detail");
    detail.card.summary.tracked = false;
    detail.card.summary.progress = None;
    detail.checklist.clear();
    detail.proposals.clear();
    detail.interactions.clear();
    detail.engagement = None;
    app
}

#[test]
fn after_rebinding_every_action_every_key_named_on_screen_is_a_rebound_one() {
    for (name, app, sizes) in states() {
        for (width, height) in sizes {
            check(&name, &app, width, height);
        }
    }
}

#[test]
fn after_rebinding_every_action_every_help_line_names_rebound_keys() {
    let defaults = default_keys();
    let map = rebound();
    for (scope, rows) in map.help() {
        for (keys, help) in rows {
            for key in keys.split(' ') {
                let parsed = Key::parse(key).unwrap_or_else(|e| panic!("{scope}: {help:?} names {key:?}: {e}"));
                assert!(!defaults.contains(&parsed.to_string()), "{scope}: {help:?} names the default key {key}");
            }
        }
    }
}

#[test]
fn after_rebinding_every_action_every_message_names_a_rebound_key() {
    let said = |app: &App| app.status.as_ref().map(|s| s.text.clone()).expect("a message");
    let mut messages = Vec::new();

    let mut log = with_rebound_keys(on(Screen::Detail));
    log.detail.log = Some(0);
    update(&mut log, Input::Action(Action::ToggleDone));
    messages.push((said(&log), log.key(Action::Contacts)));

    let mut untracked = with_rebound_keys(untracked());
    update(&mut untracked, Input::Action(Action::ToggleDone));
    messages.push((said(&untracked), untracked.key(Action::ToggleTrack)));
    update(&mut untracked, Input::Action(Action::EditInfo));
    messages.push((said(&untracked), untracked.key(Action::ToggleTrack)));

    let mut week = with_rebound_keys(fixture::week_app());
    update(&mut week, Input::Action(Action::Left));
    update(&mut week, Input::Action(Action::Delete));
    messages.push((said(&week), week.key(Action::Add)));

    let mut postcode = with_rebound_keys(on(Screen::Mps));
    postcode.mps.postcode = Some(PostcodePrompt::default());
    update(&mut postcode, Input::Action(Action::Submit));
    let error = postcode.mps.postcode.as_ref().and_then(|p| p.error.clone()).expect("the prompt says why");
    messages.push((error, postcode.key(Action::Cancel)));

    // A key an item of Today does not take: the message names those it does.
    let mut today = with_rebound_keys(on(Screen::Today));
    update(&mut today, Input::Action(Action::Skip));
    let here = said(&today);
    assert!(here.starts_with("Here: Alt-"), "{here}");
    names_only_rebound_keys("a message", &here);
    // A letter written while the organisation is not set names the key that sets it.
    let mut letter = with_rebound_keys(on(Screen::Detail));
    let written = crate::tui::update::Outcome::Written {
        document: crate::tui::update::Document::Letter,
        code: "E14001323".into(),
        path: "/home/me/Documents/mpplan/letter-leeds-south-2026-11-24.md".into(),
        placeholders: true,
    };
    crate::tui::update::outcome(&mut letter, written);
    messages.push((said(&letter), letter.key(Action::Organisation)));

    for (message, key) in messages {
        let key = key.expect("the action has a key where the message is given");
        assert!(is_rebound(&key) && message.contains(&format!("press {key} ")), "{message}");
        names_only_rebound_keys("a message", &message);
    }
}

#[test]
fn the_defaults_would_be_caught() {
    // The check itself finds a key written into the text by hand.
    let caught = std::panic::catch_unwind(|| names_only_rebound_keys("a sample", "Esc goes back"));
    assert!(caught.is_err());
    let caught = std::panic::catch_unwind(|| names_only_rebound_keys("a sample", "— press  to take it"));
    assert!(caught.is_err());
    names_only_rebound_keys("a sample", "— press Alt-x to take it; a visit on 4 March");
}
