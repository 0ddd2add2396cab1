//! The screen the UI opens on, kept from the last time it closed, so that the next start can show
//! it before the database is even opened. It is kept in the cache folder (on Linux
//! ~/.cache/mpplan/opening-screen) with a key naming everything that screen depends on: the
//! program, the window's size, the day, colour or none, the key settings, and the database file
//! as it was left (its size, time and identity, and its write-ahead log). Any change to one of
//! them and the screen is not shown; the UI then opens as it always has.
//!
//! The next day's opening screen is kept besides, for the first start of the day (the morning's
//! review), which is the one most worth having at once.
//!
//! What is shown is only a first glimpse: the UI still reads the database and draws its own first
//! frame, and where that differs (a write within the same tick of the file's clock, a notice on
//! the status line) it is drawn over a cleared screen at once. Keys are read only after that.

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ratatui::layout::Rect;

use super::opening;
use crate::store::Store;
use crate::tui::app::App;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use crate::tui::view;

/// The file's first line: what the rest is, so that a file of another kind is never shown.
const MAGIC: &str = "mpplan opening screen 1";

/// The largest screen read back: a frame of a very large window is a few megabytes at most.
const LARGEST: u64 = 16 * 1024 * 1024;

/// Where the opening screen is kept: the platform's cache folder for mpplan.
pub fn path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "mpplan").map(|dirs| dirs.cache_dir().join("opening-screen"))
}

/// What the opening screen depends on besides the database's contents, and the database file
/// itself as it stands (see the module's notes). On one line: paths are written escaped.
pub fn key(db: &Path, config: Option<&Path>, today: NaiveDate, (width, height): (u16, u16), theme: Theme) -> String {
    let program = std::env::current_exe().ok();
    let wal = sibling(db, "-wal");
    format!(
        "{MAGIC} program {:?} {} size {width}x{height} day {today} colour {} config {:?} {} db {:?} {} wal {}",
        program.as_deref().unwrap_or(Path::new("")),
        program.as_deref().map_or_else(|| "unknown".to_string(), identity),
        theme.colour,
        config.unwrap_or(Path::new("")),
        config.map_or_else(|| "none".to_string(), identity),
        db,
        identity(db),
        identity(&wal),
    )
}

/// `path` with `suffix` added to its name, as SQLite names its write-ahead log.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A file as it stands: its size, when it last changed (to the nanosecond) and, on Unix, which
/// file it is (a file moved in its place is another one); "missing" when there is none.
fn identity(path: &Path) -> String {
    let Ok(meta) = fs::metadata(path) else { return "missing".to_string() };
    let changed =
        meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        format!("{}:{changed}:{}:{}:{}.{}", meta.len(), meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec())
    }
    #[cfg(not(unix))]
    format!("{}:{changed}", meta.len())
}

/// The screen kept at `path` under `key`; None when there is none, none was kept under that key,
/// or the file cannot be read as kept screens (a link, something that is not a file, too large,
/// another kind of file).
pub fn read(path: &Path, key: &str) -> Option<Vec<u8>> {
    let mut file = open_options(false).open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > LARGEST {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes).ok()?;
    let mut rest = &bytes[..];
    while !rest.is_empty() {
        let (this, frame, after) = entry(rest)?;
        if this == key.as_bytes() {
            return Some(frame.to_vec());
        }
        rest = after;
    }
    None
}

/// The first screen in `bytes` (its key line, its length in bytes on a line, then the frame): its
/// key, its frame and what follows; None when it is not one.
fn entry(bytes: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let (key, rest) = line(bytes)?;
    let (length, rest) = line(rest)?;
    let length: usize = std::str::from_utf8(length).ok()?.parse().ok()?;
    (rest.len() >= length).then(|| (key, &rest[..length], &rest[length..]))
}

fn line(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let end = bytes.iter().position(|&b| b == b'\n')?;
    Some((&bytes[..end], &bytes[end + 1..]))
}

/// Keeps `screens` (each a key and its frame) at `path`, replacing what was there in one step (a
/// new file renamed over it, not synced to the disk: a screen lost in a crash is only not shown),
/// readable only by its owner. Returns whether they were kept; a cache that cannot be written (a
/// full disk, a folder that is not there) changes nothing else.
pub fn write(path: &Path, screens: &[(String, Vec<u8>)]) -> bool {
    let Some(folder) = path.parent() else { return false };
    if fs::create_dir_all(folder).is_err() {
        return false;
    }
    let new = sibling(path, &format!(".{}", std::process::id()));
    let written = open_options(true).open(&new).and_then(|mut file| {
        for (key, frame) in screens {
            write!(file, "{key}\n{}\n", frame.len())?;
            file.write_all(frame)?;
        }
        Ok(())
    });
    if written.and_then(|()| fs::rename(&new, path)).is_err() {
        let _ = fs::remove_file(&new);
        return false;
    }
    true
}

/// Keeps the screens the next start opens on, today's and the next day's:
/// drawn from the database as it is now, at the window's size now, with the key settings' problem
/// (if any) but not this start's notices. The store is closed first, so that the keys name the
/// database file as it is left.
pub(super) fn keep_for_next_start(
    store: Store,
    db: &Path,
    config: Option<&Path>,
    keymap: Keymap,
    theme: Theme,
    config_error: Option<String>,
    day: NaiveDate,
) {
    let (Some(path), Ok((width, height))) = (path(), crossterm::terminal::size()) else { return };
    let window = Rect::new(0, 0, width, height);
    let draw = |day: NaiveDate| match opening(
        &store,
        day,
        keymap.clone(),
        theme,
        config_error.clone(),
        Vec::new(),
        Some(window),
    ) {
        Ok((app, _)) => frame_bytes(&app, window).map(|frame| (day, frame)),
        Err(e) => Err(io::Error::other(e.to_string())),
    };
    let frames: Result<Vec<_>, _> = [Some(day), day.succ_opt()].into_iter().flatten().map(draw).collect();
    drop(store);
    match frames {
        Ok(frames) => {
            let screens: Vec<_> =
                frames.into_iter().map(|(day, frame)| (key(db, config, day, (width, height), theme), frame)).collect();
            if !write(&path, &screens) {
                tracing::info!(path = %path.display(), "the opening screens could not be kept");
            }
        }
        Err(e) => tracing::info!(error = %e, "the opening screens were not drawn"),
    }
}

/// What the UI's first frame in `window` sends the terminal, as it would be sent: every cell that
/// is not blank, then the cursor hidden. (Taken before the terminal is closed, which shows the
/// cursor again.)
fn frame_bytes(app: &App, window: Rect) -> io::Result<Vec<u8>> {
    #[derive(Clone, Default)]
    struct Sent(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);
    impl Write for Sent {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let sent = Sent::default();
    let backend = ratatui::backend::CrosstermBackend::new(sent.clone());
    let options = ratatui::TerminalOptions { viewport: ratatui::Viewport::Fixed(window) };
    let mut terminal = ratatui::Terminal::with_options(backend, options)?;
    terminal.draw(|frame| view::render(app, frame))?;
    Ok(sent.0.take())
}

/// Opening for reading, or creating a new file for writing: never through a symbolic link, and a
/// new file readable only by its owner.
fn open_options(create: bool) -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    if create {
        options.write(true).create(true).truncate(true);
    } else {
        options.read(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn the_key_changes_with_everything_the_opening_screen_depends_on() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("plan.sqlite3");
        let config = dir.path().join("config.toml");
        fs::write(&db, "one").unwrap();
        let colour = Theme { colour: true };
        let key = |config: Option<&Path>, today, size, theme| key(&db, config, today, size, theme);
        let first = key(None, day(), (200, 60), colour);
        assert_eq!(key(None, day(), (200, 60), colour), first, "nothing changed");
        assert!(!first.contains('\n'));

        let others = [
            key(None, day().succ_opt().unwrap(), (200, 60), colour),
            key(None, day(), (200, 61), colour),
            key(None, day(), (80, 60), colour),
            key(None, day(), (200, 60), Theme::plain()),
            key(Some(&config), day(), (200, 60), colour),
        ];
        for other in &others {
            assert_ne!(other, &first);
        }
        fs::write(&config, "[keys]\n").unwrap();
        assert_ne!(key(Some(&config), day(), (200, 60), colour), others[4], "a config written");

        fs::write(&db, "two").unwrap();
        let rewritten = key(None, day(), (200, 60), colour);
        assert_ne!(rewritten, first, "the database written, even at the same size");
        fs::write(sibling(&db, "-wal"), "frames").unwrap();
        assert_ne!(key(None, day(), (200, 60), colour), rewritten, "its write-ahead log written");
        fs::remove_file(sibling(&db, "-wal")).unwrap();
        let moved = dir.path().join("copy");
        fs::copy(&db, &moved).unwrap();
        fs::rename(&moved, &db).unwrap();
        assert_ne!(key(None, day(), (200, 60), colour), rewritten, "another file moved into its place");
    }

    fn kept(screens: &[(&str, &[u8])]) -> Vec<(String, Vec<u8>)> {
        screens.iter().map(|(key, frame)| (key.to_string(), frame.to_vec())).collect()
    }

    #[test]
    fn a_screen_is_read_back_only_under_its_own_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/mpplan/opening-screen");
        assert_eq!(read(&path, "key"), None, "nothing kept");
        assert!(write(&path, &kept(&[("key", b"\x1b[1;1Hframe\nwith a line"), ("next", b"\n2\nthe next day")])));
        assert_eq!(read(&path, "key").as_deref(), Some(&b"\x1b[1;1Hframe\nwith a line"[..]));
        assert_eq!(read(&path, "next").as_deref(), Some(&b"\n2\nthe next day"[..]));
        assert_eq!(read(&path, "ke"), None, "a key that only begins the same");
        assert_eq!(read(&path, "key plus"), None);
        assert_eq!(read(&path, ""), None);
        assert_eq!(read(&path, "2"), None, "a frame's own lines are not keys");
        assert!(write(&path, &kept(&[("other", b"second")])));
        assert_eq!(read(&path, "key"), None, "replaced");
        assert_eq!(read(&path, "other").as_deref(), Some(&b"second"[..]));
        fs::write(&path, "other\n99\nshort").unwrap();
        assert_eq!(read(&path, "other"), None, "a screen cut short is not shown");
        let left: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["opening-screen"], "no new file is left beside it");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        assert!(!write(Path::new("/dev/null/opening-screen"), &kept(&[("key", b"frame")])), "no folder to be made");
    }
}
