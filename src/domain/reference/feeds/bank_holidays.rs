//! GOV.UK's bank holidays (`bank-holidays.json`): every division's holidays.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use super::{FeedError, json, required_date, text};

/// The divisions the calendar keeps, as GOV.UK names them.
pub const DIVISIONS: [&str; 3] = ["england-and-wales", "scotland", "northern-ireland"];

/// A bank holiday in one division.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedHoliday {
    pub division: &'static str,
    pub date: NaiveDate,
    pub title: String,
}

#[derive(Deserialize)]
struct Division {
    events: Option<Vec<Event>>,
}

#[derive(Deserialize)]
struct Event {
    title: Option<String>,
    date: Option<String>,
}

/// Reads the holidays of the three divisions, sorted by division and date. England and Wales must
/// be there: it is the one the calendar rules use.
pub fn parse(document: &str, body: &str) -> Result<Vec<FeedHoliday>, FeedError> {
    let divisions: BTreeMap<String, Division> = json(document, body)?;
    if !divisions.contains_key(DIVISIONS[0]) {
        return Err(FeedError::new(document, "it has no england-and-wales division"));
    }
    let mut holidays = Vec::new();
    for division in DIVISIONS {
        let Some(found) = divisions.get(division) else { continue };
        for event in found.events.as_deref().unwrap_or_default() {
            let date = required_date(document, "date", event.date.as_deref())?;
            let title = text(&event.title);
            if title.is_empty() {
                return Err(FeedError::new(document, format!("the {division} holiday on {date} has no title")));
            }
            holidays.push(FeedHoliday { division, date, title });
        }
    }
    holidays.sort_by_key(|h| (h.division, h.date));
    holidays.dedup_by_key(|h| (h.division, h.date));
    Ok(holidays)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_division() {
        let body = r#"{"england-and-wales": {"division": "england-and-wales", "events": [
                {"title": "Christmas Day", "date": "2027-12-27", "notes": "Substitute day", "bunting": true},
                {"title": "New Year’s Day", "date": "2027-01-01", "notes": "", "bunting": true}]},
            "scotland": {"division": "scotland", "events": [
                {"title": "2nd January", "date": "2027-01-04", "notes": "Substitute day", "bunting": true}]},
            "northern-ireland": {"division": "northern-ireland", "events": []}}"#;
        let holidays = parse("bank-holidays.json", body).unwrap();
        let got: Vec<(&str, String)> = holidays.iter().map(|h| (h.division, h.date.to_string())).collect();
        assert_eq!(
            got,
            [
                ("england-and-wales", "2027-01-01".to_string()),
                ("england-and-wales", "2027-12-27".to_string()),
                ("scotland", "2027-01-04".to_string())
            ]
        );
        assert_eq!(holidays[0].title, "New Year’s Day");
    }

    #[test]
    fn refuses_what_is_not_the_feed() {
        assert!(parse("b", r#"{"scotland": {"events": []}}"#).unwrap_err().reason.contains("england-and-wales"));
        assert!(parse("b", r#"{"england-and-wales": {"events": [{"title": "X", "date": "tomorrow"}]}}"#).is_err());
        assert!(parse("b", "[]").is_err());
    }
}
