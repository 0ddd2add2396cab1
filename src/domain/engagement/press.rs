//! The press plan of a proposal: whether local press are invited, and how the release and the MP's
//! quote are coming along.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::enums::word_enum;
use crate::domain::text::printable;

word_enum! {
    /// Whether press are invited; the words are stored, and typed with "-" or "_" ("mp-handles").
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub enum PressPlan {
        /// No press.
        #[default]
        None = "none",
        /// The MP is to be asked whether local press may come (checklist 4.4).
        Ask = "ask",
        /// The MP agreed: press are invited.
        Agreed = "agreed",
        Declined = "declined",
        /// The MP's office handles the press.
        MpHandles = "mp_handles",
    }
    parse PressPlanError;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{}\" is not a press plan: give none, ask, agreed, declined or mp-handles", printable(.0))]
pub struct PressPlanError(pub String);

impl PressPlan {
    /// Whether press are coming, so a release has to be drafted and shared.
    pub fn invited(self) -> bool {
        self == PressPlan::Agreed
    }
}

/// A proposal's press plan and its milestones.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Press {
    pub plan: PressPlan,
    /// The draft release shared with the MP.
    pub draft_shared_on: Option<NaiveDate>,
    pub quote_requested_on: Option<NaiveDate>,
    pub quote_received_on: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
}

impl Press {
    /// "agreed; draft shared 2 Mar; quote requested 2 Mar" — the plan and the milestones reached.
    pub fn summary(&self) -> String {
        let mut parts = vec![self.plan.as_str().replace('_', " ")];
        let mut step = |label: &str, day: Option<NaiveDate>| {
            if let Some(d) = day {
                parts.push(format!("{label} {}", d.format("%-d %b %Y")));
            }
        };
        step("draft shared", self.draft_shared_on);
        step("quote requested", self.quote_requested_on);
        step("quote received", self.quote_received_on);
        step("published", self.published_on);
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_parse_with_dashes_or_underscores() {
        assert_eq!(PressPlan::parse("MP-handles"), Ok(PressPlan::MpHandles));
        assert_eq!(PressPlan::parse("mp_handles"), Ok(PressPlan::MpHandles));
        for p in PressPlan::ALL {
            assert_eq!(PressPlan::parse(p.as_str()), Ok(p));
        }
        assert!(PressPlan::parse("tv").unwrap_err().to_string().contains("mp-handles"));
    }

    #[test]
    fn the_summary_lists_milestones_reached() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let press = Press { plan: PressPlan::Agreed, draft_shared_on: Some(d), ..Default::default() };
        assert_eq!(press.summary(), "agreed; draft shared 2 Mar 2026");
        assert_eq!(Press::default().summary(), "none");
    }
}
