//! `mpplan demo`: a database of made-up data, small and friendly for a first look, or ten years of
//! a busy organisation for measuring speed.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;
use clap::Args;

use super::CliError;
use super::output::say;
use crate::domain::demo::DemoSpec;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Years of history (with any size option: 10 by default)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=50))]
    years: Option<u32>,
    /// How many proposals (with any size option: 50000 by default)
    #[arg(long, value_name = "N")]
    proposals: Option<usize>,
    /// How many logged contacts (with any size option: 100000 by default)
    #[arg(long, value_name = "N")]
    interactions: Option<usize>,
    /// The seed: the same seed always gives the same data
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
}

impl DemoArgs {
    /// Without any size option: the small data set for a first look.
    fn spec(&self) -> DemoSpec {
        if self.years.is_none() && self.proposals.is_none() && self.interactions.is_none() {
            return DemoSpec::small(self.seed);
        }
        DemoSpec::history(
            self.years.unwrap_or(10),
            self.proposals.unwrap_or(50_000),
            self.interactions.unwrap_or(100_000),
            self.seed,
        )
    }
}

/// Writes the demo data into `db` (the database given with --db or MPPLAN_DB), or without one into
/// a new file in the temporary folder; never into a database that already holds the user's data.
pub fn run(args: &DemoArgs, db: Option<&Path>, today: NaiveDate, out: &mut dyn std::io::Write) -> Result<(), CliError> {
    let path = db.map_or_else(temporary_path, Path::to_path_buf);
    let mut store = Store::open(&path)?;
    crate::data::ensure_loaded(&mut store)?;
    if store.has_user_data()? {
        return Err(CliError::Usage(format!(
            "{} already holds your data (an organisation, tracked MPs or calendar dates), so no demo data was \
             written; give a new file with --db",
            path.display()
        )));
    }
    let counts = store.fill_demo(&args.spec(), today)?;
    say(
        out,
        &format!(
            "Demo data written to {}: {} tracked MPs, {} proposals, {} contacts.",
            path.display(),
            counts.tracked,
            counts.proposals,
            counts.interactions
        ),
    )?;
    say(out, &format!("Open it with: mpplan --db {}", path.display()))?;
    Ok(())
}

fn temporary_path() -> PathBuf {
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    std::env::temp_dir().join(format!("mpplan-demo-{}-{stamp}.sqlite3", std::process::id()))
}
