//! The week as a calendar: the days as columns under an hour axis, each proposal a block as long
//! as it lasts (side by side where they overlap), and the hours the MP is expected in Westminster
//! shaded on sitting days, so that a clash shows before any flag is read. The hours shown are the
//! working day, moved to the rest of the day when the selected proposal lies there.

use chrono::{Datelike, Timelike};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::super::text_cells::{fill, set_stringn};
use super::{Day, day_title, selected_index, who};
use crate::domain::calendar::DEFAULT_HOURS;
use crate::domain::calendar::hours::{DAY_MINUTES, Span};
use crate::domain::engagement::flagged::FlaggedProposal;
use crate::tui::app::App;

/// Fill of an hour the MP is expected in Westminster on a sitting day.
pub const SHADE: &str = "░";
/// Fill of a sitting week's travel edge (Monday morning, Thursday evening).
pub const TRAVEL: &str = "·";
/// Where the working day starts when nothing selected lies earlier.
const DAY_START: u16 = 8 * 60;
/// Columns of the hour axis ("09:00 ").
const AXIS: u16 = 6;
/// Rows above the hours: each day's title and badge.
const HEAD: u16 = 2;

/// The hours shown: the first minute and the minutes each row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: u16,
    pub per_row: u16,
    pub rows: u16,
}

impl Window {
    /// The window for `rows` rows: a quarter of an hour a row when twelve hours fit so, half an
    /// hour when twelve fit so, else an hour; from 08:00, moved so that `keep` (minutes after
    /// midnight, from and until) is in it, its start first.
    pub fn fit(rows: u16, keep: Option<(u16, u16)>) -> Window {
        let per_row = if rows >= 48 {
            15
        } else if rows >= 24 {
            30
        } else {
            60
        };
        let span = (u32::from(rows) * u32::from(per_row)).min(u32::from(DAY_MINUTES)) as u16;
        let latest = DAY_MINUTES - span;
        let mut start = DAY_START.min(latest);
        if let Some((from, until)) = keep {
            if from < start {
                start = from / 60 * 60;
            } else if until > start + span {
                start = ((until.saturating_sub(span)).div_ceil(60) * 60).min(from / 60 * 60).min(latest);
            }
        }
        Window { start, per_row, rows }
    }

    fn end(&self) -> u16 {
        (u32::from(self.start) + u32::from(self.rows) * u32::from(self.per_row)).min(u32::from(DAY_MINUTES)) as u16
    }
}

/// A proposal's minutes on its day, from and until (to midnight when it ends the next day).
fn minutes(f: &FlaggedProposal) -> (u16, u16) {
    let p = &f.proposal;
    let from = (p.start.hour() * 60 + p.start.minute()) as u16;
    let until = if p.end.date() > p.start.date() { DAY_MINUTES } else { (p.end.hour() * 60 + p.end.minute()) as u16 };
    (from, until.max(from))
}

/// Each proposal's lane and the number of lanes of the group of overlapping proposals it is in,
/// counting in rows of `per_row` minutes (so blocks that would share a row go side by side).
pub fn lanes(items: &[FlaggedProposal], per_row: u16) -> Vec<(usize, usize)> {
    let rows: Vec<(u16, u16)> = items
        .iter()
        .map(|f| {
            let (from, until) = minutes(f);
            let top = from / per_row;
            (top, until.div_ceil(per_row).max(top + 1))
        })
        .collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (rows[i].0, i));
    let mut placed = vec![(0, 1); items.len()];
    let mut group: Vec<usize> = Vec::new();
    let mut ends: Vec<u16> = Vec::new();
    let mut group_end = 0;
    let close = |group: &mut Vec<usize>, ends: &mut Vec<u16>, placed: &mut Vec<(usize, usize)>| {
        let n = ends.len().max(1);
        for &i in group.iter() {
            placed[i].1 = n;
        }
        group.clear();
        ends.clear();
    };
    for i in order {
        let (top, bottom) = rows[i];
        if !group.is_empty() && top >= group_end {
            close(&mut group, &mut ends, &mut placed);
        }
        let lane = match ends.iter().position(|&end| end <= top) {
            Some(lane) => lane,
            None => {
                ends.push(0);
                ends.len() - 1
            }
        };
        ends[lane] = bottom;
        placed[i].0 = lane;
        group.push(i);
        group_end = group_end.max(bottom);
        if group.len() == 1 {
            group_end = bottom;
        }
    }
    close(&mut group, &mut ends, &mut placed);
    placed
}

/// Draws the seven days under the hour axis into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect, days: &[Day]) {
    if area.width <= AXIS + 7 || area.height <= HEAD {
        return;
    }
    let rows = area.height - HEAD;
    // An all-day proposal fills whatever hours are shown: it does not move them.
    let keep = days
        .iter()
        .find(|d| d.selected)
        .and_then(|d| selected_index(app, d).map(|i| &d.items[i]))
        .filter(|f| !f.proposal.all_day)
        .map(minutes);
    let window = Window::fit(rows, keep);
    let buf = frame.buffer_mut();
    let grid_top = area.y + HEAD;
    for r in 0..rows {
        let at = u32::from(window.start) + u32::from(r) * u32::from(window.per_row);
        if at % 60 == 0 && at < u32::from(DAY_MINUTES) {
            let label = format!("{:02}:00", at / 60);
            set_stringn(buf, area.x, grid_top + r, &label, usize::from(AXIS - 1), app.theme.dim());
        }
    }
    let width = area.width - AXIS;
    for (i, day) in days.iter().enumerate() {
        let i = i as u16;
        let x = area.x + AXIS + width * i / 7;
        let next = area.x + AXIS + width * (i + 1) / 7;
        let column = Rect { x, y: area.y, width: next - x, height: area.height };
        draw_day(app, frame, column, day, window);
    }
}

fn draw_day(app: &App, frame: &mut Frame, column: Rect, day: &Day, window: Window) {
    let theme = &app.theme;
    let buf = frame.buffer_mut();
    // A line on the left of each day, its content to the right of it.
    for y in column.y..column.bottom() {
        set_stringn(buf, column.x, y, "│", usize::MAX, theme.dim());
    }
    let inner = Rect { x: column.x + 1, width: column.width.saturating_sub(1), ..column };
    if inner.width == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let title_style = if day.selected { theme.selected().add_modifier(Modifier::BOLD) } else { theme.title() };
    set_stringn(buf, inner.x, inner.y, &day_title(app, day.date), w, title_style);
    set_stringn(
        buf,
        inner.x,
        inner.y + 1,
        day.class.badge(),
        w,
        theme.badge(day.class.is_sitting(), day.class.assumed),
    );
    let grid_top = inner.y + HEAD;
    let weekday = day.date.weekday();
    let westminster = day.class.is_sitting().then(|| DEFAULT_HOURS.westminster_on(weekday)).flatten();
    let travel = day.class.is_sitting().then(|| DEFAULT_HOURS.travel_on(weekday)).flatten();
    let overlaps =
        |span: Option<Span>, from: u32, until: u32| span.is_some_and(|s| s.overlaps_seconds(from * 60, until * 60));
    for r in 0..window.rows {
        let from = u32::from(window.start) + u32::from(r) * u32::from(window.per_row);
        let until = from + u32::from(window.per_row);
        let shade = if overlaps(westminster, from, until) {
            Some((SHADE, theme.shade()))
        } else if overlaps(travel, from, until) {
            Some((TRAVEL, theme.dim()))
        } else {
            None
        };
        if let Some((symbol, style)) = shade {
            fill(buf, inner.x, grid_top + r, symbol, w, style);
        }
    }
    let selected = selected_index(app, day);
    let placed = lanes(&day.items, window.per_row);
    let (mut earlier, mut later) = (0, 0);
    for (n, (f, &(lane, of))) in day.items.iter().zip(&placed).enumerate() {
        let (from, until) = minutes(f);
        if until <= window.start && from < window.start || from >= window.end() {
            if from < window.start {
                earlier += 1
            } else {
                later += 1
            }
            continue;
        }
        let top = from.max(window.start).saturating_sub(window.start) / window.per_row;
        let bottom = (until.min(window.end()).saturating_sub(window.start)).div_ceil(window.per_row).max(top + 1);
        let bottom = bottom.min(window.rows);
        let lane_width = (inner.width / of as u16).max(1);
        let x = inner.x + lane_width * lane as u16;
        if x >= inner.right() {
            continue;
        }
        let last = lane + 1 == of;
        let bw = if last { inner.right() - x } else { lane_width.min(inner.right() - x) };
        let block = Rect { x, y: grid_top + top, width: bw, height: bottom - top };
        draw_block(app, frame, block, f, Some(n) == selected);
    }
    let buf = frame.buffer_mut();
    if earlier > 0 {
        set_stringn(
            buf,
            inner.x,
            grid_top,
            &format!("↑{earlier} earlier"),
            w,
            theme.dim().add_modifier(Modifier::BOLD),
        );
    }
    if later > 0 && window.rows > 0 {
        let y = grid_top + window.rows - 1;
        set_stringn(buf, inner.x, y, &format!("↓{later} later"), w, theme.dim().add_modifier(Modifier::BOLD));
    }
}

/// One proposal: a bar in its flag's colour down the left, then its time (after the flag's
/// symbol), who it is with, its kind and status, and its flag.
fn draw_block(app: &App, frame: &mut Frame, block: Rect, f: &FlaggedProposal, selected: bool) {
    let theme = &app.theme;
    let p = &f.proposal;
    let base = if selected {
        theme.selected()
    } else if f.cancelled() {
        theme.dim()
    } else {
        Style::new()
    };
    let flag_style = if f.cancelled() { theme.dim() } else { theme.flag(f.flag) };
    let symbol = if f.cancelled() { "–" } else { f.flag.symbol(f.assumed) };
    let buf = frame.buffer_mut();
    let text_width = usize::from(block.width.saturating_sub(1));
    let lines: Vec<String> = if block.height == 1 {
        let at = if p.all_day { "all day".to_string() } else { p.start.format("%H:%M").to_string() };
        vec![format!("{symbol} {at} {}", who(p))]
    } else {
        vec![
            format!("{symbol} {}", p.hours_text()),
            who(p),
            format!("{} · {}", p.kind.as_str(), p.status.as_str()),
            f.short_label().to_string(),
        ]
    };
    for row in 0..block.height {
        let y = block.y + row;
        fill(buf, block.x, y, " ", usize::from(block.width), base);
        set_stringn(buf, block.x, y, "▌", usize::MAX, if selected { base } else { flag_style });
        if let Some(line) = lines.get(usize::from(row)) {
            set_stringn(buf, block.x + 1, y, line, text_width, base);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::engagement::flagged::flag_proposals;
    use crate::tui::fixture::{calendar, visit};

    #[test]
    fn the_window_is_the_working_day_unless_the_selection_lies_elsewhere() {
        assert_eq!(Window::fit(24, None), Window { start: 8 * 60, per_row: 30, rows: 24 });
        assert_eq!(Window::fit(48, None).per_row, 15);
        assert_eq!(Window::fit(10, None), Window { start: 8 * 60, per_row: 60, rows: 10 });
        assert_eq!(Window::fit(10, Some((6 * 60 + 30, 7 * 60))).start, 6 * 60, "an early visit");
        assert_eq!(Window::fit(10, Some((21 * 60, 22 * 60))).start, 12 * 60, "a late one, to its end");
        assert_eq!(Window::fit(30, None).start, 8 * 60);
        assert_eq!(Window::fit(60, None).start, 8 * 60);
        assert_eq!(Window::fit(200, None).start, 0, "the whole day fits");
    }

    #[test]
    fn many_proposals_at_once_draw_at_any_size() {
        let mut app = crate::tui::fixture::week_app();
        for n in 0..40 {
            app.data.week.push(visit(10 + n, &format!("2025-03-06 {:02}:{:02}", 8 + n / 4, (n % 4) * 15), 240));
        }
        app.data.week.push(visit(99, "2025-03-06 23:30", 120));
        app.data.week.sort_by_key(|p| p.start);
        app.week.day = 3;
        for selected in [0, 20, 40] {
            app.week.selected = selected;
            for width in [100, 101, 113, 140, 200, 400] {
                for height in [10, 12, 20, 40, 75, 150] {
                    crate::tui::fixture::screen(&app, width, height);
                }
            }
        }
    }

    #[test]
    fn overlapping_proposals_take_lanes_side_by_side_and_others_the_whole_width() {
        let items = flag_proposals(
            &[
                visit(1, "2025-03-08 10:00", 90),
                visit(2, "2025-03-08 10:30", 60),
                visit(3, "2025-03-08 11:00", 60),
                visit(4, "2025-03-08 15:00", 60),
            ],
            &[],
            &calendar(),
        );
        assert_eq!(lanes(&items, 30), [(0, 3), (1, 3), (2, 3), (0, 1)]);
        // Touching is not overlapping: 10:00–11:30 and 11:30 share no row of half an hour.
        let touching =
            flag_proposals(&[visit(1, "2025-03-08 10:00", 90), visit(2, "2025-03-08 11:30", 60)], &[], &calendar());
        assert_eq!(lanes(&touching, 30), [(0, 1), (0, 1)]);
        assert_eq!(lanes(&touching, 60), [(0, 2), (1, 2)], "in rows of an hour they share 11:00");
    }
}
