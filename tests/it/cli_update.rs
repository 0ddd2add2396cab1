//! `mpplan update` against a stand-in for the feeds served inside the test (never the real
//! services): what it shows, what it applies, and that any failure leaves the database untouched.

use std::time::Duration;

use crate::common::Env;
use crate::common::feed_server::{Faults, FeedServer, Fixture};

fn update(env: &Env, server: &FeedServer, args: &[&str]) -> assert_cmd::assert::Assert {
    let mut cmd = env.cmd();
    cmd.envs(server.env()).arg("update").args(args);
    cmd.assert()
}

fn stdout(assert: assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.success().get_output().stdout.clone()).unwrap()
}

/// A database with Leeds South tracked and a proposal on a Tuesday beyond the shipped data.
fn tracked_env() -> Env {
    let env = Env::new();
    env.run(&["track", "leeds south"]);
    env
}

fn changed_fixture() -> Fixture {
    let mut fixture = Fixture::new();
    fixture.new_member("Leeds South", 99001, "Jo Bloggs", "Green Party", "2026-11-05");
    fixture.set_party("Leeds East", "Independent");
    fixture
}

#[test]
fn an_update_shows_then_applies_and_a_second_changes_nothing() {
    let env = tracked_env();
    let server = FeedServer::start(changed_fixture());
    let preview = stdout(update(&env, &server, &["--dry-run"]));
    assert!(preview.contains("MPs: 650 current members of the Commons"), "{preview}");
    assert!(
        preview.contains("Leeds South (E14001323): Hilary Benn (Labour) left; Jo Bloggs (Green Party) arrived"),
        "{preview}"
    );
    assert!(preview.contains("party Labour → Independent"), "{preview}");
    assert!(preview.contains("Leeds South (Jo Bloggs):"), "{preview}");
    assert!(
        preview.contains("Westminster office (new): House of Commons, London SW1A 0AA · 020 7219 0000"),
        "{preview}"
    );
    assert!(preview.contains("Committee: Health and Social Care Committee"), "{preview}");
    assert!(preview.contains("Christmas recess: Fri 18 Dec 2026 to Mon 4 Jan 2027"), "{preview}");
    assert!(preview.contains("Sitting Fridays and weekend sittings:\n    Fri 15 Jan 2027 (new)"), "{preview}");
    assert!(preview.contains("Dry run: nothing was changed"), "{preview}");
    assert!(env.run(&["mp", "leeds south"]).contains("Hilary Benn"), "a dry run changes nothing");

    let applied = stdout(update(&env, &server, &["--yes"]));
    assert!(applied.contains("Updated."), "{applied}");
    let card = env.run(&["mp", "leeds south"]);
    assert!(card.contains("Jo Bloggs") && card.contains("Green Party"), "{card}");
    assert!(card.contains("member99001@parliament.uk"), "the new MP's Westminster email: {card}");
    assert!(card.contains("Hilary Benn"), "the seat's history is kept: {card}");
    let agenda = env.run(&["agenda"]);
    assert!(agenda.contains("Leeds South has a new MP, Jo Bloggs"), "{agenda}");
    let leeds_east = env.run(&["mp", "leeds east"]);
    assert!(leeds_east.contains("Independent"), "{leeds_east}");

    let agents = server.user_agents();
    assert!(agents.iter().all(|a| a.starts_with(&format!("mpplan/{} ", env!("CARGO_PKG_VERSION")))), "{agents:?}");

    let again = stdout(update(&env, &server, &["--yes"]));
    assert!(again.contains("Everything is up to date: nothing to change."), "{again}");
    assert!(!again.contains("arrived") && !again.contains("Recesses added"), "{again}");
}

#[test]
fn a_new_recess_and_a_sitting_friday_change_the_flags_of_proposals() {
    let env = tracked_env();
    env.run(&["propose", "leeds south", "--start", "2026-12-22 10:00", "-d", "1h", "--kind", "visit"]);
    env.run(&["propose", "leeds south", "--start", "2027-01-15 10:00", "-d", "1h", "--kind", "visit"]);
    let before = env.json(&["proposals", "--json"]);
    let flags = |value: &serde_json::Value| -> Vec<String> {
        value.as_array().unwrap().iter().map(|p| p["flag"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(flags(&before)[1], "clear", "a Friday beyond the data: {before}");
    let server = FeedServer::start(Fixture::new());
    let preview = stdout(update(&env, &server, &["--yes"]));
    assert!(preview.contains("Proposals whose flag changes:"), "{preview}");
    assert!(
        preview.contains("Fri 15 Jan 2027 10:00 Visit with Hilary Benn: ✓? clear (assumed) → ✗ conflict"),
        "{preview}"
    );
    let after = env.json(&["proposals", "--json"]);
    assert_eq!(flags(&after), ["clear", "conflict"], "{after}");
    let day = env.run(&["day", "2026-12-22"]);
    assert!(day.contains("Christmas recess"), "{day}");
}

fn db_bytes(env: &Env) -> Vec<u8> {
    std::fs::read(env.db()).unwrap()
}

#[test]
fn a_server_failing_half_way_changes_nothing() {
    let env = tracked_env();
    let server = FeedServer::start(changed_fixture());
    server.set_faults(Faults { status: Some(("skip=320".into(), 500)), ..Faults::default() });
    let before = db_bytes(&env);
    let mut cmd = env.cmd();
    let out = cmd.envs(server.env()).args(["update", "--yes"]).assert().code(1).get_output().clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: Members API page 17 from 127.0.0.1"), "{err}");
    assert!(err.contains("answered 500 3 times"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(server.hits().iter().filter(|h| h.contains("skip=320")).count(), 3, "tried three times");
    assert_eq!(db_bytes(&env), before, "the database is byte for byte as it was");
}

#[test]
fn a_cut_off_body_changes_nothing() {
    let env = tracked_env();
    let server = FeedServer::start(changed_fixture());
    server.set_faults(Faults { truncate: Some("nonsitting".into()), ..Faults::default() });
    let before = db_bytes(&env);
    let err = {
        let mut cmd = env.cmd();
        let out = cmd.envs(server.env()).args(["update", "--yes"]).assert().code(1).get_output().clone();
        String::from_utf8(out.stderr).unwrap()
    };
    assert!(err.contains("What's On non-sitting periods"), "{err}");
    assert!(err.contains("cut off"), "{err}");
    assert_eq!(db_bytes(&env), before);
}

#[test]
fn a_slow_server_times_out() {
    let env = tracked_env();
    let server = FeedServer::start(Fixture::new());
    server.set_faults(Faults { delay: Some(("sessions".into(), Duration::from_secs(4))), ..Faults::default() });
    let before = db_bytes(&env);
    let mut cmd = env.cmd();
    let out = cmd.envs(server.env()).args(["update", "--yes", "--timeout", "1"]).assert().code(1).get_output().clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("What's On sessions was not read within 1 s"), "{err}");
    assert_eq!(db_bytes(&env), before);
}

#[test]
fn no_network_is_one_clear_line() {
    let env = tracked_env();
    let mut cmd = env.cmd();
    let out = cmd
        .env("MPPLAN_MEMBERS_API_URL", "http://127.0.0.1:9/api")
        .args(["update", "--yes", "--timeout", "2"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: cannot connect to 127.0.0.1:9"), "{err}");
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn saved_files_give_the_same_result_as_the_network() {
    let server = FeedServer::start(changed_fixture());
    let online = tracked_env();
    stdout(update(&online, &server, &["--yes"]));

    let offline = tracked_env();
    let list = offline.run(&["update", "--urls"]);
    let folder = offline.dir.path().join("saved");
    std::fs::create_dir(&folder).unwrap();
    let mut saved = 0;
    for line in list.lines().filter(|l| !l.starts_with('#')) {
        let (file, url) = line.split_once(' ').unwrap();
        assert!(url.starts_with("https://"), "the real addresses by default: {url}");
        let local = url
            .replace("https://members-api.parliament.uk/api", &format!("{}/api", server.base()))
            .replace("https://whatson-api.parliament.uk", &server.base())
            .replace("https://www.gov.uk", &server.base());
        std::fs::write(folder.join(file), server.get(&local)).unwrap();
        saved += 1;
    }
    assert_eq!(saved, 33 + 3 + 4, "{list}");
    // The tracked MP changes hands, so the new MP's details are saved by hand too.
    for doc in ["Contact", "Biography", "Focus"] {
        let body = server.get(&format!("{}/api/Members/99001/{doc}", server.base()));
        std::fs::write(folder.join(format!("member-99001-{}.json", doc.to_lowercase())), body).unwrap();
    }
    let from = offline.run(&["update", "--yes", "--from", folder.to_str().unwrap()]);
    assert!(from.contains("Updated."), "{from}");
    for args in [
        &["mps", "--json"][..],
        &["calendar", "status", "--json"],
        &["week", "2027-01-11", "--json"],
        &["mp", "leeds south"],
    ] {
        assert_eq!(online.run(args), offline.run(args), "{args:?}");
    }
}

#[test]
fn without_yes_off_a_terminal_nothing_is_applied() {
    let env = tracked_env();
    let server = FeedServer::start(changed_fixture());
    let before = db_bytes(&env);
    update(&env, &server, &[]).code(2);
    assert_eq!(db_bytes(&env), before);
}

#[test]
fn the_card_and_the_brief_show_what_parliament_lists() {
    let env = tracked_env();
    let server = FeedServer::start(Fixture::new());
    stdout(update(&env, &server, &["--yes"]));
    let card = env.run(&["mp", "leeds south"]);
    assert!(card.contains("From Parliament's records"), "{card}");
    assert!(
        card.contains(
            "  Westminster office: House of Commons, London SW1A 0AA · 020 7219 0000 · member413@parliament.uk"
        ),
        "{card}"
    );
    assert!(card.contains("  Committees: Health and Social Care Committee"), "{card}");
    assert!(card.contains("  Political interests: Health, Social care"), "{card}");
    let brief = env.run(&["brief", "leeds south"]);
    assert!(brief.contains("## From Parliament's records"), "{brief}");
    assert!(brief.contains("- **Committees:** Health and Social Care Committee"), "{brief}");
    let json = env.json(&["mp", "leeds south", "--json"]);
    assert_eq!(json["profile"]["contacts"][0]["office"], "westminster", "{json}");
}

#[test]
fn a_tuesday_beyond_the_data_is_an_assumed_conflict_until_an_update_brings_a_recess() {
    let env = tracked_env();
    let check = |env: &Env| env.json(&["check", "2027-02-16 10:00", "--duration", "1h", "--json"]);
    let before = check(&env);
    assert_eq!((before["flag"].as_str(), before["assumed"].as_bool()), (Some("conflict"), Some(true)), "{before}");
    let server = FeedServer::start(Fixture::new());
    stdout(update(&env, &server, &["--yes"]));
    let after = check(&env);
    assert_eq!((after["flag"].as_str(), after["assumed"].as_bool()), (Some("clear"), Some(false)), "{after}");
    assert!(after["reason"].as_str().unwrap().contains("February recess"), "{after}");
}

#[test]
fn the_data_age_is_told_before_and_after_an_update() {
    let env = tracked_env();
    let before = env.run(&["about"]);
    assert!(before.contains("MPs: as shipped with mpplan, Saturday 27 June 2026"), "{before}");
    assert!(before.contains("Run `mpplan update`"), "{before}");
    let server = FeedServer::start(Fixture::new());
    stdout(update(&env, &server, &["--yes"]));
    let status = env.run(&["calendar", "status"]);
    assert!(status.contains("Calendar: updated from Parliament on"), "{status}");
    assert!(status.contains("sitting days known to Wednesday 30 June 2027"), "{status}");
    let agenda = env.run(&["agenda"]);
    assert!(agenda.contains("MPs: updated from Parliament on"), "{agenda}");
}

#[test]
fn a_seat_changing_hands_between_two_updates_keeps_its_history() {
    let env = tracked_env();
    env.run(&["log", "leeds south", "--kind", "letter", "--on", "2026-11-20", "--note", "first letter"]);
    let server = FeedServer::start(Fixture::new());
    stdout(update(&env, &server, &["--yes"]));
    assert!(!env.run(&["agenda"]).contains("has a new MP"));
    let mut fixture = Fixture::new();
    fixture.new_member("Leeds South", 99001, "Jo Bloggs", "Green Party", "2026-11-23");
    server.set_fixture(fixture);
    let preview = stdout(update(&env, &server, &["--yes"]));
    assert!(preview.contains("Hilary Benn (Labour) left; Jo Bloggs (Green Party) arrived"), "{preview}");
    let card = env.run(&["mp", "leeds south"]);
    assert!(card.contains("Seat history") && card.contains("Hilary Benn") && card.contains("Jo Bloggs"), "{card}");
    let history = env.run(&["history", "leeds south"]);
    assert!(history.contains("first letter"), "the contact log is kept: {history}");
    assert!(env.run(&["agenda"]).contains("Leeds South has a new MP, Jo Bloggs"));
}

#[test]
fn your_own_recess_stays_and_wins_and_the_preview_says_so() {
    let env = tracked_env();
    env.run(&["recess", "add", "Our away week", "2027-01-11", "2027-01-15"]);
    env.run(&["sitting", "add", "2026-12-21", "--note", "recall"]);
    let server = FeedServer::start(Fixture::new());
    let preview = stdout(update(&env, &server, &["--yes"]));
    assert!(
        preview.contains("your recess \"Our away week\" (Mon 11 Jan 2027 to Fri 15 Jan 2027) covers 5 sitting days"),
        "{preview}"
    );
    assert!(
        preview.contains("your sitting day Mon 21 Dec 2026 falls in Parliament's \"Christmas recess\""),
        "{preview}"
    );
    let tuesday = env.json(&["day", "2027-01-12", "--json"]);
    assert_eq!(tuesday["kind"], "recess", "{tuesday}");
    let recall = env.json(&["day", "2026-12-21", "--json"]);
    assert_eq!(recall["kind"], "sitting", "{recall}");
    let recesses = env.run(&["recess", "list"]);
    assert!(recesses.contains("Our away week") && recesses.contains("user"), "{recesses}");
}

#[test]
fn a_busy_server_is_asked_again() {
    let env = tracked_env();
    let server = FeedServer::start(Fixture::new());
    server.set_faults(Faults { status: Some(("sessions".into(), 429)), ..Faults::default() });
    let mut cmd = env.cmd();
    let out = cmd.envs(server.env()).args(["update", "--yes"]).assert().code(1).get_output().clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("What's On sessions from 127.0.0.1") && err.contains("answered 429 3 times"), "{err}");
    assert_eq!(server.hits().iter().filter(|h| h.contains("sessions")).count(), 3);
}

#[test]
fn a_body_that_is_not_the_feed_changes_nothing() {
    let env = tracked_env();
    let mut fixture = Fixture::new();
    fixture.bank_holidays = serde_json::json!({"message": "<html>Sign in to the proxy</html>"});
    let server = FeedServer::start(fixture);
    let before = db_bytes(&env);
    let mut cmd = env.cmd();
    let out = cmd.envs(server.env()).args(["update", "--yes"]).assert().code(1).get_output().clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("GOV.UK bank holidays is not what the feed should serve: the JSON is not in the feed's format"),
        "{err}"
    );
    assert_eq!(db_bytes(&env), before);
}

#[test]
fn help_names_the_addresses_and_how_to_point_them_elsewhere() {
    let env = Env::new();
    let help = env.run(&["update", "--help"]);
    for text in [
        "MPPLAN_MEMBERS_API_URL",
        "MPPLAN_WHATSON_API_URL",
        "MPPLAN_BANK_HOLIDAYS_URL",
        "--urls",
        "--from",
        "https://members-api.parliament.uk/api",
    ] {
        assert!(help.contains(text), "{text} in:\n{help}");
    }
}

#[test]
fn a_folder_with_only_the_bank_holidays_leaves_the_calendar_as_it_is() {
    let env = tracked_env();
    let server = FeedServer::start(Fixture::new());
    stdout(update(&env, &server, &["--yes"]));
    let week = env.run(&["week", "2027-01-11"]);
    let folder = env.dir.path().join("holidays");
    std::fs::create_dir(&folder).unwrap();
    let mut fixture = Fixture::new();
    fixture.bank_holidays["england-and-wales"]["events"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"title": "Another test holiday", "date": "2027-09-06", "notes": "", "bunting": true}));
    std::fs::write(folder.join("bank-holidays.json"), fixture.route("/bank-holidays.json").unwrap()).unwrap();
    let out = env.run(&["update", "--yes", "--from", folder.to_str().unwrap()]);
    assert!(out.contains("Bank holidays only") && out.contains("Mon 6 Sep 2027 Another test holiday"), "{out}");
    assert!(!out.contains("no longer lists"), "{out}");
    assert_eq!(env.run(&["week", "2027-01-11"]), week, "the calendar is as it was");
    assert!(env.run(&["day", "2027-09-06"]).contains("Another test holiday"));
}

#[test]
fn the_proxy_in_the_environment_is_used_unless_no_proxy_says_otherwise() {
    let env = tracked_env();
    let server = FeedServer::start(Fixture::new());
    let mut through_proxy = env.cmd();
    through_proxy.envs(server.env()).env("HTTP_PROXY", "http://127.0.0.1:9").args([
        "update",
        "--dry-run",
        "--timeout",
        "5",
    ]);
    let out = through_proxy.assert().code(1).get_output().clone();
    assert!(String::from_utf8(out.stderr).unwrap().contains("cannot connect"), "the dead proxy was tried");
    assert!(server.hits().is_empty(), "nothing reached the feeds directly");
    let mut bypassed = env.cmd();
    bypassed
        .envs(server.env())
        .env("HTTP_PROXY", "http://127.0.0.1:9")
        .env("NO_PROXY", "127.0.0.1")
        .args(["update", "--dry-run"]);
    let preview = stdout(bypassed.assert());
    assert!(preview.contains("MPs: 650 current members"), "{preview}");
}

#[test]
fn a_name_that_does_not_resolve_is_one_clear_line() {
    let env = tracked_env();
    let mut cmd = env.cmd();
    let out = cmd
        .env("MPPLAN_MEMBERS_API_URL", "http://feeds.invalid/api")
        .args(["update", "--dry-run", "--timeout", "5"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("error: cannot find feeds.invalid: is this machine online?"), "{err}");
}
