//! Each drawing compared cell for cell with what ratatui draws, for text of every kind: ASCII,
//! wide characters, combining marks, joined emoji, flags, prepended marks, Hangul, controls.

use proptest::prelude::*;
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_segmentation::UnicodeSegmentation;

use super::*;

/// Characters that make graphemes of every kind, ASCII most often.
const ALPHABET: &[char] = &[
    'a',
    'b',
    'Z',
    '1',
    ' ',
    ' ',
    '(',
    ':',
    '~',
    '–',
    '·',
    '✗',
    '●',
    'é',
    '\u{301}',
    '\u{200d}',
    '👨',
    '\u{1F3FD}',
    '🇬',
    '🇧',
    '\u{600}',
    '\u{903}',
    '中',
    '\t',
    '\n',
    '\r',
    '\x1b',
    '\x7f',
    '\u{85}',
    '\u{200b}',
    '\u{a0}',
    '\u{ff9e}',
    'ᄀ',
    '각',
    '\u{fe0f}',
];

fn text() -> impl Strategy<Value = String> {
    text_up_to(30)
}

fn text_up_to(most: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(b' '..=b'~', 0..most).prop_map(|bytes| String::from_utf8(bytes).unwrap()),
        prop::collection::vec(prop::sample::select(ALPHABET), 0..most).prop_map(|cs| cs.into_iter().collect()),
    ]
}

fn style() -> impl Strategy<Value = Style> {
    prop::sample::select(vec![
        Style::new(),
        Style::new().fg(Color::Red),
        Style::new().bg(Color::Blue).add_modifier(Modifier::BOLD),
        Style::new().remove_modifier(Modifier::BOLD).fg(Color::Green),
        Style::new().add_modifier(Modifier::REVERSED),
    ])
}

fn line() -> impl Strategy<Value = Line<'static>> {
    line_of(30)
}

fn line_of(most: usize) -> impl Strategy<Value = Line<'static>> {
    (
        prop::collection::vec((text_up_to(most), style()).prop_map(|(t, s)| Span::styled(t, s)), 0..4),
        style(),
        prop::sample::select(vec![None, Some(Alignment::Left), Some(Alignment::Center), Some(Alignment::Right)]),
    )
        .prop_map(|(spans, style, alignment)| {
            let line = Line::from(spans).style(style);
            match alignment {
                Some(a) => line.alignment(a),
                None => line,
            }
        })
}

/// A buffer already drawn in, so that cells left alone differ from cells drawn.
fn canvas() -> Buffer {
    let mut buf = Buffer::with_lines(["#########################"; 6]);
    buf.set_style(Rect::new(0, 0, 25, 3), Style::new().fg(Color::Yellow).add_modifier(Modifier::ITALIC));
    buf.area = Rect::new(2, 1, 25, 6);
    buf
}

/// What ratatui draws on the canvas, or `None` where ratatui stops itself: in a debug build
/// unicode-truncate asserts on some joined emoji in a centred line, and the word wrapper can draw
/// outside the buffer (a wide grapheme after one of no width at the right edge). There is then
/// nothing to compare with; what it draws everywhere else is compared.
fn ratatuis(draw: impl FnOnce(&mut Buffer) + std::panic::UnwindSafe) -> Option<Buffer> {
    std::panic::catch_unwind(|| {
        let mut theirs = canvas();
        draw(&mut theirs);
        theirs
    })
    .ok()
}

fn area() -> impl Strategy<Value = Rect> {
    (0u16..30, 0u16..9, 0u16..30, 0u16..8).prop_map(|(x, y, w, h)| Rect::new(x, y, w, h))
}

proptest! {
    #[test]
    fn graphemes_are_ratatuis(text in text()) {
        let ours: Vec<(&str, u16)> = graphemes(&text).collect();
        let theirs: Vec<(&str, u16)> =
            text.graphemes(true).filter(|g| !g.contains(char::is_control)).map(|g| (g, g.cell_width())).collect();
        prop_assert_eq!(ours, theirs);
    }

    #[test]
    fn set_stringn_draws_as_ratatui(text in text(), x in 2u16..30, y in 1u16..7, max in 0usize..30, style in style()) {
        let (mut ours, mut theirs) = (canvas(), canvas());
        let end = super::set_stringn(&mut ours, x, y, &text, max, style);
        let their_end = theirs.set_stringn(x, y, &text, max, style);
        prop_assert_eq!(ours, theirs);
        if x < 27 {
            prop_assert_eq!(end, their_end);
        }
    }

    #[test]
    fn fill_draws_as_ratatui(x in 2u16..30, y in 1u16..7, count in 0usize..30, symbol in prop::sample::select(vec!["░", "·", " ", "│", "a"])) {
        let (mut ours, mut theirs) = (canvas(), canvas());
        fill(&mut ours, x, y, symbol, count, Style::new().fg(Color::Red));
        theirs.set_stringn(x, y, symbol.repeat(count), count, Style::new().fg(Color::Red));
        prop_assert_eq!(ours, theirs);
    }

    #[test]
    fn set_style_is_ratatuis(area in area(), style in style()) {
        let (mut ours, mut theirs) = (canvas(), canvas());
        super::set_style(&mut ours, area, style);
        theirs.set_style(area, style);
        prop_assert_eq!(ours, theirs);
    }

    #[test]
    fn a_line_draws_as_ratatui(line in line(), area in area()) {
        let theirs = ratatuis(|buf| (&line).render(area, buf));
        prop_assume!(theirs.is_some());
        let mut ours = canvas();
        render_line(&line, area, &mut ours);
        prop_assert_eq!(ours, theirs.unwrap());
    }

    #[test]
    fn lines_draw_as_a_paragraph(lines in prop::collection::vec(line(), 0..8), scroll in 0usize..4, area in area()) {
        let theirs = ratatuis(|buf| Paragraph::new(lines.clone()).scroll((scroll as u16, 0)).render(area, buf));
        prop_assume!(theirs.is_some());
        let mut ours = canvas();
        render_lines(&lines, scroll, area, &mut ours);
        prop_assert_eq!(ours, theirs.unwrap());
    }

    #[test]
    fn lines_draw_as_a_wrapping_paragraph(lines in prop::collection::vec(line_of(8), 0..6), trim: bool, area in area()) {
        let theirs = ratatuis(|buf| Paragraph::new(lines.clone()).wrap(Wrap { trim }).render(area, buf));
        prop_assume!(theirs.is_some());
        let mut ours = canvas();
        render_wrapped(lines, trim, area, &mut ours);
        prop_assert_eq!(ours, theirs.unwrap());
    }
}

proptest! {
    #[test]
    fn a_bordered_block_draws_as_ratatuis(title in line(), area in area()) {
        // Titles are drawn at the left.
        let title = Line { alignment: None, ..title };
        let (mut ours, mut theirs) = (canvas(), canvas());
        render_bordered(&title, area, &mut ours);
        ratatui::widgets::Block::bordered().title(title).render(area, &mut theirs);
        prop_assert_eq!(ours, theirs);
    }
}

proptest! {
    #[test]
    fn table_rows_draw_as_ratatuis_table(
        rows in prop::collection::vec(prop::collection::vec(line_of(12), 0..5), 0..8),
        widths in prop::collection::vec(prop::sample::select(vec![
            Constraint::Length(1), Constraint::Length(5), Constraint::Fill(1), Constraint::Fill(3), Constraint::Min(2),
        ]), 0..5),
        selected in prop::option::of(0usize..9),
        highlight in style(),
        area in area(),
    ) {
        let table = ratatui::widgets::Table::new(
            rows.iter().map(|cells| ratatui::widgets::Row::new(cells.iter().cloned().map(ratatui::widgets::Cell::from))),
            widths.clone(),
        )
        .row_highlight_style(highlight);
        let theirs = ratatuis(|buf| {
            let mut state = ratatui::widgets::TableState::default().with_selected(selected);
            ratatui::widgets::StatefulWidget::render(&table, area, buf, &mut state);
        });
        prop_assume!(theirs.is_some());
        let mut ours = canvas();
        render_table(rows, &widths, selected, highlight, area, &mut ours);
        prop_assert_eq!(ours, theirs.unwrap());
    }
}

proptest! {
    #[test]
    fn list_items_draw_as_ratatuis_list(
        items in prop::collection::vec(prop::collection::vec(line_of(12), 0..4), 0..9),
        selected in prop::option::of(0usize..10),
        highlight in style(),
        area in area(),
    ) {
        let list = ratatui::widgets::List::new(items.iter().cloned().map(ratatui::widgets::ListItem::new))
            .highlight_style(highlight);
        let theirs = ratatuis(|buf| {
            let mut state = ratatui::widgets::ListState::default().with_selected(selected);
            ratatui::widgets::StatefulWidget::render(&list, area, buf, &mut state);
        });
        prop_assume!(theirs.is_some());
        let mut ours = canvas();
        render_list(items, selected, highlight, area, &mut ours);
        prop_assert_eq!(ours, theirs.unwrap());
    }
}

#[test]
fn a_list_shows_from_the_top_until_the_selected_item_needs_it_to_scroll() {
    assert_eq!(list_window(&[1, 1, 1, 1], Some(2), 3), (0, 3));
    assert_eq!(list_window(&[1, 1, 1, 1], Some(3), 3), (1, 4));
    assert_eq!(list_window(&[2, 1, 2, 1], Some(3), 3), (2, 4));
    assert_eq!(list_window(&[1, 1, 1, 1], None, 2), (0, 2));
    assert_eq!(
        list_window(&[1, 5, 1], Some(1), 3),
        (1, 1),
        "as the list finds it: an item taller than the list is not shown"
    );
}

#[test]
fn a_line_too_long_does_not_fit_nor_one_starting_blank_when_trimmed() {
    assert!(fits_unwrapped(&Line::from("abc"), 3, false));
    assert!(fits_unwrapped(&Line::from("  x"), 3, false));
    assert!(!fits_unwrapped(&Line::from("abcd"), 3, false));
    assert!(!fits_unwrapped(&Line::from("  x"), 3, true));
    assert!(!fits_unwrapped(&Line::from("中中"), 3, false), "four cells");
    assert!(fits_unwrapped(&Line::from("a\u{200b}"), 2, false), "a zero-width space with room left");
    assert!(
        !fits_unwrapped(&Line::from("ab\u{200b}\u{fe0f}"), 2, false),
        "a word at the edge before a zero-width space ends the row: the rest takes another"
    );
}
