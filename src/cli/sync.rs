//! `mpplan sync`: sharing the plan with a team through the organisation's PostgreSQL (DESIGN.md
//! §9). `sync init` makes the shared database ready (or prints its SQL for a DBA), `sync join`
//! connects this copy, `sync` alone pushes what waits here and pulls everyone else's changes,
//! `sync status` says how it stands and `sync conflicts` lists the changes that lost unseen.

use clap::{Args, Subcommand};
use serde::Serialize;

use super::confirm::confirm;
use super::output::{Table, json, say};
use super::{CliError, Context, JsonFlag};
use crate::domain::sync::clock::Stamp;
use crate::shared::sync::engine::{SyncFailure, SyncReport, connect_and_sync, sync};
use crate::shared::sync::postgres::{Passwords, PgLog, Target, init_sql};
use crate::shared::sync::{SharedLog, SyncError, offline_waiting};
use crate::store::Store;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SyncArgs {
    #[command(subcommand)]
    command: Option<SyncCommand>,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum SyncCommand {
    /// Make a PostgreSQL database ready to hold a team's plan (run once, by someone who may create
    /// tables there), or print the SQL for a DBA to run
    Init(InitArgs),
    /// Share this copy's plan with the team at URL: a fresh copy gets the team's plan, one with a
    /// plan of its own adds it (after showing what)
    Join(JoinArgs),
    /// Where this copy's plan is shared, when it last synced, and what waits
    Status(JsonFlag),
    /// Changes that lost to a later one made without seeing them, newest first
    Conflicts(ConflictsArgs),
    /// Stop syncing this copy's plan (nothing is deleted, here or on the server; joining the same
    /// plan again sends what was done meanwhile)
    Leave(LeaveArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The shared database: postgres://USER@HOST:PORT/DATABASE (a password is asked for, or taken
    /// from PGPASSWORD or ~/.pgpass; TLS with the server's certificate checked unless it is local)
    #[arg(required_unless_present = "print_sql")]
    url: Option<String>,
    /// Print the SQL instead of running it, for a database administrator
    #[arg(long)]
    print_sql: bool,
}

#[derive(Debug, Args)]
pub struct JoinArgs {
    /// The shared database, as for `sync init`
    url: String,
    /// Your name, as your team will see it beside the changes you make
    #[arg(long = "as", value_name = "NAME")]
    name: String,
    /// Share this copy's own plan without asking
    #[arg(long)]
    yes: bool,
}

#[derive(Debug, Args)]
pub struct ConflictsArgs {
    /// Only those of one MP (constituency, MP name or ONS code)
    #[arg(long, value_name = "MP")]
    mp: Option<String>,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct LeaveArgs {
    /// Leave without asking
    #[arg(long)]
    yes: bool,
}

pub fn run(ctx: &mut Context<'_>, args: SyncArgs) -> Result<(), CliError> {
    match args.command {
        None => sync_now(ctx),
        Some(SyncCommand::Init(args)) => init(ctx, &args),
        Some(SyncCommand::Join(args)) => join(ctx, &args),
        Some(SyncCommand::Status(flag)) => status(ctx, flag.json),
        Some(SyncCommand::Conflicts(args)) => conflicts(ctx, &args),
        Some(SyncCommand::Leave(args)) => leave(ctx, args.yes),
    }
}

fn target(url: &str) -> Result<Target, CliError> {
    Target::parse(url).map_err(|e| CliError::Usage(e.to_string()))
}

/// Connects, asking for a password on a terminal when nothing else gives one.
fn connect(target: &Target) -> Result<PgLog, SyncError> {
    PgLog::connect(target.clone(), &Passwords::from_env(true))
}

/// A failure to reach or use the server, as one line.
fn server_error(e: SyncError) -> CliError {
    CliError::Runtime(e.to_string())
}

fn init(ctx: &mut Context<'_>, args: &InitArgs) -> Result<(), CliError> {
    if args.print_sql {
        write!(ctx.out, "{}", init_sql())?;
        return Ok(());
    }
    let target = target(args.url.as_deref().unwrap_or_default())?;
    let mut log = connect(&target).map_err(server_error)?;
    log.init().map_err(server_error)?;
    say(
        ctx.out,
        &format!(
            "{} is ready for a team's plan. Grant the role mpplan_member to each person's login; each then runs \
             `mpplan sync join URL --as NAME`.",
            target.display()
        ),
    )
}

fn join(ctx: &mut Context<'_>, args: &JoinArgs) -> Result<(), CliError> {
    let target = target(&args.url)?;
    let status = ctx.store.sync_status()?;
    if let Some(server) = status.server.as_deref()
        && server != target.without_password()
    {
        return Err(CliError::Usage(format!(
            "this copy already shares its plan with {server}; `mpplan sync leave` first to share it elsewhere"
        )));
    }
    let mut log = connect(&target).map_err(server_error)?;
    // Nothing is recorded unless the server can be reached and holds a shared plan.
    log.pull(0, 1).map_err(server_error)?;
    let own = ctx.store.sync_shareable()?;
    if !own.is_empty() && !status.joined() && !args.yes {
        let counts: Vec<String> = own.iter().map(|(table, n)| format!("{}: {n}", kind(table))).collect();
        say(
            ctx.out,
            &format!(
                "This copy has a plan of its own ({}). Joining adds it to the team's plan at {}, where everyone sees it.",
                counts.join(", "),
                target.display()
            ),
        )?;
        if !confirm(ctx.out, "Share it? [y/N] ")? {
            return Err(CliError::Usage("not joined; nothing was changed".into()));
        }
    }
    ctx.store.sync_join(target.without_password(), &args.name)?;
    let report = sync(&mut ctx.store, &mut log).map_err(failure)?;
    say(
        ctx.out,
        &format!("Joined the team's plan at {} as {}. {}", target.display(), args.name.trim(), summary(&report)),
    )
}

fn sync_now(ctx: &mut Context<'_>) -> Result<(), CliError> {
    let status = ctx.store.sync_status()?;
    let Some(server) = status.server.as_deref() else {
        return Err(CliError::Usage(
            "this copy's plan is not shared; join your team's with `mpplan sync join URL --as NAME`".into(),
        ));
    };
    let target = target(server)?;
    match connect_and_sync(&mut ctx.store, || connect(&target)) {
        Ok(report) => say(ctx.out, &format!("Synced with {}. {}", target.display(), summary(&report))),
        Err(SyncFailure::Server(SyncError::Offline(why))) => {
            let waiting = ctx.store.sync_status()?.waiting;
            let next = if waiting > 0 { "; they go at the next sync" } else { "" };
            Err(CliError::Runtime(format!("{}{next} ({why})", offline_waiting(waiting))))
        }
        Err(e) => Err(failure(e)),
    }
}

fn failure(e: SyncFailure) -> CliError {
    match e {
        SyncFailure::Server(e) => server_error(e),
        SyncFailure::Store(e) => e.into(),
    }
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") }
}

/// One sync, in words: "Sent 3 changes; received 12 (5 rows updated)."
fn summary(report: &SyncReport) -> String {
    let sent = match report.pushed {
        0 => "Nothing to send".to_string(),
        n => format!("Sent {}", plural(n, "change")),
    };
    let received = match (report.pulled, report.rows) {
        (0, _) => "nothing new came".to_string(),
        (n, 0) => format!("received {}", plural(n, "change")),
        (n, rows) => format!("received {} ({} updated)", plural(n, "change"), plural(rows, "row")),
    };
    let mut line = format!("{sent}; {received}.");
    if report.conflicts > 0 {
        line.push_str(&format!(
            " {} made apart lost to a later one: see `mpplan sync conflicts`.",
            plural(report.conflicts, "change")
        ));
    }
    line
}

/// A kind of the user's rows as people know it.
fn kind(table: &str) -> &str {
    match table {
        "organisation" => "organisation details",
        "engagements" => "MP relationships",
        "checklist_items" => "checklist steps",
        "interactions" => "contacts",
        "sitting_days" => "sitting days",
        other => other,
    }
}

#[derive(Serialize)]
struct StatusJson<'a> {
    server: Option<&'a str>,
    name: &'a str,
    waiting: i64,
    last_synced: Option<&'a str>,
    last_error: Option<&'a str>,
    conflicts: usize,
}

fn status(ctx: &mut Context<'_>, as_json: bool) -> Result<(), CliError> {
    let status = ctx.store.sync_status()?;
    let conflicts = ctx.store.sync_conflicts(None)?.len();
    if as_json {
        return json(
            ctx.out,
            &StatusJson {
                server: status.server.as_deref(),
                name: &status.author,
                waiting: status.waiting,
                last_synced: status.last_synced.as_deref(),
                last_error: status.last_error.as_deref(),
                conflicts,
            },
        );
    }
    let Some(server) = status.server.as_deref() else {
        return say(ctx.out, "This copy's plan is not shared. Join your team's with `mpplan sync join URL --as NAME`.");
    };
    let shown = Target::parse(server).map(|t| t.display()).unwrap_or_else(|_| server.to_string());
    say(ctx.out, &format!("Shared with {shown} as {}.", status.author))?;
    let synced = status.last_synced.as_deref().map(synced_at).unwrap_or_else(|| "never".into());
    say(ctx.out, &format!("Last synced: {synced}."))?;
    match (&status.last_error, status.waiting) {
        (Some(error), waiting) if error.starts_with("offline: ") => {
            say(ctx.out, &format!("{} ({}).", offline_waiting(waiting), &error["offline: ".len()..]))?
        }
        (Some(error), _) => say(ctx.out, &format!("The last try failed: {error}"))?,
        (None, 0) => say(ctx.out, "Nothing waits to be sent.")?,
        (None, n) => say(ctx.out, &format!("{} to send at the next sync.", plural(n as usize, "change")))?,
    }
    if conflicts > 0 {
        say(ctx.out, &format!("{} made apart lost: `mpplan sync conflicts`.", plural(conflicts, "change")))?;
    }
    Ok(())
}

/// A UTC time as saved ("2026-11-30T09:41:00Z"), on London's wall clock.
fn synced_at(utc: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(utc)
        .map(|t| t.with_timezone(&chrono_tz::Europe::London).format("%a %-d %b %Y %H:%M").to_string())
        .unwrap_or_else(|_| utc.to_string())
}

fn when(stamp: Stamp) -> String {
    stamp.london().map(|t| t.format("%a %-d %b %Y %H:%M").to_string()).unwrap_or_default()
}

/// A field's value as people read it.
fn value(field: &str, value: &str) -> String {
    match (field, value) {
        ("_deleted", "1") => "deleted".into(),
        ("_deleted", _) => "kept".into(),
        _ => value.to_string(),
    }
}

/// The field as people know it.
fn field(field: &str) -> String {
    match field {
        "_deleted" => "whether it is there".into(),
        other => other.replace('_', " "),
    }
}

#[derive(Serialize)]
struct ConflictJson<'a> {
    id: &'a str,
    seat: Option<&'a str>,
    what: &'a str,
    table: &'a str,
    field: &'a str,
    kept: String,
    kept_by: &'a str,
    kept_at: String,
    lost: String,
    lost_by: &'a str,
    lost_at: String,
}

fn conflicts(ctx: &mut Context<'_>, args: &ConflictsArgs) -> Result<(), CliError> {
    let seat = match &args.mp {
        Some(mp) => Some(super::mps::resolve_seat(&ctx.store, mp)?.code),
        None => None,
    };
    let all = ctx.store.sync_conflicts(seat.as_deref())?;
    if args.json {
        let rows: Vec<ConflictJson<'_>> = all
            .iter()
            .map(|c| ConflictJson {
                id: &c.id,
                seat: c.seat.as_deref(),
                what: &c.what,
                table: &c.table,
                field: &c.field,
                kept: value(&c.field, &c.kept),
                kept_by: &c.kept_author,
                kept_at: c.kept_stamp.london().map(|t| t.to_string()).unwrap_or_default(),
                lost: value(&c.field, &c.lost),
                lost_by: &c.lost_author,
                lost_at: c.lost_stamp.london().map(|t| t.to_string()).unwrap_or_default(),
            })
            .collect();
        return json(ctx.out, &rows);
    }
    if all.is_empty() {
        return say(ctx.out, "No change made apart has lost to another: nothing was overwritten unseen.");
    }
    let names = seat_names(&ctx.store)?;
    let mut table = Table::new(&["MP", "What", "Field", "Kept", "Lost", "Lost change made"]);
    for c in &all {
        let mp = c.seat.as_ref().and_then(|s| names.get(s)).cloned().unwrap_or_else(|| "—".into());
        table.row(vec![
            mp,
            c.what.clone(),
            field(&c.field),
            format!("{} ({})", value(&c.field, &c.kept), c.kept_author),
            format!("{} ({})", value(&c.field, &c.lost), c.lost_author),
            when(c.lost_stamp),
        ]);
    }
    table.write(ctx.out)
}

/// The constituency name of each seat.
fn seat_names(store: &Store) -> Result<std::collections::HashMap<String, String>, CliError> {
    Ok(store.mp_candidates()?.into_iter().map(|c| (c.code, c.constituency)).collect())
}

fn leave(ctx: &mut Context<'_>, yes: bool) -> Result<(), CliError> {
    let status = ctx.store.sync_status()?;
    let Some(server) = status.server.as_deref() else {
        return say(ctx.out, "This copy's plan is not shared: there is nothing to leave.");
    };
    if status.waiting > 0 && !yes {
        let question = format!(
            "{} made here have not reached the team yet and will not until you join again. Leave? [y/N] ",
            plural(status.waiting as usize, "change")
        );
        if !confirm(ctx.out, &question)? {
            return Err(CliError::Usage("still shared; nothing was changed".into()));
        }
    }
    let shown = Target::parse(server).map(|t| t.display()).unwrap_or_else(|_| server.to_string());
    ctx.store.sync_leave()?;
    say(
        ctx.out,
        &format!(
            "This copy no longer syncs with {shown}. Everything is still here, and what you change is still noted: \
             `mpplan sync join` with the same address sends it."
        ),
    )
}
