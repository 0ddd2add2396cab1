//! What the background sync of a shared plan reports: the header says "syncing…" while one runs,
//! then when it reached the server and how many changes wait, or that the server is out of reach.
//! A refusal (a password, a permission) is also said once on the status line, in full, as someone
//! must act on it; being offline is not, as the changes simply wait.

use crate::tui::app::App;
use crate::tui::sharing::{Synced, Trouble};

/// Puts what a sync reported in place; a plan not shared ignores it.
pub fn synced(app: &mut App, synced: Synced) {
    let Some(sharing) = app.sharing.as_mut() else { return };
    match synced {
        Synced::Started => sharing.syncing = true,
        Synced::Finished { result, status } => {
            sharing.syncing = false;
            if let Some(status) = &status {
                sharing.read(status);
            }
            match result {
                Ok(report) => {
                    sharing.trouble = None;
                    if report.conflicts > 0 {
                        let changes = if report.conflicts == 1 { "change" } else { "changes" };
                        app.info(format!(
                            "Synced: {} {changes} made apart lost to later ones; each MP's detail shows its own.",
                            report.conflicts
                        ));
                    }
                }
                Err(trouble) => {
                    let said = match &trouble {
                        Trouble::Offline => None,
                        Trouble::Refused(why) => Some(format!("The server refused to sync: {why}")),
                        Trouble::Failed(why) => Some(format!("The sync failed: {why}")),
                    };
                    let new = sharing.trouble.as_ref() != Some(&trouble);
                    sharing.trouble = Some(trouble);
                    if let Some(said) = said.filter(|_| new) {
                        app.error(said);
                    }
                }
            }
        }
    }
}
