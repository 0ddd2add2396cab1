//! MP detail: the checklist grouped by step (state, date done, note), the contact card, the MP's
//! proposals with their flags and press plans, and the engagement's notes with the contact log
//! (beside the card on wide screens; instead of the checklist, one key away, on narrow ones).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::mps::gauge;
use super::text_cells::{render_bordered, render_lines, render_list, render_wrapped};
use super::{WIDE, contacts, detail_conflicts, detail_proposals, safe, wrap_indented_rows, wrap_styled_rows};
use crate::domain::engagement::checklist::{ItemState, STEPS, item_by_key};
use crate::domain::engagement::flagged::flag_few;
use crate::domain::engagement::press::Press;
use crate::tui::action::Action;
use crate::tui::app::{App, DetailData, Screen};

/// How many of the seat's proposals the card lists: the latest ones.
const PROPOSALS_SHOWN: usize = 8;

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
    // Changes made apart, when there are any, under the header; never more than a third of it.
    let apart = detail_conflicts::height(app, &data.conflicts, area.width, area.height.saturating_sub(2) / 3);
    let [header, conflicts, body] =
        Layout::vertical([Constraint::Length(2), Constraint::Length(apart), Constraint::Fill(1)]).areas(area);
    render_header(app, data, frame, header);
    if apart > 0 {
        detail_conflicts::render(app, &data.conflicts, frame, conflicts);
    }
    if area.width >= WIDE {
        let [left, right] = Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(body);
        let [card, log] = Layout::vertical([Constraint::Fill(1), Constraint::Fill(1)]).areas(right);
        if app.detail.proposals.is_some() {
            detail_proposals::render(app, data, frame, left);
        } else {
            render_checklist(app, data, frame, left, false);
        }
        render_card(app, data, frame, card);
        contacts::render(app, data, frame, log);
    } else {
        let card_height = body.height.saturating_sub(12).min(9);
        let [top, bottom] = Layout::vertical([Constraint::Fill(1), Constraint::Length(card_height)]).areas(body);
        if app.detail.log.is_some() {
            contacts::render(app, data, frame, top);
        } else if app.detail.proposals.is_some() {
            detail_proposals::render(app, data, frame, top);
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
    render_lines(&lines, 0, area, frame.buffer_mut());
}

/// The checklist; on a narrow screen its title names the key for the contact log shown instead.
fn render_checklist(app: &App, data: &DetailData, frame: &mut Frame, area: Rect, narrow: bool) {
    let theme = &app.theme;
    let width = area.width.saturating_sub(2) as usize;
    // No item shows more lines than the list has: a long note is wrapped only as far as it shows.
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    let mut items: Vec<Vec<Line>> = Vec::new();
    let mut selected_row = None;
    let mut last_step = 0;
    for (i, entry) in data.checklist.iter().enumerate() {
        let Some(item) = item_by_key(&entry.key) else { continue };
        if item.step != last_step {
            last_step = item.step;
            let title = STEPS.iter().find(|s| s.number == item.step).map(|s| s.title).unwrap_or_default();
            items.push(vec![Line::styled(format!("Step {}: {title}", item.step), theme.title())]);
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
        // The item's text wraps under itself, clear of the box and key; in a shared plan, followed
        // by who else changed it last.
        let mut lines = match data.others.checklist.get(&*entry.key) {
            Some(author) => {
                let segments = [
                    (format!(" {mark} {} ", item.key), style),
                    (text, style),
                    (format!(" · {}", safe(author)), theme.dim()),
                ];
                wrap_styled_rows(&segments, width, 9, rows)
            }
            None => {
                let mut wrapped = wrap_indented_rows(&text, width, 9, rows).into_iter();
                let first = wrapped.next().unwrap_or_default();
                let mut lines = vec![Line::from(vec![
                    Span::styled(format!(" {mark} {} ", item.key), style),
                    Span::styled(first.trim_start().to_string(), style),
                ])];
                lines.extend(wrapped.map(|l| Line::styled(l, style)));
                lines
            }
        };
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
        items.push(lines);
    }
    if data.checklist.is_empty() {
        let text = match app.screen_key(Screen::Detail, Action::ToggleTrack) {
            Some(key) => format!("Not tracked yet. Press {key} to track this MP and start the checklist."),
            None => "Not tracked yet.".to_string(),
        };
        items.push(vec![Line::from(text)]);
    }
    let title = match app.screen_key(Screen::Detail, Action::Contacts).filter(|_| narrow) {
        Some(key) => format!(" Checklist · {key} contact log "),
        None => " Checklist ".to_string(),
    };
    let highlight = if app.detail.log.is_some() { theme.dim() } else { theme.selected() };
    let buf = frame.buffer_mut();
    render_bordered(&Line::from(title), area, buf);
    render_list(items, selected_row, highlight, Block::bordered().inner(area), buf);
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
        field("Post", crate::domain::engagement::followups::WESTMINSTER_ADDRESS),
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
    // In date order; the latest few when there are more.
    let earlier = data.proposals.len().saturating_sub(PROPOSALS_SHOWN);
    if earlier > 0 {
        lines.push(Line::styled(format!("{earlier} earlier not shown"), theme.dim()));
    }
    let (before, shown) = data.proposals.split_at(earlier);
    for f in &flag_few(shown, before.iter().chain(&data.nearby), &app.data.calendar) {
        let p = &f.proposal;
        let press =
            if p.press == Press::default() { String::new() } else { format!(" · press {}", p.press.summary()) };
        let overlaps: String = f.overlaps.iter().map(|o| format!(" · {}", o.describe(p.start.date()))).collect();
        lines.push(Line::from(vec![
            Span::raw(format!(
                "{} ",
                if p.all_day { p.when_text() } else { p.start.format("%-d %b %Y %H:%M").to_string() }
            )),
            Span::styled(f.label(), if f.cancelled() { theme.dim() } else { theme.flag(f.flag) }),
            Span::raw(format!(" {} [{}]{press}{}", safe(&p.label()), p.status, safe(&overlaps))),
        ]));
    }
    let buf = frame.buffer_mut();
    render_bordered(&Line::from(" Contact "), area, buf);
    render_wrapped(lines, true, Block::bordered().inner(area), buf);
}

#[cfg(test)]
mod tests {
    use crate::domain::calendar::ProposalKind;
    use crate::domain::engagement::proposal::ProposalStatus;
    use crate::tui::app::{App, Screen};
    use crate::tui::fixture::{busy_app, proposal, screen, visit};

    fn detail() -> App {
        let mut app = busy_app();
        app.screen = Screen::Detail;
        app
    }

    /// The card's lines from "Proposals" on, each trimmed to the card's column.
    fn proposals_shown(app: &App) -> Vec<String> {
        let text = screen(app, 200, 60);
        let rows: Vec<&str> = text.lines().collect();
        let Some(at) = rows.iter().position(|r| r.contains("Proposals")) else { panic!("no proposals:\n{text}") };
        let column = rows[at].find("Proposals").expect("found above");
        rows[at + 1..]
            .iter()
            .map(|r| r.chars().skip(text_column(rows[at], column)).collect::<String>())
            .map(|r| r.trim_end_matches(['│', ' ']).to_string())
            .take_while(|r| !r.is_empty() && !r.starts_with('─') && !r.starts_with('└'))
            .collect()
    }

    /// The character column of the byte offset `at` in `row`.
    fn text_column(row: &str, at: usize) -> usize {
        row[..at].chars().count()
    }

    #[test]
    fn proposals_are_listed_in_date_order() {
        let mut app = detail();
        let data = app.data.detail.as_mut().expect("the fixture's MP");
        data.proposals.insert(0, visit(7, "2026-12-04 10:00", 60));
        data.proposals.push(visit(8, "2026-11-25 09:00", 30));
        data.proposals.sort_by_key(|p| (p.start, p.id));
        let shown = proposals_shown(&app);
        let dates: Vec<&str> = shown.iter().filter_map(|l| l.get(..11)).filter(|d| d.contains("2026")).collect();
        assert_eq!(dates, ["25 Nov 2026", "27 Nov 2026", "1 Dec 2026 ", "4 Dec 2026 "], "{shown:#?}");
    }

    #[test]
    fn only_the_latest_eight_are_listed_and_the_earlier_ones_counted() {
        let mut app = detail();
        let data = app.data.detail.as_mut().expect("the fixture's MP");
        data.proposals = (1..=10).map(|n| visit(n, &format!("2026-10-{:02} 10:00", n + 1), 60)).collect();
        let shown = proposals_shown(&app);
        assert_eq!(shown[0], "2 earlier not shown", "{shown:#?}");
        assert!(shown[1].starts_with("4 Oct 2026 10:00") && shown.last().unwrap().contains("[proposed]"), "{shown:#?}");
        assert!(shown.iter().any(|l| l.starts_with("11 Oct 2026 10:00")), "{shown:#?}");
    }

    #[test]
    fn an_overlap_with_another_mps_proposal_is_flagged_and_named() {
        let mut app = detail();
        let data = app.data.detail.as_mut().expect("the fixture's MP");
        // The visit is 10:00–11:30 on Friday 27 November 2026, clear (assumed) on its own.
        data.nearby.push(proposal(9, "E14001320", "2026-11-27 11:00", 60, ProposalKind::Meeting));
        let text = screen(&app, 200, 60);
        assert!(text.contains("27 Nov 2026 10:00 ! caution Visit with Hilary Benn [proposed]"), "{text}");
        assert!(text.contains("overlaps Meeting with Richard Burgon 11:00–12:00"), "{text}");
        assert!(text.contains("1 Dec 2026 10:00 ✗? conflict (assumed) Meeting"), "the other is as it was:\n{text}");
    }

    #[test]
    fn a_cancelled_proposal_is_shown_cancelled_and_never_flagged() {
        let mut app = detail();
        let data = app.data.detail.as_mut().expect("the fixture's MP");
        // Tuesday 1 December 2026 is an assumed sitting day: a conflict were it not cancelled.
        data.proposals[1].status = ProposalStatus::Cancelled;
        data.nearby.push(proposal(9, "E14001320", "2026-12-01 10:30", 60, ProposalKind::Meeting));
        let text = screen(&app, 200, 60);
        assert!(text.contains("1 Dec 2026 10:00 – cancelled Meeting with Hilary Benn [cancelled]"), "{text}");
        assert!(!text.contains("conflict") && !text.contains("overlaps"), "{text}");
    }
}
