//! A proposal's status keys (confirm, held, cancel), the same on Today and the Week: the change
//! each asks for, or a word that the proposal has that status already.

use super::Command;
use crate::domain::engagement::proposal::{Proposal, ProposalStatus};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::change::{Change, proposal_named};

/// The status a status key gives.
pub fn of(action: Action) -> ProposalStatus {
    match action {
        Action::MarkHeld => ProposalStatus::Held,
        Action::CancelProposal => ProposalStatus::Cancelled,
        _ => ProposalStatus::Confirmed,
    }
}

/// The change that gives `proposal` the status `status`, or a word that it has it already.
pub fn set(app: &mut App, proposal: &Proposal, status: ProposalStatus) -> Vec<Command> {
    let what = proposal_named(proposal);
    if proposal.status == status {
        app.info(format!("{what} is already {status}."));
        return Vec::new();
    }
    vec![Command::Apply(Change::Status {
        id: proposal.id,
        code: proposal.constituency_code.clone(),
        what,
        before: proposal.status,
        after: status,
        ticked: None,
    })]
}
