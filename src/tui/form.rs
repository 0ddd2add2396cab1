//! The proposal form: adding or editing a meeting, visit or event.
//! (Being written: fields, validation, the live flag and the clear-slot suggestion.)

use chrono::NaiveDate;

use crate::domain::proposal::Proposal;

#[derive(Debug, Clone, PartialEq)]
pub struct ProposalForm {
    /// The proposal being edited; none when adding.
    pub editing: Option<Proposal>,
    /// The seat: (ONS code, label shown).
    pub mp: Option<(String, String)>,
    pub date: NaiveDate,
}

impl ProposalForm {
    /// A form for a new proposal, with the MP if known and the day to start from.
    pub fn new(mp: Option<(String, String)>, date: NaiveDate) -> ProposalForm {
        ProposalForm { editing: None, mp, date }
    }

    /// A form filled in from a stored proposal.
    pub fn edit(p: &Proposal) -> ProposalForm {
        ProposalForm {
            editing: Some(p.clone()),
            mp: Some((p.constituency_code.clone(), p.constituency.clone())),
            date: p.start.date(),
        }
    }
}
