//! The `?` overlay: every binding, read from the live keymap (so rebound keys show as rebound).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::centered;
use crate::tui::app::App;

pub fn render(app: &App, frame: &mut Frame, area: Rect, scroll: usize) {
    let mut lines: Vec<Line<'static>> = vec![
        Line::from("mpplan plans your organisation's relationship with its MPs. Screens: 1 Today, 2 MPs,"),
        Line::from("3 MP detail, 4 Week. Start on MPs: find your MP by postcode, open it, tick the steps."),
    ];
    for (title, rows) in app.keymap.help() {
        lines.push(Line::from(""));
        lines.push(Line::styled(title.to_string(), app.theme.title()));
        for (keys, help) in rows {
            lines.push(Line::from(vec![Span::styled(format!("  {keys:<22}"), app.theme.accent()), Span::raw(help)]));
        }
    }
    let popup = centered(area, 90, area.height);
    let inner = popup.height.saturating_sub(2) as usize;
    let scroll = scroll.min(lines.len().saturating_sub(inner)) as u16;
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(Block::bordered().title(" Help: keys (↑↓ scroll, ? or Esc closes) ")),
        popup,
    );
}
