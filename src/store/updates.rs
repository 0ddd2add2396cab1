//! Data brought in by `mpplan update`: what an update compares with (the tracked seats, the
//! profiles kept), applying a planned update in one transaction, and the record of updates that
//! says how old the data is.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::convert::Columns;
use super::imports::apply_mp_changes_in;
use super::{Result, Store};
use crate::domain::calendar::{CalendarData, Period};
use crate::domain::reference::age::DataAge;
use crate::domain::reference::feeds::calendar_plan::CalendarPlan;
use crate::domain::reference::feeds::profile::{Interest, OfficeContact, Profile, Role};
use crate::domain::reference::feeds::update_plan::UpdatePlan;

/// Where an update's data came from, for the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateOrigin {
    /// "network" or the folder read.
    pub origin: String,
    /// The addresses read, in order.
    pub sources: Vec<String>,
}

/// The latest updates: when the MPs and when the calendar were last brought up to date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Freshness {
    /// When the MPs were last updated from the Members API.
    pub members_updated: Option<DateTime<Utc>>,
    /// When the calendar was last updated from What's On.
    pub calendar_updated: Option<DateTime<Utc>>,
}

impl Store {
    /// The tracked seats, with the Members API id of the MP holding each now (if known).
    pub fn tracked_for_update(&self) -> Result<Vec<(String, Option<i64>)>> {
        let mut stmt = self.conn.prepare(concat!(
            "SELECT c.name, m.parliament_id FROM engagements e
             JOIN constituencies c ON c.code = e.constituency_code",
            holder_now!(),
            "WHERE e.tracked = 1 ORDER BY c.name"
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many seats there are.
    pub fn seat_count(&self) -> Result<usize> {
        Ok(self.conn.query_row("SELECT count(*) FROM constituencies", [], |r| r.get::<_, i64>(0))? as usize)
    }

    /// What is kept of a member from the Members API (empty when nothing is).
    pub fn member_profile(&self, parliament_id: i64) -> Result<Profile> {
        let mut profile = Profile::default();
        let mut stmt = self.conn.prepare(
            "SELECT office, label, address, postcode, phone, email, website, preferred FROM member_contacts
             WHERE parliament_id = ?1 ORDER BY position",
        )?;
        profile.contacts = stmt
            .query_map([parliament_id], |r| {
                Ok(OfficeContact {
                    office: Some(r.stored(0)?),
                    label: r.get(1)?,
                    address: r.get(2)?,
                    postcode: r.get(3)?,
                    phone: r.get(4)?,
                    email: r.get(5)?,
                    website: r.get(6)?,
                    preferred: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT kind, name, started_on, ended_on FROM member_roles WHERE parliament_id = ?1 ORDER BY position",
        )?;
        profile.roles = stmt
            .query_map([parliament_id], |r| {
                Ok(Role { kind: r.stored(0)?, name: r.get(1)?, started: r.get(2)?, ended: r.get(3)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self
            .conn
            .prepare("SELECT category, focus FROM member_interests WHERE parliament_id = ?1 ORDER BY position")?;
        profile.interests = stmt
            .query_map([parliament_id], |r| {
                let focus: String = r.get(1)?;
                Ok(Interest { category: r.get(0)?, focus: focus.split("; ").map(str::to_string).collect() })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(profile)
    }

    /// Applies `plan` in one transaction and records it. Nothing the user created is touched: the
    /// MPs, the profiles kept, and the calendar rows of earlier updates are replaced.
    pub fn apply_update(&mut self, plan: &UpdatePlan, origin: &UpdateOrigin, today: NaiveDate) -> Result<()> {
        self.write(|tx| {
            if let Some(members) = &plan.members {
                apply_mp_changes_in(tx, &members.plan.changes, today)?;
                for (code, _, date) in &members.held_from {
                    tx.execute(
                        "UPDATE seat_holders SET held_from = ?2 WHERE constituency_code = ?1 AND held_until IS NULL",
                        params![code, date],
                    )?;
                }
            }
            for change in &plan.profiles {
                write_profile(tx, change.parliament_id, &change.profile)?;
            }
            if let Some(calendar) = &plan.calendar {
                write_calendar(tx, calendar)?;
            }
            let counts = serde_json::json!({
                "members": plan.members.as_ref().map(|m| m.plan.rows),
                "mp_changes": plan.members.as_ref().map_or(0, |m| m.plan.changes.len()),
                "profiles": plan.profiles.len(),
                "sitting_days": plan.calendar.as_ref().map(|c| c.rows.sitting_days.len()),
                "recesses": plan.calendar.as_ref().map(|c| c.rows.recesses.len()),
                "bank_holidays": plan.calendar.as_ref().map(|c| c.holidays.len()),
            });
            let window = plan.calendar.as_ref().filter(|c| c.has_calendar).and_then(|c| c.rows.window);
            tx.execute(
                "INSERT INTO data_updates (origin, sources, counts, members, calendar_from, calendar_to)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    origin.origin,
                    serde_json::to_string(&origin.sources).unwrap_or_default(),
                    counts.to_string(),
                    plan.members.is_some(),
                    window.map(|w| w.0),
                    window.map(|w| w.1)
                ],
            )?;
            Ok(())
        })
    }

    /// How old the MPs and `calendar` (as read from this store) are: `shipped_date` is the date of
    /// the data shipped with the program, used until an update brings newer MPs.
    pub fn data_age(&self, shipped_date: NaiveDate, calendar: &CalendarData) -> Result<DataAge> {
        let fresh = self.freshness()?;
        Ok(DataAge {
            mps_as_of: fresh.members_updated.map_or(shipped_date, |t| t.date_naive()),
            mps_updated: fresh.members_updated.is_some(),
            calendar_updated_on: fresh.calendar_updated.map(|t| t.date_naive()),
            calendar_to: calendar.sitting_range().map(|(_, last)| last),
        })
    }

    /// When the MPs and the calendar were last updated.
    pub fn freshness(&self) -> Result<Freshness> {
        let when = |sql: &str| -> Result<Option<DateTime<Utc>>> {
            let text: Option<String> = self.conn.query_row(sql, [], |r| r.get(0)).optional()?.flatten();
            Ok(text.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.with_timezone(&Utc)))
        };
        Ok(Freshness {
            members_updated: when("SELECT max(applied_at) FROM data_updates WHERE members = 1")?,
            calendar_updated: when("SELECT max(applied_at) FROM data_updates WHERE calendar_from IS NOT NULL")?,
        })
    }
}

fn write_profile(tx: &Transaction<'_>, id: i64, profile: &Profile) -> Result<()> {
    for table in ["member_contacts", "member_roles", "member_interests"] {
        tx.execute(&format!("DELETE FROM {table} WHERE parliament_id = ?1"), [id])?;
    }
    let mut contact = tx.prepare(
        "INSERT INTO member_contacts (parliament_id, position, office, label, address, postcode, phone, email, website,
             preferred)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (n, c) in (0_i64..).zip(&profile.contacts) {
        contact.execute(params![
            id,
            n,
            c.office(),
            c.label,
            c.address,
            c.postcode,
            c.phone,
            c.email,
            c.website,
            c.preferred
        ])?;
    }
    let mut role = tx.prepare(
        "INSERT INTO member_roles (parliament_id, position, kind, name, started_on, ended_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (n, r) in (0_i64..).zip(&profile.roles) {
        role.execute(params![id, n, r.kind, r.name, r.started, r.ended])?;
    }
    let mut interest =
        tx.prepare("INSERT INTO member_interests (parliament_id, position, category, focus) VALUES (?1, ?2, ?3, ?4)")?;
    for (n, i) in (0_i64..).zip(&profile.interests) {
        interest.execute(params![id, n, i.category, i.focus.join("; ")])?;
    }
    Ok(())
}

fn write_calendar(tx: &Transaction<'_>, plan: &CalendarPlan) -> Result<()> {
    let rows = &plan.rows;
    if plan.has_calendar {
        tx.execute_batch(
            "DELETE FROM sitting_days WHERE source = 'update';
             DELETE FROM recesses WHERE source = 'update';
             DELETE FROM prorogations WHERE source = 'update';
             DELETE FROM dissolutions WHERE source = 'update';
             DELETE FROM sessions WHERE source = 'update';",
        )?;
        let mut day = tx.prepare("INSERT INTO sitting_days (day, source, status) VALUES (?1, 'update', ?2)")?;
        for d in &rows.sitting_days {
            day.execute(params![d.date, d.status])?;
        }
        let periods = |sql: &str, periods: &[Period]| -> Result<()> {
            let mut stmt = tx.prepare(sql)?;
            for p in periods {
                stmt.execute(params![p.name, p.first, p.last])?;
            }
            Ok(())
        };
        periods(
            "INSERT INTO recesses (name, first_day, last_day, source) VALUES (?1, ?2, ?3, 'update')",
            &rows.recesses,
        )?;
        periods(
            "INSERT INTO prorogations (name, first_day, last_day, source) VALUES (?1, ?2, ?3, 'update')",
            &rows.prorogations,
        )?;
        periods(
            "INSERT INTO dissolutions (note, first_day, last_day, source) VALUES (?1, ?2, ?3, 'update')",
            &rows.dissolutions,
        )?;
        let mut session =
            tx.prepare("INSERT INTO sessions (name, opened_on, closed_on, source) VALUES (?1, ?2, ?3, 'update')")?;
        for s in &rows.sessions {
            session.execute(params![s.name, s.opened, s.closed])?;
        }
    }
    // Holidays the user imported stay; shipped and fetched ones take the feed's word.
    let mut holiday = tx.prepare(
        "INSERT INTO bank_holidays (division, day, title, source) VALUES (?1, ?2, ?3, 'update')
         ON CONFLICT (division, day) DO UPDATE SET title = excluded.title, source = 'update'
         WHERE bank_holidays.source IN ('shipped', 'update')",
    )?;
    for h in &plan.holidays {
        holiday.execute(params![h.division, h.date, h.title])?;
    }
    Ok(())
}
