//! The facts of one engagement that the follow-up rules read on one day, and the whole history
//! they can be worked out from. The store reads the facts from summaries it keeps up to date on
//! every write (so that the agenda does not read years of history); exports and reports work from
//! [`EngagementRecord`], whose facts come from the history itself.

use std::sync::Arc;

use chrono::{Days, NaiveDate, NaiveDateTime};

use crate::domain::calendar::ProposalKind;
use crate::domain::engagement::checklist::Entry;
use crate::domain::engagement::contact::{Direction, Interaction, InteractionKind};
use crate::domain::engagement::proposal::{Proposal, ProposalStatus};
use crate::domain::mps::names::same_name;
use crate::domain::text::fold;

/// Everything the rules look at for one engagement (one seat the organisation works with) on one
/// day: its checklist, a summary of its contact log, its latest meeting held and its coming
/// proposals. The store reads it from a summary kept up to date on every write, so that the agenda
/// does not read years of history; [`EngagementRecord::new`] works it out from the whole history.
#[derive(Debug, Clone, PartialEq)]
pub struct EngagementFacts {
    /// The seat's code, name and MP are shared (`Arc<str>`) with the proposals, follow-ups and next
    /// steps made from these facts rather than copied into each: the agenda makes thousands.
    pub code: Arc<str>,
    pub seat: Arc<str>,
    /// The seat's MP now.
    pub mp: Arc<str>,
    pub mp_id: Option<i64>,
    pub tracked: bool,
    /// Get back in touch after this many days without contact; 0 turns the reminder off.
    pub cadence_days: u32,
    pub started_on: NaiveDate,
    /// The seat's MP when the engagement began.
    pub mp_at_start: String,
    pub mp_id_at_start: Option<i64>,
    pub checklist: Vec<Entry>,
    pub contacts: ContactSummary,
    /// The latest proposal held that started by the day the facts are for.
    pub last_held: Option<Held>,
    /// The proposals starting from that day to the rules' `ahead_days` ahead, in order of their start.
    pub proposals: Vec<Proposal>,
}

/// What the rules read from an engagement's contact log: the day of the latest contact of each
/// kind they ask about (contacts dated in the future count too).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactSummary {
    pub last_letter_to_mp: Option<NaiveDate>,
    /// The latest call, either way.
    pub last_call: Option<NaiveDate>,
    /// The latest contact sent to the MP other than a meeting itself (a meeting, visit, event or
    /// surgery): a thank-you after a meeting.
    pub last_sent: Option<NaiveDate>,
    pub last_contact: Option<NaiveDate>,
    /// When the seat has changed hands since the engagement began: whether a contact is logged
    /// with the new MP. False when it has not changed hands.
    pub new_mp_contacted: bool,
}

impl ContactSummary {
    /// The summary of the contact log `log` of the engagement `facts` describes.
    pub fn of(facts: &EngagementFacts, log: &[Interaction]) -> ContactSummary {
        let latest = |keep: &dyn Fn(&Interaction) -> bool| log.iter().filter(|i| keep(i)).map(|i| i.on).max();
        ContactSummary {
            last_letter_to_mp: latest(&|i| i.kind == InteractionKind::Letter && i.direction == Direction::ToMp),
            last_call: latest(&|i| i.kind == InteractionKind::Call),
            last_sent: latest(&|i| i.direction == Direction::ToMp && !i.kind.is_meeting()),
            last_contact: latest(&|_| true),
            new_mp_contacted: facts.new_mp_contacted(log.iter().map(|i| i.mp_name.as_str())),
        }
    }
}

/// A proposal held: when it started and what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub start: NaiveDateTime,
    pub title: String,
    pub kind: ProposalKind,
}

impl EngagementFacts {
    /// Whether the seat has changed hands since the engagement began: by member id when both are
    /// known, otherwise by name (with or without a title: names were once stored with one).
    pub fn seat_changed(&self) -> bool {
        match (self.mp_id, self.mp_id_at_start) {
            (Some(now), Some(then)) => now != then,
            _ => !same_name(&self.mp, &self.mp_at_start),
        }
    }

    /// Whether, the seat having changed hands, one of `names` (those contacts were logged with) is
    /// the new MP's.
    pub fn new_mp_contacted<'a>(&self, mut names: impl Iterator<Item = &'a str>) -> bool {
        self.seat_changed() && !fold(&self.mp).is_empty() && names.any(|name| same_name(name, &self.mp))
    }
}

/// One engagement's whole history, and the facts the rules read from it on one day: what exports
/// and reports work from.
#[derive(Debug, Clone, PartialEq)]
pub struct EngagementRecord {
    pub facts: EngagementFacts,
    /// Every contact logged, oldest first.
    pub interactions: Vec<Interaction>,
    /// Every proposal, in order of their start.
    pub proposals: Vec<Proposal>,
}

impl EngagementRecord {
    /// The record of the engagement `facts` describes (its summary fields are worked out here), with
    /// its whole contact log and proposals, as of `today`; the rules look `ahead_days` ahead (the
    /// follow-up rules' [`ahead_days`](crate::domain::engagement::followups::ahead_days)).
    pub fn new(
        mut facts: EngagementFacts,
        interactions: Vec<Interaction>,
        proposals: Vec<Proposal>,
        today: NaiveDate,
        ahead_days: u32,
    ) -> EngagementRecord {
        facts.contacts = ContactSummary::of(&facts, &interactions);
        let held = proposals.iter().filter(|p| p.status == ProposalStatus::Held && p.start.date() <= today);
        facts.last_held = held.max_by_key(|p| p.start).map(Held::of);
        facts.proposals = proposals.iter().filter(|p| in_rules_window(p, today, ahead_days)).cloned().collect();
        EngagementRecord { facts, interactions, proposals }
    }
}

impl Held {
    /// What `p` was and when it started.
    pub fn of(p: &Proposal) -> Held {
        Held { start: p.start, title: p.title.clone(), kind: p.kind }
    }
}

/// Whether `p` starts from `today` to `ahead_days` ahead: the proposals the rules look at.
pub fn in_rules_window(p: &Proposal, today: NaiveDate, ahead_days: u32) -> bool {
    let last = today.checked_add_days(Days::new(ahead_days.into())).unwrap_or(NaiveDate::MAX);
    (today..=last).contains(&p.start.date())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::engagement::fixtures::{contact, d, history, proposal};
    use crate::domain::engagement::followups::ahead_days;

    #[test]
    fn the_contact_summary_keeps_the_latest_of_each_kind_the_rules_ask_about() {
        let mut f = history();
        f.interactions = vec![
            contact(InteractionKind::Letter, Direction::ToMp, "2026-10-01"),
            contact(InteractionKind::Letter, Direction::FromMp, "2026-10-20"),
            contact(InteractionKind::Call, Direction::FromMp, "2026-10-05"),
            contact(InteractionKind::Meeting, Direction::ToMp, "2026-11-02"),
            contact(InteractionKind::Email, Direction::ToMp, "2026-10-10"),
            contact(InteractionKind::Press, Direction::FromMp, "2027-01-01"),
        ];
        let summary = f.on(d("2026-11-24")).contacts;
        assert_eq!(summary.last_letter_to_mp, Some(d("2026-10-01")), "the MP's own letter is not one to the MP");
        assert_eq!(summary.last_call, Some(d("2026-10-05")), "a call either way");
        assert_eq!(summary.last_sent, Some(d("2026-10-10")), "a meeting is not something sent");
        assert_eq!(summary.last_contact, Some(d("2027-01-01")), "contacts dated ahead count");
        assert!(!summary.new_mp_contacted, "the seat has not changed hands");
        assert_eq!(history().on(d("2026-11-24")).contacts, ContactSummary::default());
    }

    #[test]
    fn the_latest_meeting_held_is_the_latest_by_the_day_and_coming_proposals_are_the_rules_window() {
        let mut f = history();
        f.proposals = vec![
            proposal("First", "2026-10-01 10:00", ProposalStatus::Held),
            proposal("Second", "2026-11-20 10:00", ProposalStatus::Held),
            proposal("Cancelled", "2026-11-21 10:00", ProposalStatus::Cancelled),
            proposal("Soon", "2026-12-08 10:00", ProposalStatus::Proposed),
            proposal("Later", "2026-12-09 10:00", ProposalStatus::Proposed),
        ];
        let held = |day: &str| f.on(d(day)).last_held.map(|h| h.title);
        assert_eq!(held("2026-09-30"), None);
        assert_eq!(held("2026-11-19").as_deref(), Some("First"));
        assert_eq!(held("2026-11-24").as_deref(), Some("Second"));
        let coming: Vec<String> = f.on(d("2026-11-24")).proposals.into_iter().map(|p| p.title).collect();
        assert_eq!(coming, ["Soon"], "from today to {} days ahead", ahead_days());
    }

    #[test]
    fn a_contact_with_the_new_mp_is_recognised_by_name_once_the_seat_changes_hands() {
        let mut f = history();
        f.interactions.push(contact(InteractionKind::Letter, Direction::ToMp, "2026-11-20"));
        f.interactions[0].mp_name = " jane doe ".into();
        assert!(!f.on(d("2026-11-24")).contacts.new_mp_contacted, "still Hilary Benn's seat");
        f.mp = "Jane Doe".into();
        f.mp_id = Some(5000);
        assert!(f.seat_changed());
        assert!(f.on(d("2026-11-24")).contacts.new_mp_contacted);
        f.interactions[0].mp_name = "Hilary Benn".into();
        assert!(!f.on(d("2026-11-24")).contacts.new_mp_contacted);
    }

    #[test]
    fn a_name_logged_with_its_title_is_the_same_person() {
        let mut f = history();
        f.interactions.push(contact(InteractionKind::Letter, Direction::ToMp, "2026-11-20"));
        f.interactions[0].mp_name = "Dr Jane Doe".into();
        f.mp = "Jane Doe".into();
        f.mp_id = Some(5000);
        assert!(f.on(d("2026-11-24")).contacts.new_mp_contacted);
        // With no member ids, a title alone is not a change of MP.
        f.mp_id = None;
        f.mp_id_at_start = None;
        f.mp_at_start = "Ms Jane Doe".into();
        assert!(!f.seat_changed());
        f.mp_at_start = "Hilary Benn".into();
        assert!(f.seat_changed());
    }
}
