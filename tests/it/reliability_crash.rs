//! Crash safety: the program is killed with SIGKILL at random moments while it writes, and after
//! every kill the database is intact and holds every write the program had reported as done.

#![cfg(unix)]

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use rusqlite::Connection;

use crate::common::Env;

/// How many times the program is killed.
const KILLS: usize = 40;

/// The seed of the kill times, so a failure can be replayed.
const SEED: u64 = 0x6d70_706c_616e;

/// A small deterministic random number generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n
    }
}

/// Starts the hidden write loop and kills it `delay` after it started or, with `after_first_write`,
/// after it reported its first write; returns the ids it printed (each one printed only after its
/// write committed).
fn run_and_kill(env: &Env, delay: Duration, after_first_write: bool) -> Vec<i64> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mpplan"))
        .args(["torture", "1000000"])
        .env_clear()
        .env("HOME", env.dir.path())
        .env("MPPLAN_DB", env.db())
        .env("MPPLAN_TODAY", "2026-11-24")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (ids, printed) = mpsc::channel();
    let reader = thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            ids.send(line.parse::<i64>().unwrap()).unwrap();
        }
    });
    let mut reported = Vec::new();
    if after_first_write {
        reported.extend(printed.recv_timeout(Duration::from_secs(60)).ok());
    }
    thread::sleep(delay);
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(status.code().is_none(), "the write loop ended by itself ({status}) before being killed");
    reader.join().unwrap();
    reported.extend(printed.try_iter());
    reported
}

#[test]
fn sigkill_at_random_moments_never_loses_a_reported_write_or_damages_the_database() {
    let env = Env::new();
    let mut rng = Rng(SEED);
    let mut reported: HashSet<i64> = HashSet::new();
    for kill in 1..=KILLS {
        // Mostly mid-run, sometimes during start-up (opening, migrating, loading the shipped data).
        // A run writes only once it has opened the database (and, the first time, loaded the
        // shipped data, which a debug build takes about 170 ms to do on an idle machine, longer on
        // a busy one, and a kill rolls back), so a mid-run kill counts its moment from the run's
        // first reported write: the kills then land among writes, however busy the machine is.
        let start_up = kill % 5 == 1;
        let delay = Duration::from_millis(if start_up { rng.below(60) } else { 40 + rng.below(160) });
        reported.extend(run_and_kill(&env, delay, !start_up));
        if !env.db().exists() {
            continue; // killed before the file was created
        }
        let conn = Connection::open(env.db()).unwrap();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "after kill {kill} ({delay:?})");
        let present: HashSet<i64> = match conn.prepare("SELECT id FROM interactions") {
            Ok(mut stmt) => stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect(),
            Err(_) => HashSet::new(), // killed before the schema was committed
        };
        let lost: Vec<&i64> = reported.difference(&present).collect();
        assert!(lost.is_empty(), "after kill {kill} ({delay:?}), reported writes are missing: {lost:?}");
    }
    let conn = Connection::open(env.db()).unwrap();
    let rows: i64 = conn.query_row("SELECT count(*) FROM interactions", [], |r| r.get(0)).unwrap();
    assert!(reported.len() > 1000, "the kills should land among many writes: {} reported", reported.len());
    eprintln!("crash test: {KILLS} kills, {} writes reported and all present, {rows} rows in all", reported.len());
}
