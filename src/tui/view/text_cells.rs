//! Text drawn into the frame's cells exactly as ratatui's widgets draw it, for the screens' dense
//! text, without ratatui's grapheme segmenter where it is not needed: a printable ASCII character
//! whose neighbours are ASCII is always a grapheme of its own, one cell wide (Unicode joins a
//! character to its neighbours only through characters outside ASCII), so only the stretches
//! around other characters are segmented. What is drawn is cell for cell what ratatui draws (the
//! tests compare the two); only the work differs.

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, StyledGrapheme};
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget, Wrap};
use unicode_segmentation::{Graphemes, UnicodeSegmentation};

/// The graphemes ratatui draws of `text` (those with a control character left out), each with its
/// width in cells, in order.
pub fn graphemes(text: &str) -> impl Iterator<Item = (&str, u16)> {
    let bytes = text.as_bytes();
    // A byte that is ASCII between ASCII bytes (or the ends) is a grapheme of its own.
    let alone = move |i: usize| {
        bytes[i].is_ascii() && (i == 0 || bytes[i - 1].is_ascii()) && bytes.get(i + 1).is_none_or(u8::is_ascii)
    };
    let mut at = 0;
    let mut stretch: Option<Graphemes> = None;
    std::iter::from_fn(move || {
        loop {
            if let Some(graphemes) = &mut stretch {
                match graphemes.next() {
                    Some(g) if g.contains(char::is_control) => continue,
                    Some(g) => return Some((g, g.cell_width())),
                    None => stretch = None,
                }
            }
            if at >= bytes.len() {
                return None;
            }
            if alone(at) {
                at += 1;
                if bytes[at - 1].is_ascii_control() {
                    continue;
                }
                return Some((&text[at - 1..at], 1));
            }
            // A stretch starts and ends beside a lone ASCII character (or an end), so both its
            // ends are grapheme boundaries, and it is segmented as it would be in place.
            let start = at;
            while at < bytes.len() && !alone(at) {
                at += 1;
            }
            stretch = Some(text[start..at].graphemes(true));
        }
    })
}

/// Whether `text` is printable ASCII only: one cell a byte.
fn plain(text: &str) -> bool {
    text.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// The index in `buf.content` of the cell at (`x`, `y`), when it is in the buffer.
fn index(buf: &Buffer, x: u16, y: u16) -> Option<usize> {
    let area = buf.area;
    (x >= area.left() && x < area.right() && y >= area.top() && y < area.bottom())
        .then(|| usize::from(y - area.y) * usize::from(area.width) + usize::from(x - area.x))
}

/// [`Buffer::set_style`]: `style` laid over every cell of `area`.
pub fn set_style(buf: &mut Buffer, area: Rect, style: Style) {
    if style == Style::new() {
        return;
    }
    let area = buf.area.intersection(area);
    for y in area.top()..area.bottom() {
        if let Some(start) = index(buf, area.x, y) {
            for cell in &mut buf.content[start..start + usize::from(area.width)] {
                cell.set_style(style);
            }
        }
    }
}

/// [`Buffer::set_stringn`]: `text` from (`x`, `y`), at most `max_width` cells of it, in `style`;
/// where it ended.
pub fn set_stringn(buf: &mut Buffer, x: u16, y: u16, text: &str, max_width: usize, style: Style) -> (u16, u16) {
    let max_width = u16::try_from(max_width).unwrap_or(u16::MAX);
    let mut remaining = buf.area.right().saturating_sub(x).min(max_width);
    let Some(start) = index(buf, x, y).filter(|_| remaining > 0) else { return (x, y) };
    let mut at = 0;
    if plain(text) {
        let n = usize::from(remaining).min(text.len());
        for (cell, i) in buf.content[start..start + n].iter_mut().zip(0..) {
            cell.set_symbol(&text[i..=i]).set_style(style);
        }
        return (x + n as u16, y);
    }
    for (symbol, width) in graphemes(text).filter(|(_, width)| *width > 0) {
        let Some(rest) = remaining.checked_sub(width) else { break };
        remaining = rest;
        buf.content[start + at].set_symbol(symbol).set_style(style);
        // The cells a wide grapheme hides are emptied.
        for hidden in 1..usize::from(width) {
            buf.content[start + at + hidden].reset();
        }
        at += usize::from(width);
    }
    (x + at as u16, y)
}

/// `symbol` (one cell wide) in `count` cells from (`x`, `y`), in `style`: [`Buffer::set_stringn`]
/// of it repeated, without the repeating.
pub fn fill(buf: &mut Buffer, x: u16, y: u16, symbol: &str, count: usize, style: Style) {
    debug_assert_eq!(graphemes(symbol).map(|(_, w)| w).collect::<Vec<_>>(), [1], "{symbol:?} is one cell");
    let count = count.min(usize::from(buf.area.right().saturating_sub(x)));
    if let Some(start) = index(buf, x, y) {
        for cell in &mut buf.content[start..start + count] {
            cell.set_symbol(symbol).set_style(style);
        }
    }
}

/// A [`Line`] drawn as the widget draws itself into `area` (its first row).
pub fn render_line(line: &Line, area: Rect, buf: &mut Buffer) {
    if line.alignment.is_some_and(|a| a != Alignment::Left) {
        line.render(area, buf);
        return;
    }
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let mut area = Rect { height: 1, ..area };
    let widths: Vec<usize> =
        line.spans.iter().map(|s| if plain(&s.content) { s.content.len() } else { s.width() }).collect();
    if widths.iter().sum::<usize>() == 0 {
        return;
    }
    set_style(buf, area, line.style);
    for (span, &width) in line.spans.iter().zip(&widths) {
        // A span without width is not drawn.
        if width == 0 {
            continue;
        }
        if area.is_empty() {
            break;
        }
        render_span(span, area, buf);
        let width = u16::try_from(width).unwrap_or(u16::MAX);
        area = Rect { x: area.x.saturating_add(width), width: area.width.saturating_sub(width), ..area };
    }
}

/// A [`Span`] drawn as the widget draws itself into `area` (its first row).
fn render_span(span: &Span, area: Rect, buf: &mut Buffer) {
    if !plain(&span.content) {
        span.render(area, buf);
        return;
    }
    let area = area.intersection(buf.area);
    if let Some(start) = index(buf, area.x, area.y).filter(|_| !area.is_empty()) {
        let style = Style::new().patch(span.style);
        let n = span.content.len().min(usize::from(area.width));
        for (cell, i) in buf.content[start..start + n].iter_mut().zip(0..) {
            cell.set_symbol(&span.content[i..=i]).set_style(style);
        }
    }
}

/// `lines` drawn as a [`ratatui::widgets::Paragraph`] of them draws them, without a block or
/// wrapping, scrolled down `scroll` lines: each line cut at the area's right edge.
pub fn render_lines(lines: &[Line], scroll: usize, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    for (row, line) in lines.iter().skip(scroll).take(usize::from(area.height)).enumerate() {
        let y = area.y + row as u16;
        let offset = match line.alignment.unwrap_or(Alignment::Left) {
            Alignment::Left => 0,
            Alignment::Center => (area.width / 2).saturating_sub(shown_width(line, area.width) / 2),
            Alignment::Right => area.width.saturating_sub(shown_width(line, area.width)),
        };
        let Some(start) = index(buf, area.x + offset, y) else { continue };
        let mut used = 0;
        'line: for span in &line.spans {
            let style = line.style.patch(span.style);
            if plain(&span.content) {
                let n = span.content.len().min(usize::from(area.width - used));
                for (cell, i) in buf.content[start + usize::from(used)..][..n].iter_mut().zip(0..) {
                    cell.set_symbol(&span.content[i..=i]).set_style(style);
                }
                used += n as u16;
                if n < span.content.len() {
                    break 'line;
                }
                continue;
            }
            for (symbol, width) in graphemes(&span.content) {
                // A grapheme wider than the area is left out; one that does not fit ends the line.
                if width > area.width {
                    continue;
                }
                if used + width > area.width {
                    break 'line;
                }
                if width > 0 {
                    buf.content[start + usize::from(used)].set_symbol(symbol).set_style(style);
                }
                used += width;
            }
        }
    }
}

/// A block with plain borders all round and `title` at the top left, drawn as
/// `Block::bordered().title(title)` draws itself into `area`.
pub fn render_bordered(title: &Line, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let (left, top) = (area.left(), area.top());
    let (right, bottom) = (area.right() - 1, area.bottom() - 1);
    let mut put = |x: u16, y: u16, symbol: &str| {
        if let Some(i) = index(buf, x, y) {
            buf.content[i].set_symbol(symbol).set_style(Style::new());
        }
    };
    // The sides, then the corners over them, in the widget's order.
    for y in top..=bottom {
        put(left, y, "│");
    }
    for x in left..=right {
        put(x, top, "─");
    }
    for y in top..=bottom {
        put(right, y, "│");
    }
    for x in left..=right {
        put(x, bottom, "─");
    }
    put(right, bottom, "┘");
    put(right, top, "┐");
    put(left, bottom, "└");
    put(left, top, "┌");
    let room = area.width.saturating_sub(2);
    if room > 0 {
        let width = title.width().min(usize::from(u16::MAX)) as u16;
        render_line(title, Rect { x: left.saturating_add(1), y: top, width: width.min(room), height: 1 }, buf);
    }
}

/// A [`List`] of `items` (each its lines), with the `selected` one in `highlight`, drawn as the
/// list draws itself into `area` from the top (without a block or highlight symbol): the items
/// from the first, or, when the selected one would not show, up to it.
pub fn render_list(items: Vec<Vec<Line<'_>>>, selected: Option<usize>, highlight: Style, area: Rect, buf: &mut Buffer) {
    if area.is_empty() || items.is_empty() {
        return;
    }
    let selected = selected.map(|s| s.min(items.len() - 1));
    let heights: Vec<usize> = items.iter().map(Vec::len).collect();
    let (first, last) = list_window(&heights, selected, usize::from(area.height));
    let mut y = area.y;
    for (i, lines) in items.iter().enumerate().take(last).skip(first) {
        let item = Rect { y, height: lines.len() as u16, ..area };
        // As a text draws itself: its lines in the rows of its area in the buffer.
        let shown = item.intersection(buf.area);
        for (line, row) in lines.iter().zip(shown.rows()) {
            render_line(line, row, buf);
        }
        if selected == Some(i) {
            set_style(buf, item, highlight);
        }
        y += item.height;
    }
}

/// The items a list shows in `rows` rows from the top, first and after the last, of items
/// `heights` rows tall: as many as fit from the first, or when `selected` is not among them, those
/// that fit up to it (as [`List`] finds them, from no offset and without scroll padding).
fn list_window(heights: &[usize], selected: Option<usize>, rows: usize) -> (usize, usize) {
    let (mut first, mut last, mut used) = (0, 0, 0);
    for &height in heights {
        if used + height > rows {
            break;
        }
        used += height;
        last += 1;
    }
    let shown = selected.unwrap_or(0);
    while shown >= last {
        used = used.saturating_add(heights[last]);
        last += 1;
        while used > rows {
            used = used.saturating_sub(heights[first]);
            first += 1;
        }
    }
    while shown < first {
        first -= 1;
        used = used.saturating_add(heights[first]);
        while used > rows {
            last -= 1;
            used = used.saturating_sub(heights[last]);
        }
    }
    (first, last)
}

/// The rows of a [`ratatui::widgets::Table`] of one-line cells, in columns of `widths`, with the
/// `selected` row in `highlight`, drawn as the table draws them into `area` (without a block,
/// header or highlight symbol): directly when every row fits, as the table itself otherwise.
pub fn render_table(
    rows: Vec<Vec<Line<'_>>>,
    widths: &[Constraint],
    selected: Option<usize>,
    highlight: Style,
    area: Rect,
    buf: &mut Buffer,
) {
    if widths.is_empty() || rows.len() > usize::from(area.height) || selected.is_some_and(|s| s >= rows.len()) {
        let rows = rows.into_iter().map(|cells| Row::new(cells.into_iter().map(Cell::from)));
        let table = Table::new(rows, widths.iter().copied()).row_highlight_style(highlight);
        StatefulWidget::render(&table, area, buf, &mut TableState::default().with_selected(selected));
        return;
    }
    if area.is_empty() {
        return;
    }
    // The table's columns: its layout, spaced by one cell.
    let columns =
        Layout::horizontal(widths.iter().copied()).flex(Flex::Start).spacing(1).split(Rect::new(0, 0, area.width, 1));
    for (row, cells) in rows.iter().enumerate() {
        let y = area.y + row as u16;
        for (column, line) in columns.iter().zip(cells) {
            render_line(line, Rect::new(area.x + column.x, y, column.width, 1), buf);
        }
        if selected == Some(row) {
            set_style(buf, Rect { y, height: 1, ..area }, highlight);
        }
    }
}

/// How many cells of `line` a paragraph `width` wide shows.
fn shown_width(line: &Line, width: u16) -> u16 {
    let mut used: u16 = 0;
    for (_, w) in line.spans.iter().flat_map(|s| graphemes(&s.content)) {
        if w > width {
            continue;
        }
        if used + w > width {
            break;
        }
        used += w;
    }
    used
}

/// Whether a paragraph `width` cells wide wrapping at words (trimming or not) draws `line` on one
/// row as it is: when it fits, and, trimming, does not start with white space (which trimming
/// takes away). A line exactly as wide as the row that holds white space of no width (a zero-width
/// space) is left to the paragraph: a word ending at the row's edge before such a space ends the
/// row there, and what follows takes a row of its own.
fn fits_unwrapped(line: &Line, width: u16, trim: bool) -> bool {
    let mut graphemes = line.spans.iter().flat_map(|s| graphemes(&s.content)).peekable();
    let blank = |symbol| StyledGrapheme::new(symbol, Style::new()).is_whitespace();
    if trim && graphemes.peek().is_some_and(|(first, _)| blank(first)) {
        return false;
    }
    let (mut used, mut unseen_blank) = (0, false);
    for (symbol, w) in graphemes {
        used += usize::from(w);
        unseen_blank |= w == 0 && blank(symbol);
    }
    used < usize::from(width) || used == usize::from(width) && !unseen_blank
}

/// `lines` drawn as a [`Paragraph`] of them wrapping at words (trimming or not) draws them into
/// `area`: the lines that fit, up to the first that does not, directly, and the rest by the
/// paragraph (which wraps each line on its own, so the rest are drawn as they would be below
/// the first).
pub fn render_wrapped(mut lines: Vec<Line<'_>>, trim: bool, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let fitting = lines.iter().take_while(|line| fits_unwrapped(line, area.width, trim)).count();
    let rest = lines.split_off(fitting);
    render_lines(&lines, 0, area, buf);
    let below = u16::try_from(fitting).unwrap_or(u16::MAX).min(area.height);
    if !rest.is_empty() && below < area.height {
        let area = Rect { y: area.y + below, height: area.height - below, ..area };
        Paragraph::new(rest).wrap(Wrap { trim }).render(area, buf);
    }
}

#[cfg(test)]
mod tests;
