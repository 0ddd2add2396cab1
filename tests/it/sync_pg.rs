//! The shared log in a real PostgreSQL server: the schema, pushing and pulling, append-only for
//! members and owner alike, passwords, and what a caller sees when the server is out of reach.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use mpplan::domain::sync::clock::Stamp;
use mpplan::domain::sync::op::Op;
use mpplan::shared::sync::postgres::{Passwords, PgLog, Target};
use mpplan::shared::sync::{SharedLog, SyncError};
use serde_json::json;

use crate::common::postgres::{DATABASE, Options, TestServer, server, server_with};

fn op(n: i64) -> Op {
    Op {
        id: uuid::Uuid::new_v4().hyphenated().to_string(),
        table: "proposals".into(),
        row: uuid::Uuid::new_v4().hyphenated().to_string(),
        field: "title".into(),
        value: json!(format!("title {n}")),
        stamp: Stamp { millis: 1_764_064_800_000 + n, counter: (n % 7) as u32 },
        author: "ann".into(),
        replaces: None,
    }
}

fn ops(from: i64, count: i64) -> Vec<Op> {
    (from..from + count).map(op).collect()
}

fn connect(url: &str) -> PgLog {
    PgLog::connect(Target::parse(url).unwrap(), &Passwords::none()).unwrap()
}

/// A log on a fresh server with the schema in place.
fn initialised(server: &TestServer) -> PgLog {
    let mut log = connect(&server.url());
    log.init().unwrap();
    log
}

fn pull_all(log: &mut PgLog) -> Vec<(i64, Op)> {
    log.pull(0, usize::MAX).unwrap()
}

fn refused(result: Result<impl std::fmt::Debug, SyncError>) -> String {
    match result {
        Err(SyncError::Refused(why)) => {
            assert!(!why.contains('\n'), "one line: {why}");
            why
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn offline(result: Result<impl std::fmt::Debug, SyncError>) -> String {
    match result {
        Err(SyncError::Offline(why)) => why,
        other => panic!("expected offline, got {other:?}"),
    }
}

#[test]
fn init_can_run_twice_and_leaves_one_marker() {
    let Some(server) = server() else { return };
    let mut log = initialised(&server);
    log.init().unwrap();
    let mut admin = server.admin(DATABASE);
    let marker: Vec<String> = admin
        .query("SELECT value FROM mpplan_meta WHERE key = 'schema_version'", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(marker, ["1"]);
    assert!(pull_all(&mut log).is_empty());
}

#[test]
fn pushed_operations_come_back_in_order_with_rising_numbers() {
    let Some(server) = server() else { return };
    let mut log = initialised(&server);
    let mut first = ops(0, 3);
    first[1].value = serde_json::Value::Null;
    first[2].replaces = Some(first[0].id.clone());
    first[2].field = "*".into();
    first[2].value = json!({"title": "whole", "hours": 2.5, "tags": ["a", "b"]});
    assert_eq!(log.push(&first).unwrap(), 3);
    let second = ops(3, 2500);
    assert_eq!(log.push(&second).unwrap(), 2500, "more than one batch in one push");

    let pulled = pull_all(&mut log);
    let expected: Vec<Op> = first.iter().chain(&second).cloned().collect();
    assert_eq!(pulled.iter().map(|(_, op)| op.clone()).collect::<Vec<_>>(), expected);
    assert!(pulled.windows(2).all(|w| w[0].0 < w[1].0), "numbers rise");

    let (third_seq, _) = pulled[2];
    let page = log.pull(third_seq, 2).unwrap();
    assert_eq!(page.iter().map(|(_, op)| &op.id).collect::<Vec<_>>(), [&second[0].id, &second[1].id]);
    assert!(log.pull(pulled.last().unwrap().0, 10).unwrap().is_empty());
}

#[test]
fn pushing_the_same_operations_again_adds_nothing() {
    let Some(server) = server() else { return };
    let mut log = initialised(&server);
    let batch = ops(0, 5);
    assert_eq!(log.push(&batch).unwrap(), 5);
    assert_eq!(log.push(&batch).unwrap(), 0);
    let mut other = connect(&server.url());
    let mixed: Vec<Op> = batch[3..].iter().cloned().chain(ops(5, 2)).collect();
    assert_eq!(other.push(&mixed).unwrap(), 2, "only the new ones");
    let ids: Vec<String> = pull_all(&mut log).into_iter().map(|(_, op)| op.id).collect();
    assert_eq!(ids.len(), 7);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 7, "each once");
}

#[test]
fn the_log_is_append_only_for_members_and_owner_alike() {
    let Some(server) = server() else { return };
    let mut owner = initialised(&server);
    owner.push(&ops(0, 2)).unwrap();
    let mut admin = server.admin(DATABASE);
    admin.batch_execute("CREATE ROLE alice LOGIN; GRANT mpplan_member TO alice; CREATE ROLE bob LOGIN;").unwrap();

    let mut alice = connect(&server.url_for("alice", DATABASE));
    assert_eq!(alice.push(&ops(2, 3)).unwrap(), 3, "a member can push (and take the lock)");
    assert_eq!(alice.pull(0, 100).unwrap().len(), 5);

    let raw: postgres::Config = server.url_for("alice", DATABASE).parse().unwrap();
    let mut raw = raw.connect(postgres::NoTls).unwrap();
    for sql in ["UPDATE mpplan_ops SET author = 'mallory'", "DELETE FROM mpplan_ops", "TRUNCATE mpplan_ops"] {
        let err = raw.batch_execute(sql).unwrap_err();
        assert!(format!("{err:?}").contains("permission denied"), "{sql}: {err:?}");
    }
    for sql in ["UPDATE mpplan_ops SET author = 'mallory'", "DELETE FROM mpplan_ops", "TRUNCATE mpplan_ops"] {
        let err = admin.batch_execute(sql).unwrap_err();
        assert!(format!("{err:?}").contains("append-only"), "{sql}: {err:?}");
    }
    assert_eq!(pull_all(&mut owner).len(), 5);

    let why = refused(alice.init());
    assert!(why.contains("permission denied"), "only the owner or a DBA sets the schema up: {why}");
    assert_eq!(alice.pull(0, 100).unwrap().len(), 5, "the connection is usable after the failed init");

    let mut bob = connect(&server.url_for("bob", DATABASE));
    let why = refused(bob.pull(0, 10));
    assert!(why.contains("permission denied"), "{why}");
}

#[test]
fn a_database_without_the_schema_is_refused_naming_init() {
    let Some(server) = server() else { return };
    let mut log = connect(&server.url());
    let why = refused(log.pull(0, 10));
    assert!(why.contains("mpplan sync init"), "{why}");
    let why = refused(log.push(&ops(0, 1)));
    assert!(why.contains("mpplan sync init"), "{why}");
    let why =
        refused(PgLog::connect(Target::parse(&server.url_for("postgres", "no_such_db")).unwrap(), &Passwords::none()));
    assert!(why.contains("no_such_db"), "{why}");
}

#[test]
fn a_closed_port_is_offline_at_once() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let started = Instant::now();
    let why = offline(PgLog::connect(
        Target::parse(&format!("postgres://ann@127.0.0.1:{port}/plans")).unwrap(),
        &Passwords::none(),
    ));
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    assert!(why.contains(&format!("127.0.0.1:{port}")), "names the server: {why}");
}

#[test]
fn a_restarting_server_is_offline_while_down_and_works_again_after() {
    let Some(mut server) = server() else { return };
    let mut log = initialised(&server);
    log.push(&ops(0, 2)).unwrap();
    server.stop();
    let started = Instant::now();
    offline(log.pull(0, 10));
    offline(log.push(&ops(2, 1)));
    offline(log.pull(0, 10));
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    server.start();
    assert_eq!(log.push(&ops(2, 1)).unwrap(), 1);
    assert_eq!(pull_all(&mut log).len(), 3);
    server.restart();
    // The connection the restart broke is noticed by this call (offline) or before it (connected again).
    if let Err(e) = log.pull(0, 10) {
        offline(Err::<(), _>(e));
    }
    assert_eq!(pull_all(&mut log).len(), 3, "the next call connects again");
}

#[test]
fn passwords_come_from_the_environment_the_password_file_or_a_prompt() {
    let password = "s3cret pass";
    let Some(server) = server_with(Options { password: Some(password.into()), ..Options::default() }) else {
        return;
    };
    server.admin(DATABASE).batch_execute(mpplan::shared::sync::postgres::init_sql()).unwrap();
    let target = || Target::parse(&server.url()).unwrap();

    let why = refused(PgLog::connect(target(), &Passwords::none()));
    assert!(why.contains("password"), "{why}");
    let wrong = Passwords { env: Some("wrong".into()), ..Passwords::none() };
    let why = refused(PgLog::connect(target(), &wrong));
    assert!(why.contains("password"), "{why}");

    let env = Passwords { env: Some(password.into()), ..Passwords::none() };
    PgLog::connect(target(), &env).unwrap().pull(0, 1).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pgpass");
    let line = format!("127.0.0.1:{}:{DATABASE}:postgres:{password}\n", server.port());
    std::fs::write(&file, format!("other:*:*:*:wrong\n{line}")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let from_file = Passwords { file: Some(file.clone()), ..Passwords::none() };
    PgLog::connect(target(), &from_file).unwrap().pull(0, 1).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    refused(PgLog::connect(target(), &from_file));

    let asked = Arc::new(AtomicBool::new(false));
    let seen = asked.clone();
    let prompt = Passwords {
        prompt: Some(Box::new(move |text: &str| {
            assert!(text.contains("127.0.0.1"), "{text}");
            seen.store(true, Ordering::SeqCst);
            Some(password.to_string())
        })),
        ..Passwords::none()
    };
    let mut log = PgLog::connect(target(), &prompt).unwrap();
    assert!(asked.load(Ordering::SeqCst));
    log.pull(0, 1).unwrap();

    let typed =
        Target::parse(&format!("postgres://postgres:s3cret%20pass@127.0.0.1:{}/{DATABASE}", server.port())).unwrap();
    assert!(!typed.without_password().contains("s3cret"));
    PgLog::connect(typed, &Passwords::none()).unwrap().pull(0, 1).unwrap();
}

#[test]
fn a_puller_racing_concurrent_pushers_sees_every_operation_once() {
    let Some(server) = server() else { return };
    initialised(&server);
    let (pushers, pushes, per_push) = (4, 25, 4);
    let start = Arc::new(Barrier::new(pushers + 1));
    let done = Arc::new(AtomicBool::new(false));
    let url = server.url();
    let handles: Vec<_> = (0..pushers)
        .map(|p| {
            let (start, url) = (start.clone(), url.clone());
            std::thread::spawn(move || {
                let mut log = connect(&url);
                start.wait();
                let mut pushed = Vec::new();
                for i in 0..pushes {
                    let batch = ops((p * 1000 + i * per_push) as i64, per_push as i64);
                    assert_eq!(log.push(&batch).unwrap(), per_push);
                    pushed.extend(batch.into_iter().map(|op| op.id));
                }
                pushed
            })
        })
        .collect();
    let puller = {
        let (start, done, url) = (start.clone(), done.clone(), url.clone());
        std::thread::spawn(move || {
            let mut log = connect(&url);
            start.wait();
            let (mut after, mut seen) = (0, Vec::new());
            loop {
                let finished = done.load(Ordering::SeqCst);
                let page = log.pull(after, 7).unwrap();
                if page.is_empty() && finished {
                    return seen;
                }
                for (seq, op) in page {
                    assert!(seq > after);
                    after = seq;
                    seen.push(op.id);
                }
            }
        })
    };
    let pushed: Vec<String> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    done.store(true, Ordering::SeqCst);
    let seen = puller.join().unwrap();
    assert_eq!(seen.len(), pushers * pushes * per_push);
    assert_eq!(seen.iter().collect::<HashSet<_>>(), pushed.iter().collect::<HashSet<_>>());
}

#[test]
fn tls_is_spoken_when_asked_and_an_unknown_certificate_is_refused() {
    let Some(server) = server_with(Options { tls: true, ..Options::default() }) else { return };
    server.admin(DATABASE).batch_execute(mpplan::shared::sync::postgres::init_sql()).unwrap();
    let url = |mode: &str| format!("{}?sslmode={mode}", server.url());

    let why = refused(PgLog::connect(Target::parse(&server.url()).unwrap(), &Passwords::none()));
    assert!(why.contains("no encryption"), "a local server is spoken to plainly by default: {why}");

    let mut log = connect(&url("require"));
    assert_eq!(log.push(&ops(0, 2)).unwrap(), 2, "over TLS, the certificate unchecked");
    assert_eq!(pull_all(&mut log).len(), 2);

    for mode in ["verify-full", "verify-ca"] {
        let why = refused(PgLog::connect(Target::parse(&url(mode)).unwrap(), &Passwords::none()));
        assert!(why.contains("TLS"), "{mode}: a self-signed certificate is not in the system's store: {why}");
    }
}
