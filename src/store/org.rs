//! The organisation (one per database) and its sites.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::engagements::{complete_item_in, track_in};
use super::{Result, Store, StoreError, new_uuid};
use crate::domain::limits::{Field, check_all};
use crate::domain::sync::identity;
use crate::domain::views::{Organisation, OrganisationUpdate, Site, TrackOutcome};

impl Store {
    /// The organisation's details; all empty until set.
    pub fn organisation(&self) -> Result<Organisation> {
        Ok(self
            .conn
            .query_row("SELECT name, address, chief_executive, chair FROM organisation WHERE id = 1", [], |r| {
                Ok(Organisation { name: r.get(0)?, address: r.get(1)?, chief_executive: r.get(2)?, chair: r.get(3)? })
            })
            .optional()?
            .unwrap_or_default())
    }

    pub fn update_organisation(&mut self, update: &OrganisationUpdate) -> Result<Organisation> {
        update.check_lengths()?;
        self.write_or_join(|tx| {
            tx.execute("INSERT OR IGNORE INTO organisation (id, uuid) VALUES (1, ?1)", [new_uuid()])?;
            tx.execute(
                "UPDATE organisation SET name = coalesce(?1, name), address = coalesce(?2, address),
                     chief_executive = coalesce(?3, chief_executive), chair = coalesce(?4, chair),
                     updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE id = 1",
                params![update.name, update.address, update.chief_executive, update.chair],
            )?;
            Ok(())
        })?;
        self.organisation()
    }

    /// Adds a site. When its postcode places it in a constituency, that seat is tracked and its
    /// first checklist item (seat confirmed from a site's postcode) is ticked, in the same transaction.
    pub fn add_site(
        &mut self,
        name: &str,
        postcode: &str,
        constituency: Option<&str>,
        today: NaiveDate,
    ) -> Result<Option<TrackOutcome>> {
        check_all([(Field::SiteName, name), (Field::Postcode, postcode)])?;
        self.write_or_join(|tx| {
            let taken: bool =
                tx.query_row("SELECT count(*) > 0 FROM sites WHERE name = ?1 COLLATE NOCASE", [name], |r| r.get(0))?;
            if taken {
                return Err(StoreError::Invalid(format!(
                    "a site named \"{name}\" already exists; choose another name or remove it first"
                )));
            }
            tx.execute(
                "INSERT INTO sites (uuid, name, postcode, constituency_code) VALUES (?1, ?2, ?3, ?4)",
                params![identity::site(name), name, postcode, constituency],
            )?;
            let Some(code) = constituency else { return Ok(None) };
            let outcome = track_in(tx, code, today)?;
            complete_item_in(tx, code, "1.1", today, &format!("From the postcode of {name} ({postcode})"))?;
            Ok(Some(outcome))
        })
    }

    /// Puts back a site as it was stored (undoing its removal), with the seat it was placed in,
    /// without tracking that seat or ticking anything.
    pub fn restore_site(&mut self, site: &Site) -> Result<()> {
        check_all([(Field::SiteName, site.name.as_str()), (Field::Postcode, site.postcode.as_str())])?;
        self.write_or_join(|tx| {
            tx.execute(
                "INSERT INTO sites (uuid, name, postcode, constituency_code) VALUES (?1, ?2, ?3, ?4)",
                params![identity::site(&site.name), site.name, site.postcode, site.constituency_code],
            )?;
            Ok(())
        })
    }

    pub fn sites(&self) -> Result<Vec<Site>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.name, s.postcode, s.constituency_code, c.name
             FROM sites s LEFT JOIN constituencies c ON c.code = s.constituency_code
             ORDER BY s.name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Site { name: r.get(0)?, postcode: r.get(1)?, constituency_code: r.get(2)?, constituency: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes the site named `name` (any case). The engagement it led to is kept.
    pub fn remove_site(&mut self, name: &str) -> Result<Site> {
        let site = self.sites()?.into_iter().find(|s| s.name.eq_ignore_ascii_case(name)).ok_or_else(|| {
            StoreError::Invalid(format!("there is no site named \"{name}\"; see mpplan org site list"))
        })?;
        self.write_or_join(|tx| {
            tx.execute("DELETE FROM sites WHERE name = ?1 COLLATE NOCASE", [name])?;
            Ok(())
        })?;
        Ok(site)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn organisation_fields_update_independently() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.organisation().unwrap(), Organisation::default());
        store
            .update_organisation(&OrganisationUpdate {
                name: Some("Leeds Teaching Hospitals".into()),
                ..Default::default()
            })
            .unwrap();
        let org = store
            .update_organisation(&OrganisationUpdate { chair: Some("A Chair".into()), ..Default::default() })
            .unwrap();
        assert_eq!(org.name, "Leeds Teaching Hospitals");
        assert_eq!(org.chair, "A Chair");
    }

    #[test]
    fn a_site_tracks_its_seat_and_ticks_the_first_item() {
        let mut store = Store::open_in_memory().unwrap();
        data::ensure_loaded(&mut store).unwrap();
        let outcome = store.add_site("Main hospital", "LS9 7TF", Some("E14001323"), day()).unwrap();
        assert_eq!(outcome, Some(TrackOutcome::Started));
        let state: (String, String) = store
            .conn
            .query_row("SELECT state, done_on FROM checklist_items WHERE item_key = '1.1'", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(state, ("done".to_string(), "2026-11-24".to_string()));

        let dup = store.add_site("MAIN HOSPITAL", "LS1 4DY", Some("E14001319"), day()).unwrap_err();
        assert!(dup.is_user_error() && dup.to_string().contains("already exists"));
        let tracked: i64 = store.conn.query_row("SELECT count(*) FROM engagements", [], |r| r.get(0)).unwrap();
        assert_eq!(tracked, 1, "the refused site tracked nothing");

        assert_eq!(store.sites().unwrap()[0].constituency.as_deref(), Some("Leeds South"));
        assert_eq!(store.remove_site("main HOSPITAL").unwrap().postcode, "LS9 7TF");
        assert!(store.sites().unwrap().is_empty());
        assert!(store.remove_site("Main hospital").unwrap_err().is_user_error());
    }
}
