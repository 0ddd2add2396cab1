//! Imports: what a file is compared with (the seats and their MPs, the calendar, the proposals
//! imported before), and applying a plan in one transaction, so that an import is all or nothing.
//! Rows an import adds carry source 'import'.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Transaction, params};

use super::convert::Columns;
use super::engagements::track_in;
use super::proposals::status_in;
use super::shipped::upsert_member;
use super::{Result, Store, new_uuid};
use crate::domain::calendar::{Period, SittingDay};
use crate::domain::engagement::proposal::{ProposalFilter, ProposalStatus, TIME_FORMAT, label};
use crate::domain::interchange::event_import::{EventAction, EventPlan, Known};
use crate::domain::limits::{Field, check_all};
use crate::domain::mps::changes::{MpChange, MpDetails, SeatNow};
use crate::domain::reference::calendar_file::CalendarPlan;
use crate::domain::sync::identity;
use crate::domain::views::TrackOutcome;

impl Store {
    /// Every seat with its current MP's details, for comparing with an MP file.
    pub fn seats_now(&self) -> Result<Vec<SeatNow>> {
        let mut stmt = self.conn.prepare(concat!(
            "SELECT c.code, c.name, m.id, m.parliament_id, m.name, m.full_title, m.party, m.twfy_id, m.email,
                 m.website, m.twitter, m.bluesky, m.facebook, m.profile_url, m.address_as, m.derived_address_as,
                 h.held_from
             FROM constituencies c",
            holder_now!(),
            "ORDER BY c.name"
        ))?;
        let rows = stmt.query_map([], |r| {
            let holder = match r.get::<_, Option<i64>>(2)? {
                None => None,
                Some(_) => Some(MpDetails {
                    parliament_id: r.get(3)?,
                    name: r.get(4)?,
                    full_title: r.get(5)?,
                    party: r.get(6)?,
                    twfy_id: r.get(7)?,
                    email: r.get(8)?,
                    website: r.get(9)?,
                    twitter: r.get(10)?,
                    bluesky: r.get(11)?,
                    facebook: r.get(12)?,
                    profile_url: r.get(13)?,
                    address_as: r.get(14)?,
                    derived_address_as: r.get(15)?,
                }),
            };
            Ok(SeatNow { code: r.get(0)?, seat: r.get(1)?, holder, held_from: r.get(16)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Applies MP changes in one transaction. A seat that changed hands closes its holder's tenure
    /// (on the new MP's start date when known, else `today`) and opens the new one; each change is
    /// recorded as a seat event observed `today`. Engagements are not touched: they belong to the
    /// seat, and remember the MP they began with.
    pub fn apply_mp_changes(&mut self, changes: &[MpChange], today: NaiveDate) -> Result<()> {
        self.write(|tx| apply_mp_changes_in(tx, changes, today))
    }

    /// Every recess and sitting day, from every source, for recognising what a file repeats.
    pub fn calendar_entries(&self) -> Result<(Vec<Period>, Vec<SittingDay>)> {
        let recesses =
            self.recess_rows()?.into_iter().map(|r| Period { name: r.name, first: r.first, last: r.last }).collect();
        let mut stmt = self.conn.prepare("SELECT day, status FROM sitting_days ORDER BY day")?;
        let days = stmt
            .query_map([], |r| Ok(SittingDay { date: r.get(0)?, status: r.stored(1)?, note: None }))?
            .collect::<rusqlite::Result<_>>()?;
        Ok((recesses, days))
    }

    /// Adds a calendar file's new recesses and sitting days, in one transaction.
    pub fn apply_calendar_import(&mut self, plan: &CalendarPlan) -> Result<()> {
        check_all(plan.add_recesses.iter().map(|p| (Field::RecessName, p.name.as_str())))?;
        self.write(|tx| {
            let mut recess = tx.prepare(
                "INSERT INTO recesses (uuid, name, first_day, last_day, source) VALUES (?1, ?2, ?3, ?4, 'import')",
            )?;
            for p in &plan.add_recesses {
                recess.execute(params![new_uuid(), p.name, p.first, p.last])?;
            }
            let mut day = tx.prepare(
                "INSERT INTO sitting_days (day, source, status, uuid) VALUES (?1, 'import', ?2, ?3)
                 ON CONFLICT (day, source) DO UPDATE SET status = excluded.status",
            )?;
            for d in &plan.add_sitting_days {
                day.execute(params![d.date, d.status, identity::sitting_day(&d.date.to_string(), "import")])?;
            }
            Ok(())
        })
    }

    /// Every proposal with the UID of the calendar event it was imported from, if any.
    pub fn known_proposals(&self) -> Result<Vec<Known>> {
        let mut stmt = self.conn.prepare("SELECT id, ics_uid FROM proposals WHERE ics_uid IS NOT NULL")?;
        let uids: HashMap<i64, String> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(self
            .proposals(&ProposalFilter::default())?
            .into_iter()
            .map(|p| Known { ics_uid: uids.get(&p.id).cloned(), proposal: p })
            .collect())
    }

    /// Adds, updates and cancels the proposals of an event plan, each for its own seat, in one
    /// transaction, starting the engagement of a seat that has none. A status is set as everywhere
    /// else (confirming ticks checklist item 3.2). Says for each seat changed whether it is now
    /// tracked.
    pub fn apply_event_import(&mut self, plan: &EventPlan, today: NaiveDate) -> Result<Vec<(String, TrackOutcome)>> {
        for action in &plan.actions {
            if let EventAction::Add(event) | EventAction::Update { event, .. } = action {
                event.proposal.check_lengths()?;
                Field::EventUid.check(&event.uid)?;
            }
        }
        self.write(|tx| {
            let mut outcomes = Vec::new();
            for code in plan.changed_seats() {
                outcomes.push((code.to_string(), track_in(tx, code, today)?));
            }
            for action in &plan.actions {
                match action {
                    EventAction::Add(event) => {
                        let p = &event.proposal;
                        tx.execute(
                            "INSERT INTO proposals (uuid, engagement_id, title, kind, place, starts_at, ends_at, ics_uid,
                                 attendees, press, all_day, fold)
                             SELECT ?1, id, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12
                             FROM engagements WHERE constituency_code = ?2",
                            params![
                                new_uuid(),
                                p.constituency_code,
                                p.title,
                                p.kind,
                                p.place,
                                p.start.format(TIME_FORMAT).to_string(),
                                p.end.format(TIME_FORMAT).to_string(),
                                event.uid,
                                p.attendees,
                                event.press.unwrap_or_default(),
                                p.all_day,
                                p.fold.bits()
                            ],
                        )?;
                        let id = tx.last_insert_rowid();
                        if let Some(status) = event.status.filter(|s| *s != ProposalStatus::Proposed) {
                            let label = label(&p.title, p.kind, "");
                            status_in(tx, id, &p.constituency_code, (&label, p.start), status, today)?;
                        }
                    }
                    EventAction::Update { before, event } => {
                        let p = &event.proposal;
                        tx.execute(
                            "UPDATE proposals SET title = ?2, place = ?3, starts_at = ?4, ends_at = ?5, kind = ?6,
                                 attendees = ?7, press = coalesce(?8, press), all_day = ?9, fold = ?10,
                                 updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                             WHERE id = ?1",
                            params![
                                before.id,
                                p.title,
                                p.place,
                                p.start.format(TIME_FORMAT).to_string(),
                                p.end.format(TIME_FORMAT).to_string(),
                                p.kind,
                                p.attendees,
                                event.press,
                                p.all_day,
                                p.fold.bits()
                            ],
                        )?;
                        if let Some(status) = event.status {
                            let label = label(&p.title, p.kind, &before.mp);
                            status_in(tx, before.id, &p.constituency_code, (&label, p.start), status, today)?;
                        }
                    }
                    EventAction::Cancel { before } => {
                        let label = before.label();
                        let (code, start) = (&before.constituency_code, before.start);
                        status_in(tx, before.id, code, (&label, start), ProposalStatus::Cancelled, today)?;
                    }
                    EventAction::Unchanged { .. } => {}
                }
            }
            Ok(outcomes)
        })
    }
}

/// [`Store::apply_mp_changes`] inside a transaction already open.
pub(crate) fn apply_mp_changes_in(tx: &Transaction<'_>, changes: &[MpChange], today: NaiveDate) -> Result<()> {
    for change in changes {
        if let MpChange::NewHolder { after: Some(mp), .. } | MpChange::Updated { mp, .. } = change {
            mp.check_lengths()?;
        }
    }
    for change in changes {
        match change {
            MpChange::NewHolder { code, before, after, held_from, .. } => {
                let until = held_from.filter(|d| *d <= today).unwrap_or(today);
                tx.execute(
                    "UPDATE seat_holders SET held_until = max(?2, coalesce(held_from, ?2))
                     WHERE constituency_code = ?1 AND held_until IS NULL",
                    params![code, until],
                )?;
                if let Some(mp) = after {
                    let id = upsert_member(tx, mp, "import")?;
                    tx.execute(
                        "INSERT INTO seat_holders (constituency_code, member_id, party, held_from, source)
                         VALUES (?1, ?2, ?3, ?4, 'import')",
                        params![code, id, mp.party, held_from],
                    )?;
                }
                let what = if after.is_some() { "new member returned" } else { "seat vacant" };
                seat_event(tx, code, today, what, before.as_deref(), after.as_deref())?;
            }
            MpChange::Updated { code, mp, fields, .. } => {
                upsert_member(tx, mp, "import")?;
                if let Some(party) = fields.iter().find(|f| f.field == "party") {
                    tx.execute(
                        "UPDATE seat_holders SET party = ?2 WHERE constituency_code = ?1 AND held_until IS NULL",
                        params![code, mp.party],
                    )?;
                    let before = MpDetails { party: party.before.clone(), ..(**mp).clone() };
                    seat_event(tx, code, today, "party changed", Some(&before), Some(mp))?;
                }
            }
        }
    }
    Ok(())
}

fn seat_event(
    tx: &Transaction<'_>,
    code: &str,
    today: NaiveDate,
    change: &str,
    before: Option<&MpDetails>,
    after: Option<&MpDetails>,
) -> Result<()> {
    let name = |mp: Option<&MpDetails>| mp.map(|m| m.name.clone()).unwrap_or_default();
    let party = |mp: Option<&MpDetails>| mp.map(|m| m.party.clone()).unwrap_or_default();
    tx.execute(
        "INSERT INTO seat_events (constituency_code, observed_on, change, before_mp, before_party, after_mp,
             after_party, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'import')",
        params![code, today, change, name(before), party(before), name(after), party(after)],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mps::changes;

    use crate::store::test_store as loaded;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn the_shipped_file_changes_nothing() {
        let store = loaded();
        let text = include_str!("../../assets/data/mps_2024_parliament.csv");
        let plan = changes::plan("mps.csv", text, &store.seats_now().unwrap()).unwrap();
        assert_eq!(plan.changes, [], "{:#?}", plan.lines());
        assert_eq!((plan.rows, plan.seats_not_in_file), (650, 0));
    }

    #[test]
    fn a_seat_changing_hands_keeps_its_history() {
        let mut store = loaded();
        let seats = store.seats_now().unwrap();
        let text = format!(
            "{}\nE14001323,Leeds South,Jo Bloggs,Jo Bloggs MP,Green,99999,,jo@example.org,,,,,,2026-11-01\n",
            changes::COLUMNS.join(",").replace("constituency_code", "constituency_code,constituency_name")
        );
        let plan = changes::plan("f", &text, &seats).unwrap();
        store.apply_mp_changes(&plan.changes, today()).unwrap();
        let card = store.mp_card("E14001323").unwrap().unwrap();
        assert_eq!(card.summary.name, "Jo Bloggs");
        let history: Vec<_> = card.history.iter().map(|t| (t.name.as_str(), t.until.map(|d| d.to_string()))).collect();
        assert_eq!(history, [("Hilary Benn", Some("2026-11-01".into())), ("Jo Bloggs", None)]);
        assert_eq!(card.changes.last().unwrap().change, "new member returned");
        let again = changes::plan("f", &text, &store.seats_now().unwrap()).unwrap();
        assert_eq!(again.changes, [], "importing twice changes nothing the second time");

        // A newer binary's shipped data then replaces the imported change, and loads cleanly.
        let mut newer = crate::data::shipped().unwrap();
        newer.version = "newer".into();
        store.replace_shipped(&newer).unwrap();
        assert_eq!(store.mp_card("E14001323").unwrap().unwrap().summary.name, "Hilary Benn");
    }
}
