//! Acting on one follow-up by its id, as `mpplan followup` does: finding it among those the rules
//! raise today, snoozing it, and marking it done (ticking the checklist item it serves, or
//! recording it done for its due date). Each returns what it replaced, so that it can be undone.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::compose::{ComposeError, settings};
use crate::domain::engagement::agenda::AHEAD_DAYS;
use crate::domain::engagement::checklist::{Entry, ItemState};
use crate::domain::engagement::followups::{FollowUp, follow_ups};
use crate::domain::engagement::marks::{DoneBy, FollowUpId, Standing, done_by};
use crate::store::Store;

/// The follow-up `id` as the rules raise it on `today` (listed, snoozed or marked done), or an
/// error naming the id: malformed, or not raised today.
pub fn raised(store: &Store, today: NaiveDate, id: &str) -> Result<FollowUp, ComposeError> {
    let wanted = FollowUpId::parse(id).map_err(|e| ComposeError::Invalid(e.to_string()))?.to_string();
    let ahead = today.checked_add_days(Days::new(AHEAD_DAYS.into())).unwrap_or(today);
    let (facts, _) = store.agenda_facts(today, ahead)?;
    let settings = settings(store)?;
    let found = facts.iter().filter(|f| *f.code == *id_code(&wanted)).flat_map(|f| follow_ups(f, today, &settings));
    found.into_iter().find(|f| f.id == wanted).ok_or_else(|| {
        ComposeError::Invalid(format!(
            "{} is not a follow-up raised today; `mpplan agenda --json` lists today's with their ids",
            crate::domain::text::printable(id)
        ))
    })
}

/// The seat code of a well-formed follow-up id.
fn id_code(id: &str) -> &str {
    id.split('.').nth(1).unwrap_or_default()
}

/// A follow-up snoozed (or its snooze ended): the day it was snoozed until before, and now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snoozed {
    pub follow_up: FollowUp,
    pub snoozed_until: Option<NaiveDate>,
    pub was_snoozed_until: Option<NaiveDate>,
}

/// Snoozes the follow-up `id` raised on `today` until `until` (already checked to be after today),
/// or (None) ends its snooze.
pub fn snooze(
    store: &mut Store,
    today: NaiveDate,
    id: &str,
    until: Option<NaiveDate>,
) -> Result<Snoozed, ComposeError> {
    let follow_up = raised(store, today, id)?;
    let was_snoozed_until = store.snooze_follow_up(&follow_up.id, until)?;
    Ok(Snoozed { follow_up, snoozed_until: until, was_snoozed_until })
}

/// A follow-up marked done: the checklist item ticked (as it was, and as it is now), and the due
/// date it was recorded done for (with the one it was marked done for before). Neither when it
/// was already done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkedDone {
    pub follow_up: FollowUp,
    pub ticked: Option<(Entry, Entry)>,
    pub recorded: Option<Recorded>,
}

/// A follow-up recorded done for its due date `done_for`; `was_done_for` is what undo puts back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Recorded {
    pub done_for: NaiveDate,
    pub was_done_for: Option<NaiveDate>,
}

/// Marks the follow-up `id` raised on `today` done, in one transaction. One that serves a checklist
/// item has the item ticked (as ticking it anywhere does); if the rule still raises it after that
/// (the press release rule looks at the proposal's press plan, not at item 4.5), or when it serves
/// none, it is recorded done for its due date, and comes back only when raised with another.
pub fn mark_done(store: &mut Store, today: NaiveDate, id: &str) -> Result<MarkedDone, ComposeError> {
    let follow_up = raised(store, today, id)?;
    if store.follow_up_marks()?.standing(&follow_up, today) == Standing::Done {
        return Ok(MarkedDone { follow_up, ticked: None, recorded: None });
    }
    let how = done_by(&follow_up).map_err(|e| ComposeError::Invalid(e.to_string()))?;
    let code = follow_up.code.clone();
    let outcome = store.all_or_nothing(|store| {
        let mut ticked = None;
        if let DoneBy::Ticking(key) = how {
            let before = store
                .checklist(&code)?
                .into_iter()
                .find(|e| e.key == key)
                .ok_or_else(|| crate::store::StoreError::Invalid(format!("{code} has no checklist item {key}")))?;
            let after = Entry { state: ItemState::Done, done_on: Some(today), ..before.clone() };
            store.set_checklist_entry(&code, &after)?;
            ticked = Some((before, after));
        }
        let still = match how {
            DoneBy::Recording(due) => Some(due),
            DoneBy::Ticking(_) => match raised(store, today, &follow_up.id) {
                Ok(again) => Some(again.due),
                Err(ComposeError::Invalid(_)) => None,
                Err(ComposeError::Store(e)) => return Err(e),
                Err(e) => return Err(crate::store::StoreError::Invalid(e.to_string())),
            },
        };
        let recorded = match still {
            Some(due) => {
                let was_done_for = store.mark_follow_up_done(&follow_up.id, Some(due))?;
                Some(Recorded { done_for: due, was_done_for })
            }
            None => None,
        };
        Ok((ticked, recorded))
    })?;
    Ok(MarkedDone { follow_up, ticked: outcome.0, recorded: outcome.1 })
}
