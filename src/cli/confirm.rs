//! Asking before anything is deleted.

use std::io::{BufRead, IsTerminal, Write};

use super::CliError;

/// Asks a yes/no question on a terminal. Off a terminal there is nobody to ask, so it refuses
/// (a usage error telling the user to add `--yes`).
pub fn confirm(out: &mut dyn Write, question: &str) -> Result<bool, CliError> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(CliError::Usage("nothing done without confirmation; add --yes to go ahead".into()));
    }
    write!(out, "{question}")?;
    out.flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}
