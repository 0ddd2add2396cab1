//! End to end: the screen the UI opens on is kept when it closes and shown at once on the next
//! start, before the database is read; the UI's own first frame is then not sent again, and where
//! it differs from what was kept it is drawn over a cleared screen. The real binary runs in a
//! pseudo-terminal made by script(1), whose output is every byte the terminal received. Under
//! CI=true a missing script(1) fails the test.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{self, Env};

const ENTER: &[u8] = b"\x1b[?1049h";
const CLEAR: &[u8] = b"\x1b[2J";
const HIDE_CURSOR: &[u8] = b"\x1b[?25l";

fn script_or_skip() -> bool {
    common::tool_or_skip("script", "apt-get install -y bsdutils")
}

/// Starts the UI in a 120×40 terminal, presses q once it has had a second to draw, and returns
/// every byte the terminal received.
fn open_and_quit(env: &Env) -> Vec<u8> {
    open_and_quit_on(env, "2026-11-24")
}

/// [`open_and_quit`] on `day`.
fn open_and_quit_on(env: &Env, day: &str) -> Vec<u8> {
    let command = format!(
        "stty rows 40 cols 120; exec env -i HOME={home} TERM=xterm-256color MPPLAN_DB={db} MPPLAN_TODAY={day} {bin}",
        home = env.dir.path().display(),
        db = env.db().display(),
        bin = env!("CARGO_BIN_EXE_mpplan"),
    );
    let mut script = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script runs");
    let mut out = script.stdout.take().expect("its output");
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        out.read_to_end(&mut bytes).map(|_| bytes)
    });
    // The q is pressed once the UI has had a moment to draw; the keyboard stays open until it has
    // quit (script(1) may stop reading the terminal once its input ends).
    let mut keyboard = script.stdin.take().expect("its input");
    std::thread::sleep(Duration::from_millis(500));
    keyboard.write_all(b"q").expect("q pressed");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = script.try_wait().expect("script waited for") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = script.kill();
            panic!("the UI did not quit within 30 s of the q");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(keyboard);
    let mut errors = String::new();
    script.stderr.take().expect("its errors").read_to_string(&mut errors).expect("errors read");
    assert!(status.success(), "{errors}");
    reader.join().expect("the reader").expect("the output read")
}

fn kept(env: &Env) -> PathBuf {
    env.dir.path().join(".cache/mpplan/opening-screen")
}

/// The kept screens: each a key line, the frame's length in bytes on a line, and the frame.
fn screens(env: &Env) -> Vec<(Vec<u8>, Vec<u8>)> {
    let bytes = std::fs::read(kept(env)).expect("the opening screen was kept");
    let mut rest = &bytes[..];
    let mut screens = Vec::new();
    while !rest.is_empty() {
        let key_end = find(rest, b"\n").expect("a key line");
        let length_end = key_end + 1 + find(&rest[key_end + 1..], b"\n").expect("a length line");
        let length: usize = std::str::from_utf8(&rest[key_end + 1..length_end]).unwrap().parse().unwrap();
        let frame = &rest[length_end + 1..length_end + 1 + length];
        screens.push((rest[..key_end].to_vec(), frame.to_vec()));
        rest = &rest[length_end + 1 + length..];
    }
    screens
}

/// The kept screen for the day the UI was started on (the first kept), its key and frame.
fn key_and_frame(env: &Env) -> (Vec<u8>, Vec<u8>) {
    screens(env).swap_remove(0)
}

/// The kept screens' file with `key` and `frame` alone.
fn kept_file(key: &[u8], frame: &[u8]) -> Vec<u8> {
    let mut file = key.to_vec();
    file.extend_from_slice(format!("\n{}\n", frame.len()).as_bytes());
    file.extend_from_slice(frame);
    file
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).escape_debug().to_string()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).filter(|w| *w == needle).count()
}

/// What the terminal received from entering the alternate screen up to the end of the first frame
/// (every frame ends by hiding the cursor).
fn first_frame(output: &[u8]) -> &[u8] {
    let start = find(output, ENTER).expect("the UI took the screen") + ENTER.len();
    let end = start + find(&output[start..], HIDE_CURSOR).expect("a frame was drawn") + HIDE_CURSOR.len();
    &output[start..end]
}

#[test]
fn the_opening_screen_is_kept_shown_at_once_and_corrected_when_it_no_longer_holds() {
    if !script_or_skip() {
        return;
    }
    let env = Env::new();
    env.run(&["track", "leeds south"]);

    // Nothing kept yet: the UI draws its first frame, and on quitting keeps that very frame.
    let first = open_and_quit(&env);
    let drawn = first_frame(&first).to_vec();
    assert!(
        String::from_utf8_lossy(&drawn).contains("Leeds South (Hilary Benn)"),
        "{}",
        String::from_utf8_lossy(&drawn)
    );
    let (key, frame) = key_and_frame(&env);
    assert!(key.starts_with(b"mpplan opening screen 1 "), "{}", String::from_utf8_lossy(&key));
    assert!(frame == drawn, "the kept screen is the first frame the UI draws:\n{}\n{}", lossy(&frame), lossy(&drawn));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(kept(&env)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the kept screen shows the plan: only its owner may read it");
    }

    // Nothing changed: the kept screen is shown on entering and the UI does not send it again.
    let second = open_and_quit(&env);
    assert!(first_frame(&second) == frame, "{}", lossy(&second));
    assert_eq!(count(&second, &frame), 1, "the frame is sent once");
    assert_eq!(count(&second, CLEAR), 0, "nothing is cleared");

    // A kept screen that no longer holds, under the right key (a write within the file clock's
    // tick): shown, then cleared and the true frame drawn at once.
    let stale = String::from_utf8(frame.clone()).unwrap().replace("Hilary Benn", "Someone Els");
    std::fs::write(kept(&env), kept_file(&key, stale.as_bytes())).unwrap();
    let third = open_and_quit(&env);
    let shown = find(&third, stale.as_bytes()).expect("the kept screen is shown");
    let cleared = shown + stale.len();
    assert_eq!(&third[cleared..cleared + CLEAR.len()], CLEAR, "then the screen is cleared");
    assert!(third[cleared + CLEAR.len()..].starts_with(&frame), "and the true frame drawn: {}", lossy(&third));
    assert!(key_and_frame(&env) == (key.clone(), frame.clone()), "the true screen is kept again");

    // The next morning's first start: the screen kept for that day is shown, and it is the true one.
    let next = &screens(&env)[1];
    assert!(String::from_utf8_lossy(&next.0).contains(" day 2026-11-25 "), "{}", lossy(&next.0));
    let morning = open_and_quit_on(&env, "2026-11-25");
    assert!(first_frame(&morning) == next.1, "{}", lossy(&morning));
    assert_eq!((count(&morning, &next.1), count(&morning, CLEAR)), (1, 0), "shown once, not cleared");
    assert!(String::from_utf8_lossy(&next.1).contains("Wed 25 Nov 2026"), "{}", lossy(&next.1));
    open_and_quit(&env);

    // The plan changed: the database file is another, so the kept screen is not shown.
    env.run(&["track", "leeds east"]);
    let fourth = open_and_quit(&env);
    assert_eq!(count(&fourth, &frame), 0, "the screen kept before the change is not shown");
    assert!(String::from_utf8_lossy(first_frame(&fourth)).contains("Leeds East (Richard Burgon)"));
    let (new_key, new_frame) = key_and_frame(&env);
    assert_ne!(new_key, key);
    assert!(new_frame == first_frame(&fourth), "{}", lossy(&fourth));
}

#[test]
fn the_opening_screen_is_not_shown_in_another_window_size_or_when_its_file_is_a_link() {
    if !script_or_skip() {
        return;
    }
    let env = Env::new();
    env.run(&["track", "leeds south"]);
    open_and_quit(&env);
    let (key, frame) = key_and_frame(&env);

    // Kept at another size: the key names 120x40, so a screen kept for 80x24 is another key.
    let other = String::from_utf8(key.clone()).unwrap().replace("size 120x40", "size 80x24");
    std::fs::write(kept(&env), kept_file(other.as_bytes(), b"NOT THIS SCREEN")).unwrap();
    let output = open_and_quit(&env);
    assert_eq!(count(&output, b"NOT THIS SCREEN"), 0);
    assert!(first_frame(&output) == frame, "the UI draws its own frame: {}", lossy(&output));

    // A link in the kept screen's place is neither read nor written through.
    #[cfg(unix)]
    {
        let target = env.path("elsewhere");
        let file = kept_file(&key, b"THROUGH A LINK");
        std::fs::write(&target, &file).unwrap();
        std::fs::remove_file(kept(&env)).unwrap();
        std::os::unix::fs::symlink(&target, kept(&env)).unwrap();
        let output = open_and_quit(&env);
        assert_eq!(count(&output, b"THROUGH A LINK"), 0, "not read through a link");
        assert!(std::fs::read(&target).unwrap() == file, "not written through a link");
    }
}
