//! How the command line shows a time against the calendar: a proposal or a slot with its flag (in
//! words and in `--json`), and the nearest clear slots offered when it is not clear. `check`,
//! `week`, `propose` and `proposals` all show them the same way.

use chrono::NaiveDateTime;
use serde::{Serialize, Serializer};

use super::output::say;
use super::{CliError, Context};
use crate::domain::calendar::free_slots::{SlotSearch, nearest_clear};
use crate::domain::calendar::{CalendarData, DEFAULT_HOURS, Flag, ProposalKind, SlotFlag};
use crate::domain::engagement::proposal::{Proposal, TIME_FORMAT};
use crate::domain::when::slot_text;

/// A proposal with its flag, as `--json` shows it.
#[derive(Serialize)]
pub struct Flagged {
    #[serde(flatten)]
    pub proposal: Proposal,
    #[serde(serialize_with = "flag_str")]
    pub flag: Flag,
    /// Whether the flag rests on a day assumed by the weekday pattern (a forecast).
    pub assumed: bool,
    pub reason: String,
}

impl Flagged {
    /// "✓ clear", or "✗? conflict (assumed)" on an assumed day.
    pub fn label(&self) -> &'static str {
        self.flag.label(self.assumed)
    }
}

fn flag_str<S: Serializer>(flag: &Flag, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(flag.as_str())
}

pub fn wall_clock<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&t.format(TIME_FORMAT))
}

pub fn flagged(cal: &CalendarData, p: &Proposal) -> Flagged {
    let flag = cal.classify_slot(p.start, p.end, p.kind, &DEFAULT_HOURS);
    Flagged { proposal: p.clone(), flag: flag.flag, assumed: flag.assumed(), reason: flag.reason() }
}

/// A slot's flag as `--json` shows it.
#[derive(Serialize)]
pub struct SlotView {
    #[serde(serialize_with = "wall_clock")]
    pub start: NaiveDateTime,
    #[serde(serialize_with = "wall_clock")]
    pub end: NaiveDateTime,
    pub flag: &'static str,
    /// Whether the flag rests on a day assumed by the weekday pattern (a forecast).
    pub assumed: bool,
    pub reason: String,
}

pub fn slot_view(start: NaiveDateTime, end: NaiveDateTime, flag: &SlotFlag) -> SlotView {
    SlotView { start, end, flag: flag.flag.as_str(), assumed: flag.assumed(), reason: flag.reason() }
}

/// For a slot that is not clear, the three nearest clear slots of the same length, none in the
/// past and none over a time already taken.
pub fn alternatives(
    ctx: &Context<'_>,
    cal: &CalendarData,
    start: NaiveDateTime,
    end: NaiveDateTime,
    kind: ProposalKind,
    flag: &SlotFlag,
) -> Result<Vec<(NaiveDateTime, NaiveDateTime, SlotFlag)>, CliError> {
    if flag.flag == Flag::Clear {
        return Ok(Vec::new());
    }
    let busy = ctx.store.busy(start - chrono::TimeDelta::days(800), start + chrono::TimeDelta::days(800))?;
    let search = SlotSearch { kind, ..SlotSearch::new(end - start, &busy) };
    let earliest = ctx.today.succ_opt().unwrap_or(ctx.today);
    Ok(nearest_clear(cal, &DEFAULT_HOURS, &search, start, earliest, 3)
        .into_iter()
        .map(|s| (s.start, s.end, s.flag))
        .collect())
}

pub fn print_alternatives(
    ctx: &mut Context<'_>,
    nearest: &[(NaiveDateTime, NaiveDateTime, SlotFlag)],
) -> Result<(), CliError> {
    if nearest.is_empty() {
        return Ok(());
    }
    say(ctx.out, "Nearest clear slots:")?;
    for (start, end, _) in nearest {
        say(ctx.out, &format!("  {}", slot_text(*start, *end)))?;
    }
    Ok(())
}
