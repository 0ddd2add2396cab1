//! A small, fixed world for UI tests: the real calendar, a handful of MPs, a fixed "today".

use chrono::NaiveDate;

use super::app::{App, Data, mp_rows};
use super::keymap::Keymap;
use super::theme::Theme;
use crate::domain::calendar::CalendarData;
use crate::domain::checklist::Progress;
use crate::domain::model::MpSummary;

/// Tuesday 24 November 2026.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("valid date")
}

pub fn mp(code: &str, constituency: &str, name: &str, party: &str, tracked: bool) -> MpSummary {
    MpSummary {
        constituency_code: code.into(),
        constituency: constituency.into(),
        country: "England".into(),
        region: "Yorkshire and The Humber".into(),
        name: name.into(),
        party: party.into(),
        email: format!("{}@parliament.uk", name.to_lowercase().replace(' ', ".")),
        member_id: Some(1),
        tracked,
        progress: tracked.then(|| Progress::of([])),
    }
}

pub fn data(mps: Vec<MpSummary>) -> Data {
    Data {
        mps: mp_rows(mps),
        calendar: calendar(),
        detail: None,
        week: Vec::new(),
        upcoming: Vec::new(),
        busy: Vec::new(),
        next_steps: Vec::new(),
    }
}

/// The shipped calendar, parsed once for all tests.
pub fn calendar() -> CalendarData {
    static CALENDAR: std::sync::OnceLock<CalendarData> = std::sync::OnceLock::new();
    CALENDAR.get_or_init(|| CalendarData::from_dataset(&crate::data::shipped().expect("shipped data parses"))).clone()
}

pub fn leeds() -> Vec<MpSummary> {
    vec![
        mp("E14001323", "Leeds South", "Hilary Benn", "Labour", true),
        mp("E14001319", "Leeds Central and Headingley", "Alex Sobel", "Labour (Co-op)", false),
        mp("E14001320", "Leeds East", "Richard Burgon", "Labour", false),
        mp("W07000110", "Ynys Môn", "Llinos Medi", "Plaid Cymru", false),
    ]
}

/// An app with the Leeds MPs (Leeds South tracked), on the Today screen, without colour.
pub fn app() -> App {
    App::new(data(leeds()), today(), Keymap::default(), Theme::plain())
}
