//! One-line forms opened from the daily review: a note on a seat's next step, and the day to put a
//! follow-up off until. Each is one field, filled in so that Enter alone does the usual thing.

use chrono::{Days, NaiveDate};

use super::parse::{self, problem};
use super::{FieldCheck, Focus, Reading};
use crate::domain::calendar::long_date;
use crate::domain::engagement::agenda::NextStep;
use crate::domain::engagement::checklist::{Entry, ItemState};
use crate::domain::engagement::followups::FollowUp;
use crate::domain::limits;
use crate::tui::text_input::TextInput;

/// How long a follow-up is put off unless another day is typed.
pub const SNOOZE_DAYS: u64 = 7;

/// What the one field is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Quick {
    /// The note on a seat's next step (an item still to do).
    Note { code: String, seat: String, key: &'static str, item: &'static str },
    /// The day a follow-up comes back.
    Snooze { id: String, what: String },
}

/// What the form says once read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuickValue {
    /// The seat's item with its note as it was, and as typed.
    Note { code: String, seat: String, before: Entry, after: Entry },
    /// The follow-up and the day it comes back.
    Snooze { id: String, what: String, until: NaiveDate },
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuickForm {
    pub purpose: Quick,
    pub input: TextInput,
    /// The text as the form opened, to tell "nothing changed".
    pub before: String,
}

impl QuickForm {
    /// The note of a next step, as it stands.
    pub fn note(step: &NextStep) -> QuickForm {
        let purpose =
            Quick::Note { code: step.code.to_string(), seat: step.seat.to_string(), key: step.key, item: step.item };
        QuickForm {
            purpose,
            input: TextInput::with_max(&step.note, limits::Field::ChecklistNote.limit()),
            before: step.note.clone(),
        }
    }

    /// Putting a follow-up off until `until` (already snoozed), else a week from `today`, or the
    /// day typed instead.
    pub fn snooze(follow_up: &FollowUp, until: Option<NaiveDate>, today: NaiveDate) -> QuickForm {
        let what = snoozed_what(follow_up);
        let until = until.unwrap_or_else(|| today.checked_add_days(Days::new(SNOOZE_DAYS)).unwrap_or(today));
        QuickForm {
            purpose: Quick::Snooze { id: follow_up.id.clone(), what },
            input: TextInput::new(&until.to_string()),
            before: String::new(),
        }
    }

    /// The popup's title.
    pub fn title(&self) -> String {
        match &self.purpose {
            Quick::Note { seat, key, .. } => format!(" Note on {key}: {seat} "),
            Quick::Snooze { what, .. } => format!(" Snooze: {what} "),
        }
    }

    /// Reads the field: its verdict and, when it is valid, what it says.
    pub fn check(&self, today: NaiveDate) -> Reading<QuickValue> {
        let result = match &self.purpose {
            Quick::Note { code, seat, key, .. } => {
                if self.input.typed_len() > limits::Field::ChecklistNote.limit() {
                    let field = limits::Field::ChecklistNote;
                    let too_long = limits::TooLong { field, chars: self.input.typed_len() };
                    Err(("too long".to_string(), format!("{too_long}; shorten it.")))
                } else {
                    let entry = |note: &str| Entry {
                        key: (*key).into(),
                        state: ItemState::Todo,
                        done_on: None,
                        note: note.trim().to_string(),
                    };
                    let (before, after) = (entry(&self.before), entry(self.input.text()));
                    Ok((String::new(), QuickValue::Note { code: code.clone(), seat: seat.clone(), before, after }))
                }
            }
            Quick::Snooze { id, what } => parse::date(self.input.text().trim(), today).and_then(|day| {
                if day <= today {
                    let why = format!("{} is not after today: choose a later day", long_date(day));
                    Err(problem("not after today", why))
                } else {
                    let value = QuickValue::Snooze { id: id.clone(), what: what.clone(), until: day };
                    Ok((format!("back on {}", long_date(day)), value))
                }
            }),
        };
        match result {
            Ok((note, value)) => Reading { fields: vec![FieldCheck { note, error: None }], value: Some(value) },
            Err(problem) => Reading { fields: vec![FieldCheck::from(Err(problem))], value: None },
        }
    }

    /// Whether the text is as the form opened (a note left as it was changes nothing).
    pub fn unchanged(&self) -> bool {
        matches!(self.purpose, Quick::Note { .. }) && self.input.text().trim() == self.before.trim()
    }
}

/// A follow-up as a snooze names it: "Brief everyone taking part (Leeds South)".
pub fn snoozed_what(follow_up: &FollowUp) -> String {
    format!("{} ({})", follow_up.title, follow_up.seat)
}

impl Focus for QuickForm {
    fn focused_mut(&mut self) -> &mut TextInput {
        &mut self.input
    }

    fn next(&mut self) {}

    fn prev(&mut self) {}

    fn focus_on(&mut self, _: usize) {}

    fn rows(&self) -> Vec<(&'static str, &TextInput)> {
        let label = match self.purpose {
            Quick::Note { .. } => "Note",
            Quick::Snooze { .. } => "Until",
        };
        vec![(label, &self.input)]
    }

    fn focus_index(&self) -> usize {
        0
    }

    fn hint(&self) -> &'static str {
        match self.purpose {
            Quick::Note { .. } => "What to remember about this step (empty removes the note)",
            Quick::Snooze { .. } => "The day it comes back: YYYY-MM-DD, tomorrow, a weekday (fri), +3d or +2w",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn step() -> NextStep {
        NextStep {
            id: "E14001323.2.4".into(),
            code: "E14001323".into(),
            seat: "Leeds South".into(),
            mp: "Hilary Benn".into(),
            key: "2.4",
            item: "Call to arrange a meeting",
            waiting_since: day("2026-11-01"),
            note: "Ask for Sam".into(),
        }
    }

    #[test]
    fn a_note_keeps_the_item_to_do_and_says_when_nothing_changed() {
        let mut form = QuickForm::note(&step());
        assert!(form.unchanged());
        form.input = TextInput::new("Ask for Sam, not Jo");
        assert!(!form.unchanged());
        let Some(QuickValue::Note { before, after, .. }) = form.check(day("2026-11-24")).value else {
            panic!("a note")
        };
        assert_eq!(before.note, "Ask for Sam");
        assert_eq!((&*after.key, after.state, after.note.as_str()), ("2.4", ItemState::Todo, "Ask for Sam, not Jo"));
    }
}
