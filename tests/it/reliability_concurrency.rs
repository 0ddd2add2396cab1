//! Concurrent use: two processes writing and one reading the same database, over and over, for
//! ten seconds; and fifty programs started together on a database that does not exist yet. No
//! "database is locked" (or any other error) reaches the user, and no write is lost.

use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::Env;

/// The tests of this file run one at a time: each measures programs racing, and the other's
/// programs would take its machine.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// How long the three loops run.
const RUN_FOR: Duration = Duration::from_secs(10);

/// What one loop did: commands that succeeded, and the errors of those that did not.
#[derive(Default)]
struct Tally {
    done: usize,
    errors: Vec<String>,
}

/// Runs `args(n)` for n = 1, 2, … until `deadline`, tallying the outcomes.
fn repeat(env: &Env, deadline: Instant, args: impl Fn(usize) -> Vec<String>) -> Tally {
    let mut tally = Tally::default();
    for n in 1.. {
        if Instant::now() >= deadline {
            break;
        }
        let out = env.cmd().args(args(n)).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let json_ok = !args(n).iter().any(|a| a == "--json") || serde_json::from_slice::<Value>(&out.stdout).is_ok();
        if out.status.success() && stderr.is_empty() && json_ok {
            tally.done += 1;
        } else {
            tally.errors.push(format!("{:?} → {}: {stderr}", args(n), out.status));
        }
    }
    tally
}

/// A contact logged with `seat`, its note numbered.
fn log(seat: &str, writer: &str, n: usize) -> Vec<String> {
    ["log", seat, "--kind", "email", "--note", &format!("{writer} {n}")].map(String::from).to_vec()
}

#[test]
fn two_writers_and_a_reader_for_ten_seconds_lose_nothing_and_never_see_a_lock() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let env = Env::new();
    env.run(&["track", "E14001323"]);
    env.run(&["track", "E14001324"]);
    let start = Instant::now();
    let deadline = start + RUN_FOR;
    let (a, b, reader) = thread::scope(|s| {
        let a = s.spawn(|| repeat(&env, deadline, |n| log("E14001323", "A", n)));
        let b = s.spawn(|| repeat(&env, deadline, |n| log("E14001324", "B", n)));
        let reader = s.spawn(|| {
            repeat(&env, deadline, |n| {
                let args: &[&str] =
                    if n % 2 == 0 { &["proposals", "--json"] } else { &["history", "E14001323", "--json"] };
                args.iter().map(|a| a.to_string()).collect()
            })
        });
        (a.join().unwrap(), b.join().unwrap(), reader.join().unwrap())
    });
    let elapsed = start.elapsed();
    for (who, tally) in [("writer A", &a), ("writer B", &b), ("reader", &reader)] {
        assert!(tally.errors.is_empty(), "{who} saw errors: {:#?}", tally.errors);
        assert!(tally.done >= 10, "{who} ran only {} commands", tally.done);
    }
    for (seat, writer, tally) in [("E14001323", "A", &a), ("E14001324", "B", &b)] {
        let history = env.json(&["history", seat, "--json"]);
        let notes: Vec<&str> = history.as_array().unwrap().iter().map(|i| i["summary"].as_str().unwrap()).collect();
        assert_eq!(notes.len(), tally.done, "writer {writer}: every logged contact is there once");
        for n in 1..=tally.done {
            assert!(notes.contains(&format!("{writer} {n}").as_str()), "writer {writer}: contact {n} is missing");
        }
    }
    eprintln!(
        "concurrency test: {:.1} s, writer A {} writes, writer B {} writes, reader {} reads, no errors",
        elapsed.as_secs_f64(),
        a.done,
        b.done,
        reader.done
    );
}

/// How many programs start together on each new database, and on how many new databases.
const TOGETHER: usize = 50;
const NEW_DATABASES: usize = 3;

#[test]
fn fifty_programs_starting_together_on_a_new_database_all_succeed() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut failures = Vec::new();
    let mut slowest = Duration::ZERO;
    let start = Instant::now();
    for round in 1..=NEW_DATABASES {
        let env = Env::new();
        // The folder is there (so that every program keeps its log); the database is not.
        std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
        let barrier = Barrier::new(TOGETHER);
        let outcomes: Vec<(Vec<String>, std::process::Output, Duration)> = thread::scope(|s| {
            let runs: Vec<_> = (0..TOGETHER)
                .map(|n| {
                    let (env, barrier) = (&env, &barrier);
                    s.spawn(move || {
                        // Half log a contact (creating, migrating, loading, then writing), half read.
                        let args = if n % 2 == 0 {
                            log("E14001323", "P", n)
                        } else {
                            ["mps", "--search", "leeds", "--json"].map(String::from).to_vec()
                        };
                        let mut cmd = env.cmd();
                        cmd.args(&args);
                        barrier.wait();
                        let began = Instant::now();
                        let out = cmd.output().unwrap();
                        (args, out, began.elapsed())
                    })
                })
                .collect();
            runs.into_iter().map(|r| r.join().unwrap()).collect()
        });
        for (args, out, took) in &outcomes {
            slowest = slowest.max(*took);
            let stderr = String::from_utf8_lossy(&out.stderr);
            if !out.status.success() || !stderr.is_empty() {
                failures.push(format!("round {round}, {args:?} → {} after {took:?}: {stderr}", out.status));
            }
        }
        let history = env.json(&["history", "E14001323", "--json"]);
        let notes: Vec<&str> = history.as_array().unwrap().iter().map(|i| i["summary"].as_str().unwrap()).collect();
        let logged = outcomes.iter().filter(|(args, out, _)| args[0] == "log" && out.status.success()).count();
        assert_eq!(notes.len(), logged, "round {round}: every contact logged is there once");
        let log = std::fs::read_to_string(env.db().with_file_name("mpplan.log")).unwrap();
        let loads = log.matches("loaded the shipped data").count();
        assert_eq!(loads, 1, "round {round}: one program loads the shipped data, the others find it there");
    }
    let locked = failures.iter().filter(|f| f.contains("locked")).count();
    assert!(
        failures.is_empty(),
        "{} of {} failed ({locked} \"locked\"): {failures:#?}",
        failures.len(),
        TOGETHER * NEW_DATABASES
    );
    eprintln!(
        "first-open race: {} programs on {NEW_DATABASES} new databases, {TOGETHER} at a time: all succeeded, 0 \"locked\"; \
         the slowest took {:.2} s; {:.1} s in all",
        TOGETHER * NEW_DATABASES,
        slowest.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
}
