//! The MP's proposals on the MP detail screen, in place of the checklist while they have the focus:
//! each with its times, flag, status and press plan, in date order; the selected one with its
//! flag's reason (and what it overlaps), so that its status can be set with a key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use super::text_cells::{render_bordered, render_list};
use super::{safe, wrap_indented_rows, wrap_styled};
use crate::domain::engagement::flagged::flag_few;
use crate::domain::engagement::press::Press;
use crate::tui::action::Action;
use crate::tui::app::{App, DetailData};

pub fn render(app: &App, data: &DetailData, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let width = usize::from(area.width.saturating_sub(2));
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    let selected = app.detail.proposals.unwrap_or(0);
    let flagged = flag_few(&data.proposals, &data.nearby, &app.data.calendar);
    let mut items: Vec<Vec<Line>> = Vec::new();
    for (i, f) in flagged.iter().enumerate() {
        let p = &f.proposal;
        let end = if p.end.date() == p.start.date() { p.end.format("%H:%M") } else { p.end.format("%-d %b %H:%M") };
        let when = if p.all_day { p.when_text() } else { format!("{}–{end}", p.start.format("%a %-d %b %Y %H:%M")) };
        let press =
            if p.press == Press::default() { String::new() } else { format!(" · press {}", p.press.summary()) };
        let flag_style = if f.cancelled() { theme.dim() } else { theme.flag(f.flag) };
        let head = [
            (format!(" {when} "), Style::new()),
            (f.label().to_string(), flag_style),
            (format!(" {} [{}]{press}", safe(&p.label()), p.status), Style::new()),
        ];
        let mut lines = wrap_styled(&head, width, 3);
        if i == selected {
            let why = wrap_indented_rows(&safe(&f.reason), width, 3, rows.saturating_sub(1));
            lines.extend(why.into_iter().map(|l| Line::styled(l, theme.dim())));
        }
        items.push(lines);
    }
    if items.is_empty() {
        let text = match app.key(Action::Add) {
            Some(key) => format!(" None yet: {key} proposes a meeting or visit."),
            None => " None yet.".to_string(),
        };
        items.push(vec![Line::styled(text, theme.dim())]);
    }
    let title = match app.key(Action::Proposals) {
        Some(key) => format!(" Proposals · {key} checklist "),
        None => " Proposals ".to_string(),
    };
    let buf = frame.buffer_mut();
    render_bordered(&Line::from(Span::styled(title, theme.accent())), area, buf);
    let selected = (!flagged.is_empty()).then_some(selected);
    render_list(items, selected, theme.selected(), Block::bordered().inner(area), buf);
}
