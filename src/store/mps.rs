//! Seats and MPs: listing, searching, one MP's card, and postcode areas.

use rusqlite::{OptionalExtension, Row, params};

use super::facts::progress_at;
use super::{Result, Store, StoreError};
use crate::domain::mps::held_since::{HeldSince, held_since};
use crate::domain::mps::postcode::Postcode;
use crate::domain::mps::resolve::Candidate;
use crate::domain::text::fold;
use crate::domain::views::{AreaMatch, Links, MpCard, MpSummary, PostcodeLookup, SeatChange, SeatChoice, Tenure};

/// Which MPs `list_mps` returns.
#[derive(Debug, Clone, Default)]
pub struct MpFilter {
    /// A part of an MP's or constituency's name (case- and accent-insensitive).
    pub search: Option<String>,
    /// A part of a party's name (case- and accent-insensitive).
    pub party: Option<String>,
    pub tracked_only: bool,
}

/// Seats with their current holder; a vacant seat has no member.
const CURRENT_SEATS: &str = concat!(
    "FROM constituencies c",
    holder_now!(),
    "LEFT JOIN engagements e ON e.constituency_code = c.code
    LEFT JOIN engagement_summaries s ON s.engagement_id = e.id"
);

/// The columns [`summary`] reads; the last is the engagement's checklist as its summary keeps it
/// (NULL for a seat with no engagement).
const SUMMARY_COLUMNS: &str = "c.code, c.name, c.country, c.region, coalesce(m.name, ''), coalesce(m.party, ''),
    coalesce(m.email, ''), m.parliament_id, coalesce(e.tracked, 0), s.checklist_states";

impl Store {
    pub fn list_mps(&self, filter: &MpFilter) -> Result<Vec<MpSummary>> {
        let like = |s: &Option<String>| s.as_deref().map(|s| format!("%{}%", escape_like(&fold(s))));
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} {CURRENT_SEATS}
             WHERE (?1 IS NULL OR c.search_key LIKE ?1 ESCAPE '\\' OR m.search_key LIKE ?1 ESCAPE '\\')
               AND (?2 IS NULL OR lower(m.party) LIKE ?2 ESCAPE '\\')
               AND (?3 = 0 OR e.tracked = 1)
             ORDER BY c.name"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![like(&filter.search), like(&filter.party), filter.tracked_only], summary)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every seat with its current MP, for resolving what the user typed.
    pub fn mp_candidates(&self) -> Result<Vec<Candidate>> {
        let mut stmt = self.conn.prepare(concat!(
            "SELECT c.code, c.name, coalesce(m.name, ''), m.parliament_id FROM constituencies c",
            holder_now!(),
            "ORDER BY c.name"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(Candidate { code: r.get(0)?, constituency: r.get(1)?, mp_name: r.get(2)?, member_id: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One seat's MP with every contact field, links and the seat's history.
    pub fn mp_card(&self, code: &str) -> Result<Option<MpCard>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, coalesce(m.full_title, ''), m.twfy_id, h.held_from, c.ge2024_result,
                 c.local_authorities, coalesce(m.profile_url, ''), coalesce(m.website, ''),
                 coalesce(m.twitter, ''), coalesce(m.bluesky, ''), coalesce(m.facebook, ''),
                 coalesce(m.address_as, m.derived_address_as)
             {CURRENT_SEATS} WHERE c.code = ?1"
        );
        let first_met = self.parliament_first_met()?;
        let card = self
            .conn
            .prepare_cached(&sql)?
            .query_row([code], |r| {
                let ge2024_result: String = r.get(13)?;
                let since = held_since(r.get(12)?, first_met, !ge2024_result.trim().is_empty());
                Ok(MpCard {
                    summary: summary(r)?,
                    full_title: r.get(10)?,
                    salutation: r.get(20)?,
                    twfy_person_id: r.get(11)?,
                    seat_held_since: since.date(),
                    held_since_2024_general_election: since == HeldSince::GeneralElection2024,
                    ge2024_result,
                    local_authorities: r.get(14)?,
                    links: Links::new(
                        &r.get::<_, String>(15)?,
                        &r.get::<_, String>(16)?,
                        &r.get::<_, String>(17)?,
                        &r.get::<_, String>(18)?,
                        &r.get::<_, String>(19)?,
                    ),
                    history: Vec::new(),
                    changes: Vec::new(),
                    profile: Default::default(),
                })
            })
            .optional()?;
        let Some(mut card) = card else {
            return Ok(None);
        };
        let contested = !card.ge2024_result.trim().is_empty();
        card.history = self.seat_history(code, first_met, contested)?;
        card.changes = self.seat_changes(code)?;
        if let Some(id) = card.summary.member_id {
            card.profile = self.member_profile(id)?;
        }
        Ok(Some(card))
    }

    /// The day the Parliament elected on the 2024 boundaries first met: the opening of the first
    /// session in the shipped data (commons_sessions.csv begins with that Parliament's first
    /// session). Sessions the user adds or imports are left out, so that older ones cannot move it.
    fn parliament_first_met(&self) -> Result<Option<chrono::NaiveDate>> {
        Ok(self.conn.query_row("SELECT min(opened_on) FROM sessions WHERE source = 'shipped'", [], |r| r.get(0))?)
    }

    fn seat_history(&self, code: &str, first_met: Option<chrono::NaiveDate>, contested: bool) -> Result<Vec<Tenure>> {
        let mut stmt = self.conn.prepare(
            "SELECT m.name, h.party, m.parliament_id, h.held_from, h.held_until
             FROM seat_holders h JOIN members m ON m.id = h.member_id
             WHERE h.constituency_code = ?1
             ORDER BY h.held_until IS NULL, h.held_until, h.held_from",
        )?;
        let rows = stmt.query_map([code], |r| {
            let since = held_since(r.get(3)?, first_met, contested);
            Ok(Tenure {
                name: r.get(0)?,
                party: r.get(1)?,
                member_id: r.get(2)?,
                from: since.date(),
                from_2024_general_election: since == HeldSince::GeneralElection2024,
                until: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn seat_changes(&self, code: &str) -> Result<Vec<SeatChange>> {
        let mut stmt = self.conn.prepare(
            "SELECT observed_on, change, before_mp, before_party, after_mp, after_party
             FROM seat_events WHERE constituency_code = ?1 ORDER BY observed_on, id",
        )?;
        let rows = stmt.query_map([code], |r| {
            Ok(SeatChange {
                observed_on: r.get(0)?,
                change: r.get(1)?,
                before_mp: r.get(2)?,
                before_party: r.get(3)?,
                after_mp: r.get(4)?,
                after_party: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The constituencies a postcode sector ("LS1 4") or district ("LS1") falls in, best first.
    pub fn postcode_area(&self, area: &str) -> Result<Vec<AreaMatch>> {
        let mut stmt = self.conn.prepare(concat!(
            "SELECT a.constituency_code, c.name, a.share, a.postcode_count, a.rank,
                 coalesce(m.name, ''), coalesce(m.party, ''), m.parliament_id
             FROM postcode_areas a
             JOIN constituencies c ON c.code = a.constituency_code",
            holder_now!(),
            "WHERE a.area = ?1 ORDER BY a.rank"
        ))?;
        let rows = stmt.query_map([area], |r| {
            Ok(AreaMatch {
                constituency_code: r.get(0)?,
                constituency: r.get(1)?,
                share: r.get(2)?,
                postcode_count: r.get(3)?,
                rank: r.get(4)?,
                mp: r.get(5)?,
                party: r.get(6)?,
                member_id: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The constituencies a postcode falls in: by its sector when the data has it, else by its
    /// district. Northern Ireland postcodes list the seats there to choose from. A district the data
    /// does not know is an error naming it.
    pub fn lookup_postcode(&self, postcode: &Postcode) -> Result<PostcodeLookup> {
        let mut lookup = PostcodeLookup {
            postcode: postcode.to_string(),
            level: postcode.level(),
            area: postcode.district().to_string(),
            northern_ireland: postcode.is_northern_ireland(),
            matches: Vec::new(),
            choices: Vec::new(),
        };
        if lookup.northern_ireland {
            lookup.choices = self.seats_in_country("Northern Ireland")?;
            return Ok(lookup);
        }
        if let Some(sector) = postcode.sector() {
            lookup.matches = self.postcode_area(&sector)?;
            if !lookup.matches.is_empty() {
                lookup.area = sector;
                return Ok(lookup);
            }
        }
        lookup.matches = self.postcode_area(postcode.district())?;
        if lookup.matches.is_empty() {
            return Err(StoreError::Invalid(format!(
                "no constituency is known for {postcode} (postcode district {}); check the postcode, or find the seat by name",
                postcode.district()
            )));
        }
        Ok(lookup)
    }

    /// Every seat in one country, by name, with its MP.
    pub fn seats_in_country(&self, country: &str) -> Result<Vec<SeatChoice>> {
        let mut stmt = self.conn.prepare(concat!(
            "SELECT c.code, c.name, coalesce(m.name, ''), coalesce(m.party, '') FROM constituencies c",
            holder_now!(),
            "WHERE c.country = ?1 ORDER BY c.name"
        ))?;
        let rows = stmt.query_map([country], |r| {
            Ok(SeatChoice { constituency_code: r.get(0)?, constituency: r.get(1)?, mp: r.get(2)?, party: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn summary(r: &Row<'_>) -> rusqlite::Result<MpSummary> {
    let progress = progress_at(r, 9)?;
    Ok(MpSummary {
        constituency_code: r.get(0)?,
        constituency: r.get(1)?,
        country: r.get(2)?,
        region: r.get(3)?,
        name: r.get(4)?,
        party: r.get(5)?,
        email: r.get(6)?,
        member_id: r.get(7)?,
        tracked: r.get(8)?,
        progress,
    })
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::data;
    use crate::domain::engagement::checklist::Progress;

    use crate::store::test_store as loaded;

    /// `holder_now!` gives every seat one row, with its holder now or none: a seat whose holder
    /// changed is not listed twice, and a vacant one is listed with no member. Migration 012 took
    /// away the view it replaces.
    #[test]
    fn holder_now_is_every_seat_once_with_its_holder_now_vacant_seats_included() {
        let store = loaded();
        store
            .conn
            .execute_batch(
                "UPDATE seat_holders SET held_until = '2026-01-01' WHERE constituency_code = 'E14001063';
                 INSERT INTO seat_holders (constituency_code, member_id, party, held_from, held_until)
                 SELECT 'E14001323', member_id, party, '2020-01-01', '2024-07-04' FROM seat_holders
                 WHERE constituency_code = 'E14001063';",
            )
            .unwrap();
        let count = |sql: &str| -> i64 { store.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count(concat!("SELECT count(*) FROM constituencies c", holder_now!())), 650);
        assert_eq!(count(concat!("SELECT count(*) FROM constituencies c", holder_now!(), "WHERE m.id IS NULL")), 1);
        let holder = |code: &str| -> i64 {
            let sql = concat!("SELECT m.id FROM constituencies c", holder_now!(), "WHERE c.code = ?1");
            store.conn.query_row(sql, [code], |r| r.get(0)).unwrap()
        };
        let now: i64 = store
            .conn
            .query_row(
                "SELECT member_id FROM seat_holders WHERE constituency_code = 'E14001323' AND held_until IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(holder("E14001323"), now, "the holder now, not the earlier one");
        assert_eq!(count("SELECT count(*) FROM sqlite_schema WHERE name = 'current_mps'"), 0);
    }

    /// SQLite reads each seat's holder through the index of current tenures, one look-up per seat,
    /// and builds nothing first.
    #[test]
    fn the_queries_of_a_seats_mp_look_up_the_tenure_now() {
        let store = loaded();
        let queries = [
            format!("SELECT {SUMMARY_COLUMNS} {CURRENT_SEATS} WHERE c.code = 'E14001323'"),
            format!("{} WHERE p.starts_at >= '2026-11-23 00:00'", super::super::proposals::SELECT),
            concat!("SELECT c.code, m.name FROM constituencies c", holder_now!(), "WHERE c.country = 'Wales'")
                .to_string(),
        ];
        for sql in queries {
            let mut stmt = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let plan: Vec<String> = stmt.query_map([], |r| r.get(3)).unwrap().map(Result::unwrap).collect();
            assert!(
                plan.iter().all(|step| !step.contains("MATERIALIZE") && !step.contains("CO-ROUTINE")),
                "{sql}\n{plan:#?}"
            );
            assert!(plan.iter().any(|step| step.contains("seat_holders_current")), "{sql}\n{plan:#?}");
        }
    }

    #[test]
    fn all_650_seats_have_an_mp_after_loading() {
        let store = loaded();
        let all = store.list_mps(&MpFilter::default()).unwrap();
        assert_eq!(all.len(), 650);
        assert!(all.iter().all(|m| !m.name.is_empty() && m.member_id.is_some()));
        let mut countries: HashMap<&str, usize> = HashMap::new();
        for m in &all {
            *countries.entry(m.country.as_str()).or_default() += 1;
        }
        assert_eq!(countries["England"], 543);
        assert_eq!(countries["Scotland"], 57);
        assert_eq!(countries["Wales"], 32);
        assert_eq!(countries["Northern Ireland"], 18);
    }

    #[test]
    fn search_ignores_case_and_accents_and_matches_names_and_seats() {
        let store = loaded();
        let search = |s: &str| store.list_mps(&MpFilter { search: Some(s.into()), ..Default::default() }).unwrap();
        let begley = search("ORFHLAITH");
        assert_eq!(begley.len(), 1);
        assert_eq!(begley[0].name, "Órfhlaith Begley");
        assert!(search("leeds").len() >= 5);
        assert!(search("leeds").iter().all(|m| m.constituency.starts_with("Leeds")));
        assert!(search("100%").is_empty(), "LIKE wildcards in the query are taken literally");
    }

    #[test]
    fn party_filter_is_a_case_insensitive_part() {
        let store = loaded();
        let greens = store.list_mps(&MpFilter { party: Some("green".into()), ..Default::default() }).unwrap();
        assert!(!greens.is_empty());
        assert!(greens.iter().all(|m| m.party.to_lowercase().contains("green")));
    }

    #[test]
    fn card_has_history_for_a_seat_that_changed_hands() {
        let store = loaded();
        let card = store.mp_card("E14001350").unwrap().expect("Makerfield");
        assert_eq!(card.summary.name, "Andy Burnham");
        let names: Vec<&str> = card.history.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Josh Simons", "Andy Burnham"]);
        assert_eq!(card.history[0].until.unwrap().to_string(), "2026-05-19");
        assert!(card.changes.iter().any(|c| c.change == "seat vacant"));
        assert!(card.links.parliament_profile.starts_with("https://members.parliament.uk/member/"));
        assert!(store.mp_card("X00000000").unwrap().is_none());
    }

    #[test]
    fn postcode_sector_lookup_is_best_first() {
        let store = loaded();
        let found = store.postcode_area("LS1 4").unwrap();
        let names: Vec<&str> = found.iter().map(|a| a.constituency.as_str()).collect();
        assert_eq!(names, ["Leeds South", "Leeds Central and Headingley"]);
        assert!((found[0].share - 0.6574).abs() < 1e-9);
        assert!(!found[0].mp.is_empty());
        assert_eq!(store.seats_in_country("Northern Ireland").unwrap().len(), 18);
    }

    #[test]
    fn reloading_a_newer_dataset_keeps_the_users_rows() {
        let mut store = loaded();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        store.track("E14001323", today).unwrap();
        let mut newer = data::shipped().unwrap();
        newer.version = "test-newer".into();
        newer.seats.retain(|s| s.constituency_code != "E14001063");
        store.replace_shipped(&newer).unwrap();
        assert_eq!(store.dataset_version().unwrap().as_deref(), Some("test-newer"));
        let tracked = store.list_mps(&MpFilter { tracked_only: true, ..Default::default() }).unwrap();
        assert_eq!(tracked.len(), 1);
        assert_eq!(tracked[0].constituency_code, "E14001323");
        assert_eq!(tracked[0].progress.as_ref().unwrap().total, 17);
        // The seat left out of the newer data has no current MP any more; the other 649 do.
        let all = store.list_mps(&MpFilter::default()).unwrap();
        assert_eq!(all.iter().filter(|m| !m.name.is_empty()).count(), 649);
    }

    /// The titles a name a person reads must not open with.
    fn titled(name: &str) -> bool {
        ["Mr ", "Mrs ", "Ms ", "Miss ", "Dr ", "Sir ", "Dame ", "Rt Hon ", "Lord ", "Lady "]
            .iter()
            .any(|t| name.starts_with(t))
    }

    #[test]
    fn no_shipped_name_carries_a_title() {
        let store = loaded();
        let all = store.list_mps(&MpFilter::default()).unwrap();
        assert_eq!(all.len(), 650);
        let titled_names: Vec<&str> = all.iter().map(|m| m.name.as_str()).filter(|n| titled(n)).collect();
        assert!(titled_names.is_empty(), "{titled_names:?}");
        let names = |sql: &str| -> Vec<String> {
            let mut stmt = store.conn.prepare(sql).unwrap();
            stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
        };
        let everyone = names(
            "SELECT name FROM members UNION ALL SELECT before_mp FROM seat_events UNION ALL SELECT after_mp FROM seat_events",
        );
        assert!(
            everyone.len() > 650 && everyone.iter().all(|n| !titled(n)),
            "{:?}",
            everyone.iter().filter(|n| titled(n)).collect::<Vec<_>>()
        );
        let abbott = store.mp_card("E14001259").unwrap().unwrap();
        assert_eq!(abbott.summary.name, "Diane Abbott");
        assert!(abbott.changes.iter().all(|c| c.before_mp == "Diane Abbott" && c.after_mp == "Diane Abbott"));
        assert_eq!(abbott.salutation.as_deref(), Some("Ms Abbott"), "the title the name had is kept in the form");
    }

    #[test]
    fn the_card_says_how_to_address_the_mp() {
        let store = loaded();
        let card = |code: &str| store.mp_card(code).unwrap().unwrap();
        let tami = card("W07000082");
        assert_eq!(tami.summary.constituency, "Alyn and Deeside");
        assert_eq!((tami.summary.name.as_str(), tami.salutation.as_deref()), ("Mark Tami", Some("Sir Mark")));
        assert_eq!(tami.full_title, "Rt Hon Sir Mark Tami MP");
        let rand = store.list_mps(&MpFilter { search: Some("Connor Rand".into()), ..Default::default() }).unwrap();
        let rand = card(&rand[0].constituency_code);
        assert_eq!((rand.summary.name.as_str(), rand.salutation.as_deref()), ("Connor Rand", Some("Mr Rand")));
        assert_eq!(card("E14001323").salutation, None, "Hilary Benn: no title in the data, no form guessed");
    }

    #[test]
    fn held_since_is_the_start_in_this_seat_or_the_general_election_never_an_older_start() {
        let store = loaded();
        let card = |code: &str| store.mp_card(code).unwrap().unwrap();
        let leeds_south = card("E14001323");
        assert_eq!(leeds_south.seat_held_since, None, "the shipped start is 1999, before the seat existed");
        assert!(leeds_south.held_since_2024_general_election);
        let runcorn = card("E14001455");
        assert_eq!(runcorn.summary.constituency, "Runcorn and Helsby");
        assert_eq!(runcorn.seat_held_since.map(|d| d.to_string()).as_deref(), Some("2025-05-01"));
        assert!(!runcorn.held_since_2024_general_election);
        let makerfield = card("E14001350");
        assert_eq!(makerfield.held_since(), crate::domain::mps::held_since::HeldSince::NotKnown);
        // The seat's history reads the same way.
        let abbott = card("E14001259");
        let current = abbott.history.last().unwrap();
        assert!(current.until.is_none() && current.from.is_none() && current.from_2024_general_election);
    }

    #[test]
    fn an_older_database_gets_names_without_titles_and_parliaments_salutation_survives_a_reload() {
        let mut store = loaded();
        // As a database loaded before names were read: titles in the names, an older dataset.
        store
            .conn
            .execute_batch(
                "UPDATE members SET name = 'Mr Connor Rand', derived_address_as = NULL, address_as = 'Mr Rnad'
                     WHERE name = 'Connor Rand';
                 UPDATE members SET address_as = 'Mr Benn' WHERE name = 'Hilary Benn';
                 UPDATE meta SET value = '2026-06-27.1' WHERE key = 'dataset_version';",
            )
            .unwrap();
        assert!(data::ensure_loaded(&mut store).unwrap(), "an older dataset is replaced");
        let rand = store.list_mps(&MpFilter { search: Some("rand".into()), ..Default::default() }).unwrap();
        let rand = rand.iter().find(|m| m.name.ends_with("Rand")).unwrap();
        assert_eq!(rand.name, "Connor Rand");
        let rand = store.mp_card(&rand.constituency_code).unwrap().unwrap();
        assert_eq!(rand.salutation.as_deref(), Some("Mr Rand"), "a form given for another name is not kept");
        assert_eq!(store.mp_card("E14001323").unwrap().unwrap().salutation.as_deref(), Some("Mr Benn"));
    }

    #[test]
    fn the_progress_listed_is_that_of_each_checklist() {
        let mut store = crate::store::test_store();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let spec =
            crate::domain::demo::DemoSpec { tracked: 25, ..crate::domain::demo::DemoSpec::history(1, 50, 80, 9) };
        store.fill_demo(&spec, today).unwrap();
        let listed = store.list_mps(&MpFilter::default()).unwrap();
        let mut with_progress = 0;
        for mp in &listed {
            let checklist = store.checklist(&mp.constituency_code).unwrap();
            let expected = store
                .engagement(&mp.constituency_code)
                .unwrap()
                .map(|_| Progress::of(checklist.iter().map(|e| (&*e.key, e.state))));
            assert_eq!(mp.progress, expected, "{}", mp.constituency);
            let card = store.mp_card(&mp.constituency_code).unwrap().unwrap();
            assert_eq!(card.summary.progress, expected);
            with_progress += usize::from(expected.is_some_and(|p| p.done > 0));
        }
        assert!(with_progress >= 20, "{with_progress} seats with steps done");
    }
}
