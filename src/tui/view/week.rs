//! The week screen: Monday to Sunday, each day with its badge and its proposals with their flags
//! (worked out now, from the calendar as it is). Seven columns on wide terminals, the days one
//! under the other on narrow ones. Below, the selected proposal or day explained in full.

use chrono::{Datelike, Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{WIDE, safe};
use crate::domain::calendar::{DataEdge, DayClass};
use crate::domain::engagement::flagged::{FlaggedProposal, flag_proposals};
use crate::domain::engagement::proposal::Proposal;
use crate::tui::app::{App, monday_of};
use crate::tui::theme::Theme;

mod grid;

/// One day of the week shown, with its proposals and their flags.
struct Day {
    date: NaiveDate,
    class: DayClass,
    items: Vec<FlaggedProposal>,
    /// Whether this is the selected day.
    selected: bool,
}

/// Draws the week of `app.week.monday` into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    if area.is_empty() {
        return;
    }
    let days = days(app);
    let assumed = days.iter().find(|d| d.class.assumed).map(|d| assumed_note(&d.class));
    // The note wraps onto a second line on narrow screens; the detail grows with the screen.
    let note_lines =
        assumed.as_ref().map_or(0, |text| if text.chars().count() > usize::from(area.width) { 2 } else { 1 });
    let detail_lines = (area.height.saturating_sub(2) / 3).clamp(2, 5);
    let [head, note, main, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(note_lines),
        Constraint::Fill(1),
        Constraint::Length(detail_lines),
    ])
    .areas(area);
    frame.render_widget(header(app, area.width >= WIDE), head);
    if let Some(text) = assumed {
        let style = app.theme.badge(false, true);
        frame.render_widget(Paragraph::new(Line::styled(text, style)).wrap(Wrap { trim: true }), note);
    }
    if area.width >= WIDE {
        grid::render(app, frame, main, &days);
    } else {
        rows(app, frame, main, &days);
    }
    frame.render_widget(detail_text(app, &days), detail);
}

/// The seven days. The week's proposals are read with the day before and the day after, so that
/// overlaps across midnight at either end are flagged; those two days are not shown.
fn days(app: &App) -> Vec<Day> {
    let flagged = flag_proposals(&app.data.week, &[], &app.data.calendar);
    (0..7u64)
        .filter_map(|i| app.week.monday.checked_add_days(Days::new(i)))
        .enumerate()
        .map(|(i, date)| Day {
            date,
            class: app.data.calendar.classify_day(date),
            items: flagged.iter().filter(|f| f.proposal.listed_on(date)).cloned().collect(),
            selected: i == app.week.day,
        })
        .collect()
}

/// "Mon 3 – Sun 9 March 2025 · this week · • today".
fn header(app: &App, wide: bool) -> Line<'static> {
    let monday = app.week.monday;
    let sunday = monday.checked_add_days(Days::new(6)).unwrap_or(monday);
    let mut text = if monday.month() == sunday.month() {
        format!("Mon {} – Sun {}", monday.day(), sunday.format("%-d %B %Y"))
    } else {
        format!("Mon {} – Sun {}", monday.format("%-d %B"), sunday.format("%-d %B %Y"))
    };
    if monday == monday_of(app.today) {
        text.push_str(" · this week (• today)");
    }
    let mut line = Line::styled(text, app.theme.title());
    if wide {
        line.push_span(Span::raw("   "));
        line.push_span(Span::styled(grid::SHADE, app.theme.shade()));
        line.push_span(Span::raw(" MP in Westminster  "));
        line.push_span(Span::styled(grid::TRAVEL, app.theme.dim()));
        line.push_span(Span::raw(" travelling"));
    }
    line
}

/// Why some badges and flags carry a "?", and how to get the real calendar.
fn assumed_note(class: &DayClass) -> String {
    let edge = match class.beyond {
        Some(DataEdge::After(last)) => format!("the calendar data ends on {}", last.format("%-d %B %Y")),
        Some(DataEdge::Before(first)) => format!("the calendar data starts on {}", first.format("%-d %B %Y")),
        _ => "there is no sitting-day data".to_string(),
    };
    format!(
        "Badges and flags with ? are a forecast from the usual weekday pattern: {edge}. Run `mpplan update` for the real calendar."
    )
}

/// "Tue 4 Mar", with a dot for today.
fn day_title(app: &App, date: NaiveDate) -> String {
    let today = if date == app.today { "•" } else { "" };
    format!("{today}{}", date.format("%a %-d %b"))
}

fn badge(theme: &Theme, class: &DayClass) -> Span<'static> {
    Span::styled(class.badge(), theme.badge(class.is_sitting(), class.assumed))
}

/// The flag as a symbol and a word ("✗? conflict (assumed)", or in a narrow column, where the
/// note above explains the question mark, "✗? conflict"); a cancelled proposal says so instead.
fn flag_span(theme: &Theme, f: &FlaggedProposal, narrow: bool) -> Span<'static> {
    let style = if f.cancelled() { theme.dim() } else { theme.flag(f.flag) };
    Span::styled(if narrow { f.short_label() } else { f.label() }, style)
}

/// Who the proposal is with: the MP, or the seat when it has none.
fn who(p: &Proposal) -> String {
    safe(if p.mp.is_empty() { &p.constituency } else { &p.mp })
}

fn time(p: &Proposal) -> String {
    p.hours_text()
}

/// The selected proposal's index on the selected day, kept in range.
fn selected_index(app: &App, day: &Day) -> Option<usize> {
    (day.selected && !day.items.is_empty()).then(|| app.week.selected.min(day.items.len() - 1))
}

/// The days one under the other, scrolled so that the selected day and proposal are visible.
fn rows(app: &App, frame: &mut Frame, area: Rect, days: &[Day]) {
    let mut lines: Vec<Line> = Vec::new();
    let mut focus = 0;
    for day in days {
        let marker = if day.selected { "▶ " } else { "  " };
        let title_style =
            if day.selected { app.theme.accent().add_modifier(Modifier::BOLD) } else { app.theme.title() };
        let mut heading = Line::from(vec![
            Span::styled(format!("{marker}{:<12}", day_title(app, day.date)), title_style),
            badge(&app.theme, &day.class),
        ]);
        if day.items.is_empty() {
            heading.push_span(Span::styled("  — nothing planned", app.theme.dim()));
        }
        if day.selected {
            focus = lines.len();
        }
        lines.push(heading);
        let selected = selected_index(app, day);
        for (i, f) in day.items.iter().enumerate() {
            let style = if Some(i) == selected { app.theme.selected() } else { Style::new() };
            if Some(i) == selected {
                focus = lines.len();
            }
            let label = format!("    {}  {}  ", time(&f.proposal), who(&f.proposal));
            lines.push(Line::from(vec![Span::raw(label), flag_span(&app.theme, f, false)]).style(style));
        }
    }
    let scroll = (focus + 1).saturating_sub(area.height as usize);
    frame.render_widget(Paragraph::new(lines).scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)), area);
}

/// The selected proposal in full with its flag's reason, or the selected day's reason.
fn detail_text(app: &App, days: &[Day]) -> Paragraph<'static> {
    let block = Block::new().borders(Borders::TOP);
    let Some(day) = days.iter().find(|d| d.selected) else { return Paragraph::new("").block(block) };
    let lines = match selected_index(app, day).and_then(|i| day.items.get(i)) {
        Some(f) => {
            let p = &f.proposal;
            let mut facts = vec![safe(&p.label()), p.status.as_str().to_string()];
            if !p.place.is_empty() {
                facts.push(safe(&p.place));
            }
            if let Some(n) = p.attendees {
                facts.push(format!("{n} attending"));
            }
            facts.push(format!("press {}", safe(&p.press.summary())));
            vec![
                Line::from(vec![
                    Span::styled(format!("{} ", p.start_text()), app.theme.title()),
                    Span::raw(facts.join(" · ")),
                ]),
                Line::from(vec![flag_span(&app.theme, f, false), Span::raw(format!(" {}", safe(&f.reason)))]),
            ]
        }
        None => {
            vec![Line::from(vec![badge(&app.theme, &day.class), Span::raw(format!(" {}", safe(&day.class.reason())))])]
        }
    };
    Paragraph::new(lines).wrap(Wrap { trim: true }).block(block)
}

#[cfg(test)]
mod tests {
    use crate::tui::fixture::{d, screen, week_app as app};

    #[test]
    fn wide_shows_seven_columns_with_badges_and_flags() {
        let text = screen(&app(), 120, 40);
        for expected in ["Mon 3 – Sun 9 March 2025", "Mon 3 Mar", "•Tue 4 Mar", "Sun 9 Mar", "Sitting Fri", "Weekend"]
        {
            assert!(text.contains(expected), "{expected} missing:\n{text}");
        }
        assert!(text.contains("10:00–11:00") && text.contains("Hilary Benn"), "{text}");
        assert!(text.contains("▌✗ 10:00–11:00") && text.contains("▌✓ 10:00–11:30"), "each block's flag:\n{text}");
        assert!(text.contains("▌visit · propos"), "the kind and status:\n{text}");
        assert!(text.contains("✗ conflict Tuesday"), "{text}");
        assert!(text.contains("is a sitting day: the MP is expected"), "the detail line:\n{text}");
        assert!(text.contains("St James's · 3 attending · press none"), "the press plan:\n{text}");
    }

    #[test]
    fn the_selected_proposal_shows_its_press_plan() {
        let mut app = app();
        app.data.week[0].press = crate::domain::engagement::press::Press {
            plan: crate::domain::engagement::press::PressPlan::Agreed,
            quote_requested_on: Some(d("2025-03-01")),
            ..Default::default()
        };
        let text = screen(&app, 80, 24);
        assert!(text.contains("press agreed; quote requested 1 Mar 2025"), "{text}");
    }

    #[test]
    fn narrow_shows_the_days_as_rows() {
        let mut app = app();
        app.week.day = 5;
        let text = screen(&app, 80, 24);
        assert!(text.contains("▶ Sat 8 Mar") && text.contains("✓ clear"), "{text}");
        assert!(text.contains("Mon 3 Mar") && text.contains("nothing planned"), "{text}");
        assert!(text.contains("St James's"), "the selected proposal's detail:\n{text}");
    }

    #[test]
    fn assumed_days_are_marked_and_explained() {
        let mut app = app();
        app.week.monday = d("2027-03-01");
        let text = screen(&app, 120, 40);
        assert!(text.contains("Sitting?") && text.contains("Weekend?"), "{text}");
        assert!(text.contains("Badges and flags with ? are a forecast") && text.contains("16 July 2026"), "{text}");
        assert!(text.contains("`mpplan update` for the real calendar."), "{text}");
    }

    #[test]
    fn flags_on_assumed_days_are_marked_in_columns_rows_and_the_detail() {
        let mut app = app();
        app.week.monday = d("2027-03-08");
        app.data.week = vec![crate::tui::fixture::visit(1, "2027-03-09 10:00", 60)];
        app.week.day = 1;
        let wide = screen(&app, 120, 40);
        assert!(wide.contains("│▌✗? 10:00–11:00"), "the symbol in a block:\n{wide}");
        assert!(wide.contains("✗? conflict (assumed) Tuesday 9 March 2027 lies beyond the calendar data"), "{wide}");
        let narrow = screen(&app, 80, 24);
        assert!(narrow.contains("Hilary Benn  ✗? conflict (assumed)"), "{narrow}");
    }

    #[test]
    fn the_selected_day_stays_visible_when_rows_scroll() {
        let mut app = app();
        for n in 0..8 {
            app.data.week.push(crate::tui::fixture::visit(10 + n, &format!("2025-03-09 1{n}:00"), 30));
        }
        app.week.day = 6;
        app.week.selected = 7;
        let text = screen(&app, 60, 16);
        assert!(text.contains("17:00–17:30"), "{text}");
    }

    #[test]
    fn overlapping_visits_are_both_flagged_caution_and_the_detail_names_the_other() {
        let mut app = app();
        // Saturday 8 March 2025: the fixture's visit 10:00–11:30, and another from 11:00.
        app.data.week.push(crate::tui::fixture::visit(3, "2025-03-08 11:00", 60));
        app.week.day = 5;
        let wide = screen(&app, 120, 40);
        assert!(wide.contains("│▌! 10:0        │") && wide.contains("▌visit ▌! 11:00│"), "side by side:\n{wide}");
        assert!(wide.contains("! caution Saturday"), "the detail:\n{wide}");
        assert!(!wide.contains("✓"), "{wide}");
        let joined = wide.replace('\n', " ");
        assert!(joined.contains("; overlaps Visit with Hilary Benn 11:00–12:00"), "the first one selected:\n{wide}");
        app.week.selected = 1;
        let narrow = screen(&app, 80, 24);
        assert!(narrow.contains("11:00–12:00  Hilary Benn  ! caution"), "{narrow}");
        assert!(narrow.replace('\n', " ").contains("; overlaps Visit with Hilary Benn 10:00–11:30"), "{narrow}");
    }

    #[test]
    fn touching_visits_stay_clear_and_one_over_midnight_from_the_day_before_counts() {
        let mut app = app();
        app.data.week.push(crate::tui::fixture::visit(3, "2025-03-08 11:30", 60));
        app.week.day = 5;
        let text = screen(&app, 120, 40);
        assert!(text.contains("▌✓ 10:00–11:30") && text.contains("▌✓ 11:30–12:30"), "{text}");
        assert!(text.contains("✓ clear Saturday"), "{text}");
        // Sunday 2 March, the day before the week, 23:30 to 00:30 on Monday 3 March.
        app.data.week.insert(0, crate::tui::fixture::visit(4, "2025-03-02 23:30", 60));
        app.data.week.push(crate::tui::fixture::visit(5, "2025-03-03 00:00", 30));
        app.week.day = 0;
        let monday = screen(&app, 120, 40);
        assert!(
            monday.contains("overlaps Visit with Hilary Benn Sun 2 Mar 2025 23:30–Mon 3 Mar 2025 00:30"),
            "{monday}"
        );
        assert!(!monday.contains("23:30–00:30"), "the day before is not shown:\n{monday}");
    }

    #[test]
    fn a_cancelled_proposal_says_so_and_is_never_flagged() {
        let mut app = app();
        app.data.week[0].status = crate::domain::engagement::proposal::ProposalStatus::Cancelled;
        app.data.week.push(crate::tui::fixture::visit(3, "2025-03-04 10:30", 60));
        app.week.day = 1;
        let text = screen(&app, 120, 40);
        assert!(text.contains("– cancelled not flagged, as the proposal is cancelled"), "{text}");
        assert!(text.contains("│▌– 10:0░") && text.contains("▌✗ 10:30│"), "side by side:\n{text}");
        assert_eq!(text.matches("▌✗").count(), 1, "only the one not cancelled:\n{text}");
        assert!(!text.contains("overlaps"), "{text}");
    }

    #[test]
    fn no_size_panics() {
        let app = app();
        for width in (1..=200).step_by(7) {
            for height in (1..=60).step_by(3) {
                screen(&app, width, height);
            }
        }
    }

    #[test]
    fn drawing_alone_fits_any_area() {
        let app = app();
        for width in 0..=45 {
            for height in 0..=25 {
                let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
                terminal.draw(|f| super::render(&app, f, f.area())).unwrap();
            }
        }
    }
}

#[cfg(test)]
mod calendar_tests {
    use crate::tui::app::App;
    use crate::tui::fixture::{screen_marking_selection, visit, week_app};

    /// The fixture's week with three overlapping visits on Thursday 6 March 2025 (a sitting day,
    /// the second of them selected), and one on the Saturday.
    pub(crate) fn busy_week() -> App {
        let mut app = week_app();
        app.data.week.push(visit(3, "2025-03-06 11:00", 90));
        app.data.week.push(visit(4, "2025-03-06 11:30", 60));
        app.data.week.push(visit(5, "2025-03-06 12:00", 120));
        app.data.week.sort_by_key(|p| p.start);
        app.week.day = 3;
        app.week.selected = 1;
        app
    }

    #[test]
    fn snapshots_of_the_week_as_a_calendar() {
        let app = busy_week();
        for (width, height) in [(200, 60), (120, 40), (80, 24)] {
            let text = screen_marking_selection(&app, width, height);
            if width >= super::WIDE {
                assert!(text.contains("░░░░"), "the sitting days are shaded:\n{text}");
                assert!(text.contains("Thu 6 Mar 11:30 Visit"), "the one selected:\n{text}");
            }
            if width == 200 {
                assert!(text.contains("▌✗ 11:30"), "side by side, wide enough for the times:\n{text}");
            }
            insta::assert_snapshot!(format!("week_calendar_{width}x{height}"), text);
        }
    }

    #[test]
    fn a_proposal_outside_the_hours_shown_moves_them_when_selected_and_is_counted_otherwise() {
        let mut app = week_app();
        app.data.week.push(visit(3, "2025-03-04 06:00", 60));
        app.data.week.push(visit(4, "2025-03-04 23:00", 60));
        app.data.week.sort_by_key(|p| p.start);
        app.week.selected = 1;
        let text = screen_marking_selection(&app, 120, 40);
        assert!(text.contains("│↑1 earlier") && text.contains("│↓1 later"), "{text}");
        assert!(!text.contains("06:00–07:00") && !text.contains("23:00–00:00"), "{text}");
        app.week.selected = 2;
        let text = screen_marking_selection(&app, 120, 40);
        assert!(text.contains("▌✗ 23:00–00:00") && text.contains("│↑1 earlier"), "{text}");
        app.week.selected = 0;
        let text = screen_marking_selection(&app, 120, 40);
        assert!(text.contains("▌✗ 06:00–07:00") && text.contains("│↓1 later"), "{text}");
    }
}
