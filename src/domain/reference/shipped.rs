//! The shape of the shipped reference data (MPs, seats, calendar, postcode areas), as plain records.
//! `crate::data` parses the embedded CSV files into these; the store loads them.

use chrono::NaiveDate;
use serde::Deserialize;

/// Everything that ships with the program, tagged with the version that identifies it.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub version: String,
    pub seats: Vec<SeatRecord>,
    pub changes: Vec<SeatChangeRecord>,
    pub recesses: Vec<RecessRecord>,
    pub sitting_days: Vec<SittingDayRecord>,
    pub sessions: Vec<SessionRecord>,
    pub bank_holidays: Vec<BankHolidayRecord>,
    pub postcode_areas: Vec<PostcodeAreaRecord>,
}

/// One seat and the MP holding it (mps_2024_parliament.csv).
#[derive(Debug, Clone, Deserialize)]
pub struct SeatRecord {
    pub constituency_code: String,
    pub constituency_name: String,
    pub country: String,
    pub region: String,
    pub mp_name: String,
    pub mp_full_title: String,
    pub party: String,
    pub parliament_member_id: i64,
    pub twfy_person_id: Option<i64>,
    pub email: String,
    pub website: String,
    pub twitter_handle: String,
    pub bluesky_handle: String,
    pub facebook_page: String,
    pub parliament_profile_url: String,
    pub seat_held_since: Option<NaiveDate>,
    pub ge2024_result: String,
    pub local_authority_districts: String,
    pub local_authority_district_codes: String,
}

/// A change of seat holder or party seen in the data (mp_changes_observed_2025_2026.csv).
#[derive(Debug, Clone, Deserialize)]
pub struct SeatChangeRecord {
    pub constituency_code: String,
    pub constituency_name: String,
    pub change: String,
    pub before_mp: String,
    pub before_party: String,
    pub after_mp: String,
    pub after_party: String,
    pub observed_in_data_on: NaiveDate,
    pub source: String,
}

impl SeatChangeRecord {
    /// The seat fell vacant: the MP before it left the seat on the date observed.
    pub fn is_vacancy(&self) -> bool {
        self.change == "seat vacant"
    }
}

/// A Commons recess (commons_recess_dates.csv).
#[derive(Debug, Clone, Deserialize)]
pub struct RecessRecord {
    pub house: String,
    pub recess: String,
    pub first_non_sitting_day: NaiveDate,
    pub last_non_sitting_day: NaiveDate,
    pub last_sitting_day_before: Option<NaiveDate>,
    pub first_sitting_day_after: Option<NaiveDate>,
}

/// A sitting day (commons_sitting_days_2024_26.csv): `status_at_extract` is "sat" for a day the
/// House did sit, "scheduled (provisional)" for one it planned to.
#[derive(Debug, Clone, Deserialize)]
pub struct SittingDayRecord {
    pub date: NaiveDate,
    pub weekday: String,
    pub session: String,
    pub status_at_extract: String,
}

impl SittingDayRecord {
    pub fn confirmed(&self) -> bool {
        self.status_at_extract == "sat"
    }
}

/// A session of Parliament (commons_sessions.csv); the days between two sessions are a prorogation.
#[derive(Debug, Clone, Deserialize)]
pub struct SessionRecord {
    pub session: String,
    pub opened: NaiveDate,
    pub closed: Option<NaiveDate>,
}

/// A bank holiday in one of the three UK divisions (uk_bank_holidays_2024_2028.csv).
#[derive(Debug, Clone, Deserialize)]
pub struct BankHolidayRecord {
    pub division: String,
    pub date: NaiveDate,
    pub weekday: String,
    pub title: String,
    pub notes: String,
    pub bunting: String,
    pub source: String,
}

/// The share of a postcode sector's or district's postcodes that fall in one constituency.
#[derive(Debug, Clone)]
pub struct PostcodeAreaRecord {
    /// "LS1 4" (a sector) or "LS1" (a district)
    pub area: String,
    pub constituency_code: String,
    pub postcode_count: i64,
    pub share: f64,
    pub rank: i64,
}
