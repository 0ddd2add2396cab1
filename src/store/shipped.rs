//! Loading the shipped reference data. Shipped rows are replaced wholesale by a newer dataset; the
//! user's own rows (organisation, engagements, their calendar additions) are never touched.

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store};
use crate::domain::calendar::SittingStatus;
use crate::domain::mps::changes::MpDetails;
use crate::domain::mps::names::display_name;
use crate::domain::reference::shipped::Dataset;
use crate::domain::text::fold;

const VERSION_KEY: &str = "dataset_version";

impl Store {
    /// The version of the shipped data loaded into this database, if any.
    pub fn dataset_version(&self) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM meta WHERE key = ?1", [VERSION_KEY], |r| r.get(0)).optional()?)
    }

    /// Replaces every shipped row with `dataset`, in one transaction, and records its version;
    /// unless that version is loaded already, checked inside the transaction: of several programs
    /// using a new database at once, the first loads the data and the others find it there.
    /// Returns whether the data was loaded.
    pub fn replace_shipped(&mut self, dataset: &Dataset) -> Result<bool> {
        self.write(|tx| {
            let loaded: Option<String> =
                tx.query_row("SELECT value FROM meta WHERE key = ?1", [VERSION_KEY], |r| r.get(0)).optional()?;
            if loaded.as_deref() == Some(dataset.version.as_str()) {
                return Ok(false);
            }
            let parliament_forms = address_as_from_parliament(tx)?;
            clear_shipped(tx)?;
            load_seats(tx, dataset)?;
            restore_address_as(tx, &parliament_forms)?;
            load_calendar(tx, dataset)?;
            load_postcode_areas(tx, dataset)?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![VERSION_KEY, dataset.version],
            )?;
            Ok(true)
        })
    }
}

/// Clears the shipped rows. MP changes the user imported go too: a newer shipped dataset is the
/// newer word on who holds each seat (the user's calendar additions, imported or typed, stay).
fn clear_shipped(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM postcode_areas;
         DELETE FROM seat_events WHERE source IN ('shipped', 'import');
         DELETE FROM seat_holders WHERE source IN ('shipped', 'import');
         DELETE FROM members WHERE source IN ('shipped', 'import')
             AND id NOT IN (SELECT member_id FROM seat_holders);
         DELETE FROM sitting_days WHERE source = 'shipped';
         DELETE FROM recesses WHERE source = 'shipped';
         DELETE FROM sessions WHERE source = 'shipped';
         DELETE FROM dissolutions WHERE source = 'shipped';
         DELETE FROM bank_holidays WHERE source = 'shipped';",
    )?;
    Ok(())
}

/// A salutation Parliament gave (only an update from the Members API stores `address_as`): the
/// member's id, name and full title when it was given, and the salutation.
type ParliamentForm = (i64, String, String, String);

/// The salutations Parliament gave, to be put back after the shipped rows are replaced. The
/// shipped data has none of its own (only the one worked out from its names, `derived_address_as`,
/// which is worked out again on every load); Parliament's stays while the member's name and title
/// are the same, as when an MP file is imported (see `MpDetails`).
fn address_as_from_parliament(tx: &Transaction<'_>) -> Result<Vec<ParliamentForm>> {
    let mut stmt = tx.prepare(
        "SELECT parliament_id, name, full_title, address_as FROM members
         WHERE address_as IS NOT NULL AND parliament_id IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn restore_address_as(tx: &Transaction<'_>, forms: &[ParliamentForm]) -> Result<()> {
    let mut restore = tx.prepare(
        "UPDATE members SET address_as = ?4
         WHERE parliament_id = ?1 AND name = ?2 AND full_title = ?3 AND address_as IS NULL",
    )?;
    for (id, name, full_title, address_as) in forms {
        restore.execute(params![id, name, full_title, address_as])?;
    }
    Ok(())
}

fn load_seats(tx: &Transaction<'_>, dataset: &Dataset) -> Result<()> {
    // Constituencies are updated in place: engagements refer to them.
    let mut seat = tx.prepare(
        "INSERT INTO constituencies (code, name, search_key, country, region, local_authorities, ge2024_result)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, search_key = excluded.search_key,
             country = excluded.country, region = excluded.region,
             local_authorities = excluded.local_authorities, ge2024_result = excluded.ge2024_result",
    )?;
    let mut holder = tx.prepare(
        "INSERT INTO seat_holders (constituency_code, member_id, party, held_from, held_until, source)
         VALUES (?1, ?2, ?3, ?4, ?5, 'shipped')",
    )?;
    for s in &dataset.seats {
        seat.execute(params![
            s.constituency_code,
            s.constituency_name,
            fold(&s.constituency_name),
            s.country,
            s.region,
            s.local_authority_districts,
            s.ge2024_result
        ])?;
        let id = upsert_member(tx, &MpDetails::from_seat(s), "shipped")?;
        // The start as the data gives it: often the member's first election, before this seat
        // existed; it is read through `held_since` when shown.
        holder.execute(params![s.constituency_code, id, s.party, s.seat_held_since, None::<String>])?;
    }

    // Past holders known from the observed changes: an MP who left a seat that fell vacant.
    let mut past = tx
        .prepare("INSERT INTO members (name, search_key, party, source) VALUES (?1, ?2, ?3, 'shipped') RETURNING id")?;
    let mut event = tx.prepare(
        "INSERT INTO seat_events (constituency_code, observed_on, change, before_mp, before_party, after_mp,
             after_party, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'shipped')",
    )?;
    for c in &dataset.changes {
        // The names as a person reads them ("Ms Diane Abbott" in the file is Diane Abbott).
        let (before_mp, after_mp) = (display_name(&c.before_mp), display_name(&c.after_mp));
        event.execute(params![
            c.constituency_code,
            c.observed_in_data_on,
            c.change,
            before_mp,
            c.before_party,
            after_mp,
            c.after_party
        ])?;
        if c.is_vacancy() {
            let id: i64 = past.query_row(params![before_mp, fold(&before_mp), c.before_party], |r| r.get(0))?;
            holder.execute(params![c.constituency_code, id, c.before_party, None::<String>, c.observed_in_data_on])?;
        }
    }
    Ok(())
}

/// Inserts a member, or updates the one with the same Parliament id, marking the row with
/// `source` ("shipped" or "import"); returns its row id.
pub(super) fn upsert_member(tx: &Transaction<'_>, mp: &MpDetails, source: &str) -> Result<i64> {
    // `mp` carries the salutations to store: whether Parliament's is kept when a file gives none is
    // decided in the domain (`MpDetails`), not here.
    let mut stmt = tx.prepare_cached(
        "INSERT INTO members (parliament_id, name, search_key, full_title, party, twfy_id, email, website,
             twitter, bluesky, facebook, profile_url, source, address_as, derived_address_as)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
         ON CONFLICT (parliament_id) DO UPDATE SET name = excluded.name, search_key = excluded.search_key,
             full_title = excluded.full_title, party = excluded.party, twfy_id = excluded.twfy_id,
             email = excluded.email, website = excluded.website, twitter = excluded.twitter,
             bluesky = excluded.bluesky, facebook = excluded.facebook, profile_url = excluded.profile_url,
             source = excluded.source, address_as = excluded.address_as,
             derived_address_as = excluded.derived_address_as
         RETURNING id",
    )?;
    Ok(stmt.query_row(
        params![
            mp.parliament_id,
            mp.name,
            fold(&mp.name),
            mp.full_title,
            mp.party,
            mp.twfy_id,
            mp.email,
            mp.website,
            mp.twitter,
            mp.bluesky,
            mp.facebook,
            mp.profile_url,
            source,
            mp.address_as,
            mp.derived_address_as
        ],
        |r| r.get(0),
    )?)
}

fn load_calendar(tx: &Transaction<'_>, dataset: &Dataset) -> Result<()> {
    let mut day = tx.prepare("INSERT INTO sitting_days (day, source, status) VALUES (?1, 'shipped', ?2)")?;
    for d in &dataset.sitting_days {
        let status = if d.confirmed() { SittingStatus::Confirmed } else { SittingStatus::Scheduled };
        day.execute(params![d.date, status])?;
    }
    let mut recess =
        tx.prepare("INSERT INTO recesses (name, first_day, last_day, source) VALUES (?1, ?2, ?3, 'shipped')")?;
    for r in dataset.recesses.iter().filter(|r| r.house == "House of Commons") {
        recess.execute(params![r.recess, r.first_non_sitting_day, r.last_non_sitting_day])?;
    }
    let mut session =
        tx.prepare("INSERT INTO sessions (name, opened_on, closed_on, source) VALUES (?1, ?2, ?3, 'shipped')")?;
    for s in &dataset.sessions {
        session.execute(params![s.session, s.opened, s.closed])?;
    }
    let mut holiday = tx
        .prepare("INSERT OR IGNORE INTO bank_holidays (division, day, title, source) VALUES (?1, ?2, ?3, 'shipped')")?;
    for h in &dataset.bank_holidays {
        holiday.execute(params![h.division, h.date, h.title])?;
    }
    Ok(())
}

fn load_postcode_areas(tx: &Transaction<'_>, dataset: &Dataset) -> Result<()> {
    let mut area = tx.prepare(
        "INSERT INTO postcode_areas (area, rank, constituency_code, postcode_count, share) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for a in &dataset.postcode_areas {
        area.execute(params![a.area, a.rank, a.constituency_code, a.postcode_count, a.share])?;
    }
    Ok(())
}
