//! Today: the daily review — conflicts ahead, this week's proposals, each tracked MP's next step,
//! and a warning when the calendar data is about to run out.

use chrono::{Datelike, Days};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{safe, wrap_indented};
use crate::domain::calendar::{DEFAULT_HOURS, Flag, long_date};
use crate::domain::checklist::item_by_key;
use crate::domain::proposal::{Proposal, ProposalStatus};
use crate::tui::app::App;
use crate::tui::keymap::Scope;
use crate::tui::load::AHEAD_DAYS;
use crate::tui::theme::flag_label;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let lines = lines(app, area.width.saturating_sub(2) as usize);
    let block = Block::bordered().title(format!(" Today, {} ", long_date(app.today)));
    let inner_height = area.height.saturating_sub(2) as usize;
    let scroll = app.today_pane.scroll.min(lines.len().saturating_sub(inner_height)) as u16;
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}

fn proposal_line(app: &App, p: &Proposal) -> Line<'static> {
    let flag = app.data.calendar.classify_slot(p.start, p.end, p.kind, &DEFAULT_HOURS);
    Line::from(vec![
        Span::raw(format!("  {} ", p.start.format("%a %-d %b %H:%M"))),
        Span::styled(format!("{:<10}", flag_label(flag.flag)), app.theme.flag(flag.flag)),
        Span::raw(format!(" {} ({}) [{}]", safe(&p.label()), safe(&p.constituency), p.status)),
    ])
}

fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let heading = |text: String| Line::styled(text, theme.title());
    let active: Vec<&Proposal> = app.data.upcoming.iter().filter(|p| p.status != ProposalStatus::Cancelled).collect();

    let flagged: Vec<&Proposal> = active
        .iter()
        .copied()
        .filter(|p| app.data.calendar.classify_slot(p.start, p.end, p.kind, &DEFAULT_HOURS).flag != Flag::Clear)
        .collect();
    lines.push(heading(format!("Conflicts ahead (next {} weeks)", AHEAD_DAYS / 7)));
    if flagged.is_empty() {
        lines.push(Line::styled("  None: every proposal ahead is on a clear day.", theme.dim()));
    }
    for p in flagged {
        lines.push(proposal_line(app, p));
        let reason = app.data.calendar.classify_slot(p.start, p.end, p.kind, &DEFAULT_HOURS).reason();
        for line in wrap_indented(&safe(&reason), width, 6) {
            lines.push(Line::styled(line, theme.dim()));
        }
    }

    lines.push(Line::from(""));
    let sunday = app
        .today
        .checked_add_days(Days::new(u64::from(6 - app.today.weekday().num_days_from_monday())))
        .unwrap_or(app.today);
    let this_week: Vec<&Proposal> = active.iter().copied().filter(|p| p.start.date() <= sunday).collect();
    lines.push(heading("This week".into()));
    if this_week.is_empty() {
        let key = app.keymap.key_for(Scope::Week, crate::tui::action::Action::Add);
        lines.push(Line::styled(
            format!("  Nothing planned. On the Week screen (4), {key} proposes a visit."),
            theme.dim(),
        ));
    }
    for p in this_week {
        lines.push(proposal_line(app, p));
    }

    lines.push(Line::from(""));
    lines.push(heading("Next step for each MP you track".into()));
    if app.data.next_steps.is_empty() {
        let tracked = app.data.mps.iter().any(|r| r.mp.tracked);
        let text = if tracked {
            "  Every tracked MP's checklist is complete.".to_string()
        } else {
            let key = app.keymap.key_for(Scope::Mps, crate::tui::action::Action::Postcode);
            format!("  Nothing tracked yet: on the MPs screen (2), press {key} to find your MP by postcode.")
        };
        lines.push(Line::styled(text, theme.dim()));
    }
    for (_, seat, mp, key) in &app.data.next_steps {
        let text = item_by_key(key).map(|i| i.text).unwrap_or_default();
        lines.push(Line::from(vec![
            Span::raw(format!("  {} ({}): ", safe(seat), safe(mp))),
            Span::styled(format!("{key} "), theme.accent()),
            Span::raw(text),
        ]));
    }

    if let Some(first_assumed) = app.data.calendar.first_assumed_date() {
        let horizon = app.today.checked_add_days(Days::new(AHEAD_DAYS)).unwrap_or(app.today);
        if first_assumed <= horizon {
            lines.push(Line::from(""));
            lines.push(heading("Calendar data".into()));
            let when = if first_assumed <= app.today { "ran out on" } else { "runs out on" };
            let text = format!(
                "The sitting-day data {when} {}: later days are assumed (Monday to Thursday sitting).",
                long_date(first_assumed.pred_opt().unwrap_or(first_assumed))
            );
            lines
                .extend(wrap_indented(&text, width, 2).into_iter().map(|l| Line::styled(l, theme.flag(Flag::Caution))));
            let how = "Add announced recesses with `mpplan recess add NAME FIRST LAST`, and sitting Fridays and recalls with `mpplan sitting add DATE`.";
            lines.extend(wrap_indented(how, width, 2).into_iter().map(Line::from));
        }
    }
    lines
}
