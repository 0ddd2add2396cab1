//! The engagement's notes (topics, cadence, office address, background, notes) and the contact log,
//! newest first, on the MP detail screen. While the log has the focus its title stands out and the
//! arrow keys scroll it one contact at a time.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use super::text_cells::{render_bordered, render_lines};
use super::{safe, scroll_keys, wrap_styled_rows};
use crate::domain::engagement::contact::Interaction;
use crate::domain::mps::names::{display_name, same_name};
use crate::tui::action::Action;
use crate::tui::app::{App, DetailData, Screen};
use crate::tui::form::one_line;

/// The label column's width, and how far a contact's wrapped lines are indented.
const LABEL: usize = 12;

pub fn render(app: &App, data: &DetailData, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width.saturating_sub(2));
    let height = usize::from(area.height.saturating_sub(2));
    let lines = visible_lines(app, data, width, height);
    let focused = app.detail.log.is_some();
    let title_style = if focused { app.theme.accent() } else { app.theme.title() };
    let title = match scroll_keys(app.pane_key(Action::Up), app.pane_key(Action::Down)).filter(|_| focused) {
        Some(scroll) => format!(" Engagement and contact log ({scroll}) "),
        None => " Engagement and contact log ".to_string(),
    };
    let buf = frame.buffer_mut();
    render_bordered(&Line::from(Span::styled(title, title_style)), area, buf);
    render_lines(&lines, 0, Block::bordered().inner(area), buf);
}

/// One piece of the pane, wrapped on its own: an engagement field, a fixed line, or a contact.
enum Piece {
    Field(&'static str, String, Style),
    Line(Line<'static>),
    Wrapped(String, Style),
    Contact(usize),
}

/// The lines the pane shows, `height` of them at most: scrolled just enough that the selected
/// contact's last line shows. Only the pieces in view are wrapped (the selected contact and
/// those before it back to the top of the view, or from the top down to the bottom), so a long
/// history or a long note costs only what is drawn.
fn visible_lines(app: &App, data: &DetailData, width: usize, height: usize) -> Vec<Line<'static>> {
    let pieces = pieces(app, data);
    let first_contact = pieces.iter().position(|p| matches!(p, Piece::Contact(_))).unwrap_or(pieces.len());
    let wrap = |piece: &Piece, max_rows: usize| -> Vec<Line<'static>> {
        match piece {
            Piece::Field(label, value, style) => {
                let segments = [(format!("{label:<LABEL$}"), app.theme.dim()), (value.clone(), *style)];
                wrap_styled_rows(&segments, width, LABEL, max_rows)
            }
            Piece::Line(line) => vec![line.clone()].into_iter().take(max_rows).collect(),
            Piece::Wrapped(text, style) => wrap_styled_rows(&[(text.clone(), *style)], width, 0, max_rows),
            Piece::Contact(i) => {
                let selected = app.detail.log == Some(*i);
                let segments = contact_segments(app, data, &data.interactions[*i], selected);
                wrap_styled_rows(&segments, width, LABEL, max_rows)
            }
        }
    };
    // With a contact selected, its last line is the view's last, unless everything up to it fits.
    if let Some(selected) = app.detail.log.map(|i| first_contact + i).filter(|&p| p < pieces.len()) {
        let mut tail: Vec<Line<'static>> = Vec::new();
        for piece in pieces[..=selected].iter().rev() {
            let mut lines = wrap(piece, usize::MAX);
            lines.append(&mut tail);
            tail = lines;
            if tail.len() >= height {
                return tail.split_off(tail.len() - height);
            }
        }
        let mut lines = tail;
        for piece in &pieces[selected + 1..] {
            if lines.len() >= height {
                break;
            }
            lines.extend(wrap(piece, height - lines.len()));
        }
        return lines;
    }
    let mut lines = Vec::new();
    for piece in &pieces {
        if lines.len() >= height {
            break;
        }
        lines.extend(wrap(piece, height - lines.len()));
    }
    lines
}

/// The pane's pieces in order: the engagement's fields, the log's heading, and each contact.
fn pieces(app: &App, data: &DetailData) -> Vec<Piece> {
    let theme = &app.theme;
    let key = |action| app.screen_key(Screen::Detail, action);
    let mut pieces = Vec::new();
    match &data.engagement {
        Some(info) => {
            let or_none = |text: String, none: String| {
                if text.is_empty() { (none, theme.dim()) } else { (safe(&text), Style::new()) }
            };
            let (topics, style) = or_none(info.topic_list().join("; "), adds(key(Action::EditInfo)));
            pieces.push(Piece::Field("Topics", topics, style));
            pieces.push(Piece::Field("Cadence", format!("every {} days", info.cadence_days), Style::new()));
            let office = one_line(&info.office_address, ", ");
            let (office, style) = or_none(office, "none: letters go to the House of Commons".into());
            pieces.push(Piece::Field("Office", office, style));
            let (background, style) = or_none(info.background.clone(), "none yet".into());
            pieces.push(Piece::Field("Background", background, style));
            if !info.notes.trim().is_empty() {
                pieces.push(Piece::Field("Notes", safe(&info.notes), Style::new()));
            }
        }
        None => {
            let text = match key(Action::ToggleTrack) {
                Some(key) => format!("not tracked yet: {key} tracks this MP"),
                None => "not tracked yet".to_string(),
            };
            pieces.push(Piece::Field("Engagement", text, theme.dim()));
        }
    }
    pieces.push(Piece::Line(Line::from("")));
    pieces.push(Piece::Line(Line::styled("Contact log, newest first", theme.title())));
    if data.interactions.is_empty() {
        let text = match key(Action::LogContact) {
            Some(key) => format!("Nothing logged yet: {key} logs a letter, call or meeting."),
            None => "Nothing logged yet.".to_string(),
        };
        pieces.push(Piece::Wrapped(text, theme.dim()));
    }
    pieces.extend((0..data.interactions.len()).map(Piece::Contact));
    pieces
}

/// "none yet: i adds them", with the key that edits the engagement's notes.
fn adds(key: Option<String>) -> String {
    key.map_or_else(|| "none yet".to_string(), |key| format!("none yet: {key} adds them"))
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
    // In a shared plan, who logged it, when not you.
    if let Some(author) = data.others.contacts.get(&contact.uuid) {
        segments.push((format!(" · {}", safe(author)), app.theme.dim()));
    }
    segments
}
