//! How the program starts, whatever it is started with: a reader that goes away before the output
//! ends, or standard output closed. (On Linux with glibc mpplan does the start-up work it needs
//! itself, see src/main.rs; these hold on every platform.) And, on Linux with glibc, what it loads
//! to start.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

use crate::common::Env;

/// `mpplan mps | head -1`: the list is longer than the pipe holds, so mpplan is still writing when
/// the reader leaves. It stops quietly with success, as for any reader that has seen enough; it is
/// not killed by the signal a closed pipe sends.
#[test]
fn a_reader_that_leaves_early_ends_the_command_quietly() {
    let env = Env::new();
    env.run(&["week"]); // loads the shipped MPs
    let mut child = env.process().arg("mps").stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with("CONSTITUENCY"), "{first}");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{:?}", out.status);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Started with standard output closed, mpplan writes its output nowhere, rather than into the
/// first file it opens (which would take the closed descriptor's number), and succeeds. `restore`
/// opens the log before anything else, and then writes files of the user's data.
#[test]
fn with_standard_output_closed_the_output_goes_nowhere() {
    let env = Env::new();
    env.run(&["track", "Leeds South"]);
    let copy = env.path("copy.sqlite3");
    env.run(&["backup", "--out", copy.to_str().unwrap()]);
    let mut cmd = env.process();
    cmd.args(["restore", copy.to_str().unwrap(), "--yes"]).stderr(Stdio::piped());
    // SAFETY: between fork and exec only close(2) runs, which is async-signal-safe.
    unsafe {
        cmd.pre_exec(|| {
            libc::close(1);
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let log = std::fs::read_to_string(env.db().with_file_name("mpplan.log")).unwrap();
    assert!(!log.contains("Restored"), "restore's output went into the log:\n{log}");
    assert!(env.run(&["mps", "--tracked"]).contains("Leeds South"));
}

/// On Linux with glibc the program loads no shared library but the C library (and the loader):
/// the unwinder and the three maths functions it uses are in the program itself (build.rs,
/// src/main.rs), since each library loaded costs every start its time. A new dependency that
/// calls another of libm's functions brings libm back; `nm -D --undefined-only` on the program
/// then names the function, to be added to src/main.rs.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_program_loads_only_the_c_library() {
    let out = Command::new("readelf")
        .args(["--dynamic", "--wide"])
        .arg(assert_cmd::cargo::cargo_bin("mpplan"))
        .output()
        .expect("readelf (GNU binutils, which Rust's linking on Linux needs) runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dynamic = String::from_utf8(out.stdout).unwrap();
    let needed: Vec<&str> = dynamic
        .lines()
        .filter(|line| line.contains("(NEEDED)"))
        .filter_map(|line| line.split('[').nth(1)?.strip_suffix(']'))
        .collect();
    assert!(needed.contains(&"libc.so.6"), "{dynamic}");
    let others: Vec<&&str> =
        needed.iter().filter(|name| **name != "libc.so.6" && !name.starts_with("ld-linux")).collect();
    assert!(others.is_empty(), "the program loads {others:?} besides the C library:\n{dynamic}");
}
