//! UK Parliament's What's On calendar: the Commons' sitting dates, its non-sitting periods
//! (recess, prorogation, dissolution, single non-sitting days) and the sessions.

use chrono::NaiveDate;
use serde::Deserialize;

use super::{FeedError, json, optional_date, required_date, text};

/// What kind of non-sitting period an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NonSittingKind {
    /// `REC`.
    Recess,
    /// `POR`.
    Prorogation,
    /// `DIS`.
    Dissolution,
    /// `NSD`, or any other code: a day or days the House does not sit.
    NonSittingDay,
}

/// A period the Commons does not sit, first and last day included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NonSitting {
    pub kind: NonSittingKind,
    pub name: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// A session of Parliament.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedSession {
    /// "2024-26" style, from the session's Commons description or number.
    pub name: String,
    pub opened: NaiveDate,
    pub closed: Option<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SittingDateList {
    sitting_dates: Option<Vec<SittingDate>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SittingDate {
    date: Option<String>,
}

/// Reads the Commons sitting dates, sorted and without repeats.
pub fn parse_sitting_dates(document: &str, body: &str) -> Result<Vec<NaiveDate>, FeedError> {
    let list: SittingDateList = json(document, body)?;
    let Some(dates) = list.sitting_dates else {
        return Err(FeedError::new(document, "it has no SittingDates list"));
    };
    let mut days =
        dates.into_iter().map(|d| required_date(document, "Date", d.date.as_deref())).collect::<Result<Vec<_>, _>>()?;
    days.sort_unstable();
    days.dedup();
    Ok(days)
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct NonSittingPoco {
    start_date: Option<String>,
    end_date: Option<String>,
    description: Option<String>,
    summarised_details: Option<String>,
    category: Option<String>,
    category_code: Option<String>,
    house: Option<String>,
}

/// Reads the non-sitting periods of the Commons (entries for the Lords are left out). The end
/// date is the last day of the period: the feed gives days as date-times at midnight.
pub fn parse_non_sitting(document: &str, body: &str) -> Result<Vec<NonSitting>, FeedError> {
    let entries: Vec<NonSittingPoco> = json(document, body)?;
    let mut periods = Vec::with_capacity(entries.len());
    for entry in entries {
        let house = text(&entry.house).to_lowercase();
        if !house.is_empty() && !house.contains("commons") {
            continue;
        }
        let first = required_date(document, "StartDate", entry.start_date.as_deref())?;
        let last = optional_date(document, "EndDate", entry.end_date.as_deref())?.unwrap_or(first);
        if last < first {
            return Err(FeedError::new(document, format!("a period ends ({last}) before it starts ({first})")));
        }
        let kind = match text(&entry.category_code).to_uppercase().as_str() {
            "REC" => NonSittingKind::Recess,
            "POR" => NonSittingKind::Prorogation,
            "DIS" => NonSittingKind::Dissolution,
            _ => NonSittingKind::NonSittingDay,
        };
        let name = [&entry.description, &entry.summarised_details, &entry.category]
            .into_iter()
            .map(text)
            .find(|s| !s.is_empty())
            .unwrap_or_else(|| default_name(kind).to_string());
        periods.push(NonSitting { kind, name, first, last });
    }
    periods.sort_by_key(|p| (p.first, p.last));
    Ok(periods)
}

fn default_name(kind: NonSittingKind) -> &'static str {
    match kind {
        NonSittingKind::Recess => "Recess",
        NonSittingKind::Prorogation => "Prorogation",
        NonSittingKind::Dissolution => "Dissolution",
        NonSittingKind::NonSittingDay => "Non-sitting day",
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SessionPoco {
    number: Option<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    commons_description: Option<String>,
}

/// Reads the list of sessions, in order of opening.
pub fn parse_sessions(document: &str, body: &str) -> Result<Vec<FeedSession>, FeedError> {
    let entries: Vec<SessionPoco> = json(document, body)?;
    let mut sessions = Vec::with_capacity(entries.len());
    for entry in entries {
        let opened = required_date(document, "StartDate", entry.start_date.as_deref())?;
        let closed = optional_date(document, "EndDate", entry.end_date.as_deref())?;
        if closed.is_some_and(|closed| closed < opened) {
            return Err(FeedError::new(document, format!("a session closes before it opens ({opened})")));
        }
        let name = [&entry.commons_description, &entry.number]
            .into_iter()
            .map(text)
            .find(|s| !s.is_empty())
            .unwrap_or_else(|| format!("opened {opened}"));
        sessions.push(FeedSession { name, opened, closed });
    }
    sessions.sort_by_key(|s| s.opened);
    Ok(sessions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn sitting_dates_sorted_and_unique() {
        let body = r#"{"SittingDates": [{"Date": "2027-01-06T00:00:00"}, {"Date": "2027-01-05T00:00:00"},
            {"Date": "2027-01-05T00:00:00"}]}"#;
        assert_eq!(parse_sitting_dates("s", body).unwrap(), [d("2027-01-05"), d("2027-01-06")]);
        assert!(parse_sitting_dates("s", r#"{"SittingDates": [{"Date": "soon"}]}"#).is_err());
        assert!(parse_sitting_dates("s", r#"{"Other": []}"#).unwrap_err().reason.contains("no SittingDates"));
        assert!(parse_sitting_dates("s", r#"{"SittingDates": [{"Date": "2027-01-06T00:00"#).is_err());
    }

    #[test]
    fn non_sitting_periods_by_category() {
        let entry = |code: &str, start: &str, end: &str, house: &str, description: &str| {
            serde_json::json!({"Id": 1, "StartDate": start, "EndDate": end, "SummarisedDetails": "",
                "StartTime": "", "EndTime": "", "Description": description, "SortOrder": 0,
                "Category": "Recess", "Location": "", "Type": "Non-sitting", "House": house,
                "CategoryCode": code})
        };
        let body = serde_json::json!([
            entry("REC", "2026-12-18T00:00:00", "2027-01-04T00:00:00", "Commons", "Christmas recess"),
            entry("REC", "2026-12-18T00:00:00", "2027-01-05T00:00:00", "Lords", "Christmas recess"),
            entry("POR", "2027-04-30T00:00:00", "2027-05-12T00:00:00", "Commons", ""),
            entry("NSD", "2027-03-01T00:00:00", "2027-03-01T00:00:00", "Commons", "Non-sitting day"),
        ])
        .to_string();
        let periods = parse_non_sitting("n", &body).unwrap();
        let got: Vec<(NonSittingKind, &str, NaiveDate, NaiveDate)> =
            periods.iter().map(|p| (p.kind, p.name.as_str(), p.first, p.last)).collect();
        assert_eq!(
            got,
            [
                (NonSittingKind::Recess, "Christmas recess", d("2026-12-18"), d("2027-01-04")),
                (NonSittingKind::NonSittingDay, "Non-sitting day", d("2027-03-01"), d("2027-03-01")),
                (NonSittingKind::Prorogation, "Recess", d("2027-04-30"), d("2027-05-12")),
            ]
        );
        let backwards = body.replace("2027-01-04T00:00:00", "2026-12-01T00:00:00");
        assert!(parse_non_sitting("n", &backwards).unwrap_err().reason.contains("ends (2026-12-01) before"));
    }

    #[test]
    fn sessions_in_order() {
        let body = r#"[{"SessionId": 2, "Number": "2", "StartDate": "2026-05-13T00:00:00", "EndDate": null,
              "CommonsDescription": "2026-27", "LordsDescription": "", "SessionNumber": "2", "ParliamentNumber": "59"},
             {"SessionId": 1, "Number": "1", "StartDate": "2024-07-09T00:00:00", "EndDate": "2026-04-29T00:00:00",
              "CommonsDescription": "2024-26", "LordsDescription": "", "SessionNumber": "1", "ParliamentNumber": "59"}]"#;
        let sessions = parse_sessions("sessions", body).unwrap();
        assert_eq!(
            sessions[0],
            FeedSession { name: "2024-26".into(), opened: d("2024-07-09"), closed: Some(d("2026-04-29")) }
        );
        assert_eq!(sessions[1].closed, None);
    }
}
