//! `mpplan about` and `mpplan completions`.

use std::io::Write;

use clap::{Args, CommandFactory};
use clap_complete::Shell;
use serde::Serialize;

use super::output::{json, say};
use super::{Cli, CliError, Context};
use crate::data;
use crate::domain::reference::age::DataAge;
use crate::store::SCHEMA_VERSION;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to print completions for
    shell: Shell,
}

#[derive(Serialize)]
struct About {
    version: &'static str,
    database: String,
    /// Where letters and briefs written from the screens go, and the palette's exports.
    documents: String,
    schema_version: i64,
    dataset_version: Option<String>,
    data_date: &'static str,
    /// How old the MPs and the calendar are.
    data_age: DataAge,
    attribution: Vec<String>,
}

pub fn about(ctx: &mut Context<'_>, as_json: bool) -> Result<(), CliError> {
    let about = About {
        version: env!("CARGO_PKG_VERSION"),
        database: ctx.db_path.display().to_string(),
        documents: crate::shared::places::documents_dir_for(&ctx.db_path).display().to_string(),
        schema_version: SCHEMA_VERSION,
        dataset_version: ctx.store.dataset_version()?,
        data_date: data::DATA_DATE,
        data_age: ctx.store.data_age(data::data_date(), &ctx.store.calendar()?)?,
        attribution: data::attribution(),
    };
    if as_json {
        return json(ctx.out, &about);
    }
    say(ctx.out, &format!("mpplan {}", about.version))?;
    say(ctx.out, &format!("Database   {}", about.database))?;
    say(ctx.out, &format!("Documents  {}", about.documents))?;
    say(
        ctx.out,
        &format!("Shipped    MPs and calendar as of {} (dataset {})", about.data_date, data::DATASET_VERSION),
    )?;
    for line in about.data_age.lines(ctx.today) {
        say(ctx.out, &format!("           {line}"))?;
    }
    say(ctx.out, "")?;
    for line in &about.attribution {
        say(ctx.out, line)?;
    }
    Ok(())
}

pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<(), CliError> {
    clap_complete::generate(args.shell, &mut Cli::command(), "mpplan", out);
    Ok(())
}
