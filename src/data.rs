//! The data shipped inside the binary (assets/data/*.csv, embedded with `include_str!`) and loading it
//! into the store on first use, or when a newer binary ships newer data.

use serde::de::DeserializeOwned;

use crate::domain::reference::shipped::{Dataset, PostcodeAreaRecord};
use crate::store::{Store, StoreError};

/// Identifies the embedded data. Raise it whenever a file in assets/data changes, or the way it is
/// read into the store does, so that existing databases pick the new data up (only the shipped
/// tables are replaced; the user's rows are kept). ".2": names are stored without their titles,
/// with the salutation they give.
pub const DATASET_VERSION: &str = "2026-06-27.2";

/// The date of the newest source the data was taken from.
pub const DATA_DATE: &str = "2026-06-27";

/// [`DATA_DATE`] as a date.
pub fn data_date() -> chrono::NaiveDate {
    DATA_DATE.parse().expect("DATA_DATE is a date")
}

const MPS: &str = include_str!("../assets/data/mps_2024_parliament.csv");
const CHANGES: &str = include_str!("../assets/data/mp_changes_observed_2025_2026.csv");
const RECESSES: &str = include_str!("../assets/data/commons_recess_dates.csv");
const SITTING_DAYS: &str = include_str!("../assets/data/commons_sitting_days_2024_26.csv");
const SESSIONS: &str = include_str!("../assets/data/commons_sessions.csv");
const BANK_HOLIDAYS: &str = include_str!("../assets/data/uk_bank_holidays_2024_2028.csv");
const SECTORS: &str = include_str!("../assets/data/postcode_sector_to_constituency_2024.csv");
const DISTRICTS: &str = include_str!("../assets/data/postcode_district_to_constituency_2024.csv");
const SOURCES: &str = include_str!("../assets/data/SOURCES.md");

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("the shipped data file {file} is damaged: {source}")]
    Parse { file: &'static str, source: csv::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Loads the shipped data into `store` unless the same version is already there. Returns whether
/// anything was loaded. The load waits for other programs as every write does, and when several
/// start together on a new database only the first loads the data (the others find it there).
pub fn ensure_loaded(store: &mut Store) -> Result<bool, DataError> {
    if store.dataset_version()?.as_deref() == Some(DATASET_VERSION) {
        return Ok(false);
    }
    let dataset = shipped()?;
    let loaded = store.replace_shipped(&dataset)?;
    if loaded {
        tracing::info!(version = DATASET_VERSION, "loaded the shipped data");
    }
    Ok(loaded)
}

/// Parses every embedded file.
pub fn shipped() -> Result<Dataset, DataError> {
    let mut postcode_areas = areas("postcode_sector_to_constituency_2024.csv", SECTORS)?;
    postcode_areas.extend(areas("postcode_district_to_constituency_2024.csv", DISTRICTS)?);
    Ok(Dataset {
        version: DATASET_VERSION.to_string(),
        seats: records("mps_2024_parliament.csv", MPS)?,
        changes: records("mp_changes_observed_2025_2026.csv", CHANGES)?,
        recesses: records("commons_recess_dates.csv", RECESSES)?,
        sitting_days: records("commons_sitting_days_2024_26.csv", SITTING_DAYS)?,
        sessions: records("commons_sessions.csv", SESSIONS)?,
        bank_holidays: records("uk_bank_holidays_2024_2028.csv", BANK_HOLIDAYS)?,
        postcode_areas,
    })
}

/// The attribution lines that SOURCES.md says the program must show, read from the shipped copy so
/// they can never drift from it.
pub fn attribution() -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut in_list = false;
    for line in SOURCES.lines() {
        if line.starts_with("Attribution lines") {
            in_list = true;
        } else if in_list {
            if let Some(bullet) = line.strip_prefix("* ") {
                lines.push(bullet.trim().to_string());
            } else if line.starts_with("  ") && !lines.is_empty() {
                let last = lines.last_mut().expect("checked non-empty");
                last.push(' ');
                last.push_str(line.trim());
            } else {
                break;
            }
        }
    }
    lines.into_iter().map(|l| l.trim_matches('"').to_string()).collect()
}

fn records<T: DeserializeOwned>(file: &'static str, text: &str) -> Result<Vec<T>, DataError> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|source| DataError::Parse { file, source })
}

#[derive(serde::Deserialize)]
struct AreaRow {
    #[serde(alias = "postcode_sector", alias = "postcode_district")]
    area: String,
    pcon24cd: String,
    postcode_count: i64,
    share: f64,
    rank: i64,
}

fn areas(file: &'static str, text: &str) -> Result<Vec<PostcodeAreaRecord>, DataError> {
    Ok(records::<AreaRow>(file, text)?
        .into_iter()
        .map(|r| PostcodeAreaRecord {
            area: r.area,
            constituency_code: r.pcon24cd,
            postcode_count: r.postcode_count,
            share: r.share,
            rank: r.rank,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, HashSet};

    #[test]
    fn every_shipped_file_parses_with_the_documented_row_counts() {
        let d = shipped().unwrap();
        assert_eq!(d.seats.len(), 650);
        assert_eq!(d.changes.len(), 33);
        assert_eq!(d.recesses.len(), 17);
        assert_eq!(d.sitting_days.len(), 320);
        assert_eq!(d.sessions.len(), 2);
        assert_eq!(d.bank_holidays.len(), 136);
        assert_eq!(d.postcode_areas.len(), 16_012 + 6_126);
    }

    #[test]
    fn seats_are_distinct_and_split_by_country_as_documented() {
        let d = shipped().unwrap();
        let codes: HashSet<_> = d.seats.iter().map(|s| &s.constituency_code).collect();
        let ids: HashSet<_> = d.seats.iter().map(|s| s.parliament_member_id).collect();
        assert_eq!((codes.len(), ids.len()), (650, 650));
        let mut by_country: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &d.seats {
            *by_country.entry(s.country.as_str()).or_default() += 1;
        }
        let expected = BTreeMap::from([("England", 543), ("Northern Ireland", 18), ("Scotland", 57), ("Wales", 32)]);
        assert_eq!(by_country, expected);
    }

    #[test]
    fn every_shipped_name_is_read_without_its_title_and_with_the_salutation_it_gives() {
        const TITLES: [&str; 8] = ["Mr ", "Mrs ", "Ms ", "Miss ", "Dr ", "Sir ", "Dame ", "Rt Hon "];
        let d = shipped().unwrap();
        let mut salutations = 0;
        for s in &d.seats {
            let mp = crate::domain::mps::changes::MpDetails::from_seat(s);
            assert!(!TITLES.iter().any(|t| mp.name.starts_with(t)), "{:?} from {:?}", mp.name, s.mp_name);
            assert!(s.mp_name.ends_with(&mp.name), "{:?} is not the end of {:?}", mp.name, s.mp_name);
            let title = s.mp_name.split_whitespace().next().filter(|w| TITLES.contains(&format!("{w} ").as_str()));
            match (title, mp.derived_address_as.as_deref()) {
                (Some(title), Some(form)) => {
                    assert!(form.starts_with(&format!("{title} ")), "{form:?} for {:?}", s.mp_name);
                    salutations += 1;
                }
                // A surname that cannot be told: more than a first name and a surname.
                (Some(_), None) => assert!(mp.name.split_whitespace().count() > 2, "{:?}", s.mp_name),
                // No title in the name: only the full title can give one (a knighthood, say).
                (None, Some(form)) => {
                    assert!(s.mp_full_title.contains(form.split(' ').next().unwrap_or_default()), "{form:?}")
                }
                (None, None) => {}
            }
        }
        assert!(salutations > 90, "{salutations} salutations from the titled names");
    }

    #[test]
    fn attribution_lines_come_from_sources_md() {
        let lines = attribution();
        assert_eq!(lines.len(), 4, "{lines:#?}");
        assert!(lines[0].contains("Open Parliament Licence v3.0"));
        assert!(lines[1].contains("Royal Mail copyright") && lines[1].starts_with("Source: Office"));
        assert!(lines[2].contains("GOV.UK bank holidays"));
        assert!(lines[3].contains("TheyWorkForYou"));
        assert!(lines.iter().all(|l| !l.starts_with('"') && !l.ends_with('"')));
    }
}
