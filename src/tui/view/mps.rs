//! The MPs screen: all 650, tracked first, with each one's progress through the five steps; the
//! search line; and the postcode finder that starts a first run.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::text_cells::{render_bordered, render_line, render_table, render_wrapped};
use super::{WIDE, centered, safe, sentence};
use crate::domain::engagement::checklist::{Progress, STEPS, item_by_key};
use crate::domain::mps::party::short_party;
use crate::domain::text::printable;
use crate::domain::views::MpSummary;
use crate::tui::action::Action;
use crate::tui::app::{App, PostcodePrompt, Screen};
use crate::tui::theme::Theme;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let [search, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    render_search(app, frame, search);
    if area.width >= WIDE {
        let [list, side] = Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(body);
        render_list(app, frame, list);
        render_preview(app, frame, side);
    } else {
        render_list(app, frame, body);
    }
    if let Some(prompt) = &app.mps.postcode {
        render_postcode(app, prompt, frame, body);
    }
}

fn render_search(app: &App, frame: &mut Frame, area: Rect) {
    let count = format!("  {} of {} MPs", app.mps.visible.len(), app.data.mps.len());
    let line = if app.mps.filtering || !app.mps.filter.is_empty() {
        let cursor = if app.mps.filtering { "▌" } else { "" };
        Line::from(vec![
            Span::styled("Search: ", app.theme.title()),
            Span::raw(safe(app.mps.filter.text())),
            Span::raw(cursor),
            Span::styled(count, app.theme.dim()),
        ])
    } else {
        let text =
            app.screen_key(Screen::Mps, Action::Filter).map(|k| format!("Press {k} to search by name, seat or party."));
        Line::from(vec![Span::styled(text.unwrap_or_default(), app.theme.dim()), Span::raw(count)])
    };
    render_line(&line, area, frame.buffer_mut());
}

/// Five cells, one a step: filled for the steps behind, and a word for where the MP is.
pub fn gauge(progress: Option<&Progress>, theme: &Theme) -> Vec<Span<'static>> {
    let Some(p) = progress else { return vec![Span::styled("·····", theme.dim())] };
    let behind = match p.current_step() {
        Some(step) => usize::from(step - 1),
        None => STEPS.len(),
    };
    vec![
        Span::styled("■".repeat(behind), theme.done()),
        Span::styled("□".repeat(STEPS.len() - behind), theme.dim()),
        Span::raw(format!(" {behind}/{}", STEPS.len())),
    ]
}

fn step_text(mp: &MpSummary) -> String {
    match mp.progress.as_ref().map(|p| p.current_step()) {
        None => String::new(),
        Some(None) => "all steps done".into(),
        Some(Some(step)) => STEPS.iter().find(|s| s.number == step).map(|s| s.title.to_string()).unwrap_or_default(),
    }
}

fn render_list(app: &App, frame: &mut Frame, area: Rect) {
    let narrow = area.width < 70;
    // The party's column: two sevenths of what the fixed columns and the gaps between leave.
    let party_width = usize::from(area.width.saturating_sub(2 + 1 + 9 + 4)) * 2 / 7;
    // Only the rows that fit are built: the window a table scrolled to the selected row shows
    // (the selected row at the bottom once it is past the first screenful).
    let height = usize::from(area.height.saturating_sub(2)).max(1);
    let first = app.mps.selected.saturating_sub(height - 1);
    let rows: Vec<Vec<Line>> = app
        .mps
        .visible
        .iter()
        .skip(first)
        .take(height)
        .map(|&i| {
            let mp = &app.data.mps[i].mp;
            let mark = if mp.tracked { "●" } else { " " };
            let mut cells = vec![
                Line::from(mark),
                Line::from(Span::raw(printable(&mp.constituency))),
                Line::from(Span::raw(printable(&mp.name))),
                Line::from(gauge(mp.progress.as_ref().filter(|_| mp.tracked), &app.theme)),
            ];
            if !narrow {
                let party = if mp.party.chars().count() > party_width { short_party(&mp.party) } else { &mp.party };
                cells.insert(3, Line::from(Span::raw(printable(party))));
            }
            cells
        })
        .collect();
    let widths: Vec<Constraint> = if narrow {
        vec![Constraint::Length(1), Constraint::Fill(3), Constraint::Fill(2), Constraint::Length(9)]
    } else {
        vec![
            Constraint::Length(1),
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Fill(2),
            Constraint::Length(9),
        ]
    };
    let tracked = app.data.mps.iter().filter(|r| r.mp.tracked).count();
    let title = Line::from(format!(" MPs: {} shown, ● {tracked} tracked ", app.mps.visible.len()));
    let selected = (!app.mps.visible.is_empty()).then_some(app.mps.selected - first);
    let buf = frame.buffer_mut();
    render_bordered(&title, area, buf);
    render_table(rows, &widths, selected, app.theme.selected(), Block::bordered().inner(area), buf);
    if app.mps.visible.is_empty() && area.height > 2 {
        let inner = Rect { x: area.x + 2, y: area.y + 1, width: area.width.saturating_sub(4), height: 1 };
        let clear = app.pane_key(if app.mps.filtering { Action::Cancel } else { Action::Back });
        let text =
            format!("No MP matches the search.{}", clear.map(|k| format!(" {k} clears it.")).unwrap_or_default());
        frame.render_widget(Line::styled(text, app.theme.dim()), inner);
    }
}

fn render_preview(app: &App, frame: &mut Frame, area: Rect) {
    let Some(mp) = app.selected_mp() else {
        frame.render_widget(Block::bordered(), area);
        return;
    };
    let theme = &app.theme;
    let mut lines = vec![
        Line::styled(safe(&mp.name), theme.title()),
        Line::from(safe(&mp.party)),
        Line::from(safe(&mp.place())),
        Line::from(""),
        Line::from(format!("Email  {}", if mp.email.is_empty() { "(not known)".into() } else { safe(&mp.email) })),
        Line::from("Phone  020 7219 3000 (Commons switchboard)"),
        Line::from(""),
    ];
    let open = app.screen_key(Screen::Mps, Action::Open);
    let track = app.screen_key(Screen::Mps, Action::ToggleTrack);
    match (&mp.progress, mp.tracked) {
        (Some(p), true) => {
            lines.push(Line::from(gauge(Some(p), theme)));
            lines.push(Line::from(format!("Now: {}", step_text(mp))));
            if let Some(item) = p.next.and_then(item_by_key) {
                lines.push(Line::from(format!("Next: {} {}", item.key, item.text)));
            }
            let keys = [open.map(|k| format!("{k} opens the checklist")), track.map(|k| format!("{k} stops tracking"))];
            if let Some(text) = sentence(keys) {
                lines.push(Line::styled(text, theme.dim()));
            }
        }
        _ => {
            let keys = [track.map(|k| format!("{k} tracks this MP")), open.map(|k| format!("{k} opens the card"))];
            let text = sentence(keys).map_or_else(|| "Not tracked.".to_string(), |keys| format!("Not tracked. {keys}"));
            lines.push(Line::styled(text, theme.dim()));
        }
    }
    let buf = frame.buffer_mut();
    render_bordered(&Line::from(format!(" {} ", safe(&mp.constituency))), area, buf);
    render_wrapped(lines, true, Block::bordered().inner(area), buf);
}

fn render_postcode(app: &App, prompt: &PostcodePrompt, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let choices = prompt.choices();
    let height = (8 + choices.len() as u16).min(area.height);
    let popup = centered(area, 76, height);
    let mut lines = vec![Line::from("Step 1 of the guide: find the MP for your organisation's sites.")];
    if let Some(result) = &prompt.result {
        lines.push(Line::from(""));
        if result.northern_ireland {
            lines.push(Line::from(format!(
                "{} is in Northern Ireland; the postcode data covers Great Britain only. Choose your seat:",
                safe(&result.postcode)
            )));
        } else {
            lines.push(Line::from(format!("{} ({}) is in:", safe(&result.postcode), safe(&result.area))));
        }
        let shares: Vec<String> = if result.northern_ireland {
            result.choices.iter().map(|c| format!("{} — {}", c.constituency, c.mp)).collect()
        } else {
            result
                .matches
                .iter()
                .map(|m| format!("{:>4}  {} — {}", crate::domain::text::percent(m.share), m.constituency, m.mp))
                .collect()
        };
        for (i, text) in shares.iter().enumerate() {
            let style = if i == prompt.selected { theme.selected() } else { ratatui::style::Style::new() };
            lines.push(Line::styled(format!("  {}", safe(text)), style));
        }
        let keys = [
            Some(match app.pane_key(Action::Open) {
                Some(key) => format!("{key} tracks the selected seat (the first is the likeliest)"),
                None => "The first is the likeliest".to_string(),
            }),
            app.pane_key(Action::Back).map(|k| format!("{k} goes back")),
        ];
        lines.push(Line::styled(sentence(keys).unwrap_or_default(), theme.dim()));
    } else {
        lines.push(Line::from(""));
        lines.push(Line::from(vec![
            Span::styled("Postcode: ", theme.title()),
            Span::raw(safe(prompt.input.text())),
            Span::raw("▌"),
        ]));
        let keys = [
            app.pane_key(Action::Submit).map(|k| format!("{k} looks it up")),
            app.pane_key(Action::Cancel).map(|k| format!("{k} browses the full list instead")),
        ];
        let text = sentence(keys).map_or_else(|| "e.g. LS9 7TF.".to_string(), |keys| format!("e.g. LS9 7TF. {keys}"));
        lines.push(Line::styled(text, theme.dim()));
    }
    if let Some(error) = &prompt.error {
        lines.push(Line::styled(safe(error), theme.error()));
    }
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(Block::bordered().title(" Find your MP ")),
        popup,
    );
}
