//! Today: the daily review, a list to work through. One [`Agenda`] feeds this screen and `mpplan
//! agenda`, and the lines are the agenda's own ([`agenda_sections`]), in its order, so the two
//! always agree. Here they are styled (each flag coloured, with its symbol in the margin; overdue
//! follow-ups in red, marked `»`) and the selected item ([`crate::tui::review`]) is highlighted,
//! and kept in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Block;

use super::text_cells::{render_bordered, render_lines};
use super::wrap_styled;
use crate::domain::calendar::{Flag, long_date};
use crate::domain::engagement::agenda::{Agenda, FlaggedProposal};
use crate::domain::engagement::agenda_text::agenda_sections;
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};

/// How far a wrapped item's later lines are indented.
const HANGING: usize = 6;

/// Lines kept in view below the selected item, where there are any.
const BELOW: usize = 2;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let (width, height) = inner(area);
    let drawn = lines(app, width, height);
    let title = Line::from(format!(" Today, {} ", long_date(app.today)));
    let scroll = drawn.scroll(height).min(usize::from(u16::MAX));
    render_bordered(&title, area, frame.buffer_mut());
    render_lines(&drawn.lines, scroll, Block::bordered().inner(area), frame.buffer_mut());
}

/// Whether the screen at `area` is filled before the first section's items run out: then it shows
/// nothing of the sections after, nor the end of the first.
pub fn filled_by_first_section(app: &App, area: Rect) -> bool {
    let (width, height) = inner(area);
    !app.data.agenda.conflicts_ahead.is_empty() && lines(app, width, height).stopped_in == Some(0)
}

/// The width and height of the lines inside the screen's border.
fn inner(area: Rect) -> (usize, usize) {
    (area.width.saturating_sub(2) as usize, area.height.saturating_sub(2) as usize)
}

/// The screen's lines, and where the selected item is among them.
struct Drawn {
    lines: Vec<Line<'static>>,
    /// The selected item's first line and the line after its last.
    selected: Option<(usize, usize)>,
    /// The section whose items were left undrawn once the window below the selected item was full.
    stopped_in: Option<usize>,
}

impl Drawn {
    /// The first line to show in a window `height` lines tall: the top, until the selected item
    /// (with a little after it) needs the window to move, and never past the item's first line.
    fn scroll(&self, height: usize) -> usize {
        let Some((start, end)) = self.selected else { return 0 };
        let end = (end + BELOW).min(self.lines.len());
        end.saturating_sub(height).min(start)
    }

    /// Marks the lines from `start` to the end as the selected item's, highlighted.
    fn select(&mut self, start: usize, style: Style) {
        for line in &mut self.lines[start..] {
            line.style = line.style.patch(style);
        }
        self.selected = Some((start, self.lines.len()));
    }
}

/// The screen's lines, from the top, until the selected item and a window (`height`) below it
/// are drawn: with years of data there are thousands of lines, and those further down never show.
fn lines(app: &App, width: usize, height: usize) -> Drawn {
    let theme = &app.theme;
    let agenda = &app.data.agenda;
    let chosen = app.today_pane.selected;
    let mut drawn = Drawn { lines: Vec::new(), selected: None, stopped_in: None };
    let mut item = 0;
    for (i, section) in agenda_sections(agenda).into_iter().enumerate() {
        if drawn.selected.is_some_and(|(_, end)| drawn.lines.len() >= end + height) {
            break;
        }
        if i > 0 {
            drawn.lines.push(Line::from(""));
        }
        drawn.lines.push(Line::styled(section.heading.clone(), theme.title()));
        let proposals = proposals(agenda, section.id);
        let empty = section.is_empty();
        // The data sections are one item each, all their lines; the others one item per line.
        let whole = matches!(section.id, "calendar_warning" | "data_age");
        let first = drawn.lines.len();
        for j in 0..section.len() {
            if drawn.selected.is_some_and(|(_, end)| drawn.lines.len() >= end + height) {
                drawn.stopped_in = Some(i);
                break;
            }
            let line = &section.line(j);
            let segments = match (section.id, proposals.and_then(|p| p.get(j))) {
                _ if empty => vec![(line.clone(), theme.dim())],
                (_, Some(flagged)) => flagged_segments(app, line, flagged),
                ("follow_ups_overdue", _) => head_segments(line, "» ", theme.error(), theme.error()),
                ("follow_ups_due", _) => head_segments(line, "  ", Style::new(), theme.flag(Flag::Caution)),
                ("next_steps", _) => head_segments(line, "  ", Style::new(), theme.accent()),
                ("gone_quiet", _) => head_segments(line, "  ", Style::new(), theme.flag(Flag::Caution)),
                ("snoozed", _) => head_segments(line, "  ", Style::new(), theme.dim()),
                ("calendar_warning", _) if j == 0 => vec![(line.clone(), theme.flag(Flag::Caution))],
                _ => vec![(line.clone(), Style::new())],
            };
            let start = drawn.lines.len();
            drawn.lines.extend(wrap_styled(&segments, width, HANGING));
            if !empty && !whole {
                if item == chosen {
                    drawn.select(start, theme.selected());
                }
                item += 1;
            }
        }
        if whole {
            if item == chosen {
                drawn.select(first, theme.selected());
            }
            item += 1;
        }
        if section.id == "next_steps" && !app.data.mps.iter().any(|r| r.mp.tracked) {
            let screen = app.screen_key(Screen::Today, Action::ScreenMps).map(|k| format!(" ({k})"));
            let press = app.screen_key(Screen::Mps, Action::Postcode).map(|k| format!("press {k} to "));
            let hint = format!(
                "  On the MPs screen{}, {}find your MP by your postcode.",
                screen.unwrap_or_default(),
                press.unwrap_or_default()
            );
            drawn.lines.extend(wrap_styled(&[(hint, theme.dim())], width, HANGING));
        }
    }
    drawn
}

/// The flagged proposals a section lists, line for line.
fn proposals<'a>(agenda: &'a Agenda, id: &str) -> Option<&'a [FlaggedProposal]> {
    match id {
        "conflicts_ahead" => Some(&agenda.conflicts_ahead),
        "proposals_today" => Some(&agenda.proposals_today),
        "proposals_next_seven_days" => Some(&agenda.proposals_next_seven_days),
        _ => None,
    }
}

/// A proposal's line with the flag's symbol in the margin and its word coloured where it stands.
fn flagged_segments(app: &App, line: &str, flagged: &FlaggedProposal) -> Vec<(String, Style)> {
    let style = app.theme.flag(flagged.flag);
    let symbol = flagged.flag.symbol(flagged.assumed);
    let text = line.strip_prefix("  ").unwrap_or(line);
    let word = format!("{:<8}", flagged.word());
    let Some(at) = text.find(&format!("  {word}  ")) else {
        return vec![(format!("{symbol} "), style), (text.to_string(), Style::new())];
    };
    let (before, rest) = text.split_at(at + 2);
    vec![
        (format!("{symbol} "), style),
        (before.to_string(), Style::new()),
        (word.clone(), style),
        (rest[word.len()..].to_string(), Style::new()),
    ]
}

/// A line whose head (who, and when, up to the first ": ") stands out, with a mark in the margin.
fn head_segments(line: &str, mark: &str, mark_style: Style, head_style: Style) -> Vec<(String, Style)> {
    let text = line.strip_prefix("  ").unwrap_or(line);
    let (head, rest) = text.split_once(": ").map_or((text, ""), |(head, rest)| (head, rest));
    let mut segments = vec![(mark.to_string(), mark_style), (head.to_string(), head_style)];
    if text.contains(": ") {
        segments.push((format!(": {rest}"), Style::new()));
    }
    segments
}
