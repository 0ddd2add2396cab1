//! Engagements to test with: Hilary Benn's seat tracked since 1 September 2026, with contacts,
//! proposals and checklist entries made to order.

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::calendar::ProposalKind;
use crate::domain::engagement::checklist::{Entry, ItemState, entry_key};
use crate::domain::engagement::contact::{Direction, Interaction, InteractionKind};
use crate::domain::engagement::facts::{ContactSummary, EngagementFacts, EngagementRecord};
use crate::domain::engagement::followups::ahead_days;
use crate::domain::engagement::press::Press;
use crate::domain::engagement::proposal::{Proposal, ProposalStatus};

pub(crate) fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A tracked engagement with Hilary Benn, begun on 1 September 2026, with nothing logged.
pub(crate) fn facts() -> EngagementFacts {
    EngagementFacts {
        code: "E14001323".into(),
        seat: "Leeds South".into(),
        mp: "Hilary Benn".into(),
        mp_id: Some(413),
        tracked: true,
        cadence_days: 90,
        started_on: d("2026-09-01"),
        mp_at_start: "Hilary Benn".into(),
        mp_id_at_start: Some(413),
        checklist: Vec::new(),
        contacts: ContactSummary::default(),
        last_held: None,
        proposals: Vec::new(),
    }
}

/// An engagement's facts with the contacts and proposals they are worked out from.
pub(crate) struct History {
    facts: EngagementFacts,
    pub interactions: Vec<Interaction>,
    pub proposals: Vec<Proposal>,
}

impl History {
    /// The facts as the rules see them on `today`.
    pub fn on(&self, today: NaiveDate) -> EngagementFacts {
        EngagementRecord::new(
            self.facts.clone(),
            self.interactions.clone(),
            self.proposals.clone(),
            today,
            ahead_days(),
        )
        .facts
    }
}

impl std::ops::Deref for History {
    type Target = EngagementFacts;
    fn deref(&self) -> &EngagementFacts {
        &self.facts
    }
}

impl std::ops::DerefMut for History {
    fn deref_mut(&mut self) -> &mut EngagementFacts {
        &mut self.facts
    }
}

/// [`facts`] with nothing logged or proposed yet.
pub(crate) fn history() -> History {
    History { facts: facts(), interactions: Vec::new(), proposals: Vec::new() }
}

pub(crate) fn contact(kind: InteractionKind, direction: Direction, on: &str) -> Interaction {
    let summary = format!("{kind} {}", direction.label());
    Interaction { id: 0, uuid: String::new(), kind, direction, on: d(on), summary, mp_name: "Hilary Benn".into() }
}

/// A one-hour visit to the Leeds South MP starting at `start` ("2026-11-27 10:00").
pub(crate) fn proposal(title: &str, start: &str, status: ProposalStatus) -> Proposal {
    let start = NaiveDateTime::parse_from_str(start, "%Y-%m-%d %H:%M").unwrap();
    Proposal {
        id: 1,
        uuid: String::new(),
        constituency_code: "E14001323".into(),
        constituency: "Leeds South".into(),
        mp: "Hilary Benn".into(),
        title: title.into(),
        kind: ProposalKind::Visit,
        place: "St James's".into(),
        start,
        end: start + chrono::TimeDelta::hours(1),
        all_day: false,
        fold: Default::default(),
        attendees: None,
        status,
        press: Press::default(),
    }
}

pub(crate) fn entry(key: &str, state: ItemState, done_on: Option<&str>) -> Entry {
    Entry { key: entry_key(key), state, done_on: done_on.map(d), note: String::new() }
}
