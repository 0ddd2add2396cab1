//! `mpplan demo`: the sizes asked for, the same data for the same seed, and never over the user's
//! own data.

use serde_json::Value;

use crate::common::Env;

/// `--years 2 --proposals 300 --interactions 500`, small enough for a test.
const SIZED: [&str; 9] = ["demo", "--years", "2", "--proposals", "300", "--interactions", "500", "--seed", "7"];

fn count(env: &Env, sql: &str) -> i64 {
    rusqlite::Connection::open(env.db()).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The export without the moments of writing, which differ from run to run.
fn without_timestamps(mut v: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.retain(|k, _| !matches!(k.as_str(), "created_at" | "updated_at" | "exported_at"));
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

#[test]
fn the_sizes_asked_for_with_every_seat_tracked_and_every_state() {
    let env = Env::new();
    let out = env.run(&SIZED);
    assert!(out.contains("650 tracked MPs, 300 proposals, 500 contacts"), "{out}");
    assert!(out.contains(&format!("mpplan --db {}", env.db().display())), "{out}");
    assert_eq!(count(&env, "SELECT count(*) FROM engagements WHERE tracked = 1"), 650);
    assert_eq!(count(&env, "SELECT count(*) FROM checklist_items"), 650 * 17);
    assert_eq!(count(&env, "SELECT count(DISTINCT state) FROM checklist_items"), 3);
    assert_eq!(count(&env, "SELECT count(DISTINCT status) FROM proposals"), 4);
    assert_eq!(count(&env, "SELECT count(DISTINCT press) FROM proposals"), 5);
    assert_eq!(count(&env, "SELECT count(DISTINCT kind) FROM interactions"), 9);
    let all = env.json(&["proposals", "--all", "--json"]);
    assert_eq!(all.as_array().unwrap().len(), 300);
    let ahead = env.json(&["proposals", "--json"]).as_array().unwrap().len();
    assert!(ahead > 30 && ahead < 200, "some proposals ahead of today, most behind: {ahead}");
    let flags = all.as_array().unwrap().iter().filter(|p| p["flag"] == "conflict").count();
    assert!(flags > 0, "some proposals fall on sitting days");
}

#[test]
fn one_seed_gives_the_same_data_and_another_seed_different_data() {
    let export = |seed: &str| {
        let env = Env::new();
        let mut args = SIZED;
        args[8] = seed;
        env.run(&args);
        without_timestamps(env.json(&["export", "json"]))
    };
    let first = export("7");
    assert_eq!(first, export("7"));
    assert_ne!(first, export("8"));
}

#[test]
fn without_a_size_a_small_friendly_set_around_today() {
    let env = Env::new();
    let out = env.run(&["demo"]);
    assert!(out.contains("6 tracked MPs, 12 proposals, 18 contacts"), "{out}");
    let week = env.json(&["proposals", "--all", "--json"]);
    assert!(week.as_array().unwrap().iter().all(|p| {
        let day = p["start"].as_str().unwrap();
        ("2026-11-21".."2026-11-29").contains(&day)
    }));
    let agenda = env.run(&["agenda"]);
    assert!(agenda.contains("Agenda for Tuesday 24 November 2026"), "{agenda}");
}

#[test]
fn without_any_database_it_writes_a_new_temporary_file_and_says_how_to_open_it() {
    let env = Env::new();
    let out = env.cmd().env_remove("MPPLAN_DB").env("TMPDIR", env.dir.path()).arg("demo").assert().success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let path = out.lines().last().unwrap().strip_prefix("Open it with: mpplan --db ").unwrap();
    assert!(path.starts_with(env.dir.path().to_str().unwrap()) && std::path::Path::new(path).exists(), "{out}");
    assert!(!env.db().exists(), "the default database is left alone");
}

#[test]
fn a_database_with_the_users_data_is_refused_and_left_alone() {
    let env = Env::new();
    env.run(&["track", "E14001323"]);
    let err = env.fail(&["demo"], 2);
    assert!(err.contains("already holds your data"), "{err}");
    assert_eq!(count(&env, "SELECT count(*) FROM engagements"), 1);
    assert_eq!(count(&env, "SELECT count(*) FROM proposals"), 0);
}
