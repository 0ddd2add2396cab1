//! Team sync (DESIGN.md §9): the shared log every copy pushes its changes to and pulls the others'
//! from. `engine` runs one sync against any log; `memory` is a log held in memory, for tests;
//! `postgres` is the organisation's PostgreSQL.

pub mod engine;
pub mod memory;
pub mod postgres;

use std::sync::Arc;

use crate::domain::sync::op::Op;
use postgres::{Passwords, PgLog, Target};

impl<L: SharedLog + ?Sized> SharedLog for Box<L> {
    fn push(&mut self, ops: &[Op]) -> Result<usize, SyncError> {
        (**self).push(ops)
    }

    fn pull(&mut self, after: i64, limit: usize) -> Result<Vec<(i64, Op)>, SyncError> {
        (**self).pull(after, limit)
    }
}

/// Opens the shared log, each time a sync needs it: from another thread (the screens sync in the
/// background), so never asking for a password.
pub type Connect = Arc<dyn Fn() -> Result<Box<dyn SharedLog + Send>, SyncError> + Send + Sync>;

/// Connects to the shared plan at `server` (as `sync join` saved it) without asking anything: the
/// password comes from PGPASSWORD or the password file.
pub fn connect_to(server: &str) -> Connect {
    let server = server.to_string();
    Arc::new(move || {
        let target = Target::parse(&server)?;
        let log = PgLog::connect(target, &Passwords::from_env(false))?;
        Ok(Box::new(log) as Box<dyn SharedLog + Send>)
    })
}

/// Why talking to the shared log failed.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The server cannot be reached now (no network, the server down or restarting): the changes
    /// wait, and the next sync tries again.
    #[error("offline: {0}")]
    Offline(String),
    /// The server answered but refused (a password, a certificate, permissions, no shared schema):
    /// someone must act before syncing works.
    #[error("{0}")]
    Refused(String),
}

/// What the screens and the command line say while the server cannot be reached: "offline — 12
/// changes waiting".
pub fn offline_waiting(waiting: i64) -> String {
    match waiting {
        0 => "offline — nothing waiting".to_string(),
        1 => "offline — 1 change waiting".to_string(),
        n => format!("offline — {n} changes waiting"),
    }
}

/// The shared, append-only log of operations. Each operation is kept once (by its id), in the
/// order the server accepted it, numbered by a sequence that only rises.
pub trait SharedLog {
    /// Appends the operations the log does not have yet (by id), in order, all or none. Pushing
    /// the same operations again changes nothing. Returns how many were new.
    fn push(&mut self, ops: &[Op]) -> Result<usize, SyncError>;

    /// Up to `limit` operations numbered after `after`, in order, with their numbers. An operation
    /// numbered lower than one returned is never added later.
    fn pull(&mut self, after: i64, limit: usize) -> Result<Vec<(i64, Op)>, SyncError>;
}
