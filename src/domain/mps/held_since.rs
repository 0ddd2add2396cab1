//! Since when a member has held their seat, from the start date a source gives.
//!
//! The seats are the constituencies on the 2024 boundaries, which came into being at the 2024
//! general election; so a start from before the Parliament elected then first met cannot be when
//! the member began holding this seat. It is an earlier start: the shipped `seat_held_since` is the
//! Members API membership start, 1999-06-10 for Leeds South's MP although the seat dates from 2024.
//! A member whose membership began before that Parliament met, and who holds a 2024 seat now, was
//! returned for it at the general election and has held it since: a by-election winner's start is
//! the by-election (2025-05-01 for Runcorn and Helsby in the shipped data). The Members API's
//! `membershipStartDate`, which an update stores, is the start of the membership for this
//! constituency, polling day for those elected at the general election, so it reads the same way.
//! The date of the general election itself is not in the data, so it is named, not dated.

use chrono::NaiveDate;

/// Since when a member has held a seat, as far as the data can say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldSince {
    /// Since this day: a by-election after the general election, for instance.
    On(NaiveDate),
    /// Since the 2024 general election, whose date the data does not give.
    GeneralElection2024,
    /// The data does not say.
    NotKnown,
}

/// Since when a member has held a seat, from the start date a source gives (`start`), the day the
/// Parliament elected in 2024 first met (`parliament_first_met`: the opening of the first session
/// in the shipped data, see `commons_sessions.csv`), and whether the data has the seat's 2024
/// result (`contested_in_2024`), which says the seat was fought at that election.
///
/// A start before the Parliament met is the general election when the seat was fought then, and
/// otherwise not known; with no day for the Parliament's first meeting, a start is taken as given.
pub fn held_since(
    start: Option<NaiveDate>,
    parliament_first_met: Option<NaiveDate>,
    contested_in_2024: bool,
) -> HeldSince {
    match (start, parliament_first_met) {
        (None, _) => HeldSince::NotKnown,
        (Some(start), Some(met)) if start < met && contested_in_2024 => HeldSince::GeneralElection2024,
        (Some(start), Some(met)) if start < met => HeldSince::NotKnown,
        (Some(start), _) => HeldSince::On(start),
    }
}

impl HeldSince {
    /// Put back together from the two fields a card keeps (a date, and whether it is the general
    /// election).
    pub fn from_parts(date: Option<NaiveDate>, general_election: bool) -> HeldSince {
        match (date, general_election) {
            (_, true) => HeldSince::GeneralElection2024,
            (Some(day), false) => HeldSince::On(day),
            (None, false) => HeldSince::NotKnown,
        }
    }

    /// The day, when the data gives one.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            HeldSince::On(day) => Some(day),
            _ => None,
        }
    }

    /// What follows "since": the day as `day` writes it, or "the 2024 general election"; None when
    /// the data does not say.
    pub fn text(self, day: impl Fn(NaiveDate) -> String) -> Option<String> {
        match self {
            HeldSince::On(date) => Some(day(date)),
            HeldSince::GeneralElection2024 => Some("the 2024 general election".to_string()),
            HeldSince::NotKnown => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_start_before_the_parliament_met_is_the_general_election_not_that_day() {
        let met = Some(d("2024-07-09"));
        assert_eq!(held_since(Some(d("1999-06-10")), met, true), HeldSince::GeneralElection2024);
        assert_eq!(held_since(Some(d("2024-07-04")), met, true), HeldSince::GeneralElection2024);
        assert_eq!(held_since(Some(d("1999-06-10")), met, false), HeldSince::NotKnown);
    }

    #[test]
    fn a_start_after_it_is_shown_and_none_is_not_known() {
        let met = Some(d("2024-07-09"));
        assert_eq!(held_since(Some(d("2025-05-01")), met, true), HeldSince::On(d("2025-05-01")));
        assert_eq!(held_since(Some(d("2024-07-09")), met, true), HeldSince::On(d("2024-07-09")));
        assert_eq!(held_since(None, met, true), HeldSince::NotKnown);
        assert_eq!(held_since(Some(d("1999-06-10")), None, true), HeldSince::On(d("1999-06-10")));
    }

    #[test]
    fn parts_and_text() {
        for h in [HeldSince::On(d("2025-05-01")), HeldSince::GeneralElection2024, HeldSince::NotKnown] {
            assert_eq!(HeldSince::from_parts(h.date(), h == HeldSince::GeneralElection2024), h);
        }
        let iso = |d: NaiveDate| d.to_string();
        assert_eq!(HeldSince::On(d("2025-05-01")).text(iso).unwrap(), "2025-05-01");
        assert_eq!(HeldSince::GeneralElection2024.text(iso).unwrap(), "the 2024 general election");
        assert_eq!(HeldSince::NotKnown.text(iso), None);
    }
}
