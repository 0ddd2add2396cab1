//! Terminal safety: escape sequences stored in a note and an MP's name never reach the terminal
//! from the command line; every plain output shows them escaped, and JSON escapes them too.
//! (The screens are checked in src/tui/view/tests.rs.)

mod common;

use std::fs;
use std::path::PathBuf;

use common::Env;

/// A window-title change and a clear-screen, as stored.
const TITLE: &str = "\x1b]0;pwned\x07";
const CLEAR: &str = "\x1b[2J";

/// How they must appear instead.
const TITLE_SHOWN: &str = "\\u{1b}]0;pwned\\u{7}";
const CLEAR_SHOWN: &str = "\\u{1b}[2J";

/// The new MP of Leeds South, named with both sequences, imported from a CSV.
fn import_hostile_mp(env: &Env) {
    let path: PathBuf =
        [env!("CARGO_MANIFEST_DIR"), "tests", "import-files", "mps-new-mp-bom-crlf.csv"].iter().collect();
    let csv = fs::read_to_string(path).unwrap().replace("Jo Bloggs", &format!("Jo {TITLE}Bloggs {CLEAR}"));
    let file = env.dir.path().join("hostile-mps.csv");
    fs::write(&file, csv).unwrap();
    let out = env.run(&["import", "mps", file.to_str().unwrap()]);
    assert!(out.contains(&format!("Jo {TITLE_SHOWN}Bloggs {CLEAR_SHOWN}")), "{out}");
}

#[test]
fn escape_sequences_in_notes_and_mp_names_are_shown_escaped_everywhere() {
    let env = Env::new();
    import_hostile_mp(&env);
    env.run(&["track", "E14001323"]);
    env.run(&["log", "E14001323", "--kind", "letter", "--note", &format!("Sent {TITLE} and {CLEAR}")]);
    env.run(&["engagement", "set", "E14001323", "--notes", &format!("Notes {TITLE} {CLEAR}")]);

    let name = format!("Jo {TITLE_SHOWN}Bloggs {CLEAR_SHOWN}");
    let note = format!("Sent {TITLE_SHOWN} and {CLEAR_SHOWN}");
    let notes = format!("Notes {TITLE_SHOWN} {CLEAR_SHOWN}");
    let outputs: &[(&[&str], &[&str])] = &[
        (&["history", "E14001323"], &[&name, &note]),
        (&["mp", "E14001323"], &[&name]),
        (&["mps", "--search", "leeds south"], &[&name]),
        (&["mps", "--tracked"], &[&name]),
        (&["agenda"], &[&name]),
        (&["engagement", "show", "E14001323"], &[&name, &notes]),
        (&["history", "E14001323", "--json"], &["\\u001b]0;pwned\\u0007"]),
        (&["mp", "E14001323", "--json"], &["\\u001b[2J"]),
        (&["engagement", "show", "E14001323", "--json"], &["\\u001b]0;pwned\\u0007"]),
    ];
    for (args, shown) in outputs {
        let out = env.cmd().args(*args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(!out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07), "{args:?} printed raw control bytes");
        let text = String::from_utf8(out.stdout).unwrap();
        for expected in *shown {
            assert!(text.contains(expected), "{args:?} should show {expected}: {text}");
        }
    }
}
