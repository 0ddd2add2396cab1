//! The log file beside the database. It is opened only as a file of its own, never through a
//! symbolic link, and kept readable only by its owner; a failure to write it (a full disk) is
//! never reported anywhere, least of all on the terminal, and what is written is made safe to show
//! on a terminal, like everything else mpplan prints.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::output::Terminal;

/// The log file's writer: neutralised like the terminal, and quiet about its own failures.
pub type LogWriter = Terminal<Quiet<fs::File>>;

/// Opens the log at `path` for appending, creating it 0600 when it is missing. A symbolic link
/// there (even one pointing nowhere) is refused, as is anything that cannot be opened at once (a
/// named pipe with nobody reading): there is then no log, and nothing else changes. An existing
/// log that others could read is made private.
pub fn open(path: &Path) -> Option<LogWriter> {
    path.parent().filter(|d| d.as_os_str().is_empty() || d.is_dir())?;
    let mut options = fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = file.metadata()
            && meta.is_file()
            && meta.permissions().mode() & 0o077 != 0
        {
            let _ = file.set_permissions(fs::Permissions::from_mode(0o600));
        }
    }
    Some(Terminal::new(Quiet(file)))
}

/// A writer that never fails: what cannot be written is dropped. For the log, whose failures
/// (a full disk) must not stop mpplan or reach the terminal.
pub struct Quiet<W: Write>(pub W);

impl<W: Write> Write for Quiet<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let _ = self.0.write_all(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let _ = self.0.flush();
        Ok(())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::{PermissionsExt, symlink};

    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn the_log_is_private_and_never_opened_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("mpplan.log");
        writeln!(open(&log).unwrap(), "one").unwrap();
        assert_eq!(mode(&log), 0o600);

        fs::set_permissions(&log, fs::Permissions::from_mode(0o644)).unwrap();
        writeln!(open(&log).unwrap(), "two").unwrap();
        assert_eq!(mode(&log), 0o600, "an old log readable by others is made private");
        assert_eq!(fs::read_to_string(&log).unwrap(), "one\ntwo\n");

        let target = dir.path().join("target.txt");
        fs::write(&target, "kept").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o644)).unwrap();
        let linked = dir.path().join("linked.log");
        symlink(&target, &linked).unwrap();
        assert!(open(&linked).is_none(), "a link is refused");
        assert_eq!((fs::read_to_string(&target).unwrap().as_str(), mode(&target)), ("kept", 0o644));
        let dangling = dir.path().join("dangling.log");
        symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert!(open(&dangling).is_none());
        assert!(!dir.path().join("nowhere").exists(), "nothing is created through a dangling link");
    }

    #[test]
    fn a_log_that_cannot_be_written_is_quiet_and_what_is_logged_is_neutralised() {
        let mut full = Terminal::new(Quiet(fs::OpenOptions::new().write(true).open("/dev/full").unwrap()));
        assert_eq!(full.write(b"lost\n").unwrap(), 5);
        full.flush().unwrap();

        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("mpplan.log");
        writeln!(open(&log).unwrap(), "name=\x1b]52;c;aGk=\x07 \u{9b}2J").unwrap();
        assert_eq!(fs::read_to_string(&log).unwrap(), "name=\\u{1b}]52;c;aGk=\\u{7} \\u{9b}2J\n");
    }
}
