//! Changes the UI makes to the user's data, each with its inverse, so that every one can be undone
//! and redone. `update` asks for them; the loop applies them through the store.

use chrono::NaiveDate;

use crate::domain::engagement::checklist::{Entry, ItemState};
use crate::domain::engagement::contact::{Interaction, NewInteraction, contact_phrase};
use crate::domain::engagement::press::Press;
use crate::domain::engagement::proposal::{NewProposal, Proposal, ProposalStatus};
use crate::domain::views::EngagementInfo;
use crate::domain::views::{Organisation, Site, TrackOutcome};
use std::path::PathBuf;

/// A proposal as a status change names it: "Visit with Hilary Benn on Fri 27 Nov 10:00".
pub fn proposal_named(p: &Proposal) -> String {
    format!("{} on {}", p.label(), p.start_text())
}

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Track {
        code: String,
        seat: String,
    },
    Untrack {
        code: String,
        seat: String,
    },
    /// A checklist item from one state (with its date and note) to another.
    SetEntry {
        code: String,
        seat: String,
        before: Entry,
        after: Entry,
    },
    /// A new proposal with its press plan and status; once applied it is recorded as
    /// [`Change::Restore`] of what was stored (as proposed), followed, for another status, by the
    /// [`Change::Status`] that gave it that one.
    Propose {
        new: NewProposal,
        press: Press,
        status: ProposalStatus,
    },
    /// A proposal put back exactly (same id and UUID).
    Restore(Proposal),
    Remove(Proposal),
    Edit {
        id: i64,
        before: NewProposal,
        after: NewProposal,
    },
    /// A proposal's press plan and milestones, from one state to another.
    SetPress {
        id: i64,
        before: Press,
        after: Press,
    },
    /// A contact to log; once applied it is recorded as [`Change::Logged`].
    Log {
        code: String,
        seat: String,
        new: NewInteraction,
    },
    /// A contact as logged (same id and UUID when redone), with the checklist item it ticked: (as
    /// it was, as it became).
    Logged {
        code: String,
        seat: String,
        interaction: Interaction,
        ticked: Option<(Entry, Entry)>,
    },
    /// A logged contact taken back, and the item it ticked put back as it was.
    Unlog {
        code: String,
        seat: String,
        interaction: Interaction,
        ticked: Option<(Entry, Entry)>,
    },
    /// An engagement's own notes (topics, cadence, office address, background, notes).
    Engagement {
        code: String,
        seat: String,
        before: EngagementInfo,
        after: EngagementInfo,
    },
    /// A checklist item to be put in a state, keeping its note: ticked (on the day it is applied),
    /// skipped or to do again. Once applied it is recorded as [`Change::SetEntry`] of what was
    /// stored, so the screens that ask for it need not hold the item.
    Mark {
        code: String,
        seat: String,
        key: String,
        state: ItemState,
    },
    /// A proposal's status from one to another (`what` names it), with the checklist item the new
    /// status ticked (3.2 when confirmed, 4.6 when held): (as it was, as it became). Asked for
    /// with `ticked: None`; applied, it holds what the store did.
    Status {
        id: i64,
        code: String,
        what: String,
        before: ProposalStatus,
        after: ProposalStatus,
        ticked: Option<(Entry, Entry)>,
    },
    /// A follow-up (by its id; `what` names it) put off until a day, or back (`None`).
    Snooze {
        id: String,
        what: String,
        before: Option<NaiveDate>,
        after: Option<NaiveDate>,
    },
    /// Several changes made as one (and undone as one).
    Batch(Vec<Change>),

    // The paperwork and the organisation.
    /// A letter written to `path`, ticking 2.1 (first letter drafted): the item as it was and as it
    /// became. Undone, the item is put back as it was and the file is kept.
    Drafted {
        path: PathBuf,
        code: String,
        seat: String,
        before: Entry,
        after: Entry,
    },
    /// A drafted letter's tick taken back (item 2.1 put back to `before`); the file stays.
    Undrafted {
        path: PathBuf,
        code: String,
        seat: String,
        before: Entry,
        after: Entry,
    },
    /// The organisation's details (name, chief executive, chair, letterhead address).
    Organisation {
        before: Organisation,
        after: Organisation,
    },
    /// A site to add, whose postcode's seat is tracked; once applied it is recorded as
    /// [`Change::SiteAdded`].
    AddSite {
        name: String,
        postcode: String,
    },
    /// A site as stored, with what adding it did to its seat: how the seat came to be tracked and
    /// item 1.1 (as it was, as it became).
    SiteAdded {
        site: Site,
        tracked: Option<TrackOutcome>,
        ticked: Option<(Entry, Entry)>,
    },
    /// A site taken away, and what adding it did to its seat taken back with it.
    SiteRemoved {
        site: Site,
        tracked: Option<TrackOutcome>,
        ticked: Option<(Entry, Entry)>,
    },
}

impl Change {
    /// The change that takes this one back. Only meaningful for a change as applied (a `Propose`
    /// is recorded as a `Restore` first, a `Log` as a `Logged`).
    pub fn inverse(&self) -> Change {
        match self {
            Change::Track { code, seat } => Change::Untrack { code: code.clone(), seat: seat.clone() },
            Change::Untrack { code, seat } => Change::Track { code: code.clone(), seat: seat.clone() },
            Change::SetEntry { code, seat, before, after } => Change::SetEntry {
                code: code.clone(),
                seat: seat.clone(),
                before: after.clone(),
                after: before.clone(),
            },
            Change::Propose { .. } | Change::Log { .. } | Change::Mark { .. } => Change::Batch(Vec::new()),
            Change::Restore(p) => Change::Remove(p.clone()),
            Change::Remove(p) => Change::Restore(p.clone()),
            Change::Edit { id, before, after } => {
                Change::Edit { id: *id, before: after.clone(), after: before.clone() }
            }
            Change::SetPress { id, before, after } => {
                Change::SetPress { id: *id, before: after.clone(), after: before.clone() }
            }
            Change::Logged { code, seat, interaction, ticked } => Change::Unlog {
                code: code.clone(),
                seat: seat.clone(),
                interaction: interaction.clone(),
                ticked: ticked.clone(),
            },
            Change::Unlog { code, seat, interaction, ticked } => Change::Logged {
                code: code.clone(),
                seat: seat.clone(),
                interaction: interaction.clone(),
                ticked: ticked.clone(),
            },
            Change::Engagement { code, seat, before, after } => Change::Engagement {
                code: code.clone(),
                seat: seat.clone(),
                before: after.clone(),
                after: before.clone(),
            },
            Change::Status { id, code, what, before, after, ticked } => Change::Status {
                id: *id,
                code: code.clone(),
                what: what.clone(),
                before: *after,
                after: *before,
                ticked: ticked.as_ref().map(|(was, became)| (became.clone(), was.clone())),
            },
            Change::Snooze { id, what, before, after } => {
                Change::Snooze { id: id.clone(), what: what.clone(), before: *after, after: *before }
            }
            Change::Batch(changes) => Change::Batch(changes.iter().rev().map(Change::inverse).collect()),

            Change::Drafted { path, code, seat, before, after } => Change::Undrafted {
                path: path.clone(),
                code: code.clone(),
                seat: seat.clone(),
                before: before.clone(),
                after: after.clone(),
            },
            Change::Undrafted { path, code, seat, before, after } => Change::Drafted {
                path: path.clone(),
                code: code.clone(),
                seat: seat.clone(),
                before: before.clone(),
                after: after.clone(),
            },
            Change::Organisation { before, after } => {
                Change::Organisation { before: after.clone(), after: before.clone() }
            }
            Change::AddSite { .. } => Change::Batch(Vec::new()),
            Change::SiteAdded { site, tracked, ticked } => {
                Change::SiteRemoved { site: site.clone(), tracked: *tracked, ticked: ticked.clone() }
            }
            Change::SiteRemoved { site, tracked, ticked } => {
                Change::SiteAdded { site: site.clone(), tracked: *tracked, ticked: ticked.clone() }
            }
        }
    }

    /// What the status line says when this change, as the history holds it, is undone.
    pub fn undone(&self) -> String {
        match self {
            Change::Drafted { .. } => format!("Undone: {}", self.inverse().describe()),
            _ => format!("Undone: {}", self.describe()),
        }
    }

    /// What happened, for the status line: "Ticked 2.1 for Leeds South".
    pub fn describe(&self) -> String {
        match self {
            Change::Track { seat, .. } => format!("Tracking {seat}"),
            Change::Untrack { seat, .. } => format!("Stopped tracking {seat} (its history is kept)"),
            Change::SetEntry { seat, before, after, .. } => match (before.state, after.state) {
                (_, ItemState::Done) if before.state != ItemState::Done => format!("Ticked {} for {seat}", after.key),
                (ItemState::Done, ItemState::Todo) => format!("Unticked {} for {seat}", after.key),
                (_, ItemState::Skipped) if before.state != ItemState::Skipped => {
                    format!("Skipped {} for {seat}", after.key)
                }
                (ItemState::Skipped, ItemState::Todo) => format!("{} for {seat} is to do again", after.key),
                _ => format!("Note on {} for {seat} saved", after.key),
            },
            Change::Propose { new: p, .. } | Change::Edit { after: p, .. } => {
                format!("Saved the {} on {}", p.kind, crate::domain::when::start_text(p.start, p.all_day))
            }
            Change::Restore(p) => format!("Saved: {} on {}", p.label(), p.start_text()),
            Change::Remove(p) => format!("Deleted {} on {}", p.label(), p.start_text()),
            Change::SetPress { after, .. } => format!("Press plan saved: {}", after.summary()),
            Change::Log { seat, new, .. } => {
                format!("Logged {} {seat}", contact_phrase(new.kind, new.direction))
            }
            Change::Logged { seat, interaction: i, ticked, .. } => {
                let who = if i.mp_name.is_empty() { seat } else { &i.mp_name };
                let mut text = format!("Logged {} {who}", contact_phrase(i.kind, i.direction));
                if let Some((_, after)) = ticked.as_ref().filter(|(_, after)| after.state == ItemState::Done) {
                    text.push_str(&format!("; checklist {} ticked", after.key));
                }
                text
            }
            Change::Unlog { seat, interaction: i, ticked, .. } => {
                let mut text = format!("Removed the {} of {} for {seat}", i.kind.noun(), i.on.format("%-d %b %Y"));
                if let Some((before, _)) = ticked {
                    text.push_str(&format!("; checklist {} is as it was", before.key));
                }
                text
            }
            Change::Engagement { seat, .. } => format!("Saved the engagement notes for {seat}"),
            Change::Mark { seat, key, state, .. } => match state {
                ItemState::Done => format!("Ticked {key} for {seat}"),
                ItemState::Skipped => format!("Skipped {key} for {seat}"),
                ItemState::Todo => format!("{key} for {seat} is to do again"),
            },
            Change::Status { what, after, ticked, .. } => {
                let mut text = format!("{what}: {after}");
                match ticked {
                    Some((_, became)) if became.state == ItemState::Done => {
                        text.push_str(&format!("; checklist {} ticked", became.key));
                    }
                    Some((_, became)) => text.push_str(&format!("; checklist {} is as it was", became.key)),
                    None => {}
                }
                text
            }
            Change::Snooze { what, after: Some(day), .. } => {
                format!("Snoozed {what} until {}", day.format("%a %-d %b %Y"))
            }
            Change::Snooze { what, after: None, .. } => format!("{what} is back on the review"),
            Change::Batch(changes) => changes.iter().map(Change::describe).collect::<Vec<_>>().join("; "),

            Change::Drafted { path, seat, after, .. } => {
                format!("Letter written to {}; checklist {} ticked for {seat}", path.display(), after.key)
            }
            Change::Undrafted { path, seat, after, .. } => {
                format!("checklist {} unticked for {seat}; the letter stays in {}", after.key, path.display())
            }
            Change::Organisation { .. } => "Saved the organisation's details".to_string(),
            Change::AddSite { name, postcode } => format!("Added the site {name} ({postcode})"),
            Change::SiteAdded { site, tracked, ticked } => {
                let mut text = format!("Added the site {} ({})", site.name, site.postcode);
                if let (Some(seat), Some(tracked)) = (&site.constituency, tracked) {
                    text.push_str(&match tracked {
                        TrackOutcome::AlreadyTracked => format!(", in {seat}"),
                        _ => format!(", in {seat}: now tracked"),
                    });
                }
                if let Some((_, after)) = ticked {
                    text.push_str(&format!("; checklist {} ticked", after.key));
                }
                text
            }
            Change::SiteRemoved { site, tracked, ticked } => {
                let mut text = format!("Removed the site {} ({})", site.name, site.postcode);
                if let (Some(seat), Some(TrackOutcome::Started | TrackOutcome::Resumed)) = (&site.constituency, tracked)
                {
                    text.push_str(&format!("; stopped tracking {seat}"));
                }
                if let Some((before, _)) = ticked {
                    text.push_str(&format!("; checklist {} is as it was", before.key));
                }
                text
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::engagement::checklist::ItemState;
    use crate::domain::engagement::contact::{Direction, InteractionKind};

    fn entry(state: ItemState) -> Entry {
        Entry { key: "2.1".into(), state, done_on: None, note: String::new() }
    }

    #[test]
    fn the_inverse_of_the_inverse_is_the_change() {
        let set = Change::SetEntry {
            code: "E1".into(),
            seat: "Leeds South".into(),
            before: entry(ItemState::Todo),
            after: entry(ItemState::Done),
        };
        let batch = Change::Batch(vec![Change::Track { code: "E1".into(), seat: "Leeds South".into() }, set.clone()]);
        for change in [set, batch] {
            assert_eq!(change.inverse().inverse(), change);
        }
    }

    #[test]
    fn a_batch_is_undone_in_reverse_order() {
        let track = Change::Track { code: "E1".into(), seat: "S".into() };
        let untrack_other = Change::Untrack { code: "E2".into(), seat: "T".into() };
        let Change::Batch(undo) = Change::Batch(vec![track, untrack_other]).inverse() else { panic!() };
        assert!(matches!(&undo[0], Change::Track { code, .. } if code == "E2"));
        assert!(matches!(&undo[1], Change::Untrack { code, .. } if code == "E1"));
    }

    fn letter(on: &str) -> Interaction {
        Interaction {
            id: 7,
            uuid: "u".into(),
            kind: InteractionKind::Letter,
            direction: Direction::ToMp,
            on: on.parse().unwrap(),
            summary: String::new(),
            mp_name: "Hilary Benn".into(),
        }
    }

    #[test]
    fn a_logged_contact_is_undone_with_the_item_it_ticked_and_says_so() {
        let item = |state| Entry { key: "2.3".into(), ..entry(state) };
        let ticked = Some((item(ItemState::Todo), item(ItemState::Done)));
        let logged = Change::Logged {
            code: "E1".into(),
            seat: "Leeds South".into(),
            interaction: letter("2026-11-24"),
            ticked: ticked.clone(),
        };
        assert_eq!(logged.describe(), "Logged a letter to Hilary Benn; checklist 2.3 ticked");
        assert!(matches!(logged.inverse(), Change::Unlog { ticked: t, .. } if t == ticked));
        assert_eq!(logged.inverse().inverse(), logged);
        assert_eq!(
            logged.inverse().describe(),
            "Removed the letter of 24 Nov 2026 for Leeds South; checklist 2.3 is as it was"
        );
        let press = Interaction { kind: InteractionKind::Press, ..letter("2026-11-24") };
        let unlogged =
            Change::Logged { code: "E1".into(), seat: "Leeds South".into(), interaction: press, ticked: None };
        assert_eq!(unlogged.inverse().describe(), "Removed the press contact of 24 Nov 2026 for Leeds South");
        let untouched = Change::Logged {
            code: "E1".into(),
            seat: "Leeds South".into(),
            interaction: letter("2026-11-24"),
            ticked: None,
        };
        assert_eq!(untouched.describe(), "Logged a letter to Hilary Benn");
    }

    #[test]
    fn contacts_are_described_by_the_domain_rule() {
        let meeting = Interaction { kind: InteractionKind::Meeting, ..letter("2026-11-20") };
        let logged =
            Change::Logged { code: "E1".into(), seat: "Leeds South".into(), interaction: meeting, ticked: None };
        assert_eq!(logged.describe(), "Logged a meeting with Hilary Benn");
        let new = NewInteraction {
            kind: InteractionKind::Other,
            direction: Direction::FromMp,
            on: "2026-11-20".parse().unwrap(),
            summary: String::new(),
        };
        let log = Change::Log { code: "E1".into(), seat: "Leeds South".into(), new };
        assert_eq!(log.describe(), "Logged a contact from Leeds South");
    }

    #[test]
    fn press_and_engagement_changes_swap_before_and_after() {
        let agreed = Press { plan: crate::domain::engagement::press::PressPlan::Agreed, ..Default::default() };
        let set = Change::SetPress { id: 3, before: Press::default(), after: agreed.clone() };
        assert_eq!(set.inverse(), Change::SetPress { id: 3, before: agreed, after: Press::default() });
        assert_eq!(set.describe(), "Press plan saved: agreed");
        let notes = Change::Engagement {
            code: "E1".into(),
            seat: "Leeds South".into(),
            before: EngagementInfo::default(),
            after: EngagementInfo { cadence_days: 30, ..Default::default() },
        };
        assert_eq!(notes.inverse().inverse(), notes);
        assert_eq!(notes.describe(), "Saved the engagement notes for Leeds South");
    }

    #[test]
    fn descriptions_say_what_happened() {
        let set = Change::SetEntry {
            code: "E1".into(),
            seat: "Leeds South".into(),
            before: entry(ItemState::Todo),
            after: entry(ItemState::Done),
        };
        assert_eq!(set.describe(), "Ticked 2.1 for Leeds South");
        assert_eq!(set.inverse().describe(), "Unticked 2.1 for Leeds South");
    }
}
