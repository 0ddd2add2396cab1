//! Concurrent use: two processes writing and one reading the same database, over and over, for
//! ten seconds. No "database is locked" (or any other error) reaches the user, and no write is lost.

mod common;

use std::thread;
use std::time::{Duration, Instant};

use common::Env;
use serde_json::Value;

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
