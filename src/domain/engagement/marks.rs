//! Follow-ups as the user has marked them: snoozed until a day, or done for the day they were due;
//! and the ids that name follow-ups and next steps, so that a script can pass one back
//! (`mpplan followup snooze brief_everyone.E14001323.17`).
//!
//! Follow-ups are not stored, they are raised by the rules each day; a mark is stored under the
//! follow-up's id, and the agenda reads it when the rules raise that follow-up again.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use crate::domain::calendar::long_date;
use crate::domain::engagement::followups::FollowUp;
pub use crate::domain::engagement::followups::{BadFollowUpId, FollowUpId, rule_by_id};
use crate::domain::text::printable;

/// How long a follow-up is snoozed when no day is given: one week.
pub const SNOOZE_DAYS: u32 = 7;

/// The id of a seat's next checklist step: the seat's code and the item's key, `E14001323.2.4`.
/// (It starts with a seat's code, never with a rule's id, so it is never taken for a follow-up.)
pub fn next_step_id(code: &str, key: &str) -> String {
    let mut id = String::with_capacity(code.len() + 1 + key.len());
    id.push_str(code);
    id.push('.');
    id.push_str(key);
    id
}

/// The marks on one follow-up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FollowUpMark {
    /// Left out of the agenda's lists, and shown as snoozed, until this day (it is back on it).
    pub snoozed_until: Option<NaiveDate>,
    /// Done for the follow-up raised with this due date; raised again with another, it is back.
    pub done_for: Option<NaiveDate>,
}

impl FollowUpMark {
    pub fn is_empty(&self) -> bool {
        self.snoozed_until.is_none() && self.done_for.is_none()
    }
}

/// Where a follow-up stands on a day, given its marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Listed where its due date puts it.
    Open,
    /// Snoozed: listed only as coming back on this day.
    Snoozed(NaiveDate),
    /// Marked done for the due date it has: not listed.
    Done,
}

/// Every follow-up's marks, by follow-up id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowUpMarks {
    marks: BTreeMap<String, FollowUpMark>,
}

impl FollowUpMarks {
    /// Sets the marks of follow-up `id` (an empty mark removes them).
    pub fn set(&mut self, id: &str, mark: FollowUpMark) {
        if mark.is_empty() {
            self.marks.remove(id);
        } else {
            self.marks.insert(id.to_string(), mark);
        }
    }

    /// The marks of follow-up `id` (empty when it has none).
    pub fn get(&self, id: &str) -> FollowUpMark {
        self.marks.get(id).copied().unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    /// Every follow-up id with marks, in id order, and its marks.
    pub fn iter(&self) -> impl Iterator<Item = (&str, FollowUpMark)> {
        self.marks.iter().map(|(id, mark)| (id.as_str(), *mark))
    }

    /// Where `f` stands on `today`: done when marked done for the due date it has now; snoozed
    /// while its snooze ends after today; otherwise open.
    pub fn standing(&self, f: &FollowUp, today: NaiveDate) -> Standing {
        let mark = self.get(&f.id);
        match mark {
            FollowUpMark { done_for: Some(due), .. } if due == f.due => Standing::Done,
            FollowUpMark { snoozed_until: Some(until), .. } if until > today => Standing::Snoozed(until),
            _ => Standing::Open,
        }
    }
}

impl FromIterator<(String, FollowUpMark)> for FollowUpMarks {
    fn from_iter<I: IntoIterator<Item = (String, FollowUpMark)>>(iter: I) -> FollowUpMarks {
        let mut marks = FollowUpMarks::default();
        for (id, mark) in iter {
            marks.set(&id, mark);
        }
        marks
    }
}

/// A snooze that cannot be: the day is not after today.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a follow-up is snoozed until a day after today; {} is not", long_date(*.0))]
pub struct SnoozeInPast(pub NaiveDate);

/// The day a snooze ends: `until` when given (it must be after `today`), else a week from today.
pub fn snooze_until(until: Option<NaiveDate>, today: NaiveDate) -> Result<NaiveDate, SnoozeInPast> {
    match until {
        Some(day) if day <= today => Err(SnoozeInPast(day)),
        Some(day) => Ok(day),
        None => Ok(today.checked_add_days(Days::new(SNOOZE_DAYS.into())).unwrap_or(NaiveDate::MAX)),
    }
}

/// How marking a follow-up done is carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoneBy {
    /// Ticking the checklist item it serves ("4.2"): that is the same piece of work.
    Ticking(&'static str),
    /// Recording it done for its due date (this one).
    Recording(NaiveDate),
}

/// A follow-up that cannot be marked done, and what clears it instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{id} cannot be marked done: {what}")]
pub struct CannotMarkDone {
    pub id: String,
    pub what: String,
}

/// How to mark `f` done: tick the item it serves, or record it done for its due date. A follow-up
/// due on whatever day it is seen ([`Rule`](crate::domain::engagement::followups::Rule)'s `due_today`) has no due date to record; doing what it
/// asks (logging the contact) clears it.
pub fn done_by(f: &FollowUp) -> Result<DoneBy, CannotMarkDone> {
    if let Some(key) = f.step {
        return Ok(DoneBy::Ticking(key));
    }
    if rule_by_id(f.rule).is_some_and(|r| r.due_today) {
        return Err(CannotMarkDone {
            id: f.id.clone(),
            what: format!(
                "it is cleared by logging a contact with the new MP (`mpplan log {} --kind letter`); it can be snoozed",
                f.code
            ),
        });
    }
    Ok(DoneBy::Recording(f.due))
}

impl FollowUp {
    /// "Brief everyone taking part (Leeds South)", for messages.
    pub fn headline(&self) -> String {
        format!("{} ({})", self.title, printable(&self.seat))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::engagement::contact::{Direction, InteractionKind};
    use crate::domain::engagement::fixtures::{contact, d, history, proposal};
    use crate::domain::engagement::followups::{FollowUpSettings, RULES, follow_ups};
    use crate::domain::engagement::proposal::ProposalStatus;

    #[test]
    fn ids_are_written_and_read_back_for_every_rule() {
        for rule in RULES {
            let id = FollowUpId { rule: rule.id, code: "E14001323".into(), proposal: rule.per_proposal.then_some(17) };
            let text = id.to_string();
            assert_eq!(FollowUpId::parse(&text), Ok(id), "{text}");
        }
        let id = FollowUpId::parse("brief_everyone.E14001323.17").unwrap();
        assert_eq!((id.rule, id.code.as_str(), id.proposal), ("brief_everyone", "E14001323", Some(17)));
        assert_eq!(
            FollowUpId::parse("call_after_letter.e14001323").unwrap().to_string(),
            "call_after_letter.E14001323"
        );
    }

    #[test]
    fn a_malformed_id_says_what_is_wrong_with_it() {
        let why = |text: &str| FollowUpId::parse(text).unwrap_err().to_string();
        assert!(why("").contains("there is no follow-up rule \"\""), "{}", why(""));
        assert!(why("pigeon.E14001323").contains("no follow-up rule \"pigeon\""));
        assert!(why("call_after_letter").contains("a seat's code"));
        assert!(why("call_after_letter.").contains("a seat's code"));
        assert!(why("call_after_letter.E1400 1323").contains("a seat's code"));
        assert!(why("call_after_letter.E14001323.17").contains("about a seat, not a proposal"));
        assert!(why("brief_everyone.E14001323").contains("end with the proposal's number"));
        for bad in ["brief_everyone.E14001323.x", "brief_everyone.E14001323.0", "brief_everyone.E14001323.+5"] {
            assert!(why(bad).contains("a proposal's number"), "{bad}: {}", why(bad));
        }
        assert!(why("brief_everyone.E14001323.1.2").contains("more than three parts"));
        let err = why("pigeon\u{1b}[31m.E1");
        assert!(!err.contains('\u{1b}'), "control characters are escaped: {err}");
        assert!(err.starts_with("\"pigeon"), "{err}");
    }

    #[test]
    fn follow_ups_carry_their_ids_and_the_proposal_they_are_about() {
        let mut f = history();
        f.interactions.push(contact(InteractionKind::Letter, Direction::ToMp, "2026-11-14"));
        let mut visit = proposal("Ward visit", "2026-12-04 10:00", ProposalStatus::Confirmed);
        visit.id = 17;
        visit.attendees = Some(6);
        f.proposals.push(visit);
        let today = d("2026-11-24");
        let found = follow_ups(&f.on(today), today, &FollowUpSettings::default());
        let ids: Vec<(&str, Option<i64>)> = found.iter().map(|f| (f.id.as_str(), f.proposal)).collect();
        assert_eq!(
            ids,
            [
                ("call_after_letter.E14001323", None),
                ("brief_everyone.E14001323.17", Some(17)),
                ("keep_group_small.E14001323.17", Some(17)),
            ]
        );
        for f in &found {
            assert_eq!(FollowUpId::parse(&f.id).unwrap().to_string(), f.id);
        }
    }

    fn raised(today: &str) -> FollowUp {
        let mut f = history();
        f.interactions.push(contact(InteractionKind::Letter, Direction::ToMp, "2026-11-14"));
        follow_ups(&f.on(d(today)), d(today), &FollowUpSettings::default()).remove(0)
    }

    #[test]
    fn a_snooze_holds_until_its_day_and_done_holds_for_its_due_date_only() {
        let f = raised("2026-11-24");
        let mut marks = FollowUpMarks::default();
        assert_eq!(marks.standing(&f, d("2026-11-24")), Standing::Open);
        marks.set(&f.id, FollowUpMark { snoozed_until: Some(d("2026-12-01")), done_for: None });
        assert_eq!(marks.standing(&f, d("2026-11-30")), Standing::Snoozed(d("2026-12-01")));
        assert_eq!(marks.standing(&f, d("2026-12-01")), Standing::Open, "back on the day");
        marks.set(&f.id, FollowUpMark { snoozed_until: None, done_for: Some(f.due) });
        assert_eq!(marks.standing(&f, d("2026-11-24")), Standing::Done);
        let later = FollowUp { due: d("2026-12-05"), ..f.clone() };
        assert_eq!(marks.standing(&later, d("2026-11-30")), Standing::Open, "raised again, due later");
        marks.set(&f.id, FollowUpMark::default());
        assert!(marks.is_empty(), "an empty mark is no mark");
    }

    #[test]
    fn a_snooze_is_for_a_day_after_today_a_week_by_default() {
        let today = d("2026-11-24");
        assert_eq!(snooze_until(None, today), Ok(d("2026-12-01")));
        assert_eq!(snooze_until(Some(d("2026-11-25")), today), Ok(d("2026-11-25")));
        let err = snooze_until(Some(today), today).unwrap_err();
        assert_eq!(err.to_string(), "a follow-up is snoozed until a day after today; Tuesday 24 November 2026 is not");
        assert!(snooze_until(Some(d("2026-01-01")), today).is_err());
    }

    #[test]
    fn done_ticks_the_step_a_follow_up_serves_or_records_its_due_date() {
        let f = raised("2026-11-24");
        assert_eq!(done_by(&f), Ok(DoneBy::Ticking("2.4")));
        let quiet = FollowUp { rule: "back_in_touch", step: None, ..f.clone() };
        assert_eq!(done_by(&quiet), Ok(DoneBy::Recording(f.due)));
        let new_mp = FollowUp { rule: "introduce_to_new_mp", step: None, ..f };
        let err = done_by(&new_mp).unwrap_err().to_string();
        assert!(err.contains("logging a contact with the new MP"), "{err}");
        assert!(RULES.iter().filter(|r| r.due_today).all(|r| r.serves.is_none()), "nothing to tick instead");
    }

    #[test]
    fn next_step_ids_name_the_seat_then_the_item() {
        assert_eq!(next_step_id("E14001323", "2.4"), "E14001323.2.4");
        assert!(FollowUpId::parse(&next_step_id("E14001323", "2.4")).is_err(), "never taken for a follow-up");
    }
}
