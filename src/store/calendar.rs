//! The parliamentary calendar: the shipped data and the user's own additions, read together into a
//! [`CalendarData`] for classification.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::convert::Columns;
use super::dates::{Day, date_at};
use super::{Result, Store, StoreError, new_uuid};
use crate::domain::calendar::{BankHoliday, CalendarData, CalendarRows, Period, RowSource, Session, SittingDay};
use crate::domain::limits::Field;
use crate::domain::sync::identity;

/// A recess as listed by `mpplan recess list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecessRow {
    pub id: i64,
    pub name: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// "shipped", "import" or "user".
    pub source: String,
}

/// What one source of calendar data covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// "sitting days", "recesses", "sessions" or "bank holidays".
    pub what: String,
    pub source: String,
    pub count: i64,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
}

impl Store {
    /// Everything the calendar rules need: the rows that count (see [`CalendarRows::to_source`]).
    pub fn calendar(&self) -> Result<CalendarData> {
        Ok(CalendarData::new(self.calendar_rows()?.to_source()))
    }

    /// The calendar as [`Store::calendar`] reads it, for the days from `first` to `last`: every day
    /// among them is classified as the whole calendar classifies it, and the range the data covers
    /// is the same; days outside them may not be. Only the sitting days and bank holidays of those
    /// days are read (with the first and the last sitting days that fix the range covered), not the
    /// years of them a seven-day view has no use for.
    pub fn calendar_for(&self, first: NaiveDate, last: NaiveDate) -> Result<CalendarData> {
        Ok(CalendarData::new(self.read_calendar_rows(Some((first, last)))?.to_source()))
    }

    /// Every stored calendar row with its source, and the range the latest update fetched.
    pub fn calendar_rows(&self) -> Result<CalendarRows> {
        self.read_calendar_rows(None)
    }

    /// [`Store::calendar_rows`], or with `days` the rows [`Store::calendar_for`] needs for them.
    fn read_calendar_rows(&self, days: Option<(NaiveDate, NaiveDate)>) -> Result<CalendarRows> {
        let mut rows = CalendarRows::default();
        let sitting_day = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(RowSource, SittingDay)> {
            let note: String = r.get(2)?;
            let day = SittingDay {
                date: r.stored::<Day>(0)?.0,
                status: r.stored(1)?,
                note: (!note.is_empty()).then_some(note),
            };
            Ok((r.stored(3)?, day))
        };
        // Only the days asked for, or every row.
        let within = if days.is_some() { " WHERE day BETWEEN ?1 AND ?2" } else { "" };
        let bounds = days.map_or_else(Vec::new, |(first, last)| vec![first, last]);
        let mut stmt = self.conn.prepare(&format!("SELECT day, status, note, source FROM sitting_days{within}"))?;
        let read = stmt.query_map(rusqlite::params_from_iter(&bounds), sitting_day)?;
        rows.sitting_days = read.collect::<rusqlite::Result<_>>()?;
        let periods = |sql: &str| -> Result<Vec<(RowSource, Period)>> {
            let mut stmt = self.conn.prepare(sql)?;
            let found = stmt.query_map([], |r| {
                let period = Period { name: r.get(0)?, first: r.stored::<Day>(1)?.0, last: r.stored::<Day>(2)?.0 };
                Ok((r.stored(3)?, period))
            })?;
            Ok(found.collect::<rusqlite::Result<_>>()?)
        };
        rows.recesses = periods("SELECT name, first_day, last_day, source FROM recesses")?;
        rows.prorogations = periods("SELECT name, first_day, last_day, source FROM prorogations")?;
        rows.dissolutions = periods("SELECT note, first_day, last_day, source FROM dissolutions")?;
        let mut stmt = self.conn.prepare("SELECT name, opened_on, closed_on, source FROM sessions")?;
        rows.sessions = stmt
            .query_map([], |r| {
                let session = Session { name: r.get(0)?, opened: r.stored::<Day>(1)?.0, closed: date_at(r, 2)? };
                Ok((r.stored(3)?, session))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let within = if days.is_some() { " AND day BETWEEN ?1 AND ?2" } else { "" };
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT day, title FROM bank_holidays WHERE division = 'england-and-wales'{within}"))?;
        rows.bank_holidays = stmt
            .query_map(rusqlite::params_from_iter(&bounds), |r| {
                Ok(BankHoliday { date: r.stored::<Day>(0)?.0, title: r.get(1)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.update_window = self
            .conn
            .query_row(
                "SELECT calendar_from, calendar_to FROM data_updates WHERE calendar_from IS NOT NULL
             ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok(r.get::<_, Option<NaiveDate>>(0)?.zip(r.get::<_, Option<NaiveDate>>(1)?)),
            )
            .optional()?
            .flatten();
        if let Some((first, last)) = days {
            // The range the data covers runs from the first to the last sitting day that counts and
            // that the user did not type: found from either end, usually at the first row.
            for order in ["ASC", "DESC"] {
                let mut stmt = self
                    .conn
                    .prepare(&format!("SELECT day, status, note, source FROM sitting_days ORDER BY day {order}"))?;
                let mut read = stmt.query_map([], sitting_day)?;
                let counts =
                    |(s, d): &(RowSource, SittingDay)| *s != RowSource::User && rows.sitting_day_counts(*s, d.date);
                let edge = read.find(|row| row.as_ref().map_or(true, counts));
                match edge.transpose()? {
                    Some((source, day)) if !(first..=last).contains(&day.date) => rows.sitting_days.push((source, day)),
                    _ => {}
                }
            }
        }
        Ok(rows)
    }

    pub fn add_recess(&mut self, name: &str, first: NaiveDate, last: NaiveDate) -> Result<RecessRow> {
        if first > last {
            return Err(StoreError::Invalid(format!("the recess ends ({last}) before it starts ({first})")));
        }
        Field::RecessName.check(name)?;
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO recesses (uuid, name, first_day, last_day, source) VALUES (?1, ?2, ?3, ?4, 'user')",
                params![new_uuid(), name, first, last],
            )?;
            Ok(tx.last_insert_rowid())
        })?;
        Ok(RecessRow { id, name: name.to_string(), first, last, source: "user".into() })
    }

    /// Every recess, shipped and added, in date order.
    pub fn recess_rows(&self) -> Result<Vec<RecessRow>> {
        let mut stmt =
            self.conn.prepare("SELECT id, name, first_day, last_day, source FROM recesses ORDER BY first_day, id")?;
        let rows = stmt.query_map([], |r| {
            Ok(RecessRow { id: r.get(0)?, name: r.get(1)?, first: r.get(2)?, last: r.get(3)?, source: r.get(4)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes a recess the user added or imported; shipped ones are part of the data.
    pub fn remove_recess(&mut self, id: i64) -> Result<RecessRow> {
        let row =
            self.recess_rows()?.into_iter().find(|r| r.id == id).ok_or_else(|| {
                StoreError::Invalid(format!("there is no recess with id {id}; see mpplan recess list"))
            })?;
        if row.source == "shipped" {
            return Err(StoreError::Invalid(format!(
                "the {} ({} to {}) is part of the shipped data and cannot be removed",
                row.name, row.first, row.last
            )));
        }
        self.write(|tx| {
            tx.execute("DELETE FROM recesses WHERE id = ?1", [id])?;
            Ok(())
        })?;
        Ok(row)
    }

    /// Adds a sitting day of the user's own (a sitting Friday, a recall). Returns false when the user
    /// had already added that day (its note is then updated).
    pub fn add_sitting_day(&mut self, day: NaiveDate, note: &str) -> Result<bool> {
        Field::CalendarNote.check(note)?;
        self.write(|tx| {
            let existed = tx
                .query_row("SELECT 1 FROM sitting_days WHERE day = ?1 AND source = 'user'", [day], |_| Ok(()))
                .optional()?
                .is_some();
            tx.execute(
                "INSERT INTO sitting_days (day, source, status, note, uuid) VALUES (?1, 'user', 'confirmed', ?2, ?3)
                 ON CONFLICT (day, source) DO UPDATE SET note = excluded.note",
                params![day, note, identity::sitting_day(&day.to_string(), "user")],
            )?;
            Ok(!existed)
        })
    }

    /// Removes a sitting day the user added.
    pub fn remove_sitting_day(&mut self, day: NaiveDate) -> Result<()> {
        self.write(|tx| {
            let removed = tx.execute("DELETE FROM sitting_days WHERE day = ?1 AND source = 'user'", [day])?;
            if removed == 0 {
                let shipped =
                    tx.query_row("SELECT 1 FROM sitting_days WHERE day = ?1", [day], |_| Ok(())).optional()?.is_some();
                return Err(StoreError::Invalid(if shipped {
                    format!(
                        "{day} is a sitting day in the shipped data, not one you added; add a recess to override it"
                    )
                } else {
                    format!("you have not added a sitting day on {day}")
                }));
            }
            Ok(())
        })
    }

    /// What each source of calendar data covers.
    pub fn calendar_coverage(&self) -> Result<Vec<Coverage>> {
        let mut stmt = self.conn.prepare(
            "SELECT 'sitting days', source, count(*), min(day), max(day) FROM sitting_days GROUP BY source
             UNION ALL
             SELECT 'recesses', source, count(*), min(first_day), max(last_day) FROM recesses GROUP BY source
             UNION ALL
             SELECT 'sessions', source, count(*), min(opened_on), max(coalesce(closed_on, opened_on))
                 FROM sessions GROUP BY source
             UNION ALL
             SELECT 'bank holidays', source, count(*), min(day), max(day) FROM bank_holidays
                 WHERE division = 'england-and-wales' GROUP BY source",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Coverage { what: r.get(0)?, source: r.get(1)?, count: r.get(2)?, first: r.get(3)?, last: r.get(4)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Days;

    use super::*;
    use crate::domain::calendar::DayKind;

    use crate::store::test_store as loaded;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_shipped_calendar_classifies_real_days() {
        let cal = loaded().calendar().unwrap();
        assert!(cal.classify_day(d("2025-03-04")).is_sitting());
        assert!(matches!(cal.classify_day(d("2025-02-18")).kind, DayKind::Recess { .. }));
        assert!(matches!(cal.classify_day(d("2026-05-05")).kind, DayKind::Prorogation));
        assert_eq!(cal.sitting_range(), Some((d("2024-07-09"), d("2026-07-16"))));
    }

    #[test]
    fn user_additions_live_beside_the_shipped_data_and_win() {
        let mut store = loaded();
        // A recess of the user's over days beyond the data.
        let recess = store.add_recess("Summer recess", d("2026-07-22"), d("2026-09-01")).unwrap();
        let cal = store.calendar().unwrap();
        assert!(matches!(cal.classify_day(d("2026-08-04")).kind, DayKind::Recess { .. }));
        // A recall on a day inside a shipped recess; the sitting range does not grow.
        assert!(store.add_sitting_day(d("2025-02-18"), "recall").unwrap());
        assert!(!store.add_sitting_day(d("2025-02-18"), "recall, again").unwrap());
        let cal = store.calendar().unwrap();
        assert!(cal.classify_day(d("2025-02-18")).is_sitting());
        assert_eq!(cal.sitting_range(), Some((d("2024-07-09"), d("2026-07-16"))));

        store.remove_sitting_day(d("2025-02-18")).unwrap();
        assert!(!store.calendar().unwrap().classify_day(d("2025-02-18")).is_sitting());
        assert!(store.remove_sitting_day(d("2025-03-04")).unwrap_err().is_user_error());

        store.remove_recess(recess.id).unwrap();
        let shipped = store.recess_rows().unwrap()[0].id;
        assert!(store.remove_recess(shipped).unwrap_err().to_string().contains("shipped data"));
        assert!(store.add_recess("Backwards", d("2026-09-01"), d("2026-08-01")).unwrap_err().is_user_error());
    }

    /// For any days, the calendar read for them classifies each as the whole calendar does and
    /// covers the same range: over the shipped data, with the user's own sitting days (before,
    /// inside and after the data) and recesses, and with an update whose rows replace the shipped
    /// ones in the range it fetched, one of its days under a recess of the user's own, and its last
    /// day too (so that the end of the range is found past rows that do not count).
    #[test]
    fn the_calendar_for_some_days_classifies_them_as_the_whole_calendar_does() {
        let mut store = loaded();
        store.add_recess("Own recess", d("2026-03-02"), d("2026-03-06")).unwrap();
        store.add_recess("Own late recess", d("2026-08-31"), d("2026-09-04")).unwrap();
        for (day, note) in [("2023-05-02", "before the data"), ("2025-02-18", "recall"), ("2027-02-02", "after")] {
            store.add_sitting_day(d(day), note).unwrap();
        }
        store
            .conn
            .execute_batch(
                "INSERT INTO data_updates (origin, sources, counts, calendar_from, calendar_to)
                 VALUES ('network', '[]', '{}', '2026-03-01', '2026-08-31');
                 INSERT INTO sitting_days (day, source, status) VALUES
                     ('2026-03-03', 'update', 'confirmed'), ('2026-04-14', 'update', 'confirmed'),
                     ('2026-08-31', 'update', 'scheduled');",
            )
            .unwrap();
        let whole = store.calendar().unwrap();
        assert_eq!(whole.sitting_range(), Some((d("2024-07-09"), d("2026-04-14"))), "the rows that count");
        let mut first = d("2023-04-01");
        while first < d("2027-04-01") {
            for length in [0, 6, 40] {
                let last = first + Days::new(length);
                let part = store.calendar_for(first, last).unwrap();
                assert_eq!(part.sitting_range(), whole.sitting_range(), "{first} to {last}");
                for day in first.iter_days().take_while(|day| *day <= last) {
                    assert_eq!(part.classify_day(day), whole.classify_day(day), "{day}, read {first} to {last}");
                }
            }
            first = first + Days::new(9);
        }
    }

    #[test]
    fn coverage_names_each_source() {
        let coverage = loaded().calendar_coverage().unwrap();
        let sitting = coverage.iter().find(|c| c.what == "sitting days").unwrap();
        assert_eq!((sitting.count, sitting.first, sitting.last), (320, Some(d("2024-07-09")), Some(d("2026-07-16"))));
        assert!(coverage.iter().any(|c| c.what == "bank holidays" && c.last == Some(d("2028-12-26"))));
    }
}
