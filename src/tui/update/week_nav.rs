//! Getting about the week: typing a date to go to (`g`), and a month at a glance to pick a day
//! from (`m`). Each is an overlay on the week; what they pick is shown as its week, read by the
//! loop.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::Command;
use crate::tui::action::{Action, Input};
use crate::tui::app::{App, Screen, WeekPane};
use crate::tui::change::Change;
use crate::tui::overlay::{GoTo, MonthGrid, Overlay};

/// Opens the prompt for a date.
pub fn open_go_to(app: &mut App) -> Vec<Command> {
    app.overlay = Overlay::GoTo(GoTo::default());
    Vec::new()
}

/// Opens the month of the selected day, asking for the days that hold proposals.
pub fn open_month(app: &mut App) -> Vec<Command> {
    let day = app.week.date();
    app.overlay = Overlay::Month(MonthGrid { day, busy: None });
    vec![Command::LoadMonth(first_of_month(day))]
}

/// Shows the week of `date` with that day selected.
pub fn show_date(app: &mut App, date: NaiveDate) -> Vec<Command> {
    app.week = WeekPane::of(date);
    vec![Command::LoadWeek(app.week.monday)]
}

pub fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// A key while the date prompt is open: typing edits it, Enter goes to the date (or says, on one
/// line, why it is not one, keeping what was typed), Esc closes it.
pub fn go_to(app: &mut App, input: Input) -> Vec<Command> {
    let Overlay::GoTo(prompt) = &mut app.overlay else { return Vec::new() };
    match input {
        Input::Text(edit) => {
            prompt.input.apply(edit);
            prompt.error = None;
            Vec::new()
        }
        Input::Action(Action::Submit) => match crate::domain::when::parse_date(prompt.input.text(), app.today) {
            Ok(date) => {
                app.overlay.close();
                show_date(app, date)
            }
            Err(e) => {
                prompt.error = Some(one_line(&e.to_string()));
                Vec::new()
            }
        },
        Input::Action(Action::Cancel) => {
            app.overlay.close();
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// A key while the month is open: arrows move the day (into the months either side, which are
/// then read), Enter shows its week, Esc closes it.
pub fn month(app: &mut App, input: Input) -> Vec<Command> {
    let Overlay::Month(grid) = &mut app.overlay else { return Vec::new() };
    let Input::Action(action) = input else { return Vec::new() };
    let day = grid.day;
    let moved = match action {
        Action::Left => day.checked_sub_days(Days::new(1)),
        Action::Right => day.checked_add_days(Days::new(1)),
        Action::Up => day.checked_sub_days(Days::new(7)),
        Action::Down => day.checked_add_days(Days::new(7)),
        Action::PageUp => day.checked_sub_months(Months::new(1)),
        Action::PageDown => day.checked_add_months(Months::new(1)),
        Action::Open => {
            app.overlay.close();
            return show_date(app, day);
        }
        Action::Back => {
            app.overlay.close();
            return Vec::new();
        }
        _ => None,
    };
    let Some(moved) = moved else { return Vec::new() };
    grid.day = moved;
    if first_of_month(moved) == first_of_month(day) {
        return Vec::new();
    }
    grid.busy = None;
    vec![Command::LoadMonth(first_of_month(moved))]
}

/// The days of the month from `first` that hold proposals, as read: put in place if that month
/// is still the one shown.
pub fn month_read(app: &mut App, first: NaiveDate, busy: Vec<(NaiveDate, usize)>) {
    if let Overlay::Month(grid) = &mut app.overlay
        && first_of_month(grid.day) == first
    {
        grid.busy = Some(busy);
    }
}

/// The proposal a change moved or added, and the day it is on now: after `change` was applied,
/// or, when `undone`, after it was taken back.
fn moved(change: &Change, undone: bool) -> Option<(i64, NaiveDate)> {
    match change {
        Change::Edit { id, before, after } => Some((*id, if undone { before } else { after }.start.date())),
        Change::Restore(p) if !undone => Some((p.id, p.start.date())),
        Change::Remove(p) if undone => Some((p.id, p.start.date())),
        Change::Batch(changes) => changes.iter().find_map(|c| moved(c, undone)),
        _ => None,
    }
}

/// On the week, the selection follows a proposal that a change (or its undoing) moved or added:
/// the week of its day is shown, that day selected, and the proposal once the week is read.
pub fn follow(app: &mut App, change: &Change, undone: bool) {
    if app.screen != Screen::Week {
        return;
    }
    if let Some((id, date)) = moved(change, undone) {
        app.week = WeekPane { to_proposal: Some(id), ..WeekPane::of(date) };
    }
}

/// An error on one line, for the prompt.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::TextEdit;
    use crate::tui::fixture::{d, week_app};
    use crate::tui::update::update;

    fn press(app: &mut App, actions: &[Action]) -> Vec<Command> {
        actions.iter().flat_map(|a| update(app, Input::Action(*a))).collect()
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            update(app, Input::Text(TextEdit::Insert(c)));
        }
    }

    #[test]
    fn go_to_a_date_shows_its_week_with_the_day_selected() {
        let mut app = week_app();
        press(&mut app, &[Action::GoToDate]);
        assert!(matches!(app.overlay, Overlay::GoTo(_)) && app.typing());
        type_text(&mut app, "2025-04-17");
        assert_eq!(press(&mut app, &[Action::Submit]), [Command::LoadWeek(d("2025-04-14"))]);
        assert_eq!(app.overlay, Overlay::None);
        assert_eq!((app.week.monday, app.week.date()), (d("2025-04-14"), d("2025-04-17")));
        // Any form the date parser reads: the Friday after today (Tuesday 4 March).
        press(&mut app, &[Action::GoToDate]);
        type_text(&mut app, "fri");
        assert_eq!(press(&mut app, &[Action::Submit]), [Command::LoadWeek(d("2025-03-03"))]);
        assert_eq!(app.week.date(), d("2025-03-07"));
    }

    #[test]
    fn a_bad_date_keeps_the_prompt_with_a_one_line_error_and_esc_closes_it() {
        let mut app = week_app();
        let before = app.week.date();
        press(&mut app, &[Action::GoToDate]);
        type_text(&mut app, "31st of never");
        assert!(press(&mut app, &[Action::Submit]).is_empty());
        let Overlay::GoTo(prompt) = &app.overlay else { panic!("the prompt stays: {:?}", app.overlay) };
        assert_eq!(prompt.input.text(), "31st of never", "what was typed is kept");
        let error = prompt.error.clone().expect("it says why");
        assert!(error.contains("31st of never") && !error.contains('\n'), "{error}");
        type_text(&mut app, "x");
        let Overlay::GoTo(prompt) = &app.overlay else { panic!() };
        assert_eq!(prompt.error, None, "typing clears the error");
        assert!(press(&mut app, &[Action::Cancel]).is_empty());
        assert_eq!((app.overlay.clone(), app.week.date()), (Overlay::None, before));
    }

    #[test]
    fn t_comes_back_to_today_from_another_week() {
        let mut app = week_app();
        press(&mut app, &[Action::NextWeek, Action::NextWeek, Action::Right]);
        assert_eq!(press(&mut app, &[Action::ThisWeek]), [Command::LoadWeek(d("2025-03-03"))]);
        assert_eq!(app.week.date(), d("2025-03-04"), "today");
    }

    #[test]
    fn the_selection_follows_a_proposal_moved_to_another_week_once_it_is_read() {
        use crate::domain::engagement::proposal::NewProposal;
        use crate::tui::fixture::visit;
        use crate::tui::load::Read;
        use crate::tui::update::{Outcome, outcome};
        let mut app = week_app();
        let p = visit(1, "2025-03-04 10:00", 60);
        let before = NewProposal::from(&p);
        let moved_to = visit(1, "2025-03-14 15:00", 60);
        let after = NewProposal { start: moved_to.start, end: moved_to.end, ..before.clone() };
        outcome(&mut app, Outcome::Applied(Change::Edit { id: 1, before, after }));
        assert_eq!((app.week.monday, app.week.date()), (d("2025-03-10"), d("2025-03-14")));
        // The week read again: the proposal moved is selected, after another on its day.
        let week = vec![visit(7, "2025-03-14 09:00", 30), moved_to];
        outcome(&mut app, Outcome::Read(Read { week: Some(week), ..Read::default() }));
        assert_eq!(app.week.selected, 1);
        assert_eq!(app.week.to_proposal, None);
        // Undone, it goes back to Tuesday 4 March.
        let change = app.history.done.last().cloned().expect("the edit");
        outcome(&mut app, Outcome::Undone(change));
        assert_eq!((app.week.date(), app.week.to_proposal), (d("2025-03-04"), Some(1)));
        // On another screen the week is left as it is.
        app.screen = crate::tui::app::Screen::Today;
        let change = app.history.undone.last().cloned().expect("the edit undone");
        outcome(&mut app, Outcome::Redone(change));
        assert_eq!(app.week.date(), d("2025-03-04"));
    }

    #[test]
    fn the_month_picks_a_day_with_the_arrows_and_enter_and_esc_closes_it() {
        let mut app = week_app();
        assert_eq!(press(&mut app, &[Action::Month]), [Command::LoadMonth(d("2025-03-01"))]);
        let Overlay::Month(grid) = &app.overlay else { panic!("the month: {:?}", app.overlay) };
        assert_eq!((grid.day, grid.busy.clone()), (d("2025-03-04"), None));
        month_read(&mut app, d("2025-03-01"), vec![(d("2025-03-04"), 1)]);
        month_read(&mut app, d("2025-02-01"), vec![(d("2025-02-04"), 9)]);
        let Overlay::Month(grid) = &app.overlay else { panic!() };
        assert_eq!(grid.busy, Some(vec![(d("2025-03-04"), 1)]), "only the month shown is kept");
        assert!(press(&mut app, &[Action::Down, Action::Down, Action::Right]).is_empty());
        // Into April: its proposals are read.
        assert_eq!(press(&mut app, &[Action::Down, Action::Down]), [Command::LoadMonth(d("2025-04-01"))]);
        assert_eq!(press(&mut app, &[Action::PageUp]), [Command::LoadMonth(d("2025-03-01"))]);
        let Overlay::Month(grid) = &app.overlay else { panic!() };
        assert_eq!(grid.day, d("2025-03-02"));
        assert!(press(&mut app, &[Action::Left]).is_empty(), "the first of the month");
        assert_eq!(press(&mut app, &[Action::Left]), [Command::LoadMonth(d("2025-02-01"))]);
        assert_eq!(app.week.date(), d("2025-03-04"), "the week waits for the pick");
        assert_eq!(press(&mut app, &[Action::Open]), [Command::LoadWeek(d("2025-02-24"))]);
        assert_eq!((app.overlay.clone(), app.week.date()), (Overlay::None, d("2025-02-28")));

        press(&mut app, &[Action::Month, Action::Right]);
        assert!(press(&mut app, &[Action::Back]).is_empty());
        assert_eq!((app.overlay.clone(), app.week.date()), (Overlay::None, d("2025-02-28")), "Esc changes nothing");
    }
}
