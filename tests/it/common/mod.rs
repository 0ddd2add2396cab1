//! Running the real binary as a user would: a temporary database, and a home directory of its own
//! so that no test can touch the real user data directory.

#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub struct Env {
    pub dir: TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env { dir: tempfile::tempdir().unwrap() }
    }

    /// A file named `name` in the test's own folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("data").join("mpplan.sqlite3")
    }

    /// The binary with a clean environment; "today" is fixed at Tuesday 24 November 2026.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.process())
    }

    /// [`Env::cmd`] as a plain std Command, for what assert_cmd does not offer (pipes read while
    /// the program runs, `pre_exec`).
    pub fn process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("mpplan"));
        cmd.env_clear()
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg"))
            .env("MPPLAN_DB", self.db())
            .env("MPPLAN_TODAY", "2026-11-24");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).assert().success().get_output().stdout.clone();
        String::from_utf8(out).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.run(args)).unwrap()
    }

    /// Proposes an hour with `mp` from `start` (with `extra` arguments) and returns its id.
    pub fn propose_hour(&self, mp: &str, start: &str, extra: &[&str]) -> String {
        let mut args = vec!["propose", mp, "--start", start, "-d", "1h", "--json"];
        args.extend_from_slice(extra);
        self.json(&args)["id"].to_string()
    }

    /// Runs a command that must fail with `code`, print nothing on stdout and one line on stderr
    /// starting "error: ", and returns that line.
    pub fn fail(&self, args: &[&str], code: i32) -> String {
        self.fail_with(&[], args, code)
    }

    /// As [`Env::fail`], with these environment variables set as well.
    pub fn fail_with(&self, vars: &[(&str, &str)], args: &[&str], code: i32) -> String {
        let mut cmd = self.cmd();
        cmd.envs(vars.iter().copied());
        let out = cmd.args(args).assert().code(code).stdout("").get_output().stderr.clone();
        let err = String::from_utf8(out).unwrap();
        assert!(err.starts_with("error: "), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
        err
    }
}

/// Whether `tool`, a program a test drives (it answers `-V`), is installed. When it is not, the
/// test is to be skipped, and this says so; under CI, which installs it (`install` says how),
/// that fails the test instead.
pub fn tool_or_skip(tool: &str, install: &str) -> bool {
    if std::process::Command::new(tool).arg("-V").output().is_ok_and(|o| o.status.success()) {
        return true;
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "under CI this test needs {tool} ({install})");
    eprintln!("skipping: {tool} is not installed ({install})");
    false
}

pub mod damage;
pub mod feed_server;
pub mod postgres;
pub mod python;
