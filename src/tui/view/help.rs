//! The `?` overlay: every binding, read from the live keymap (so rebound keys show as rebound).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{centered, screen_action};
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::keymap::Scope;

pub fn render(app: &App, frame: &mut Frame, area: Rect, scroll: usize) {
    let screens: Vec<String> = Screen::ALL
        .iter()
        .map(|s| format!("{} {}", app.keymap.key_for(Scope::Global, screen_action(*s)), s.title()))
        .collect();
    let postcode = app.keymap.key_for(Scope::Mps, Action::Postcode);
    let mut lines: Vec<Line<'static>> = vec![
        Line::from("mpplan plans your organisation's relationship with its MPs."),
        Line::from(format!("Screens: {}.", screens.join(", "))),
        Line::from(format!("Start on MPs: {postcode} finds your MP by postcode; open it and tick the steps.")),
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
