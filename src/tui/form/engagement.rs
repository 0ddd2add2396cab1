//! Editing an engagement's own notes: the topics to raise, the contact cadence, the constituency
//! office address, background on the MP, and anything else. Stored text on several lines is shown
//! on one; a field left as shown keeps what is stored exactly.

use super::parse::{self, one_line};
use super::{FieldCheck, Fields, Inputs, Reading};
use crate::domain::limits;
use crate::domain::views::EngagementInfo;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InfoField {
    Topics,
    Cadence,
    Office,
    Background,
    Notes,
}

impl Fields for InfoField {
    const ALL: &'static [InfoField] =
        &[InfoField::Topics, InfoField::Cadence, InfoField::Office, InfoField::Background, InfoField::Notes];

    fn label(self) -> &'static str {
        match self {
            InfoField::Topics => "Topics",
            InfoField::Cadence => "Cadence",
            InfoField::Office => "Office",
            InfoField::Background => "Background",
            InfoField::Notes => "Notes",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            InfoField::Topics => "The local issues to raise, with \"; \" between them: waiting lists; the new clinic",
            InfoField::Cadence => "Get back in touch after this many days without contact, such as 90",
            InfoField::Office => "The MP's constituency office address, with commas between lines (optional)",
            InfoField::Background => "The MP's health or care experience and interests (optional)",
            InfoField::Notes => "Anything else worth keeping (optional)",
        }
    }

    fn stored(self) -> Option<limits::Field> {
        match self {
            InfoField::Topics => Some(limits::Field::Topics),
            InfoField::Cadence => None,
            InfoField::Office => Some(limits::Field::OfficeAddress),
            InfoField::Background => Some(limits::Field::Background),
            InfoField::Notes => Some(limits::Field::Notes),
        }
    }
}

/// An engagement's notes being edited.
#[derive(Debug, Clone, PartialEq)]
pub struct EngagementForm {
    pub code: String,
    pub seat: String,
    /// The notes as stored when the form opened.
    pub before: EngagementInfo,
    pub inputs: Inputs<InfoField>,
}

/// A field as the form first shows it.
fn shown(info: &EngagementInfo, field: InfoField) -> String {
    match field {
        InfoField::Topics => info.topic_list().join("; "),
        InfoField::Cadence => info.cadence_days.to_string(),
        InfoField::Office => one_line(&info.office_address, ", "),
        InfoField::Background => one_line(&info.background, " "),
        InfoField::Notes => one_line(&info.notes, " "),
    }
}

impl EngagementForm {
    pub fn new(code: &str, seat: &str, info: &EngagementInfo) -> EngagementForm {
        let texts: Vec<String> = InfoField::ALL.iter().map(|&f| shown(info, f)).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        EngagementForm {
            code: code.into(),
            seat: seat.into(),
            before: info.clone(),
            inputs: Inputs::new(&texts, InfoField::Topics),
        }
    }

    /// Reads the form: each field's verdict and, when all are valid, the notes to store.
    pub fn check(&self) -> Reading<EngagementInfo> {
        // A field left as shown keeps the stored text (with its line breaks); a changed one must
        // fit the field's limit.
        let kept = |field: InfoField, stored: &str| {
            let typed = self.inputs.text(field);
            let whole = self.inputs.input(field).typed_len() == self.inputs.input(field).text().chars().count();
            if whole && typed == shown(&self.before, field).trim() {
                Ok(stored.to_string())
            } else {
                self.inputs.within_limit(field).map(str::to_string)
            }
        };
        let cadence = parse::cadence(self.inputs.text(InfoField::Cadence));
        let texts = [
            kept(InfoField::Topics, &self.before.topics),
            kept(InfoField::Office, &self.before.office_address),
            kept(InfoField::Background, &self.before.background),
            kept(InfoField::Notes, &self.before.notes),
        ];
        let text_checks = texts.each_ref().map(|t| FieldCheck::from(t.clone().map(|_| String::new())));
        let [topics, office_address, background, notes] = texts.map(|t| t.unwrap_or_default());
        let after = EngagementInfo {
            topics,
            office_address,
            background,
            notes,
            cadence_days: *cadence.as_ref().unwrap_or(&self.before.cadence_days),
            ..self.before.clone()
        };
        let topics = match after.topic_list().len() {
            0 => "none: the letter will have no local issues".to_string(),
            1 => "1 topic".to_string(),
            n => format!("{n} topics"),
        };
        let office =
            if after.office_address.trim().is_empty() { "letters: House of Commons" } else { "letters: this office" };
        let [topics_check, office_check, background, notes] = text_checks;
        let all_fit = [&topics_check, &office_check, &background, &notes].iter().all(|c| c.error.is_none());
        let note =
            |check: FieldCheck, note: String| if check.error.is_some() { check } else { FieldCheck::from(Ok(note)) };
        let fields = vec![
            note(topics_check, topics),
            FieldCheck::from(cadence.clone().map(|n| format!("a reminder after {n} quiet days"))),
            note(office_check, office.to_string()),
            background,
            notes,
        ];
        Reading { fields, value: cadence.ok().filter(|_| all_fit).map(|_| after) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::text_input::TextInput;

    fn info() -> EngagementInfo {
        EngagementInfo {
            tracked: true,
            topics: "Waiting lists\nThe new clinic".into(),
            cadence_days: 90,
            office_address: "2 Blenheim Terrace\nLeeds LS2 9JG".into(),
            background: "Former health secretary".into(),
            notes: String::new(),
            started_on: None,
        }
    }

    /// The field's text replaced with `text`, as much of it as the field holds.
    fn typed(form: &mut EngagementForm, field: InfoField, text: &str) {
        let max = field.stored().map_or(crate::tui::text_input::MAX_CHARS, limits::Field::limit);
        *form.inputs.input_mut(field) = TextInput::with_max(text, max);
    }

    #[test]
    fn stored_lines_show_on_one_line_and_are_kept_when_left_alone() {
        let form = EngagementForm::new("E14001323", "Leeds South", &info());
        assert_eq!(form.inputs.text(InfoField::Topics), "Waiting lists; The new clinic");
        assert_eq!(form.inputs.text(InfoField::Office), "2 Blenheim Terrace, Leeds LS2 9JG");
        let reading = form.check();
        assert_eq!(reading.value, Some(info()), "nothing changed, down to the line breaks");
        assert_eq!(reading.fields[0].note, "2 topics");
        assert_eq!(reading.fields[2].note, "letters: this office");
    }

    #[test]
    fn notes_at_the_limit_are_kept_whole_and_longer_ones_refused_by_name() {
        let mut form = EngagementForm::new("E14001323", "Leeds South", &info());
        typed(&mut form, InfoField::Notes, &"n".repeat(20_000));
        typed(&mut form, InfoField::Background, &"b".repeat(20_000));
        let after = form.check().value.expect("notes at the limit are saved");
        assert_eq!((after.notes.len(), after.background.len()), (20_000, 20_000));
        typed(&mut form, InfoField::Background, &"b".repeat(20_001));
        typed(&mut form, InfoField::Office, "");
        let reading = form.check();
        assert_eq!(reading.value, None);
        let error = reading.fields[3].error.as_deref().unwrap_or_default();
        assert_eq!(error, "The background is 20,001 characters long; the limit is 20,000: shorten it.");
        assert_eq!(super::super::first_problem(&reading.fields), Some(3));
    }

    #[test]
    fn edits_are_read_and_a_bad_cadence_is_refused() {
        let mut form = EngagementForm::new("E14001323", "Leeds South", &info());
        typed(&mut form, InfoField::Topics, " Waiting lists; Discharge delays ");
        typed(&mut form, InfoField::Cadence, "60");
        typed(&mut form, InfoField::Office, "");
        let after = form.check().value.unwrap();
        assert_eq!(after.topics, "Waiting lists; Discharge delays");
        assert_eq!(after.topic_list(), ["Waiting lists", "Discharge delays"]);
        assert_eq!((after.cadence_days, after.office_address.as_str()), (60, ""));
        assert_eq!(after.background, info().background);
        typed(&mut form, InfoField::Cadence, "0");
        let reading = form.check();
        assert_eq!(reading.value, None);
        assert_eq!(reading.fields[1].note, "not a number of days");
        assert_eq!(super::super::first_problem(&reading.fields), Some(1));
    }
}
