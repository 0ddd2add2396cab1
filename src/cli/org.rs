//! `mpplan org`: the organisation's details and its sites.

use clap::{Args, Subcommand};

use super::confirm::confirm;
use super::lookup;
use super::output::{Table, json, say};
use super::{CliError, Context, JsonFlag};
use crate::domain::text::{is_email, percent, printable};
use crate::domain::views::{OrganisationUpdate, TrackOutcome};
use crate::shared::org::{organisation_email, set_organisation_email};

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum OrgCommand {
    /// Set the organisation's name, letterhead address, chief executive, chair or email address
    Set(SetArgs),
    /// Show the organisation and its sites
    Show(JsonFlag),
    /// The organisation's sites; adding one tracks the seat its postcode is in
    #[command(subcommand)]
    Site(SiteCommand),
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The organisation's name, as on its letterhead
    #[arg(long)]
    name: Option<String>,
    /// The chief executive's name, for signing letters
    #[arg(long, value_name = "NAME")]
    chief_executive: Option<String>,
    /// The chair's name
    #[arg(long, value_name = "NAME")]
    chair: Option<String>,
    /// The letterhead address (use a newline or ", " between lines)
    #[arg(long)]
    address: Option<String>,
    /// The organisation's email address, from which invitations (`mpplan invite`) come; "" clears it
    #[arg(long, value_name = "ADDRESS")]
    email: Option<String>,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum SiteCommand {
    /// Add a site; its postcode's best-matching seat is tracked and the alternatives listed
    Add {
        /// The site's name, e.g. "Main hospital"
        name: String,
        /// The site's postcode
        postcode: String,
    },
    /// List the sites
    List(JsonFlag),
    /// Remove a site (the seat it led to stays tracked)
    Rm {
        /// The site's name (any case)
        name: String,
        /// Remove without asking
        #[arg(long)]
        yes: bool,
    },
}

pub fn run(ctx: &mut Context<'_>, cmd: OrgCommand) -> Result<(), CliError> {
    match cmd {
        OrgCommand::Set(args) => set(ctx, args),
        OrgCommand::Show(flag) => show(ctx, flag.json),
        OrgCommand::Site(SiteCommand::Add { name, postcode }) => add_site(ctx, &name, &postcode),
        OrgCommand::Site(SiteCommand::List(flag)) => list_sites(ctx, flag.json),
        OrgCommand::Site(SiteCommand::Rm { name, yes }) => remove_site(ctx, &name, yes),
    }
}

fn set(ctx: &mut Context<'_>, args: SetArgs) -> Result<(), CliError> {
    let tidy = |s: Option<String>| s.map(|s| s.trim().to_string());
    let update = OrganisationUpdate {
        name: tidy(args.name),
        address: tidy(args.address),
        chief_executive: tidy(args.chief_executive),
        chair: tidy(args.chair),
    };
    if update.is_empty() && args.email.is_none() {
        return Err(CliError::Usage(
            "nothing to set; give one or more of --name, --chief-executive, --chair, --address, --email".into(),
        ));
    }
    if let Some(email) = &args.email {
        let email = email.trim();
        if !email.is_empty() && !is_email(email) {
            return Err(CliError::Usage(format!(
                "--email: \"{}\" is not an email address; give one such as office@trust.nhs.uk (or \"\" to clear it)",
                printable(email)
            )));
        }
    }
    ctx.store.all_or_nothing(|store| {
        if !update.is_empty() {
            store.update_organisation(&update)?;
        }
        match &args.email {
            Some(email) => set_organisation_email(store, email),
            None => Ok(()),
        }
    })?;
    say(ctx.out, "Organisation updated.")?;
    show(ctx, false)
}

#[derive(serde::Serialize)]
struct OrgView {
    #[serde(flatten)]
    organisation: crate::domain::views::Organisation,
    /// The organisation's email address; empty when none is set.
    email: String,
    sites: Vec<crate::domain::views::Site>,
}

fn show(ctx: &mut Context<'_>, as_json: bool) -> Result<(), CliError> {
    let email = organisation_email(&ctx.store)?.unwrap_or_default();
    let view = OrgView { organisation: ctx.store.organisation()?, email, sites: ctx.store.sites()? };
    if as_json {
        return json(ctx.out, &view);
    }
    let org = &view.organisation;
    let unset = |s: &str| {
        if s.is_empty() { "(not set)".to_string() } else { s.to_string() }
    };
    say(ctx.out, &format!("Name             {}", unset(&org.name)))?;
    say(ctx.out, &format!("Chief executive  {}", unset(&org.chief_executive)))?;
    say(ctx.out, &format!("Chair            {}", unset(&org.chair)))?;
    say(ctx.out, &format!("Email            {}", unset(&view.email)))?;
    let mut address = org.address.lines();
    say(ctx.out, &format!("Address          {}", unset(address.next().unwrap_or(""))))?;
    for line in address {
        say(ctx.out, &format!("                 {line}"))?;
    }
    if org.name.is_empty() {
        say(ctx.out, "Set these with `mpplan org set --name ... --chief-executive ... --address ...`.")?;
    }
    say(ctx.out, "")?;
    sites_table(ctx)
}

fn sites_table(ctx: &mut Context<'_>) -> Result<(), CliError> {
    let sites = ctx.store.sites()?;
    if sites.is_empty() {
        return say(ctx.out, "No sites yet: add one with `mpplan org site add NAME POSTCODE`.");
    }
    let mut table = Table::new(&["SITE", "POSTCODE", "CONSTITUENCY"]);
    for s in sites {
        let seat = s.constituency.unwrap_or_else(|| "(choose one: mpplan track)".into());
        table.row(vec![s.name, s.postcode, seat]);
    }
    table.write(ctx.out)
}

fn list_sites(ctx: &mut Context<'_>, as_json: bool) -> Result<(), CliError> {
    if as_json {
        return json(ctx.out, &ctx.store.sites()?);
    }
    sites_table(ctx)
}

fn add_site(ctx: &mut Context<'_>, name: &str, postcode: &str) -> Result<(), CliError> {
    let added = crate::shared::org::add_site(&mut ctx.store, name, postcode, ctx.today)?;
    let (name, found) = (&added.site.name, &added.found);
    match (found.matches.first(), added.tracked) {
        (None, _) | (_, None) => {
            say(ctx.out, &format!("Added {name} ({}).", found.postcode))?;
            for line in lookup::lines(found) {
                say(ctx.out, &line)?;
            }
        }
        (Some(best), Some(outcome)) => {
            let verb = match outcome {
                TrackOutcome::Started => "now tracked",
                TrackOutcome::Resumed => "tracked again",
                TrackOutcome::AlreadyTracked => "already tracked",
            };
            say(
                ctx.out,
                &format!(
                    "Added {name} ({}): it is in {} [{}], {verb}; MP {} ({}).",
                    found.postcode, best.constituency, best.constituency_code, best.mp, best.party
                ),
            )?;
            let others = &found.matches[1..];
            if !others.is_empty() {
                say(ctx.out, &format!("{} of {} is in that seat; the rest is in:", percent(best.share), found.area))?;
                for m in others {
                    say(
                        ctx.out,
                        &format!("  {:>5}  {} [{}]: {}", percent(m.share), m.constituency, m.constituency_code, m.mp),
                    )?;
                }
                say(
                    ctx.out,
                    "If the site is in one of those, run `mpplan track CODE` (and `mpplan untrack` the other).",
                )?;
            }
        }
    }
    Ok(())
}

fn remove_site(ctx: &mut Context<'_>, name: &str, yes: bool) -> Result<(), CliError> {
    if !yes && !confirm(ctx.out, &format!("Remove the site \"{}\"? [y/N] ", name.trim()))? {
        return say(ctx.out, "Nothing removed.");
    }
    let site = ctx.store.remove_site(name.trim())?;
    say(ctx.out, &format!("Removed the site {} ({}); the seats you track are unchanged.", site.name, site.postcode))
}
