//! A shared log held in memory: a stand-in for the server in tests, shared by the copies of one test.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use super::{SharedLog, SyncError};
use crate::domain::sync::op::Op;

/// A log several copies can hold at once (clones share it). `offline` makes it refuse, as a
/// server out of reach would.
#[derive(Debug, Clone, Default)]
pub struct MemoryLog {
    log: Arc<Mutex<Log>>,
    pub offline: bool,
}

#[derive(Debug, Default)]
struct Log {
    ops: Vec<Op>,
    ids: HashSet<String>,
}

impl MemoryLog {
    pub fn new() -> MemoryLog {
        MemoryLog::default()
    }

    /// How many operations the log holds.
    pub fn len(&self) -> usize {
        self.log.lock().unwrap_or_else(PoisonError::into_inner).ops.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn reachable(&self) -> Result<(), SyncError> {
        if self.offline { Err(SyncError::Offline("the test's server is out of reach".into())) } else { Ok(()) }
    }
}

impl SharedLog for MemoryLog {
    fn push(&mut self, ops: &[Op]) -> Result<usize, SyncError> {
        self.reachable()?;
        let mut log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        let mut added = 0;
        for op in ops {
            if log.ids.insert(op.id.clone()) {
                log.ops.push(op.clone());
                added += 1;
            }
        }
        Ok(added)
    }

    fn pull(&mut self, after: i64, limit: usize) -> Result<Vec<(i64, Op)>, SyncError> {
        self.reachable()?;
        let log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        let from = usize::try_from(after.max(0)).unwrap_or(usize::MAX);
        Ok(log.ops.iter().enumerate().skip(from).take(limit).map(|(i, op)| (i as i64 + 1, op.clone())).collect())
    }
}
