//! `mpplan update`: bring the MPs, the calendar and the bank holidays up to date from Parliament's
//! and GOV.UK's feeds (or from their documents saved by hand), showing what will change first.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::confirm::confirm;
use super::output::say;
use super::{CliError, Context};
use crate::shared::fetch::dir::DirFetch;
use crate::shared::fetch::http::HttpFetch;
use crate::shared::fetch::{
    self, BANK_HOLIDAYS_URL, Feeds, Fetch, MEMBERS_API_URL, Progress, UpdateError, WHATSON_API_URL,
};

#[derive(Debug, Args)]
#[command(after_help = "What is read: the current Commons members (Members API), the contact details, posts, \
committees and interests of the MPs of the seats you track, the Commons sitting days, recesses and sessions for \
the next 18 months (What's On), and the bank holidays (GOV.UK). Parliament's data is under the Open Parliament \
Licence v3.0; GOV.UK's under the Open Government Licence v3.0.")]
pub struct UpdateArgs {
    /// Apply the changes without asking
    #[arg(long)]
    pub yes: bool,
    /// Only show what would change
    #[arg(long)]
    pub dry_run: bool,
    /// Print the addresses an update reads, each with the file name to save it under (for --from)
    #[arg(long, conflicts_with_all = ["from", "yes", "dry_run"])]
    pub urls: bool,
    /// Read the documents from a folder where they were saved by hand, instead of the network
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
    /// Seconds to wait for each document before giving up
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
    /// The Members API's address (for a mirror or a test server)
    #[arg(long, value_name = "URL", env = "MPPLAN_MEMBERS_API_URL", default_value = MEMBERS_API_URL)]
    pub members_api_url: String,
    /// What's On's address (for a mirror or a test server)
    #[arg(long, value_name = "URL", env = "MPPLAN_WHATSON_API_URL", default_value = WHATSON_API_URL)]
    pub whatson_api_url: String,
    /// GOV.UK's bank holidays document (for a mirror or a test server)
    #[arg(long, value_name = "URL", env = "MPPLAN_BANK_HOLIDAYS_URL", default_value = BANK_HOLIDAYS_URL)]
    pub bank_holidays_url: String,
}

/// A progress bar on standard error when it is a terminal; nothing otherwise.
struct Bar(Option<ProgressBar>);

impl Bar {
    fn new() -> Bar {
        if !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
            bar.set_style(style);
        }
        Bar(Some(bar))
    }
}

impl Progress for Bar {
    fn total(&mut self, total: usize) {
        if let Some(bar) = &self.0 {
            bar.set_length(total as u64);
        }
    }

    fn read(&mut self, what: &str) {
        if let Some(bar) = &self.0 {
            if bar.position() < bar.length().unwrap_or(0) && !bar.message().is_empty() {
                bar.inc(1);
            }
            bar.set_message(what.to_string());
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl From<UpdateError> for CliError {
    fn from(e: UpdateError) -> CliError {
        CliError::Runtime(e.to_string())
    }
}

impl From<fetch::PrepareError> for CliError {
    fn from(e: fetch::PrepareError) -> CliError {
        match e {
            fetch::PrepareError::Plan(fetch::PlanError::Store(e)) => e.into(),
            e => CliError::Runtime(e.to_string()),
        }
    }
}

pub fn run(ctx: &mut Context<'_>, args: &UpdateArgs) -> Result<(), CliError> {
    let feeds = Feeds {
        members_api: args.members_api_url.clone(),
        whatson_api: args.whatson_api_url.clone(),
        bank_holidays: args.bank_holidays_url.clone(),
    };
    if args.urls {
        say(ctx.out, "# Save each address under the file name before it, all in one folder, then run")?;
        say(ctx.out, "# `mpplan update --from FOLDER`. The member pages cover the seats there are now.")?;
        for request in feeds.all_requests(&fetch::wanted(&ctx.store, ctx.today)?) {
            say(ctx.out, &format!("{} {}", request.file, request.url))?;
        }
        return Ok(());
    }
    let (mut fetch, origin): (Box<dyn Fetch>, String) = match &args.from {
        Some(dir) => (Box::new(DirFetch::open(dir)?), dir.display().to_string()),
        None => (Box::new(HttpFetch::new(Duration::from_secs(args.timeout))), "network".to_string()),
    };
    let prepared = fetch::prepare(&ctx.store, fetch.as_mut(), &origin, &feeds, ctx.today, &mut Bar::new())?;
    for line in prepared.lines() {
        say(ctx.out, &line)?;
    }
    if !prepared.plan.changes_anything() {
        if !args.dry_run {
            // Recorded all the same: the data was checked today.
            ctx.store.apply_update(&prepared.plan, &prepared.origin, ctx.today)?;
        }
        return Ok(());
    }
    if args.dry_run {
        return say(ctx.out, "Dry run: nothing was changed; run it again without --dry-run to apply.");
    }
    if !args.yes && !confirm(ctx.out, "Apply these changes? [y/N] ")? {
        return say(ctx.out, "Nothing was changed.");
    }
    ctx.store.apply_update(&prepared.plan, &prepared.origin, ctx.today)?;
    say(ctx.out, "Updated. Contains Parliamentary information licensed under the Open Parliament Licence v3.0.")
}
