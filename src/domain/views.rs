//! What the store hands back to the CLI and the UI: plain, serialisable views of the domain.
//! Field names here are the `--json` output's field names; keep them stable.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::engagement::checklist::Progress;
use crate::domain::limits::{Field, TooLong, check_all};
use crate::domain::mps::held_since::HeldSince;
use crate::domain::reference::feeds::profile::Profile;

/// One seat and its MP, as listed by `mpplan mps`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MpSummary {
    pub constituency_code: String,
    pub constituency: String,
    pub country: String,
    pub region: String,
    pub name: String,
    pub party: String,
    pub email: String,
    pub member_id: Option<i64>,
    pub tracked: bool,
    /// Checklist progress; present for seats the organisation has an engagement with.
    pub progress: Option<Progress>,
}

impl MpSummary {
    /// Where the seat is: "Yorkshire and The Humber, England", or "Wales" once where the region is
    /// the country (Wales, Scotland and Northern Ireland are regions of their own).
    pub fn place(&self) -> String {
        let (region, country) = (self.region.trim(), self.country.trim());
        if region.is_empty() || region.eq_ignore_ascii_case(country) {
            country.to_string()
        } else if country.is_empty() {
            region.to_string()
        } else {
            format!("{region}, {country}")
        }
    }
}

/// Everything known about one seat and its MP (`mpplan mp`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MpCard {
    #[serde(flatten)]
    pub summary: MpSummary,
    /// The name with its titles and honours, as an envelope has it ("Rt Hon Sir Mark Tami MP").
    pub full_title: String,
    /// How a letter addresses the MP ("Mr Rand", "Sir Mark"): Parliament's form when an update
    /// has brought it, else the one the name and title say; None when neither is known, and a
    /// letter then uses the name.
    pub salutation: Option<String>,
    pub twfy_person_id: Option<i64>,
    /// The day the MP began holding this seat, when the data says (see [`MpCard::held_since`]).
    pub seat_held_since: Option<NaiveDate>,
    /// True when the MP has held the seat since the 2024 general election, whose date the data does
    /// not give (`seat_held_since` is then None).
    pub held_since_2024_general_election: bool,
    pub ge2024_result: String,
    pub local_authorities: String,
    pub links: Links,
    pub history: Vec<Tenure>,
    pub changes: Vec<SeatChange>,
    /// What `mpplan update` brought from the Members API: offices, posts, interests.
    pub profile: Profile,
}

impl MpCard {
    /// Since when the MP has held this seat, as far as the data can say.
    pub fn held_since(&self) -> HeldSince {
        HeldSince::from_parts(self.seat_held_since, self.held_since_2024_general_election)
    }
}

/// Where to find an MP online. Handles as stored, URLs built from them.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Links {
    pub parliament_profile: String,
    pub website: String,
    pub twitter_handle: String,
    pub twitter: String,
    pub bluesky_handle: String,
    pub bluesky: String,
    pub facebook: String,
}

impl Links {
    pub fn new(profile: &str, website: &str, twitter: &str, bluesky: &str, facebook: &str) -> Links {
        let url = |prefix: &str, handle: &str| {
            if handle.is_empty() { String::new() } else { format!("{prefix}{handle}") }
        };
        Links {
            parliament_profile: profile.into(),
            website: website.into(),
            twitter_handle: twitter.into(),
            twitter: url("https://x.com/", twitter),
            bluesky_handle: bluesky.into(),
            bluesky: url("https://bsky.app/profile/", bluesky),
            facebook: facebook.into(),
        }
    }
}

/// One MP's time holding a seat.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tenure {
    pub name: String,
    pub party: String,
    pub member_id: Option<i64>,
    /// The day the MP began holding the seat, when the data says.
    pub from: Option<NaiveDate>,
    /// True when the MP held it from the 2024 general election (`from` is then None).
    pub from_2024_general_election: bool,
    /// None while the MP holds the seat.
    pub until: Option<NaiveDate>,
}

impl Tenure {
    /// Since when the MP held the seat, as far as the data can say.
    pub fn held_since(&self) -> HeldSince {
        HeldSince::from_parts(self.from, self.from_2024_general_election)
    }
}

/// A change to a seat seen in the data: a vacancy, a by-election result, a change of party.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeatChange {
    pub observed_on: NaiveDate,
    pub change: String,
    pub before_mp: String,
    pub before_party: String,
    pub after_mp: String,
    pub after_party: String,
}

/// One constituency a postcode area falls in, with its share of the area's postcodes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaMatch {
    pub constituency_code: String,
    pub constituency: String,
    pub share: f64,
    pub postcode_count: i64,
    pub rank: i64,
    pub mp: String,
    pub party: String,
    pub member_id: Option<i64>,
}

/// What a postcode lookup found. Field names are `mpplan lookup --json`'s.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PostcodeLookup {
    /// The postcode as understood, in canonical form ("LS1 4DY").
    pub postcode: String,
    /// "postcode", "sector" or "district": what was typed.
    pub level: &'static str,
    /// The sector or district the shares describe ("LS1 4").
    pub area: String,
    /// True for a Northern Ireland (BT) postcode: the lookup data covers Great Britain only.
    pub northern_ireland: bool,
    /// Constituencies the area falls in, best first, with their share of its postcodes.
    pub matches: Vec<AreaMatch>,
    /// For Northern Ireland: every seat there, to choose from.
    pub choices: Vec<SeatChoice>,
}

/// A seat as shown when the user must choose one (Northern Ireland, where the lookup has no data).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeatChoice {
    pub constituency_code: String,
    pub constituency: String,
    pub mp: String,
    pub party: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Organisation {
    pub name: String,
    pub address: String,
    pub chief_executive: String,
    pub chair: String,
}

/// Changes to the organisation's details: `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct OrganisationUpdate {
    pub name: Option<String>,
    pub address: Option<String>,
    pub chief_executive: Option<String>,
    pub chair: Option<String>,
}

impl OrganisationUpdate {
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.address.is_none() && self.chief_executive.is_none() && self.chair.is_none()
    }

    /// Refuses a value longer than its field's limit.
    pub fn check_lengths(&self) -> Result<(), TooLong> {
        let fields = [
            (Field::OrganisationName, &self.name),
            (Field::OrganisationAddress, &self.address),
            (Field::ChiefExecutive, &self.chief_executive),
            (Field::Chair, &self.chair),
        ];
        check_all(fields.into_iter().filter_map(|(f, v)| v.as_deref().map(|v| (f, v))))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Site {
    pub name: String,
    pub postcode: String,
    pub constituency_code: Option<String>,
    pub constituency: Option<String>,
}

/// The result of starting or resuming the tracking of a seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackOutcome {
    /// A new engagement was created, with a fresh checklist.
    Started,
    /// An engagement that had been untracked is tracked again, its history intact.
    Resumed,
    /// It was already tracked; nothing changed.
    AlreadyTracked,
}

/// The organisation's own notes on one engagement (`mpplan engagement set`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct EngagementInfo {
    pub tracked: bool,
    /// The local issues to raise, one per line.
    pub topics: String,
    /// Get back in touch after this many days without contact.
    pub cadence_days: u32,
    /// The MP's constituency office address, when the user has it.
    pub office_address: String,
    /// Background on the MP: health or care experience, interests.
    pub background: String,
    pub notes: String,
    pub started_on: Option<NaiveDate>,
}

impl EngagementInfo {
    /// The topics as a list, one per non-empty line (or per "; ").
    pub fn topic_list(&self) -> Vec<String> {
        self.topics.split(['\n', ';']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect()
    }
}

/// Changes to an engagement's notes: `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EngagementUpdate {
    pub topics: Option<String>,
    pub cadence_days: Option<u32>,
    pub office_address: Option<String>,
    pub background: Option<String>,
    pub notes: Option<String>,
}

impl EngagementUpdate {
    pub fn is_empty(&self) -> bool {
        *self == EngagementUpdate::default()
    }

    /// Refuses a value longer than its field's limit.
    pub fn check_lengths(&self) -> Result<(), TooLong> {
        let fields = [
            (Field::Topics, &self.topics),
            (Field::OfficeAddress, &self.office_address),
            (Field::Background, &self.background),
            (Field::Notes, &self.notes),
        ];
        check_all(fields.into_iter().filter_map(|(f, v)| v.as_deref().map(|v| (f, v))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_names_the_region_once_where_it_is_the_country() {
        let seat = |region: &str, country: &str| MpSummary {
            constituency_code: String::new(),
            constituency: String::new(),
            country: country.into(),
            region: region.into(),
            name: String::new(),
            party: String::new(),
            email: String::new(),
            member_id: None,
            tracked: false,
            progress: None,
        };
        assert_eq!(seat("Wales", "Wales").place(), "Wales");
        assert_eq!(seat("Northern Ireland", "Northern Ireland").place(), "Northern Ireland");
        assert_eq!(seat("Yorkshire and The Humber", "England").place(), "Yorkshire and The Humber, England");
        assert_eq!(seat("", "Scotland").place(), "Scotland");
    }
}
