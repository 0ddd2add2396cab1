//! Ten people changing the plan at once and syncing through one PostgreSQL on loopback: all of
//! them end with the same plan. The rate the server took changes at is printed for BENCHMARKS.md
//! (`cargo test --release --test it sync_load -- --nocapture`).

use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeDelta};
use mpplan::domain::calendar::ProposalKind;
use mpplan::domain::engagement::contact::{Direction, InteractionKind, NewInteraction};
use mpplan::domain::engagement::proposal::{NewProposal, ProposalFilter, ProposalStatus};
use mpplan::shared::sync::postgres::{Passwords, PgLog, Target};

use crate::sync_replicas::Copy;

const CLIENTS: usize = 10;
const CHANGES: usize = 500;
/// How many changes each client makes between syncs.
const EVERY: usize = 25;
fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// One client's changes: proposals made, moved and confirmed, contacts logged, notes written.
fn work(copy: &mut Copy, seat: &str) {
    let s = &mut copy.store;
    s.track(seat, day()).unwrap();
    let start = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap().and_hms_opt(9, 0, 0).unwrap();
    let mut last = None;
    for n in 0..CHANGES {
        let at = start + TimeDelta::hours(n as i64);
        let s = &mut copy.store;
        match (n % 5, last) {
            (1, Some(id)) => drop(s.move_proposal(id, at, at + TimeDelta::hours(1)).unwrap()),
            (2, Some(id)) => drop(s.set_proposal_status(id, ProposalStatus::Confirmed, day()).unwrap()),
            (3, _) => {
                let new = NewInteraction {
                    kind: InteractionKind::Email,
                    direction: Direction::ToMp,
                    on: day(),
                    summary: format!("email {n}"),
                };
                drop(s.log_interaction(seat, &new, day()).unwrap());
            }
            _ => {
                let new = NewProposal::timed(seat, ProposalKind::Meeting, at, at + TimeDelta::hours(1));
                last = Some(s.add_proposal(&new, day()).unwrap().0.id);
            }
        }
        if n % EVERY == EVERY - 1 {
            copy.sync();
        }
    }
    copy.sync();
}

#[test]
fn ten_people_changing_the_plan_at_once_all_end_with_the_same_plan() {
    let Some(server) = crate::common::postgres::server() else { return };
    let url = server.url();
    PgLog::connect(Target::parse(&url).unwrap(), &Passwords::none()).unwrap().init().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let connect = || Box::new(PgLog::connect(Target::parse(&url).unwrap(), &Passwords::none()).unwrap());
    let mut copies: Vec<Copy> = (0..CLIENTS).map(|i| Copy::new(dir.path(), &format!("person{i}"), connect())).collect();

    // A seat from the shipped data for each person.
    let seats: Vec<String> =
        copies[0].store.mp_candidates().unwrap().into_iter().map(|c| c.code).take(CLIENTS).collect();
    let started = Instant::now();
    std::thread::scope(|scope| {
        for (copy, seat) in copies.iter_mut().zip(&seats) {
            scope.spawn(move || work(copy, seat));
        }
    });
    let working = started.elapsed();
    // Everyone syncs twice more, to take in what the others sent last.
    for _ in 0..2 {
        for copy in copies.iter_mut() {
            copy.sync();
        }
    }
    let first = copies[0].export();
    for copy in &copies[1..] {
        assert!(copy.export() == first, "every copy holds the same plan");
        assert_eq!(copy.store.sync_status().unwrap().waiting, 0);
    }
    let proposals = copies[0].store.proposals(&ProposalFilter::default()).unwrap().len();
    assert_eq!(proposals, CLIENTS * (CHANGES / 5 * 2), "every proposal made reached everyone");
    let mut admin = server.admin(crate::common::postgres::DATABASE);
    let ops: i64 = admin.query_one("SELECT count(*) FROM mpplan_ops", &[]).unwrap().get(0);
    assert!(started.elapsed() < Duration::from_secs(600), "the load test is bounded in time");
    eprintln!(
        "{CLIENTS} clients x {CHANGES} changes: {ops} operations in {:.1} s with everyone working and syncing \
         ({:.0} operations a second), the same plan everywhere after {:.1} s",
        working.as_secs_f64(),
        ops as f64 / working.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}
