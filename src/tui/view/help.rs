//! The `?` overlay: every binding, read from the live keymap (so rebound keys show as rebound).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{centered, screen_action, scroll_keys};
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};

pub fn render(app: &App, frame: &mut Frame, area: Rect, scroll: usize) {
    let screens: Vec<String> = Screen::ALL
        .iter()
        .map(|s| match app.screen_key(app.screen, screen_action(*s)) {
            Some(key) => format!("{key} {}", s.title()),
            None => s.title().to_string(),
        })
        .collect();
    let start = match app.screen_key(Screen::Mps, Action::Postcode) {
        Some(key) => format!("{key} finds your MP by postcode"),
        None => "find your MP by postcode".to_string(),
    };
    let mut lines: Vec<Line<'static>> = vec![
        Line::from("mpplan plans your organisation's relationship with its MPs."),
        Line::from(format!("Screens: {}.", screens.join(", "))),
        Line::from(format!("Start on MPs: {start}; open it and tick the steps.")),
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
        Paragraph::new(lines).wrap(Wrap { trim: false }).scroll((scroll, 0)).block(Block::bordered().title(title(app))),
        popup,
    );
}

/// " Help: keys (↑↓ scroll, ? or Esc closes) ", with the keys that do those now.
fn title(app: &App) -> String {
    let close = app.keymap.keys_for(&app.scopes(), Action::Help);
    let close = (!close.is_empty()).then(|| format!("{} closes", close[..close.len().min(2)].join(" or ")));
    let keys: Vec<String> =
        [scroll_keys(app.key(Action::Up), app.key(Action::Down)), close].into_iter().flatten().collect();
    if keys.is_empty() { " Help: keys ".to_string() } else { format!(" Help: keys ({}) ", keys.join(", ")) }
}
