//! The invitation to one proposal for the MP's diary (`mpplan invite`): from the organisation, by
//! its name and email address, to the MP at the email address their card gives; a cancellation
//! once the proposal is cancelled. Nothing is changed.

use crate::domain::engagement::proposal::Proposal;
use crate::domain::interchange::ics_invite::{self, Invitation, Method, Person};
use crate::domain::reference::feeds::profile::Office;
use crate::domain::text::is_email;
use crate::shared::org::organisation_email;
use crate::shared::transfer::{PRODID, TransferError};
use crate::store::Store;

/// An invitation made: the proposal, who it goes to, and the file's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Invite {
    pub proposal: Proposal,
    pub invitation: Invitation,
    pub text: String,
}

impl Invite {
    /// Whether it is a cancellation.
    pub fn cancels(&self) -> bool {
        self.invitation.method == Method::Cancel
    }
}

/// The invitation to proposal `id`. Refused, in one line saying what to do, when there is no such
/// proposal, when its seat is vacant, when no email address is known for the MP, or when the
/// organisation has no email address of its own (`mpplan org set --email`).
pub fn invite(store: &Store, id: i64) -> Result<Invite, TransferError> {
    let usage = |m: String| Err(TransferError::Usage(m));
    let Some(proposal) = store.proposal(id)? else {
        return usage(format!("there is no proposal {id}; see mpplan proposals --all"));
    };
    let p = &proposal;
    if p.mp.trim().is_empty() {
        return usage(format!(
            "proposal {id} is for {}, whose seat is vacant: there is no MP to invite",
            p.constituency
        ));
    }
    let card = store.mp_card(&p.constituency_code)?;
    let email = card.as_ref().map(mp_email).unwrap_or_default();
    if email.is_empty() {
        return usage(format!(
            "no email address is known for {} ({}), so there is no one to send the invitation to; \
             `mpplan update` brings the MP's office addresses",
            p.mp, p.constituency
        ));
    }
    if !is_email(&email) {
        return usage(format!("{}'s email address \"{email}\" is not one an invitation can be sent to", p.mp));
    }
    let Some(from) = organisation_email(store)? else {
        return usage(
            "an invitation comes from your organisation's email address, and none is set; \
             set it with `mpplan org set --email ADDRESS`"
                .into(),
        );
    };
    let Some(provenance) = store.provenance_of(id)? else {
        return usage(format!("there is no proposal {id}; see mpplan proposals --all"));
    };
    let organiser = Person { name: store.organisation()?.name, email: from };
    let attendee = Person { name: p.mp.to_string(), email };
    let invitation = Invitation::for_proposal(p, &provenance, organiser, attendee);
    let text = ics_invite::invitation(PRODID, &invitation);
    Ok(Invite { proposal, invitation, text })
}

/// The MP's email address: the card's own, else the Westminster office's, else any office's.
fn mp_email(card: &crate::domain::views::MpCard) -> String {
    let offices = &card.profile.contacts;
    let office = |kind: Option<Office>| {
        offices.iter().find(|c| kind.is_none_or(|k| c.office() == k) && !c.email.trim().is_empty())
    };
    Some(card.summary.email.trim())
        .filter(|e| !e.is_empty())
        .or_else(|| office(Some(Office::Westminster)).map(|c| c.email.trim()))
        .or_else(|| office(None).map(|c| c.email.trim()))
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::calendar::ProposalKind;
    use crate::domain::engagement::proposal::{NewProposal, ProposalStatus};
    use crate::shared::org::set_organisation_email;
    use crate::store::test_store;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn propose(store: &mut Store, code: &str) -> i64 {
        let at = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let new = NewProposal::timed(code, ProposalKind::Visit, at("2026-11-27 10:00"), at("2026-11-27 11:00"));
        store.add_proposal(&new, day()).unwrap().0.id
    }

    #[test]
    fn an_invitation_needs_the_organisations_email_and_becomes_a_cancellation() {
        let mut store = test_store();
        let id = propose(&mut store, "E14001323");
        let err = invite(&store, id).unwrap_err().to_string();
        assert!(err.contains("mpplan org set --email ADDRESS"), "{err}");
        set_organisation_email(&mut store, "pa@leedsth.nhs.uk").unwrap();
        let made = invite(&store, id).unwrap();
        assert!(!made.cancels());
        assert!(made.text.contains("METHOD:REQUEST\r\n"), "{}", made.text);
        assert!(made.text.contains("ORGANIZER:mailto:pa@leedsth.nhs.uk\r\n"), "no name set, no CN: {}", made.text);
        assert_eq!(made.invitation.attendee.name, *made.proposal.mp);
        assert!(is_email(&made.invitation.attendee.email), "{}", made.invitation.attendee.email);
        assert!(made.text.contains("SEQUENCE:0\r\n"), "{}", made.text);
        store.set_proposal_status(id, ProposalStatus::Cancelled, day()).unwrap();
        let made = invite(&store, id).unwrap();
        assert!(made.cancels() && made.text.contains("METHOD:CANCEL\r\n"));
        assert!(made.text.contains("SEQUENCE:1\r\n"), "a cancellation outranks the invitation: {}", made.text);
    }

    #[test]
    fn no_proposal_is_refused_in_one_line() {
        let store = test_store();
        let err = invite(&store, 99).unwrap_err().to_string();
        assert_eq!(err, "there is no proposal 99; see mpplan proposals --all");
    }
}
