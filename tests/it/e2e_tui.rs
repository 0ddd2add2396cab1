//! End to end: the real binary in a real terminal (tmux), driven by keys as a person would, then
//! the command line confirms what was stored. Under CI=true a missing tmux fails the test.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::common;
use crate::common::Env;

struct Tmux {
    session: String,
}

impl Tmux {
    fn start(env: &Env, width: u16, height: u16) -> Tmux {
        Tmux::start_with(env, width, height, "")
    }

    /// Starts mpplan with `extra` (e.g. "NAME=value ") added to its environment. After it exits the
    /// pane shows its exit code and the terminal's modes (`stty -a`).
    fn start_with(env: &Env, width: u16, height: u16, extra: &str) -> Tmux {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let session = format!("mpplan-e2e-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let bin = env!("CARGO_BIN_EXE_mpplan");
        let command = format!(
            "env -i HOME={home} TERM=xterm-256color MPPLAN_DB={db} MPPLAN_TODAY=2026-11-24 {extra}{bin}; echo EXITED $?; stty -a; sleep 30",
            home = env.dir.path().display(),
            db = env.db().display(),
        );
        let status = Command::new("tmux")
            .args(["new-session", "-d", "-s", &session, "-x", &width.to_string(), "-y", &height.to_string(), &command])
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux new-session failed");
        Tmux { session }
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            let mut cmd = Command::new("tmux");
            cmd.args(["send-keys", "-t", &self.session]);
            match key.strip_prefix('=') {
                Some(text) => cmd.args(["-l", text]),
                None => cmd.arg(key),
            };
            assert!(cmd.status().expect("tmux send-keys").success());
            sleep(Duration::from_millis(80));
        }
    }

    /// A tmux format variable of the pane, e.g. "alternate_on".
    fn pane(&self, variable: &str) -> String {
        let out = Command::new("tmux")
            .args(["display-message", "-p", "-t", &self.session, &format!("#{{{variable}}}")])
            .output()
            .expect("tmux display-message");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux").args(["capture-pane", "-p", "-t", &self.session]).output().expect("capture");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits (up to 10 s) until the screen shows `text`, and returns the screen.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "waited for {text:?}; the screen shows:\n{screen}");
            sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["kill-session", "-t", &self.session]).status();
    }
}

fn tmux_or_skip() -> bool {
    common::tool_or_skip("tmux", "apt-get install -y tmux")
}

#[test]
fn find_track_tick_undo_and_quit() {
    if !tmux_or_skip() {
        return;
    }
    let env = Env::new();
    let tmux = Tmux::start(&env, 120, 40);
    tmux.wait_for("Find your MP");
    tmux.keys(&["=ls9 7tf", "Enter"]);
    tmux.wait_for("Leeds South");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("● tracked");
    assert!(screen.contains("[x] 1.1") && screen.contains("From the postcode LS9 7TF"), "{screen}");

    // The MP opens with the cursor on the next step, 1.2: Space ticks it. Then tick 2.1 and 2.2,
    // and undo the second.
    tmux.keys(&["Space"]);
    tmux.wait_for("[x] 1.2");
    tmux.keys(&["Down", "Space"]);
    tmux.wait_for("[x] 2.1");
    tmux.keys(&["Down", "Space"]);
    tmux.wait_for("[x] 2.2");
    tmux.keys(&["u"]);
    let screen = tmux.wait_for("Undone");
    assert!(screen.contains("[ ] 2.2") && screen.contains("[x] 2.1"), "{screen}");

    // Propose a visit on a sitting Tuesday: the form flags the conflict as the date is typed.
    tmux.keys(&["4"]);
    tmux.wait_for("Sun 29 November 2026");
    tmux.keys(&["a"]);
    tmux.wait_for("New proposal");
    tmux.keys(&["=leeds south", "Tab", "C-u", "=2026-03-03", "Tab"]);
    let screen = tmux.wait_for("✗ conflict");
    assert!(screen.contains("Tuesday 3 March 2026") && screen.contains("Next clear slot"), "{screen}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Saved: Meeting with Hilary Benn on Tue 3 Mar 10:00");
    // The week follows the proposal to its day, in March, as a calendar with its block.
    let screen = tmux.wait_for("Mon 2 – Sun 8 March 2026");
    assert!(screen.contains("▌✗ 10:00–11:00") && screen.contains("░░░"), "{screen}");
    // g goes to a date typed in words, t back to today.
    tmux.keys(&["g", "=2026-12-25", "Enter"]);
    tmux.wait_for("Mon 21 – Sun 27 December 2026");
    tmux.keys(&["t"]);
    tmux.wait_for("Sun 29 November 2026");

    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXITED");
    assert!(screen.contains("EXITED 0"), "quit cleanly: {screen}");

    let proposals = env.json(&["proposals", "--all", "--json"]);
    assert_eq!(proposals.as_array().unwrap().len(), 1);
    assert_eq!(proposals[0]["start"], "2026-03-03 10:00");
    assert_eq!(proposals[0]["flag"], "conflict");
    assert_eq!(proposals[0]["constituency"], "Leeds South");

    let tracked = env.json(&["mps", "--tracked", "--json"]);
    assert_eq!(tracked[0]["constituency"], "Leeds South");
    assert_eq!(tracked[0]["progress"]["done"], 3, "1.1, 1.2 and 2.1 done; 2.2 undone");
    assert_eq!(tracked[0]["progress"]["next"], "2.2");
}

#[test]
fn another_writer_shows_within_a_second() {
    if !tmux_or_skip() {
        return;
    }
    let env = Env::new();
    env.run(&["track", "leeds south"]);
    let tmux = Tmux::start(&env, 120, 40);
    tmux.wait_for("Leeds South (Hilary Benn)");
    env.run(&["track", "leeds east"]);
    tmux.wait_for("Leeds East (Richard Burgon)");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
}

#[test]
fn a_bad_config_is_reported_and_the_default_keys_still_work() {
    if !tmux_or_skip() {
        return;
    }
    let env = Env::new();
    let config = env.dir.path().join(".config/mpplan/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "[keys]\nfly = \"f\"\n").unwrap();
    env.run(&["track", "leeds south"]);
    let tmux = Tmux::start(&env, 120, 40);
    let screen = tmux.wait_for("config.toml:2:");
    assert!(screen.contains("Default keys in use") && screen.contains("fly"), "{screen}");
    tmux.keys(&["2"]);
    tmux.wait_for("Press / to search");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
}

#[test]
fn a_panic_restores_the_terminal_and_names_the_log() {
    if !tmux_or_skip() {
        return;
    }
    let env = Env::new();
    let tmux = Tmux::start_with(&env, 200, 40, "MPPLAN_TEST_PANIC_KEY=% ");
    tmux.wait_for("Find your MP");
    assert_eq!(tmux.pane("alternate_on"), "1", "the UI draws on the alternate screen");
    tmux.keys(&["=%"]);
    let screen = tmux.wait_for("EXITED");
    assert!(
        screen.contains("internal error") && screen.contains("Details are in") && screen.contains("mpplan.log"),
        "{screen}"
    );
    assert!(!screen.contains("panicked at") && !screen.contains("RUST_BACKTRACE"), "{screen}");
    assert!(screen.contains("EXITED 101"), "a panic ends the program with code 101: {screen}");
    let screen = tmux.wait_for("speed");
    assert_eq!(tmux.pane("alternate_on"), "0", "the main screen is back");
    assert_eq!(tmux.pane("cursor_flag"), "1", "the cursor is visible");
    let modes = screen.split("EXITED").nth(1).unwrap_or_default();
    assert!(modes.contains(" icanon") && modes.contains(" echo") && !modes.contains("-icanon"), "cooked mode: {modes}");
}

#[test]
fn update_from_the_palette_shows_the_preview_then_applies() {
    if !tmux_or_skip() {
        return;
    }
    let env = Env::new();
    env.run(&["track", "leeds south"]);
    let mut fixture = common::feed_server::Fixture::new();
    fixture.new_member("Leeds South", 99001, "Jo Bloggs", "Green Party", "2026-11-05");
    let server = common::feed_server::FeedServer::start(fixture);
    let extra: String = server.env().iter().map(|(k, v)| format!("{k}={v} ")).collect();
    let tmux = Tmux::start_with(&env, 120, 40, &extra);
    tmux.wait_for("Today");
    tmux.keys(&[":", "=update", "Enter"]);
    let screen = tmux.wait_for("Update from Parliament's and GOV.UK's feeds");
    assert!(screen.contains("Jo Bloggs"), "{screen}");
    tmux.keys(&["y"]);
    tmux.wait_for("Updated.");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");
    assert!(env.run(&["mp", "leeds south"]).contains("Jo Bloggs"));
}

#[test]
fn ctrl_c_quits_at_once_during_a_long_paste_over_notes_at_their_limit() {
    if !tmux_or_skip() {
        return;
    }
    let env = Env::new();
    let note = "word ".repeat(4_000);
    env.run(&["engagement", "set", "leeds south", "--notes", &note, "--background", &note]);
    env.run(&["log", "leeds south", "--kind", "letter", "--note", &note]);
    let tmux = Tmux::start(&env, 120, 40);
    tmux.wait_for("Today");
    tmux.keys(&["2", "/", "=leeds south", "Enter", "Enter"]);
    tmux.wait_for("Engagement and contact log");
    tmux.keys(&["l"]);
    tmux.wait_for("Log a contact");
    tmux.keys(&["Tab", "Tab", "Tab"]);
    // Twenty-one thousand characters pasted into the note (tmux sends them in three parts) arrive
    // as one key each; Ctrl-C right after them is read with them and quits at once.
    let chunk = format!("={}", "pasted ".repeat(1_000));
    tmux.keys(&[&chunk, &chunk, &chunk, "C-c"]);
    let screen = tmux.wait_for("EXITED");
    assert!(screen.contains("EXITED 0"), "{screen}");
    let history = env.json(&["history", "leeds south", "--json"]);
    assert_eq!(history.as_array().map(Vec::len), Some(1), "nothing was logged");
}

/// A morning's review done from Today alone, each item in at most three keys: a visit confirmed
/// (c), the overdue call logged (l, Enter), the briefing the confirmation raised snoozed (z, Enter),
/// a next step ticked (Space). Then the command line's agenda shows it all.
#[test]
fn a_days_review_is_cleared_from_today_alone() {
    if !tmux_or_skip() {
        return;
    }
    let env = Env::new();
    env.run(&["track", "leeds south"]);
    env.run(&["track", "leeds east"]);
    env.run(&["log", "leeds south", "--kind", "letter", "--on", "2026-11-10"]);
    env.run(&["propose", "leeds east", "--start", "2026-11-27 10:00", "-d", "1h", "--kind", "visit"]);
    let tmux = Tmux::start(&env, 120, 40);
    let screen = tmux.wait_for("Follow-ups overdue");
    assert!(screen.contains("c confirm") && screen.contains("Enter open"), "the visit is selected: {screen}");

    tmux.keys(&["c"]);
    tmux.wait_for("confirmed; checklist 3.2 ticked");
    tmux.wait_for("4.2 Brief everyone taking part");

    tmux.keys(&["Tab"]);
    let screen = tmux.wait_for("l log");
    assert!(screen.contains("Space tick") && screen.contains("z snooze"), "the call is selected: {screen}");
    tmux.keys(&["l"]);
    let screen = tmux.wait_for("Log a contact: Leeds South");
    assert!(screen.contains("call") && screen.contains("ticks 2.4"), "{screen}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Logged a call to Hilary Benn; checklist 2.4 ticked");

    // The call has left; the cursor is on the briefing that came after it.
    let screen = tmux.wait_for("z snooze");
    assert!(!screen.contains("l log"), "the briefing asks for no contact: {screen}");
    tmux.keys(&["z"]);
    tmux.wait_for("Snooze: Brief everyone taking part (Leeds East)");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Snoozed Brief everyone taking part (Leeds East) until Tue 1 Dec 2026");

    // Next: the first next step, Leeds East's 1.1 (both seats last moved on today; East sorts first).
    let screen = tmux.wait_for("s skip");
    assert!(screen.contains("Space tick") && screen.contains("n note"), "a next step is selected: {screen}");
    tmux.keys(&["Space"]);
    tmux.wait_for("Ticked 1.1 for Leeds East");
    tmux.keys(&["q"]);
    tmux.wait_for("EXITED 0");

    let agenda = env.json(&["agenda", "--json"]);
    assert_eq!(agenda["follow_ups_overdue"], serde_json::json!([]), "{agenda:#}");
    assert_eq!(agenda["follow_ups_due"], serde_json::json!([]), "{agenda:#}");
    let snoozed = agenda["snoozed"].as_array().unwrap();
    assert_eq!(snoozed.len(), 1, "{agenda:#}");
    assert_eq!(snoozed[0]["rule"], "brief_everyone");
    assert_eq!(snoozed[0]["snoozed_until"], "2026-12-01");
    let visit = &agenda["proposals_next_seven_days"][0];
    assert_eq!((visit["status"].as_str(), visit["constituency"].as_str()), (Some("confirmed"), Some("Leeds East")));
    let steps: Vec<(&str, &str)> = agenda["next_steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["seat"].as_str().unwrap(), s["key"].as_str().unwrap()))
        .collect();
    assert_eq!(steps, [("Leeds East", "1.2"), ("Leeds South", "1.1")], "East's 1.1 ticked");
    let contacts = env.json(&["history", "leeds south", "--json"]);
    assert!(contacts.as_array().unwrap().iter().any(|c| c["kind"] == "call"), "{contacts:#}");
}

#[test]
fn the_screens_sync_a_shared_plan_on_opening_and_on_quitting() {
    if !tmux_or_skip() {
        return;
    }
    let Some(server) = common::postgres::server() else { return };
    let url = server.url();
    let (ann, bob) = (Env::new(), Env::new());
    ann.run(&["sync", "init", &url]);
    ann.run(&["sync", "join", &url, "--as", "Ann"]);
    bob.run(&["sync", "join", &url, "--as", "Bob"]);
    // Bob tracks a seat and syncs while Ann's screens are closed.
    bob.run(&["track", "leeds south"]);
    bob.run(&["sync"]);
    let tmux = Tmux::start(&ann, 120, 40);
    // Opening, the screens sync: Bob's seat arrives and the header says when.
    tmux.wait_for("● 1 tracked");
    tmux.wait_for("● Leeds South");
    tmux.wait_for("synced ");
    // Ann tracks another seat (from the command line, beside the screens); quitting sends it.
    ann.run(&["track", "leeds east"]);
    tmux.wait_for("● 2 tracked");
    tmux.wait_for("waiting");
    // (A copy that tracked nothing when opened asks for a postcode first.)
    tmux.keys(&["Escape", "q"]);
    tmux.wait_for("EXITED 0");
    assert_eq!(ann.json(&["sync", "status", "--json"])["waiting"], 0, "the last sync sent it");
    bob.run(&["sync"]);
    let tracked = bob.run(&["mps", "--tracked"]);
    assert!(tracked.contains("Leeds East") && tracked.contains("Leeds South"), "{tracked}");
}
