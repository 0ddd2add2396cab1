//! How old the data about Parliament is: when the MPs and the calendar were last brought up to
//! date, said the same way on the Today screen, in `mpplan agenda`, `mpplan about` and
//! `mpplan calendar status`.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::calendar::long_date;

/// MPs older than this many days are worth updating.
pub const STALE_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataAge {
    /// The date of what is known of the MPs: the shipped data's, or the last update's.
    pub mps_as_of: NaiveDate,
    /// Whether that was an update from the Members API (else the data shipped with mpplan).
    pub mps_updated: bool,
    /// When the calendar was last updated from What's On, if ever.
    pub calendar_updated_on: Option<NaiveDate>,
    /// The last day the sitting-day data covers.
    pub calendar_to: Option<NaiveDate>,
}

impl DataAge {
    /// Whether either is old enough that an update is worth suggesting on `today`.
    pub fn stale(&self, today: NaiveDate) -> bool {
        let old = |date: NaiveDate| (today - date).num_days() > STALE_DAYS;
        old(self.mps_as_of) || self.calendar_updated_on.is_none_or(old) || self.calendar_to.is_none_or(|to| to < today)
    }

    /// "MPs: as shipped with mpplan, 27 June 2026 (155 days ago)", then the calendar's line.
    pub fn lines(&self, today: NaiveDate) -> Vec<String> {
        let ago = |date: NaiveDate| match (today - date).num_days() {
            0 => "today".to_string(),
            1 => "yesterday".to_string(),
            n if n > 1 => format!("{n} days ago"),
            _ => "ahead of today".to_string(),
        };
        let mps = if self.mps_updated {
            format!("MPs: updated from Parliament on {} ({})", long_date(self.mps_as_of), ago(self.mps_as_of))
        } else {
            format!("MPs: as shipped with mpplan, {} ({})", long_date(self.mps_as_of), ago(self.mps_as_of))
        };
        let known = self
            .calendar_to
            .map_or("no sitting days are known".to_string(), |to| format!("sitting days known to {}", long_date(to)));
        let calendar = match self.calendar_updated_on {
            Some(on) => format!("Calendar: updated from Parliament on {} ({}); {known}", long_date(on), ago(on)),
            None => format!("Calendar: as shipped with mpplan; {known}"),
        };
        let mut lines = vec![mps, calendar];
        if self.stale(today) {
            lines.push(
                "Run `mpplan update` to bring them up to date (or `mpplan update --urls` on an offline machine)."
                    .into(),
            );
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn shipped_data_is_old_and_says_how_to_update() {
        let age = DataAge {
            mps_as_of: d("2026-06-27"),
            mps_updated: false,
            calendar_updated_on: None,
            calendar_to: Some(d("2026-07-16")),
        };
        assert_eq!(
            age.lines(d("2026-11-29")),
            [
                "MPs: as shipped with mpplan, Saturday 27 June 2026 (155 days ago)",
                "Calendar: as shipped with mpplan; sitting days known to Thursday 16 July 2026",
                "Run `mpplan update` to bring them up to date (or `mpplan update --urls` on an offline machine)."
            ]
        );
    }

    #[test]
    fn a_recent_update_is_not_stale() {
        let age = DataAge {
            mps_as_of: d("2026-11-28"),
            mps_updated: true,
            calendar_updated_on: Some(d("2026-11-28")),
            calendar_to: Some(d("2027-07-22")),
        };
        let lines = age.lines(d("2026-11-29"));
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].ends_with("(yesterday)"));
        assert!(lines[1].contains("sitting days known to Thursday 22 July 2027"));
        assert!(age.stale(d("2027-01-15")));
    }
}
