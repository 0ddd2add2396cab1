//! The ICS reader: any bytes are decoded and read as calendar events, and planned as proposals for
//! one seat. Nothing may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mpplan::domain::{event_import, ics_read, import_file};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = import_file::decode("fuzz.ics", data) else {
        return;
    };
    let _ = ics_read::events("fuzz.ics", &text);
    let _ = event_import::plan("fuzz.ics", &text, "E14001323", &[]);
});
