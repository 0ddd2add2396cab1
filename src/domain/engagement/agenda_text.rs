//! The agenda as plain text, section by section: the lines `mpplan agenda` prints and the Today
//! screen draws, made from one [`Agenda`] so that the two agree. Text from the data is made
//! printable.

use std::fmt::Write;

use chrono::NaiveDate;

use super::agenda::{AHEAD_DAYS, Agenda, DUE_SOON_DAYS, NextStep, SnoozedFollowUp};
use crate::domain::calendar::long_date;
use crate::domain::date_text::{
    push_clock, push_day_month_year, push_long_date, push_short_date, push_short_date_time,
};
use crate::domain::engagement::flagged::FlaggedProposal;
use crate::domain::engagement::followups::FollowUp;
use crate::domain::engagement::overlaps::overlap_reason;
use crate::domain::text::printable;

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
        let mut line = String::new();
        self.write_line(j, &mut line);
        line
    }

    /// Appends [`AgendaSection::line`] `j` to `out`, without a newline: each piece is written in
    /// place, as the command line writes thousands of lines into one text.
    pub fn write_line(&self, j: usize, out: &mut String) {
        if self.is_empty() {
            out.push_str("  ");
            out.push_str(&self.nothing);
            return;
        }
        match &self.items {
            Items::Proposals(list, why) => proposal_line(out, &list[j], *why),
            Items::FollowUps(list, today) => follow_up_line(out, &list[j], *today),
            Items::NextSteps(list) => next_step_line(out, &list[j]),
            Items::Quiet(list) => {
                out.push_str("  ");
                push_who(out, &list[j].seat, &list[j].mp);
                out.push_str(": ");
                out.push_str(&printable(&list[j].reason));
            }
            Items::Snoozed(list) => snoozed_line(out, &list[j]),
            Items::Lines(lines) => out.push_str(&lines[j]),
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

/// [`agenda_lines`] as one text, each line ended by a newline: what `mpplan agenda` prints.
pub fn agenda_text(agenda: &Agenda) -> String {
    let sections = agenda_sections(agenda);
    // Room for lines longer than most, so that thousands of them are not copied as the text grows.
    let lines: usize = sections.iter().map(|s| s.len() + 2).sum();
    let mut text = String::with_capacity(64 + lines * 320);
    text.push_str("Agenda for ");
    push_long_date(&mut text, agenda.date);
    text.push('\n');
    for section in sections {
        text.push('\n');
        text.push_str(&section.heading);
        text.push('\n');
        for j in 0..section.len() {
            section.write_line(j, &mut text);
            text.push('\n');
        }
    }
    text
}

/// Appends "Leeds South (Hilary Benn)".
fn push_who(out: &mut String, seat: &str, mp: &str) {
    out.push_str(&printable(seat));
    if !mp.is_empty() {
        out.push_str(" (");
        out.push_str(&printable(mp));
        out.push(')');
    }
}

/// Appends the proposal's label ([`Proposal::label`](crate::domain::engagement::proposal::Proposal::label)), made printable.
fn push_label(out: &mut String, p: &crate::domain::engagement::proposal::Proposal) {
    if !p.title.is_empty() {
        out.push_str(&printable(&p.title));
        return;
    }
    let kind = p.kind.as_str();
    let mut first = kind.chars();
    if let Some(c) = first.next() {
        out.extend(c.to_uppercase());
        out.push_str(first.as_str());
    }
    if !p.mp.is_empty() {
        out.push_str(" with ");
        out.push_str(&printable(&p.mp));
    }
}

fn proposal_line(out: &mut String, f: &FlaggedProposal, with_reason: bool) {
    let p = &f.proposal;
    out.push_str("  ");
    if p.all_day {
        out.push_str(&p.when_text());
    } else {
        push_short_date_time(out, p.start);
        out.push('–');
        if p.end.date() == p.start.date() {
            push_clock(out, p.end.time());
        } else {
            push_short_date_time(out, p.end);
        }
    }
    out.push_str("  ");
    let word = f.word();
    out.push_str(word);
    for _ in word.chars().count()..8 {
        out.push(' ');
    }
    out.push_str("  ");
    push_label(out, p);
    out.push_str(", ");
    out.push_str(&printable(&p.constituency));
    out.push_str(" (");
    out.push_str(p.status.as_str());
    out.push(')');
    // The full reason ends with the overlaps; without it, they are named on their own.
    if with_reason {
        out.push_str(": ");
        out.push_str(&printable(&f.reason));
    } else if let Some(why) = overlap_reason(p.start.date(), &f.overlaps) {
        out.push_str(": ");
        out.push_str(&printable(&why));
    }
}

/// Appends "4.2 " for a follow-up serving a checklist step.
fn push_step(out: &mut String, step: Option<&str>) {
    if let Some(key) = step {
        out.push_str(key);
        out.push(' ');
    }
}

fn follow_up_line(out: &mut String, f: &FollowUp, today: NaiveDate) {
    out.push_str("  ");
    push_who(out, &f.seat, &f.mp);
    out.push_str(", ");
    match (f.due - today).num_days() {
        0 => out.push_str("due today"),
        1 => out.push_str("due tomorrow"),
        -1 => out.push_str("1 day overdue"),
        d if d < 0 => {
            let _ = write!(out, "{} days overdue", -d);
        }
        d => {
            out.push_str("due ");
            push_short_date(out, f.due);
            let _ = write!(out, " (in {d} days)");
        }
    }
    push_what(out, f);
}

fn snoozed_line(out: &mut String, s: &SnoozedFollowUp) {
    let f = &s.follow_up;
    out.push_str("  ");
    push_who(out, &f.seat, &f.mp);
    out.push_str(", back ");
    push_short_date(out, s.snoozed_until);
    push_what(out, f);
}

/// The end of a follow-up's line: ": " then its step, what it asks and why.
fn push_what(out: &mut String, f: &FollowUp) {
    out.push_str(": ");
    push_step(out, f.step);
    out.push_str(f.title);
    out.push_str(". ");
    out.push_str(&printable(&f.reason));
}

fn next_step_line(out: &mut String, step: &NextStep) {
    out.push_str("  ");
    push_who(out, &step.seat, &step.mp);
    out.push_str(": ");
    out.push_str(step.key);
    out.push(' ');
    out.push_str(step.item);
    out.push_str(" (waiting since ");
    push_day_month_year(out, step.waiting_since);
    out.push(')');
}
