//! The terminal the screens are drawn on: taken over (raw mode, the alternate screen) and written
//! a frame at a time, perhaps with the last opening screen already on it.

use std::io::{self, Write};
use std::path::Path;

use chrono::NaiveDate;
use crossterm::terminal::{Clear, ClearType};
use ratatui::backend::CrosstermBackend;

use super::last_screen;
use crate::tui::theme::Theme;

/// The terminal the screens are drawn on.
pub(super) type Screen = ratatui::Terminal<CrosstermBackend<FrameWriter<io::Stdout>>>;

/// Room for a whole frame of a large window.
const FRAME_BUFFER: usize = 256 * 1024;

/// Takes the terminal over for the screens, as `ratatui::init` does.
pub(super) fn enter() -> io::Result<Screen> {
    take_over()?;
    screen(None)
}

/// Raw mode and the alternate screen; a panic from now on gives the terminal back before it is
/// reported.
fn take_over() -> io::Result<()> {
    restore_on_panic();
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen)
}

/// Puts the terminal back before whatever a panic reports now.
fn restore_on_panic() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ratatui::restore();
        report(info);
    }));
}

fn screen(showing: Option<Vec<u8>>) -> io::Result<Screen> {
    ratatui::Terminal::new(CrosstermBackend::new(FrameWriter::new(io::stdout(), showing)))
}

/// The terminal taken over with the last opening screen on it ([`show_last_screen`]). Dropped
/// without becoming the UI's [`Screen`] (the database could not be opened), it gives the terminal
/// back.
pub struct Shown {
    frame: Option<Vec<u8>>,
}

impl Shown {
    /// The terminal to draw on, knowing what is on it. A panic from now on (after the UI's own
    /// report was installed) still gives the terminal back first.
    pub(super) fn into_screen(mut self) -> io::Result<Screen> {
        restore_on_panic();
        screen(self.frame.take())
    }
}

impl Drop for Shown {
    fn drop(&mut self) {
        if self.frame.is_some() {
            ratatui::restore();
        }
    }
}

/// Shows the screen kept when the UI last closed, if nothing it depends on has changed since
/// (see `last_screen`): at once, before the database at `db` is opened. None when there is none
/// to show, or the terminal would not take it; the UI then takes the terminal over itself.
pub fn show_last_screen(db: &Path, config: Option<&Path>, today: NaiveDate) -> Option<Shown> {
    let size = crossterm::terminal::size().ok()?;
    let key = last_screen::key(db, config, today, size, Theme::from_env());
    let frame = last_screen::read(&last_screen::path()?, &key)?;
    if take_over().is_err() {
        ratatui::restore();
        return None;
    }
    let mut out = io::stdout().lock();
    if out.write_all(&frame).and_then(|()| out.flush()).is_err() {
        ratatui::restore();
        return None;
    }
    let_the_terminal_draw();
    Some(Shown { frame: Some(frame) })
}

/// Gives the processor up for a millisecond once a frame is sent and heavy work follows (opening
/// the database, reading the rest). A terminal takes a frame a few kilobytes at a time: the write
/// returns with the last pieces still to be read, and the terminal (with the kernel's worker that
/// passes them on) needs a processor to read and show them. Busy at once, mpplan often kept them
/// waiting for its whole time slice: on a two-core machine one first frame in four reached the
/// terminal 3–5 ms late. Merely yielding, as before, was too short to stop that; a millisecond is
/// several times what the rest of a frame takes to pass, and delays the full UI by no more
/// (BENCHMARKS.md, issue 19).
pub(super) fn let_the_terminal_draw() {
    std::thread::sleep(std::time::Duration::from_millis(1));
}

/// Gathers what a frame changes and writes it at once: the standard output alone would be
/// written a kilobyte at a time, taking its lock for every piece of every cell. The first frame
/// may be on the screen already (`showing`, the last opening screen): it is not written again
/// when it is that very frame, and written over a cleared screen when it is not.
pub struct FrameWriter<W: Write> {
    out: W,
    pending: Vec<u8>,
    showing: Option<Vec<u8>>,
}

impl<W: Write> FrameWriter<W> {
    pub fn new(out: W, showing: Option<Vec<u8>>) -> FrameWriter<W> {
        FrameWriter { out, pending: Vec::with_capacity(FRAME_BUFFER), showing }
    }
}

impl<W: Write> Write for FrameWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            match self.showing.take() {
                Some(shown) if shown == self.pending => {}
                Some(_) => {
                    crossterm::queue!(self.out, Clear(ClearType::All))?;
                    self.out.write_all(&self.pending)?;
                }
                None => self.out.write_all(&self.pending)?,
            }
            self.pending.clear();
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(showing: Option<&[u8]>, frames: &[&[u8]]) -> Vec<u8> {
        let mut writer = FrameWriter::new(Vec::new(), showing.map(<[u8]>::to_vec));
        for frame in frames {
            writer.write_all(frame).unwrap();
            writer.flush().unwrap();
            writer.flush().unwrap();
        }
        writer.out
    }

    #[test]
    fn a_frame_already_on_the_screen_is_not_written_again_and_another_is_written_over_a_clear_one() {
        assert_eq!(written(None, &[b"one", b"two"]), b"onetwo", "nothing on the screen: every frame");
        assert_eq!(written(Some(b"one"), &[b"one", b"two"]), b"two", "the first is there already");
        assert_eq!(written(Some(b"old"), &[b"one", b"two"]), b"\x1b[2Jonetwo", "another: cleared first");
        assert_eq!(written(Some(b"one"), &[b"x", b"one"]), b"\x1b[2Jxone", "only the first frame is compared");
    }
}
