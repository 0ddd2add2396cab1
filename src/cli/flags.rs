//! How the command line shows a time against the calendar: a proposal or a slot with its flag (in
//! words and in `--json`), and the nearest clear slots offered when it is not clear. `check`,
//! `week`, `propose` and `proposals` all show them the same way.

use chrono::NaiveDateTime;
use serde::{Serialize, Serializer};

use super::output::say;
use super::{CliError, Context};
use crate::domain::calendar::free_slots::{SlotShape, nearest_clear_reading};
use crate::domain::calendar::{CalendarData, DEFAULT_HOURS, Flag, ProposalKind, SlotFlag};
pub use crate::domain::engagement::flagged::FlaggedProposal;
use crate::domain::engagement::proposal::{Proposal, TIME_FORMAT};
use crate::domain::when::slot_text;

pub fn wall_clock<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&t.format(TIME_FORMAT))
}

/// `shown` with their flags, raised by their overlaps with each other and with the organisation's
/// other proposals on the same days (see [`crate::shared::flags`]).
pub fn flagged(ctx: &Context<'_>, cal: &CalendarData, shown: &[Proposal]) -> Result<Vec<FlaggedProposal>, CliError> {
    Ok(crate::shared::flags::flagged(&ctx.store, cal, shown)?)
}

/// One proposal with its flag, as [`flagged`] gives it.
pub fn flagged_one(ctx: &Context<'_>, cal: &CalendarData, p: &Proposal) -> Result<FlaggedProposal, CliError> {
    let mut one = flagged(ctx, cal, std::slice::from_ref(p))?;
    Ok(one.pop().unwrap_or_else(|| FlaggedProposal::classify(p, cal)))
}

/// For each of `shown` that overlaps others, a line naming them: "  #1 overlaps Ward round
/// 10:30–11:30 (#2)".
pub fn overlap_notes(shown: &[FlaggedProposal]) -> Vec<String> {
    shown
        .iter()
        .flat_map(|f| {
            let on = f.proposal.start.date();
            f.overlaps.iter().map(move |o| format!("  #{} {} (#{})", f.proposal.id, o.describe(on), o.id))
        })
        .collect()
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

/// For a slot flagged other than clear (by the calendar, or by overlapping a proposal), the three
/// nearest clear slots of the same length, none in the past and none over a time already taken.
pub fn alternatives(
    ctx: &Context<'_>,
    cal: &CalendarData,
    start: NaiveDateTime,
    end: NaiveDateTime,
    kind: ProposalKind,
    flag: Flag,
) -> Result<Vec<(NaiveDateTime, NaiveDateTime, SlotFlag)>, CliError> {
    if flag == Flag::Clear {
        return Ok(Vec::new());
    }
    let shape = SlotShape { kind, ..SlotShape::new(end - start) };
    let earliest = ctx.today.succ_opt().unwrap_or(ctx.today);
    // The busy times are read only as far around the slot as the answer needs.
    let mut read = |from, until| ctx.store.busy(from, until);
    Ok(nearest_clear_reading(cal, &DEFAULT_HOURS, &shape, start, earliest, 3, &mut read)?
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
