//! A search open over the screen: what is typed, then the proposals and contacts it found, newest
//! first, the selected one highlighted; or what to type, or that nothing matches.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState};

use super::form::value_spans;
use super::{centered, safe};
use crate::domain::engagement::contact::contact_phrase;
use crate::domain::search::{Found, SEARCH_LIMIT};
use crate::tui::app::App;
use crate::tui::search::Search;

pub fn render(app: &App, search: &Search, frame: &mut Frame, area: Rect) {
    let popup = centered(area, area.width.saturating_sub(4).min(110), area.height.saturating_sub(2));
    if popup.height < 3 {
        return;
    }
    frame.render_widget(Clear, popup);
    let title = match &search.within {
        Some((_, seat)) => format!(" Search {}: proposals and contacts ", safe(seat)),
        None => " Search every MP: proposals and contacts ".to_string(),
    };
    let width = usize::from(popup.width.saturating_sub(2));
    let mut typed = vec![Span::styled("Find: ", app.theme.accent())];
    typed.extend(value_spans(app, &search.input, true, width.saturating_sub(6)));
    let mut items = vec![ListItem::new(Line::from(typed))];
    let note = if search.input.text().trim().is_empty() {
        Some("Type part of a title, a place, a kind or a contact's note.".to_string())
    } else if search.found.is_empty() && search.searched == search.input.text() {
        Some("Nothing matches.".to_string())
    } else if search.found.len() >= SEARCH_LIMIT {
        Some(format!("The newest {SEARCH_LIMIT} of each kind; type more to narrow it."))
    } else {
        None
    };
    if let Some(note) = note {
        items.push(ListItem::new(Line::styled(note, app.theme.dim())));
    }
    let first = items.len();
    items.extend(search.found.iter().map(|f| ListItem::new(Line::from(safe(&line(f))))));
    let list = List::new(items)
        .block(Block::bordered().title(Span::styled(title, app.theme.title())))
        .highlight_style(app.theme.selected());
    let selected = (!search.found.is_empty()).then_some(first + search.selected);
    frame.render_stateful_widget(list, popup, &mut ListState::default().with_selected(selected));
}

/// "Fri 4 Dec 2026 10:00  Visit with Hilary Benn, Leeds South [proposed] · St James's", or
/// "10 Nov 2026  a letter to Hilary Benn, Leeds South: About the ward".
fn line(found: &Found) -> String {
    match found {
        Found::Proposal(p) => {
            let place = if p.place.is_empty() { String::new() } else { format!(" · {}", p.place) };
            let when = if p.all_day { p.when_text() } else { p.start.format("%a %-d %b %Y %H:%M").to_string() };
            format!("{when}  {}, {} [{}]{place}", p.label(), p.constituency, p.status)
        }
        Found::Contact { seat, interaction: i, .. } => {
            let what = contact_phrase(i.kind, i.direction);
            let who = if i.mp_name.is_empty() { seat.clone() } else { format!("{}, {seat}", i.mp_name) };
            let note = if i.summary.is_empty() { String::new() } else { format!(": {}", i.summary) };
            format!("{}  {what} {who}{note}", i.on.format("%-d %b %Y"))
        }
    }
}
