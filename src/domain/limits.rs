//! How long each piece of stored text may be: one table, applied the same way by the command line,
//! the UI's forms, every import (CSV, ICS, JSON backup) and, as a last guard, the store. A value
//! over its limit is refused with one line naming the field and the limit; nothing is cut short
//! without saying so.
//!
//! The limits are far above anything a person types or the data holds (the longest name among
//! the 650 MPs' full titles is under 80 characters; a long note of a meeting is a page or two),
//! and low enough that a screen wraps and draws any value in well under a millisecond and that a
//! backup's rows stay small (see [`max_row_bytes`]). Lengths are counted in characters (Unicode
//! scalar values), as the user sees them, not in bytes.

use std::fmt;

/// A stored text field. Each has a name the user knows it by and a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    OrganisationName,
    OrganisationAddress,
    ChiefExecutive,
    Chair,
    SiteName,
    Postcode,
    Topics,
    Notes,
    Background,
    OfficeAddress,
    ChecklistNote,
    ContactNote,
    ProposalTitle,
    ProposalPlace,
    EventUid,
    RecessName,
    CalendarNote,
    SettingName,
    SettingValue,
    MpName,
    MpFullTitle,
    Salutation,
    Party,
    Email,
    WebAddress,
    Handle,
}

/// Names: people, organisations, sites, recesses, parties. The longest MP's full title in the
/// shipped data ("The Rt Hon Sir … KC MP") is under 80 characters.
pub const NAME: usize = 200;
/// Postal addresses: six lines of forty characters is a long one.
pub const ADDRESS: usize = 1_000;
/// Notes, background, a contact's note: about 3,000 words, six printed pages, longer than any
/// note a person types or pastes from an email.
pub const NOTE: usize = 20_000;
/// The topics to raise, a proposal's place, a calendar date's note, a setting's value.
pub const SHORT_TEXT: usize = 2_000;

/// The one table: each field, the words that name it in a message, and its limit in characters.
pub const LIMITS: &[(Field, &str, usize)] = &[
    (Field::OrganisationName, "organisation name", NAME),
    (Field::OrganisationAddress, "organisation address", ADDRESS),
    (Field::ChiefExecutive, "chief executive's name", NAME),
    (Field::Chair, "chair's name", NAME),
    (Field::SiteName, "site name", NAME),
    (Field::Postcode, "postcode", 16),
    (Field::Topics, "topics", SHORT_TEXT),
    (Field::Notes, "engagement notes", NOTE),
    (Field::Background, "background", NOTE),
    (Field::OfficeAddress, "office address", ADDRESS),
    (Field::ChecklistNote, "checklist note", NOTE),
    (Field::ContactNote, "contact note", NOTE),
    (Field::ProposalTitle, "proposal title", NAME),
    (Field::ProposalPlace, "proposal place", 500),
    // RFC 5545 sets no limit; the UIDs Outlook, Google and Apple write are under 200 characters.
    (Field::EventUid, "calendar event UID", 1_000),
    (Field::RecessName, "recess name", NAME),
    (Field::CalendarNote, "calendar note", SHORT_TEXT),
    (Field::SettingName, "setting name", 100),
    (Field::SettingValue, "setting value", SHORT_TEXT),
    (Field::MpName, "MP's name", NAME),
    (Field::MpFullTitle, "MP's full title", 500),
    (Field::Salutation, "salutation", NAME),
    (Field::Party, "party", NAME),
    // RFC 3696: at most 64 characters before the @ and 255 after.
    (Field::Email, "email address", 320),
    (Field::WebAddress, "web address", SHORT_TEXT),
    (Field::Handle, "social media handle", NAME),
];

impl Field {
    /// The most characters the field holds.
    pub fn limit(self) -> usize {
        self.entry().2
    }

    /// What the field is called in a message: "contact note".
    pub fn label(self) -> &'static str {
        self.entry().1
    }

    fn entry(self) -> &'static (Field, &'static str, usize) {
        LIMITS.iter().find(|(f, ..)| *f == self).expect("every field is in the table")
    }

    /// Refuses `text` when it is longer than the field's limit.
    pub fn check(self, text: &str) -> Result<(), TooLong> {
        let limit = self.limit();
        if text.len() <= limit {
            return Ok(()); // never more characters than bytes
        }
        match text.chars().count() {
            n if n <= limit => Ok(()),
            chars => Err(TooLong { field: self, chars }),
        }
    }
}

/// A value longer than its field's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLong {
    pub field: Field,
    /// How many characters the value has.
    pub chars: usize,
}

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // "The topics are…", "the contact note is…".
        let verb = if matches!(self.field, Field::Topics | Field::Notes) { "are" } else { "is" };
        write!(
            f,
            "the {} {verb} {} characters long; the limit is {}",
            self.field.label(),
            thousands(self.chars),
            thousands(self.field.limit())
        )
    }
}

impl std::error::Error for TooLong {}

/// Checks several fields at once, giving the first that is too long.
pub fn check_all<'a>(values: impl IntoIterator<Item = (Field, &'a str)>) -> Result<(), TooLong> {
    values.into_iter().try_for_each(|(field, text)| field.check(text))
}

/// "1,048,576".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The most bytes one row of a JSON backup can take when every field is at its limit: each
/// character written as a six-byte escape (`\u001f`, the longest serde_json writes for one
/// character), plus room for the field names, the other fields and the indentation. An engagement
/// (without its checklist, contacts and proposals, which are rows of their own) is the largest.
pub fn max_row_bytes() -> usize {
    let engagement = [Field::Topics, Field::Notes, Field::Background, Field::OfficeAddress, Field::MpName];
    let text: usize = engagement.iter().map(|f| f.limit()).sum();
    (text * 6 + 4_096).next_power_of_two()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_one_row_and_a_limit() {
        for (i, (field, label, limit)) in LIMITS.iter().enumerate() {
            assert_eq!(LIMITS.iter().position(|(f, ..)| f == field), Some(i), "{field:?} is listed once");
            assert_eq!((field.label(), field.limit()), (*label, *limit));
            assert!(*limit >= 16 && !label.is_empty());
        }
        assert_eq!(Field::ContactNote.limit(), 20_000);
        assert_eq!(Field::MpName.limit(), 200);
    }

    #[test]
    fn a_value_at_the_limit_passes_and_one_over_is_named_with_the_limit() {
        let at = "é".repeat(NOTE);
        assert_eq!(Field::ContactNote.check(&at), Ok(()), "characters are counted, not bytes");
        let over = format!("{at}x");
        let err = Field::ContactNote.check(&over).unwrap_err();
        assert_eq!(err, TooLong { field: Field::ContactNote, chars: 20_001 });
        assert_eq!(err.to_string(), "the contact note is 20,001 characters long; the limit is 20,000");
        assert_eq!(check_all([(Field::SiteName, "Main"), (Field::Party, &"p".repeat(201))]).unwrap_err().chars, 201);
        let notes = TooLong { field: Field::Notes, chars: 20_001 }.to_string();
        assert_eq!(notes, "the engagement notes are 20,001 characters long; the limit is 20,000");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_048_576), "1,048,576");
    }

    #[test]
    fn a_row_at_the_limits_fits_the_row_budget() {
        assert!(max_row_bytes() >= (2_000 + 20_000 + 20_000 + 1_000 + 200) * 6);
        assert!(max_row_bytes() <= 1 << 20, "{}", max_row_bytes());
    }
}
