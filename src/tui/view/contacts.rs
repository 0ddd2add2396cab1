//! The engagement's notes (topics, cadence, office address, background, notes) and the contact log,
//! newest first, on the MP detail screen. While the log has the focus its title stands out and the
//! arrow keys scroll it one contact at a time.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{safe, wrap_styled};
use crate::domain::contact::Interaction;
use crate::domain::mp_name::{display_name, same_name};
use crate::tui::action::Action;
use crate::tui::app::{App, DetailData};
use crate::tui::form::one_line;
use crate::tui::keymap::Scope;

/// The label column's width, and how far a contact's wrapped lines are indented.
const LABEL: usize = 12;

pub fn render(app: &App, data: &DetailData, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width.saturating_sub(2));
    let (lines, first_contact) = lines(app, data, width);
    // Scrolled just enough that the selected contact's last line shows.
    let end = app.detail.log.and_then(|i| first_contact.get(i + 1).copied().or(Some(lines.len()))).unwrap_or(0);
    let scroll = end.saturating_sub(usize::from(area.height.saturating_sub(2)));
    let focused = app.detail.log.is_some();
    let title_style = if focused { app.theme.accent() } else { app.theme.title() };
    let title = if focused { " Engagement and contact log (↑↓ scroll) " } else { " Engagement and contact log " };
    let block = Block::bordered().title(Span::styled(title, title_style));
    frame
        .render_widget(Paragraph::new(lines).block(block).scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)), area);
}

/// The pane's lines, and the row on which each contact starts.
fn lines(app: &App, data: &DetailData, width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
    let theme = &app.theme;
    let key = |action| app.keymap.key_for(Scope::Detail, action);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut field = |label: &str, value: String, style: Style| {
        let segments = [(format!("{label:<LABEL$}"), theme.dim()), (value, style)];
        lines.extend(wrap_styled(&segments, width, LABEL));
    };
    match &data.engagement {
        Some(info) => {
            let or_none = |text: String, none: String| {
                if text.is_empty() { (none, theme.dim()) } else { (safe(&text), Style::new()) }
            };
            let (topics, style) =
                or_none(info.topic_list().join("; "), format!("none yet: {} adds them", key(Action::EditInfo)));
            field("Topics", topics, style);
            field("Cadence", format!("every {} days", info.cadence_days), Style::new());
            let office = one_line(&info.office_address, ", ");
            let (office, style) = or_none(office, "none: letters go to the House of Commons".into());
            field("Office", office, style);
            let (background, style) = or_none(info.background.clone(), "none yet".into());
            field("Background", background, style);
            if !info.notes.trim().is_empty() {
                field("Notes", safe(&info.notes), Style::new());
            }
        }
        None => {
            let text = format!("not tracked yet: {} tracks this MP", key(Action::ToggleTrack));
            field("Engagement", text, theme.dim());
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::styled("Contact log, newest first", theme.title()));
    if data.interactions.is_empty() {
        let text = format!("Nothing logged yet: {} logs a letter, call or meeting.", key(Action::LogContact));
        lines.extend(wrap_styled(&[(text, theme.dim())], width, 0));
    }
    let mut first_contact = Vec::new();
    for (i, contact) in data.interactions.iter().enumerate() {
        first_contact.push(lines.len());
        let selected = app.detail.log == Some(i);
        lines.extend(wrap_styled(&contact_segments(app, data, contact, selected), width, LABEL));
    }
    (lines, first_contact)
}

/// "14 Nov 2026 letter to the MP: First letter (MP then: …)"; the selected contact's date is
/// highlighted.
fn contact_segments(app: &App, data: &DetailData, contact: &Interaction, selected: bool) -> Vec<(String, Style)> {
    let date_style = if selected { app.theme.selected() } else { app.theme.dim() };
    let date = contact.on.format("%-d %b %Y").to_string();
    let pad = " ".repeat(LABEL.saturating_sub(date.len()));
    let mut segments = vec![
        (date, date_style),
        (pad, Style::new()),
        (format!("{} {}", contact.kind, contact.direction.label()), app.theme.accent()),
    ];
    if !contact.summary.is_empty() {
        segments.push((format!(": {}", safe(&contact.summary)), Style::new()));
    }
    if !contact.mp_name.trim().is_empty() && !same_name(&contact.mp_name, &data.card.summary.name) {
        segments.push((format!(" (MP then: {})", safe(&display_name(&contact.mp_name))), app.theme.dim()));
    }
    segments
}
