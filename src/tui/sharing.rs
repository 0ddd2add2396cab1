//! The plan shared with a team (DESIGN.md §9), as the screens know it: how many changes wait to
//! be pushed, when a sync last reached the server, whether one is running, and what stopped the
//! last one. Only a shared plan has this state; a plan of one shows nothing about syncing.

use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::London;

use crate::shared::sync::engine::{SyncFailure, SyncReport};
use crate::shared::sync::{SyncError, offline_waiting};
use crate::store::SyncStatus;

/// What the header says about the shared plan.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sharing {
    /// Changes made here that the server does not have yet.
    pub waiting: i64,
    /// When a sync last reached the server (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub last_synced: Option<String>,
    /// A sync is running in the background.
    pub syncing: bool,
    /// Why the last try did not reach the server, until one does.
    pub trouble: Option<Trouble>,
}

/// Why a sync did not finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// The server cannot be reached: the changes wait for the next sync.
    Offline,
    /// The server refused (a password, a permission, the shared schema): someone must act before
    /// syncing works. The reason, on one line.
    Refused(String),
    /// This copy could not take part (its database failed): the reason, on one line.
    Failed(String),
}

/// What the background sync reports to the loop, for `update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Synced {
    /// A sync has started.
    Started,
    /// A sync finished (or failed), with the copy's part in the plan as it then stood.
    /// None when the database could not be read.
    Finished { result: Result<SyncReport, Trouble>, status: Option<SyncStatus> },
}

impl Sharing {
    /// The state for a copy's part in the plan, as the store has it; None when the plan is not
    /// shared. The error of a try before this run is taken up, so a server out of reach since
    /// then says so from the first frame.
    pub fn of(status: &SyncStatus) -> Option<Sharing> {
        status.joined().then(|| Sharing {
            waiting: status.waiting,
            last_synced: status.last_synced.clone(),
            syncing: false,
            trouble: status.last_error.as_deref().map(Trouble::from_error),
        })
    }

    /// Puts in place the count and the time of a status read again (after a change, or a sync
    /// run from another program). A sync that has reached the server since clears the trouble.
    pub fn read(&mut self, status: &SyncStatus) {
        self.waiting = status.waiting;
        if status.last_synced != self.last_synced && status.last_synced.is_some() {
            self.trouble = None;
        }
        self.last_synced.clone_from(&status.last_synced);
    }

    /// "synced 09:41 · 3 waiting", "syncing…", "offline — 12 changes waiting" or "sync refused:
    /// …": what the header says, in London time; `today` decides whether the day is named too.
    pub fn describe(&self, today: NaiveDate) -> String {
        if self.syncing {
            return "syncing…".to_string();
        }
        match &self.trouble {
            Some(Trouble::Offline) => offline_waiting(self.waiting),
            Some(Trouble::Refused(why)) => format!("sync refused: {why}"),
            Some(Trouble::Failed(why)) => format!("sync failed: {why}"),
            None => {
                let when = match self.last_synced.as_deref().and_then(london) {
                    Some(at) if at.date() == today => format!("synced {}", at.format("%H:%M")),
                    Some(at) => format!("synced {}", at.format("%-d %b %H:%M")),
                    None => "not synced yet".to_string(),
                };
                if self.waiting > 0 { format!("{when} · {} waiting", self.waiting) } else { when }
            }
        }
    }

    /// What the header says when room is short: "3 waiting", "offline · 12 waiting", "refused".
    pub fn describe_short(&self) -> String {
        match (&self.trouble, self.syncing) {
            (_, true) => "syncing…".to_string(),
            (Some(Trouble::Offline), _) => format!("offline · {} waiting", self.waiting),
            (Some(Trouble::Refused(_)), _) => "sync refused".to_string(),
            (Some(Trouble::Failed(_)), _) => "sync failed".to_string(),
            (None, _) if self.waiting > 0 => format!("{} waiting", self.waiting),
            (None, _) => "synced".to_string(),
        }
    }
}

impl Trouble {
    /// The trouble a sync that did not finish had.
    pub fn of(failure: &SyncFailure) -> Trouble {
        match failure {
            SyncFailure::Server(SyncError::Offline(_)) => Trouble::Offline,
            SyncFailure::Server(SyncError::Refused(why)) => Trouble::Refused(one_line(why)),
            SyncFailure::Store(e) => Trouble::Failed(one_line(&e.to_string())),
        }
    }

    /// The trouble a stored error names: the library writes an unreachable server's as
    /// "offline: …", anything else is a refusal.
    pub fn from_error(error: &str) -> Trouble {
        match error.strip_prefix("offline:") {
            Some(_) => Trouble::Offline,
            None => Trouble::Refused(one_line(error)),
        }
    }
}

/// "1 change waiting", "12 changes waiting".
/// `text` on one line, its runs of white space (new lines included) made single spaces.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A UTC time as the library writes it (`YYYY-MM-DDTHH:MM:SSZ`), on London's clock.
fn london(utc: &str) -> Option<NaiveDateTime> {
    let at = NaiveDateTime::parse_from_str(utc, "%Y-%m-%dT%H:%M:%SZ").ok()?;
    Some(Utc.from_utc_datetime(&at).with_timezone(&London).naive_local())
}

/// Milliseconds since 1970 (UTC), as a change's stamp holds them, on London's clock.
pub fn london_millis(millis: i64) -> Option<NaiveDateTime> {
    Utc.timestamp_millis_opt(millis).single().map(|at| at.with_timezone(&London).naive_local())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn shared(waiting: i64, last_synced: Option<&str>, last_error: Option<&str>) -> SyncStatus {
        SyncStatus {
            server: Some("postgresql://plan.example.nhs.uk/mpplan".into()),
            author: "Ann".into(),
            waiting,
            last_synced: last_synced.map(Into::into),
            last_error: last_error.map(Into::into),
            last_seq: 0,
        }
    }

    #[test]
    fn a_plan_not_shared_has_no_state_at_all() {
        assert_eq!(Sharing::of(&SyncStatus::default()), None);
    }

    #[test]
    fn the_time_is_london_time_and_the_day_is_named_when_it_is_not_today() {
        // 09:41 UTC in June is 10:41 in London (BST); in November it is the same.
        let summer = Sharing::of(&shared(3, Some("2026-06-02T09:41:00Z"), None)).unwrap();
        assert_eq!(summer.describe(day("2026-06-02")), "synced 10:41 · 3 waiting");
        assert_eq!(summer.describe(day("2026-06-03")), "synced 2 Jun 10:41 · 3 waiting");
        let winter = Sharing::of(&shared(0, Some("2026-11-24T09:41:00Z"), None)).unwrap();
        assert_eq!(winter.describe(day("2026-11-24")), "synced 09:41");
        let never = Sharing::of(&shared(5, None, None)).unwrap();
        assert_eq!(never.describe(day("2026-11-24")), "not synced yet · 5 waiting");
    }

    #[test]
    fn a_sync_from_another_program_that_reached_the_server_clears_the_trouble() {
        let mut sharing = Sharing::of(&shared(12, None, Some("offline: connection refused"))).unwrap();
        sharing.read(&shared(13, None, Some("offline: connection refused")));
        assert_eq!(sharing.describe(day("2026-11-24")), "offline — 13 changes waiting");
        sharing.read(&shared(0, Some("2026-11-24T10:00:00Z"), None));
        assert_eq!(sharing.describe(day("2026-11-24")), "synced 10:00");
    }

    #[test]
    fn an_error_stored_by_an_earlier_run_is_taken_up() {
        let offline = Sharing::of(&shared(12, None, Some("offline: connection refused"))).unwrap();
        assert_eq!(offline.describe(day("2026-11-24")), "offline — 12 changes waiting");
        assert_eq!(offline.describe_short(), "offline · 12 waiting");
        let refused = Sharing::of(&shared(1, None, Some("password authentication failed\nfor user ann"))).unwrap();
        assert_eq!(refused.describe(day("2026-11-24")), "sync refused: password authentication failed for user ann");
        assert_eq!(refused.describe_short(), "sync refused");
    }
}
