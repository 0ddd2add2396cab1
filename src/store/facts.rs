//! Everything the follow-up rules read, per engagement: all of it (for exports and reports), or
//! only the rows the rules can look at on one day (for the agenda).

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rusqlite::params;

use super::contacts::{INTERACTION_COLUMNS, interaction_at};
use super::proposals::SELECT;
use super::{Result, Store};
use crate::domain::checklist::{Entry, ItemState};
use crate::domain::followups::EngagementFacts;
use crate::domain::proposal::{Proposal, ProposalFilter};

/// Per engagement, the first day of the contacts the rules can look at on ?1 (a day's end,
/// 'YYYY-MM-DD 24:00'): the earliest of the latest letter to the MP, the latest proposal held and
/// the latest contact of any kind; every day ('') when the seat may have changed hands since the
/// engagement began, so that the new-MP rule sees every name.
const INTERACTIONS_SINCE: &str = "
    WITH since AS MATERIALIZED (
        SELECT e.id AS eid,
            CASE WHEN CASE WHEN m.parliament_id IS NOT NULL AND e.mp_id_at_start IS NOT NULL
                           THEN m.parliament_id <> e.mp_id_at_start
                           ELSE coalesce(m.name, '') <> e.mp_at_start END
                 THEN ''
                 ELSE min(
                     coalesce((SELECT max(occurred_on) FROM interactions
                               WHERE engagement_id = e.id AND kind = 'letter' AND direction = 'to_mp'), '9999'),
                     coalesce((SELECT substr(max(starts_at), 1, 10) FROM proposals
                               WHERE engagement_id = e.id AND status = 'held' AND starts_at < ?1), '9999'),
                     coalesce((SELECT max(occurred_on) FROM interactions WHERE engagement_id = e.id), '9999'))
            END AS day
        FROM engagements e
        LEFT JOIN seat_holders h ON h.constituency_code = e.constituency_code AND h.held_until IS NULL
        LEFT JOIN members m ON m.id = h.member_id)
    SELECT i.engagement_id, {COLUMNS}
    FROM since CROSS JOIN interactions i WHERE i.engagement_id = since.eid AND i.occurred_on >= since.day";

/// The proposals the rules can look at: those starting from ?1 to ?2 (coming soon), and each
/// engagement's latest held one that started by ?3 (today's end). The CTEs are materialized and
/// joined in the order written so that SQLite looks up per engagement instead of scanning history.
const PROPOSALS_FOR_RULES: &str = "
    WITH latest AS MATERIALIZED (
        SELECT e.id AS eid,
            (SELECT max(starts_at) FROM proposals WHERE engagement_id = e.id AND status = 'held' AND starts_at < ?3) AS at
        FROM engagements e)
    {SELECT}
    WHERE p.id IN (
        SELECT id FROM proposals WHERE starts_at >= ?1 AND starts_at < ?2
        UNION
        SELECT held.id FROM latest CROSS JOIN proposals held
        WHERE held.engagement_id = latest.eid AND held.status = 'held' AND held.starts_at = latest.at)
    ORDER BY p.starts_at, p.id";

impl Store {
    /// What the follow-up rules need for every engagement (tracked or not), every row of it, read
    /// with one query per table rather than one per engagement.
    pub fn engagement_facts(&self) -> Result<Vec<EngagementFacts>> {
        let interactions = format!("SELECT i.engagement_id, {INTERACTION_COLUMNS} FROM interactions i");
        let proposals = self.proposals(&ProposalFilter::default())?;
        self.facts(&interactions, &[], proposals)
    }

    /// The facts as the follow-up rules see them on `today`, looking `ahead_days` ahead: only the
    /// contacts and proposals that can change a rule's result, so that ten years of history is not
    /// read to find this week's reminders.
    pub fn engagement_facts_on(&self, today: NaiveDate, ahead_days: u32) -> Result<Vec<EngagementFacts>> {
        let last = today.checked_add_days(Days::new(ahead_days.into())).unwrap_or(today);
        let (first, end) = (format!("{today} 00:00"), format!("{today} 24:00"));
        let mut stmt = self.conn.prepare(&PROPOSALS_FOR_RULES.replace("{SELECT}", SELECT))?;
        let rows = stmt.query_map(params![first, format!("{last} 24:00"), end], super::proposals::proposal_row)?;
        let proposals = rows.collect::<rusqlite::Result<Vec<Proposal>>>()?;
        self.facts(&INTERACTIONS_SINCE.replace("{COLUMNS}", INTERACTION_COLUMNS), &[&end], proposals)
    }

    /// The engagements with their checklists (in key order), the interactions `interactions`
    /// selects (the engagement id first; oldest first) and the `proposals` given.
    fn facts(
        &self,
        interactions: &str,
        args: &[&dyn rusqlite::ToSql],
        proposals: Vec<Proposal>,
    ) -> Result<Vec<EngagementFacts>> {
        let mut stmt = self.conn.prepare(
            "SELECT e.id, e.constituency_code, c.name, coalesce(m.name, ''), m.parliament_id, e.tracked,
                 e.cadence_days, e.started_on, e.mp_at_start, e.mp_id_at_start
             FROM engagements e
             JOIN constituencies c ON c.code = e.constituency_code
             LEFT JOIN seat_holders h ON h.constituency_code = c.code AND h.held_until IS NULL
             LEFT JOIN members m ON m.id = h.member_id
             ORDER BY c.name",
        )?;
        let mut facts: Vec<(i64, EngagementFacts)> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    EngagementFacts {
                        code: r.get(1)?,
                        seat: r.get(2)?,
                        mp: r.get(3)?,
                        mp_id: r.get(4)?,
                        tracked: r.get(5)?,
                        cadence_days: r.get(6)?,
                        started_on: r.get(7)?,
                        mp_at_start: r.get(8)?,
                        mp_id_at_start: r.get(9)?,
                        checklist: Vec::new(),
                        interactions: Vec::new(),
                        proposals: Vec::new(),
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let index: HashMap<i64, usize> = facts.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
        let by_code: HashMap<String, usize> = facts.iter().enumerate().map(|(i, (_, f))| (f.code.clone(), i)).collect();

        let mut stmt =
            self.conn.prepare("SELECT engagement_id, item_key, state, done_on, note FROM checklist_items")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
                let state: String = r.get(2)?;
                facts[i].1.checklist.push(Entry {
                    key: r.get(1)?,
                    state: ItemState::parse(&state).unwrap_or(ItemState::Todo),
                    done_on: r.get(3)?,
                    note: r.get(4)?,
                });
            }
        }
        let mut stmt = self.conn.prepare(interactions)?;
        let mut rows = stmt.query(args)?;
        while let Some(r) = rows.next()? {
            if let Some(&i) = index.get(&r.get::<_, i64>(0)?) {
                facts[i].1.interactions.push(interaction_at(r, 1)?);
            }
        }
        for p in proposals {
            if let Some(&i) = by_code.get(&p.constituency_code) {
                facts[i].1.proposals.push(p);
            }
        }
        // Sorted here, per engagement, rather than by SQLite over every row.
        for (_, f) in &mut facts {
            f.checklist.sort_by(|a, b| a.key.cmp(&b.key));
            f.interactions.sort_by_key(|i| (i.on, i.id));
        }
        Ok(facts.into_iter().map(|(_, f)| f).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo::DemoSpec;
    use crate::domain::followups::{FollowUpSettings, ahead_days, follow_ups};

    #[test]
    fn the_rules_give_the_same_follow_ups_from_the_facts_of_the_day_as_from_all_of_them() {
        let mut store = crate::store::test_store();
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        store.fill_demo(&DemoSpec { tracked: 40, ..DemoSpec::history(2, 600, 900, 5) }, today).unwrap();
        // One seat changed hands since its engagement began: the new-MP rule must see every contact.
        store
            .conn
            .execute("UPDATE engagements SET mp_at_start = 'Someone Else', mp_id_at_start = -1 WHERE id = 1", [])
            .unwrap();
        let all = store.engagement_facts().unwrap();
        let mut fired = 0;
        for day in (0..730).step_by(9).map(|n| today - chrono::TimeDelta::days(500 - n)) {
            let some = store.engagement_facts_on(day, ahead_days()).unwrap();
            assert!(some.iter().map(|f| f.interactions.len()).sum::<usize>() < 900);
            for (a, b) in all.iter().zip(&some) {
                assert_eq!((&a.code, &a.checklist), (&b.code, &b.checklist));
                let expected = follow_ups(a, day, &FollowUpSettings::default());
                assert_eq!(expected, follow_ups(b, day, &FollowUpSettings::default()), "{} on {day}", a.code);
                fired += expected.len();
            }
        }
        assert!(fired > 100, "the rules fired {fired} times");
    }
}
