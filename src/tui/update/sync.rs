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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::sync::engine::SyncReport;
    use crate::store::SyncStatus;
    use crate::tui::app::Tone;
    use crate::tui::fixture;
    use crate::tui::sharing::Sharing;
    use crate::tui::update::{Outcome, outcome};

    fn status(waiting: i64, last_synced: &str) -> SyncStatus {
        SyncStatus {
            server: Some("postgresql://plan.example.nhs.uk/mpplan".into()),
            author: "Ann".into(),
            waiting,
            last_synced: Some(last_synced.into()),
            ..SyncStatus::default()
        }
    }

    fn shared() -> App {
        let mut app = fixture::app();
        app.sharing = Sharing::of(&status(3, "2026-11-24T08:00:00Z"));
        app
    }

    fn finished(result: Result<SyncReport, Trouble>, waiting: i64) -> Outcome {
        Outcome::Synced(Synced::Finished { result, status: Some(status(waiting, "2026-11-24T09:41:00Z")) })
    }

    fn header(app: &App) -> String {
        app.sharing.as_ref().expect("shared").describe(app.today)
    }

    #[test]
    fn a_sync_shows_while_it_runs_then_when_it_reached_the_server() {
        let mut app = shared();
        assert_eq!(header(&app), "synced 08:00 · 3 waiting");
        outcome(&mut app, Outcome::Synced(Synced::Started));
        assert_eq!(header(&app), "syncing…");
        let report = SyncReport { pushed: 3, pulled: 2, rows: 2, conflicts: 0 };
        outcome(&mut app, finished(Ok(report), 0));
        assert_eq!(header(&app), "synced 09:41");
        assert_eq!(app.status, None, "a sync that went well says nothing more");
    }

    #[test]
    fn offline_says_how_many_changes_wait_and_nothing_on_the_status_line() {
        let mut app = shared();
        outcome(&mut app, Outcome::Synced(Synced::Started));
        outcome(&mut app, finished(Err(Trouble::Offline), 12));
        assert_eq!(header(&app), "offline — 12 changes waiting");
        assert_eq!(app.status, None);
        outcome(&mut app, finished(Ok(SyncReport::default()), 0));
        assert_eq!(header(&app), "synced 09:41", "back online");
    }

    #[test]
    fn a_refusal_is_said_once_in_full_on_the_status_line() {
        let mut app = shared();
        let refused = || finished(Err(Trouble::Refused("password authentication failed".into())), 1);
        outcome(&mut app, refused());
        assert_eq!(header(&app), "sync refused: password authentication failed");
        let status = app.status.take().expect("said");
        assert_eq!(
            (status.text.as_str(), status.tone),
            ("The server refused to sync: password authentication failed", Tone::Error)
        );
        outcome(&mut app, refused());
        assert_eq!(app.status, None, "not again at every turn");
    }

    #[test]
    fn changes_made_apart_are_pointed_to() {
        let mut app = shared();
        outcome(&mut app, finished(Ok(SyncReport { pulled: 4, rows: 4, conflicts: 2, ..Default::default() }), 0));
        assert!(app.status.unwrap().text.starts_with("Synced: 2 changes made apart lost to later ones"));
    }

    #[test]
    fn the_palettes_sync_asks_for_a_sync_now_only_in_a_shared_plan() {
        use crate::tui::keymap::key_event;
        let run = |app: &mut App| {
            [":", "s", "y", "n", "c", "enter"].iter().flat_map(|k| crate::tui::press(app, &key_event(k))).collect()
        };
        let mut app = shared();
        let commands: Vec<crate::tui::update::Command> = run(&mut app);
        assert_eq!(commands, [crate::tui::update::Command::SyncNow]);
        assert!(!app.overlay.is_open());
        let mut alone = fixture::app();
        let commands: Vec<crate::tui::update::Command> = run(&mut alone);
        assert!(commands.is_empty(), "{commands:?}");
        assert!(alone.status.unwrap().text.starts_with("\"sync\" is not a command"), "nothing says it is");
    }

    #[test]
    fn a_plan_not_shared_ignores_a_report() {
        let mut app = fixture::app();
        outcome(&mut app, finished(Err(Trouble::Offline), 12));
        assert_eq!((app.sharing, app.status), (None, None));
    }
}
