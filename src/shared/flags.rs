//! Proposals with their flags, read with the organisation's other proposals that may overlap them
//! (those starting from the day before each one to the day after it ends), so that a list filtered
//! by seat, status or week still shows every clash.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::domain::calendar::CalendarData;
use crate::domain::engagement::flagged::{FlaggedProposal, flag_proposals};
use crate::domain::engagement::proposal::{Proposal, ProposalFilter, ProposalStatus};
use crate::store::{Store, StoreError};

/// The organisation's proposals, other than `shown`, that may overlap one of `shown`: those that
/// start from the day before one of them starts to the day after it ends. Read in as few queries
/// as the days allow.
pub fn nearby(store: &Store, shown: &[Proposal]) -> Result<Vec<Proposal>, StoreError> {
    let mut spans: Vec<(NaiveDate, NaiveDate)> = shown
        .iter()
        .filter(|p| p.status != ProposalStatus::Cancelled)
        .map(|p| {
            let (first, last) = (p.start.date(), p.end.date());
            (first.pred_opt().unwrap_or(first), last.succ_opt().unwrap_or(last))
        })
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for (first, last) in spans {
        match merged.last_mut() {
            Some(span) if first <= span.1.succ_opt().unwrap_or(span.1) => span.1 = span.1.max(last),
            _ => merged.push((first, last)),
        }
    }
    let ids: HashSet<i64> = shown.iter().map(|p| p.id).collect();
    let mut found = Vec::new();
    for (first, last) in merged {
        let filter = ProposalFilter { from: Some(first), to: Some(last), ..Default::default() };
        found.extend(store.proposals(&filter)?.into_iter().filter(|p| !ids.contains(&p.id)));
    }
    Ok(found)
}

/// `shown` flagged against `calendar` and raised by their overlaps with each other and with the
/// organisation's other proposals ([`nearby`]), in the same order.
pub fn flagged(store: &Store, calendar: &CalendarData, shown: &[Proposal]) -> Result<Vec<FlaggedProposal>, StoreError> {
    Ok(flag_proposals(shown, &nearby(store, shown)?, calendar))
}
