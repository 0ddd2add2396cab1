//! Writing `mpplan demo`'s synthetic data: every row in one transaction, with prepared statements.

use chrono::{Days, NaiveDate, NaiveTime, TimeDelta};
use rusqlite::{Transaction, params};

use super::engagements::complete_item_in;
use super::proposals::wall;
use super::{Result, Store};
use crate::domain::calendar::ProposalKind;
use crate::domain::demo::{DemoSpec, NOTES, PLACES, Rng, SUMMARIES, TITLES, TOPICS};
use crate::domain::engagement::checklist::{ITEMS, ItemState};
use crate::domain::engagement::contact::{Direction, InteractionKind};
use crate::domain::engagement::press::PressPlan;
use crate::domain::engagement::proposal::ProposalStatus;
use crate::domain::sync::identity;

/// What a demo run wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoCounts {
    pub tracked: usize,
    pub proposals: usize,
    pub interactions: usize,
}

/// A tracked seat as the generator sees it: its engagement, its MP now, when it began.
struct Seat {
    engagement: i64,
    code: String,
    mp: String,
    started_on: NaiveDate,
}

impl Store {
    /// Whether the database holds anything the user made: an organisation, a site, an engagement
    /// (and so checklists, contacts and proposals), or calendar dates of their own.
    pub fn has_user_data(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM organisation) OR EXISTS (SELECT 1 FROM sites)
                 OR EXISTS (SELECT 1 FROM engagements)
                 OR EXISTS (SELECT 1 FROM sitting_days WHERE source <> 'shipped')
                 OR EXISTS (SELECT 1 FROM recesses WHERE source <> 'shipped')
                 OR EXISTS (SELECT 1 FROM dissolutions WHERE source <> 'shipped')",
            [],
            |r| r.get(0),
        )?)
    }

    /// Fills the database with the synthetic data `spec` describes around `today`. The same spec
    /// and day always give the same rows (timestamps of writing aside).
    pub fn fill_demo(&mut self, spec: &DemoSpec, today: NaiveDate) -> Result<DemoCounts> {
        self.write(|tx| {
            let mut rng = Rng::new(spec.seed);
            tx.execute(
                "INSERT INTO organisation (id, uuid, name, address, chief_executive, chair)
                 VALUES (1, ?1, 'Northfield Hospitals NHS Foundation Trust', 'Northfield Road, Leeds LS1 4AP',
                         'Dr Asha Patel', 'Margaret Oduya')",
                [uuid(&mut rng)],
            )?;
            let seats = engagements(tx, &mut rng, spec, today)?;
            checklists(tx, &mut rng, &seats, today)?;
            let interactions = interactions(tx, &mut rng, &seats, spec, today)?;
            let proposals = proposals(tx, &mut rng, &seats, spec, today)?;
            Ok(DemoCounts { tracked: seats.len(), proposals, interactions })
        })
    }
}

fn uuid(rng: &mut Rng) -> String {
    uuid::Builder::from_random_bytes(rng.bytes16()).into_uuid().to_string()
}

fn days_ago(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

/// Tracks `spec.tracked` seats, chosen in the seed's order, each begun before the first proposal.
fn engagements(tx: &Transaction<'_>, rng: &mut Rng, spec: &DemoSpec, today: NaiveDate) -> Result<Vec<Seat>> {
    let mut stmt = tx.prepare(concat!(
        "SELECT c.code, coalesce(m.name, ''), m.parliament_id FROM constituencies c",
        holder_now!(),
        "ORDER BY c.code"
    ))?;
    let rows =
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<i64>>(2)?)));
    let mut all: Vec<(String, String, Option<i64>)> = rows?.collect::<rusqlite::Result<_>>()?;
    rng.shuffle(&mut all);
    all.truncate(spec.tracked);
    let mut insert = tx.prepare(
        "INSERT INTO engagements (uuid, constituency_code, topics, cadence_days, notes, started_on, mp_at_start,
             mp_id_at_start)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut seats = Vec::with_capacity(all.len());
    for (code, mp, mp_id) in all {
        let started_on = days_ago(today, u64::from(spec.days_before) + 30 + rng.below(90));
        let cadence = *rng.pick(&[30, 60, 90, 90, 180]);
        let (topics, notes) = (*rng.pick(&TOPICS), *rng.pick(&NOTES));
        // An engagement is named by its seat, as on every copy; the draw is still made so that the
        // rest of the demo stays as it was.
        let _ = uuid(rng);
        insert.execute(params![identity::engagement(&code), code, topics, cadence, notes, started_on, mp, mp_id])?;
        seats.push(Seat { engagement: tx.last_insert_rowid(), code, mp, started_on });
    }
    Ok(seats)
}

/// Every state: the first few items done, now and then one skipped, the rest still to do.
fn checklists(tx: &Transaction<'_>, rng: &mut Rng, seats: &[Seat], today: NaiveDate) -> Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO checklist_items (uuid, engagement_id, item_key, state, done_on, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for seat in seats {
        let progress = rng.below(ITEMS.len() as u64 + 1) as usize;
        let span = (today - seat.started_on).num_days().max(1) as u64;
        for (i, item) in ITEMS.iter().enumerate() {
            let (state, done_on, note) = match i {
                _ if i < progress && rng.chance(10) => (ItemState::Skipped, None, "Not needed here"),
                _ if i < progress => {
                    let on = seat.started_on + TimeDelta::days((span * (i as u64 + 1) / 18) as i64);
                    (ItemState::Done, Some(on), if rng.chance(20) { "Done by the communications team" } else { "" })
                }
                _ => (ItemState::Todo, None, ""),
            };
            let _ = uuid(rng);
            let name = identity::checklist_item(&identity::engagement(&seat.code), item.key);
            insert.execute(params![name, seat.engagement, item.key, state, done_on, note])?;
        }
    }
    Ok(())
}

/// Contacts of every kind and both directions, over the days before today.
fn interactions(
    tx: &Transaction<'_>,
    rng: &mut Rng,
    seats: &[Seat],
    spec: &DemoSpec,
    today: NaiveDate,
) -> Result<usize> {
    if seats.is_empty() {
        return Ok(0);
    }
    let mut insert = tx.prepare(
        "INSERT INTO interactions (uuid, engagement_id, kind, direction, occurred_on, summary, mp_name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for _ in 0..spec.interactions {
        let seat = rng.pick(seats);
        let on = days_ago(today, rng.below(u64::from(spec.days_before) + 1));
        let kind = *rng.pick(&InteractionKind::ALL);
        let direction = if rng.chance(70) { Direction::ToMp } else { Direction::FromMp };
        let summary = *rng.pick(&SUMMARIES);
        insert.execute(params![uuid(rng), seat.engagement, kind, direction, on, summary, seat.mp])?;
    }
    Ok(spec.interactions)
}

/// Proposals on any day of the span (so some on sitting days), in working hours: those past
/// mostly held, those ahead proposed or confirmed, a few cancelled; press plans of every kind.
fn proposals(tx: &Transaction<'_>, rng: &mut Rng, seats: &[Seat], spec: &DemoSpec, today: NaiveDate) -> Result<usize> {
    if seats.is_empty() {
        return Ok(0);
    }
    let mut insert = tx.prepare(
        "INSERT INTO proposals (uuid, engagement_id, title, kind, place, starts_at, ends_at, attendees, status, press,
             press_draft_shared_on, press_published_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    let first = days_ago(today, u64::from(spec.days_before));
    let span = u64::from(spec.days_before) + u64::from(spec.days_after) + 1;
    for _ in 0..spec.proposals {
        let seat = rng.pick(seats);
        let day = first + TimeDelta::days(rng.below(span) as i64);
        let start = day.and_time(NaiveTime::MIN) + TimeDelta::minutes(9 * 60 + 30 * rng.below(16) as i64);
        let end = start + TimeDelta::minutes(*rng.pick(&[45, 60, 90, 120]));
        let past = day < today;
        let status = match rng.below(100) {
            n if n < 10 => ProposalStatus::Cancelled,
            n if past && n < 75 => ProposalStatus::Held,
            n if n < 55 => ProposalStatus::Confirmed,
            _ => ProposalStatus::Proposed,
        };
        let press = *rng.pick(&PressPlan::ALL);
        let shared = (press.invited() && rng.chance(60)).then(|| days_ago(day, 5));
        let published = (press.invited() && status == ProposalStatus::Held).then(|| day + TimeDelta::days(1));
        let attendees = (!rng.chance(10)).then(|| 2 + rng.below(7) as i64);
        let (title, place) = (*rng.pick(&TITLES), *rng.pick(&PLACES));
        let kind = *rng.pick(&ProposalKind::ALL);
        insert.execute(params![
            uuid(rng),
            seat.engagement,
            title,
            kind,
            place,
            wall(start),
            wall(end),
            attendees,
            status,
            press,
            shared,
            published
        ])?;
        // A meeting confirmed has its checklist item ticked, as confirming one does; one held was
        // confirmed first.
        let ticks = match status {
            ProposalStatus::Held => &[ProposalStatus::Confirmed, ProposalStatus::Held][..],
            ProposalStatus::Confirmed => &[ProposalStatus::Confirmed][..],
            _ => &[],
        };
        for key in ticks.iter().filter_map(|s| s.completes_item()) {
            let note = format!("{title} on {}", day.format("%-d %B %Y"));
            complete_item_in(tx, &seat.code, key, day.min(today), &note)?;
        }
    }
    Ok(spec.proposals)
}
