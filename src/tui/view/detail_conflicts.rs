//! The seat's changes made apart, on the MP detail screen of a shared plan: each change that lost
//! to a later one whose author had not seen it, with what it was on, what was kept and by whom,
//! and what was lost and by whom, so nothing is lost unseen. Newest first; the first few, and how
//! many more `mpplan sync conflicts` lists.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::{safe, wrap_styled_rows};
use crate::store::Conflict;
use crate::tui::app::App;
use crate::tui::sharing::london_millis;

/// How many of the seat's conflicts are listed.
pub const SHOWN: usize = 3;

/// The rows one conflict may take, wrapped.
const ROWS_EACH: usize = 2;

/// How many rows the section needs at `width` columns, `most` at most, its border included: none
/// without conflicts.
pub fn height(app: &App, conflicts: &[Conflict], width: u16, most: u16) -> u16 {
    if conflicts.is_empty() {
        return 0;
    }
    let room = usize::from(most.saturating_sub(2));
    let rows = lines(app, conflicts, usize::from(width.saturating_sub(2)), room).len() + 2;
    u16::try_from(rows).unwrap_or(u16::MAX).min(most)
}

pub fn render(app: &App, conflicts: &[Conflict], frame: &mut Frame, area: Rect) {
    let room = usize::from(area.height.saturating_sub(2));
    let lines = lines(app, conflicts, usize::from(area.width.saturating_sub(2)), room);
    let block = Block::bordered().title(ratatui::text::Span::styled(" Changed apart ", app.theme.error()));
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The conflicts that fit in `room` rows, each whole, and when some do not, a last row saying how
/// many more there are.
fn lines(app: &App, conflicts: &[Conflict], width: usize, room: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut shown = 0;
    for conflict in conflicts.iter().take(SHOWN) {
        let wrapped = wrap_styled_rows(&segments(app, conflict), width, 2, ROWS_EACH);
        let more_after = shown + 1 < conflicts.len();
        if lines.len() + wrapped.len() + usize::from(more_after) > room {
            break;
        }
        lines.extend(wrapped);
        shown += 1;
    }
    let more = conflicts.len() - shown;
    if more > 0 {
        lines.push(Line::styled(format!("and {more} more — mpplan sync conflicts lists them all"), app.theme.dim()));
    }
    lines
}

/// "step 1.1 · note: "Sent" by Ann 29 Nov 14:02 kept over "Draft" by Bob 29 Nov 13:58".
fn segments(app: &App, c: &Conflict) -> Vec<(String, Style)> {
    let deleted = c.field == "_deleted";
    let field = if deleted { String::new() } else { format!("{}: ", safe(&c.field)) };
    let value = |v: &str| match (deleted, v) {
        (true, "1") => "deleted".to_string(),
        (true, _) => "there".to_string(),
        (false, "") => "(empty)".to_string(),
        (false, v) => format!("\"{}\"", safe(v)),
    };
    let when = |millis| london_millis(millis).map(|at| format!(" {}", at.format("%-d %b %H:%M"))).unwrap_or_default();
    vec![
        (format!("{} · ", safe(&c.what)), app.theme.title()),
        (field, Style::new()),
        (value(&c.kept), Style::new()),
        (format!(" by {}{} kept over ", safe(&c.kept_author), when(c.kept_stamp.millis)), app.theme.dim()),
        (value(&c.lost), Style::new()),
        (format!(" by {}{}", safe(&c.lost_author), when(c.lost_stamp.millis)), app.theme.dim()),
    ]
}
