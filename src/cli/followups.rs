//! `mpplan followup snooze|unsnooze|done ID`: acting on one of the agenda's follow-ups by the id
//! `mpplan agenda --json` gives it.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::output::{json, say};
use super::when::date;
use super::{CliError, Context};
use crate::domain::calendar::long_date;
use crate::domain::engagement::checklist::item_by_key;
use crate::domain::engagement::followups::FollowUp;
use crate::domain::engagement::marks::snooze_until;
use crate::shared::followups::{self, MarkedDone};

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum FollowUpCommand {
    /// Snooze a follow-up: it leaves the agenda's lists, shown only as snoozed, until the day given
    Snooze(SnoozeArgs),
    /// End a follow-up's snooze: it is listed again where its due date puts it
    Unsnooze(IdArgs),
    /// Mark a follow-up done: tick the checklist step it serves, or else dismiss it until it is
    /// raised again with a later due date
    Done(IdArgs),
}

#[derive(Debug, Args)]
pub struct SnoozeArgs {
    /// The follow-up's id, as `mpplan agenda --json` gives it (brief_everyone.E14001323.17)
    id: String,
    /// The day it comes back, after today [default: a week from today]
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct IdArgs {
    /// The follow-up's id, as `mpplan agenda --json` gives it (brief_everyone.E14001323.17)
    id: String,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &mut Context<'_>, command: &FollowUpCommand) -> Result<(), CliError> {
    match command {
        FollowUpCommand::Snooze(args) => snooze(ctx, args),
        FollowUpCommand::Unsnooze(args) => unsnooze(ctx, args),
        FollowUpCommand::Done(args) => done(ctx, args),
    }
}

/// What `--json` prints for a snooze: the follow-up, and the day it is snoozed until, now and before.
#[derive(Serialize)]
struct SnoozeJson<'a> {
    follow_up: &'a FollowUp,
    snoozed_until: Option<NaiveDate>,
    was_snoozed_until: Option<NaiveDate>,
}

fn snooze(ctx: &mut Context<'_>, args: &SnoozeArgs) -> Result<(), CliError> {
    let until = args.until.as_deref().map(|d| date(d, ctx.today)).transpose()?;
    let until = snooze_until(until, ctx.today).map_err(|e| CliError::Usage(e.to_string()))?;
    let snoozed = followups::snooze(&mut ctx.store, ctx.today, &args.id, Some(until))?;
    let f = &snoozed.follow_up;
    if args.json {
        let value = SnoozeJson {
            follow_up: f,
            snoozed_until: snoozed.snoozed_until,
            was_snoozed_until: snoozed.was_snoozed_until,
        };
        return json(ctx.out, &value);
    }
    say(ctx.out, &format!("Snoozed {}: {} until {}", f.id, f.headline(), long_date(until)))
}

fn unsnooze(ctx: &mut Context<'_>, args: &IdArgs) -> Result<(), CliError> {
    let snoozed = followups::snooze(&mut ctx.store, ctx.today, &args.id, None)?;
    let f = &snoozed.follow_up;
    if args.json {
        let value = SnoozeJson { follow_up: f, snoozed_until: None, was_snoozed_until: snoozed.was_snoozed_until };
        return json(ctx.out, &value);
    }
    match snoozed.was_snoozed_until {
        Some(_) => say(ctx.out, &format!("Unsnoozed {}: {} is back on the agenda", f.id, f.headline())),
        None => say(ctx.out, &format!("{}: {} was not snoozed; nothing changed", f.id, f.headline())),
    }
}

/// What `--json` prints for done: the follow-up, the checklist item ticked, and the due date it
/// was recorded done for.
#[derive(Serialize)]
struct DoneJson<'a> {
    follow_up: &'a FollowUp,
    ticked: Option<&'a str>,
    done_for: Option<NaiveDate>,
    already_done: bool,
}

fn done(ctx: &mut Context<'_>, args: &IdArgs) -> Result<(), CliError> {
    let marked = followups::mark_done(&mut ctx.store, ctx.today, &args.id)?;
    let MarkedDone { follow_up: f, ticked, recorded } = &marked;
    let already = ticked.is_none() && recorded.is_none();
    if args.json {
        let value = DoneJson {
            follow_up: f,
            ticked: ticked.as_ref().map(|(_, after)| &*after.key),
            done_for: recorded.map(|r| r.done_for),
            already_done: already,
        };
        return json(ctx.out, &value);
    }
    if already {
        return say(ctx.out, &format!("{}: {} is already done; nothing changed", f.id, f.headline()));
    }
    let mut line = format!("Done {}: {}", f.id, f.headline());
    if let Some((_, after)) = ticked {
        let item = item_by_key(&after.key).map_or("", |i| i.text);
        line.push_str(&format!("; checklist {} ticked: {item}", after.key));
    }
    if let Some(r) = recorded {
        line.push_str(&format!(
            "; dismissed for its due date, {} (it comes back if raised again with a later one)",
            long_date(r.done_for)
        ));
    }
    say(ctx.out, &line)
}
