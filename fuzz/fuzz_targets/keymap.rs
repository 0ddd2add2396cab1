//! config.toml's key bindings: any text is read as a config, and each of its lines as a key.
//! Nothing may panic.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use mpplan::tui::keymap::{Key, Keymap};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(keymap) = Keymap::with_config(text, Path::new("config.toml")) {
        let _ = keymap.help();
    }
    for line in text.lines() {
        let _ = Key::parse(line);
    }
});
