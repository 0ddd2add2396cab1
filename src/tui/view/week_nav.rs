//! What opens on top of the week to get about it: the prompt for a date to go to, and the month at
//! a glance (each day's kind as a mark, a dot on the days that hold proposals) to pick a day from.

use chrono::{Datelike, Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{centered, safe};
use crate::domain::calendar::DayClass;
use crate::domain::calendar::day::{Certainty, DayKind};
use crate::tui::app::App;
use crate::tui::overlay::{GoTo, MonthGrid};
use crate::tui::update::week_nav::first_of_month;

/// The forms of date the prompt reads, as the proposal form says them.
const DATE_FORMS: &str = "YYYY-MM-DD, today, tomorrow, a weekday (fri), +3d or +2w";

/// The prompt for a date to go to, with why the last one typed is not a date.
pub fn go_to(app: &App, prompt: &GoTo, frame: &mut Frame, area: Rect) {
    let popup = centered(area, 64, 6);
    frame.render_widget(Clear, popup);
    let text = safe(prompt.input.text());
    let at = text.char_indices().nth(prompt.input.cursor()).map_or(text.len(), |(i, _)| i);
    let (before, after) = text.split_at(at.min(text.len()));
    let mut lines = vec![
        Line::from(vec![
            Span::styled("Date: ", app.theme.title()),
            Span::raw(before.to_string()),
            Span::styled("▌", app.theme.accent()),
            Span::raw(after.to_string()),
        ]),
        Line::styled(DATE_FORMS, app.theme.dim()),
    ];
    if let Some(error) = &prompt.error {
        lines.push(Line::styled(safe(error), app.theme.error()));
    }
    let block = Block::bordered().title(" Go to a date ");
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }).block(block), popup);
}

/// The mark of a day's kind in the month: the Westminster shade for a sitting day (a darker one
/// when it is forecast), `~` recess, `*` bank holiday, `×` prorogation or dissolution.
fn mark(class: &DayClass) -> &'static str {
    match class.kind {
        DayKind::Sitting { certainty: Certainty::Assumed } => "▒",
        DayKind::Sitting { .. } => "░",
        DayKind::Recess { .. } => "~",
        DayKind::BankHoliday { .. } => "*",
        DayKind::Prorogation | DayKind::Dissolution => "×",
        _ => " ",
    }
}

/// What the marks mean.
const LEGEND: &str =
    "░ sitting  ▒ likely sitting (forecast)  ~ recess  * bank holiday  × prorogued or dissolved  • proposals";

/// The month of the day picked, Monday first, the day picked drawn reversed; below it, what the
/// marks mean and the day picked in words.
pub fn month(app: &App, grid: &MonthGrid, frame: &mut Frame, area: Rect) {
    let popup = centered(area, 52, 15);
    frame.render_widget(Clear, popup);
    let first = first_of_month(grid.day);
    let mut lines = vec![
        Line::styled(first.format("%B %Y").to_string(), app.theme.title()),
        Line::styled("Mo   Tu   We   Th   Fr   Sa   Su", app.theme.dim()),
    ];
    let count = |date: NaiveDate| grid.busy.as_ref().and_then(|b| b.iter().find(|(d, _)| *d == date)).map(|(_, n)| *n);
    let lead = first.weekday().num_days_from_monday() as usize;
    let mut row: Vec<Span> = vec![Span::raw("     ".repeat(lead))];
    let mut date = first;
    while date.month() == first.month() {
        let class = app.data.calendar.classify_day(date);
        let dot = if count(date).is_some() { "•" } else { " " };
        let cell = format!("{:>2}{}{dot}", date.day(), mark(&class));
        let mut style = app.theme.badge(class.is_sitting(), class.assumed);
        if date == app.today {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        if date == grid.day {
            style = app.theme.selected();
        }
        row.push(Span::styled(cell, style));
        row.push(Span::raw(" "));
        if date.weekday() == chrono::Weekday::Sun {
            lines.push(Line::from(std::mem::take(&mut row)));
        }
        match date.checked_add_days(Days::new(1)) {
            Some(next) => date = next,
            None => break,
        }
    }
    if !row.is_empty() {
        lines.push(Line::from(row));
    }
    lines.push(Line::from(""));
    let class = app.data.calendar.classify_day(grid.day);
    let held = match (grid.busy.as_ref(), count(grid.day)) {
        (None, _) => String::new(),
        (Some(_), None) => " · nothing planned".to_string(),
        (Some(_), Some(1)) => " · 1 proposal".to_string(),
        (Some(_), Some(n)) => format!(" · {n} proposals"),
    };
    lines.push(Line::from(vec![
        Span::styled(grid.day.format("%A %-d %B %Y").to_string(), app.theme.title()),
        Span::raw(format!(" · {}{held}", class.badge())),
    ]));
    lines.push(Line::styled(LEGEND, app.theme.dim()));
    let block = Block::bordered().title(" Month ");
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), popup);
}

#[cfg(test)]
mod tests {
    use crate::tui::fixture::{d, screen, week_app};
    use crate::tui::overlay::{GoTo, MonthGrid, Overlay};
    use crate::tui::text_input::TextInput;

    #[test]
    fn snapshot_of_the_month_overview() {
        let mut app = week_app();
        app.overlay = Overlay::Month(MonthGrid {
            day: d("2025-04-08"),
            busy: Some(vec![(d("2025-04-08"), 2), (d("2025-04-25"), 1)]),
        });
        let text = screen(&app, 120, 40);
        assert!(text.contains("April 2025") && text.contains(" 8░•") && text.contains("25░•"), "{text}");
        assert!(text.contains(" 9~ ") && text.contains("12░ "), "the Easter recess, and the Saturday recall:\n{text}");
        assert!(text.contains("Tuesday 8 April 2025 · Sitting · 2 proposals"), "{text}");
        insta::assert_snapshot!("week_month_120x40", text);
        for (width, height) in [(80, 24), (40, 10)] {
            screen(&app, width, height);
        }
    }

    #[test]
    fn the_date_prompt_shows_what_was_typed_and_why_it_is_not_a_date() {
        let mut app = week_app();
        app.overlay = Overlay::GoTo(GoTo {
            input: TextInput::new("31st of never"),
            error: Some("\"31st of never\" is not a date".into()),
        });
        let text = screen(&app, 80, 24);
        assert!(text.contains("Date: 31st of never▌") && text.contains("is not a date"), "{text}");
    }
}
