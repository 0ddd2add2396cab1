//! `mpplan log`, `mpplan history`, `mpplan cadence` and `mpplan engagement`: the contact log and
//! each engagement's own notes.

use clap::{Args, Subcommand};

use super::mps::resolve_seat;
use super::output::{Table, json, say};
use super::when::date;
use super::{CliError, Context};
use crate::domain::engagement::checklist::item_by_key;
use crate::domain::engagement::contact::{self, Direction, InteractionKind, NewInteraction, contact_phrase};
use crate::domain::mps::names::display_name;
use crate::domain::views::{EngagementUpdate, TrackOutcome};

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The MP: an ONS code, a member id, or part of a constituency or MP name
    mp: String,
    /// letter, email, call, meeting, visit, event, surgery, press or other
    #[arg(long)]
    kind: InteractionKind,
    /// The contact came from the MP (by default it went to the MP)
    #[arg(long)]
    from_mp: bool,
    /// When it happened [default: today]
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// What was said or sent
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The MP: an ONS code, a member id, or part of a constituency or MP name
    mp: String,
    /// Print JSON instead of a table
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct CadenceArgs {
    /// The MP: an ONS code, a member id, or part of a constituency or MP name
    mp: String,
    /// Get back in touch after this many days without contact
    days: u32,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum EngagementCommand {
    /// Set an engagement's topics, cadence, constituency office address, background or notes
    Set(EngagementSetArgs),
    /// Show an engagement's notes
    Show {
        /// The MP: an ONS code, a member id, or part of a constituency or MP name
        mp: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct EngagementSetArgs {
    /// The MP: an ONS code, a member id, or part of a constituency or MP name
    mp: String,
    /// The local issues to raise, one per line (or separated by "; ")
    #[arg(long)]
    topics: Option<String>,
    /// Get back in touch after this many days without contact
    #[arg(long, value_name = "DAYS")]
    cadence: Option<u32>,
    /// The MP's constituency office address, for letters sent there
    #[arg(long, value_name = "ADDRESS")]
    office_address: Option<String>,
    /// Background on the MP: health or care experience, interests
    #[arg(long)]
    background: Option<String>,
    /// Anything else worth keeping
    #[arg(long)]
    notes: Option<String>,
}

pub fn log(ctx: &mut Context<'_>, args: &LogArgs) -> Result<(), CliError> {
    let seat = resolve_seat(&ctx.store, &args.mp)?;
    let on = match &args.on {
        Some(d) => date(d, ctx.today)?,
        None => ctx.today,
    };
    let on = contact::check_date(on, ctx.today).map_err(|e| CliError::Usage(e.to_string()))?;
    let direction = if args.from_mp { Direction::FromMp } else { Direction::ToMp };
    let new = NewInteraction { kind: args.kind, direction, on, summary: args.note.trim().to_string() };
    let logged = ctx.store.log_interaction(&seat.code, &new, ctx.today)?;
    let phrase = contact_phrase(args.kind, direction);
    say(ctx.out, &format!("Logged {phrase} {} on {}.", seat.describe(), on.format("%-d %B %Y")))?;
    if let Some((_, after)) = logged.completed {
        let text = item_by_key(&after.key).map(|i| i.text).unwrap_or_default();
        say(ctx.out, &format!("Checklist {} ticked: {text}.", after.key))?;
    }
    match logged.tracking {
        TrackOutcome::Started => say(ctx.out, &format!("Now tracking {}.", seat.describe())),
        TrackOutcome::Resumed => say(ctx.out, &format!("Tracking {} again.", seat.describe())),
        TrackOutcome::AlreadyTracked => Ok(()),
    }
}

pub fn history(ctx: &mut Context<'_>, args: &HistoryArgs) -> Result<(), CliError> {
    let seat = resolve_seat(&ctx.store, &args.mp)?;
    let log = ctx.store.interactions(&seat.code)?;
    if args.json {
        return json(ctx.out, &log);
    }
    if log.is_empty() {
        return say(ctx.out, &format!("No contact with {} logged yet: `mpplan log` records one.", seat.describe()));
    }
    say(ctx.out, &format!("Contact with {}, newest first:", seat.describe()))?;
    // In a plan shared by a team, who logged a contact, when it was someone else.
    let others = ctx.store.changed_by_others(&seat.code)?.contacts;
    let mut table = if others.is_empty() {
        Table::new(&["DATE", "KIND", "DIRECTION", "MP", "NOTE"])
    } else {
        Table::new(&["DATE", "KIND", "DIRECTION", "MP", "BY", "NOTE"])
    };
    for i in log {
        // Contacts logged before names were stored without titles may carry one.
        let mp = display_name(&i.mp_name);
        let mut row = vec![i.on.to_string(), i.kind.to_string(), i.direction.label().into(), mp];
        if !others.is_empty() {
            row.push(others.get(&i.uuid).cloned().unwrap_or_else(|| "you".into()));
        }
        row.push(i.summary);
        table.row(row);
    }
    table.write(ctx.out)
}

pub fn cadence(ctx: &mut Context<'_>, args: &CadenceArgs) -> Result<(), CliError> {
    let update = EngagementUpdate { cadence_days: Some(args.days), ..Default::default() };
    set(ctx, &args.mp, &update)
}

pub fn engagement(ctx: &mut Context<'_>, cmd: &EngagementCommand) -> Result<(), CliError> {
    match cmd {
        EngagementCommand::Set(args) => {
            let tidy = |s: &Option<String>| s.as_ref().map(|s| s.trim().to_string());
            let update = EngagementUpdate {
                topics: tidy(&args.topics),
                cadence_days: args.cadence,
                office_address: tidy(&args.office_address),
                background: tidy(&args.background),
                notes: tidy(&args.notes),
            };
            if update.is_empty() {
                return Err(CliError::Usage(
                    "nothing to set; give one or more of --topics, --cadence, --office-address, --background, --notes"
                        .into(),
                ));
            }
            set(ctx, &args.mp, &update)
        }
        EngagementCommand::Show { mp, json: as_json } => {
            let seat = resolve_seat(&ctx.store, mp)?;
            let Some(info) = ctx.store.engagement(&seat.code)? else {
                return Err(CliError::Usage(format!(
                    "{} has no engagement yet; `mpplan track {}` starts one",
                    seat.describe(),
                    seat.code
                )));
            };
            if *as_json {
                return json(ctx.out, &info);
            }
            say(ctx.out, &seat.describe())?;
            let unset = |s: &str| if s.is_empty() { "(none)".to_string() } else { s.replace('\n', "; ") };
            say(ctx.out, &format!("Tracked     {}", if info.tracked { "yes" } else { "no" }))?;
            say(ctx.out, &format!("Cadence     every {} days", info.cadence_days))?;
            say(ctx.out, &format!("Topics      {}", unset(&info.topics)))?;
            say(ctx.out, &format!("Office      {}", unset(&info.office_address)))?;
            say(ctx.out, &format!("Background  {}", unset(&info.background)))?;
            say(ctx.out, &format!("Notes       {}", unset(&info.notes)))
        }
    }
}

fn set(ctx: &mut Context<'_>, mp: &str, update: &EngagementUpdate) -> Result<(), CliError> {
    let seat = resolve_seat(&ctx.store, mp)?;
    let info = ctx.store.update_engagement(&seat.code, update, ctx.today)?;
    say(
        ctx.out,
        &format!("Updated the engagement with {}; contact cadence every {} days.", seat.describe(), info.cadence_days),
    )
}
