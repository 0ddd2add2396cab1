//! Carrying out a [`Change`] against the store. Returns the change as it was applied (with what the
//! store assigned, and the state it replaced), which is what undo takes back. A change of several
//! steps is written in one transaction ([`Store::all_or_nothing`]): whole, or not at all.

use chrono::NaiveDate;

use super::change::{Change, proposal_named};
use crate::domain::engagement::checklist::{Entry, ItemState};
use crate::domain::views::EngagementUpdate;
use crate::domain::views::{OrganisationUpdate, TrackOutcome};
use crate::store::{Result, Store, StoreError};

pub fn apply(store: &mut Store, change: &Change, today: NaiveDate) -> Result<Change> {
    Ok(match change {
        Change::Track { code, .. } => {
            store.track(code, today)?;
            change.clone()
        }
        Change::Untrack { code, .. } => {
            store.untrack(code)?;
            change.clone()
        }
        Change::SetEntry { code, seat, before, after } => {
            // What is stored now is what undo must bring back, whatever the screen showed.
            let stored = store.checklist(code)?.into_iter().find(|e| e.key == after.key).unwrap_or(before.clone());
            store.set_checklist_entry(code, after)?;
            Change::SetEntry { code: code.clone(), seat: seat.clone(), before: stored, after: after.clone() }
        }
        // The proposal and its press plan in one transaction: both are stored, or neither.
        Change::Propose { new, press, status } => store.all_or_nothing(|store| {
            let proposed = store.add_proposal_with_press(new, press, today)?.0;
            let restore = Change::Restore(proposed.clone());
            if *status == proposed.status {
                return Ok(restore);
            }
            let set = Change::Status {
                id: proposed.id,
                code: proposed.constituency_code.clone(),
                what: proposal_named(&proposed),
                before: proposed.status,
                after: *status,
                ticked: None,
            };
            Ok(Change::Batch(vec![restore, apply(store, &set, today)?]))
        })?,
        Change::Restore(p) => {
            store.restore_proposal(p, today)?;
            change.clone()
        }
        Change::Remove(p) => Change::Remove(store.remove_proposal(p.id)?),
        Change::Edit { id, after, .. } => {
            store.update_proposal(*id, after, today)?;
            change.clone()
        }
        Change::SetPress { id, before, after } => {
            let stored = store.proposal(*id)?.map_or_else(|| before.clone(), |p| p.press);
            store.set_press(*id, after)?;
            Change::SetPress { id: *id, before: stored, after: after.clone() }
        }
        Change::Log { code, seat, new } => {
            let logged = store.log_interaction(code, new, today)?;
            Change::Logged {
                code: code.clone(),
                seat: seat.clone(),
                interaction: logged.interaction,
                ticked: logged.completed,
            }
        }
        Change::Logged { code, interaction, ticked, .. } => store.all_or_nothing(|store| {
            store.restore_interaction(code, interaction, today)?;
            if let Some((_, after)) = ticked {
                store.set_checklist_entry(code, after)?;
            }
            Ok(change.clone())
        })?,
        Change::Unlog { code, interaction, ticked, .. } => store.all_or_nothing(|store| {
            if let Some((before, _)) = ticked {
                store.set_checklist_entry(code, before)?;
            }
            store.remove_interaction(interaction.id)?;
            Ok(change.clone())
        })?,
        Change::Engagement { code, seat, after, .. } => {
            // What is stored now is what undo must bring back, whatever the screen showed.
            let before = store
                .engagement(code)?
                .ok_or_else(|| StoreError::Invalid(format!("{seat} has no engagement yet; track it first")))?;
            let update = EngagementUpdate {
                topics: Some(after.topics.clone()),
                cadence_days: Some(after.cadence_days),
                office_address: Some(after.office_address.clone()),
                background: Some(after.background.clone()),
                notes: Some(after.notes.clone()),
            };
            let after = store.update_engagement(code, &update, today)?;
            Change::Engagement { code: code.clone(), seat: seat.clone(), before, after }
        }
        Change::Mark { code, seat, key, state } => {
            let before =
                store.checklist(code)?.into_iter().find(|e| e.key == *key).ok_or_else(|| {
                    StoreError::Invalid(format!("{seat} has no checklist item {key}; track it first"))
                })?;
            let done_on = (*state == ItemState::Done).then_some(today);
            let after = Entry { state: *state, done_on, ..before.clone() };
            store.set_checklist_entry(code, &after)?;
            Change::SetEntry { code: code.clone(), seat: seat.clone(), before, after }
        }
        // The status and the item it ticks in one transaction.
        Change::Status { id, code, what, after, ticked, .. } => store.all_or_nothing(|store| {
            let before =
                store.proposal(*id)?.ok_or_else(|| StoreError::Invalid(format!("{what} is no longer there")))?;
            let item = |store: &Store, key: Option<&str>| -> Result<Option<Entry>> {
                let Some(key) = key else { return Ok(None) };
                Ok(store.checklist(code)?.into_iter().find(|e| e.key == key))
            };
            let key = after.completes_item();
            let was = item(store, key)?;
            store.set_proposal_status(*id, *after, today)?;
            let ticked = match ticked {
                Some((_, became)) => {
                    store.set_checklist_entry(code, became)?;
                    ticked.clone()
                }
                None => match (was, item(store, key)?) {
                    (Some(was), Some(now)) if was != now => Some((was, now)),
                    _ => None,
                },
            };
            Ok(Change::Status {
                id: *id,
                code: code.clone(),
                what: what.clone(),
                before: before.status,
                after: *after,
                ticked,
            })
        })?,
        Change::Snooze { id, what, after, .. } => {
            let before = store.snooze_follow_up(id, *after)?;
            Change::Snooze { id: id.clone(), what: what.clone(), before, after: *after }
        }
        // Every change of a batch in one transaction: all of them are stored, or none.
        Change::Batch(changes) => Change::Batch(
            store.all_or_nothing(|store| changes.iter().map(|c| apply(store, c, today)).collect::<Result<Vec<_>>>())?,
        ),

        Change::Drafted { path, code, seat, before, after } => {
            let set = Change::SetEntry {
                code: code.clone(),
                seat: seat.clone(),
                before: before.clone(),
                after: after.clone(),
            };
            let Change::SetEntry { before, after, .. } = apply(store, &set, today)? else {
                unreachable!("a tick stays a tick")
            };
            Change::Drafted { path: path.clone(), code: code.clone(), seat: seat.clone(), before, after }
        }
        Change::Undrafted { code, before, .. } => {
            store.set_checklist_entry(code, before)?;
            change.clone()
        }
        Change::Organisation { after, .. } => {
            // What is stored now is what undo must bring back, whatever the form showed.
            let before = store.organisation()?;
            let update = OrganisationUpdate {
                name: Some(after.name.clone()),
                address: Some(after.address.clone()),
                chief_executive: Some(after.chief_executive.clone()),
                chair: Some(after.chair.clone()),
            };
            let after = store.update_organisation(&update)?;
            Change::Organisation { before, after }
        }
        Change::AddSite { name, postcode } => {
            let added = crate::shared::org::add_site(store, name, postcode, today)?;
            Change::SiteAdded { site: added.site, tracked: added.tracked, ticked: added.ticked }
        }
        Change::SiteAdded { site, tracked, ticked } => store.all_or_nothing(|store| {
            store.restore_site(site)?;
            if let (Some(code), Some(TrackOutcome::Started | TrackOutcome::Resumed)) =
                (&site.constituency_code, tracked)
            {
                store.track(code, today)?;
            }
            if let (Some(code), Some((_, after))) = (&site.constituency_code, ticked) {
                store.set_checklist_entry(code, after)?;
            }
            Ok(change.clone())
        })?,
        Change::SiteRemoved { site, tracked, ticked } => store.all_or_nothing(|store| {
            if let (Some(code), Some((before, _))) = (&site.constituency_code, ticked) {
                store.set_checklist_entry(code, before)?;
            }
            if let (Some(code), Some(TrackOutcome::Started | TrackOutcome::Resumed)) =
                (&site.constituency_code, tracked)
            {
                store.untrack(code)?;
            }
            store.remove_site(&site.name)?;
            Ok(change.clone())
        })?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::ProposalKind;
    use crate::domain::engagement::checklist::{Entry, ItemState};
    use crate::domain::engagement::contact::{Direction, InteractionKind, NewInteraction};
    use crate::domain::engagement::press::{Press, PressPlan};
    use crate::domain::engagement::proposal::{NewProposal, ProposalStatus};
    use crate::domain::views::EngagementInfo;
    use crate::store::MpFilter;

    use crate::store::test_store as store;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    /// An hour's visit to Leeds South on Friday 8 January 2027.
    fn visit() -> NewProposal {
        NewProposal {
            constituency_code: "E14001323".into(),
            title: String::new(),
            kind: ProposalKind::Visit,
            place: String::new(),
            start: "2027-01-08T10:00:00".parse().unwrap(),
            end: "2027-01-08T11:00:00".parse().unwrap(),
            all_day: false,
            fold: Default::default(),
            attendees: None,
        }
    }

    fn tracked(store: &Store) -> usize {
        store.list_mps(&MpFilter { tracked_only: true, ..Default::default() }).unwrap().len()
    }

    #[test]
    fn every_change_is_undone_by_applying_its_inverse() {
        let mut s = store();
        let track =
            apply(&mut s, &Change::Track { code: "E14001323".into(), seat: "Leeds South".into() }, today()).unwrap();
        assert_eq!(tracked(&s), 1);

        let before = s.checklist("E14001323").unwrap()[2].clone();
        let after = Entry { state: ItemState::Done, done_on: Some(today()), note: "sent".into(), ..before.clone() };
        let set =
            Change::SetEntry { code: "E14001323".into(), seat: "Leeds South".into(), before: before.clone(), after };
        let set = apply(&mut s, &set, today()).unwrap();
        assert_eq!(s.checklist("E14001323").unwrap()[2].state, ItemState::Done);
        apply(&mut s, &set.inverse(), today()).unwrap();
        assert_eq!(s.checklist("E14001323").unwrap()[2], before);

        let new = visit();
        let proposed = apply(
            &mut s,
            &Change::Propose { new, press: Default::default(), status: ProposalStatus::Proposed },
            today(),
        )
        .unwrap();
        let Change::Restore(p) = &proposed else { panic!("{proposed:?}") };
        apply(&mut s, &proposed.inverse(), today()).unwrap();
        assert!(s.proposal(p.id).unwrap().is_none());
        apply(&mut s, &proposed, today()).unwrap();
        assert_eq!(s.proposal(p.id).unwrap().as_ref(), Some(p), "redo brings back the same proposal");

        apply(&mut s, &track.inverse(), today()).unwrap();
        assert_eq!(tracked(&s), 0);
    }

    fn leeds_south(s: &mut Store) {
        apply(s, &Change::Track { code: "E14001323".into(), seat: "Leeds South".into() }, today()).unwrap();
    }

    #[test]
    fn a_logged_letter_and_the_item_it_ticked_are_taken_back_and_put_back_exactly() {
        let mut s = store();
        leeds_south(&mut s);
        let checklist = s.checklist("E14001323").unwrap();
        let new = NewInteraction {
            kind: InteractionKind::Letter,
            direction: Direction::ToMp,
            on: today(),
            summary: "First letter".into(),
        };
        let log = Change::Log { code: "E14001323".into(), seat: "Leeds South".into(), new };
        let logged = apply(&mut s, &log, today()).unwrap();
        let Change::Logged { interaction, ticked: Some((before, after)), .. } = &logged else { panic!("{logged:?}") };
        assert_eq!((before.state, after.state, &*after.key), (ItemState::Todo, ItemState::Done, "2.3"));
        let ticked = s.checklist("E14001323").unwrap();
        assert_eq!(s.interactions("E14001323").unwrap(), std::slice::from_ref(interaction));

        apply(&mut s, &logged.inverse(), today()).unwrap();
        assert!(s.interactions("E14001323").unwrap().is_empty());
        assert_eq!(s.checklist("E14001323").unwrap(), checklist, "the checklist is as it was");

        apply(&mut s, &logged, today()).unwrap();
        assert_eq!(
            s.interactions("E14001323").unwrap(),
            std::slice::from_ref(interaction),
            "the same contact, same id"
        );
        assert_eq!(s.checklist("E14001323").unwrap(), ticked);
    }

    #[test]
    fn engagement_notes_are_saved_and_undone_exactly() {
        let mut s = store();
        leeds_south(&mut s);
        let before = s.engagement("E14001323").unwrap().unwrap();
        let after = EngagementInfo {
            topics: "Waiting lists; Discharge".into(),
            cadence_days: 30,
            office_address: "2 Blenheim Terrace, Leeds".into(),
            background: "Interested in mental health".into(),
            notes: "Met at the fete".into(),
            ..before.clone()
        };
        let change =
            Change::Engagement { code: "E14001323".into(), seat: "Leeds South".into(), before: before.clone(), after };
        let applied = apply(&mut s, &change, today()).unwrap();
        let stored = s.engagement("E14001323").unwrap().unwrap();
        assert_eq!((stored.cadence_days, stored.notes.as_str()), (30, "Met at the fete"));
        apply(&mut s, &applied.inverse(), today()).unwrap();
        assert_eq!(s.engagement("E14001323").unwrap().unwrap(), before);
        let untracked = Change::Engagement {
            code: "E14001063".into(),
            seat: "Bath".into(),
            before: EngagementInfo::default(),
            after: EngagementInfo { cadence_days: 30, ..Default::default() },
        };
        assert!(apply(&mut s, &untracked, today()).is_err(), "a seat never tracked has no notes to edit");
    }

    #[test]
    fn a_press_plan_is_stored_with_a_new_proposal_and_changed_and_undone_exactly() {
        let mut s = store();
        let press = Press { plan: PressPlan::Ask, quote_requested_on: Some(today()), ..Default::default() };
        let new = visit();
        let proposed =
            apply(&mut s, &Change::Propose { new, press: press.clone(), status: ProposalStatus::Proposed }, today())
                .unwrap();
        let Change::Restore(p) = &proposed else { panic!("{proposed:?}") };
        assert_eq!(s.proposal(p.id).unwrap().unwrap().press, press);
        assert_eq!(p.press, press);

        let agreed = Press { plan: PressPlan::Agreed, draft_shared_on: Some(today()), ..press.clone() };
        let set = Change::SetPress { id: p.id, before: Press::default(), after: agreed.clone() };
        let set = apply(&mut s, &set, today()).unwrap();
        assert_eq!(set, Change::SetPress { id: p.id, before: press.clone(), after: agreed }, "before as stored");
        apply(&mut s, &set.inverse(), today()).unwrap();
        assert_eq!(s.proposal(p.id).unwrap().as_ref(), Some(p));

        apply(&mut s, &proposed.inverse(), today()).unwrap();
        apply(&mut s, &proposed, today()).unwrap();
        assert_eq!(s.proposal(p.id).unwrap().as_ref(), Some(p), "redo brings the press plan back too");
    }

    #[test]
    fn a_failing_batch_leaves_nothing_behind() {
        let mut s = store();
        let bad_entry = Entry { key: "9.9".into(), state: ItemState::Done, done_on: None, note: String::new() };
        let batch = Change::Batch(vec![
            Change::Track { code: "E14001323".into(), seat: "Leeds South".into() },
            Change::SetEntry {
                code: "E14001323".into(),
                seat: "Leeds South".into(),
                before: bad_entry.clone(),
                after: bad_entry,
            },
        ]);
        assert!(apply(&mut s, &batch, today()).is_err());
        assert_eq!(tracked(&s), 0);
        assert_eq!(s.engagement("E14001323").unwrap(), None, "not even an untracked engagement is left");
    }

    fn item(s: &Store, key: &str) -> Entry {
        s.checklist("E14001323").unwrap().into_iter().find(|e| e.key == key).unwrap()
    }

    #[test]
    fn confirming_ticks_3_2_and_holding_4_6_and_undo_takes_the_status_and_the_tick_back() {
        let mut s = store();
        leeds_south(&mut s);
        let proposed = apply(&mut s, &propose(ProposalStatus::Proposed), today()).unwrap();
        let Change::Restore(p) = &proposed else { panic!("{proposed:?}") };
        let (todo_3_2, todo_4_6) = (item(&s, "3.2"), item(&s, "4.6"));
        let status = |before, after| Change::Status {
            id: p.id,
            code: "E14001323".into(),
            what: "the visit".into(),
            before,
            after,
            ticked: None,
        };
        let confirmed = apply(&mut s, &status(ProposalStatus::Proposed, ProposalStatus::Confirmed), today()).unwrap();
        let Change::Status { ticked: Some((was, became)), .. } = &confirmed else { panic!("{confirmed:?}") };
        assert_eq!((was, became.state, became.done_on), (&todo_3_2, ItemState::Done, Some(today())));
        assert_eq!(confirmed.describe(), "the visit: confirmed; checklist 3.2 ticked");
        let held = apply(&mut s, &status(ProposalStatus::Confirmed, ProposalStatus::Held), today()).unwrap();
        assert_eq!(item(&s, "4.6").state, ItemState::Done);

        apply(&mut s, &held.inverse(), today()).unwrap();
        assert_eq!((s.proposal(p.id).unwrap().unwrap().status, item(&s, "4.6")), (ProposalStatus::Confirmed, todo_4_6));
        assert_eq!(item(&s, "3.2").state, ItemState::Done, "undoing the held status leaves the confirmation");
        apply(&mut s, &confirmed.inverse(), today()).unwrap();
        assert_eq!(
            (s.proposal(p.id).unwrap().unwrap().status, item(&s, "3.2")),
            (ProposalStatus::Proposed, todo_3_2.clone())
        );
        apply(&mut s, &confirmed, today()).unwrap();
        assert_eq!(item(&s, "3.2"), *became, "redo ticks it again as it was ticked");

        // A status whose item is already settled ticks nothing, and its undo leaves the item alone.
        let cancelled = apply(&mut s, &status(ProposalStatus::Confirmed, ProposalStatus::Cancelled), today()).unwrap();
        assert!(matches!(cancelled, Change::Status { ticked: None, .. }));
        let again = apply(&mut s, &status(ProposalStatus::Cancelled, ProposalStatus::Confirmed), today()).unwrap();
        assert!(matches!(again, Change::Status { ticked: None, .. }), "3.2 was done already: {again:?}");
        apply(&mut s, &again.inverse(), today()).unwrap();
        assert_eq!(item(&s, "3.2"), *became);
    }

    fn propose(status: ProposalStatus) -> Change {
        Change::Propose { new: visit(), press: Press::default(), status }
    }

    #[test]
    fn a_new_proposal_confirmed_at_once_is_stored_and_undone_with_its_tick() {
        let mut s = store();
        leeds_south(&mut s);
        let todo = item(&s, "3.2");
        let applied = apply(&mut s, &propose(ProposalStatus::Confirmed), today()).unwrap();
        let Change::Batch(steps) = &applied else { panic!("{applied:?}") };
        let [Change::Restore(p), Change::Status { ticked: Some(_), .. }] = &steps[..] else { panic!("{steps:?}") };
        assert_eq!(s.proposal(p.id).unwrap().unwrap().status, ProposalStatus::Confirmed);
        assert_eq!(item(&s, "3.2").state, ItemState::Done);
        apply(&mut s, &applied.inverse(), today()).unwrap();
        assert_eq!((s.proposal(p.id).unwrap(), item(&s, "3.2")), (None, todo));
        apply(&mut s, &applied, today()).unwrap();
        assert_eq!(s.proposal(p.id).unwrap().unwrap().status, ProposalStatus::Confirmed, "redo: the same proposal");
    }

    #[test]
    fn marking_a_step_keeps_its_note_and_is_recorded_as_what_was_stored() {
        let mut s = store();
        leeds_south(&mut s);
        let noted = Entry { note: "Ask for Sam".into(), ..item(&s, "2.4") };
        s.set_checklist_entry("E14001323", &noted).unwrap();
        let mark =
            |state| Change::Mark { code: "E14001323".into(), seat: "Leeds South".into(), key: "2.4".into(), state };
        let ticked = apply(&mut s, &mark(ItemState::Done), today()).unwrap();
        let done = Entry { state: ItemState::Done, done_on: Some(today()), ..noted.clone() };
        assert_eq!(
            ticked,
            Change::SetEntry {
                code: "E14001323".into(),
                seat: "Leeds South".into(),
                before: noted.clone(),
                after: done.clone()
            }
        );
        assert_eq!(item(&s, "2.4"), done);
        apply(&mut s, &ticked.inverse(), today()).unwrap();
        assert_eq!(item(&s, "2.4"), noted);
        let skipped = apply(&mut s, &mark(ItemState::Skipped), today()).unwrap();
        assert!(
            matches!(&skipped, Change::SetEntry { after, .. } if after.state == ItemState::Skipped && after.done_on.is_none())
        );
        let unknown =
            Change::Mark { code: "E14001063".into(), seat: "Bath".into(), key: "2.4".into(), state: ItemState::Done };
        assert!(apply(&mut s, &unknown, today()).is_err(), "a seat never tracked has no checklist");
    }
}
