//! Proposed meetings, visits and events: their types and states. Their flags are not stored:
//! they are computed when shown, from the calendar as it is then.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Serialize, Serializer};

use crate::domain::calendar::ProposalKind;
use crate::domain::engagement::press::Press;
use crate::domain::enums::word_enum;
use crate::domain::limits::{Field, TooLong, check_all};
use crate::domain::text::printable;
use crate::domain::when::{self, Fold};

/// The wall-clock format proposals are stored and shown in (Europe/London time).
pub const TIME_FORMAT: &str = "%Y-%m-%d %H:%M";

word_enum! {
    /// Where a proposal stands; the words are stored and typed.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum ProposalStatus {
        Proposed = "proposed",
        Confirmed = "confirmed",
        Held = "held",
        Cancelled = "cancelled",
    }
    parse ProposalStatusError;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{}\" is not a proposal status: give proposed, confirmed, held or cancelled", printable(.0))]
pub struct ProposalStatusError(pub String);

impl ProposalStatus {
    /// The checklist item that reaching this status completes: confirmed → 3.2, held → 4.6.
    pub fn completes_item(self) -> Option<&'static str> {
        match self {
            ProposalStatus::Confirmed => Some("3.2"),
            ProposalStatus::Held => Some("4.6"),
            ProposalStatus::Proposed | ProposalStatus::Cancelled => None,
        }
    }
}

/// A proposal about to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewProposal {
    pub constituency_code: String,
    pub title: String,
    pub kind: ProposalKind,
    pub place: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// A day or days with no hours: `start` is the first day at 00:00 and `end` the day after the
    /// last at 00:00 (see [`when::day_span`]).
    pub all_day: bool,
    /// Which of `start` and `end` is the second reading of a time the clocks show twice.
    pub fold: Fold,
    pub attendees: Option<u32>,
}

impl NewProposal {
    /// A timed proposal of `kind` for the seat `code` from `start` to `end`, with no title, place
    /// or head count.
    pub fn timed(code: &str, kind: ProposalKind, start: NaiveDateTime, end: NaiveDateTime) -> NewProposal {
        NewProposal {
            constituency_code: code.to_string(),
            title: String::new(),
            kind,
            place: String::new(),
            start,
            end,
            all_day: false,
            fold: Fold::default(),
            attendees: None,
        }
    }

    /// Refuses a title or place longer than its limit.
    pub fn check_lengths(&self) -> Result<(), TooLong> {
        check_all([(Field::ProposalTitle, self.title.as_str()), (Field::ProposalPlace, self.place.as_str())])
    }

    /// When it is, for people: see [`when::span_text`].
    pub fn when_text(&self) -> String {
        when::folded_span_text(self.start, self.end, self.all_day, self.fold)
    }
}

/// A stored proposal, with the seat and MP it is for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    pub id: i64,
    pub uuid: String,
    pub constituency_code: String,
    /// The seat's name and MP, shared with the engagement's other proposals when read together.
    pub constituency: Arc<str>,
    pub mp: Arc<str>,
    pub title: String,
    pub kind: ProposalKind,
    pub place: String,
    #[serde(serialize_with = "wall_clock")]
    pub start: NaiveDateTime,
    #[serde(serialize_with = "wall_clock")]
    pub end: NaiveDateTime,
    /// Days with no hours, as in [`NewProposal::all_day`].
    pub all_day: bool,
    /// As in [`NewProposal::fold`].
    #[serde(skip)]
    pub fold: Fold,
    pub attendees: Option<u32>,
    pub status: ProposalStatus,
    pub press: Press,
}

impl Proposal {
    /// "Visit with Hilary Benn", or the title when it has one.
    pub fn label(&self) -> String {
        label(&self.title, self.kind, &self.mp)
    }

    /// When it is, for people: see [`when::span_text`].
    pub fn when_text(&self) -> String {
        when::folded_span_text(self.start, self.end, self.all_day, self.fold)
    }

    /// Its hours on its day: "10:00–11:30", or "all day".
    pub fn hours_text(&self) -> String {
        when::hours_text(self.start, self.end, self.all_day)
    }

    /// When it starts, short: "Fri 27 Nov 10:00", or "Fri 27 Nov, all day".
    pub fn start_text(&self) -> String {
        when::start_text(self.start, self.all_day)
    }

    /// Whether a day lists it: the day it starts, or any of its days when it is all day.
    pub fn listed_on(&self, day: NaiveDate) -> bool {
        match self.all_day {
            true => {
                let (first, last) = when::days_of(self.start, self.end);
                first <= day && day <= last
            }
            false => self.start.date() == day,
        }
    }
}

impl From<&Proposal> for NewProposal {
    /// The fields of a stored proposal that are set when it is made or edited.
    fn from(p: &Proposal) -> NewProposal {
        NewProposal {
            constituency_code: p.constituency_code.clone(),
            title: p.title.clone(),
            kind: p.kind,
            place: p.place.clone(),
            start: p.start,
            end: p.end,
            all_day: p.all_day,
            fold: p.fold,
            attendees: p.attendees,
        }
    }
}

/// A proposal's name: its title, or when it has none its kind with the MP ("Visit with Hilary Benn").
pub fn label(title: &str, kind: ProposalKind, mp: &str) -> String {
    if !title.is_empty() {
        return title.to_string();
    }
    let kind = kind.as_str();
    let mut label = String::with_capacity(kind.len() + " with ".len() + mp.len());
    let mut chars = kind.chars();
    label.extend(chars.next().into_iter().flat_map(char::to_uppercase));
    label.push_str(chars.as_str());
    if !mp.is_empty() {
        label.push_str(" with ");
        label.push_str(mp);
    }
    label
}

fn wall_clock<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&t.format(TIME_FORMAT))
}

/// Which proposals to list. Dates are inclusive and refer to the proposal's start.
#[derive(Debug, Clone, Default)]
pub struct ProposalFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub constituency_code: Option<String>,
    pub status: Option<ProposalStatus>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_in_any_case_and_reject_others() {
        for s in ProposalStatus::ALL {
            assert_eq!(ProposalStatus::parse(&s.as_str().to_uppercase()), Ok(s));
        }
        let err = ProposalStatus::parse("maybe").unwrap_err();
        assert!(err.to_string().contains("proposed, confirmed, held or cancelled"));
    }

    #[test]
    fn confirming_and_holding_complete_checklist_items() {
        assert_eq!(ProposalStatus::Confirmed.completes_item(), Some("3.2"));
        assert_eq!(ProposalStatus::Held.completes_item(), Some("4.6"));
        assert_eq!(ProposalStatus::Cancelled.completes_item(), None);
    }
}
