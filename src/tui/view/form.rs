//! The open form, as a popup over the screen: one line per field with its value and, beside it,
//! what it resolved to or what is wrong; below, the focused field's full problem (or what to type)
//! and, for a proposal, the slot's live flag with its reason and the next clear slot when there is
//! a better one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{centered, safe};
use crate::domain::calendar::Flag;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::form::{Checked, FieldCheck, FormContext, PAST};
use crate::tui::text_input::TextInput;

/// The popup's widest and the label column's width.
const WIDTH: u16 = 100;
const LABEL: usize = 15;
/// The value column's widest.
const VALUE: usize = 32;

/// Draws the open form (if any) as a popup centred in `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let Some(form) = app.overlay.form() else { return };
    let ctx = FormContext::of(app);
    // A proposal is checked once: its verdicts and its flag come from the same reading.
    let checked = form.proposal().map(|f| f.check(&ctx));
    let checks = checked.as_ref().map_or_else(|| form.checks(&ctx), |c| c.fields.clone());
    let inputs = form.inputs();
    let rows = inputs.rows();
    let focus = inputs.focus_index();
    let mut below = below(app, checks.get(focus), inputs.hint(), checked.as_ref());
    if let Some(form) = form.proposal()
        && !form.matches.is_empty()
    {
        below.splice(0..0, matches(app, &form.matches, form.picked));
    }
    let fields = u16::try_from(rows.len()).unwrap_or(u16::MAX);
    let width = WIDTH.min(area.width);
    let popup = centered(area, width, fields + wrapped_height(&below, width.saturating_sub(2)) + 2);
    if popup.is_empty() {
        return;
    }
    frame.render_widget(Clear, popup);
    let block = Block::bordered().title(Span::styled(safe(&form.title()), app.theme.title()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    if inner.is_empty() {
        return;
    }
    // The explanation below comes first; the fields scroll when the window is short.
    let room = inner.height.saturating_sub(wrapped_height(&below, inner.width)).max(inner.height.min(3));
    let [top, bottom] = Layout::vertical([Constraint::Length(fields.min(room)), Constraint::Fill(1)]).areas(inner);
    let value_width = (usize::from(inner.width).saturating_sub(LABEL) / 2).clamp(1, VALUE);
    let lines: Vec<Line> = rows
        .iter()
        .zip(&checks)
        .enumerate()
        .map(|(i, ((label, input), check))| {
            let field = FieldShown { label, input, check, focused: i == focus, choice: inputs.is_choice(i) };
            field_line(app, &field, value_width)
        })
        .collect();
    let scroll = (focus + 1).saturating_sub(usize::from(top.height));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), top);
    frame.render_widget(Paragraph::new(below).wrap(Wrap { trim: true }), bottom);
}

/// About how many rows `lines` take when wrapped at `width` (a word wrap may need one more).
fn wrapped_height(lines: &[Line], width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let rows: usize = lines.iter().map(|l| l.width().div_ceil(width).max(1) + usize::from(l.width() > width)).sum();
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// The seats the MP field offers, the highlighted one marked.
fn matches(app: &App, matches: &[(String, String)], picked: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(""), Line::styled("Matching MPs (tracked seats first):", app.theme.title())];
    for (i, (_, label)) in matches.iter().enumerate() {
        lines.push(match i == picked {
            true => Line::styled(format!("› {}", safe(label)), app.theme.selected()),
            false => Line::raw(format!("· {}", safe(label))),
        });
    }
    lines
}

/// One field as the popup shows it.
struct FieldShown<'a> {
    label: &'a str,
    input: &'a TextInput,
    check: &'a FieldCheck,
    focused: bool,
    /// A field with a fixed set of values: shown as the value between arrows, with no cursor.
    choice: bool,
}

/// "› Date          2025-03-04        Tuesday 4 March 2025 · Sitting".
fn field_line(app: &App, field: &FieldShown, width: usize) -> Line<'static> {
    let FieldShown { label, input, check, focused, choice } = *field;
    let marker = if focused { "› " } else { "  " };
    let label_style = if focused { app.theme.accent() } else { Style::new() };
    let mut spans = vec![Span::styled(format!("{marker}{label:<w$}", w = LABEL - 2), label_style)];
    match choice {
        true => spans.extend(choice_spans(app, input.text(), focused, width)),
        false => spans.extend(value_spans(app, input, focused, width)),
    }
    if check.error.is_some() {
        spans.push(Span::styled(format!("  ✗ {}", safe(&check.note)), app.theme.error()));
    } else if check.note.starts_with(PAST) {
        spans.push(Span::styled(format!("  ! {}", safe(&check.note)), app.theme.flag(Flag::Caution)));
    } else if !check.note.is_empty() {
        spans.push(Span::styled(format!("  {}", safe(&check.note)), app.theme.dim()));
    }
    Line::from(spans)
}

/// A choice: "‹ meeting ›", the value highlighted while the field has the focus, padded to `width`.
fn choice_spans(app: &App, value: &str, focused: bool, width: usize) -> Vec<Span<'static>> {
    let value: String = safe(value).chars().take(width.saturating_sub(4)).collect();
    let style = if focused { app.theme.selected() } else { Style::new() };
    let used = value.width() + 4;
    vec![
        Span::raw("‹ "),
        Span::styled(value, style),
        Span::raw(" ›"),
        Span::raw(" ".repeat(width.saturating_sub(used))),
    ]
}

/// The field's text in a box `width` columns wide, padded, scrolled so that the cursor shows; the
/// cursor is drawn as a reversed cell on the focused field.
pub(super) fn value_spans(app: &App, input: &TextInput, focused: bool, width: usize) -> Vec<Span<'static>> {
    let chars: Vec<char> = safe(input.text()).chars().collect();
    let cursor = input.cursor().min(chars.len());
    // Start far enough along that the text up to the cursor (and the cursor cell) fits.
    let mut first = 0;
    if focused {
        let mut used = 1;
        first = cursor;
        while first > 0 && used + chars[first - 1].width().unwrap_or(0) <= width {
            first -= 1;
            used += chars[first].width().unwrap_or(0);
        }
    }
    let mut spans = Vec::new();
    let mut used = 0;
    let mut text = String::new();
    for (i, &c) in chars.iter().enumerate().skip(first) {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        if focused && i == cursor {
            spans.push(Span::raw(std::mem::take(&mut text)));
            spans.push(Span::styled(c.to_string(), app.theme.selected()));
        } else {
            text.push(c);
        }
        used += w;
    }
    spans.push(Span::raw(text));
    if focused && cursor == chars.len() && used < width {
        spans.push(Span::styled(" ", app.theme.selected()));
        used += 1;
    }
    spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
    spans
}

/// The focused field's problem or hint and, for a proposal, the live flag and the suggestion.
fn below(app: &App, focused: Option<&FieldCheck>, hint: &str, checked: Option<&Checked>) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from("")];
    match focused.and_then(|f| f.error.as_ref()) {
        Some(problem) => lines.push(Line::styled(format!("✗ {}", safe(problem)), app.theme.error())),
        None => lines.push(Line::styled(hint.to_string(), app.theme.dim())),
    }
    let Some(checked) = checked else { return lines };
    lines.push(Line::from(""));
    match &checked.flag {
        Some(flag) => lines.push(Line::from(vec![
            Span::styled(flag.label(), app.theme.flag(flag.flag)),
            Span::raw(format!(" {}", safe(&flag.reason()))),
        ])),
        None => lines.push(Line::styled(
            "The slot's flag shows here once the date, start and length are valid.",
            app.theme.dim(),
        )),
    }
    if let Some((start, end)) = checked.clash {
        // Busy times carry no hours of their own: midnight to midnight is a day taken whole.
        let whole_days = start.time() == chrono::NaiveTime::MIN && end.time() == chrono::NaiveTime::MIN;
        let taken = match whole_days {
            true => crate::domain::when::span_text(start, end, true),
            false => format!("{}–{}", start.format("%a %-d %b %H:%M"), end.format("%H:%M")),
        };
        lines.push(Line::styled(format!("! It overlaps another proposal ({taken})."), app.theme.flag(Flag::Caution)));
    }
    match &checked.suggestion {
        Some(slot) => lines.push(Line::from(vec![
            Span::styled("Next clear slot: ", app.theme.title()),
            Span::styled(
                format!("{}–{}", slot.start.format("%a %-d %b %Y %H:%M"), slot.end.format("%H:%M")),
                app.theme.flag(Flag::Clear),
            ),
            Span::raw(app.key(Action::TakeSuggestion).map(|k| format!(" — press {k} to take it")).unwrap_or_default()),
        ])),
        None if checked.flag.as_ref().is_some_and(|f| f.flag != Flag::Clear) => {
            lines.push(Line::styled("No clear slot was found in the next two years.", app.theme.dim()));
        }
        None => {}
    }
    lines
}

#[cfg(test)]
mod tests {
    use crate::tui::action::{Input, TextEdit};
    use crate::tui::fixture::{d, screen, week_app as app};
    use crate::tui::form::{Field, Fields, ProposalForm};
    use crate::tui::overlay::Overlay;
    use crate::tui::update::update;

    fn with_form() -> crate::tui::app::App {
        let mut app = app();
        app.overlay =
            Overlay::Form(ProposalForm::new(Some(("E14001323".into(), "Leeds South".into())), d("2025-03-04")).into());
        app
    }

    #[test]
    fn the_form_shows_fields_the_live_flag_and_a_clear_slot() {
        for (width, height) in [(120, 40), (80, 24)] {
            let text = screen(&with_form(), width, height);
            for expected in ["New proposal", "MP", "Leeds South", "Attendees", "✗ conflict", "Next clear slot"] {
                assert!(text.contains(expected), "{expected} missing at {width}×{height}:\n{text}");
            }
            assert!(text.contains("Sat 8 Mar 2025 11:30"), "{text}");
        }
    }

    #[test]
    fn a_bad_field_shows_its_problem_beside_it_and_in_full_below() {
        let mut app = with_form();
        update(&mut app, Input::Text(TextEdit::Insert('x')));
        let text = screen(&app, 120, 40);
        assert!(text.contains("✗ not a date"), "{text}");
        assert!(text.contains("\"2025-03-04x\" is not a date"), "{text}");
        assert!(text.contains("The slot's flag shows here once"), "{text}");
    }

    #[test]
    fn long_values_scroll_to_keep_the_cursor_in_view() {
        let mut app = with_form();
        let form = app.overlay.form_mut().unwrap();
        form.inputs_mut().focus_on(Field::Place.index());
        for c in "A very long place name that keeps going well past the box: Ward 7".chars() {
            form.inputs_mut().focused_mut().apply(TextEdit::Insert(c));
        }
        assert!(screen(&app, 80, 24).contains("Ward 7"));
    }

    #[test]
    fn the_cursor_is_drawn_where_typing_goes_and_a_choice_between_arrows() {
        let mut app = with_form();
        let form = app.overlay.form_mut().unwrap();
        form.inputs_mut().focus_on(Field::Place.index());
        for edit in [TextEdit::Insert('W'), TextEdit::Insert('a'), TextEdit::Insert('r'), TextEdit::Insert('d')] {
            form.inputs_mut().focused_mut().apply(edit);
        }
        form.inputs_mut().focused_mut().apply(TextEdit::Left);
        form.inputs_mut().focused_mut().apply(TextEdit::Left);
        let input = form.inputs().rows()[Field::Place.index()].1.clone();
        let spans = super::value_spans(&app, &input, true, 20);
        let cursor: Vec<&str> =
            spans.iter().filter(|s| s.style == app.theme.selected()).map(|s| s.content.as_ref()).collect();
        assert_eq!(cursor, ["r"], "the cell typing goes before: {spans:?}");
        let text = crate::tui::fixture::screen(&app, 120, 40);
        assert!(text.contains("Kind         ‹ meeting ›"), "{text}");
    }

    #[test]
    fn no_size_panics_with_the_form_open() {
        let mut app = with_form();
        app.overlay.form_mut().unwrap().inputs_mut().focus_on(Field::Published.index());
        for width in (1..=200).step_by(7) {
            for height in (1..=60).step_by(3) {
                screen(&app, width, height);
            }
        }
    }

    #[test]
    fn drawing_alone_fits_any_area() {
        let app = with_form();
        for width in 0..=45 {
            for height in 0..=25 {
                let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
                terminal.draw(|f| super::render(&app, f, f.area())).unwrap();
            }
        }
    }
}
