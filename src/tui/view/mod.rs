//! Drawing the state. Views take `&App` and change nothing; they are the only files that use
//! ratatui's widgets. Text from the data goes through [`safe`], so control characters in a name or
//! note are shown escaped and never reach the terminal.

mod contacts;
mod detail;
mod detail_conflicts;
mod detail_proposals;
mod form;
mod help;
mod mps;
mod palette;
mod search;
mod text_cells;
mod today;
mod week;
mod week_nav;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::action::Action;
use super::app::{App, Screen, Tone};
use super::keymap::Scope;
use super::overlay::Overlay;
use super::review;
use super::sharing::{Sharing, Trouble};
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

/// The screen's rows at `area`: tabs, body, status line and footer; None when it is too small to
/// show anything but a request to enlarge it.
fn layout(app: &App, area: Rect) -> Option<[Rect; 4]> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    // A long message wraps (up to three lines) rather than being cut.
    let status_lines = app.status.as_ref().map_or(1, |s| wrapped_rows(&safe(&s.text), area.width).clamp(1, 3));
    Some(
        Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(status_lines),
            Constraint::Length(1),
        ])
        .areas(area),
    )
}

/// Whether the frame at `area` shows nothing beyond the first conflicts ahead that opening reads
/// ([`crate::tui::load::first`]): the Today screen filled by them before they run out, or a screen
/// too small to show any. Then it is drawn before the rest is read.
pub fn first_frame_holds(app: &App, area: Rect) -> bool {
    match layout(app, area) {
        None => true,
        Some([_, body, ..]) => {
            app.screen == Screen::Today && !app.overlay.is_open() && today::filled_by_first_section(app, body)
        }
    }
}

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let Some([tabs, body, status, footer]) = layout(app, area) else {
        too_small(app, frame, area);
        return;
    };
    render_tabs(app, frame, tabs);
    match app.screen {
        Screen::Today => today::render(app, frame, body),
        Screen::Mps => mps::render(app, frame, body),
        Screen::Detail => detail::render(app, frame, body),
        Screen::Week => week::render(app, frame, body),
    }
    render_status(app, frame, status);
    render_footer(app, frame, footer);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Form(_) => form::render(app, frame, body),
        Overlay::Confirm(confirm) => {
            let popup = centered(body, 60.min(body.width), 5.min(body.height));
            frame.render_widget(Clear, popup);
            let text =
                vec![Line::from(safe(&confirm.question)), Line::from(""), Line::from(hint_spans(app, usize::MAX))];
            frame.render_widget(
                Paragraph::new(text).wrap(Wrap { trim: true }).block(Block::bordered().title(" Are you sure? ")),
                popup,
            );
        }
        Overlay::Palette(palette) => palette::render(app, palette, frame, body),
        Overlay::Help(scroll) => help::render(app, frame, body, *scroll),
        Overlay::GoTo(prompt) => week_nav::go_to(app, prompt, frame, body),
        Overlay::Month(grid) => week_nav::month(app, grid, frame, body),
        Overlay::Search(search) => search::render(app, search, frame, body),
    }
}

fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let quit = app.key(Action::Quit).or_else(|| app.key(Action::ForceQuit));
    let text = format!(
        "mpplan needs a window of at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}. Make it larger{}.",
        area.width,
        area.height,
        quit.map(|key| format!(", or press {key} to quit")).unwrap_or_default()
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

fn render_tabs(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::styled(" mpplan ", app.theme.title())];
    for screen in Screen::ALL {
        let label = match app.screen_key(app.screen, screen_action(screen)) {
            Some(key) => format!(" {key} {} ", screen.title()),
            None => format!(" {} ", screen.title()),
        };
        let style = if screen == app.screen { app.theme.selected() } else { Style::new() };
        spans.push(Span::styled(label, style));
    }
    let date = Span::styled(format!("  {}", app.today.format("%a %-d %b %Y")), app.theme.dim());
    let read_only = app.read_only.then(|| {
        Span::styled("  READ-ONLY: the database cannot be written; nothing you change is saved", app.theme.error())
    });
    // A shared plan's state keeps the right end: the date gives way to it first (the Today screen
    // names the day too), then the end of the tabs.
    let width = usize::from(area.width);
    let sharing = app.sharing.as_ref().map(|sharing| {
        let tabs: usize = spans.iter().chain(read_only.as_ref()).map(Span::width).sum();
        let full = full_text(app, sharing).chars().count();
        let keep_date = tabs + date.width() + full <= width;
        let beside = if keep_date { tabs + date.width() } else { tabs };
        (keep_date, sharing_span(app, sharing, beside, area.width))
    });
    if sharing.as_ref().is_none_or(|(keep_date, _)| *keep_date) {
        spans.push(date);
    }
    spans.extend(read_only);
    let tabs = Line::from(spans);
    match sharing.map(|(_, span)| span) {
        Some(sharing) => {
            // The shared plan's state keeps the right end; the tabs are cut before it if need be.
            let width = u16::try_from(sharing.width()).unwrap_or(u16::MAX).min(area.width);
            let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(width)]).areas(area);
            frame.render_widget(tabs, left);
            frame.render_widget(Line::from(sharing), right);
        }
        None => frame.render_widget(tabs, area),
    }
}

/// What the header says of the shared plan in full, with its margins.
fn full_text(app: &App, sharing: &Sharing) -> String {
    format!("  {} ", safe(&sharing.describe(app.today)))
}

/// What the header says of the shared plan, at the right end: in full when it fits beside the
/// tabs (`tabs` columns wide), or else in short; a refusal's reason is cut to the room there is.
fn sharing_span(app: &App, sharing: &Sharing, tabs: usize, width: u16) -> Span<'static> {
    let style = match &sharing.trouble {
        _ if sharing.syncing => app.theme.accent(),
        Some(Trouble::Offline) => app.theme.accent(),
        Some(Trouble::Refused(_) | Trouble::Failed(_)) => app.theme.error(),
        None => app.theme.dim(),
    };
    let full = full_text(app, sharing);
    let short = format!(" · {} ", sharing.describe_short());
    let room = usize::from(width).saturating_sub(tabs);
    let text = match &sharing.trouble {
        _ if full.chars().count() <= room => full,
        Some(Trouble::Refused(_) | Trouble::Failed(_)) if !sharing.syncing && room > short.chars().count() => {
            format!("{}… ", full.chars().take(room - 2).collect::<String>())
        }
        _ => short,
    };
    Span::styled(text, style)
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

/// Clauses naming keys, those whose key is known joined with "; " into a sentence: "Enter opens
/// the checklist; t stops tracking.". None when no key is known.
pub fn sentence(clauses: impl IntoIterator<Item = Option<String>>) -> Option<String> {
    let known: Vec<String> = clauses.into_iter().flatten().collect();
    (!known.is_empty()).then(|| format!("{}.", known.join("; ")))
}

/// "↑↓ scroll", or with keys of more than one letter "k/j scroll": the keys that scroll, when
/// both are known.
pub fn scroll_keys(up: Option<String>, down: Option<String>) -> Option<String> {
    let (up, down) = (up?, down?);
    let single = |k: &str| k.chars().count() == 1;
    Some(if single(&up) && single(&down) { format!("{up}{down} scroll") } else { format!("{up}/{down} scroll") })
}

fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    if let Some(status) = &app.status {
        let style = if status.tone == Tone::Error { app.theme.error() } else { app.theme.accent() };
        frame.render_widget(Paragraph::new(Line::styled(safe(&status.text), style)).wrap(Wrap { trim: true }), area);
    }
}

/// How many rows `text` takes wrapped at words in `width` columns.
fn wrapped_rows(text: &str, width: u16) -> u16 {
    let rows = wrap_indented(text, usize::from(width.max(1)), 0).len();
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// The keys the footer offers where the app is: the keymap's hints, less those that do nothing
/// there.
pub fn footer_hints(app: &App) -> Vec<(String, &'static str)> {
    // On Today, the keys of the item selected: those it takes, and Enter to open it.
    let selected = (app.screen == Screen::Today && !app.overlay.is_open())
        .then(|| review::items(&app.data.agenda).get(app.today_pane.selected).map(review::Listed::actions));
    // On MP detail, the checklist's keys only while the checklist shows.
    let checklist = app.detail.log.is_none() && app.detail.proposals.is_none();
    let keep = |scope: Scope, action: Action| match (scope, &selected) {
        (Scope::Today, Some(None)) => action != Action::Open && !review::ITEM_ACTIONS.contains(&action),
        (Scope::Today, Some(Some(actions))) => !review::ITEM_ACTIONS.contains(&action) || actions.contains(&action),
        (Scope::Detail, _) => checklist || ![Action::ToggleDone, Action::Skip, Action::EditNote].contains(&action),
        _ => true,
    };
    app.keymap.hints_where(&app.scopes(), keep)
}

/// The footer's hints, as many whole ones as fit in `width` columns (a hint is never cut), and
/// when some do not fit, a last word saying where they are.
fn hint_spans(app: &App, width: usize) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let hints = footer_hints(app);
    let wide = |(key, hint): &(String, &str)| key.chars().count() + hint.chars().count() + 3;
    // When not every hint fits, the last thing shown says where the rest are.
    let more = match app.key(Action::Help) {
        Some(key) => format!("… {key} more"),
        None => "…".to_string(),
    };
    // Each hint is followed by two spaces, which the last one needs only before the marker.
    let all = hints.iter().map(wide).sum::<usize>().saturating_sub(2) <= width;
    let room = if all { width.saturating_add(2) } else { width.saturating_sub(more.chars().count()) };
    let mut used = 0;
    for hint in &hints {
        if used + wide(hint) > room {
            break;
        }
        used += wide(hint);
        spans.push(Span::styled(hint.0.clone(), app.theme.accent()));
        spans.push(Span::raw(format!(" {}  ", hint.1)));
    }
    if !all {
        spans.push(Span::styled(more, app.theme.dim()));
    }
    spans
}

fn render_footer(app: &App, frame: &mut Frame, area: Rect) {
    frame.render_widget(Line::from(hint_spans(app, usize::from(area.width))), area);
}

/// Splits `text` into lines of at most `width` columns at spaces, each starting with `indent`
/// spaces, so a long reason stays indented under the item it explains; a word wider than a line
/// is cut.
pub fn wrap_indented(text: &str, width: usize, indent: usize) -> Vec<String> {
    wrap_indented_rows(text, width, indent, usize::MAX)
}

/// [`wrap_indented`], stopping after `max_rows` lines: the work is in proportion to what is kept,
/// however long the text.
pub fn wrap_indented_rows(text: &str, width: usize, indent: usize, max_rows: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let room = width.saturating_sub(indent).max(10);
    let pad = " ".repeat(indent);
    let mut lines: Vec<String> = Vec::new();
    let mut line = pad.clone();
    // The line's width without its indent, kept as words are added rather than measured again.
    let mut used = 0;
    for word in text.split_whitespace() {
        if lines.len() >= max_rows {
            break;
        }
        let mut word = word;
        let mut w = word.width();
        if used > 0 && used + 1 + w > room {
            lines.push(std::mem::replace(&mut line, pad.clone()));
            used = 0;
        } else if used > 0 {
            line.push(' ');
            used += 1;
        }
        while used + w > room && lines.len() < max_rows {
            let (head, tail, head_width) = split_at_width(word, room - used);
            if head.is_empty() {
                break;
            }
            line.push_str(head);
            lines.push(std::mem::replace(&mut line, pad.clone()));
            (used, word, w) = (0, tail, w - head_width);
        }
        line.push_str(word);
        used += w;
    }
    if used > 0 && lines.len() < max_rows {
        lines.push(line);
    }
    lines
}

/// Word-wraps styled text to `width` columns, keeping its spacing (so a line that fits is drawn as it
/// is) and indenting later lines by `hanging` spaces; a word wider than a line is cut.
pub fn wrap_styled(segments: &[(String, Style)], width: usize, hanging: usize) -> Vec<Line<'static>> {
    wrap_styled_rows(segments, width, hanging, usize::MAX)
}

/// [`wrap_styled`], stopping after `max_rows` lines. Each run of text is measured once, so the
/// work is in proportion to the text wrapped (never to its square), and stops with the last row
/// kept. Words of one style side by side on a row are one span.
pub fn wrap_styled_rows(
    segments: &[(String, Style)],
    width: usize,
    hanging: usize,
    max_rows: usize,
) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    let width = width.max(hanging + 10);
    let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let (mut used, mut start) = (0, 0);
    // The spaces after the last word, which go on its row only if a word follows there.
    let mut spaces: Vec<(&str, Style)> = Vec::new();
    let mut space = 0;
    'text: for (text, style) in segments {
        for token in runs(text) {
            if token.starts_with(' ') {
                space += token.len();
                spaces.push((token, *style));
                continue;
            }
            let mut word = token;
            let mut w = word.width();
            if used > start && used + space + w > width {
                if rows.len() >= max_rows {
                    break 'text;
                }
                rows.push(vec![Span::raw(" ".repeat(hanging))]);
                (used, start) = (hanging, hanging);
                spaces.clear();
            } else if used + space + first_width(word) > width {
                // Spaces that leave no room on a row for its first word's first letter are
                // dropped, as at a wrap.
                spaces.clear();
            } else {
                used += space;
                for (text, style) in spaces.drain(..) {
                    push_styled(rows.last_mut().expect("a row"), text, style);
                }
            }
            space = 0;
            while used + w > width {
                let (head, tail, head_width) = split_at_width(word, width - used);
                if head.is_empty() {
                    break;
                }
                push_styled(rows.last_mut().expect("a row"), head, *style);
                if rows.len() >= max_rows {
                    break 'text;
                }
                rows.push(vec![Span::raw(" ".repeat(hanging))]);
                (used, start, word, w) = (hanging, hanging, tail, w - head_width);
            }
            used += w;
            push_styled(rows.last_mut().expect("a row"), word, *style);
        }
    }
    rows.truncate(max_rows);
    rows.into_iter().map(Line::from).collect()
}

/// The width of `word`'s first letter.
fn first_width(word: &str) -> usize {
    use unicode_width::UnicodeWidthChar;
    word.chars().next().and_then(|c| c.width()).unwrap_or(0)
}

/// `text` at the end of `row`, in the row's last span when that has the same style.
fn push_styled(row: &mut Vec<Span<'static>>, text: &str, style: Style) {
    match row.last_mut() {
        Some(last) if last.style == style => last.content.to_mut().push_str(text),
        _ => row.push(Span::styled(text.to_string(), style)),
    }
}

/// `text` cut into runs of spaces and runs of anything else, as they are needed.
fn runs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let spaces = rest.starts_with(' ');
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(|c: char| (c == ' ') != spaces).unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some(run)
    })
}

/// The longest start of `word` at most `width` columns wide, the rest, and the start's width. Only
/// the start is looked at.
fn split_at_width(word: &str, width: usize) -> (&str, &str, usize) {
    use unicode_width::UnicodeWidthChar;
    let mut used = 0;
    for (i, c) in word.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            let (head, tail) = word.split_at(i);
            return (head, tail, used);
        }
        used += w;
    }
    (word, "", used)
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
mod named_keys_tests;

#[cfg(test)]
mod sharing_tests;

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
