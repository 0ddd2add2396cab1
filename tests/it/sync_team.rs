//! A team sharing one plan through a real PostgreSQL, driven through the command line as each
//! person would: a fresh laptop joining, two people ticking the same step offline, one moving a
//! visit while another cancels it, and syncs killed or cut off by a server restart part-way.

use std::path::Path;
use std::process::{Child, Command as Process};
use std::time::{Duration, Instant};

use crate::common::Env;
use crate::common::postgres::{TestServer, server};

const LEEDS: &str = "E14001323";

/// One person's laptop: their own database, joined to the team's plan at `url` as `name`.
fn laptop(url: &str, name: &str) -> Env {
    let env = Env::new();
    let out = env.run(&["sync", "join", url, "--as", name, "--yes"]);
    assert!(out.starts_with("Joined the team's plan at 127.0.0.1:") && out.contains(name), "{out}");
    env
}

/// A server with the shared schema in place, and its URL.
fn team_server() -> Option<(TestServer, String)> {
    let server = server()?;
    let url = server.url();
    let out = Env::new().run(&["sync", "init", &url]);
    assert!(out.contains("is ready for a team's plan"), "{out}");
    Some((server, url))
}

fn export(env: &Env) -> String {
    env.run(&["export", "json"])
}

fn same_plan(a: &Env, b: &Env) {
    let (a, b) = (export(a), export(b));
    if let Some((i, (x, y))) = a.lines().zip(b.lines()).enumerate().find(|(_, (x, y))| x != y) {
        panic!("the plans differ at line {}: {x} / {y}", i + 1);
    }
    assert_eq!(a.len(), b.len());
}

fn sync(env: &Env) -> String {
    env.run(&["sync"])
}

/// The id `proposals --json` gives the first proposal of this copy.
fn first_proposal(env: &Env) -> String {
    env.json(&["proposals", "--json"])[0]["id"].to_string()
}

#[test]
fn a_fresh_laptop_joins_and_gets_the_whole_plan() {
    let Some((_server, url)) = team_server() else { return };
    // Ann planned alone before the team shared a plan.
    let ann = Env::new();
    ann.run(&["org", "set", "--name", "Leeds Teaching Hospitals"]);
    ann.propose_hour(LEEDS, "2027-01-08 10:00", &["--kind", "visit"]);
    ann.run(&["log", LEEDS, "--kind", "letter"]);
    // Joining shows what would be shared and, off a terminal, needs --yes.
    let refused = ann.cmd().args(["sync", "join", &url, "--as", "Ann"]).assert().code(2).get_output().clone();
    let (said, err) = (String::from_utf8_lossy(&refused.stdout), String::from_utf8_lossy(&refused.stderr));
    assert!(said.contains("This copy has a plan of its own (organisation details: 1, MP relationships: 1,"), "{said}");
    assert!(err.contains("--yes"), "{err}");
    assert!(ann.json(&["sync", "status", "--json"])["server"].is_null(), "not joined");
    let out = ann.run(&["sync", "join", &url, "--as", "Ann", "--yes"]);
    assert!(out.contains("; nothing new came.") && out.contains("Sent "), "{out}");

    let bob = laptop(&url, "Bob");
    same_plan(&ann, &bob);
    assert!(export(&bob).contains("Leeds Teaching Hospitals"));
    let status = bob.json(&["sync", "status", "--json"]);
    assert_eq!((status["name"].as_str(), status["waiting"].as_i64()), (Some("Bob"), Some(0)));
    assert!(status["server"].as_str().unwrap().starts_with("postgres://"), "{status}");
    assert!(status["last_synced"].is_string());
}

#[test]
fn two_laptops_log_a_letter_offline_and_the_step_is_ticked_once_with_both_letters_kept() {
    let Some((mut server, url)) = team_server() else { return };
    let (ann, bob) = (laptop(&url, "Ann"), laptop(&url, "Bob"));
    server.stop();
    for env in [&ann, &bob] {
        // Logging a letter ticks step 2.3 ("send the letter").
        env.run(&["log", LEEDS, "--kind", "letter", "--note", "Invitation"]);
        let offline = env.fail(&["sync"], 1);
        assert!(offline.contains("offline — ") && offline.contains("changes waiting"), "{offline}");
    }
    let status = ann.json(&["sync", "status", "--json"]);
    assert!(status["waiting"].as_i64().unwrap() > 0);
    assert!(status["last_error"].as_str().unwrap().starts_with("offline"), "{status}");
    server.start();
    for _ in 0..2 {
        sync(&ann);
        sync(&bob);
    }
    same_plan(&ann, &bob);
    let plan: serde_json::Value = serde_json::from_str(&export(&ann)).unwrap();
    let engagement = &plan["engagements"][0];
    assert_eq!(engagement["interactions"].as_array().unwrap().len(), 2, "contacts only ever add up");
    // Each sees who logged the other letter.
    let history = ann.run(&["history", LEEDS]);
    assert!(history.contains(" BY ") && history.contains("Bob") && history.contains("you"), "{history}");
    let ticked: Vec<_> =
        engagement["checklist"].as_array().unwrap().iter().filter(|i| i["item_key"] == "2.3").collect();
    assert_eq!(ticked.len(), 1, "one step 2.3, whoever ticked it");
    assert_eq!(ticked[0]["state"], "done");
}

#[test]
fn one_moves_a_visit_while_the_other_cancels_it_and_both_changes_hold() {
    let Some((_server, url)) = team_server() else { return };
    let (ann, bob) = (laptop(&url, "Ann"), laptop(&url, "Bob"));
    ann.propose_hour(LEEDS, "2027-01-08 10:00", &["--kind", "visit"]);
    sync(&ann);
    sync(&bob);
    ann.run(&["proposal", "move", &first_proposal(&ann), "--start", "2027-01-08 14:00"]);
    bob.run(&["proposal", "set-status", &first_proposal(&bob), "cancelled"]);
    for _ in 0..2 {
        sync(&bob);
        sync(&ann);
    }
    same_plan(&ann, &bob);
    let listed = bob.json(&["proposals", "--json"]);
    assert_eq!(listed[0]["status"], "cancelled");
    assert!(listed[0]["start"].as_str().unwrap().starts_with("2027-01-08 14:00"), "{listed}");
    let conflicts = ann.json(&["sync", "conflicts", "--json"]);
    assert_eq!(conflicts.as_array().unwrap().len(), 0, "different fields never conflict: {conflicts}");
}

#[test]
fn the_same_note_changed_apart_keeps_the_one_that_lost_in_the_conflict_log() {
    let Some((_server, url)) = team_server() else { return };
    let (ann, bob) = (laptop(&url, "Ann"), laptop(&url, "Bob"));
    ann.run(&["track", LEEDS]);
    sync(&ann);
    sync(&bob);
    ann.run(&["engagement", "set", LEEDS, "--notes", "Ann: prefers Fridays"]);
    std::thread::sleep(Duration::from_millis(20));
    bob.run(&["engagement", "set", LEEDS, "--notes", "Bob: ask about the new wing"]);
    for _ in 0..2 {
        sync(&ann);
        sync(&bob);
    }
    same_plan(&ann, &bob);
    for env in [&ann, &bob] {
        let conflicts = env.json(&["sync", "conflicts", "--mp", LEEDS, "--json"]);
        let notes = &conflicts[0];
        assert_eq!(notes["field"], "notes", "{conflicts}");
        assert_eq!((notes["lost"].as_str(), notes["lost_by"].as_str()), (Some("Ann: prefers Fridays"), Some("Ann")));
        assert_eq!(notes["kept_by"], "Bob");
        let table = env.run(&["sync", "conflicts"]);
        assert!(table.contains("Ann: prefers Fridays (Ann)") && table.contains("Leeds"), "{table}");
    }
}

/// Starts `mpplan sync` on `env` to stop at `point` (`pushed` or `pulled`), and waits until it
/// is there.
fn paused_sync(env: &Env, point: &str) -> (Child, std::path::PathBuf) {
    let marker = env.path(&format!("paused-{point}"));
    let bin = assert_cmd::cargo::cargo_bin("mpplan");
    let child = Process::new(bin)
        .args(["sync"])
        .env_clear()
        .env("HOME", env.dir.path())
        .env("MPPLAN_DB", env.db())
        .env("MPPLAN_TODAY", "2026-11-24")
        .env("MPPLAN_TEST_SYNC_PAUSE", format!("{point}:{}", marker.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    wait_for(&marker);
    (child, marker)
}

fn wait_for(file: &Path) {
    let started = Instant::now();
    while !file.exists() {
        assert!(started.elapsed() < Duration::from_secs(30), "the sync never reached {}", file.display());
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn kill(mut child: Child) {
    // SIGKILL: no chance to tidy up.
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Every operation on the server, and how many distinct ones.
fn server_ops(server: &TestServer) -> (i64, i64) {
    let mut admin = server.admin(crate::common::postgres::DATABASE);
    let row = admin.query_one("SELECT count(*), count(DISTINCT op_id) FROM mpplan_ops", &[]).unwrap();
    (row.get(0), row.get(1))
}

#[test]
fn a_sync_killed_mid_push_or_mid_pull_loses_nothing_and_duplicates_nothing() {
    let Some((server, url)) = team_server() else { return };
    let (ann, bob) = (laptop(&url, "Ann"), laptop(&url, "Bob"));
    for hour in 9..14 {
        ann.propose_hour(LEEDS, &format!("2027-01-08 {hour:02}:00"), &["--kind", "visit"]);
    }
    // Killed after the server took the changes, before Ann's copy noted it: they are sent again,
    // and the server keeps each once.
    let (child, _) = paused_sync(&ann, "pushed");
    kill(child);
    let waiting = ann.json(&["sync", "status", "--json"])["waiting"].as_i64().unwrap();
    assert!(waiting > 0, "the copy never heard the server took them");
    sync(&ann);
    assert_eq!(ann.json(&["sync", "status", "--json"])["waiting"], 0);
    let (all, distinct) = server_ops(&server);
    assert_eq!(all, distinct, "nothing on the server twice");
    // Killed after a batch came, before Bob's copy wrote it: it comes again.
    let (child, _) = paused_sync(&bob, "pulled");
    kill(child);
    assert_eq!(bob.json(&["proposals", "--json"]).as_array().unwrap().len(), 0, "nothing half-written");
    sync(&bob);
    same_plan(&ann, &bob);
    assert_eq!(bob.json(&["proposals", "--json"]).as_array().unwrap().len(), 5);
    assert_eq!(server_ops(&server), (all, distinct), "pulling adds nothing to the server");
}

#[test]
fn the_server_restarted_mid_sync_loses_nothing() {
    let Some((mut server, url)) = team_server() else { return };
    let (ann, bob) = (laptop(&url, "Ann"), laptop(&url, "Bob"));
    ann.propose_hour(LEEDS, "2027-01-08 10:00", &["--kind", "visit"]);
    let (mut child, marker) = paused_sync(&ann, "pushed");
    server.restart();
    std::fs::remove_file(&marker).unwrap();
    // The sync carries on: it either finishes on a new connection or says it is offline.
    let status = child.wait().unwrap();
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
    sync(&ann);
    sync(&bob);
    same_plan(&ann, &bob);
    assert_eq!(bob.json(&["proposals", "--json"]).as_array().unwrap().len(), 1);
    let (all, distinct) = server_ops(&server);
    assert_eq!(all, distinct);
}

#[test]
fn sync_explains_itself_before_joining_and_the_sql_can_go_to_a_dba() {
    let env = Env::new();
    let err = env.fail(&["sync"], 2);
    assert!(err.contains("sync join URL --as NAME"), "{err}");
    let sql = env.run(&["sync", "init", "--print-sql"]);
    assert!(sql.contains("mpplan_ops") && sql.contains("mpplan_member"), "{sql}");
    let bad = env.fail(&["sync", "join", "postgres://db.example.nhs.uk/plan?sslmode=disable", "--as", "Ann"], 2);
    assert!(bad.contains("TLS"), "{bad}");
    let status = env.run(&["sync", "status"]);
    assert!(status.contains("not shared"), "{status}");
}

#[test]
fn a_shared_plan_is_never_replaced_wholesale_by_a_backup() {
    let Some((_server, url)) = team_server() else { return };
    let ann = laptop(&url, "Ann");
    ann.propose_hour(LEEDS, "2027-01-08 10:00", &["--kind", "visit"]);
    sync(&ann);
    let backup = ann.path("backup.json");
    std::fs::write(&backup, export(&ann)).unwrap();
    let err = ann.fail(&["import", "json", backup.to_str().unwrap(), "--replace"], 2);
    assert!(err.contains("delete the team's rows on every laptop") && err.contains("sync leave"), "{err}");
    assert_eq!(ann.json(&["proposals", "--json"]).as_array().unwrap().len(), 1, "nothing changed");
}

#[test]
fn leaving_stops_syncing_and_joining_again_sends_what_was_done_meanwhile() {
    let Some((_server, url)) = team_server() else { return };
    let (ann, bob) = (laptop(&url, "Ann"), laptop(&url, "Bob"));
    let left = ann.run(&["sync", "leave", "--yes"]);
    assert!(left.contains("no longer syncs"), "{left}");
    assert!(ann.run(&["sync", "status"]).contains("not shared"));
    ann.fail(&["sync"], 2);
    ann.propose_hour(LEEDS, "2027-01-08 10:00", &["--kind", "visit"]);
    let out = ann.run(&["sync", "join", &url, "--as", "Ann", "--yes"]);
    assert!(out.contains("Sent "), "{out}");
    sync(&bob);
    same_plan(&ann, &bob);
    assert_eq!(bob.json(&["proposals", "--json"]).as_array().unwrap().len(), 1);
}
