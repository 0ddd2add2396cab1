//! What sits on top of a screen: a form, a question, the command palette (or an import's
//! preview), or the help. It is one value, so only one can be open, and the key routing
//! (`update`), the scopes whose keys apply (`App::scopes`) and the drawing (`view::render`) all
//! ask it.

use super::change::Change;
use super::form::Form;
use super::keymap::Scope;
use super::palette::Palette;
use super::search::Search;
use super::text_input::TextInput;

/// What is open on top of the screen, if anything. Everything below it waits until it closes.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Overlay {
    #[default]
    None,
    /// A form with several fields: a proposal, a contact to log, an engagement's notes.
    Form(Form),
    /// A question before something is deleted.
    Confirm(Confirm),
    /// The command palette, or an import's preview.
    Palette(Palette),
    /// The help, with its scroll offset.
    Help(usize),
    /// The week's prompt for a date to go to.
    GoTo(GoTo),
    /// The week's month overview, picking a day.
    Month(MonthGrid),
    /// A search of proposals and contacts, with what it found.
    Search(Search),
}

/// A date being typed to go to on the week, and why the last one typed is not a date.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoTo {
    pub input: TextInput,
    pub error: Option<String>,
}

/// A month at a glance: the day picked (its month is the one shown), and the days of that month
/// that hold proposals (with how many), once read.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthGrid {
    pub day: chrono::NaiveDate,
    pub busy: Option<Vec<(chrono::NaiveDate, usize)>>,
}

/// A question before something is deleted: yes applies the change.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub change: Change,
}

impl Overlay {
    /// The scopes whose bindings apply while this is open, most specific first (without
    /// [`Scope::Always`], which applies under everything); none when nothing is open.
    pub fn scopes(&self) -> Option<Vec<Scope>> {
        Some(match self {
            Overlay::None => return None,
            Overlay::Form(form) => {
                let inputs = form.inputs();
                let mut scopes = Vec::new();
                if form.proposal().is_some_and(|p| !p.matches.is_empty()) {
                    scopes.push(Scope::MpMatches);
                }
                if inputs.is_choice(inputs.focus_index()) {
                    scopes.push(Scope::Choice);
                }
                if form.proposal().is_some() {
                    scopes.push(Scope::ProposalForm);
                }
                scopes.push(Scope::Form);
                scopes
            }
            Overlay::Confirm(_) => vec![Scope::Confirm],
            Overlay::Palette(palette) => vec![palette.scope()],
            Overlay::Help(_) => vec![Scope::Help],
            Overlay::GoTo(_) => vec![Scope::Input],
            Overlay::Month(_) => vec![Scope::MonthGrid],
            Overlay::Search(_) => vec![Scope::Search],
        })
    }

    /// Whether keys that are not bound edit text while this is open.
    pub fn typing(&self) -> bool {
        matches!(
            self,
            Overlay::Form(_) | Overlay::Palette(Palette::Prompt { .. }) | Overlay::GoTo(_) | Overlay::Search(_)
        )
    }

    pub fn is_open(&self) -> bool {
        !matches!(self, Overlay::None)
    }

    pub fn form(&self) -> Option<&Form> {
        match self {
            Overlay::Form(form) => Some(form),
            _ => None,
        }
    }

    pub fn form_mut(&mut self) -> Option<&mut Form> {
        match self {
            Overlay::Form(form) => Some(form),
            _ => None,
        }
    }

    pub fn palette(&self) -> Option<&Palette> {
        match self {
            Overlay::Palette(palette) => Some(palette),
            _ => None,
        }
    }

    /// Closes whatever is open.
    pub fn close(&mut self) {
        *self = Overlay::None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture::{d, week_app};
    use crate::tui::form::{LogForm, ProposalForm};

    #[test]
    fn each_overlay_names_its_scopes_and_whether_keys_type() {
        let proposal = Overlay::Form(ProposalForm::new(None, d("2025-03-04")).into());
        assert_eq!(proposal.scopes(), Some(vec![Scope::ProposalForm, Scope::Form]));
        let log = Overlay::Form(Form::Log(LogForm::new("E14001323", "Leeds South", true, d("2025-03-04"))));
        assert_eq!(log.scopes(), Some(vec![Scope::Choice, Scope::Form]), "the focus is on the kind, a choice");
        let mut offering = ProposalForm::new(None, d("2025-03-04"));
        offering.matches = vec![("E14001323".into(), "Leeds South".into())];
        let offering = Overlay::Form(offering.into());
        assert_eq!(offering.scopes(), Some(vec![Scope::MpMatches, Scope::ProposalForm, Scope::Form]));
        assert!(proposal.typing() && log.typing());
        let prompt = Overlay::Palette(Palette::prompt(""));
        assert_eq!((prompt.scopes(), prompt.typing()), (Some(vec![Scope::Palette]), true));
        assert_eq!((Overlay::Help(3).scopes(), Overlay::Help(3).typing()), (Some(vec![Scope::Help]), false));
        assert_eq!(Overlay::None.scopes(), None);
        assert!(!Overlay::None.is_open() && Overlay::Help(0).is_open());
    }

    #[test]
    fn the_app_asks_the_overlay_for_its_scopes() {
        let mut app = week_app();
        assert_eq!(app.scopes(), app.screen.scopes());
        app.overlay = Overlay::Help(0);
        assert_eq!(app.scopes(), [Scope::Help, Scope::Always]);
        app.overlay.close();
        assert_eq!(app.scopes(), app.screen.scopes());
    }
}
