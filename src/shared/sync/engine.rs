//! One sync: push the changes waiting here, then pull everyone's after the last one pulled and
//! write them into the plan. Pushing is idempotent and each batch pulled is written in one
//! transaction with its number, so a sync stopped at any point (the machine off, the server gone)
//! loses and duplicates nothing: the next one carries on.

use chrono::Utc;

use super::{SharedLog, SyncError};
use crate::store::{Store, StoreError};

/// How many operations go to the server, and come from it, at a time.
pub const BATCH: usize = 2000;

/// What one sync did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SyncReport {
    /// Changes made here that the server took.
    pub pushed: usize,
    /// Changes from the server new to this copy.
    pub pulled: usize,
    /// Rows written, deleted or brought back by them.
    pub rows: usize,
    /// Changes newly found to have lost unseen.
    pub conflicts: usize,
}

/// Why a sync did not finish.
#[derive(Debug, thiserror::Error)]
pub enum SyncFailure {
    #[error(transparent)]
    Server(#[from] SyncError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncFailure {
    /// Whether the server could not be reached (the changes wait for the next sync).
    pub fn is_offline(&self) -> bool {
        matches!(self, SyncFailure::Server(SyncError::Offline(_)))
    }
}

/// Pushes what waits here, pulls what is new, and notes the outcome in the store.
pub fn sync(store: &mut Store, log: &mut dyn SharedLog) -> Result<SyncReport, SyncFailure> {
    let outcome = push_and_pull(store, log);
    match &outcome {
        Ok(_) => store.sync_outcome(&now(), None)?,
        Err(SyncFailure::Server(e)) => store.sync_outcome(&now(), Some(&e.to_string()))?,
        Err(SyncFailure::Store(_)) => {}
    }
    outcome
}

/// Connects with `connect`, then syncs; a server that cannot be reached is noted in the store as a
/// sync that failed part-way is.
pub fn connect_and_sync<L: SharedLog>(
    store: &mut Store,
    connect: impl FnOnce() -> Result<L, SyncError>,
) -> Result<SyncReport, SyncFailure> {
    match connect() {
        Ok(mut log) => sync(store, &mut log),
        Err(e) => {
            store.sync_outcome(&now(), Some(&e.to_string()))?;
            Err(SyncFailure::Server(e))
        }
    }
}

/// Now, in UTC, as the store keeps it.
fn now() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn push_and_pull(store: &mut Store, log: &mut dyn SharedLog) -> Result<SyncReport, SyncFailure> {
    let mut report = SyncReport::default();
    loop {
        let waiting = store.sync_waiting(BATCH)?;
        if waiting.is_empty() {
            break;
        }
        log.push(&waiting)?;
        pause_for_tests("pushed");
        let ids: Vec<String> = waiting.into_iter().map(|op| op.id).collect();
        store.sync_pushed(&ids)?;
        report.pushed += ids.len();
    }
    loop {
        let after = store.sync_status()?.last_seq;
        let pulled = log.pull(after, BATCH)?;
        if pulled.is_empty() {
            break;
        }
        pause_for_tests("pulled");
        let applied = store.sync_apply(&pulled)?;
        report.pulled += applied.new;
        report.rows += applied.rows;
        report.conflicts += applied.conflicts;
    }
    Ok(report)
}

/// For the tests that stop a sync part-way: with `MPPLAN_TEST_SYNC_PAUSE` set to `pushed:FILE`
/// (after the server took a batch, before this copy notes it) or `pulled:FILE` (after a batch came,
/// before it is written), creates FILE when there and waits while it is there (a minute at most),
/// for the test to kill this process or restart the server.
fn pause_for_tests(at: &str) {
    let Ok(pause) = std::env::var("MPPLAN_TEST_SYNC_PAUSE") else { return };
    let Some((point, file)) = pause.split_once(':') else { return };
    if point != at || std::fs::write(file, at).is_err() {
        return;
    }
    let started = std::time::Instant::now();
    while std::path::Path::new(file).exists() && started.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveDateTime};

    use super::*;
    use crate::domain::calendar::ProposalKind;
    use crate::domain::engagement::checklist::{Entry, ItemState, entry_key};
    use crate::domain::engagement::proposal::{NewProposal, ProposalFilter, ProposalStatus};
    use crate::domain::views::OrganisationUpdate;
    use crate::shared::sync::memory::MemoryLog;
    use crate::store::test_store;

    const LEEDS: &str = "E14001323";

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn joined(author: &str) -> Store {
        let mut store = test_store();
        store.sync_join("memory", author).unwrap();
        store
    }

    fn json(store: &Store) -> String {
        let mut out = Vec::new();
        store.write_plan_export(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Ann and Bob, both with the visit Ann proposed.
    fn both_with_a_visit() -> (MemoryLog, Store, Store) {
        let log = MemoryLog::new();
        let (mut ann, mut bob) = (joined("Ann"), joined("Bob"));
        let visit = NewProposal::timed(LEEDS, ProposalKind::Visit, at("2027-01-08 10:00"), at("2027-01-08 11:00"));
        ann.add_proposal(&visit, day()).unwrap();
        sync(&mut ann, &mut log.clone()).unwrap();
        sync(&mut bob, &mut log.clone()).unwrap();
        (log, ann, bob)
    }

    fn proposals(store: &Store) -> Vec<crate::domain::engagement::proposal::Proposal> {
        let filter = ProposalFilter { constituency_code: Some(LEEDS.into()), ..Default::default() };
        store.proposals(&filter).unwrap()
    }

    fn tick(store: &mut Store, key: &str, note: &str) {
        let entry = Entry { key: entry_key(key), state: ItemState::Done, done_on: Some(day()), note: note.into() };
        store.set_checklist_entry(LEEDS, &entry).unwrap();
    }

    #[test]
    fn a_fresh_copy_gets_the_whole_plan_and_both_hold_the_same() {
        let log = MemoryLog::new();
        let mut ann = test_store();
        ann.track(LEEDS, day()).unwrap();
        tick(&mut ann, "1.1", "found by postcode");
        let visit = NewProposal::timed(LEEDS, ProposalKind::Visit, at("2027-01-08 10:00"), at("2027-01-08 11:00"));
        ann.add_proposal(&visit, day()).unwrap();
        let org = OrganisationUpdate { name: Some("Leeds Teaching Hospitals".into()), ..Default::default() };
        ann.update_organisation(&org).unwrap();
        // A plan made before joining is shared whole.
        assert!(ann.sync_join("memory", "Ann").unwrap() >= 4);
        let report = sync(&mut ann, &mut log.clone()).unwrap();
        assert_eq!(ann.sync_status().unwrap().waiting, 0);
        assert!(report.pushed >= 4, "{report:?}");

        let mut bob = joined("Bob");
        let report = sync(&mut bob, &mut log.clone()).unwrap();
        assert!(report.rows >= 4, "{report:?}");
        assert_eq!(json(&bob), json(&ann));
        assert!(json(&bob).contains("Leeds Teaching Hospitals"));
        // Bob sees who ticked the item; Ann sees it as hers.
        let item =
            crate::domain::sync::identity::checklist_item(&crate::domain::sync::identity::engagement(LEEDS), "1.1");
        assert_eq!(bob.sync_changed_by_other("checklist_items", &item).unwrap().as_deref(), Some("Ann"));
        assert_eq!(ann.sync_changed_by_other("checklist_items", &item).unwrap(), None);
        let others = bob.changed_by_others(LEEDS).unwrap();
        assert_eq!(others.checklist.get("1.1").map(String::as_str), Some("Ann"));
        assert!(ann.changed_by_others(LEEDS).unwrap().checklist.is_empty(), "Ann's own changes are not named");
        assert_eq!(others.checklist.len(), 1, "items still to do are named by no one: {others:?}");
        // Syncing again changes nothing.
        assert_eq!(sync(&mut bob, &mut log.clone()).unwrap(), SyncReport::default());
    }

    #[test]
    fn the_same_item_ticked_apart_is_one_row_and_the_note_that_lost_is_kept() {
        let log = MemoryLog::new();
        let (mut ann, mut bob) = (joined("Ann"), joined("Bob"));
        // Both track the seat and tick 1.1 offline, with different notes.
        ann.track(LEEDS, day()).unwrap();
        tick(&mut ann, "1.1", "Ann's note");
        bob.track(LEEDS, day()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
        tick(&mut bob, "1.1", "Bob's note");
        for _ in 0..2 {
            sync(&mut ann, &mut log.clone()).unwrap();
            sync(&mut bob, &mut log.clone()).unwrap();
        }
        assert_eq!(json(&ann), json(&bob));
        assert_eq!(json(&ann).matches("\"item_key\": \"1.1\"").count(), 1, "one row:\n{}", json(&ann));
        assert!(json(&ann).contains("Bob's note"), "the later tick wins");
        for store in [&ann, &bob] {
            let conflicts = store.sync_conflicts(Some(LEEDS)).unwrap();
            let note = conflicts.iter().find(|c| c.field == "note").expect("the note that lost is kept");
            assert_eq!((note.lost.as_str(), note.lost_author.as_str()), ("Ann's note", "Ann"));
            assert_eq!((note.kept.as_str(), note.kept_author.as_str()), ("Bob's note", "Bob"));
            assert_eq!(note.what, "step 1.1");
        }
    }

    #[test]
    fn one_moves_a_proposal_while_the_other_cancels_it_and_both_changes_hold() {
        let (log, mut ann, mut bob) = both_with_a_visit();
        let id_of = |s: &Store| proposals(s)[0].id;
        let (a, b) = (id_of(&ann), id_of(&bob));
        ann.move_proposal(a, at("2027-01-08 14:00"), at("2027-01-08 15:00")).unwrap();
        bob.set_proposal_status(b, ProposalStatus::Cancelled, day()).unwrap();
        for _ in 0..2 {
            sync(&mut bob, &mut log.clone()).unwrap();
            sync(&mut ann, &mut log.clone()).unwrap();
        }
        assert_eq!(json(&ann), json(&bob));
        let p = &proposals(&ann)[0];
        assert_eq!((p.start, p.status), (at("2027-01-08 14:00"), ProposalStatus::Cancelled));
        assert!(ann.sync_conflicts(None).unwrap().is_empty(), "different fields do not conflict");
    }

    #[test]
    fn a_deletion_travels_and_its_undo_brings_the_row_back_everywhere() {
        let (log, mut ann, mut bob) = both_with_a_visit();
        let proposal = proposals(&ann).remove(0);
        ann.remove_proposal(proposal.id).unwrap();
        sync(&mut ann, &mut log.clone()).unwrap();
        sync(&mut bob, &mut log.clone()).unwrap();
        assert!(proposals(&bob).is_empty(), "the deletion reached Bob");
        ann.restore_proposal(&proposal, day()).unwrap();
        sync(&mut ann, &mut log.clone()).unwrap();
        sync(&mut bob, &mut log.clone()).unwrap();
        assert_eq!(proposals(&bob).len(), 1, "the undo reached Bob");
        assert_eq!(json(&ann), json(&bob));
    }

    #[test]
    fn a_backup_restored_into_a_shared_copy_reaches_the_team() {
        let log = MemoryLog::new();
        let mut old = test_store();
        old.track(LEEDS, day()).unwrap();
        let visit = NewProposal::timed(LEEDS, ProposalKind::Visit, at("2027-01-08 10:00"), at("2027-01-08 11:00"));
        old.add_proposal(&visit, day()).unwrap();
        let backup = old.plan_export().unwrap();
        let (mut ann, mut bob) = (joined("Ann"), joined("Bob"));
        ann.import_plan(&backup, false).unwrap();
        sync(&mut ann, &mut log.clone()).unwrap();
        sync(&mut bob, &mut log.clone()).unwrap();
        assert_eq!(proposals(&bob).len(), 1);
        assert_eq!(json(&bob), json(&ann));
    }

    #[test]
    fn offline_the_changes_wait_and_the_reason_is_kept() {
        let mut log = MemoryLog::new();
        let mut ann = joined("Ann");
        ann.track(LEEDS, day()).unwrap();
        log.offline = true;
        let failure = sync(&mut ann, &mut log).unwrap_err();
        assert!(failure.is_offline());
        let status = ann.sync_status().unwrap();
        assert!(status.waiting > 0);
        assert!(status.last_error.unwrap().starts_with("offline"));
        log.offline = false;
        sync(&mut ann, &mut log).unwrap();
        let status = ann.sync_status().unwrap();
        assert_eq!((status.waiting, status.last_error), (0, None));
        assert!(status.last_synced.is_some());
    }
}
