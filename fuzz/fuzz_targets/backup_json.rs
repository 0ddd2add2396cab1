//! The JSON backup reader: any text is read as a backup; one it accepts must write back to itself.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mpplan::domain::backup::Backup;
use mpplan::store::SCHEMA_VERSION;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(backup) = Backup::from_json(text, SCHEMA_VERSION) {
        assert_eq!(Backup::from_json(&backup.to_json(), SCHEMA_VERSION).ok(), Some(backup));
    }
});
