//! Has the linker place the functions that mpplan's everyday commands run side by side, in the
//! order of link/hot-functions.txt (written by scripts/hot-functions.sh): on x86-64 Linux, where
//! Rust links with LLVM's lld, which takes such a list (`--symbol-ordering-file`). A short command
//! then touches about half as many stretches of the program's code (`slots`: 30 instead of 63),
//! and the system maps fewer pages into each new process (BENCHMARKS.md, issue 19). Only the
//! program is linked so; with another linker set, or on another platform, nothing changes.
//!
//! On Linux with glibc it also has the program take GCC's unwinder (which Rust needs for panics)
//! into itself rather than load the shared libgcc_s at every start: link/static-libgcc holds a
//! libgcc_s.so that the linker finds first, naming the static libraries instead.

use std::env;
use std::path::Path;
use std::process::Command;

fn main() {
    let link = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("link");
    let list = link.join("hot-functions.txt");
    println!("cargo:rerun-if-changed={}", list.display());
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu")
    {
        let folder = link.join("static-libgcc");
        println!("cargo:rerun-if-changed={}", folder.join("libgcc_s.so").display());
        println!("cargo:rustc-link-arg-bins=-L{}", folder.display());
    }
    if uses_lld() && list.is_file() {
        println!("cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}", list.display());
        // Names the list holds that this build lacks are passed over quietly.
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
}

/// Whether the program is linked by Rust's own lld: the default for x86-64 Linux with glibc since
/// Rust 1.90, unless a linker, or other linker features, are asked for.
fn uses_lld() -> bool {
    let target = env::var("TARGET").unwrap_or_default();
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    target == "x86_64-unknown-linux-gnu"
        && env::var_os("RUSTC_LINKER").is_none()
        && !flags.contains("linker")
        && rustc_minor().is_some_and(|minor| minor >= 90)
}

/// The minor version of the compiler ("rustc 1.95.0 (…)" gives 95).
fn rustc_minor() -> Option<u32> {
    let rustc = env::var_os("RUSTC")?;
    let output = Command::new(rustc).arg("--version").output().ok()?;
    let version = String::from_utf8(output.stdout).ok()?;
    let mut numbers = version.split_whitespace().nth(1)?.split('.');
    (numbers.next()? == "1").then_some(())?;
    numbers.next()?.parse().ok()
}
