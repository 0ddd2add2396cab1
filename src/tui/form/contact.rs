//! Logging a contact with the MP open in the detail screen: the kind, who made it, the day, a note.
//! Beside the kind the form says which checklist item the contact will tick.

use chrono::NaiveDate;

use super::parse::{self, problem};
use super::{FieldCheck, Fields, FormContext, Inputs, Reading};
use crate::domain::calendar::long_date;
use crate::domain::engagement::checklist::{ItemState, item_by_key};
use crate::domain::engagement::contact::{self, InteractionKind, NewInteraction, completes_item};
use crate::domain::limits;
use crate::tui::text_input::TextInput;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogField {
    Kind,
    Direction,
    Date,
    Note,
}

impl Fields for LogField {
    const ALL: &'static [LogField] = &[LogField::Kind, LogField::Direction, LogField::Date, LogField::Note];

    fn label(self) -> &'static str {
        match self {
            LogField::Kind => "Kind",
            LogField::Direction => "To or from",
            LogField::Date => "Date",
            LogField::Note => "Note",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            LogField::Kind => "letter, email, call, meeting, visit, event, surgery, press or other",
            LogField::Direction => "to (you contacted the MP) or from (the MP or their office contacted you)",
            LogField::Date => "When it happened: YYYY-MM-DD, today, or a past date",
            LogField::Note => "What was said or sent (optional)",
        }
    }

    fn choices(self) -> Vec<String> {
        match self {
            LogField::Kind => InteractionKind::ALL.iter().map(|k| k.as_str().to_string()).collect(),
            LogField::Direction => vec!["to".to_string(), "from".to_string()],
            _ => Vec::new(),
        }
    }

    fn stored(self) -> Option<limits::Field> {
        (self == LogField::Note).then_some(limits::Field::ContactNote)
    }
}

/// A contact about to be logged with one seat's MP.
#[derive(Debug, Clone, PartialEq)]
pub struct LogForm {
    pub code: String,
    pub seat: String,
    /// Whether the seat is tracked: logging a contact tracks it.
    pub tracked: bool,
    pub inputs: Inputs<LogField>,
}

impl LogForm {
    /// A letter to the MP, today, with no note.
    pub fn new(code: &str, seat: &str, tracked: bool, today: NaiveDate) -> LogForm {
        let texts = ["letter", "to", &today.format("%Y-%m-%d").to_string()];
        LogForm { code: code.into(), seat: seat.into(), tracked, inputs: Inputs::new(&texts, LogField::Kind) }
    }

    /// The form with `kind` in place of a letter, and the focus on the note: what a follow-up
    /// asks for is filled in, so Enter logs it.
    pub fn asking(mut self, kind: InteractionKind) -> LogForm {
        *self.inputs.input_mut(LogField::Kind) = TextInput::new(kind.as_str());
        self.inputs.focus = LogField::Note;
        self
    }

    /// Reads the form: each field's verdict and, when all are valid, the contact to log.
    pub fn check(&self, ctx: &FormContext) -> Reading<NewInteraction> {
        let text = |f| self.inputs.text(f);
        let kind = parse::contact_kind(text(LogField::Kind));
        let direction = parse::direction(text(LogField::Direction));
        let on = parse::date(text(LogField::Date), ctx.today)
            .and_then(|d| contact::check_date(d, ctx.today).map_err(|e| problem("in the future", e)));
        let ticks = match (&kind, &direction) {
            (Ok(kind), Ok(direction)) => completes_item(*kind, *direction).map_or_else(String::new, |key| {
                let todo = ctx
                    .detail
                    .filter(|d| d.card.summary.constituency_code == self.code)
                    .and_then(|d| d.checklist.iter().find(|e| e.key == key))
                    .is_none_or(|e| e.state == ItemState::Todo);
                let item = item_by_key(key).map(|i| i.text).unwrap_or_default();
                if todo { format!("ticks {key}: {item}") } else { format!("{key} is already done or skipped") }
            }),
            _ => String::new(),
        };
        let note = self.inputs.within_limit(LogField::Note);
        let fields = vec![
            FieldCheck::from(kind.clone().map(|_| ticks)),
            FieldCheck::from(direction.clone().map(|d| d.label().to_string())),
            FieldCheck::from(on.clone().map(long_date)),
            FieldCheck::from(note.clone().map(|_| String::new())),
        ];
        let value = match (kind, direction, on, note) {
            (Ok(kind), Ok(direction), Ok(on), Ok(note)) => {
                Some(NewInteraction { kind, direction, on, summary: note.to_string() })
            }
            _ => None,
        };
        Reading { fields, value }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::engagement::contact::{Direction, InteractionKind};
    use crate::tui::fixture::{busy_app, d, today};
    use crate::tui::text_input::TextInput;

    fn form() -> LogForm {
        LogForm::new("E14001323", "Leeds South", true, today())
    }

    fn typed(form: &mut LogForm, field: LogField, text: &str) {
        *form.inputs.input_mut(field) = TextInput::new(text);
    }

    #[test]
    fn a_new_form_is_a_letter_to_the_mp_today_and_says_what_it_ticks() {
        let app = busy_app();
        let reading = form().check(&FormContext::of(&app));
        let logged = NewInteraction {
            kind: InteractionKind::Letter,
            direction: Direction::ToMp,
            on: today(),
            summary: String::new(),
        };
        assert_eq!(reading.value, Some(logged));
        assert!(reading.fields[0].note.starts_with("ticks 2.3: "), "{:?}", reading.fields[0]);
        assert_eq!(reading.fields[1].note, "to the MP");
        assert_eq!(reading.fields[2].note, "Tuesday 24 November 2026");
    }

    #[test]
    fn an_item_already_done_is_not_ticked_again_and_other_kinds_tick_nothing() {
        let mut app = busy_app();
        let mut form = form();
        typed(&mut form, LogField::Kind, "call");
        let detail = app.data.detail.as_mut().unwrap();
        let call = detail.checklist.iter_mut().find(|e| e.key == "2.4").unwrap();
        call.state = ItemState::Skipped;
        assert_eq!(form.check(&FormContext::of(&app)).fields[0].note, "2.4 is already done or skipped");
        typed(&mut form, LogField::Kind, "email");
        assert_eq!(form.check(&FormContext::of(&app)).fields[0].note, "");
    }

    /// Types `text` into the note one key at a time, as a paste arrives.
    fn paste(form: &mut LogForm, text: &str) {
        let input = form.inputs.input_mut(LogField::Note);
        for c in text.chars() {
            input.apply(crate::tui::action::TextEdit::Insert(c));
        }
    }

    #[test]
    fn a_note_at_the_limit_is_logged_whole_and_one_over_it_is_refused() {
        let app = busy_app();
        let mut form = form();
        paste(&mut form, &"n".repeat(20_000));
        let logged = form.check(&FormContext::of(&app)).value.expect("a note at the limit is logged");
        assert_eq!(logged.summary.chars().count(), 20_000, "nothing is cut");
        paste(&mut form, "and more");
        let reading = form.check(&FormContext::of(&app));
        assert_eq!(reading.value, None);
        assert_eq!(reading.fields[3].note, "too long");
        assert_eq!(
            reading.fields[3].error.as_deref(),
            Some("The contact note is 20,008 characters long; the limit is 20,000: shorten it.")
        );
    }

    #[test]
    fn bad_fields_and_future_dates_are_refused() {
        let app = busy_app();
        let mut form = form();
        typed(&mut form, LogField::Kind, "fax");
        typed(&mut form, LogField::Direction, "sideways");
        typed(&mut form, LogField::Date, "tomorrow");
        typed(&mut form, LogField::Note, "  Sent the annual report ");
        let reading = form.check(&FormContext::of(&app));
        assert_eq!(reading.value, None);
        let notes: Vec<_> = reading.fields.iter().map(|f| f.note.as_str()).collect();
        assert_eq!(notes, ["not a kind", "to or from", "in the future", ""]);
        typed(&mut form, LogField::Kind, "meeting");
        typed(&mut form, LogField::Direction, "from");
        typed(&mut form, LogField::Date, "2026-11-20");
        let logged = form.check(&FormContext::of(&app)).value.unwrap();
        assert_eq!((logged.direction, logged.on), (Direction::FromMp, d("2026-11-20")));
        assert_eq!(logged.summary, "Sent the annual report");
    }
}
