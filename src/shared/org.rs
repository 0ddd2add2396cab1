//! Adding one of the organisation's sites, as `mpplan org site add` and the organisation form both
//! do: its postcode is looked up, the best-matching seat is tracked and its item 1.1 (seat confirmed
//! from a site's postcode) ticked, all in one transaction; what was done is reported, so that the
//! command line can say it and the screens can take it back.

use chrono::NaiveDate;

use crate::domain::engagement::checklist::{Entry, ItemState};
use crate::domain::mps::postcode::Postcode;
use crate::domain::text::{is_email, printable};
use crate::domain::views::{PostcodeLookup, Site, TrackOutcome};
use crate::store::{Result, Store, StoreError};

/// The checklist item a site's postcode completes.
pub const SEAT_CONFIRMED: &str = "1.1";

/// The setting holding the organisation's email address, the organiser of invitations.
pub const ORGANISATION_EMAIL: &str = "organisation_email";

/// The organisation's email address, if one is set.
pub fn organisation_email(store: &Store) -> Result<Option<String>> {
    Ok(store.setting(ORGANISATION_EMAIL)?.map(|e| e.trim().to_string()).filter(|e| !e.is_empty()))
}

/// Sets the organisation's email address (trimmed; empty clears it). One that is not an email
/// address is refused, and then nothing is written.
pub fn set_organisation_email(store: &mut Store, email: &str) -> Result<()> {
    let email = email.trim();
    if !email.is_empty() && !is_email(email) {
        return Err(StoreError::Invalid(format!(
            "\"{}\" is not an email address: give one such as office@trust.nhs.uk (or \"\" to clear it)",
            printable(email)
        )));
    }
    store.set_setting(ORGANISATION_EMAIL, email)
}

/// A site added, and what adding it did.
#[derive(Debug, Clone, PartialEq)]
pub struct AddedSite {
    /// The site as stored: its postcode as the lookup wrote it, and its seat if one was found.
    pub site: Site,
    /// What the postcode found, best match first.
    pub found: PostcodeLookup,
    /// How the seat came to be tracked; none when no seat was found.
    pub tracked: Option<TrackOutcome>,
    /// Item 1.1 of the seat as it was and as it became, when adding the site changed it.
    pub ticked: Option<(Entry, Entry)>,
}

/// Adds the site `name` at `postcode` (as typed), tracking the seat its postcode is best placed in.
/// A postcode that is not one, or that no seat is known for, and a name already taken are
/// refused, and then nothing is written.
pub fn add_site(store: &mut Store, name: &str, postcode: &str, today: NaiveDate) -> Result<AddedSite> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StoreError::Invalid("a site needs a name, e.g. \"Main hospital\"".into()));
    }
    let parsed = Postcode::parse(postcode).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let found = store.lookup_postcode(&parsed)?;
    let best = found.matches.first().map(|m| (m.constituency_code.clone(), m.constituency.clone()));
    let code = best.as_ref().map(|(code, _)| code.as_str());
    store.all_or_nothing(|store| {
        let before = match code {
            Some(code) => Some(seat_confirmed(store, code)?),
            None => None,
        };
        let tracked = store.add_site(name, &found.postcode, code, today)?;
        let ticked = match (code, before) {
            (Some(code), Some(before)) => {
                let after = seat_confirmed(store, code)?;
                (after != before).then_some((before, after))
            }
            _ => None,
        };
        let (constituency_code, constituency) = best.clone().unzip();
        let site = Site { name: name.to_string(), postcode: found.postcode.clone(), constituency_code, constituency };
        Ok(AddedSite { site, found: found.clone(), tracked, ticked })
    })
}

/// Item 1.1 of the seat `code`, as stored, or as a new engagement would start it.
fn seat_confirmed(store: &Store, code: &str) -> Result<Entry> {
    Ok(store.checklist(code)?.into_iter().find(|e| e.key == SEAT_CONFIRMED).unwrap_or(Entry {
        key: SEAT_CONFIRMED.into(),
        state: ItemState::Todo,
        done_on: None,
        note: String::new(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_store;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn the_organisations_email_is_checked_and_can_be_cleared() {
        let mut store = test_store();
        assert_eq!(organisation_email(&store).unwrap(), None);
        set_organisation_email(&mut store, " pa@leedsth.nhs.uk ").unwrap();
        assert_eq!(organisation_email(&store).unwrap().as_deref(), Some("pa@leedsth.nhs.uk"));
        let err = set_organisation_email(&mut store, "pa at leeds").unwrap_err().to_string();
        assert!(err.starts_with("\"pa at leeds\" is not an email address"), "{err}");
        assert_eq!(organisation_email(&store).unwrap().as_deref(), Some("pa@leedsth.nhs.uk"), "unchanged");
        set_organisation_email(&mut store, "").unwrap();
        assert_eq!(organisation_email(&store).unwrap(), None);
    }

    #[test]
    fn a_site_tracks_its_seat_and_says_what_it_ticked() {
        let mut store = test_store();
        let added = add_site(&mut store, " Main hospital ", "ls9 7tf", day()).unwrap();
        assert_eq!(added.site.name, "Main hospital");
        assert_eq!(added.site.postcode, "LS9 7TF");
        assert_eq!(added.site.constituency.as_deref(), Some("Leeds South"));
        assert_eq!(added.tracked, Some(TrackOutcome::Started));
        let (before, after) = added.ticked.unwrap();
        assert_eq!((before.state, after.state, after.done_on), (ItemState::Todo, ItemState::Done, Some(day())));
        assert_eq!(store.sites().unwrap(), [added.site]);

        let again = add_site(&mut store, "Clinic", "LS9 7TF", day()).unwrap();
        assert_eq!((again.tracked, again.ticked), (Some(TrackOutcome::AlreadyTracked), None), "1.1 was done");
    }

    #[test]
    fn a_bad_postcode_or_name_writes_nothing() {
        let mut store = test_store();
        for (name, postcode) in [("Main hospital", "not a postcode"), ("Main hospital", "ZZ9 9ZZ"), (" ", "LS9 7TF")] {
            let e = add_site(&mut store, name, postcode, day()).unwrap_err();
            assert!(e.is_user_error(), "{e}");
        }
        assert!(store.sites().unwrap().is_empty());
        assert_eq!(store.engagement("E14001323").unwrap(), None);
    }
}
