//! Any size of data: text at its field's limit is stored whole and shown, and a backup of any size
//! restores. (Text over its limit is refused by the command line and every import: rows of
//! tests/bad-input/cases.tsv; by the forms: the tests beside them in src/tui/form/; the screens
//! drawing notes at the limit: src/tui/view/tests.rs.)

use std::fs;

use mpplan::domain::interchange::plan_export::{ChecklistRow, EngagementRow, InteractionRow, PlanExport};

use crate::common::Env;

/// The limits promised for notes (src/domain/limits.rs), in characters.
const NOTE: usize = 20_000;

#[test]
fn a_note_at_its_limit_is_stored_whole_and_one_character_more_is_refused() {
    let env = Env::new();
    let note = format!("{}FINIS", "word ".repeat(3_999));
    assert_eq!(note.chars().count(), NOTE);
    env.run(&["log", "E14001323", "--kind", "letter", "--note", &note]);
    let history = env.json(&["history", "E14001323", "--json"]);
    assert_eq!(history[0]["summary"].as_str(), Some(note.as_str()), "the whole note, not its start");
    let err = env.fail(&["log", "E14001323", "--kind", "letter", "--note", &format!("{note}!")], 2);
    assert!(err.contains("the contact note is 20,001 characters long; the limit is 20,000"), "{err}");
    assert_eq!(env.json(&["history", "E14001323", "--json"]).as_array().map(Vec::len), Some(1), "nothing logged");

    let notes = "n".repeat(NOTE);
    env.run(&["engagement", "set", "E14001323", "--notes", &notes, "--background", &notes]);
    let err = env.fail(&["engagement", "set", "E14001323", "--cadence", "30", "--notes", &format!("{notes}!")], 2);
    assert!(err.contains("the engagement notes are 20,001 characters long; the limit is 20,000"), "{err}");
    let shown = env.json(&["engagement", "show", "E14001323", "--json"]);
    assert_eq!((shown["notes"].as_str(), shown["background"].as_str()), (Some(notes.as_str()), Some(notes.as_str())));
    assert_eq!(shown["cadence_days"], 90, "nothing of a refused change is kept");
}

/// A backup of one engagement with `contacts` contacts, each with a note at its limit, in the
/// order mpplan writes them (by date, then UUID).
fn big_backup(contacts: usize) -> PlanExport {
    let mut backup = PlanExport::new(mpplan::store::SCHEMA_VERSION, Some(mpplan::data::DATASET_VERSION.into()));
    let stamp = "2026-11-24T09:00:00Z".to_string();
    let uuid = |n: usize| format!("6f1c1a52-8d6e-4f57-9a43-{n:012x}");
    let note = "a long letter ".repeat(NOTE / 14 + 1);
    let note: String = note.chars().take(NOTE).collect();
    // An engagement is named by its seat, and its checklist items by it and their keys.
    let engagement = mpplan::domain::sync::identity::engagement("E14001323");
    backup.engagements.push(EngagementRow {
        uuid: engagement.clone(),
        constituency_code: "E14001323".into(),
        tracked: true,
        topics: "Waiting lists".into(),
        cadence_days: 90,
        notes: "n".repeat(NOTE),
        background: "b".repeat(NOTE),
        office_address: String::new(),
        started_on: "2020-01-01".parse().unwrap(),
        mp_at_start: "Hilary Benn".into(),
        mp_id_at_start: Some(413),
        created_at: stamp.clone(),
        updated_at: stamp.clone(),
        checklist: vec![ChecklistRow {
            uuid: mpplan::domain::sync::identity::checklist_item(&engagement, "2.3"),
            item_key: "2.3".into(),
            state: "done".into(),
            done_on: Some("2020-01-02".parse().unwrap()),
            note: "c".repeat(NOTE),
            updated_at: stamp.clone(),
        }],
        interactions: (0..contacts)
            .map(|n| InteractionRow {
                uuid: uuid(2 + n),
                kind: "letter".into(),
                direction: "to_mp".into(),
                occurred_on: "2020-01-02".parse().unwrap(),
                summary: note.clone(),
                mp_name: "Hilary Benn".into(),
                created_at: stamp.clone(),
            })
            .collect(),
        proposals: Vec::new(),
    });
    backup
}

#[test]
fn a_backup_over_fifty_megabytes_restores_and_writes_back_the_same_bytes() {
    let env = Env::new();
    let file = env.dir.path().join("big.json");
    fs::write(&file, big_backup(2_600).to_json()).unwrap();
    let size = fs::metadata(&file).unwrap().len();
    assert!(size > 50 * 1024 * 1024, "{size} bytes");
    let said = env.run(&["import", "json", file.to_str().unwrap()]);
    assert!(said.contains("1 engagement, 2600 contacts"), "{said}");
    let again = env.dir.path().join("again.json");
    env.run(&["export", "json", "--out", again.to_str().unwrap()]);
    assert!(fs::read(&again).unwrap() == fs::read(&file).unwrap(), "the export is the file restored, byte for byte");
}
