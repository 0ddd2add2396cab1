//! The week screen: moving between days and weeks, and adding, editing or deleting proposals.

use chrono::{Days, NaiveDate};

use super::{Command, status, step};
use crate::tui::action::Action;
use crate::tui::app::{App, WeekPane};
use crate::tui::change::Change;
use crate::tui::form::ProposalForm;
use crate::tui::overlay::{Confirm, Overlay};

/// Applies one action on the week screen.
pub fn handle(app: &mut App, action: Action) -> Vec<Command> {
    match action {
        Action::Left => move_day(app, -1),
        Action::Right => move_day(app, 1),
        Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Top | Action::Bottom => {
            app.week.selected = step(app.week.selected, app.week_day_proposals().len(), action);
            Vec::new()
        }
        Action::PrevWeek => show_week(app, app.week.monday.checked_sub_days(Days::new(7)), app.week.day),
        Action::NextWeek => show_week(app, app.week.monday.checked_add_days(Days::new(7)), app.week.day),
        Action::GoToDate => super::week_nav::open_go_to(app),
        Action::Month => super::week_nav::open_month(app),
        Action::ThisWeek => {
            app.week = WeekPane::of(app.today);
            vec![Command::LoadWeek(app.week.monday)]
        }
        Action::Filter => super::search::open(app, None, ""),
        Action::Add => {
            app.overlay = Overlay::Form(ProposalForm::new(None, app.week.date()).into());
            Vec::new()
        }
        Action::Edit | Action::Open => {
            match selected(app) {
                Some(p) => app.overlay = Overlay::Form(ProposalForm::edit(&p).into()),
                None => nothing_selected(app, "edit"),
            }
            Vec::new()
        }
        Action::ConfirmProposal | Action::MarkHeld | Action::CancelProposal => match selected(app) {
            Some(p) => status::set(app, &p, status::of(action)),
            None => {
                nothing_selected(app, "change");
                Vec::new()
            }
        },
        Action::Delete => {
            match selected(app) {
                Some(p) => {
                    let question = format!("Delete {} on {}?", p.label(), p.when_text());
                    app.overlay = Overlay::Confirm(Confirm { question, change: Change::Remove(p) });
                }
                None => nothing_selected(app, "delete"),
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Moves the selected day by `by` days, into the week before or after when it crosses Monday or
/// Sunday (which then needs loading).
fn move_day(app: &mut App, by: i64) -> Vec<Command> {
    let day = app.week.day as i64 + by;
    app.week.selected = 0;
    match day {
        0..=6 => {
            app.week.day = day as usize;
            Vec::new()
        }
        d if d < 0 => show_week(app, app.week.monday.checked_sub_days(Days::new(7)), 6),
        _ => show_week(app, app.week.monday.checked_add_days(Days::new(7)), 0),
    }
}

/// Shows the week starting on `monday` (if the calendar reaches it) with `day` selected.
fn show_week(app: &mut App, monday: Option<NaiveDate>, day: usize) -> Vec<Command> {
    let Some(monday) = monday else { return Vec::new() };
    app.week = WeekPane { monday, day, selected: 0, to_proposal: None };
    vec![Command::LoadWeek(monday)]
}

/// The selected proposal of the selected day.
fn selected(app: &App) -> Option<crate::domain::engagement::proposal::Proposal> {
    let proposals = app.week_day_proposals();
    proposals.get(app.week.selected.min(proposals.len().saturating_sub(1))).map(|p| (*p).clone())
}

fn nothing_selected(app: &mut App, verb: &str) {
    let day = app.week.date().format("%A %-d %B");
    match app.key(Action::Add) {
        Some(add) => app.info(format!("There is no proposal on {day} to {verb}; press {add} to add one.")),
        None => app.info(format!("There is no proposal on {day} to {verb}.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture::{d, week_app as app};
    use crate::tui::form::Form;

    fn press(app: &mut App, actions: &[Action]) -> Vec<Command> {
        actions.iter().flat_map(|a| handle(app, *a)).collect()
    }

    #[test]
    fn left_and_right_move_the_day_and_cross_into_other_weeks() {
        let mut app = app();
        assert_eq!((app.week.monday, app.week.day), (d("2025-03-03"), 1));
        assert!(press(&mut app, &[Action::Left]).is_empty());
        assert_eq!(app.week.date(), d("2025-03-03"));
        assert_eq!(press(&mut app, &[Action::Left]), [Command::LoadWeek(d("2025-02-24"))]);
        assert_eq!(app.week.date(), d("2025-03-02"));
        assert_eq!(press(&mut app, &[Action::Right]), [Command::LoadWeek(d("2025-03-03"))]);
        assert_eq!(app.week.date(), d("2025-03-03"));
    }

    #[test]
    fn brackets_move_a_week_and_this_week_comes_back_to_today() {
        let mut app = app();
        assert_eq!(press(&mut app, &[Action::NextWeek]), [Command::LoadWeek(d("2025-03-10"))]);
        assert_eq!(app.week.date(), d("2025-03-11"), "the same weekday is kept");
        assert_eq!(
            press(&mut app, &[Action::PrevWeek, Action::PrevWeek]),
            [Command::LoadWeek(d("2025-03-03")), Command::LoadWeek(d("2025-02-24"))]
        );
        press(&mut app, &[Action::Right, Action::Right]);
        assert_eq!(press(&mut app, &[Action::ThisWeek]), [Command::LoadWeek(d("2025-03-03"))]);
        assert_eq!(app.week.date(), d("2025-03-04"));
    }

    #[test]
    fn up_and_down_move_between_the_proposals_of_the_day() {
        let mut app = app();
        app.data.week.push(crate::tui::fixture::visit(3, "2025-03-04 14:00", 30));
        press(&mut app, &[Action::Down, Action::Down]);
        assert_eq!(app.week.selected, 1, "stops at the last");
        press(&mut app, &[Action::Up]);
        assert_eq!(app.week.selected, 0);
        press(&mut app, &[Action::Bottom, Action::Right]);
        assert_eq!(app.week.selected, 0, "a new day starts at its first proposal");
    }

    #[test]
    fn add_opens_an_empty_form_on_the_selected_day() {
        let mut app = app();
        press(&mut app, &[Action::Right, Action::Right, Action::Add]);
        let form = app.overlay.form().and_then(Form::proposal).expect("the form is open");
        assert!(form.editing.is_none());
        assert_eq!(form.inputs.input(crate::tui::form::Field::Date).text(), "2025-03-06");
    }

    #[test]
    fn edit_and_open_fill_the_form_from_the_selected_proposal() {
        for action in [Action::Edit, Action::Open] {
            let mut app = app();
            press(&mut app, &[action]);
            let form = app.overlay.form().and_then(Form::proposal).expect("the form is open");
            assert_eq!(form.editing.as_ref().map(|p| p.id), Some(1));
        }
    }

    #[test]
    fn delete_asks_first() {
        let mut app = app();
        assert!(press(&mut app, &[Action::Delete]).is_empty());
        let Overlay::Confirm(confirm) = app.overlay else { panic!("a question: {:?}", app.overlay) };
        assert_eq!(confirm.question, "Delete Visit with Hilary Benn on Tue 4 Mar 2025 10:00–11:00?");
        assert!(matches!(confirm.change, Change::Remove(p) if p.id == 1));
    }

    #[test]
    fn edit_and_delete_on_an_empty_day_say_so() {
        let mut app = app();
        press(&mut app, &[Action::Left, Action::Delete]);
        assert_eq!(app.overlay, Overlay::None);
        let status = app.status.clone().unwrap().text;
        assert_eq!(status, "There is no proposal on Monday 3 March to delete; press a to add one.");
        press(&mut app, &[Action::Edit]);
        assert!(app.overlay.form().is_none());
        assert!(app.status.unwrap().text.contains("to edit"));
    }
}
