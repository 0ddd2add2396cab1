//! Cache invalidation: which parts of what the screens show a change can make out of date, so that
//! the loop reads again only those. Pure: it looks at the change, never at the store.
//!
//! What each part is read from decides what touches it:
//! - the MP list: who is tracked and each seat's checklist progress;
//! - the MP detail: the open seat's card, checklist, proposals, contact log and engagement notes;
//! - the week: the proposals of the week shown;
//! - busy times: the start and end of every proposal not cancelled (for the proposal form);
//! - the agenda: engagements, checklists, contacts, proposals, notes and today's date.
//!
//! Writing a proposal or a contact starts tracking its seat if it was not tracked (proposing a
//! visit is engaging), so those touch the MP list too; taking one back does not stop tracking.

use std::ops::{BitAnd, BitOr};

use super::change::Change;

/// Parts of [`super::app::Data`] that may differ from the store after a change. The calendar is
/// not among them: only an import or another process changes it, and those reload everything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Touched {
    pub mps: bool,
    pub detail: bool,
    pub week: bool,
    pub busy: bool,
    pub agenda: bool,
}

impl Touched {
    pub const NOTHING: Touched = Touched { mps: false, detail: false, week: false, busy: false, agenda: false };
    pub const EVERYTHING: Touched = Touched { mps: true, detail: true, week: true, busy: true, agenda: true };
    /// What depends on today's date: the agenda, and the busy times (read from the day before
    /// today onwards).
    pub const NEW_DAY: Touched = Touched { agenda: true, busy: true, ..Touched::NOTHING };
    pub const MPS: Touched = Touched { mps: true, ..Touched::NOTHING };
    pub const DETAIL: Touched = Touched { detail: true, ..Touched::NOTHING };
    pub const WEEK: Touched = Touched { week: true, ..Touched::NOTHING };
    pub const BUSY: Touched = Touched { busy: true, ..Touched::NOTHING };
    pub const AGENDA: Touched = Touched { agenda: true, ..Touched::NOTHING };

    /// What `change` can touch once applied. Undo applies the inverse, which touches the same
    /// parts or fewer: a `Remove` does not stop tracking the seat that a `Restore` may start.
    pub fn of(change: &Change) -> Touched {
        // A seat's engagement: its tracking, checklist and progress.
        let seat = Touched::MPS | Touched::DETAIL | Touched::AGENDA;
        // A proposal's times (and with them the busy times) or only what is shown of it.
        let proposal = Touched::WEEK | Touched::DETAIL | Touched::AGENDA;
        match change {
            Change::Track { .. } | Change::Untrack { .. } | Change::SetEntry { .. } | Change::Mark { .. } => seat,
            // A status can tick an item, and a cancelled proposal leaves the busy times.
            Change::Status { .. } => proposal | seat | Touched::BUSY,
            Change::Snooze { .. } => Touched::AGENDA,
            Change::Propose { .. } | Change::Restore(_) | Change::Edit { .. } => {
                proposal | Touched::BUSY | Touched::MPS
            }
            Change::Remove(_) => proposal | Touched::BUSY,
            Change::SetPress { .. } => proposal,
            Change::Log { .. } | Change::Logged { .. } => seat,
            Change::Unlog { ticked: Some(_), .. } => seat,
            Change::Unlog { ticked: None, .. } | Change::Engagement { .. } => Touched::DETAIL | Touched::AGENDA,
            Change::Batch(changes) => changes.iter().map(Touched::of).fold(Touched::NOTHING, BitOr::bitor),

            Change::Drafted { .. } | Change::Undrafted { .. } => seat,
            // The organisation's details are shown on no screen; a site may track its seat.
            Change::Organisation { .. } => Touched::NOTHING,
            Change::AddSite { .. } | Change::SiteAdded { .. } | Change::SiteRemoved { .. } => seat,
        }
    }

    pub fn is_empty(self) -> bool {
        self == Touched::NOTHING
    }

    /// The parts in `self` that are not in `other`.
    pub fn without(self, other: Touched) -> Touched {
        Touched {
            mps: self.mps && !other.mps,
            detail: self.detail && !other.detail,
            week: self.week && !other.week,
            busy: self.busy && !other.busy,
            agenda: self.agenda && !other.agenda,
        }
    }
}

impl BitOr for Touched {
    type Output = Touched;

    fn bitor(self, other: Touched) -> Touched {
        Touched {
            mps: self.mps || other.mps,
            detail: self.detail || other.detail,
            week: self.week || other.week,
            busy: self.busy || other.busy,
            agenda: self.agenda || other.agenda,
        }
    }
}

impl BitAnd for Touched {
    type Output = Touched;

    fn bitand(self, other: Touched) -> Touched {
        Touched {
            mps: self.mps && other.mps,
            detail: self.detail && other.detail,
            week: self.week && other.week,
            busy: self.busy && other.busy,
            agenda: self.agenda && other.agenda,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::calendar::ProposalKind;
    use crate::domain::engagement::checklist::{Entry, ItemState};
    use crate::domain::engagement::contact::{Direction, Interaction, InteractionKind, NewInteraction};
    use crate::domain::engagement::press::{Press, PressPlan};
    use crate::domain::engagement::proposal::{NewProposal, Proposal, ProposalStatus};
    use crate::domain::views::EngagementInfo;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn entry(state: ItemState) -> Entry {
        Entry { key: "2.3".into(), state, done_on: None, note: String::new() }
    }

    fn new_proposal() -> NewProposal {
        let start = day().and_hms_opt(10, 0, 0).unwrap();
        NewProposal {
            constituency_code: "E14001323".into(),
            title: String::new(),
            kind: ProposalKind::Visit,
            place: String::new(),
            start,
            end: start + chrono::TimeDelta::hours(1),
            all_day: false,
            fold: Default::default(),
            attendees: None,
        }
    }

    fn proposal() -> Proposal {
        let new = new_proposal();
        Proposal {
            id: 1,
            uuid: "u".into(),
            constituency_code: new.constituency_code,
            constituency: "Leeds South".into(),
            mp: "Hilary Benn".into(),
            title: new.title,
            kind: new.kind,
            place: new.place,
            start: new.start,
            end: new.end,
            all_day: false,
            fold: Default::default(),
            attendees: None,
            status: ProposalStatus::Proposed,
            press: Press::default(),
        }
    }

    fn letter() -> Interaction {
        Interaction {
            id: 7,
            uuid: "u".into(),
            kind: InteractionKind::Letter,
            direction: Direction::ToMp,
            on: day(),
            summary: String::new(),
            mp_name: "Hilary Benn".into(),
        }
    }

    fn seat() -> (String, String) {
        ("E14001323".into(), "Leeds South".into())
    }

    fn parts(mps: bool, detail: bool, week: bool, busy: bool, agenda: bool) -> Touched {
        Touched { mps, detail, week, busy, agenda }
    }

    #[test]
    fn tracking_touches_the_list_the_detail_and_the_agenda() {
        let (code, seat) = seat();
        let expected = parts(true, true, false, false, true);
        assert_eq!(Touched::of(&Change::Track { code: code.clone(), seat: seat.clone() }), expected);
        assert_eq!(Touched::of(&Change::Untrack { code, seat }), expected);
    }

    #[test]
    fn a_checklist_tick_touches_the_progress_the_detail_and_the_agenda() {
        let (code, seat) = seat();
        let tick = Change::SetEntry { code, seat, before: entry(ItemState::Todo), after: entry(ItemState::Done) };
        assert_eq!(Touched::of(&tick), parts(true, true, false, false, true));
        assert_eq!(Touched::of(&tick.inverse()), Touched::of(&tick));
    }

    #[test]
    fn writing_a_proposal_touches_its_times_and_may_start_tracking() {
        let expected = parts(true, true, true, true, true);
        let propose =
            Change::Propose { new: new_proposal(), press: Press::default(), status: ProposalStatus::Proposed };
        assert_eq!(Touched::of(&propose), expected);
        assert_eq!(Touched::of(&Change::Restore(proposal())), expected);
        let edit = Change::Edit { id: 1, before: new_proposal(), after: new_proposal() };
        assert_eq!(Touched::of(&edit), expected);
        assert_eq!(Touched::of(&edit.inverse()), expected);
    }

    #[test]
    fn removing_a_proposal_frees_its_time_but_leaves_tracking_alone() {
        assert_eq!(Touched::of(&Change::Remove(proposal())), parts(false, true, true, true, true));
    }

    #[test]
    fn a_press_plan_changes_what_is_shown_of_a_proposal_but_not_its_time() {
        let agreed = Press { plan: PressPlan::Agreed, ..Default::default() };
        let set = Change::SetPress { id: 1, before: Press::default(), after: agreed };
        assert_eq!(Touched::of(&set), parts(false, true, true, false, true));
        assert_eq!(Touched::of(&set.inverse()), Touched::of(&set));
    }

    #[test]
    fn a_contact_touches_the_detail_the_agenda_and_the_list_when_it_can_tick_or_track() {
        let (code, seat) = seat();
        let new =
            NewInteraction { kind: InteractionKind::Letter, direction: Direction::ToMp, on: day(), summary: "".into() };
        let seat_parts = parts(true, true, false, false, true);
        assert_eq!(Touched::of(&Change::Log { code: code.clone(), seat: seat.clone(), new }), seat_parts);
        let ticked = Some((entry(ItemState::Todo), entry(ItemState::Done)));
        let logged = Change::Logged { code: code.clone(), seat: seat.clone(), interaction: letter(), ticked };
        assert_eq!(Touched::of(&logged), seat_parts);
        assert_eq!(Touched::of(&logged.inverse()), seat_parts, "undo puts the item back");
        let plain = Change::Logged { code, seat, interaction: letter(), ticked: None };
        assert_eq!(Touched::of(&plain), seat_parts, "logging again may track the seat again");
        assert_eq!(Touched::of(&plain.inverse()), parts(false, true, false, false, true));
    }

    #[test]
    fn engagement_notes_touch_the_detail_and_the_agenda() {
        let (code, seat) = seat();
        let notes = Change::Engagement {
            code,
            seat,
            before: EngagementInfo::default(),
            after: EngagementInfo { cadence_days: 30, ..Default::default() },
        };
        assert_eq!(Touched::of(&notes), parts(false, true, false, false, true));
        assert_eq!(Touched::of(&notes.inverse()), Touched::of(&notes));
    }

    #[test]
    fn a_batch_touches_what_any_of_its_changes_touch_and_an_empty_one_nothing() {
        let (code, seat) = seat();
        let agreed = Press { plan: PressPlan::Agreed, ..Default::default() };
        let batch = Change::Batch(vec![
            Change::SetPress { id: 1, before: Press::default(), after: agreed },
            Change::Track { code, seat },
        ]);
        assert_eq!(Touched::of(&batch), parts(true, true, true, false, true));
        assert_eq!(Touched::of(&batch.inverse()), Touched::of(&batch));
        assert_eq!(Touched::of(&Change::Batch(Vec::new())), Touched::NOTHING);
        assert!(Touched::of(&Change::Batch(Vec::new())).is_empty());
    }

    #[test]
    fn parts_combine_and_subtract() {
        assert_eq!(Touched::MPS | Touched::WEEK, parts(true, false, true, false, false));
        assert_eq!(Touched::EVERYTHING.without(Touched::NEW_DAY), parts(true, true, true, false, false));
        assert_eq!(Touched::NEW_DAY.without(Touched::EVERYTHING), Touched::NOTHING);
        assert_eq!(Touched::NEW_DAY & (Touched::BUSY | Touched::MPS), Touched::BUSY);
        assert_eq!(Touched::EVERYTHING & Touched::NOTHING, Touched::NOTHING);
    }
}
