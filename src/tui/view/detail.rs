//! MP detail: the checklist grouped by step (state, date done, note), the contact card, the MP's
//! proposals with their flags and press plans, and the engagement's notes with the contact log
//! (beside the card on wide screens; instead of the checklist, one key away, on narrow ones).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};

use super::mps::gauge;
use super::{WIDE, contacts, safe, wrap_indented_rows};
use crate::domain::calendar::DEFAULT_HOURS;
use crate::domain::engagement::checklist::{ItemState, STEPS, item_by_key};
use crate::domain::engagement::press::Press;
use crate::tui::action::Action;
use crate::tui::app::{App, DetailData, Screen};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(data) = &app.data.detail else {
        let go = app.screen_key(Screen::Detail, Action::ScreenMps).map(|k| format!("Press {k} for the MPs, "));
        let open = app.screen_key(Screen::Mps, Action::Open).map(|k| format!(" and press {k}"));
        let text = format!(
            "No MP is open. {}choose one{}.",
            go.unwrap_or_else(|| "On the MPs screen, ".to_string()),
            open.unwrap_or_default()
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }).block(Block::bordered()), area);
        return;
    };
    let [header, body] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
    render_header(app, data, frame, header);
    if area.width >= WIDE {
        let [left, right] = Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(body);
        let [card, log] = Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(right);
        render_checklist(app, data, frame, left, false);
        render_card(app, data, frame, card);
        contacts::render(app, data, frame, log);
    } else {
        let card_height = body.height.saturating_sub(12).min(9);
        let [top, bottom] = Layout::vertical([Constraint::Fill(1), Constraint::Length(card_height)]).areas(body);
        if app.detail.log.is_some() {
            contacts::render(app, data, frame, top);
        } else {
            render_checklist(app, data, frame, top, true);
        }
        render_card(app, data, frame, bottom);
    }
}

fn render_header(app: &App, data: &DetailData, frame: &mut Frame, area: Rect) {
    let s = &data.card.summary;
    let who = if s.name.is_empty() { "vacant".to_string() } else { format!("{} ({})", safe(&s.name), safe(&s.party)) };
    let tracked = if s.tracked {
        Span::styled("  ● tracked", app.theme.done())
    } else {
        let text = match app.screen_key(Screen::Detail, Action::ToggleTrack) {
            Some(key) => format!("  not tracked: {key} tracks"),
            None => "  not tracked".to_string(),
        };
        Span::styled(text, app.theme.dim())
    };
    let mut line2 = gauge(s.progress.as_ref(), &app.theme);
    line2.insert(0, Span::raw("Progress "));
    if let Some(p) = &s.progress {
        line2.push(Span::raw(" steps"));
        let skipped = if p.skipped > 0 { format!(", {} skipped", p.skipped) } else { String::new() };
        line2.push(Span::styled(format!(" · {} of {} items done{skipped}", p.done, p.total), app.theme.dim()));
    }
    let lines = vec![
        Line::from(vec![
            Span::styled(format!("{}: ", safe(&s.constituency)), app.theme.title()),
            Span::raw(who),
            tracked,
        ]),
        Line::from(line2),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

/// The checklist; on a narrow screen its title names the key for the contact log shown instead.
fn render_checklist(app: &App, data: &DetailData, frame: &mut Frame, area: Rect, narrow: bool) {
    let theme = &app.theme;
    let width = area.width.saturating_sub(2) as usize;
    // No item shows more lines than the list has: a long note is wrapped only as far as it shows.
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    let mut items: Vec<ListItem> = Vec::new();
    let mut selected_row = None;
    let mut last_step = 0;
    for (i, entry) in data.checklist.iter().enumerate() {
        let Some(item) = item_by_key(&entry.key) else { continue };
        if item.step != last_step {
            last_step = item.step;
            let title = STEPS.iter().find(|s| s.number == item.step).map(|s| s.title).unwrap_or_default();
            items.push(ListItem::new(Line::styled(format!("Step {}: {title}", item.step), theme.title())));
        }
        let (mark, style) = match entry.state {
            ItemState::Done => ("[x]", theme.done()),
            ItemState::Skipped => ("[-]", theme.dim()),
            ItemState::Todo => ("[ ]", ratatui::style::Style::new()),
        };
        let mut text = item.text.to_string();
        if let Some(day) = entry.done_on {
            text.push_str(&format!(" (done {})", day.format("%-d %b %Y")));
        }
        if entry.state == ItemState::Skipped {
            text.push_str(" (skipped)");
        }
        // The item's text wraps under itself, clear of the box and key.
        let mut wrapped = wrap_indented_rows(&text, width, 9, rows).into_iter();
        let first = wrapped.next().unwrap_or_default();
        let mut lines = vec![Line::from(vec![
            Span::styled(format!(" {mark} {} ", item.key), style),
            Span::styled(first.trim_start().to_string(), style),
        ])];
        lines.extend(wrapped.map(|l| Line::styled(l, style)));
        let editing = i == app.detail.selected && app.detail.note.is_some();
        if editing {
            let text = app.detail.note.as_ref().map(|t| safe(t.text())).unwrap_or_default();
            // While typing, the end of a long note stays in view.
            let room = width.saturating_sub(17).max(1);
            let count = text.chars().count();
            let text = if count > room {
                format!("…{}", text.chars().skip(count - room + 1).collect::<String>())
            } else {
                text
            };
            lines.push(Line::from(vec![
                Span::styled("         Note: ", theme.accent()),
                Span::raw(text),
                Span::raw("▌"),
            ]));
        } else if !entry.note.is_empty() && lines.len() < rows {
            let note = wrap_indented_rows(&safe(&entry.note), width, 9, rows - lines.len());
            lines.extend(note.into_iter().map(|l| Line::styled(l, theme.dim())));
        }
        if i == app.detail.selected {
            selected_row = Some(items.len());
        }
        items.push(ListItem::new(lines));
    }
    if data.checklist.is_empty() {
        let text = match app.screen_key(Screen::Detail, Action::ToggleTrack) {
            Some(key) => format!("Not tracked yet. Press {key} to track this MP and start the checklist."),
            None => "Not tracked yet.".to_string(),
        };
        items.push(ListItem::new(text));
    }
    let title = match app.screen_key(Screen::Detail, Action::Contacts).filter(|_| narrow) {
        Some(key) => format!(" Checklist · {key} contact log "),
        None => " Checklist ".to_string(),
    };
    let highlight = if app.detail.log.is_some() { theme.dim() } else { theme.selected() };
    let list = List::new(items).block(Block::bordered().title(title)).highlight_style(highlight);
    let mut state = ListState::default().with_selected(selected_row);
    frame.render_stateful_widget(list, area, &mut state);
}

fn render_card(app: &App, data: &DetailData, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let card = &data.card;
    let field = |label: &str, value: &str| {
        let shown = if value.is_empty() { "(not known)".to_string() } else { safe(value) };
        Line::from(vec![Span::styled(format!("{label:<9}"), theme.dim()), Span::raw(shown)])
    };
    let mut lines = vec![
        field("Email", &card.summary.email),
        field("Phone", "020 7219 3000 (switchboard)"),
        field("Post", "House of Commons, London SW1A 0AA"),
        field("Profile", &card.links.parliament_profile),
        field("Website", &card.links.website),
        field("Bluesky", &card.links.bluesky),
        field("X", &card.links.twitter),
    ];
    for (label, value) in card.profile.rows() {
        lines.push(Line::from(vec![Span::styled(format!("{label}: "), theme.dim()), Span::raw(safe(&value))]));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled("Proposals", theme.title()));
    if data.proposals.is_empty() {
        let text = match app.screen_key(Screen::Detail, Action::Add) {
            Some(key) => format!("None yet: {key} proposes a meeting or visit."),
            None => "None yet.".to_string(),
        };
        lines.push(Line::styled(text, theme.dim()));
    }
    for p in data.proposals.iter().rev().take(8) {
        let flag = app.data.calendar.classify_slot(p.start, p.end, p.kind, &DEFAULT_HOURS);
        let press =
            if p.press == Press::default() { String::new() } else { format!(" · press {}", p.press.summary()) };
        lines.push(Line::from(vec![
            Span::raw(format!("{} ", p.start.format("%-d %b %Y %H:%M"))),
            Span::styled(flag.label(), theme.flag(flag.flag)),
            Span::raw(format!(" {} [{}]{press}", safe(&p.label()), p.status)),
        ]));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(Block::bordered().title(" Contact ")),
        area,
    );
}
