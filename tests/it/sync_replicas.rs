//! Copies of one plan that change it apart and sync in any order, with some of them cut off for a
//! while, all end up holding the same plan (byte for byte in `export json`), and no change the
//! server took is lost unseen: each one is what its field holds, or was replaced by someone who had
//! seen it, or is in every copy's conflict log. Run against a log held in memory, and against a
//! real PostgreSQL (see `sync_pg_replicas` in `sync_pg`).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use mpplan::domain::calendar::ProposalKind;
use mpplan::domain::engagement::checklist::{Entry, ItemState};
use mpplan::domain::engagement::contact::{Direction, InteractionKind, NewInteraction};
use mpplan::domain::engagement::proposal::{NewProposal, Proposal, ProposalFilter, ProposalStatus};
use mpplan::domain::sync::op::{Op, WHOLE_ROW};
use mpplan::domain::views::OrganisationUpdate;
use mpplan::shared::sync::SharedLog;
use mpplan::shared::sync::engine::sync;
use mpplan::shared::sync::memory::MemoryLog;
use mpplan::shared::sync::postgres::{Passwords, PgLog, Target};
use mpplan::store::Store;
use proptest::prelude::*;

const SEATS: [&str; 3] = ["E14001323", "E14001063", "E14000639"];
const KEYS: [&str; 4] = ["1.1", "2.1", "2.3", "3.2"];
const BOOKKEEPING: [&str; 4] = ["created_at", "updated_at", "sequence", "uuid"];

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// One thing one copy does.
#[derive(Debug, Clone)]
pub enum Action {
    Track(usize),
    Untrack(usize),
    Tick(usize, usize, u8),
    Untick(usize, usize),
    Propose(usize, u8),
    Move(usize, u8),
    Status(usize, u8),
    Remove(usize),
    /// Brings back the proposal this copy removed last.
    Undo,
    Log(usize, u8),
    Unlog(usize),
    Organisation(u8),
    Setting(u8),
    SittingDay(u8),
    /// Adds a site, in either case of its name (two copies may add the same one apart).
    Site(u8),
    Unsite(u8),
    /// Syncs now, unless cut off.
    Sync,
    /// Cuts this copy off from the server, or brings it back.
    Partition,
}

pub fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0..3usize).prop_map(Action::Track),
        (0..3usize).prop_map(Action::Untrack),
        (0..3usize, 0..4usize, 0..3u8).prop_map(|(s, k, n)| Action::Tick(s, k, n)),
        (0..3usize, 0..4usize).prop_map(|(s, k)| Action::Untick(s, k)),
        (0..3usize, 0..20u8).prop_map(|(s, h)| Action::Propose(s, h)),
        (0..8usize, 0..20u8).prop_map(|(p, h)| Action::Move(p, h)),
        (0..8usize, 0..4u8).prop_map(|(p, s)| Action::Status(p, s)),
        (0..8usize).prop_map(Action::Remove),
        Just(Action::Undo),
        (0..3usize, 0..3u8).prop_map(|(s, k)| Action::Log(s, k)),
        (0..8usize).prop_map(Action::Unlog),
        (0..3u8).prop_map(Action::Organisation),
        (0..3u8).prop_map(Action::Setting),
        (0..4u8).prop_map(Action::SittingDay),
        (0..4u8).prop_map(Action::Site),
        (0..2u8).prop_map(Action::Unsite),
        Just(Action::Sync),
        Just(Action::Sync),
        Just(Action::Partition),
    ]
}

/// A database with the shipped data loaded, copied for each copy of the plan (loading it is the
/// slow part of opening one).
fn template() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let path = dir.join("template.db");
        let mut store = Store::open(&path).unwrap();
        mpplan::data::ensure_loaded(&mut store).unwrap();
        drop(store);
        path
    })
}

/// One copy of the plan: its database, its connection to the log, and whether it is cut off.
pub struct Copy {
    pub store: Store,
    log: Box<dyn SharedLog + Send>,
    cut_off: bool,
    removed: Option<Proposal>,
}

impl Copy {
    pub fn new(dir: &Path, name: &str, log: Box<dyn SharedLog + Send>) -> Copy {
        let path = dir.join(format!("{name}.db"));
        std::fs::copy(template(), &path).unwrap();
        let mut store = Store::open(&path).unwrap();
        store.sync_join("test", name).unwrap();
        Copy { store, log, cut_off: false, removed: None }
    }

    fn proposals(&self) -> Vec<Proposal> {
        let mut all = self.store.proposals(&ProposalFilter::default()).unwrap();
        all.sort_by(|a, b| a.uuid.cmp(&b.uuid));
        all
    }

    pub fn sync(&mut self) {
        sync(&mut self.store, self.log.as_mut()).unwrap();
    }

    /// Does `action`; what the plan does not allow just now (a proposal already gone) is refused
    /// by the store and changes nothing.
    pub fn act(&mut self, action: &Action) {
        let at = |h: u8| {
            NaiveDate::from_ymd_opt(2027, 1, 4).unwrap().and_hms_opt(9, 0, 0).unwrap()
                + TimeDelta::hours(i64::from(h % 10))
                + TimeDelta::days(i64::from(h / 10))
        };
        let nth = |copy: &Copy, i: usize| {
            let all = copy.proposals();
            if all.is_empty() { None } else { Some(all[i % all.len()].clone()) }
        };
        let s = &mut self.store;
        let _ = match action {
            Action::Track(seat) => s.track(SEATS[*seat], day()).map(drop),
            Action::Untrack(seat) => s.untrack(SEATS[*seat]).map(drop),
            Action::Tick(seat, key, note) => {
                let entry = Entry {
                    key: KEYS[*key].into(),
                    state: ItemState::Done,
                    done_on: Some(day()),
                    note: format!("note {note}"),
                };
                s.track(SEATS[*seat], day()).and_then(|_| s.set_checklist_entry(SEATS[*seat], &entry)).map(drop)
            }
            Action::Untick(seat, key) => {
                let entry =
                    Entry { key: KEYS[*key].into(), state: ItemState::Todo, done_on: None, note: String::new() };
                s.set_checklist_entry(SEATS[*seat], &entry).map(drop)
            }
            Action::Propose(seat, h) => {
                let start: NaiveDateTime = at(*h);
                let new = NewProposal::timed(SEATS[*seat], ProposalKind::Visit, start, start + TimeDelta::hours(1));
                s.add_proposal(&new, day()).map(drop)
            }
            Action::Move(i, h) => match nth(self, *i) {
                Some(p) => self.store.move_proposal(p.id, at(*h), at(*h) + TimeDelta::hours(1)).map(drop),
                None => Ok(()),
            },
            Action::Status(i, status) => match nth(self, *i) {
                Some(p) => {
                    let status = [
                        ProposalStatus::Proposed,
                        ProposalStatus::Confirmed,
                        ProposalStatus::Held,
                        ProposalStatus::Cancelled,
                    ][usize::from(*status)];
                    self.store.set_proposal_status(p.id, status, day()).map(drop)
                }
                None => Ok(()),
            },
            Action::Remove(i) => match nth(self, *i) {
                Some(p) => self.store.remove_proposal(p.id).map(|p| self.removed = Some(p)),
                None => Ok(()),
            },
            Action::Undo => match self.removed.take() {
                Some(p) => s.restore_proposal(&p, day()),
                None => Ok(()),
            },
            Action::Log(seat, kind) => {
                let kind = [InteractionKind::Letter, InteractionKind::Call, InteractionKind::Email][usize::from(*kind)];
                let new = NewInteraction { kind, direction: Direction::ToMp, on: day(), summary: format!("{kind:?}") };
                s.log_interaction(SEATS[*seat], &new, day()).map(drop)
            }
            Action::Unlog(i) => {
                let mut all: Vec<_> = SEATS.iter().flat_map(|seat| s.interactions(seat).unwrap()).collect();
                all.sort_by(|a, b| a.uuid.cmp(&b.uuid));
                match all.get(i % all.len().max(1)) {
                    Some(contact) => s.remove_interaction(contact.id),
                    None => Ok(()),
                }
            }
            Action::Organisation(n) => {
                let update = OrganisationUpdate { name: Some(format!("Trust {n}")), ..Default::default() };
                s.update_organisation(&update).map(drop)
            }
            Action::Setting(n) => s.set_setting("attendee_limit", &format!("{}", 4 + n)),
            Action::SittingDay(d) => {
                let on = NaiveDate::from_ymd_opt(2027, 8, 2 + u32::from(*d)).unwrap();
                if *d % 2 == 0 { s.add_sitting_day(on, "recalled").map(drop) } else { s.remove_sitting_day(on) }
            }
            Action::Site(n) => {
                let name = ["Main hospital", "MAIN HOSPITAL", "Seacroft", "seacroft"][usize::from(*n)];
                s.add_site(name, "LS9 7TF", Some(SEATS[0]), day()).map(drop)
            }
            Action::Unsite(n) => s.remove_site(["main hospital", "Seacroft"][usize::from(*n)]).map(drop),
            Action::Sync => {
                if !self.cut_off {
                    self.sync();
                }
                Ok(())
            }
            Action::Partition => {
                self.cut_off = !self.cut_off;
                Ok(())
            }
        };
    }

    pub fn export(&self) -> String {
        let mut out = Vec::new();
        self.store.write_plan_export(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }
}

/// Runs `steps` on the copies, then brings all of them back and has each sync twice; checks that
/// they hold the same plan and that every change in `everything` (all the log holds) is accounted for.
pub fn converge(copies: &mut [Copy], steps: &[(usize, Action)], everything: &mut dyn SharedLog) {
    for (who, action) in steps {
        let n = copies.len();
        copies[who % n].act(action);
    }
    for _ in 0..2 {
        for copy in copies.iter_mut() {
            copy.cut_off = false;
            copy.sync();
        }
    }
    let first = copies[0].export();
    for copy in &copies[1..] {
        let other = copy.export();
        if let Some((i, (a, b))) = first.lines().zip(other.lines()).enumerate().find(|(_, (a, b))| a != b) {
            let around = |text: &str| text.lines().skip(i.saturating_sub(8)).take(10).collect::<Vec<_>>().join("\n");
            panic!("the copies differ at line {}: {a} / {b}\n{}\n---\n{}", i + 1, around(&first), around(&other));
        }
        assert_eq!(other.len(), first.len(), "every copy holds the same plan");
    }
    for copy in copies.iter() {
        assert_eq!(copy.store.sync_status().unwrap().waiting, 0);
    }
    let all: Vec<Op> = everything.pull(0, usize::MAX).unwrap().into_iter().map(|(_, op)| op).collect();
    nothing_lost_unseen(&all, copies);
}

/// Each change to each field set what the field holds at the end, or a value someone saw there and
/// replaced, or is in every copy's conflict log.
fn nothing_lost_unseen(all: &[Op], copies: &[Copy]) {
    let fields_of = |op: &Op| -> Vec<(String, String)> {
        if op.field == WHOLE_ROW {
            let object = op.value.as_object().unwrap();
            object.iter().map(|(k, v)| (k.clone(), v.to_string())).chain([("_deleted".into(), "0".into())]).collect()
        } else {
            vec![(op.field.clone(), op.value.to_string())]
        }
    };
    // The final value of each field: that of its latest change.
    let mut latest: HashMap<(String, String, String), (&Op, String)> = HashMap::new();
    let by_id: HashMap<&str, &Op> = all.iter().map(|op| (op.id.as_str(), op)).collect();
    // The values someone saw in a field and replaced.
    let mut seen: HashSet<(String, String, String, String)> = HashSet::new();
    for op in all {
        for (field, value) in fields_of(op) {
            let key = (op.table.clone(), op.row.clone(), field.clone());
            let later = latest.get(&key).is_none_or(|(o, _)| (op.stamp, &op.id) > (o.stamp, &o.id));
            if later {
                latest.insert(key, (op, value));
            }
            let replaced = op.replaces.as_deref().and_then(|id| by_id.get(id));
            if let Some((_, before)) = replaced.and_then(|r| fields_of(r).into_iter().find(|(f, _)| *f == field)) {
                seen.insert((op.table.clone(), op.row.clone(), field, before));
            }
        }
    }
    for copy in copies {
        let kept: HashSet<(String, String)> =
            copy.store.sync_conflicts(None).unwrap().into_iter().map(|c| (c.id, c.field)).collect();
        for op in all {
            for (field, value) in fields_of(op) {
                if BOOKKEEPING.contains(&field.as_str()) {
                    continue;
                }
                let key = (op.table.clone(), op.row.clone(), field.clone());
                let holds = latest.get(&key).is_some_and(|(_, v)| *v == value);
                let was_seen = seen.contains(&(op.table.clone(), op.row.clone(), field.clone(), value.clone()));
                let logged = kept.contains(&(op.id.clone(), field.clone()));
                assert!(
                    holds || was_seen || logged,
                    "{}.{} set to {value} by {} was lost unseen",
                    op.table,
                    field,
                    op.author
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn three_copies_syncing_in_any_order_hold_the_same_plan_and_lose_nothing_unseen(
        steps in proptest::collection::vec((0..3usize, action()), 1..40),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let log = MemoryLog::new();
        let mut copies: Vec<Copy> =
            ["Ann", "Bob", "Cat"].iter().map(|name| Copy::new(dir.path(), name, Box::new(log.clone()))).collect();
        converge(&mut copies, &steps, &mut log.clone());
    }
}

/// The shared log in a real PostgreSQL: one server for all the cases, a database for each.
fn pg_log(url: &str) -> PgLog {
    PgLog::connect(Target::parse(url).unwrap(), &Passwords::none()).unwrap()
}

#[test]
fn three_copies_syncing_through_postgresql_hold_the_same_plan_and_lose_nothing_unseen() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let Some(server) = crate::common::postgres::server() else { return };
    let case = AtomicUsize::new(0);
    let config = ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() };
    proptest!(config, |(steps in proptest::collection::vec((0..3usize, action()), 1..40))| {
        let name = format!("replicas_{}", case.fetch_add(1, Ordering::SeqCst));
        server.create_database(&name);
        let url = server.url_for("postgres", &name);
        let mut reader = pg_log(&url);
        reader.init().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut copies: Vec<Copy> =
            ["Ann", "Bob", "Cat"].iter().map(|who| Copy::new(dir.path(), who, Box::new(pg_log(&url)))).collect();
        converge(&mut copies, &steps, &mut reader);
    });
}
