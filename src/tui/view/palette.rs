//! The command palette: at the foot of the screen, the commands that fit what is typed, where the
//! file will be found, why the last command failed (whole, wrapped) and the line being typed; an
//! import's preview in a popup, to apply or cancel; and the question before an export replaces a
//! file.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::form::value_spans;
use super::{centered, safe, scroll_keys, wrap_styled};
use crate::shared::transfer::{Plan, Preview};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::palette::{Palette, hints_for};
use crate::tui::text_input::TextInput;

pub fn render(app: &App, palette: &Palette, frame: &mut Frame, area: Rect) {
    match palette {
        Palette::Prompt { input, error } => prompt(app, input, error.as_deref(), frame, area),
        Palette::Preview { preview, scroll } => popup(app, preview, *scroll, frame, area),
        Palette::Overwrite { path, .. } => overwrite(app, path, frame, area),
    }
}

/// The question before an export replaces a file, with the keys that answer it.
fn overwrite(app: &App, path: &str, frame: &mut Frame, area: Rect) {
    let rect = centered(area, 70.min(area.width), area.height.min(8));
    let width = usize::from(rect.width.saturating_sub(2));
    let question = format!("{} already exists. Replace it with the export?", safe(path));
    let mut lines = wrap_styled(&[(question, Style::new())], width, 0);
    let keys: Vec<String> = [
        app.key(Action::Yes).map(|k| format!("{k} replace it")),
        app.key(Action::No).map(|k| format!("{k} keep it (nothing is written)")),
    ]
    .into_iter()
    .flatten()
    .collect();
    lines.extend(wrap_styled(&[(keys.join(" · "), app.theme.dim())], width, 0));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(area.height);
    let rect = Rect { height, ..rect };
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(Span::styled(" Replace the file? ", app.theme.title()))),
        rect,
    );
}

/// A box along the bottom of `area`: the hints, why the last command failed, then the line typed
/// (kept when room is short, and the error next).
fn prompt(app: &App, input: &TextInput, error: Option<&str>, frame: &mut Frame, area: Rect) {
    let width = usize::from(area.width.saturating_sub(2));
    let dim = app.theme.dim();
    let mut lines =
        wrap_styled(&[(hints_for(input.text(), app.sharing.is_some() && !app.read_only).join("   "), dim)], width, 2);
    let whom = match app.open_seat() {
        Some(seat) => format!("import ics makes proposals for {}.", safe(&seat.describe())),
        None => "import ics makes proposals for the MP open on the MP detail screen; none is open.".to_string(),
    };
    for note in ["FILE: ~ is your home folder; a relative name is in your documents folder.".to_string(), whom] {
        lines.extend(wrap_styled(&[(note, dim)], width, 2));
    }
    if let Some(error) = error {
        lines.extend(wrap_styled(&[(safe(error), app.theme.error())], width, 2));
    }
    let mut typed = vec![Span::styled(": ", app.theme.accent())];
    typed.extend(value_spans(app, input, true, width.saturating_sub(2)));
    lines.push(Line::from(typed));
    let room = usize::from(area.height.saturating_sub(2));
    let lines = lines.split_off(lines.len().saturating_sub(room));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(area.height);
    let rect = Rect { y: area.y + area.height - height, height, ..area };
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(Block::bordered().title(" Command ")), rect);
}

/// The preview's lines in a popup as large as `area` allows, titled with the keys that answer it.
fn popup(app: &App, preview: &Preview, scroll: usize, frame: &mut Frame, area: Rect) {
    let (question, nothing) = if matches!(preview.plan, Plan::Update(_)) {
        ("Update?", "Up to date")
    } else {
        ("Import?", "Nothing to import")
    };
    let cancel = app.key(Action::No);
    let (head, keys) = if preview.plan.changes_anything() {
        let apply = app.key(Action::Yes).map(|k| format!("{k} apply"));
        (
            question,
            vec![scroll_keys(app.key(Action::Up), app.key(Action::Down)), apply, cancel.map(|k| format!("{k} cancel"))],
        )
    } else {
        (nothing, vec![cancel.map(|k| format!("{k} closes"))])
    };
    let keys: Vec<String> = keys.into_iter().flatten().collect();
    let title = match (keys.is_empty(), preview.plan.changes_anything()) {
        (true, _) => format!(" {head} "),
        (false, true) => format!(" {head} {} ", keys.join(" · ")),
        (false, false) => format!(" {head} · {} ", keys.join(" · ")),
    };
    let rect = centered(area, 110, area.height);
    let width = usize::from(rect.width.saturating_sub(2));
    // A long line wraps under its own text, indented a little further.
    let lines: Vec<Line<'static>> = preview
        .lines
        .iter()
        .flat_map(|l| {
            let indent = l.len() - l.trim_start().len();
            wrap_styled(&[(safe(l), Style::new())], width, indent + 2)
        })
        .collect();
    let inner = usize::from(rect.height.saturating_sub(2));
    let scroll = u16::try_from(scroll.min(lines.len().saturating_sub(inner))).unwrap_or(u16::MAX);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll, 0))
            .block(Block::bordered().title(Span::styled(title, app.theme.title()))),
        rect,
    );
}
