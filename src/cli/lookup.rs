//! `mpplan lookup POSTCODE`: which constituencies a postcode, sector or district falls in.

use super::output::{json, say};
use super::{CliError, Context};
use crate::domain::mps::postcode::Postcode;
use crate::domain::text::percent;
use crate::domain::views::PostcodeLookup as Lookup;
use crate::store::Store;
use clap::Args;

#[derive(Debug, Args)]
pub struct LookupArgs {
    /// A full postcode (LS1 4DY), a sector (LS1 4) or a district (LS1); any case or spacing,
    /// quoted or not
    #[arg(required = true, num_args = 1..)]
    postcode: Vec<String>,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

/// Parses and looks up a postcode. Malformed input, or an area the data does not know, is a usage
/// error naming it.
pub fn find(store: &Store, input: &str) -> Result<Lookup, CliError> {
    let postcode = Postcode::parse(input).map_err(|e| CliError::Usage(e.to_string()))?;
    Ok(store.lookup_postcode(&postcode)?)
}

pub fn run(ctx: &mut Context<'_>, args: &LookupArgs) -> Result<(), CliError> {
    let lookup = find(&ctx.store, &args.postcode.join(" "))?;
    if args.json {
        return json(ctx.out, &lookup);
    }
    for line in lines(&lookup) {
        say(ctx.out, &line)?;
    }
    Ok(())
}

/// The lookup as text: the matches with their shares, or the Northern Ireland seats to choose from.
pub fn lines(lookup: &Lookup) -> Vec<String> {
    let mut lines = Vec::new();
    if lookup.northern_ireland {
        lines.push(format!(
            "{} is in Northern Ireland. The postcode data shipped with mpplan covers Great Britain only,",
            lookup.postcode
        ));
        lines.push(format!("so choose your seat from the {} Northern Ireland constituencies:", lookup.choices.len()));
        for c in &lookup.choices {
            lines.push(format!("  {:<32} {:<24} {} [{}]", c.constituency, c.mp, c.party, c.constituency_code));
        }
        lines.push("Then run `mpplan track CONSTITUENCY`.".into());
        return lines;
    }
    let level = if lookup.area.contains(' ') { "sector" } else { "district" };
    let what = if lookup.postcode == lookup.area {
        format!("{level} {}", lookup.area)
    } else {
        format!("{} (postcode {level} {})", lookup.postcode, lookup.area)
    };
    match lookup.matches.as_slice() {
        [only] if only.share >= 1.0 => {
            lines.push(format!("{what} is wholly in {} [{}]:", only.constituency, only.constituency_code));
            lines.push(format!("  MP: {} ({})", only.mp, only.party));
        }
        matches => {
            lines.push(format!("{what} spans {} constituencies, best match first:", matches.len()));
            for m in matches {
                lines.push(format!(
                    "  {:>5}  {} [{}]: {} ({})",
                    percent(m.share),
                    m.constituency,
                    m.constituency_code,
                    m.mp,
                    m.party
                ));
            }
            lines.push("Shares are of the area's postcodes; near a boundary, check the exact address.".into());
        }
    }
    lines
}
