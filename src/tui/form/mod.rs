//! The forms that open as a popup: a proposal, a contact to log, an engagement's own notes, the
//! organisation. A form
//! holds only what was typed; each form's `check` reads it (against the app's data where needed)
//! every time, so field errors and live notes are never stale. What every form shares lives here:
//! the fields in Tab order, the typed inputs with the focus, and each field's verdict.

pub mod contact;
pub mod engagement;
pub mod organisation;
mod parse;
pub mod proposal;
pub mod quick;

pub use contact::{LogField, LogForm};
pub use engagement::{EngagementForm, InfoField};
pub use organisation::{OrgEdit, OrgField, OrgForm};
pub use parse::{length_text, one_line};
pub use proposal::{Checked, Field, FormContext, PAST, ProposalForm};
pub use quick::{Quick, QuickForm, QuickValue};

use super::text_input::{MAX_CHARS, TextInput};
use crate::domain::limits;

/// A form's fields, in the order Tab visits them.
pub trait Fields: Copy + PartialEq + std::fmt::Debug + 'static {
    const ALL: &'static [Self];

    fn label(self) -> &'static str;

    /// What to type, shown while the field has the focus.
    fn hint(self) -> &'static str;

    /// The stored field the text goes into, whose limit the input holds (None: a date, a number,
    /// a word, which their own readers check).
    fn stored(self) -> Option<limits::Field> {
        None
    }

    /// The values a field with a fixed set of them takes, in the order ←/→ go through them; empty
    /// for a field that is typed.
    fn choices(self) -> Vec<String> {
        Vec::new()
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    /// The next field, wrapping round.
    fn next(self) -> Self {
        Self::ALL[(self.index() + 1) % Self::ALL.len()]
    }

    /// The previous field, wrapping round.
    fn prev(self) -> Self {
        Self::ALL[(self.index() + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

/// What was typed into each field of a form, and which field has the focus.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs<F: Fields> {
    inputs: Vec<TextInput>,
    pub focus: F,
}

impl<F: Fields> Inputs<F> {
    /// The fields filled with `texts`, in `F::ALL` order (missing ones empty).
    pub fn new(texts: &[&str], focus: F) -> Inputs<F> {
        let inputs = F::ALL
            .iter()
            .enumerate()
            .map(|(i, field)| {
                let max = field.stored().map_or(MAX_CHARS, limits::Field::limit);
                TextInput::with_max(texts.get(i).copied().unwrap_or(""), max)
            })
            .collect();
        Inputs { inputs, focus }
    }

    pub fn input(&self, field: F) -> &TextInput {
        &self.inputs[field.index()]
    }

    pub fn input_mut(&mut self, field: F) -> &mut TextInput {
        &mut self.inputs[field.index()]
    }

    /// The field's text without surrounding spaces.
    pub fn text(&self, field: F) -> &str {
        self.input(field).text().trim()
    }

    /// The field's text, or the problem when more was typed than the field holds: the same check
    /// and message as the command line and the imports.
    pub fn within_limit(&self, field: F) -> Result<&str, Problem> {
        let input = self.input(field);
        match field.stored() {
            Some(stored) if input.typed_len() > stored.limit() => {
                let too_long = limits::TooLong { field: stored, chars: input.typed_len() };
                Err(("too long".to_string(), format!("{}: shorten it.", sentence(&too_long.to_string()))))
            }
            _ => Ok(self.text(field)),
        }
    }
}

/// `text` with a capital first letter.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A form's inputs without knowing its fields: what `update` and the popup need from any form.
pub trait Focus {
    fn focused_mut(&mut self) -> &mut TextInput;
    fn next(&mut self);
    fn prev(&mut self);
    /// Moves the focus to the field at `index` (in Tab order).
    fn focus_on(&mut self, index: usize);
    /// Each field's label and input, in Tab order.
    fn rows(&self) -> Vec<(&'static str, &TextInput)>;
    fn focus_index(&self) -> usize;
    fn hint(&self) -> &'static str;
    /// The focused field's choices; empty when it is typed.
    fn choices(&self) -> Vec<String> {
        Vec::new()
    }

    /// Whether the field at `index` (in Tab order) is a choice.
    fn is_choice(&self, _index: usize) -> bool {
        false
    }

    /// Moves the focused choice `step` values on (back when negative), wrapping round.
    fn cycle(&mut self, step: isize) {
        let choices = self.choices();
        if let Some(next) = cycled(&choices, self.focused_mut().text(), step) {
            *self.focused_mut() = TextInput::new(next);
        }
    }

    /// Moves the focused choice to the next value that starts with `letter`, if any does.
    fn jump(&mut self, letter: char) -> bool {
        let choices = self.choices();
        match jumped(&choices, self.focused_mut().text(), letter) {
            Some(next) => {
                *self.focused_mut() = TextInput::new(next);
                true
            }
            None => false,
        }
    }
}

/// Where `current` stands among `choices` (ignoring case and surrounding spaces).
fn position(choices: &[String], current: &str) -> Option<usize> {
    choices.iter().position(|c| c.eq_ignore_ascii_case(current.trim()))
}

/// The choice `step` on from `current`, wrapping round; from the first when `current` is none of them.
fn cycled<'a>(choices: &'a [String], current: &str, step: isize) -> Option<&'a str> {
    let n = isize::try_from(choices.len()).ok().filter(|n| *n > 0)?;
    let at = match position(choices, current) {
        Some(i) => isize::try_from(i).unwrap_or(0).saturating_add(step).rem_euclid(n),
        None => 0,
    };
    choices.get(usize::try_from(at).unwrap_or(0)).map(String::as_str)
}

/// The first choice after `current` (wrapping round) that starts with `letter`, ignoring case.
fn jumped<'a>(choices: &'a [String], current: &str, letter: char) -> Option<&'a str> {
    let start = position(choices, current).map_or(0, |i| i + 1);
    let starts = |c: &&String| c.chars().next().is_some_and(|f| f.to_lowercase().eq(letter.to_lowercase()));
    choices.iter().cycle().skip(start).take(choices.len()).find(starts).map(String::as_str)
}

impl<F: Fields> Focus for Inputs<F> {
    fn focused_mut(&mut self) -> &mut TextInput {
        self.input_mut(self.focus)
    }

    fn next(&mut self) {
        self.focus = self.focus.next();
    }

    fn prev(&mut self) {
        self.focus = self.focus.prev();
    }

    fn focus_on(&mut self, index: usize) {
        if let Some(&field) = F::ALL.get(index) {
            self.focus = field;
        }
    }

    fn rows(&self) -> Vec<(&'static str, &TextInput)> {
        F::ALL.iter().map(|&f| (f.label(), self.input(f))).collect()
    }

    fn focus_index(&self) -> usize {
        self.focus.index()
    }

    fn hint(&self) -> &'static str {
        self.focus.hint()
    }

    fn choices(&self) -> Vec<String> {
        self.focus.choices()
    }

    fn is_choice(&self, index: usize) -> bool {
        F::ALL.get(index).is_some_and(|f| !f.choices().is_empty())
    }
}

/// One field's verdict: a note to show beside it, and the full problem when it is not valid (the
/// note is then a short form of the problem).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldCheck {
    pub note: String,
    pub error: Option<String>,
}

/// A field's problem: a short form to show beside it and the full explanation.
pub type Problem = (String, String);

impl From<Result<String, Problem>> for FieldCheck {
    fn from(result: Result<String, Problem>) -> FieldCheck {
        match result {
            Ok(note) => FieldCheck { note, error: None },
            Err((short, full)) => FieldCheck { note: short, error: Some(full) },
        }
    }
}

/// A form read: each field's verdict in Tab order and, when every field is valid, what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading<T> {
    pub fields: Vec<FieldCheck>,
    pub value: Option<T>,
}

impl<T> Reading<T> {
    /// What the form says, or every field's verdict when some field is not valid.
    pub fn into_result(self) -> Result<T, Vec<FieldCheck>> {
        self.value.ok_or(self.fields)
    }
}

/// The index of the first field, in Tab order, that is not valid.
pub fn first_problem(fields: &[FieldCheck]) -> Option<usize> {
    fields.iter().position(|f| f.error.is_some())
}

/// Whichever form is open.
#[derive(Debug, Clone, PartialEq)]
pub enum Form {
    Proposal(Box<ProposalForm>),
    Log(LogForm),
    Engagement(EngagementForm),
    /// One line, opened from the daily review: a note, a day to snooze until.
    Quick(QuickForm),
    Organisation(OrgForm),
}

impl Form {
    pub fn inputs(&self) -> &dyn Focus {
        match self {
            Form::Proposal(f) => &f.inputs,
            Form::Log(f) => &f.inputs,
            Form::Engagement(f) => &f.inputs,
            Form::Quick(f) => f,
            Form::Organisation(f) => &f.inputs,
        }
    }

    pub fn inputs_mut(&mut self) -> &mut dyn Focus {
        match self {
            Form::Proposal(f) => &mut f.inputs,
            Form::Log(f) => &mut f.inputs,
            Form::Engagement(f) => &mut f.inputs,
            Form::Quick(f) => f,
            Form::Organisation(f) => &mut f.inputs,
        }
    }

    /// The popup's title: " New proposal ", " Log a contact: Leeds South ".
    pub fn title(&self) -> String {
        match self {
            Form::Proposal(f) if f.editing.is_some() => " Edit proposal ".into(),
            Form::Proposal(_) => " New proposal ".into(),
            Form::Log(f) => format!(" Log a contact: {} ", f.seat),
            Form::Engagement(f) => format!(" Engagement: {} ", f.seat),
            Form::Quick(f) => f.title(),
            Form::Organisation(_) => " Your organisation ".into(),
        }
    }

    /// Each field's verdict, in Tab order.
    pub fn checks(&self, ctx: &FormContext) -> Vec<FieldCheck> {
        match self {
            Form::Proposal(f) => f.check(ctx).fields.to_vec(),
            Form::Log(f) => f.check(ctx).fields,
            Form::Engagement(f) => f.check().fields,
            Form::Quick(f) => f.check(ctx.today).fields,
            Form::Organisation(f) => f.check().fields,
        }
    }

    /// The proposal form, when that is the one open.
    pub fn proposal(&self) -> Option<&ProposalForm> {
        match self {
            Form::Proposal(f) => Some(f),
            _ => None,
        }
    }
}

impl From<ProposalForm> for Form {
    fn from(form: ProposalForm) -> Form {
        Form::Proposal(Box::new(form))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn choices_cycle_both_ways_and_wrap_round() {
        let choices = words(&["meeting", "visit", "surgery"]);
        assert_eq!(cycled(&choices, "meeting", 1), Some("visit"));
        assert_eq!(cycled(&choices, "Surgery", 1), Some("meeting"));
        assert_eq!(cycled(&choices, "meeting", -1), Some("surgery"));
        assert_eq!(cycled(&choices, "party", 1), Some("meeting"), "from the first when none is shown");
        assert_eq!(cycled(&[], "x", 1), None);
    }

    #[test]
    fn a_letter_jumps_to_the_next_choice_starting_with_it() {
        let choices = words(&["email", "event", "call", "Letter"]);
        assert_eq!(jumped(&choices, "call", 'e'), Some("email"));
        assert_eq!(jumped(&choices, "email", 'E'), Some("event"));
        assert_eq!(jumped(&choices, "event", 'e'), Some("email"), "round again");
        assert_eq!(jumped(&choices, "call", 'l'), Some("Letter"));
        assert_eq!(jumped(&choices, "call", 'z'), None);
    }
}
