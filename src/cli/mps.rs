//! `mpplan mps`, `mpplan mp`, `mpplan track`, `mpplan untrack`, and resolving what the user typed
//! for an MP.

use clap::Args;

use super::output::{Table, count, json, say};
use super::{CliError, Context};
use crate::domain::engagement::checklist::{Progress, item_by_key};
use crate::domain::mps::resolve::{Candidate, Resolved, resolve};
use crate::domain::views::{MpCard, MpSummary, TrackOutcome};
use crate::store::{MpFilter, Store};

/// The House of Commons switchboard, which puts callers through to an MP's Westminster office.
pub const SWITCHBOARD: &str = "020 7219 3000";
pub use crate::domain::engagement::followups::WESTMINSTER_ADDRESS;

#[derive(Debug, Args)]
pub struct MpsArgs {
    /// Only MPs whose name or constituency contains TEXT (any case, accents optional): `mpplan mps
    /// leeds` is `mpplan mps --search leeds`
    #[arg(value_name = "TEXT", conflicts_with = "search")]
    words: Vec<String>,
    /// Only MPs whose name or constituency contains TEXT (any case, accents optional)
    #[arg(long, value_name = "TEXT")]
    search: Option<String>,
    /// Only MPs whose party contains TEXT, e.g. "green" or "labour"
    #[arg(long, value_name = "TEXT")]
    party: Option<String>,
    /// Only the seats your organisation tracks
    #[arg(long)]
    tracked: bool,
    /// Print JSON instead of a table
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct MpArgs {
    #[command(flatten)]
    seat: SeatArg,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct SeatArg {
    /// An ONS constituency code, a Parliament member id, or part of a constituency or MP name
    #[arg(value_name = "MP")]
    pub mp: String,
}

pub fn list(ctx: &mut Context<'_>, args: &MpsArgs) -> Result<(), CliError> {
    let search = args.search.clone().or_else(|| (!args.words.is_empty()).then(|| args.words.join(" ")));
    let filter = MpFilter { search, party: args.party.clone(), tracked_only: args.tracked };
    let mps = ctx.store.list_mps(&filter)?;
    if args.json {
        return json(ctx.out, &mps);
    }
    if mps.is_empty() {
        let hint = if args.tracked {
            "No seats are tracked yet: add a site with `mpplan org site add NAME POSTCODE` or run `mpplan track MP`."
        } else {
            "No MPs match."
        };
        return say(ctx.out, hint);
    }
    let with_progress = mps.iter().any(|m| m.progress.is_some());
    let mut headers = vec!["CONSTITUENCY", "MP", "PARTY", "EMAIL"];
    if with_progress {
        headers.push("PROGRESS");
    }
    let mut table = Table::new(&headers);
    for m in &mps {
        let mut row = vec![m.constituency.clone(), m.name.clone(), m.party.clone(), m.email.clone()];
        if with_progress {
            row.push(m.progress.as_ref().map(|p| progress_text(p, m.tracked)).unwrap_or_default());
        }
        table.row(row);
    }
    table.write(ctx.out)?;
    say(ctx.out, &count(mps.len(), "MP", "MPs"))
}

fn progress_text(p: &Progress, tracked: bool) -> String {
    let settled = format!("{}/{}", p.done + p.skipped, p.total);
    let next = p.next.map(|k| format!(", next {k}")).unwrap_or_else(|| ", all done".into());
    let untracked = if tracked { "" } else { " (untracked)" };
    format!("{settled}{next}{untracked}")
}

pub fn show(ctx: &mut Context<'_>, args: &MpArgs) -> Result<(), CliError> {
    let seat = resolve_seat(&ctx.store, &args.seat.mp)?;
    let card = ctx
        .store
        .mp_card(&seat.code)?
        .ok_or_else(|| CliError::Runtime(format!("the seat {} has vanished from the database", seat.code)))?;
    if args.json {
        return json(ctx.out, &card);
    }
    for line in card_lines(&card) {
        say(ctx.out, &line)?;
    }
    Ok(())
}

fn card_lines(card: &MpCard) -> Vec<String> {
    let s: &MpSummary = &card.summary;
    let mut lines = vec![format!("{} ({}), {}", s.constituency, s.constituency_code, s.place())];
    if s.name.is_empty() {
        lines.push("The seat is vacant in the data.".into());
    } else {
        lines.push(format!("{} ({})", s.name, s.party));
    }
    lines.push(String::new());
    let mut field = |label: &str, value: &str| {
        let shown = if value.is_empty() { "(not known)" } else { value };
        lines.push(format!("{label:<12}{shown}"));
    };
    if !s.name.is_empty() {
        field("Title", &card.full_title);
        field("Address as", card.salutation.as_deref().unwrap_or_default());
    }
    field("Email", &s.email);
    field("Phone", &format!("{SWITCHBOARD} (House of Commons switchboard; ask for the MP's office)"));

    field("Post", WESTMINSTER_ADDRESS);
    field("Website", &card.links.website);
    field("Profile", &card.links.parliament_profile);
    field("Bluesky", &card.links.bluesky);
    field("X/Twitter", &card.links.twitter);
    field("Facebook", &card.links.facebook);
    field("Member id", &s.member_id.map(|i| i.to_string()).unwrap_or_default());
    field("TWFY id", &card.twfy_person_id.map(|i| i.to_string()).unwrap_or_default());
    field("Held since", &card.held_since().text(|d| d.to_string()).unwrap_or_default());
    field("GE 2024", &card.ge2024_result);
    field("Councils", &card.local_authorities);
    let tracking = match (&s.progress, s.tracked) {
        (None, _) => "no (mpplan track to start)".to_string(),
        (Some(p), tracked) => {
            let next =
                p.next.and_then(item_by_key).map(|i| format!("; next: {} {}", i.key, i.text)).unwrap_or_default();
            let state = if tracked { "yes" } else { "no, history kept" };
            format!("{state}: {} of {} items settled{next}", p.done + p.skipped, p.total)
        }
    };
    field("Tracked", &tracking);
    let profile = card.profile.rows();
    if !profile.is_empty() {
        lines.push(String::new());
        lines.push("From Parliament's records".into());
        lines.extend(profile.into_iter().map(|(label, value)| format!("  {label}: {value}")));
    }
    if card.history.len() > 1 || !card.changes.is_empty() {
        lines.push(String::new());
        lines.push("Seat history".into());
        for t in &card.history {
            let span = match (t.held_since().text(|d| d.to_string()), t.until) {
                (Some(from), Some(until)) => format!("{from} to {until}"),
                (None, Some(until)) => format!("until {until}"),
                (Some(from), None) => format!("since {from}, current"),
                (None, None) => "current".to_string(),
            };
            lines.push(format!("  {} ({}): {span}", t.name, t.party));
        }
        for c in &card.changes {
            lines.push(format!("  {} {}: {}", c.observed_on, c.change, change_text(c)));
        }
    }
    lines
}

fn change_text(c: &crate::domain::views::SeatChange) -> String {
    let side = |mp: &str, party: &str| match (mp.is_empty(), party.is_empty() || party == mp) {
        (true, _) => "not recorded".to_string(),
        (false, true) => mp.to_string(),
        (false, false) => format!("{mp} ({party})"),
    };
    format!("{} → {}", side(&c.before_mp, &c.before_party), side(&c.after_mp, &c.after_party))
}

pub fn track(ctx: &mut Context<'_>, arg: &SeatArg) -> Result<(), CliError> {
    let seat = resolve_seat(&ctx.store, &arg.mp)?;
    let outcome = ctx.store.track(&seat.code, ctx.today)?;
    let who = seat.describe();
    let line = match outcome {
        TrackOutcome::Started => {
            format!("Now tracking {who}: a fresh checklist of 17 items, starting at step 1.")
        }
        TrackOutcome::Resumed => format!("Tracking {who} again, with its history as you left it."),
        TrackOutcome::AlreadyTracked => format!("{who} is already tracked."),
    };
    say(ctx.out, &line)
}

pub fn untrack(ctx: &mut Context<'_>, arg: &SeatArg) -> Result<(), CliError> {
    let seat = resolve_seat(&ctx.store, &arg.mp)?;
    let line = if ctx.store.untrack(&seat.code)? {
        format!(
            "No longer tracking {}; its history is kept and `mpplan track {}` brings it back.",
            seat.describe(),
            seat.code
        )
    } else {
        format!("{} was not tracked; nothing changed.", seat.describe())
    };
    say(ctx.out, &line)
}

/// "Leeds South (Hilary Benn)".
/// Finds the one seat the user means, or explains in one line why not.
pub fn resolve_seat(store: &Store, query: &str) -> Result<Candidate, CliError> {
    let candidates = store.mp_candidates()?;
    let shown = crate::domain::text::printable(query.trim()).into_owned();
    let listed = |indexes: &[usize]| {
        indexes.iter().map(|&i| format!("{} [{}]", candidates[i].describe(), candidates[i].code)).collect::<Vec<_>>()
    };
    match resolve(query, &candidates) {
        Resolved::One(i) => Ok(candidates[i].clone()),
        Resolved::Ambiguous { total, shown: which } => {
            let more = if total > which.len() { format!("; and {} more", total - which.len()) } else { String::new() };
            Err(CliError::Usage(format!(
                "\"{shown}\" matches {total} seats: {}{more}; type more of the name, or the ONS code in brackets",
                listed(&which).join("; ")
            )))
        }
        Resolved::NotFound { closest } if closest.is_empty() => {
            Err(CliError::Usage("give an MP: an ONS code, a member id, or part of a constituency or MP name".into()))
        }
        Resolved::NotFound { closest } => Err(CliError::Usage(format!(
            "no MP or constituency matches \"{shown}\"; the closest are: {}",
            listed(&closest).join("; ")
        ))),
    }
}
