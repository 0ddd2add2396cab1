//! Random input for the parsers that have no property test beside them: the JSON backup reader and
//! the config.toml keymap. Whatever they are given, they never panic, their errors are printable
//! one-liners, and what they accept survives a round trip. (Dates, times, durations, postcodes, MP
//! references, CSV imports and the ICS reader have theirs in src/domain/.)

use std::path::{Path, PathBuf};

use mpplan::domain::interchange::plan_export::PlanExport;
use mpplan::tui::keymap::{Key, Keymap};
use proptest::prelude::*;
use serde_json::Value;

const SCHEMA: i64 = 1;

/// A real backup (the corpus's newer-schema one, made current): one engagement with checklist rows.
fn valid_backup() -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "bad-input", "backup-newer-schema.json"].iter().collect();
    let text = std::fs::read_to_string(path).unwrap().replace("\"schema_version\": 999", "\"schema_version\": 1");
    assert!(PlanExport::from_json(&text, SCHEMA).is_ok(), "the base backup is valid");
    text
}

/// An error a user may see: one line, no control characters.
fn one_clean_line(message: &str) -> bool {
    !message.chars().any(char::is_control)
}

/// Any JSON value, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,20}".prop_map(Value::String),
        "[\\x00-\\x1f\\x7f]{0,5}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,20}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Reads `text` as a backup: no panic, a clean error, or a backup that writes back to itself.
fn read_backup(text: &str) -> Result<(), TestCaseError> {
    match PlanExport::from_json(text, SCHEMA) {
        Ok(backup) => prop_assert_eq!(PlanExport::from_json(&backup.to_json(), SCHEMA).ok(), Some(backup)),
        Err(e) => prop_assert!(one_clean_line(&e.to_string()), "{e:?}"),
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_text_is_read_as_a_backup_or_refused_cleanly(text in "\\PC{0,200}") {
        read_backup(&text)?;
    }

    #[test]
    fn any_json_with_a_backup_header_is_read_or_refused_cleanly(
        fields in prop::collection::btree_map(
            prop_oneof![Just("organisation".to_string()), Just("sites".to_string()), Just("engagements".to_string()),
                        Just("settings".to_string()), Just("recesses".to_string()), "[a-z_]{1,12}"],
            json_value(),
            0..6,
        ),
    ) {
        let mut object = serde_json::Map::new();
        object.insert("format".into(), "mpplan-backup".into());
        object.insert("format_version".into(), 1.into());
        object.insert("schema_version".into(), 1.into());
        object.extend(fields);
        read_backup(&Value::Object(object).to_string())?;
    }

    #[test]
    fn a_damaged_backup_is_read_or_refused_cleanly(at in 0.0f64..1.0, cut in 0usize..40, insert in "\\PC{0,12}") {
        let text = valid_backup();
        let mut start = ((text.len() as f64) * at) as usize;
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + cut).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        read_backup(&format!("{}{insert}{}", &text[..start], &text[end..]))?;
    }

    #[test]
    fn any_config_text_gives_a_keymap_or_an_error_naming_its_line(text in "\\PC{0,200}") {
        check_config(&text)?;
    }

    #[test]
    fn any_key_bindings_give_a_keymap_or_an_error_naming_its_line(
        bindings in prop::collection::vec(
            (
                prop_oneof![Just("undo"), Just("toggle_done"), Just("quit"), Just("help"), Just("palette"),
                            Just("next_week"), Just("no_such_action")],
                prop::collection::vec(key_text(), 1..3),
            ),
            0..6,
        ),
    ) {
        let lines: Vec<String> = bindings
            .iter()
            .map(|(action, keys)| format!("{action} = {}", serde_json::to_string(keys).unwrap()))
            .collect();
        check_config(&format!("[keys]\n{}\n", lines.join("\n")))?;
    }

    #[test]
    fn any_key_text_is_read_or_refused_cleanly(text in key_text()) {
        match Key::parse(&text) {
            Ok(key) => prop_assert!(!key.to_string().is_empty()),
            Err(e) => prop_assert!(one_clean_line(&e) || text.chars().any(char::is_control), "{e}"),
        }
    }
}

/// Key names as people write them, and some they should not.
fn key_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "(ctrl-|alt-|c-|m-|shift-){0,3}[a-zA-Z0-9?/ ]",
        "(ctrl-|alt-)?(space|enter|esc|tab|up|down|pgdn|pgup|home|end|f[0-9]{1,3}|backspace)",
        "\\PC{0,10}",
    ]
}

/// Reads a config: no panic; an error names the file and lists problems, each on a line within
/// the text, as one clean line.
fn check_config(text: &str) -> Result<(), TestCaseError> {
    match Keymap::with_config(text, Path::new("config.toml")) {
        Ok(keymap) => prop_assert!(!keymap.help().is_empty()),
        Err(e) => {
            prop_assert_eq!(e.file.as_str(), "config.toml");
            prop_assert!(!e.problems.is_empty());
            for p in &e.problems {
                prop_assert!(p.line >= 1 && p.line <= text.lines().count().max(1) + 1, "{e:?}");
            }
            prop_assert!(one_clean_line(&e.to_string()), "{e}");
        }
    }
    Ok(())
}
