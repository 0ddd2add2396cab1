//! The sync of a shared plan while the screens are open: on starting, every few minutes, when
//! asked, and once more on quitting. It runs on a thread of its own with its own connection to
//! the database and its own to the server, so a slow or dead server never holds up a key; it
//! never asks for a password. What each sync did comes back to the loop as a [`Synced`] report,
//! for `update`; the rows it wrote reach the screens as any other program's writes do.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::sharing::{Synced, Trouble};
use crate::shared::sync::Connect;
use crate::shared::sync::engine::{self, SyncReport};
use crate::store::Store;

/// How often the plan is synced while the screens are open.
pub const EVERY: Duration = Duration::from_secs(5 * 60);

/// The longest quitting waits for the last sync (reaching a dead server gives up after 5 s).
pub const LAST_WAIT: Duration = Duration::from_secs(3);

/// What the loop asks of the worker.
enum Ask {
    /// Sync now rather than at the next turn.
    Now,
    /// Sync once more, then stop.
    Last,
}

/// The thread that syncs, and the two ends the loop talks to it through.
pub struct Worker {
    asks: Sender<Ask>,
    reports: Receiver<Synced>,
}

impl Worker {
    /// Starts syncing the database at `db` through `connect`: at once, then every `every`.
    pub fn start(db: &Path, connect: Connect, every: Duration) -> Worker {
        let (asks, asked) = mpsc::channel();
        let (report, reports) = mpsc::channel();
        let db = db.to_path_buf();
        std::thread::Builder::new()
            .name("mpplan-sync".into())
            .spawn(move || work(&db, &connect, every, &asked, &report))
            .map_err(|e| tracing::warn!(error = %e, "the background sync did not start"))
            .ok();
        Worker { asks, reports }
    }

    /// Asks for a sync now (one already running finishes first).
    pub fn sync_now(&self) {
        let _ = self.asks.send(Ask::Now);
    }

    /// What the worker has reported since last asked, without waiting.
    pub fn reports(&self) -> Vec<Synced> {
        self.reports.try_iter().collect()
    }

    /// Asks for a last sync and waits for the worker to finish it, `wait` at most; each report is
    /// handed to `heard` as it comes. Returns whether the worker finished in time: if not, it is
    /// left behind, and stops with the program.
    pub fn finish(self, wait: Duration, mut heard: impl FnMut(Synced)) -> bool {
        let _ = self.asks.send(Ask::Last);
        let until = Instant::now() + wait;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match self.reports.recv_timeout(left) {
                Ok(report) => heard(report),
                Err(RecvTimeoutError::Disconnected) => return true,
                Err(RecvTimeoutError::Timeout) => return false,
            }
        }
    }
}

/// The worker's life: sync, then wait for the next turn or an ask, until the last sync is done or
/// the loop has gone.
fn work(db: &Path, connect: &Connect, every: Duration, asked: &Receiver<Ask>, report: &Sender<Synced>) {
    let mut store = match Store::open(db) {
        Ok(store) => store,
        Err(e) => {
            tracing::warn!(error = %e, "the background sync could not open the database");
            let failed = Trouble::Failed(super::sharing::one_line(&e.to_string()));
            let _ = report.send(Synced::Finished { result: Err(failed), status: None });
            return;
        }
    };
    let mut last = false;
    loop {
        if report.send(Synced::Started).is_err() {
            return;
        }
        let result = once(&mut store, connect);
        let status = store.sync_status().ok();
        if report.send(Synced::Finished { result, status }).is_err() || last {
            return;
        }
        match asked.recv_timeout(every) {
            Ok(Ask::Last) => last = true,
            Ok(Ask::Now) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        // Asks made while a sync ran are met by the next one.
        last |= asked.try_iter().any(|ask| matches!(ask, Ask::Last));
    }
}

/// One sync. A server that cannot be reached is noted in the store as the library notes it, so
/// `mpplan sync status` and the next run say so too.
fn once(store: &mut Store, connect: &Connect) -> Result<SyncReport, Trouble> {
    engine::connect_and_sync(store, || connect()).map_err(|failure| {
        tracing::info!(error = %failure, "the background sync did not finish");
        Trouble::of(&failure)
    })
}
