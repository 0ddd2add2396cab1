//! The CSV imports: any bytes are decoded, read as a table, and planned as an MP file and as a
//! calendar file against the shipped seats. Nothing may panic.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mpplan::domain::mp_changes::{self, MpDetails, SeatNow};
use mpplan::domain::{calendar_import, import_file};

/// The 650 seats as shipped, built once.
fn seats() -> &'static [SeatNow] {
    static SEATS: OnceLock<Vec<SeatNow>> = OnceLock::new();
    SEATS.get_or_init(|| {
        let dataset = mpplan::data::shipped().expect("the shipped data parses");
        dataset
            .seats
            .iter()
            .map(|s| SeatNow {
                code: s.constituency_code.clone(),
                seat: s.constituency_name.clone(),
                holder: Some(MpDetails::from_seat(s)),
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = import_file::decode("fuzz.csv", data) else {
        return;
    };
    let _ = import_file::CsvTable::parse("fuzz.csv", &text);
    if let Ok(plan) = mp_changes::plan("fuzz.csv", &text, seats()) {
        let _ = plan.lines();
    }
    if let Ok(file) = calendar_import::read("fuzz.csv", &text) {
        let _ = calendar_import::plan(file, &[], &[]).lines();
    }
});
