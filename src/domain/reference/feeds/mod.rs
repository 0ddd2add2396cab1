//! The public feeds `mpplan update` reads, as their publishers describe them: UK Parliament's
//! Members API and What's On calendar, and GOV.UK's bank holidays. Each parser takes the body as
//! the feed serves it and returns plain records, or a [`FeedError`] that names the document and
//! what was wrong with it. No I/O here: the bodies come from the network or from files saved by hand.

pub mod bank_holidays;
pub mod calendar_plan;
pub mod members;
pub mod profile;
pub mod seats;
pub mod update_plan;
pub mod whatson;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

/// A feed's body is not what its format says.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{document} is not what the feed should serve: {reason}")]
pub struct FeedError {
    /// What was read: "Members API page 3 (members from 41)".
    pub document: String,
    pub reason: String,
}

impl FeedError {
    pub fn new(document: &str, reason: impl Into<String>) -> FeedError {
        FeedError { document: document.to_string(), reason: reason.into() }
    }
}

/// Parses a JSON body, naming `document` and where the JSON went wrong if it does.
pub(crate) fn json<T: DeserializeOwned>(document: &str, body: &str) -> Result<T, FeedError> {
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    if body.trim().is_empty() {
        return Err(FeedError::new(document, "the body is empty"));
    }
    serde_json::from_str(body).map_err(|e| FeedError::new(document, json_reason(&e)))
}

pub(crate) fn json_reason(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = format!("line {}, column {}", e.line(), e.column());
    match e.classify() {
        Category::Eof => format!("the body ends too soon (cut off at line {})", e.line()),
        Category::Syntax => {
            format!("the body is not JSON (at {at}); a proxy's or a sign-in page may have come instead")
        }
        Category::Data => format!("the JSON is not in the feed's format (at line {})", e.line()),
        Category::Io => e.to_string(),
    }
}

/// The date of a feed's date or date-time ("2026-01-05", "2026-01-05T00:00:00", with or without a
/// fraction or zone): the calendar date as written, since the feeds give days at midnight.
pub(crate) fn feed_date(text: &str) -> Option<NaiveDate> {
    let day = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// A required date field, or an error naming the field and the value.
pub(crate) fn required_date(document: &str, field: &str, value: Option<&str>) -> Result<NaiveDate, FeedError> {
    match value {
        None => Err(FeedError::new(document, format!("an entry has no {field}"))),
        Some(text) => feed_date(text).ok_or_else(|| {
            FeedError::new(document, format!("{field} \"{}\" is not a date", crate::domain::text::printable(text)))
        }),
    }
}

/// An optional date field: absent or null is None; a value that is not a date is an error.
pub(crate) fn optional_date(document: &str, field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, FeedError> {
    value.filter(|text| !text.trim().is_empty()).map(|text| required_date(document, field, Some(text))).transpose()
}

/// Trimmed text of an optional string field.
pub(crate) fn text(value: &Option<String>) -> String {
    value.as_deref().unwrap_or("").trim().to_string()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Text shaped like the feeds' JSON: their field names, dates good and bad, brackets in any
    /// order, so that the parsers meet near misses and not only noise.
    fn feedish() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "null",
            "true",
            "0",
            "-1",
            "20",
            "650",
            "\"items\"",
            "\"value\"",
            "\"totalResults\"",
            "\"skip\"",
            "\"id\"",
            "\"nameDisplayAs\"",
            "\"latestHouseMembership\"",
            "\"membershipFrom\"",
            "\"membershipStartDate\"",
            "\"SittingDates\"",
            "\"Date\"",
            "\"StartDate\"",
            "\"EndDate\"",
            "\"CategoryCode\"",
            "\"REC\"",
            "\"england-and-wales\"",
            "\"events\"",
            "\"date\"",
            "\"title\"",
            "\"2026-12-18T00:00:00\"",
            "\"2026-02-30\"",
            "\"x\"",
            "\"focus\"",
            "\"governmentPosts\"",
        ]);
        prop::collection::vec(pieces, 0..60).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn no_feed_body_makes_a_parser_panic(body in prop_oneof![feedish(), any::<String>()]) {
            let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
            let _ = members::parse_page("p", &body);
            let _ = members::parse_pages("p", &body).map(|pages| members::whole_list("p", pages));
            let _ = profile::parse_contacts("c", &body);
            let _ = profile::parse_roles("b", &body, today);
            let _ = profile::parse_interests("f", &body);
            let _ = whatson::parse_sitting_dates("s", &body);
            let _ = whatson::parse_non_sitting("n", &body);
            let _ = whatson::parse_sessions("l", &body);
            let _ = bank_holidays::parse("h", &body);
        }
    }

    #[test]
    fn feed_dates_take_the_day_as_written() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 5);
        assert_eq!(feed_date("2026-01-05"), day);
        assert_eq!(feed_date("2026-01-05T00:00:00"), day);
        assert_eq!(feed_date("2026-01-05T00:00:00.000Z"), day);
        assert_eq!(feed_date("2026-01-05T00:00:00+01:00"), day);
        assert_eq!(feed_date("2026-01-0"), None);
        assert_eq!(feed_date("2026-01-05X"), None);
        assert_eq!(feed_date("5 January 2026"), None);
    }

    #[test]
    fn a_cut_off_body_says_so() {
        let err = json::<serde_json::Value>("page 1", "{\"items\": [").unwrap_err();
        assert_eq!(
            err.to_string(),
            "page 1 is not what the feed should serve: the body ends too soon (cut off at line 1)"
        );
        assert!(json::<serde_json::Value>("page 1", "  ").unwrap_err().reason.contains("empty"));
        let html = json::<serde_json::Value>("page 1", "<html>Sign in</html>").unwrap_err();
        assert!(html.reason.starts_with("the body is not JSON (at line 1, column 1)"), "{}", html.reason);
        let shape = json::<Vec<i64>>("page 1", "{\"a\": 1}").unwrap_err();
        assert_eq!(shape.reason, "the JSON is not in the feed's format (at line 1)");
    }
}
