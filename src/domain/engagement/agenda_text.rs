//! The agenda as plain text, section by section: the lines `mpplan agenda` prints and the Today
//! screen draws, made from one [`Agenda`] so that the two agree. Text from the data is made
//! printable.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::agenda::{AHEAD_DAYS, Agenda, DUE_SOON_DAYS, NextStep, SnoozedFollowUp};
use crate::domain::calendar::long_date;
use crate::domain::engagement::flagged::FlaggedProposal;
use crate::domain::engagement::followups::FollowUp;
use crate::domain::engagement::overlaps::overlap_reason;
use crate::domain::text::{printable, strftime};

/// One section of the plain-text agenda. Its lines are made when asked for, one at a time: the
/// Today screen draws only the few that fit, of an agenda that can run to thousands.
#[derive(Debug, Clone)]
pub struct AgendaSection<'a> {
    /// The [`Agenda`] field it shows, "conflicts_ahead".
    pub id: &'static str,
    pub heading: String,
    items: Items<'a>,
    /// What the section says when it lists nothing ("Nothing overdue.").
    nothing: String,
}

/// What a section lists, each kind of item with what its line needs.
#[derive(Debug, Clone)]
enum Items<'a> {
    /// With their reasons when the flag, not the day, is what the section is about.
    Proposals(&'a [FlaggedProposal], bool),
    FollowUps(&'a [FollowUp], NaiveDate),
    NextSteps(&'a [NextStep]),
    Quiet(&'a [FollowUp]),
    Snoozed(&'a [SnoozedFollowUp]),
    Lines(Vec<String>),
}

impl AgendaSection<'_> {
    /// How many items the section lists.
    fn items(&self) -> usize {
        match &self.items {
            Items::Proposals(list, _) => list.len(),
            Items::FollowUps(list, _) | Items::Quiet(list) => list.len(),
            Items::NextSteps(list) => list.len(),
            Items::Snoozed(list) => list.len(),
            Items::Lines(lines) => lines.len(),
        }
    }

    /// How many lines the section has: one per item, or one saying there is nothing.
    pub fn len(&self) -> usize {
        self.items().max(1)
    }

    /// Whether the section lists nothing (its one line says so).
    pub fn is_empty(&self) -> bool {
        self.items() == 0
    }

    /// Line `j` (of [`AgendaSection::len`]), indented by two spaces; "  Nothing …" for an empty
    /// section.
    pub fn line(&self, j: usize) -> String {
        if self.is_empty() {
            return format!("  {}", self.nothing);
        }
        match &self.items {
            Items::Proposals(list, why) => proposal_line(&list[j], *why),
            Items::FollowUps(list, today) => follow_up_line(&list[j], *today),
            Items::NextSteps(list) => next_step_line(&list[j]),
            Items::Quiet(list) => format!("  {}: {}", who(&list[j].seat, &list[j].mp), printable(&list[j].reason)),
            Items::Snoozed(list) => snoozed_line(&list[j]),
            Items::Lines(lines) => lines[j].clone(),
        }
    }

    /// Every line, in order.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        (0..self.len()).map(|j| self.line(j))
    }
}

/// The agenda's sections in order, as plain text without colour: the CLI prints them all, the Today
/// screen draws them one by one. Text from the data is made printable.
pub fn agenda_sections(agenda: &Agenda) -> Vec<AgendaSection<'_>> {
    let section =
        |id, heading: String, items, nothing: &str| AgendaSection { id, heading, items, nothing: nothing.into() };
    let mut sections = vec![
        section(
            "conflicts_ahead",
            format!("Conflicts ahead (next {} weeks)", AHEAD_DAYS / 7),
            Items::Proposals(&agenda.conflicts_ahead, true),
            "Nothing flagged: every proposal ahead is on a clear day.",
        ),
        section(
            "proposals_today",
            "Today".into(),
            Items::Proposals(&agenda.proposals_today, false),
            "Nothing planned today.",
        ),
        section(
            "proposals_next_seven_days",
            format!("Next {DUE_SOON_DAYS} days"),
            Items::Proposals(&agenda.proposals_next_seven_days, false),
            &format!("Nothing else planned in the next {DUE_SOON_DAYS} days."),
        ),
        section(
            "follow_ups_overdue",
            "Follow-ups overdue".into(),
            Items::FollowUps(&agenda.follow_ups_overdue, agenda.date),
            "Nothing overdue.",
        ),
        section(
            "follow_ups_due",
            format!("Follow-ups due (next {DUE_SOON_DAYS} days)"),
            Items::FollowUps(&agenda.follow_ups_due, agenda.date),
            "Nothing due in the next week.",
        ),
        section(
            "next_steps",
            "Next step for each MP you track (waiting longest first)".into(),
            Items::NextSteps(&agenda.next_steps),
            "Nothing waiting: no MP is tracked, or every checklist is complete.",
        ),
        section(
            "gone_quiet",
            "Relationships gone quiet".into(),
            Items::Quiet(&agenda.gone_quiet),
            "Nothing gone quiet: every tracked MP has heard from you within their cadence.",
        ),
        section("snoozed", "Snoozed (coming back)".into(), Items::Snoozed(&agenda.snoozed), "Nothing snoozed."),
    ];
    if let Some(warning) = &agenda.calendar_warning {
        let mut lines = vec![format!("  {}", warning.message)];
        lines.extend(warning.fixes.iter().map(|fix| format!("  Add {}: {}", fix.adds, fix.command)));
        sections.push(section("calendar_warning", "Calendar data".into(), Items::Lines(lines), ""));
    }
    if let Some(age) = &agenda.data_age {
        let lines = age.lines(agenda.date).into_iter().map(|line| format!("  {line}")).collect();
        sections.push(section("data_age", "How old the data is".into(), Items::Lines(lines), ""));
    }
    sections
}

/// The whole agenda as plain lines: a title, then each section's heading and lines, a blank line
/// between sections.
pub fn agenda_lines(agenda: &Agenda) -> Vec<String> {
    let mut lines = vec![format!("Agenda for {}", long_date(agenda.date))];
    for section in agenda_sections(agenda) {
        lines.push(String::new());
        lines.push(section.heading.clone());
        lines.extend(section.lines());
    }
    lines
}

/// "Leeds South (Hilary Benn)".
fn who(seat: &str, mp: &str) -> String {
    if mp.is_empty() { printable(seat).into_owned() } else { format!("{} ({})", printable(seat), printable(mp)) }
}

fn proposal_line(f: &FlaggedProposal, with_reason: bool) -> String {
    let p = &f.proposal;
    let when = if p.all_day {
        p.when_text()
    } else if p.end.date() == p.start.date() {
        format!(
            "{}–{}",
            p.start.format_with_items(strftime!("%a %-d %b %Y %H:%M")),
            p.end.format_with_items(strftime!("%H:%M"))
        )
    } else {
        format!(
            "{}–{}",
            p.start.format_with_items(strftime!("%a %-d %b %Y %H:%M")),
            p.end.format_with_items(strftime!("%a %-d %b %Y %H:%M"))
        )
    };
    let mut line =
        format!("  {when}  {:<8}  {}, {} ({})", f.word(), printable(&p.label()), printable(&p.constituency), p.status);
    // The full reason ends with the overlaps; without it, they are named on their own.
    let why = match with_reason {
        true => Some(Cow::Borrowed(f.reason.as_str())),
        false => overlap_reason(p.start.date(), &f.overlaps).map(Cow::Owned),
    };
    if let Some(why) = why {
        line.push_str(": ");
        line.push_str(&printable(&why));
    }
    line
}

fn follow_up_line(f: &FollowUp, today: NaiveDate) -> String {
    let days = (f.due - today).num_days();
    let when = match days {
        0 => "due today".to_string(),
        1 => "due tomorrow".to_string(),
        -1 => "1 day overdue".to_string(),
        d if d < 0 => format!("{} days overdue", -d),
        d => format!("due {} (in {d} days)", f.due.format_with_items(strftime!("%a %-d %b %Y"))),
    };
    let step = f.step.map_or(String::new(), |key| format!("{key} "));
    format!("  {}, {when}: {step}{}. {}", who(&f.seat, &f.mp), f.title, printable(&f.reason))
}

fn snoozed_line(s: &SnoozedFollowUp) -> String {
    let f = &s.follow_up;
    let step = f.step.map_or(String::new(), |key| format!("{key} "));
    format!(
        "  {}, back {}: {step}{}. {}",
        who(&f.seat, &f.mp),
        s.snoozed_until.format_with_items(strftime!("%a %-d %b %Y")),
        f.title,
        printable(&f.reason)
    )
}

fn next_step_line(step: &NextStep) -> String {
    format!(
        "  {}: {} {} (waiting since {})",
        who(&step.seat, &step.mp),
        step.key,
        step.item,
        step.waiting_since.format_with_items(strftime!("%-d %b %Y"))
    )
}
