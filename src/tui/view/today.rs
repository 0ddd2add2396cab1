//! Today: the daily review. One [`Agenda`] feeds this screen and `mpplan agenda`, and the lines are
//! the agenda's own ([`agenda_sections`]), in its order, so the two always agree. Here they are
//! styled: each flag coloured, with its symbol in the margin; overdue follow-ups in red, marked `»`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::wrap_styled;
use crate::domain::calendar::{Flag, long_date};
use crate::domain::engagement::agenda::{Agenda, FlaggedProposal, agenda_sections};
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};

/// How far a wrapped item's later lines are indented.
const HANGING: usize = 6;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let inner_height = area.height.saturating_sub(2) as usize;
    // Lines below the window are never shown: with years of data there are thousands of them.
    let lines = lines(app, area.width.saturating_sub(2) as usize, app.today_pane.scroll.saturating_add(inner_height));
    let block = Block::bordered().title(format!(" Today, {} ", long_date(app.today)));
    let scroll = app.today_pane.scroll.min(lines.len().saturating_sub(inner_height));
    frame
        .render_widget(Paragraph::new(lines).block(block).scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)), area);
}

/// The screen's lines, from the top, until there are at least `enough` (all of them if fewer).
fn lines(app: &App, width: usize, enough: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let agenda = &app.data.agenda;
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (i, section) in agenda_sections(agenda).into_iter().enumerate() {
        if lines.len() >= enough {
            break;
        }
        if i > 0 {
            lines.push(Line::from(""));
        }
        lines.push(Line::styled(section.heading, theme.title()));
        let proposals = proposals(agenda, section.id);
        let empty = items(agenda, section.id) == 0;
        for (j, line) in section.lines.iter().enumerate() {
            if lines.len() >= enough {
                break;
            }
            let segments = match (section.id, proposals.and_then(|p| p.get(j))) {
                _ if empty => vec![(line.clone(), theme.dim())],
                (_, Some(flagged)) => flagged_segments(app, line, flagged),
                ("follow_ups_overdue", _) => head_segments(line, "» ", theme.error(), theme.error()),
                ("follow_ups_due", _) => head_segments(line, "  ", Style::new(), theme.flag(Flag::Caution)),
                ("next_steps", _) => head_segments(line, "  ", Style::new(), theme.accent()),
                ("gone_quiet", _) => head_segments(line, "  ", Style::new(), theme.flag(Flag::Caution)),
                ("calendar_warning", _) if j == 0 => vec![(line.clone(), theme.flag(Flag::Caution))],
                _ => vec![(line.clone(), Style::new())],
            };
            lines.extend(wrap_styled(&segments, width, HANGING));
        }
        if section.id == "next_steps" && !app.data.mps.iter().any(|r| r.mp.tracked) {
            let screen = app.screen_key(Screen::Today, Action::ScreenMps).map(|k| format!(" ({k})"));
            let press = app.screen_key(Screen::Mps, Action::Postcode).map(|k| format!("press {k} to "));
            let hint = format!(
                "  On the MPs screen{}, {}find your MP by your postcode.",
                screen.unwrap_or_default(),
                press.unwrap_or_default()
            );
            lines.extend(wrap_styled(&[(hint, theme.dim())], width, HANGING));
        }
    }
    lines
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

/// How many items a section has (an empty one shows a single "Nothing …" line).
fn items(agenda: &Agenda, id: &str) -> usize {
    match id {
        "follow_ups_overdue" => agenda.follow_ups_overdue.len(),
        "follow_ups_due" => agenda.follow_ups_due.len(),
        "next_steps" => agenda.next_steps.len(),
        "gone_quiet" => agenda.gone_quiet.len(),
        "calendar_warning" => usize::from(agenda.calendar_warning.is_some()),
        other => proposals(agenda, other).map_or(0, <[FlaggedProposal]>::len),
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
