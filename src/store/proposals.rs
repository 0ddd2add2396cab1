//! Proposals: stored with their wall-clock start and end; flagged when shown, never stored flagged.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use rusqlite::{OptionalExtension, Row, ToSql, params};

use super::convert::Columns;
use super::dates::{date_at, time_at};
use super::engagements::{complete_item_in, track_in};
use super::{Result, Store, StoreError, new_uuid};
use crate::domain::engagement::press::Press;
use crate::domain::engagement::proposal::{NewProposal, Proposal, ProposalFilter, ProposalStatus, TIME_FORMAT};
use crate::domain::views::TrackOutcome;
use crate::domain::when::Fold;

/// A proposal's own columns, from the sixth on in the order [`proposal_row`] reads them.
macro_rules! own_columns {
    () => {
        "p.title, p.kind, p.place, p.starts_at, p.ends_at, p.attendees, p.status, p.press, p.press_draft_shared_on,
         p.press_quote_requested_on, p.press_quote_received_on, p.press_published_on, p.all_day, p.fold"
    };
}

/// Proposals with their seat's code and name and its MP now, as [`proposal_row`] reads them. The
/// statements reading it are kept prepared (`prepare_cached`), as are the other queries of a seat's
/// MP that the UI runs again and again.
pub(super) const SELECT: &str = concat!(
    "SELECT p.id, p.uuid, e.constituency_code, c.name, coalesce(m.name, ''), ",
    own_columns!(),
    " FROM proposals p
    JOIN engagements e ON e.id = p.engagement_id
    JOIN constituencies c ON c.code = e.constituency_code",
    holder_now!()
);

/// Proposals with only their engagement's id (third column), for a caller that knows its seats:
/// read with [`proposal_of`].
pub(super) const SELECT_OWN: &str =
    concat!("SELECT p.id, p.uuid, p.engagement_id, NULL, NULL, ", own_columns!(), " FROM proposals p");

/// A proposal lasting more than this many days is kept in the index `proposals_long` (migration
/// 011). None made here does: a timed one lasts at most 24 hours, an all-day one at most
/// [`MAX_ALL_DAY_DAYS`](crate::domain::when::MAX_ALL_DAY_DAYS) days.
pub(super) const LONG_DAYS: i64 = 32;

/// The condition of the index `proposals_long`, word for word as migration 011 writes it (SQLite
/// uses a partial index only for a query that repeats its condition): more than [`LONG_DAYS`]
/// days long, or times not both in the usual layout.
macro_rules! long_proposal {
    () => {
        "CASE WHEN length(starts_at) = 16 AND length(ends_at) = 16
    AND strftime('%Y-%m-%d %H:%M', starts_at) = starts_at AND strftime('%Y-%m-%d %H:%M', ends_at) = ends_at
    THEN julianday(ends_at) - julianday(starts_at) > 32 ELSE 1 END"
    };
}

/// The busy times of [`Store::busy`]: ?1 is `from`, ?2 `until` and ?3 [`LONG_DAYS`] days before
/// `from`. The first half reads the starts from ?3 to ?2, the second the long proposals that start
/// before ?3, so no row is read twice; the index of each half holds its rows in the order asked
/// for, and SQLite merges the two.
const BUSY: &str = concat!(
    "SELECT starts_at, ends_at FROM proposals
     WHERE starts_at >= ?3 AND starts_at < ?2 AND ends_at > ?1 AND status <> 'cancelled'
     UNION ALL
     SELECT starts_at, ends_at FROM proposals
     WHERE starts_at < ?3 AND starts_at < ?2 AND ends_at > ?1 AND status <> 'cancelled' AND ",
    long_proposal!(),
    "
     ORDER BY starts_at, ends_at"
);

impl Store {
    /// Stores a proposal. A seat with no engagement yet starts one (proposing a visit is engaging);
    /// the outcome says so.
    pub fn add_proposal(&mut self, new: &NewProposal, today: NaiveDate) -> Result<(Proposal, TrackOutcome)> {
        new.check_lengths()?;
        let (id, outcome) = self.write_or_join(|tx| {
            let outcome = track_in(tx, &new.constituency_code, today)?;
            tx.execute(
                "INSERT INTO proposals (uuid, engagement_id, title, kind, place, starts_at, ends_at, attendees, all_day,
                     fold)
                 SELECT ?1, id, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 FROM engagements WHERE constituency_code = ?2",
                fields(new_uuid(), new),
            )?;
            Ok((tx.last_insert_rowid(), outcome))
        })?;
        Ok((self.proposal(id)?.ok_or_else(|| missing(id))?, outcome))
    }

    pub fn proposal(&self, id: i64) -> Result<Option<Proposal>> {
        let mut stmt = self.conn.prepare_cached(&format!("{SELECT} WHERE p.id = ?1"))?;
        Ok(stmt.query_row([id], proposal_row).optional()?)
    }

    /// Proposals matching `filter`, in order of their start. Only the conditions given are written
    /// into the query, so that SQLite can use the index that fits them (a range of starts, a seat).
    pub fn proposals(&self, filter: &ProposalFilter) -> Result<Vec<Proposal>> {
        let mut conditions = Vec::new();
        let mut values: Vec<Box<dyn ToSql>> = Vec::new();
        let mut add = |condition: &str, value: Option<Box<dyn ToSql>>| {
            if let Some(value) = value {
                values.push(value);
                conditions.push(condition.replace('?', &format!("?{}", values.len())));
            }
        };
        add("p.starts_at >= ?", filter.from.map(|d| Box::new(format!("{d} 00:00")) as _));
        add("p.starts_at < ?", filter.to.map(|d| Box::new(format!("{d} 24:00")) as _));
        add(
            "p.engagement_id = (SELECT id FROM engagements WHERE constituency_code = ?)",
            filter.constituency_code.clone().map(|c| Box::new(c) as _),
        );
        add("p.status = ?", filter.status.map(|s| Box::new(s) as _));
        let clause = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let mut stmt = self.conn.prepare_cached(&format!("{SELECT} {clause} ORDER BY p.starts_at, p.id"))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(&values), proposal_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Start and end of every proposal not cancelled that overlaps `from`..`until`: the times the
    /// organisation has already taken, in order of start (then end).
    ///
    /// Nothing bounds a proposal's start from below but its length, so the query reads the starts
    /// from [`LONG_DAYS`] days before `from` (every proposal of the usual length that can reach
    /// `from`), and before that only the proposals of index `proposals_long` (migration 011: the
    /// longer ones, and any whose times are not in the usual layout). Both are ranges of an index,
    /// so a few days' busy times cost a few days' rows, not a walk from the start of history.
    pub fn busy(&self, from: NaiveDateTime, until: NaiveDateTime) -> Result<Vec<(NaiveDateTime, NaiveDateTime)>> {
        let mut stmt = self.conn.prepare_cached(BUSY)?;
        // A time too early to go back from is the start of everything: no start text sorts before ''.
        let near = from.checked_sub_signed(TimeDelta::days(LONG_DAYS)).map(wall).unwrap_or_default();
        let rows = stmt.query_map(params![wall(from), wall(until), near], |r| Ok((time_at(r, 0)?, time_at(r, 1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets a proposal's status. Confirming completes checklist item 3.2 and holding 4.6, in the same
    /// transaction (joining [`Store::all_or_nothing`] when within one); the item completed (if it
    /// was still to do) is returned.
    pub fn set_proposal_status(
        &mut self,
        id: i64,
        status: ProposalStatus,
        today: NaiveDate,
    ) -> Result<(Proposal, Option<&'static str>)> {
        let before = self.proposal(id)?.ok_or_else(|| missing(id))?;
        let label = before.label();
        let completed = self
            .write_or_join(|tx| status_in(tx, id, &before.constituency_code, (&label, before.start), status, today))?;
        Ok((self.proposal(id)?.ok_or_else(|| missing(id))?, completed))
    }

    /// Moves a proposal to new wall-clock times, each read the first time it happens (see [`Fold`]).
    pub fn move_proposal(&mut self, id: i64, start: NaiveDateTime, end: NaiveDateTime) -> Result<Proposal> {
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE proposals SET starts_at = ?2, ends_at = ?3, fold = 0, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE id = ?1",
                params![id, wall(start), wall(end)],
            )?;
            if changed == 0 { Err(missing(id)) } else { Ok(()) }
        })?;
        self.proposal(id)?.ok_or_else(|| missing(id))
    }

    /// Puts back a proposal exactly as it was (same id and UUID): undoing a deletion.
    pub fn restore_proposal(&mut self, p: &Proposal, today: NaiveDate) -> Result<()> {
        self.write_or_join(|tx| {
            track_in(tx, &p.constituency_code, today)?;
            tx.execute(
                "INSERT INTO proposals (id, uuid, engagement_id, title, kind, place, starts_at, ends_at, attendees,
                     status, press, press_draft_shared_on, press_quote_requested_on, press_quote_received_on,
                     press_published_on, all_day, fold)
                 SELECT ?1, ?2, id, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17
                 FROM engagements WHERE constituency_code = ?3",
                params![
                    p.id,
                    p.uuid,
                    p.constituency_code,
                    p.title,
                    p.kind,
                    p.place,
                    wall(p.start),
                    wall(p.end),
                    p.attendees,
                    p.status,
                    p.press.plan,
                    p.press.draft_shared_on,
                    p.press.quote_requested_on,
                    p.press.quote_received_on,
                    p.press.published_on,
                    p.all_day,
                    p.fold.bits()
                ],
            )?;
            Ok(())
        })
    }

    /// Changes what a proposal is, who it is with, where and when.
    pub fn update_proposal(&mut self, id: i64, new: &NewProposal, today: NaiveDate) -> Result<Proposal> {
        new.check_lengths()?;
        self.write_or_join(|tx| {
            track_in(tx, &new.constituency_code, today)?;
            let changed = tx.execute(
                "UPDATE proposals SET
                     engagement_id = (SELECT id FROM engagements WHERE constituency_code = ?2),
                     title = ?3, kind = ?4, place = ?5, starts_at = ?6, ends_at = ?7, attendees = ?8, all_day = ?9, fold = ?10,
                     updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE id = ?1",
                fields(id, new),
            )?;
            if changed == 0 { Err(missing(id)) } else { Ok(()) }
        })?;
        self.proposal(id)?.ok_or_else(|| missing(id))
    }

    pub fn remove_proposal(&mut self, id: i64) -> Result<Proposal> {
        let proposal = self.proposal(id)?.ok_or_else(|| missing(id))?;
        self.write_or_join(|tx| {
            tx.execute("DELETE FROM proposals WHERE id = ?1", [id])?;
            Ok(())
        })?;
        Ok(proposal)
    }
}

/// Sets a proposal's status inside a transaction already open: confirming completes checklist item
/// 3.2 and holding 4.6 for the seat `code`, noting the proposal (`label` on the day it starts).
/// Every change of status goes through here: the command line, the screens, an import.
pub(super) fn status_in(
    tx: &rusqlite::Connection,
    id: i64,
    code: &str,
    (label, start): (&str, NaiveDateTime),
    status: ProposalStatus,
    today: NaiveDate,
) -> Result<Option<&'static str>> {
    tx.execute(
        "UPDATE proposals SET status = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
        params![id, status],
    )?;
    let Some(key) = status.completes_item() else { return Ok(None) };
    let note = format!("{label} on {}", start.format("%-d %B %Y"));
    Ok(complete_item_in(tx, code, key, today, &note)?.then_some(key))
}

fn missing(id: i64) -> StoreError {
    StoreError::Invalid(format!("there is no proposal {id}; see mpplan proposals"))
}

/// The parameters of the insert and the update alike: `key` (a new UUID, or the id) as ?1, then the
/// seat, title, kind, place, start, end, attendees, whether it is all day and its fold as ?2 to ?10.
fn fields<'a, K: rusqlite::ToSql + 'a>(key: K, new: &'a NewProposal) -> impl rusqlite::Params + 'a {
    (
        key,
        &new.constituency_code,
        &new.title,
        new.kind,
        &new.place,
        wall(new.start),
        wall(new.end),
        new.attendees,
        new.all_day,
        new.fold.bits(),
    )
}

pub(super) fn wall(t: NaiveDateTime) -> String {
    t.format(TIME_FORMAT).to_string()
}

pub(super) fn proposal_row(r: &Row<'_>) -> rusqlite::Result<Proposal> {
    proposal_of(r, r.get(2)?, r.get::<_, String>(3)?.into(), r.get::<_, String>(4)?.into())
}

/// The proposal in a row of [`SELECT`] or [`SELECT_OWN`], of the seat `constituency_code` (named
/// `constituency`) whose MP is `mp`.
pub(super) fn proposal_of(
    r: &Row<'_>,
    constituency_code: String,
    constituency: Arc<str>,
    mp: Arc<str>,
) -> rusqlite::Result<Proposal> {
    Ok(Proposal {
        id: r.get(0)?,
        uuid: r.get(1)?,
        constituency_code,
        constituency,
        mp,
        title: r.get(5)?,
        kind: r.stored(6)?,
        place: r.get(7)?,
        start: time_at(r, 8)?,
        end: time_at(r, 9)?,
        attendees: r.get(10)?,
        status: r.stored(11)?,
        press: Press {
            plan: r.stored(12)?,
            draft_shared_on: date_at(r, 13)?,
            quote_requested_on: date_at(r, 14)?,
            quote_received_on: date_at(r, 15)?,
            published_on: date_at(r, 16)?,
        },
        all_day: r.get(17)?,
        fold: Fold::from_bits(r.get(18)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::ProposalKind;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, TIME_FORMAT).unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn visit(code: &str, start: &str, end: &str) -> NewProposal {
        NewProposal {
            constituency_code: code.into(),
            title: String::new(),
            kind: ProposalKind::Visit,
            place: "Main hospital".into(),
            start: at(start),
            end: at(end),
            all_day: false,
            fold: Default::default(),
            attendees: Some(3),
        }
    }

    fn sequence(store: &Store, id: i64) -> i64 {
        store.conn.query_row("SELECT sequence FROM proposals WHERE id = ?1", [id], |r| r.get(0)).unwrap()
    }

    #[test]
    fn all_day_proposals_round_trip_and_each_revision_raises_the_sequence() {
        let mut store = loaded();
        let mut new = visit("E14001323", "2027-01-08 00:00", "2027-01-10 00:00");
        new.all_day = true;
        let (p, _) = store.add_proposal(&new, today()).unwrap();
        assert!(p.all_day);
        assert_eq!(p.when_text(), "Fri 8 Jan – Sat 9 Jan 2027, all day");
        assert_eq!(store.proposal(p.id).unwrap(), Some(p.clone()));
        assert_eq!(sequence(&store, p.id), 0);
        let mut timed = NewProposal::from(&p);
        (timed.all_day, timed.start, timed.end) = (false, at("2027-01-08 10:00"), at("2027-01-08 11:00"));
        assert!(!store.update_proposal(p.id, &timed, today()).unwrap().all_day);
        assert_eq!(sequence(&store, p.id), 1, "the time changed");
        store.update_proposal(p.id, &timed, today()).unwrap();
        assert_eq!(sequence(&store, p.id), 1, "saving it unchanged is no revision");
        store.set_proposal_status(p.id, ProposalStatus::Confirmed, today()).unwrap();
        store.move_proposal(p.id, at("2027-01-08 14:00"), at("2027-01-08 15:00")).unwrap();
        assert_eq!(sequence(&store, p.id), 3, "confirmed, then moved");
        timed.title = "Ward visit".into();
        store.update_proposal(p.id, &timed, today()).unwrap();
        assert_eq!(sequence(&store, p.id), 4, "retitled");

        // The second 01:30 of the night the clocks go back is kept apart from the first, until moved.
        (timed.start, timed.end) = (at("2026-10-25 01:30"), at("2026-10-25 02:30"));
        timed.fold = Fold { start: true, end: false };
        let folded = store.update_proposal(p.id, &timed, today()).unwrap();
        assert_eq!(folded.fold, timed.fold);
        assert_eq!(folded.when_text(), "Sun 25 Oct 2026 01:30 GMT–02:30");
        let moved = store.move_proposal(p.id, at("2026-10-25 01:30"), at("2026-10-25 02:30")).unwrap();
        assert_eq!(moved.fold, Fold::default(), "a time typed is read the first time it happens");
    }

    use crate::store::test_store as loaded;

    #[test]
    fn a_proposal_round_trips_and_starts_an_engagement() {
        let mut store = loaded();
        let (p, outcome) =
            store.add_proposal(&visit("E14001323", "2027-01-08 10:00", "2027-01-08 11:30"), today()).unwrap();
        assert_eq!(outcome, TrackOutcome::Started);
        assert_eq!((&*p.constituency, &*p.mp), ("Leeds South", "Hilary Benn"));
        assert_eq!((p.start, p.end, p.attendees), (at("2027-01-08 10:00"), at("2027-01-08 11:30"), Some(3)));
        assert_eq!(p.status, ProposalStatus::Proposed);
        assert_eq!(p.label(), "Visit with Hilary Benn");
        assert_eq!(store.proposal(p.id).unwrap(), Some(p.clone()));
        let (_, again) =
            store.add_proposal(&visit("E14001323", "2027-01-09 10:00", "2027-01-09 11:00"), today()).unwrap();
        assert_eq!(again, TrackOutcome::AlreadyTracked);
    }

    #[test]
    fn listing_filters_by_dates_seat_and_status() {
        let mut store = loaded();
        store.add_proposal(&visit("E14001323", "2027-01-08 10:00", "2027-01-08 11:00"), today()).unwrap();
        let (b, _) = store.add_proposal(&visit("E14001319", "2027-01-15 10:00", "2027-01-15 11:00"), today()).unwrap();
        store.add_proposal(&visit("E14001323", "2027-01-22 23:00", "2027-01-23 01:00"), today()).unwrap();
        let list = |s: &Store, f: ProposalFilter| s.proposals(&f).unwrap().len();
        assert_eq!(list(&store, ProposalFilter::default()), 3);
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(list(&store, ProposalFilter { from: Some(day("2027-01-09")), ..Default::default() }), 2);
        assert_eq!(
            list(&store, ProposalFilter { to: Some(day("2027-01-22")), ..Default::default() }),
            3,
            "to is inclusive"
        );
        assert_eq!(
            list(&store, ProposalFilter { constituency_code: Some("E14001319".into()), ..Default::default() }),
            1
        );
        store.set_proposal_status(b.id, ProposalStatus::Cancelled, today()).unwrap();
        assert_eq!(list(&store, ProposalFilter { status: Some(ProposalStatus::Cancelled), ..Default::default() }), 1);
        let busy = store.busy(at("2027-01-01 00:00"), at("2027-02-01 00:00")).unwrap();
        assert_eq!(busy.len(), 2, "cancelled proposals do not take time");
    }

    #[test]
    fn confirming_ticks_the_checklist_once() {
        let mut store = loaded();
        let (p, _) = store.add_proposal(&visit("E14001323", "2027-01-08 10:00", "2027-01-08 11:00"), today()).unwrap();
        let (p, done) = store.set_proposal_status(p.id, ProposalStatus::Confirmed, today()).unwrap();
        assert_eq!((p.status, done), (ProposalStatus::Confirmed, Some("3.2")));
        let (_, again) = store.set_proposal_status(p.id, ProposalStatus::Confirmed, today()).unwrap();
        assert_eq!(again, None, "already done");
        let (_, held) = store.set_proposal_status(p.id, ProposalStatus::Held, today()).unwrap();
        assert_eq!(held, Some("4.6"));
    }

    #[test]
    fn moving_and_removing() {
        let mut store = loaded();
        let (p, _) = store.add_proposal(&visit("E14001323", "2027-01-08 10:00", "2027-01-08 11:00"), today()).unwrap();
        let moved = store.move_proposal(p.id, at("2027-01-09 14:00"), at("2027-01-09 15:00")).unwrap();
        assert_eq!(moved.start, at("2027-01-09 14:00"));
        assert_eq!(store.remove_proposal(p.id).unwrap().id, p.id);
        assert!(store.proposal(p.id).unwrap().is_none());
        assert!(store.remove_proposal(p.id).unwrap_err().is_user_error());
        assert!(store.move_proposal(p.id, at("2027-01-09 14:00"), at("2027-01-09 15:00")).unwrap_err().is_user_error());
    }

    #[test]
    fn a_removed_proposal_is_restored_exactly_and_edits_apply() {
        let mut store = loaded();
        let (p, _) = store.add_proposal(&visit("E14001323", "2027-01-08 10:00", "2027-01-08 11:00"), today()).unwrap();
        let (p, _) = store.set_proposal_status(p.id, ProposalStatus::Confirmed, today()).unwrap();
        store.remove_proposal(p.id).unwrap();
        store.restore_proposal(&p, today()).unwrap();
        assert_eq!(store.proposal(p.id).unwrap(), Some(p.clone()));

        let mut edit = visit("E14001319", "2027-01-09 14:00", "2027-01-09 15:00");
        edit.title = "Ward visit".into();
        let edited = store.update_proposal(p.id, &edit, today()).unwrap();
        assert_eq!((&*edited.constituency, edited.title.as_str()), ("Leeds Central and Headingley", "Ward visit"));
        assert_eq!(edited.status, ProposalStatus::Confirmed, "status is kept");
        assert!(store.update_proposal(999, &edit, today()).unwrap_err().is_user_error());
    }
}

/// [`Store::busy`] against the query it replaced, which read every start before `until`.
#[cfg(test)]
mod busy_tests {
    use proptest::prelude::*;
    use rusqlite::Connection;

    use super::*;

    /// The query before migration 011, ordered as its index (proposals_by_start_end) gave its rows.
    const UNBOUNDED: &str = "SELECT starts_at, ends_at FROM proposals
        WHERE status <> 'cancelled' AND starts_at < ?2 AND ends_at > ?1 ORDER BY starts_at";

    const STATUSES: [&str; 4] = ["proposed", "confirmed", "held", "cancelled"];

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, TIME_FORMAT).unwrap()
    }

    /// A store with these rows as proposals (start, end, status), written as they are, with no
    /// checks but SQLite's own (a row whose start does not sort before its end is left out).
    fn holding(rows: &[(String, String, &str)]) -> Store {
        let store = Store::open_in_memory().unwrap();
        store.conn.pragma_update(None, "foreign_keys", false).unwrap();
        let mut insert = store
            .conn
            .prepare(
                "INSERT OR IGNORE INTO proposals (uuid, engagement_id, kind, starts_at, ends_at, status)
                 VALUES (?1, 1, 'meeting', ?2, ?3, ?4)",
            )
            .unwrap();
        for (n, (start, end, status)) in rows.iter().enumerate() {
            insert.execute(params![format!("row-{n}"), start, end, status]).unwrap();
        }
        drop(insert);
        store
    }

    /// The rows a query gives, as the text stored.
    fn texts(conn: &Connection, sql: &str, values: impl rusqlite::Params) -> Vec<(String, String)> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map(values, |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    }

    /// The rows of [`BUSY`] and of [`UNBOUNDED`] for `from`..`until`.
    fn both(conn: &Connection, from: NaiveDateTime, until: NaiveDateTime) -> [Vec<(String, String)>; 2] {
        let near = from.checked_sub_signed(TimeDelta::days(LONG_DAYS)).map(wall).unwrap_or_default();
        [
            texts(conn, BUSY, params![wall(from), wall(until), near]),
            texts(conn, UNBOUNDED, params![wall(from), wall(until)]),
        ]
    }

    fn squeezed(sql: &str) -> String {
        sql.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn the_query_repeats_the_condition_of_the_index_word_for_word() {
        let migration = squeezed(include_str!("migrations/011_long_proposals.sql"));
        assert!(migration.contains(&format!("WHERE {};", squeezed(long_proposal!()))), "{migration}");
        assert!(long_proposal!().contains(&format!("> {LONG_DAYS} ")));
    }

    #[test]
    fn both_halves_read_a_range_of_an_index() {
        let store = holding(&[]);
        let plan: Vec<String> = store
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {BUSY}"))
            .unwrap()
            .query_map(params!["2026-11-25 00:00", "2026-12-02 00:00", "2026-10-24 00:00"], |r| r.get(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plan = plan.join("\n");
        assert!(plan.contains("COVERING INDEX proposals_by_start_end (starts_at>? AND starts_at<?)"), "{plan}");
        assert!(plan.contains("COVERING INDEX proposals_long (starts_at<?)"), "{plan}");
        assert!(!plan.contains("TEMP B-TREE"), "no sorting: {plan}");
    }

    #[test]
    fn a_long_proposal_is_busy_all_through() {
        let rows = [
            ("2026-01-05 10:00".to_string(), "2026-06-30 17:00".to_string(), "confirmed"),
            ("2026-03-01 10:00".into(), "2026-03-01 11:00".into(), "proposed"),
            ("2026-02-20 00:00".into(), "2026-03-23 00:00".into(), "held"),
            ("2025-12-01 10:00".into(), "2026-12-01 10:00".into(), "cancelled"),
        ];
        let store = holding(&rows);
        let busy = store.busy(at("2026-03-01 09:00"), at("2026-03-02 09:00")).unwrap();
        assert_eq!(
            busy,
            [
                (at("2026-01-05 10:00"), at("2026-06-30 17:00")),
                (at("2026-02-20 00:00"), at("2026-03-23 00:00")),
                (at("2026-03-01 10:00"), at("2026-03-01 11:00")),
            ]
        );
        assert_eq!(store.busy(at("2026-05-01 09:00"), at("2026-05-02 09:00")).unwrap().len(), 1);
    }

    #[test]
    fn a_time_sqlite_would_read_as_now_is_stored_and_counted_as_long() {
        let store = holding(&[("now".into(), "now+".into(), "proposed")]);
        let long: i64 = store
            .conn
            .query_row(&format!("SELECT count(*) FROM proposals WHERE {}", long_proposal!()), [], |r| r.get(0))
            .unwrap();
        assert_eq!(long, 1);
        let [new, old] = both(&store.conn, at("2026-03-01 09:00"), at("2026-03-02 09:00"));
        assert_eq!(new, old);
    }

    /// A stored time: mostly as mpplan writes it, sometimes in another layout an older program, a
    /// hand-edited import or a teammate's copy might have left (not padded, a 'T', seconds, a day
    /// that does not exist, 24:00, not a time at all).
    fn stored(t: NaiveDateTime, layout: u8) -> String {
        match layout {
            0 => t.format("%Y-%-m-%-d %-H:%M").to_string(),
            1 => t.format("%Y-%m-%dT%H:%M").to_string(),
            2 => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            3 => t.format("%Y-%m-31 %H:%M").to_string(),
            4 => t.format("%Y-%m-%d 24:00").to_string(),
            5 => "now".into(),
            _ => wall(t),
        }
    }

    /// A proposal's length in minutes: mostly up to a day, some all-day spans of up to 31 days,
    /// some around the bound of 32 days, some of months or years.
    fn length() -> impl Strategy<Value = i64> {
        let day = 24 * 60;
        prop_oneof![
            4 => 1i64..=(25 * 60),
            2 => (1i64..=31).prop_map(move |days| days * day),
            2 => (-3i64..=3).prop_map(move |m| 32 * day + m),
            1 => (32 * day)..(3 * 366 * day),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// The bounded query gives exactly the rows, in the order, the unbounded one gave, for any
        /// rows and any window (one that ends before it starts, too).
        #[test]
        fn busy_gives_what_reading_every_start_gave(
            rows in prop::collection::vec(
                (0i64..(200 * 24 * 4), length(), 0usize..4, prop_oneof![20 => Just(9u8), 1 => 0u8..6], 0u8..30),
                0..60,
            ),
            windows in prop::collection::vec((0i64..(260 * 24 * 4), -(2 * 24 * 4)..(120i64 * 24 * 4)), 1..6),
        ) {
            let base = at("2026-01-01 00:00");
            let rows: Vec<(String, String, &str)> = rows
                .iter()
                .map(|&(quarter, minutes, status, layout, end_layout)| {
                    let start = base + TimeDelta::minutes(15 * quarter);
                    let end = start + TimeDelta::minutes(minutes);
                    (stored(start, layout), stored(end, if end_layout < 6 { end_layout } else { 9 }), STATUSES[status])
                })
                .collect();
            let store = holding(&rows);
            for &(quarter, quarters) in &windows {
                let from = base - TimeDelta::days(30) + TimeDelta::minutes(15 * quarter);
                let until = from + TimeDelta::minutes(15 * quarters);
                let [new, old] = both(&store.conn, from, until);
                prop_assert_eq!(&new, &old);
                // Read as times, the same, or the same row that is not a time refused.
                let read: Option<Vec<_>> = old.iter().map(|(s, e)| Some((time(s)?, time(e)?))).collect();
                match (store.busy(from, until), read) {
                    (Ok(busy), Some(read)) => prop_assert_eq!(busy, read),
                    (Err(_), None) => {}
                    (busy, read) => prop_assert!(false, "busy gave {:?} for {:?}", busy, read),
                }
            }
        }
    }

    fn time(text: &str) -> Option<NaiveDateTime> {
        NaiveDateTime::parse_from_str(text, TIME_FORMAT).ok()
    }
}
