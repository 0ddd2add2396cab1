//! What the follow-up rules read, per engagement: worked out from the whole history (for exports and
//! reports), or read from the summaries that schema version 3's triggers keep up to date (for the
//! agenda, which then reads one row per engagement instead of its checklist rows and ten years of
//! contacts). Since version 10 the summary keeps each checklist's keys, states and done dates as
//! plain text ([`ChecklistStates`]), without notes; the agenda reads the notes of the items still
//! to do, the only ones it shows, from the few items that have one.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::{OptionalExtension, Row, params};

use super::checklist_states::{ChecklistStates, StoredItem};
use super::contacts::{INTERACTION_COLUMNS, interaction_at};
use super::convert::{Columns, key_at};
use super::dates::{Day, date_at, time_at};
use super::proposals::{SELECT_OWN, proposal_of};
use super::{Result, Store};
use crate::domain::engagement::checklist::{Entry, ITEMS, Progress, entry_key};
use crate::domain::engagement::contact::Interaction;
use crate::domain::engagement::facts::{ContactSummary, EngagementFacts, EngagementRecord, Held, in_rules_window};
use crate::domain::engagement::followups::ahead_days;
use crate::domain::engagement::proposal::{Proposal, ProposalFilter};

/// Every engagement with its seat, its MP now and its summary (the latest letter to the MP, call,
/// contact sent, contact, and proposal held; the checklist's states).
const ENGAGEMENTS: &str = concat!(
    "SELECT e.id, e.constituency_code, c.name, coalesce(m.name, ''), m.parliament_id, e.tracked,
        e.cadence_days, e.started_on, e.mp_at_start, e.mp_id_at_start,
        s.last_letter_to_mp, s.last_call, s.last_sent, s.last_contact,
        s.last_held_start, s.last_held_title, s.last_held_kind, s.checklist_states
    FROM engagements e
    JOIN constituencies c ON c.code = e.constituency_code",
    holder_now!(),
    "LEFT JOIN engagement_summaries s ON s.engagement_id = e.id
    ORDER BY c.name"
);

/// The notes of the checklist items still to do, by engagement row id and item key.
const NOTES_TO_DO: &str =
    "SELECT engagement_id, item_key, note FROM checklist_items WHERE state = 'todo' AND note <> ''";

impl Store {
    /// Every engagement (tracked or not) with its whole history, and the facts the rules read from
    /// it on `today`: one query per table rather than one per engagement.
    pub fn engagement_records(&self, today: NaiveDate) -> Result<Vec<EngagementRecord>> {
        let mut logs: HashMap<i64, Vec<Interaction>> = HashMap::new();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT i.engagement_id, {INTERACTION_COLUMNS} FROM interactions i ORDER BY i.occurred_on, i.id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            logs.entry(r.get(0)?).or_default().push(interaction_at(r, 1)?);
        }
        let mut proposals: HashMap<String, Vec<Proposal>> = HashMap::new();
        for p in self.proposals(&ProposalFilter::default())? {
            proposals.entry(p.constituency_code.clone()).or_default().push(p);
        }
        let mut checklists = self.checklists()?;
        let records = self.engagements()?.into_iter().map(|(id, mut facts)| {
            facts.checklist = checklists.remove(&id).unwrap_or_default();
            let (log, planned) = (logs.remove(&id), proposals.remove(&*facts.code));
            EngagementRecord::new(facts, log.unwrap_or_default(), planned.unwrap_or_default(), today, ahead_days())
        });
        Ok(records.collect())
    }

    /// What the agenda reads for `today`: every engagement's facts as the rules see them that day,
    /// from the engagement summaries (each checklist with the notes of its items still to do, the
    /// only ones the agenda shows; the notes of items done or skipped are left empty), and the
    /// organisation's proposals from `today` to `last` (at least as far as the rules look,
    /// [`ahead_days`]), in order of their start.
    pub fn agenda_facts(&self, today: NaiveDate, last: NaiveDate) -> Result<(Vec<EngagementFacts>, Vec<Proposal>)> {
        let (facts, listed, _) = self.agenda_reading(today, last, false)?;
        Ok((facts, listed))
    }

    /// [`Store::agenda_facts`], with the proposals of the day before `today` and then those of the
    /// day after `last` after the ones from `today` to `last` (for the overlaps of proposals that
    /// cross midnight), read in the same pass over the proposals rather than by a query a day.
    pub fn agenda_facts_around(
        &self,
        today: NaiveDate,
        last: NaiveDate,
    ) -> Result<(Vec<EngagementFacts>, Vec<Proposal>)> {
        let (facts, mut listed, around) = self.agenda_reading(today, last, true)?;
        listed.extend(around);
        Ok((facts, listed))
    }

    /// The facts and proposals of [`Store::agenda_facts`], and, when `edges`, the proposals of the
    /// day before `today` and the day after `last` (else none), each list in order of start.
    #[allow(clippy::type_complexity)]
    fn agenda_reading(
        &self,
        today: NaiveDate,
        last: NaiveDate,
        edges: bool,
    ) -> Result<(Vec<EngagementFacts>, Vec<Proposal>, Vec<Proposal>)> {
        let mut facts = self.engagements()?;
        let index: HashMap<i64, usize> = facts.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
        self.add_notes(&mut facts, &index)?;
        // The starts of each day read, as the stored text of a start compares with them: the
        // days from `today` to `last`, and the day either side. One range of the index is read,
        // from the first to the last, and a start in neither day nor range (text that is no time)
        // is passed over.
        let day = |date: NaiveDate| (format!("{date} 00:00"), format!("{date} 24:00"));
        let listed = (format!("{today} 00:00"), format!("{last} 24:00"));
        let (before, after) = match edges {
            true => (today.pred_opt().map(day), last.succ_opt().map(day)),
            false => (None, None),
        };
        let from = before.as_ref().map_or(&listed.0, |(from, _)| from);
        let until = after.as_ref().map_or(&listed.1, |(_, until)| until);
        let within =
            |start: &[u8], (from, until): &(String, String)| from.as_bytes() <= start && start < until.as_bytes();
        // The seat and MP of each proposal come from the engagements just read, not from a join per row.
        let mut stmt = self.conn.prepare(&format!(
            "{SELECT_OWN} WHERE p.starts_at >= ?1 AND p.starts_at < ?2 ORDER BY p.starts_at, p.id"
        ))?;
        let mut rows = stmt.query(params![from, until])?;
        let (mut proposals, mut around) = (Vec::new(), Vec::new());
        while let Some(r) = rows.next()? {
            // Only text compares with the bounds at all (a number or NULL sorts before any text).
            let start = match r.get_ref(8)? {
                ValueRef::Text(start) => start,
                _ => continue,
            };
            let in_days = within(start, &listed);
            if !in_days && ![&before, &after].into_iter().flatten().any(|edge| within(start, edge)) {
                continue;
            }
            let Some(&i) = index.get(&r.get::<_, i64>(2)?) else { continue };
            let f = &facts[i].1;
            // The seat and MP texts are the engagement's own, shared.
            let p = proposal_of(r, f.code.to_string(), Arc::clone(&f.seat), Arc::clone(&f.mp))?;
            if in_days && in_rules_window(&p, today, ahead_days()) {
                facts[i].1.proposals.push(p.clone());
            }
            match in_days {
                true => proposals.push(p),
                false => around.push(p),
            }
        }
        let today_end = format!("{today} 24:00");
        for (id, f) in &mut facts {
            // The summary keeps the latest meeting held whenever it was; one after `today` (a
            // review of a past day) sends us back to the history for the latest one by then.
            if f.last_held.as_ref().is_some_and(|held| held.start.date() > today) {
                f.last_held = self.latest_held(*id, &today_end)?;
            }
            // Only a seat that has changed hands needs the names its contacts were logged with.
            if f.seat_changed() {
                let names = self.contact_names(*id)?;
                f.contacts.new_mp_contacted = f.new_mp_contacted(names.iter().map(String::as_str));
            }
        }
        Ok((facts.into_iter().map(|(_, f)| f).collect(), proposals, around))
    }

    /// Every engagement (seat name order) with its summary and checklist (in key order, without
    /// notes), keyed by its row id.
    fn engagements(&self) -> Result<Vec<(i64, EngagementFacts)>> {
        let mut stmt = self.conn.prepare_cached(ENGAGEMENTS)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, engagement_at(r)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Puts the notes of the checklist items still to do into `facts` (as [`Store::engagements`]
    /// reads them, `index` giving the place of each engagement's row id). They are read through the
    /// index checklist_items_noted_to_do, which holds only the items still to do that have a note.
    fn add_notes(&self, facts: &mut [(i64, EngagementFacts)], index: &HashMap<i64, usize>) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(NOTES_TO_DO)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(&i) = index.get(&r.get::<_, i64>(0)?) else { continue };
            let key = key_at(r, 1)?;
            if let Some(entry) = facts[i].1.checklist.iter_mut().find(|e| e.key == key) {
                entry.note = r.get(2)?;
            }
        }
        Ok(())
    }

    /// Every engagement's checklist (in key order) read from its rows, by engagement row id.
    fn checklists(&self) -> Result<HashMap<i64, Vec<Entry>>> {
        let mut checklists: HashMap<i64, Vec<Entry>> = HashMap::new();
        let mut stmt =
            self.conn.prepare("SELECT engagement_id, item_key, state, done_on, note FROM checklist_items")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            checklists.entry(r.get(0)?).or_default().push(Entry {
                key: key_at(r, 1)?,
                state: r.stored(2)?,
                done_on: date_at(r, 3)?,
                note: r.get(4)?,
            });
        }
        for list in checklists.values_mut() {
            list.sort_by(|a, b| a.key.cmp(&b.key));
        }
        Ok(checklists)
    }

    /// The latest proposal of engagement `id` held that started before `end` ('YYYY-MM-DD 24:00').
    fn latest_held(&self, id: i64, end: &str) -> Result<Option<Held>> {
        let held = self
            .conn
            .query_row(
                "SELECT starts_at, title, kind FROM proposals
                 WHERE engagement_id = ?1 AND status = 'held' AND starts_at < ?2
                 ORDER BY starts_at DESC, id DESC LIMIT 1",
                params![id, end],
                |r| held_at(r, 0),
            )
            .optional()?;
        Ok(held.flatten())
    }

    /// The MP names the contacts of engagement `id` were logged with.
    fn contact_names(&self, id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT DISTINCT mp_name FROM interactions WHERE engagement_id = ?1")?;
        let names = stmt.query_map([id], |r| r.get(0))?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    }
}

/// The facts of one row of [`ENGAGEMENTS`] (the row id first), with the checklist but not its
/// notes, and without proposals.
fn engagement_at(r: &Row<'_>) -> rusqlite::Result<EngagementFacts> {
    Ok(EngagementFacts {
        code: r.get(1)?,
        seat: r.get(2)?,
        mp: r.get(3)?,
        mp_id: r.get(4)?,
        tracked: r.get(5)?,
        cadence_days: r.get(6)?,
        started_on: r.stored::<Day>(7)?.0,
        mp_at_start: r.get(8)?,
        mp_id_at_start: r.get(9)?,
        checklist: checklist_at(r, 17)?,
        contacts: ContactSummary {
            last_letter_to_mp: date_at(r, 10)?,
            last_call: date_at(r, 11)?,
            last_sent: date_at(r, 12)?,
            last_contact: date_at(r, 13)?,
            new_mp_contacted: false,
        },
        last_held: held_at(r, 14)?,
        proposals: Vec::new(),
    })
}

/// The checklist (in key order, every note empty) from the [`ChecklistStates`] the summary keeps in
/// column `at`; none when it is NULL.
pub(super) fn checklist_at(r: &Row<'_>, at: usize) -> rusqlite::Result<Vec<Entry>> {
    let Some(text) = r.get_ref(at)?.as_str_or_null()? else { return Ok(Vec::new()) };
    let items = ChecklistStates::new(text).map_err(|e| e.at(r, at))?;
    // The count is only a hint here: the text may be damaged.
    let mut checklist = Vec::with_capacity(items.left().min(ITEMS.len()));
    for item in items {
        let StoredItem { key, state, done_on } = item.map_err(|e| e.at(r, at))?;
        checklist.push(Entry { key: entry_key(key), state, done_on, note: String::new() });
    }
    checklist.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(checklist)
}

/// The progress of the checklist whose [`ChecklistStates`] the summary keeps in column `at`, read
/// without building its entries; none when the column is NULL (a seat with no engagement).
pub(super) fn progress_at(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<Progress>> {
    let Some(text) = r.get_ref(at)?.as_str_or_null()? else { return Ok(None) };
    let mut unreadable = None;
    let items = ChecklistStates::new(text).map_err(|e| e.at(r, at))?;
    let progress = Progress::of(items.map_while(|item| match item {
        Ok(item) => Some((item.key, item.state)),
        Err(e) => {
            unreadable = Some(e);
            None
        }
    }));
    match unreadable {
        Some(e) => Err(e.at(r, at)),
        None => Ok(Some(progress)),
    }
}

/// A proposal held from its start, title and kind at column `at` on; none when the start is NULL.
fn held_at(r: &Row<'_>, at: usize) -> rusqlite::Result<Option<Held>> {
    if r.get_ref(at)?.data_type() == rusqlite::types::Type::Null {
        return Ok(None);
    }
    Ok(Some(Held { start: time_at(r, at)?, title: r.get(at + 1)?, kind: r.stored(at + 2)? }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::ProposalKind;
    use crate::domain::demo::DemoSpec;
    use crate::domain::engagement::checklist::ItemState;
    use crate::domain::engagement::contact::{Direction, InteractionKind, NewInteraction};
    use crate::domain::engagement::followups::{FollowUpSettings, ahead_days, follow_ups};
    use crate::domain::engagement::proposal::{NewProposal, ProposalStatus};
    use proptest::prelude::*;

    /// The facts worked out from the whole history, with only the notes the agenda reads: those of
    /// the items still to do.
    fn as_the_agenda_reads_them(facts: &EngagementFacts) -> EngagementFacts {
        let mut facts = facts.clone();
        for e in facts.checklist.iter_mut().filter(|e| e.state != ItemState::Todo) {
            e.note.clear();
        }
        facts
    }

    #[test]
    fn the_facts_read_from_the_summaries_are_those_worked_out_from_the_whole_history() {
        let mut store = crate::store::test_store();
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        store.fill_demo(&DemoSpec { tracked: 40, ..DemoSpec::history(2, 600, 900, 5) }, today).unwrap();
        // One seat changed hands since its engagement began: the new-MP rule must see every name.
        store
            .conn
            .execute("UPDATE engagements SET mp_at_start = 'Someone Else', mp_id_at_start = -1 WHERE id = 1", [])
            .unwrap();
        // Notes on items still to do (the demo writes them only on items done or skipped).
        let noted = store
            .conn
            .execute("UPDATE checklist_items SET note = 'Ask for Sam; not 2.1' WHERE state = 'todo' AND id % 5 = 0", [])
            .unwrap();
        assert!(noted > 50, "{noted} notes");
        let mut fired = 0;
        for day in (0..730).step_by(9).map(|n| today - chrono::TimeDelta::days(500 - n)) {
            let all = store.engagement_records(day).unwrap();
            let last = day + chrono::TimeDelta::days(i64::from(ahead_days()) + 20);
            let (some, coming) = store.agenda_facts(day, last).unwrap();
            let listed = store.proposals(&ProposalFilter { from: Some(day), to: Some(last), ..Default::default() });
            assert_eq!(coming, listed.unwrap(), "on {day}");
            let (same, around) = store.agenda_facts_around(day, last).unwrap();
            let edge = |on| store.proposals(&ProposalFilter { from: Some(on), to: Some(on), ..Default::default() });
            let edges = [edge(day.pred_opt().unwrap()).unwrap(), edge(last.succ_opt().unwrap()).unwrap()].concat();
            assert_eq!(around, [coming.clone(), edges].concat(), "with the day either side, on {day}");
            assert_eq!(same, some, "the same facts, on {day}");
            assert_eq!(all.len(), some.len());
            for (record, facts) in all.iter().zip(&some) {
                assert_eq!(&as_the_agenda_reads_them(&record.facts), facts, "{} on {day}", facts.code);
                fired += follow_ups(facts, day, &FollowUpSettings::default()).len();
            }
        }
        assert!(fired > 100, "the rules fired {fired} times");
    }

    /// Rows where the kept summaries and a fresh reading of the history disagree.
    fn stale_summaries(store: &Store) -> i64 {
        let sql = "SELECT count(*) FROM (
                       SELECT * FROM engagement_summaries EXCEPT SELECT * FROM engagement_history
                       UNION ALL
                       SELECT * FROM engagement_history EXCEPT SELECT * FROM engagement_summaries)";
        store.conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_database_from_before_the_summaries_gets_them_when_migrated() {
        let mut store = crate::store::test_store();
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        store.fill_demo(&DemoSpec { tracked: 30, ..DemoSpec::history(1, 200, 300, 3) }, today).unwrap();
        // Back to schema version 2, with the history kept (and so without version 4's columns,
        // version 5's tables, version 6's view, version 7's table, version 9's sharing and version
        // 10's index).
        let sharing: Vec<String> = store
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync%'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for trigger in sharing {
            store.conn.execute_batch(&format!("DROP TRIGGER {trigger}")).unwrap();
        }
        store
            .conn
            .execute_batch(
                "ALTER TABLE members DROP COLUMN address_as; ALTER TABLE members DROP COLUMN derived_address_as;
                 DROP TABLE prorogations; DROP TABLE member_contacts; DROP TABLE member_roles;
                 DROP TABLE member_interests; DROP TABLE data_updates; DROP TABLE follow_up_marks;
                 DROP TABLE engagement_summaries; DROP VIEW engagement_history;
                 DROP TRIGGER engagement_summary_new; DROP TRIGGER interaction_added; DROP TRIGGER interaction_changed;
                 DROP TRIGGER interaction_removed; DROP TRIGGER proposal_added; DROP TRIGGER proposal_changed;
                 DROP TRIGGER proposal_removed; DROP TRIGGER checklist_item_added;
                 DROP TRIGGER checklist_item_changed; DROP TRIGGER checklist_item_removed;
                 DROP TRIGGER proposal_revised; DROP INDEX checklist_items_noted_to_do;
                 ALTER TABLE proposals DROP COLUMN all_day;
                 ALTER TABLE proposals DROP COLUMN sequence; ALTER TABLE proposals DROP COLUMN fold;
                 DROP TABLE sync_state; DROP TABLE sync_ops; DROP TABLE sync_conflicts; DROP TABLE sync_unplaced;
                 PRAGMA user_version = 2;",
            )
            .unwrap();
        crate::store::migrations::migrations().to_latest(&mut store.conn).unwrap();
        assert_eq!(stale_summaries(&store), 0);
        let summarised: i64 = store
            .conn
            .query_row("SELECT count(*) FROM engagement_summaries WHERE last_contact IS NOT NULL", [], |r| r.get(0))
            .unwrap();
        assert!(summarised >= 30, "{summarised} engagements with contacts summarised");
    }

    #[test]
    fn a_database_with_the_checklists_as_json_gets_their_states_when_migrated() {
        let mut store = crate::store::test_store();
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        store.fill_demo(&DemoSpec { tracked: 30, ..DemoSpec::history(1, 200, 300, 3) }, today).unwrap();
        let before = store.agenda_facts(today, today).unwrap();
        // Back to schema version 9: the summaries as version 3 made them, the checklist as JSON, and
        // version 6's view of the MPs now.
        store
            .conn
            .execute_batch(
                "DROP INDEX checklist_items_noted_to_do;
                 DROP TRIGGER checklist_item_added; DROP TRIGGER checklist_item_changed;
                 DROP TRIGGER checklist_item_removed; DROP TRIGGER engagement_summary_new;
                 DROP TRIGGER interaction_added; DROP TRIGGER interaction_changed; DROP TRIGGER interaction_removed;
                 DROP TRIGGER proposal_added; DROP TRIGGER proposal_changed; DROP TRIGGER proposal_removed;
                 DROP VIEW engagement_history; DROP TABLE engagement_summaries;",
            )
            .unwrap();
        store.conn.execute_batch(include_str!("migrations/003_engagement_summaries.sql")).unwrap();
        store.conn.execute_batch(include_str!("migrations/006_current_mps.sql")).unwrap();
        store.conn.execute_batch("PRAGMA user_version = 9").unwrap();
        let json: String = store
            .conn
            .query_row("SELECT checklist FROM engagement_summaries WHERE checklist LIKE '%done%' LIMIT 1", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(json.starts_with("[[\""), "{json}");

        crate::store::migrations::migrations().to_latest(&mut store.conn).unwrap();
        assert_eq!(stale_summaries(&store), 0);
        let dated: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM engagement_summaries WHERE checklist_states GLOB '17;1.1 * 20[0-9][0-9]-*'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(dated >= 10, "{dated} checklists with the first item done, and its date");
        assert_eq!(store.agenda_facts(today, today).unwrap(), before);
    }

    #[test]
    fn the_agenda_reads_the_notes_from_the_items_to_do_that_have_one_only() {
        let store = crate::store::test_store();
        let mut stmt = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {NOTES_TO_DO}")).unwrap();
        let plan: Vec<String> = stmt.query_map([], |r| r.get(3)).unwrap().map(Result::unwrap).collect();
        assert!(plan.iter().any(|step| step.contains("COVERING INDEX checklist_items_noted_to_do")), "{plan:#?}");
    }

    /// One write to the history of one of three seats.
    #[derive(Debug, Clone)]
    enum Write {
        Log(usize, InteractionKind, Direction, u32),
        Unlog(usize),
        Propose(usize, u32),
        Status(usize, ProposalStatus),
        Move(usize, u32),
        Unpropose(usize),
        Tick(usize, usize, ItemState, u32),
        /// A checklist item's note changed alone.
        Note(usize, usize, u32),
        /// A checklist item removed (as a plan being restored removes them).
        Untick(usize, usize),
    }

    fn write() -> impl Strategy<Value = Write> {
        let seat = 0..3usize;
        let day = 0..60u32;
        prop_oneof![
            (seat.clone(), proptest::sample::select(InteractionKind::ALL.to_vec()), any::<bool>(), day.clone())
                .prop_map(|(s, k, to, d)| Write::Log(s, k, if to { Direction::ToMp } else { Direction::FromMp }, d)),
            (0..20usize).prop_map(Write::Unlog),
            (seat, day.clone()).prop_map(|(s, d)| Write::Propose(s, d)),
            (0..20usize, proptest::sample::select(ProposalStatus::ALL.to_vec()))
                .prop_map(|(i, st)| Write::Status(i, st)),
            (0..20usize, day).prop_map(|(i, d)| Write::Move(i, d)),
            (0..20usize).prop_map(Write::Unpropose),
            (
                0..3usize,
                0..17usize,
                proptest::sample::select(vec![ItemState::Todo, ItemState::Done, ItemState::Skipped]),
                0..60u32
            )
                .prop_map(|(s, k, state, d)| Write::Tick(s, k, state, d)),
            (0..3usize, 0..17usize, 0..60u32).prop_map(|(s, k, d)| Write::Note(s, k, d)),
            (0..3usize, 0..17usize).prop_map(|(s, k)| Write::Untick(s, k)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Whatever is written, added, changed or removed, the summaries stay those the history gives.
        #[test]
        fn the_summaries_follow_every_write(writes in proptest::collection::vec(write(), 1..30)) {
            let mut store = crate::store::test_store();
            let seats = ["E14001323", "E14001320", "E14001063"];
            let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
            let day = |n: u32| today + chrono::TimeDelta::days(i64::from(n) - 30);
            let (mut logged, mut proposed) = (Vec::new(), Vec::new());
            for w in writes {
                match w {
                    Write::Log(s, kind, direction, d) => {
                        let new = NewInteraction { kind, direction, on: day(d), summary: String::new() };
                        logged.push(store.log_interaction(seats[s], &new, today).unwrap().interaction.id);
                    }
                    Write::Unlog(i) if i < logged.len() => store.remove_interaction(logged.remove(i)).unwrap(),
                    Write::Propose(s, d) => {
                        let start = day(d).and_hms_opt(10, 0, 0).unwrap();
                        let new = NewProposal {
                            constituency_code: seats[s].into(),
                            title: format!("Visit {d}"),
                            kind: ProposalKind::Visit,
                            place: String::new(),
                            start,
                            end: start + chrono::TimeDelta::hours(1),
                            all_day: false,
                            fold: Default::default(),
                            attendees: None,
                        };
                        proposed.push(store.add_proposal(&new, today).unwrap().0.id);
                    }
                    Write::Status(i, status) if i < proposed.len() => {
                        store.set_proposal_status(proposed[i], status, today).unwrap();
                    }
                    Write::Move(i, d) if i < proposed.len() => {
                        let start = day(d).and_hms_opt(14, 0, 0).unwrap();
                        store.move_proposal(proposed[i], start, start + chrono::TimeDelta::hours(1)).unwrap();
                    }
                    Write::Unpropose(i) if i < proposed.len() => {
                        store.remove_proposal(proposed.remove(i)).unwrap();
                    }
                    Write::Tick(s, k, state, d) => {
                        store.track(seats[s], today).unwrap();
                        let key = crate::domain::engagement::checklist::ITEMS[k].key.into();
                        let done_on = (state == ItemState::Done).then(|| day(d));
                        let entry = Entry { key, state, done_on, note: format!("note {d}, \"quoted\"") };
                        // An item removed (Untick) cannot be set.
                        match store.set_checklist_entry(seats[s], &entry) {
                            Ok(()) | Err(crate::store::StoreError::Invalid(_)) => {}
                            Err(e) => panic!("{e}"),
                        }
                    }
                    Write::Note(s, k, d) => {
                        let key = crate::domain::engagement::checklist::ITEMS[k].key;
                        store.conn.execute(
                            "UPDATE checklist_items SET note = ?3
                             WHERE item_key = ?2 AND engagement_id = (SELECT id FROM engagements WHERE constituency_code = ?1)",
                            params![seats[s], key, format!("note {d}; done 2026-01-01")],
                        ).unwrap();
                    }
                    Write::Untick(s, k) => {
                        let key = crate::domain::engagement::checklist::ITEMS[k].key;
                        store.conn.execute(
                            "DELETE FROM checklist_items
                             WHERE item_key = ?2 AND engagement_id = (SELECT id FROM engagements WHERE constituency_code = ?1)",
                            params![seats[s], key],
                        ).unwrap();
                    }
                    _ => {}
                }
                prop_assert_eq!(stale_summaries(&store), 0);
            }
            let summarised: i64 = store.conn.query_row("SELECT count(*) FROM engagement_summaries", [], |r| r.get(0)).unwrap();
            let engagements: i64 = store.conn.query_row("SELECT count(*) FROM engagements", [], |r| r.get(0)).unwrap();
            prop_assert_eq!(summarised, engagements);
            // And the agenda reads from them what the whole history gives, with the notes of the
            // items still to do.
            let last = today + chrono::TimeDelta::days(i64::from(ahead_days()) + 20);
            let (some, _) = store.agenda_facts(today, last).unwrap();
            let all = store.engagement_records(today).unwrap();
            prop_assert_eq!(all.len(), some.len());
            for (record, facts) in all.iter().zip(&some) {
                prop_assert_eq!(&as_the_agenda_reads_them(&record.facts), facts);
            }
        }
    }
}
