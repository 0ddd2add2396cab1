//! `mpplan lookup POSTCODE`: which constituencies a postcode, sector or district falls in.

use clap::Args;
use serde::Serialize;

use super::output::{json, percent, say};
use super::{CliError, Context};
use crate::domain::model::{AreaMatch, SeatChoice};
use crate::domain::postcode::Postcode;
use crate::store::Store;

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

/// What a postcode lookup found. Field names are the `--json` output's.
#[derive(Debug, Serialize)]
pub struct Lookup {
    /// The postcode as understood, in canonical form ("LS1 4DY").
    pub postcode: String,
    /// "postcode", "sector" or "district": what was typed.
    pub level: &'static str,
    /// The sector or district the shares describe ("LS1 4").
    pub area: String,
    /// True for a Northern Ireland (BT) postcode: the lookup data covers Great Britain only.
    pub northern_ireland: bool,
    /// Constituencies the area falls in, best first, with their share of its postcodes.
    pub matches: Vec<AreaMatch>,
    /// For Northern Ireland: every seat there, to choose from.
    pub choices: Vec<SeatChoice>,
}

/// Parses and looks up a postcode. Malformed input, or an area the data does not know, is a usage
/// error naming it.
pub fn find(store: &Store, input: &str) -> Result<Lookup, CliError> {
    let postcode = Postcode::parse(input).map_err(|e| CliError::Usage(e.to_string()))?;
    let mut lookup = Lookup {
        postcode: postcode.to_string(),
        level: postcode.level(),
        area: postcode.district().to_string(),
        northern_ireland: postcode.is_northern_ireland(),
        matches: Vec::new(),
        choices: Vec::new(),
    };
    if lookup.northern_ireland {
        lookup.choices = store.seats_in_country("Northern Ireland")?;
        return Ok(lookup);
    }
    if let Some(sector) = postcode.sector() {
        lookup.matches = store.postcode_area(&sector)?;
        if !lookup.matches.is_empty() {
            lookup.area = sector;
            return Ok(lookup);
        }
    }
    lookup.matches = store.postcode_area(postcode.district())?;
    if lookup.matches.is_empty() {
        return Err(CliError::Usage(format!(
            "no constituency is known for {} (postcode district {}); check the postcode, or use `mpplan mps --search` to find the seat by name",
            postcode,
            postcode.district()
        )));
    }
    Ok(lookup)
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
