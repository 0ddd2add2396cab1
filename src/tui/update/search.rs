//! Keys while a search is open: typing searches again, the arrows choose a match, Enter opens it
//! where it lives (a proposal on its week, a contact in its MP's log), Esc closes the search.

use super::{Command, open_detail, show_on_week, step};
use crate::domain::search::Found;
use crate::tui::action::{Action, Input};
use crate::tui::app::{App, Landing};
use crate::tui::overlay::Overlay;
use crate::tui::search::Search;

/// Opens a search within `within` (or of every MP), already searching for `text` if there is any.
pub fn open(app: &mut App, within: Option<(String, String)>, text: &str) -> Vec<Command> {
    let search = Search::new(within, text);
    let command = Command::Search { text: text.to_string(), within: search.code() };
    app.overlay = Overlay::Search(search);
    if text.trim().is_empty() { Vec::new() } else { vec![command] }
}

pub fn handle(app: &mut App, input: Input) -> Vec<Command> {
    let Overlay::Search(search) = &mut app.overlay else { return Vec::new() };
    match input {
        Input::Text(edit) => {
            search.input.apply(edit);
            return vec![Command::Search { text: search.input.text().to_string(), within: search.code() }];
        }
        Input::Action(Action::Up | Action::Down) => {
            let action = if input == Input::Action(Action::Up) { Action::Up } else { Action::Down };
            search.selected = step(search.selected, search.found.len(), action);
        }
        Input::Action(Action::Cancel) => app.overlay.close(),
        Input::Action(Action::Open) => {
            let Some(found) = search.found.get(search.selected).cloned() else { return Vec::new() };
            app.overlay.close();
            return match found {
                Found::Proposal(p) => show_on_week(app, &p),
                Found::Contact { code, interaction, .. } => {
                    let commands = open_detail(app, code);
                    app.detail.landing = Some(Landing::Contact(interaction.id));
                    commands
                }
            };
        }
        Input::Action(_) => {}
    }
    Vec::new()
}

/// What the store found for `text`: shown if it is still what is typed (a later search may have
/// answered first), with the first match selected.
pub fn found(app: &mut App, text: &str, found: Vec<Found>) {
    if let Overlay::Search(search) = &mut app.overlay
        && search.input.text() == text
    {
        search.found = found;
        search.searched = text.to_string();
        search.selected = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::ProposalKind;
    use crate::domain::engagement::contact::{Direction, InteractionKind};
    use crate::tui::action::TextEdit;
    use crate::tui::app::Screen;
    use crate::tui::fixture::{busy_app, contact, d, proposal};

    fn typed(app: &mut App, text: &str) -> Vec<Command> {
        text.chars().flat_map(|c| handle(app, Input::Text(TextEdit::Insert(c)))).collect()
    }

    #[test]
    fn typing_searches_and_enter_opens_a_proposal_on_its_week_or_a_contact_in_its_log() {
        let mut app = busy_app();
        app.screen = Screen::Week;
        open(&mut app, None, "");
        let commands = typed(&mut app, "wa");
        assert_eq!(commands.last(), Some(&Command::Search { text: "wa".into(), within: None }));
        let visit = proposal(7, "E14001323", "2026-12-04 10:00", 60, ProposalKind::Visit);
        let letter = contact(5, InteractionKind::Letter, Direction::ToMp, "2026-11-10", "About the ward");
        let hits = vec![
            Found::Proposal(visit),
            Found::Contact { code: "E14001323".into(), seat: "Leeds South".into(), interaction: letter },
        ];
        found(&mut app, "w", hits.clone());
        let Overlay::Search(search) = &app.overlay else { panic!("{:?}", app.overlay) };
        assert!(search.found.is_empty(), "an answer to an older text is dropped");
        found(&mut app, "wa", hits);
        assert_eq!(handle(&mut app, Input::Action(Action::Open)), [Command::LoadWeek(d("2026-11-30"))]);
        assert_eq!((app.screen, app.week.date(), app.week.to_proposal), (Screen::Week, d("2026-12-04"), Some(7)));

        open(&mut app, Some(("E14001323".into(), "Leeds South".into())), "ward");
        let Overlay::Search(search) = &app.overlay else { panic!("{:?}", app.overlay) };
        assert_eq!(search.code().as_deref(), Some("E14001323"));
        let letter = contact(5, InteractionKind::Letter, Direction::ToMp, "2026-11-10", "About the ward");
        found(
            &mut app,
            "ward",
            vec![Found::Contact { code: "E14001323".into(), seat: "Leeds South".into(), interaction: letter }],
        );
        handle(&mut app, Input::Action(Action::Down));
        handle(&mut app, Input::Action(Action::Open));
        assert_eq!((app.screen, app.detail.landing.clone()), (Screen::Detail, Some(Landing::Contact(5))));
        assert!(!app.overlay.is_open());
    }

    #[test]
    fn esc_closes_the_search_and_an_empty_one_opens_nothing() {
        let mut app = busy_app();
        open(&mut app, None, "");
        assert!(handle(&mut app, Input::Action(Action::Open)).is_empty());
        handle(&mut app, Input::Action(Action::Cancel));
        assert!(!app.overlay.is_open());
    }
}
