//! Undo and redo through the loop's executor and a real store, after random key sequences.

use super::*;
use crate::store::test_store;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// Letters and briefs have nowhere writable to go.
fn nowhere() -> Places {
    Places { config_dir: None, documents: PathBuf::from("/nonexistent/mpplan-test"), home: None }
}

/// Keys a user might press anywhere.
const KEYS: &[&str] = &[
    "j", "k", "2", "3", "4", "1", "enter", "esc", "space", "s", "t", "u", "ctrl-r", "a", "tab", "l", "h", "[", "]",
    "y", "n", "d", "i", "g", "G",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// After any key sequence, undo then redo returns the stored data to the same state.
    #[test]
    fn undo_then_redo_after_random_keys_returns_to_the_same_state(
        keys in proptest::collection::vec(0..KEYS.len(), 1..40),
    ) {
        static STORE: std::sync::Mutex<Option<Store>> = std::sync::Mutex::new(None);
        let mut guard = STORE.lock().unwrap_or_else(|e| e.into_inner());
        let store = guard.get_or_insert_with(test_store);
        let mut app = open(store, day(), Keymap::default(), Theme::plain()).unwrap();
        // Past the first run's postcode prompt (if nothing is tracked yet), to the lists.
        app.mps.postcode = None;
        for k in keys {
            let commands = press(&mut app, &crate::tui::keymap::key_event(KEYS[k]));
            execute(store, &mut app, commands, None, &nowhere());
            if app.quit {
                break;
            }
        }
        if !app.history.done.is_empty() {
            let before = store.engagement_records(day()).unwrap();
            execute(store, &mut app, vec![Command::Undo, Command::Redo], None, &nowhere());
            proptest::prop_assert_eq!(store.engagement_records(day()).unwrap(), before);
        }
    }
}
