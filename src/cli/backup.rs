//! `mpplan import json`: restoring a backup of everything the user created (`mpplan export json`
//! writes one).

use super::import::JsonArgs;
use super::output::say;
use super::{CliError, Context};
use crate::transfer::{self, Import};

/// Restores a backup; with `--replace`, a copy of the database is kept first (and deleted again
/// if the backup is refused after all, since then nothing changed).
pub fn restore(ctx: &mut Context<'_>, args: &JsonArgs) -> Result<(), CliError> {
    let preview = transfer::preview(&ctx.store, &Import::Json { replace: args.replace }, &args.file)?;
    let copy = if args.replace { Some(ctx.store.safety_copy("-before-import")?) } else { None };
    let said = transfer::apply(&mut ctx.store, &preview.plan, ctx.today).inspect_err(|_| {
        if let Some(copy) = &copy {
            ctx.store.discard_copy(copy);
        }
    })?;
    if let Some(copy) = copy {
        say(ctx.out, &format!("A copy of the database as it was is in {}.", copy.display()))?;
    }
    for line in said {
        say(ctx.out, &line)?;
    }
    Ok(())
}
