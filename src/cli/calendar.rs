//! Looking at the parliamentary calendar: `day`, `check`, `week`, `slots`, `calendar status`, and the
//! user's own `recess` and `sitting` entries.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use clap::{ArgGroup, Args, Subcommand};
use serde::Serialize;

use super::confirm::confirm;
use super::flags::{FlaggedProposal, SlotView, alternatives, print_alternatives, slot_view};
use super::mps::resolve_seat;
use super::output::{Table, json, say};
use super::when::{date, duration, slot};
use super::{CliError, Context, JsonFlag};
use crate::domain::calendar::free_slots::{SlotShape, default_window, find_slots_reading};
use crate::domain::calendar::{DEFAULT_HOURS, DayClass, ProposalKind, long_date};
use crate::domain::engagement::flagged::{flag_owned, flag_slot};
use crate::domain::engagement::overlaps::Overlap;
use crate::domain::engagement::proposal::ProposalFilter;
use crate::domain::reference::age::DataAge;
use crate::domain::text::strftime;
use crate::domain::when::DEFAULT_DURATION;
use crate::domain::when::slot_text;
use crate::store::Coverage;

#[derive(Debug, Args)]
pub struct DayArgs {
    /// The date: YYYY-MM-DD, today, tomorrow, mon…sun, +3d, +2w
    date: String,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("until").args(["end", "duration"])))]
pub struct CheckArgs {
    /// The start, "YYYY-MM-DD HH:MM" (London time); the date may also be tomorrow, fri, +2w…
    start: String,
    /// The end, "YYYY-MM-DD HH:MM"
    end: Option<String>,
    /// How long instead of an end: 90m, 1h, 1h30m [default: 1h, as on the screens]
    #[arg(long, short, allow_hyphen_values = true)]
    duration: Option<String>,
    /// What it is: meeting, visit, surgery, event, or westminster (a meeting at Parliament)
    #[arg(long, default_value = "meeting")]
    kind: ProposalKind,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct WeekArgs {
    /// Any day of the week to show [default: today]
    date: Option<String>,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct SlotsArgs {
    /// The MP to meet (optional: the calendar is the same for every MP)
    mp: Option<String>,
    /// Look from this date on [default: tomorrow]
    #[arg(long)]
    from: Option<String>,
    /// How many slots
    #[arg(long, short = 'n', default_value_t = 5)]
    count: usize,
    /// How long each slot is
    #[arg(long, short, default_value = "1h", allow_hyphen_values = true)]
    duration: String,
    /// The daytime window slots must fit in, HH:MM-HH:MM
    #[arg(long, default_value = "10:00-16:00")]
    window: String,
    /// What it is: meeting, visit, surgery, event, or westminster
    #[arg(long, default_value = "meeting")]
    kind: ProposalKind,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum CalendarCommand {
    /// What the calendar data covers, and from when days are assumed
    Status(JsonFlag),
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum RecessCommand {
    /// Add a recess (for dates beyond the shipped data, say)
    Add {
        /// Its name, e.g. "Summer recess"
        name: String,
        /// The first day without a sitting
        first: String,
        /// The last day without a sitting
        last: String,
    },
    /// List every recess, shipped and added
    List(JsonFlag),
    /// Remove a recess you added (by the id `recess list` shows)
    Rm {
        /// The recess's id (as `mpplan recess list` shows it)
        id: i64,
        /// Remove without asking
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum SittingCommand {
    /// Add a sitting day: a sitting Friday, a recall
    Add {
        /// The date
        date: String,
        /// A note, e.g. "recall" or "private members' bills"
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Remove a sitting day you added
    Rm {
        /// The date
        date: String,
        /// Remove without asking
        #[arg(long)]
        yes: bool,
    },
}

/// A day as `--json` shows it.
#[derive(Serialize)]
struct DayView {
    date: NaiveDate,
    weekday: String,
    /// sitting, recess, prorogation, dissolution, bank_holiday, weekend, non_sitting_friday, not_sitting
    kind: &'static str,
    /// confirmed, scheduled or assumed, for a sitting day
    certainty: Option<&'static str>,
    /// The recess's or bank holiday's name
    name: Option<String>,
    badge: &'static str,
    assumed: bool,
    reason: String,
}

fn day_view(day: &DayClass) -> DayView {
    DayView {
        date: day.date,
        weekday: day.date.format("%A").to_string(),
        kind: day.kind.as_str(),
        certainty: day.certainty().map(|c| c.as_str()),
        name: day.kind.name().map(str::to_string),
        badge: day.badge(),
        assumed: day.assumed,
        reason: day.reason(),
    }
}

pub fn day(ctx: &mut Context<'_>, args: &DayArgs) -> Result<(), CliError> {
    let when = date(&args.date, ctx.today)?;
    let day = ctx.store.calendar()?.classify_day(when);
    if args.json {
        return json(ctx.out, &day_view(&day));
    }
    say(ctx.out, &format!("{}: {}", long_date(when), day.badge()))?;
    say(ctx.out, &format!("{}.", day.reason()))
}

#[derive(Serialize)]
struct CheckView {
    #[serde(flatten)]
    slot: SlotView,
    kind: &'static str,
    /// The organisation's proposals the slot overlaps.
    overlaps: Vec<Overlap>,
    nearest_clear: Vec<SlotView>,
}

pub fn check(ctx: &mut Context<'_>, args: &CheckArgs) -> Result<(), CliError> {
    // Neither an end nor a length: an hour, as the screens' proposal form starts with.
    let length = args.duration.as_deref().or(args.end.is_none().then_some(DEFAULT_DURATION));
    let (start, end) = slot(&args.start, args.end.as_deref(), length, ctx.today)?;
    let cal = ctx.store.calendar()?;
    let flag = cal.classify_slot(start, end, args.kind, &DEFAULT_HOURS);
    let days = ProposalFilter { from: start.date().pred_opt(), to: end.date().succ_opt(), ..Default::default() };
    let shown = flag_slot(&flag, start, end, &ctx.store.proposals(&days)?);
    let nearest = alternatives(ctx, &cal, start, end, args.kind, shown.flag)?;
    if args.json {
        let view = CheckView {
            slot: SlotView { start, end, flag: shown.flag.as_str(), assumed: shown.assumed, reason: shown.reason },
            kind: args.kind.as_str(),
            overlaps: shown.overlaps,
            nearest_clear: nearest.iter().map(|s| slot_view(s.0, s.1, &s.2)).collect(),
        };
        return json(ctx.out, &view);
    }
    say(ctx.out, &format!("{}  {}", shown.label(), slot_text(start, end)))?;
    say(ctx.out, &format!("{}.", shown.reason))?;
    print_alternatives(ctx, &nearest)
}

#[derive(Serialize)]
struct WeekDay {
    #[serde(flatten)]
    day: DayView,
    proposals: Vec<FlaggedProposal>,
}

#[derive(Serialize)]
struct WeekView {
    monday: NaiveDate,
    sunday: NaiveDate,
    days: Vec<WeekDay>,
}

pub fn week(ctx: &mut Context<'_>, args: &WeekArgs) -> Result<(), CliError> {
    let any = match &args.date {
        Some(d) => date(d, ctx.today)?,
        None => ctx.today,
    };
    let monday = any.checked_sub_days(Days::new(u64::from(any.weekday().num_days_from_monday()))).unwrap_or(any);
    let sunday = monday.checked_add_days(Days::new(6)).unwrap_or(monday);
    let filter = ProposalFilter { from: Some(monday), to: Some(sunday), ..Default::default() };
    let (shown, others) = crate::shared::flags::matching(&ctx.store, &filter)?;
    // The calendar of the week and of every day its proposals run into, not of every year.
    let touched = crate::shared::flags::days_touched(&shown);
    let (first, last) = touched.map_or((monday, sunday), |(first, last)| (first.min(monday), last.max(sunday)));
    let cal = ctx.store.calendar_for(first, last)?;
    let flagged = flag_owned(shown, &others, &cal);
    let mut days: Vec<WeekDay> = monday
        .iter_days()
        .take(7)
        .map(|d| WeekDay { day: day_view(&cal.classify_day(d)), proposals: Vec::new() })
        .collect();
    // Each proposal goes to the days it is listed on, copied only when it is listed on more than one.
    for f in flagged {
        let Some(last) = days.iter().rposition(|d| f.proposal.listed_on(d.day.date)) else { continue };
        for d in days[..last].iter_mut().filter(|d| f.proposal.listed_on(d.day.date)) {
            d.proposals.push(f.clone());
        }
        days[last].proposals.push(f);
    }
    let view = WeekView { monday, sunday, days };
    if args.json {
        return json(ctx.out, &view);
    }
    say(ctx.out, &format!("Week of {} (week {})", long_date(monday), monday.iso_week().week()))?;
    if let Some(first) = view.days.iter().find(|d| d.day.assumed) {
        say(ctx.out, &format!("{}.", first.day.reason))?;
    }
    say(ctx.out, "")?;
    for d in &view.days {
        let today = if d.day.date == ctx.today { "  ← today" } else { "" };
        let name = d.day.name.as_deref().unwrap_or("");
        say(
            ctx.out,
            format!("{:<11}{:<20} {name}{today}", d.day.date.format_with_items(strftime!("%a %-d %b")), d.day.badge)
                .trim_end(),
        )?;
        for p in &d.proposals {
            say(
                ctx.out,
                &format!(
                    "    {:<11}  #{} {} ({})  {}  [{}]",
                    p.proposal.hours_text(),
                    p.proposal.id,
                    p.proposal.label(),
                    p.proposal.constituency,
                    p.label(),
                    p.proposal.status
                ),
            )?;
            let on = p.proposal.start.date();
            for o in &p.overlaps {
                say(ctx.out, &format!("      {} (#{})", o.describe(on), o.id))?;
            }
        }
    }
    Ok(())
}

pub fn slots(ctx: &mut Context<'_>, args: &SlotsArgs) -> Result<(), CliError> {
    let seat = args.mp.as_deref().map(|mp| resolve_seat(&ctx.store, mp)).transpose()?;
    let from = match &args.from {
        Some(d) => date(d, ctx.today)?,
        None => ctx.today.succ_opt().unwrap_or(ctx.today),
    };
    let length = duration(&args.duration)?;
    let window = parse_window(&args.window)?;
    if args.count == 0 || args.count > 100 {
        return Err(CliError::Usage(format!("--count is {}; give a number from 1 to 100", args.count)));
    }
    let cal = ctx.store.calendar()?;
    let shape = SlotShape { duration: length, window, kind: args.kind };
    // The busy times are read only as far ahead as the answer needs.
    let mut read = |first, until| ctx.store.busy(first, until);
    let found = find_slots_reading(&cal, &DEFAULT_HOURS, &shape, from, args.count, &mut read)?;
    if args.json {
        let views: Vec<SlotView> = found.iter().map(|s| slot_view(s.start, s.end, &s.flag)).collect();
        return json(ctx.out, &views);
    }
    let whom = seat.map(|s| format!(" to meet {}", s.describe())).unwrap_or_default();
    if found.is_empty() {
        return say(ctx.out, &format!("No clear slots{whom} in the two years from {}.", long_date(from)));
    }
    say(ctx.out, &format!("Next clear slots{whom}, Fridays and Saturdays first:"))?;
    let mut table = Table::new(&["WHEN", "WHY IT IS CLEAR"]);
    for s in &found {
        table.row(vec![slot_text(s.start, s.end), s.flag.reason()]);
    }
    table.write(ctx.out)
}

fn parse_window(input: &str) -> Result<(NaiveTime, NaiveTime), CliError> {
    let bad = || CliError::Usage(format!("\"{input}\" is not a window; give HH:MM-HH:MM, e.g. 10:00-16:00"));
    let (a, b) = input.split_once('-').ok_or_else(bad)?;
    let t = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| bad());
    let (a, b) = (t(a)?, t(b)?);
    if a >= b {
        return Err(bad());
    }
    Ok(if (a, b) == default_window() { default_window() } else { (a, b) })
}

#[derive(Serialize)]
struct StatusView {
    sources: Vec<Coverage>,
    sitting_data_first: Option<NaiveDate>,
    sitting_data_last: Option<NaiveDate>,
    /// From this date on, days no recess or holiday explains are assumed by the weekday pattern.
    assumed_from: Option<NaiveDate>,
    /// How old the MPs and the calendar are.
    data_age: DataAge,
}

pub fn status(ctx: &mut Context<'_>, as_json: bool) -> Result<(), CliError> {
    let cal = ctx.store.calendar()?;
    let range = cal.sitting_range();
    let view = StatusView {
        sources: ctx.store.calendar_coverage()?,
        sitting_data_first: range.map(|r| r.0),
        sitting_data_last: range.map(|r| r.1),
        assumed_from: cal.first_assumed_date(),
        data_age: ctx.store.data_age(crate::data::data_date(), &cal)?,
    };
    if as_json {
        return json(ctx.out, &view);
    }
    let mut table = Table::new(&["DATA", "SOURCE", "ROWS", "FROM", "TO"]);
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    for c in &view.sources {
        table.row(vec![c.what.clone(), c.source.clone(), c.count.to_string(), day(c.first), day(c.last)]);
    }
    table.write(ctx.out)?;
    say(ctx.out, "")?;
    for line in view.data_age.lines(ctx.today) {
        say(ctx.out, &line)?;
    }
    match view.assumed_from {
        Some(from) => {
            say(ctx.out, &format!("From {} on, sitting days are assumed by the usual pattern", long_date(from)))?;
            say(ctx.out, "(Monday to Thursday sitting) unless a recess, sitting day or bank holiday says otherwise.")?;
            if from <= ctx.today {
                say(
                    ctx.out,
                    "Today is beyond the sitting-day data: run `mpplan update` to fetch the real calendar from",
                )?;
                say(ctx.out, "Parliament, or add the announced recess dates with `mpplan recess add NAME FIRST LAST`")?;
                say(ctx.out, "and sitting Fridays or recalls with `mpplan sitting add`.")?;
            }
        }
        None => say(
            ctx.out,
            "There is no sitting-day data: every day is assumed by the weekday pattern; run `mpplan update`.",
        )?,
    }
    Ok(())
}

pub fn recess(ctx: &mut Context<'_>, cmd: RecessCommand) -> Result<(), CliError> {
    match cmd {
        RecessCommand::Add { name, first, last } => {
            let name = name.trim();
            if name.is_empty() {
                return Err(CliError::Usage("a recess needs a name, e.g. \"Summer recess\"".into()));
            }
            let (first, last) = (date(&first, ctx.today)?, date(&last, ctx.today)?);
            let row = ctx.store.add_recess(name, first, last)?;
            say(
                ctx.out,
                &format!("Added the {} (id {}): {} to {}.", row.name, row.id, long_date(first), long_date(last)),
            )
        }
        RecessCommand::List(flag) => {
            let rows = ctx.store.recess_rows()?;
            if flag.json {
                return json(ctx.out, &rows);
            }
            let mut table = Table::new(&["ID", "RECESS", "FIRST DAY", "LAST DAY", "SOURCE"]);
            for r in rows {
                table.row(vec![r.id.to_string(), r.name, r.first.to_string(), r.last.to_string(), r.source]);
            }
            table.write(ctx.out)
        }
        RecessCommand::Rm { id, yes } => {
            if !yes && !confirm(ctx.out, &format!("Remove recess {id}? [y/N] "))? {
                return say(ctx.out, "Nothing removed.");
            }
            let row = ctx.store.remove_recess(id)?;
            say(ctx.out, &format!("Removed the {} ({} to {}).", row.name, row.first, row.last))
        }
    }
}

pub fn sitting(ctx: &mut Context<'_>, cmd: SittingCommand) -> Result<(), CliError> {
    match cmd {
        SittingCommand::Add { date: d, note } => {
            let day = date(&d, ctx.today)?;
            let added = ctx.store.add_sitting_day(day, note.trim())?;
            let verb = if added { "Added" } else { "Updated" };
            say(ctx.out, &format!("{verb} a sitting day on {}.", long_date(day)))
        }
        SittingCommand::Rm { date: d, yes } => {
            let day = date(&d, ctx.today)?;
            if !yes && !confirm(ctx.out, &format!("Remove the sitting day on {}? [y/N] ", long_date(day)))? {
                return say(ctx.out, "Nothing removed.");
            }
            ctx.store.remove_sitting_day(day)?;
            say(ctx.out, &format!("Removed the sitting day on {}.", long_date(day)))
        }
    }
}
