//! `mpplan propose`, `mpplan proposals` and `mpplan proposal show|set-status|move|rm`. A proposal's
//! flag is worked out each time it is shown, from the calendar as it is then.

use clap::{ArgGroup, Args, Subcommand};
use serde::Serialize;

use super::confirm::confirm;
use super::flags::{
    FlaggedProposal, SlotView, alternatives, flagged_one, overlap_notes, print_alternatives, slot_view,
};
use super::mps::resolve_seat;
use super::output::{Table, count, json, say};
use super::when::{date, days, slot};
use super::{CliError, Context};
use crate::domain::calendar::{DEFAULT_HOURS, Flag, ProposalKind};
use crate::domain::engagement::flagged::flag_owned;
use crate::domain::engagement::press::PressPlan;
use crate::domain::engagement::proposal::{NewProposal, ProposalFilter, ProposalStatus};
use crate::domain::text::printable;
use crate::domain::views::TrackOutcome;
use crate::domain::when;
use crate::domain::when::slot_text;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("until").required(true).multiple(true).args(["end", "duration", "all_day"])))]
pub struct ProposeArgs {
    /// The MP: an ONS code, a member id, or part of a constituency or MP name
    mp: String,
    /// The start, "YYYY-MM-DD HH:MM" (London time); the date may also be tomorrow, fri, +2w…
    #[arg(long)]
    start: String,
    /// The end, "YYYY-MM-DD HH:MM" (with --all-day, the last day)
    #[arg(long)]
    end: Option<String>,
    /// How long instead of an end: 90m, 1h, 1h30m
    #[arg(long, short, allow_hyphen_values = true, conflicts_with_all = ["end", "all_day"])]
    duration: Option<String>,
    /// A day or days with no hours: --start is the first day and --end, if given, the last
    #[arg(long)]
    all_day: bool,
    /// What it is: meeting, visit, surgery, event, or westminster (a meeting at Parliament)
    #[arg(long)]
    kind: ProposalKind,
    /// Where, e.g. "Main hospital, outpatients"
    #[arg(long, default_value = "")]
    place: String,
    /// A title [default: the kind and the MP's name]
    #[arg(long, default_value = "")]
    title: String,
    /// How many people from the organisation will take part
    #[arg(long)]
    attendees: Option<u32>,
    /// Refuse (exit 1, nothing stored) if the slot conflicts with the MP's time in Westminster, by
    /// the calendar data or, beyond it, by the weekday pattern
    #[arg(long)]
    strict: bool,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ProposalsArgs {
    /// From this date [default: today]
    #[arg(long)]
    from: Option<String>,
    /// Up to and including this date
    #[arg(long)]
    to: Option<String>,
    /// Only this MP's proposals
    #[arg(long)]
    mp: Option<String>,
    /// Only proposals with this status: proposed, confirmed, held, cancelled
    #[arg(long)]
    status: Option<ProposalStatus>,
    /// Past proposals too (ignores the default --from today)
    #[arg(long, conflicts_with = "from")]
    all: bool,
    /// Print JSON instead of a table
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ProposalCommand {
    /// Show one proposal with its flag
    Show {
        /// The proposal's id (as `mpplan proposals` lists it)
        id: i64,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Set a proposal's status: proposed, confirmed, held or cancelled
    SetStatus {
        /// The proposal's id (as `mpplan proposals` lists it)
        id: i64,
        /// proposed, confirmed (ticks 3.2), held (ticks 4.6) or cancelled
        status: ProposalStatus,
    },
    /// Move a proposal to a new time (keeping its length unless --end or --duration is given)
    Move {
        /// The proposal's id (as `mpplan proposals` lists it)
        id: i64,
        /// The new start, "YYYY-MM-DD HH:MM"
        #[arg(long)]
        start: String,
        /// The new end
        #[arg(long, conflicts_with = "duration")]
        end: Option<String>,
        /// The new length
        #[arg(long, short, allow_hyphen_values = true)]
        duration: Option<String>,
    },
    /// Set a proposal's press plan and milestones
    Press(PressArgs),
    /// Delete a proposal
    Rm {
        /// The proposal's id (as `mpplan proposals` lists it)
        id: i64,
        /// Delete without asking
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct PressArgs {
    /// The proposal's id (as `mpplan proposals` lists it)
    id: i64,
    /// none, ask, agreed, declined or mp-handles
    #[arg(long)]
    plan: Option<PressPlan>,
    /// When the draft release was shared with the MP
    #[arg(long, value_name = "DATE")]
    draft_shared: Option<String>,
    /// When the MP was asked for a quote
    #[arg(long, value_name = "DATE")]
    quote_requested: Option<String>,
    /// When the quote arrived
    #[arg(long, value_name = "DATE")]
    quote_received: Option<String>,
    /// When the story was published
    #[arg(long, value_name = "DATE")]
    published: Option<String>,
}

#[derive(Serialize)]
struct Proposed {
    #[serde(flatten)]
    flagged: FlaggedProposal,
    nearest_clear: Vec<SlotView>,
}

pub fn propose(ctx: &mut Context<'_>, args: &ProposeArgs) -> Result<(), CliError> {
    let seat = resolve_seat(&ctx.store, &args.mp)?;
    let (start, end) = match args.all_day {
        true => days(&args.start, args.end.as_deref(), ctx.today)?,
        false => slot(&args.start, args.end.as_deref(), args.duration.as_deref(), ctx.today)?,
    };
    let cal = ctx.store.calendar()?;
    let flag = cal.classify_span(start, end, args.all_day, args.kind, &DEFAULT_HOURS);
    // Clear hours are offered for a timed slot; an all-day proposal names its days itself.
    let offer = |flag: Flag| if args.all_day { Flag::Clear } else { flag };
    let nearest = alternatives(ctx, &cal, start, end, args.kind, offer(flag.flag))?;
    if args.strict && flag.flag == Flag::Conflict {
        let also = nearest.first().map(|s| format!("; the nearest clear slot is {}", slot_text(s.0, s.1)));
        return Err(CliError::Runtime(format!("not stored (--strict): {}{}", flag.reason(), also.unwrap_or_default())));
    }
    let new = NewProposal {
        constituency_code: seat.code.clone(),
        title: args.title.trim().to_string(),
        kind: args.kind,
        place: args.place.trim().to_string(),
        start,
        end,
        all_day: args.all_day,
        fold: Default::default(),
        attendees: args.attendees,
    };
    let (proposal, outcome) = ctx.store.add_proposal(&new, ctx.today)?;
    let shown = flagged_one(ctx, &cal, &proposal)?;
    // A clear day can still be a caution for overlapping another proposal: offer other times then too.
    let nearest =
        if nearest.is_empty() { alternatives(ctx, &cal, start, end, args.kind, offer(shown.flag))? } else { nearest };
    if args.json {
        let nearest_clear = nearest.iter().map(|s| slot_view(s.0, s.1, &s.2)).collect();
        return json(ctx.out, &Proposed { flagged: shown, nearest_clear });
    }
    say(ctx.out, &format!("Proposed #{}: {}, {}", proposal.id, proposal.label(), proposal.constituency))?;
    print_details(ctx, &shown)?;
    match outcome {
        TrackOutcome::Started => say(ctx.out, &format!("Now tracking {}.", seat.describe()))?,
        TrackOutcome::Resumed => say(ctx.out, &format!("Tracking {} again.", seat.describe()))?,
        TrackOutcome::AlreadyTracked => {}
    }
    print_alternatives(ctx, &nearest)
}

/// Moves an all-day proposal to start on the day `start`, keeping its number of days unless `end`
/// names the new last day.
fn move_days(
    ctx: &mut Context<'_>,
    p: &crate::domain::engagement::proposal::Proposal,
    start: &str,
    end: Option<&str>,
    with_duration: bool,
) -> Result<(), CliError> {
    if with_duration {
        return Err(CliError::Usage(format!(
            "#{} is all day and has no hours: give the new first day as --start and, to change how many days, the last \
             as --end",
            p.id
        )));
    }
    let first = date(start, ctx.today)?;
    let (was_first, was_last) = when::days_of(p.start, p.end);
    let last = match end {
        Some(end) => date(end, ctx.today)?,
        None => first + (was_last - was_first),
    };
    let (start, end) = when::day_span(first, last)?;
    let moved = ctx.store.move_proposal(p.id, start, end)?;
    let f = flagged_one(ctx, &ctx.store.calendar()?, &moved)?;
    say(ctx.out, &format!("Moved #{} {}:", moved.id, moved.label()))?;
    print_details(ctx, &f)
}

fn print_details(ctx: &mut Context<'_>, f: &FlaggedProposal) -> Result<(), CliError> {
    let p = &f.proposal;
    let place = if p.place.is_empty() { String::new() } else { format!(" at {}", p.place) };
    say(ctx.out, &format!("  {}{place}", p.when_text()))?;
    say(ctx.out, &format!("  {}: {}", f.label(), f.reason))
}

pub fn list(ctx: &mut Context<'_>, args: &ProposalsArgs) -> Result<(), CliError> {
    let from = match (&args.from, args.all) {
        (Some(d), _) => Some(date(d, ctx.today)?),
        (None, true) => None,
        (None, false) => Some(ctx.today),
    };
    let filter = ProposalFilter {
        from,
        to: args.to.as_deref().map(|d| date(d, ctx.today)).transpose()?,
        constituency_code: args.mp.as_deref().map(|mp| resolve_seat(&ctx.store, mp)).transpose()?.map(|s| s.code),
        status: args.status,
    };
    let (shown, others) = crate::shared::flags::matching(&ctx.store, &filter)?;
    // The calendar of the days the proposals listed touch, not of every year.
    let (first, last) = crate::shared::flags::days_touched(&shown).unwrap_or((ctx.today, ctx.today));
    let cal = ctx.store.calendar_for(first, last)?;
    let shown = flag_owned(shown, &others, &cal);
    if args.json {
        return json(ctx.out, &shown);
    }
    if shown.is_empty() {
        let hint = if args.all || args.from.is_some() { "" } else { " from today on (--all shows past ones)" };
        return say(ctx.out, &format!("No proposals{hint}."));
    }
    let mut table = Table::new(&["ID", "WHEN", "WHAT", "SEAT", "STATUS", "FLAG"]);
    for f in &shown {
        let p = &f.proposal;
        table.row(vec![
            p.id.to_string(),
            p.when_text(),
            p.label(),
            p.constituency.to_string(),
            p.status.to_string(),
            f.label().to_string(),
        ]);
    }
    table.write(ctx.out)?;
    for note in overlap_notes(&shown) {
        say(ctx.out, &note)?;
    }
    say(ctx.out, &count(shown.len(), "proposal", "proposals"))
}

pub fn run(ctx: &mut Context<'_>, cmd: ProposalCommand) -> Result<(), CliError> {
    match cmd {
        ProposalCommand::Show { id, json: as_json } => {
            let p = ctx.store.proposal(id)?.ok_or_else(|| missing(id))?;
            let f = flagged_one(ctx, &ctx.store.calendar()?, &p)?;
            if as_json {
                return json(ctx.out, &f);
            }
            say(ctx.out, &format!("#{} {}, {} ({})", p.id, p.label(), p.constituency, p.mp))?;
            print_details(ctx, &f)?;
            say(ctx.out, &format!("  Kind: {}  Status: {}  Press: {}", p.kind, p.status, p.press.summary()))?;
            if let Some(n) = p.attendees {
                say(ctx.out, &format!("  Attendees from the organisation: {n}"))?;
            }
            Ok(())
        }
        ProposalCommand::SetStatus { id, status } => {
            let (p, completed) = ctx.store.set_proposal_status(id, status, ctx.today)?;
            say(ctx.out, &format!("#{} {} is now {}.", p.id, p.label(), p.status))?;
            if let Some(key) = completed {
                let item = crate::domain::engagement::checklist::item_by_key(key).map(|i| i.text).unwrap_or_default();
                say(ctx.out, &format!("Checklist {key} ticked for {}: {item}.", p.constituency))?;
            }
            Ok(())
        }
        ProposalCommand::Move { id, start, end, duration } => {
            let p = ctx.store.proposal(id)?.ok_or_else(|| missing(id))?;
            if p.all_day {
                return move_days(ctx, &p, &start, end.as_deref(), duration.is_some());
            }
            let keep = if end.is_none() && duration.is_none() {
                // Its length is the elapsed time between its London start and end.
                let minutes = when::validate_slot(p.start, p.end).map(|(from, until)| (until - from).num_minutes());
                let minutes = minutes.unwrap_or_else(|_| (p.end - p.start).num_minutes());
                Some(format!("{minutes}m"))
            } else {
                duration
            };
            let (start, end) = slot(&start, end.as_deref(), keep.as_deref(), ctx.today)?;
            let moved = ctx.store.move_proposal(id, start, end)?;
            let cal = ctx.store.calendar()?;
            let f = flagged_one(ctx, &cal, &moved)?;
            say(ctx.out, &format!("Moved #{} {}:", moved.id, moved.label()))?;
            print_details(ctx, &f)?;
            let nearest = alternatives(ctx, &cal, start, end, moved.kind, f.flag)?;
            print_alternatives(ctx, &nearest)
        }
        ProposalCommand::Press(args) => {
            let p = ctx.store.proposal(args.id)?.ok_or_else(|| missing(args.id))?;
            let day = |d: &Option<String>| d.as_deref().map(|d| date(d, ctx.today)).transpose();
            let mut press = p.press.clone();
            if let Some(plan) = args.plan {
                press.plan = plan;
            }
            press.draft_shared_on = day(&args.draft_shared)?.or(press.draft_shared_on);
            press.quote_requested_on = day(&args.quote_requested)?.or(press.quote_requested_on);
            press.quote_received_on = day(&args.quote_received)?.or(press.quote_received_on);
            press.published_on = day(&args.published)?.or(press.published_on);
            let asked = args.plan.is_some()
                || [&args.draft_shared, &args.quote_requested, &args.quote_received, &args.published]
                    .iter()
                    .any(|d| d.is_some());
            if !asked {
                return Err(CliError::Usage(
                    "nothing to change; give --plan or one of --draft-shared, --quote-requested, --quote-received, --published"
                        .into(),
                ));
            }
            if press == p.press {
                return say(
                    ctx.out,
                    &format!("#{} {}: press is already {}; nothing changed.", p.id, p.label(), press.summary()),
                );
            }
            ctx.store.set_press(p.id, &press)?;
            say(ctx.out, &format!("#{} {}: press {}.", p.id, p.label(), press.summary()))
        }
        ProposalCommand::Rm { id, yes } => {
            let p = ctx.store.proposal(id)?.ok_or_else(|| missing(id))?;
            let question = format!("Delete #{} {} on {}? [y/N] ", p.id, printable(&p.label()), p.when_text());
            if !yes && !confirm(ctx.out, &question)? {
                return say(ctx.out, "Nothing deleted.");
            }
            let p = ctx.store.remove_proposal(id)?;
            say(ctx.out, &format!("Deleted #{} {} ({}).", p.id, p.label(), p.when_text()))
        }
    }
}

fn missing(id: i64) -> CliError {
    CliError::Usage(format!("there is no proposal {id}; see mpplan proposals --all"))
}
