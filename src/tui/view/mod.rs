//! Drawing the state. Views take `&App` and change nothing; they are the only files that use
//! ratatui's widgets. Text from the data goes through [`safe`], so control characters in a name or
//! note are shown escaped and never reach the terminal.

mod contacts;
mod detail;
mod form;
mod help;
mod mps;
mod palette;
mod today;
mod week;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::action::Action;
use super::app::{App, Screen, Tone};
use super::keymap::Scope;
use crate::domain::text::printable;

/// The smallest window mpplan draws its screens in.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this width on, screens show their panes side by side.
pub const WIDE: u16 = 100;

/// Text from the data or the user, safe for the terminal.
pub fn safe(text: &str) -> String {
    printable(text).into_owned()
}

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return;
    }
    let [tabs, body, status, footer] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1), Constraint::Length(1)])
            .areas(area);
    render_tabs(app, frame, tabs);
    match app.screen {
        Screen::Today => today::render(app, frame, body),
        Screen::Mps => mps::render(app, frame, body),
        Screen::Detail => detail::render(app, frame, body),
        Screen::Week => week::render(app, frame, body),
    }
    render_status(app, frame, status);
    render_footer(app, frame, footer);
    if app.form.is_some() {
        form::render(app, frame, body);
    }
    if let Some(confirm) = &app.confirm {
        let popup = centered(body, 60.min(body.width), 5.min(body.height));
        frame.render_widget(Clear, popup);
        let text = vec![Line::from(safe(&confirm.question)), Line::from(""), Line::from(hint_spans(app))];
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: true }).block(Block::bordered().title(" Are you sure? ")),
            popup,
        );
    }
    if let Some(palette) = &app.palette {
        palette::render(app, palette, frame, body);
    }
    if let Some(scroll) = app.help {
        help::render(app, frame, body, scroll);
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "mpplan needs a window of at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}. Make it larger, or press q to quit.",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

fn render_tabs(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::styled(" mpplan ", app.theme.title())];
    for screen in Screen::ALL {
        let label = format!(" {} {} ", app.keymap.key_for(Scope::Global, screen_action(screen)), screen.title());
        let style = if screen == app.screen { app.theme.selected() } else { Style::new() };
        spans.push(Span::styled(label, style));
    }
    spans.push(Span::styled(format!("  {}", app.today.format("%a %-d %b %Y")), app.theme.dim()));
    if app.read_only {
        spans.push(Span::styled(
            "  READ-ONLY: the database cannot be written; nothing you change is saved",
            app.theme.error(),
        ));
    }
    frame.render_widget(Line::from(spans), area);
}

/// The action that shows a screen, for naming its key.
pub fn screen_action(screen: Screen) -> Action {
    match screen {
        Screen::Today => Action::ScreenToday,
        Screen::Mps => Action::ScreenMps,
        Screen::Detail => Action::ScreenDetail,
        Screen::Week => Action::ScreenWeek,
    }
}

fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    if let Some(status) = &app.status {
        let style = if status.tone == Tone::Error { app.theme.error() } else { app.theme.accent() };
        frame.render_widget(Line::styled(safe(&status.text), style), area);
    }
}

fn hint_spans(app: &App) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (key, hint) in app.keymap.hints(&app.scopes()) {
        spans.push(Span::styled(key, app.theme.accent()));
        spans.push(Span::raw(format!(" {hint}  ")));
    }
    spans
}

fn render_footer(app: &App, frame: &mut Frame, area: Rect) {
    frame.render_widget(Line::from(hint_spans(app)), area);
}

/// Splits `text` into lines of at most `width` columns at spaces, each starting with `indent`
/// spaces, so a long reason stays indented under the item it explains.
pub fn wrap_indented(text: &str, width: usize, indent: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let room = width.saturating_sub(indent).max(10);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| format!("{}{l}", " ".repeat(indent))).collect()
}

/// Word-wraps styled text to `width` columns, keeping its spacing (so a line that fits is drawn as it
/// is) and indenting later lines by `hanging` spaces; a word wider than a line is cut.
pub fn wrap_styled(segments: &[(String, Style)], width: usize, hanging: usize) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(hanging + 10);
    let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let (mut used, mut start) = (0, 0);
    let mut spaces: Vec<Span<'static>> = Vec::new();
    for (text, style) in segments {
        for token in runs(text) {
            if token.starts_with(' ') {
                spaces.push(Span::styled(token.to_string(), *style));
                continue;
            }
            let space: usize = spaces.iter().map(Span::width).sum();
            let mut word = token;
            if used > start && used + space + word.width() > width {
                rows.push(vec![Span::raw(" ".repeat(hanging))]);
                (used, start) = (hanging, hanging);
                spaces.clear();
            } else {
                used += space;
                rows.last_mut().expect("a row").append(&mut spaces);
            }
            while used + word.width() > width {
                let (head, tail) = split_at_width(word, width - used);
                if head.is_empty() {
                    break;
                }
                rows.last_mut().expect("a row").push(Span::styled(head.to_string(), *style));
                rows.push(vec![Span::raw(" ".repeat(hanging))]);
                (used, start, word) = (hanging, hanging, tail);
            }
            used += word.width();
            rows.last_mut().expect("a row").push(Span::styled(word.to_string(), *style));
        }
    }
    rows.into_iter().map(Line::from).collect()
}

/// `text` cut into runs of spaces and runs of anything else.
fn runs(text: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut from = 0;
    for (i, c) in text.char_indices().skip(1) {
        let before = text[..i].ends_with(' ');
        if (c == ' ') != before {
            runs.push(&text[from..i]);
            from = i;
        }
    }
    if from < text.len() {
        runs.push(&text[from..]);
    }
    runs
}

/// The longest start of `word` at most `width` columns wide, and the rest.
fn split_at_width(word: &str, width: usize) -> (&str, &str) {
    use unicode_width::UnicodeWidthChar;
    let mut used = 0;
    for (i, c) in word.char_indices() {
        used += c.width().unwrap_or(0);
        if used > width {
            return word.split_at(i);
        }
    }
    (word, "")
}

/// A rectangle of at most `width`×`height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod wrap_tests {
    use ratatui::style::Style;

    #[test]
    fn wrapping_keeps_the_indent_and_the_width() {
        let lines = super::wrap_indented("one two three four five six seven", 16, 4);
        assert_eq!(lines, ["    one two", "    three four", "    five six", "    seven"]);
        assert!(super::wrap_indented("", 10, 2).is_empty());
    }

    fn wrapped(segments: &[(&str, Style)], width: usize, hanging: usize) -> Vec<String> {
        let segments: Vec<(String, Style)> = segments.iter().map(|(t, s)| (t.to_string(), *s)).collect();
        super::wrap_styled(&segments, width, hanging).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn styled_wrapping_keeps_spacing_hangs_later_lines_and_cuts_long_words() {
        let bold = Style::new().bold();
        let plain = Style::new();
        let text = [("  10:00  ", plain), ("conflict", bold), ("  Board meeting at the hospital", plain)];
        assert_eq!(wrapped(&text, 60, 4), ["  10:00  conflict  Board meeting at the hospital"]);
        assert_eq!(wrapped(&text, 20, 4), ["  10:00  conflict", "    Board meeting at", "    the hospital"]);
        assert_eq!(
            wrapped(&[("abcdefghijklmnopqrstuvwxyz", plain)], 12, 2),
            ["abcdefghijkl", "  mnopqrstuv", "  wxyz"]
        );
        assert_eq!(wrapped(&[("", plain)], 12, 2), [""]);
        let spans = super::wrap_styled(&[("a ".into(), plain), ("b".into(), bold)], 20, 2);
        assert_eq!(spans[0].spans.last().unwrap().style, bold, "styles follow the words");
    }
}
