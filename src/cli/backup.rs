//! `mpplan import json`: restoring a backup of everything the user created (`mpplan export json`
//! writes one).

use super::import::JsonArgs;
use super::output::say;
use super::{CliError, Context};
use crate::transfer::{self, Import};

/// Restores a backup; with `--replace`, a copy of the database is kept first.
pub fn restore(ctx: &mut Context<'_>, args: &JsonArgs) -> Result<(), CliError> {
    let preview = transfer::preview(&ctx.store, &Import::Json { replace: args.replace }, &args.file)?;
    let copy = if args.replace { Some(ctx.store.save_copy(None, false)?) } else { None };
    let said = transfer::apply(&mut ctx.store, &preview.plan, ctx.today)?;
    if let Some(copy) = copy {
        say(ctx.out, &format!("A copy of the database as it was is in {}.", copy.display()))?;
    }
    for line in said {
        say(ctx.out, &line)?;
    }
    Ok(())
}
