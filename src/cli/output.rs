//! Plain-text and JSON output. Everything a command prints goes through one writer,
//! [`Terminal`], which shows any control character escaped, so stored text can never send an
//! escape sequence to the terminal whatever path it takes; on top of it each line's values go
//! through [`printable`] (one value, one line) and JSON escapes control characters as JSON does.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::CliError;
use crate::domain::text::{Neutraliser, printable};

/// The one way out to the terminal (standard output; the log file too, and the error line on
/// standard error is escaped whole by [`printable`]): every byte written is made safe by
/// [`Neutraliser`] before it reaches `inner`. Newlines, tabs and
/// `\r\n` pass; every other control character (ESC, BEL, backspace, DEL, the C1 controls) and the
/// marks that reorder text are shown escaped, like `\u{1b}`. JSON written by [`json`] has none
/// left to escape, so it stays JSON.
pub struct Terminal<W: Write> {
    inner: W,
    stream: Neutraliser,
    buffer: Vec<u8>,
}

impl<W: Write> Terminal<W> {
    pub fn new(inner: W) -> Terminal<W> {
        Terminal { inner, stream: Neutraliser::default(), buffer: Vec::new() }
    }

    /// Writes out anything held back waiting for the rest of a character.
    fn release(&mut self) -> io::Result<()> {
        self.buffer.clear();
        self.stream.finish(&mut self.buffer);
        self.inner.write_all(&self.buffer)
    }
}

impl<W: Write> Write for Terminal<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.stream.passes(bytes) {
            self.inner.write_all(bytes)?;
            return Ok(bytes.len());
        }
        self.buffer.clear();
        self.stream.push(bytes, &mut self.buffer);
        self.inner.write_all(&self.buffer)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.release()?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Terminal<W> {
    fn drop(&mut self) {
        let _ = self.release();
    }
}

/// Writes one line, with any control characters shown escaped.
pub fn say(out: &mut dyn Write, line: &str) -> Result<(), CliError> {
    out.write_all(printable(line).as_bytes())?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Writes `value` as pretty JSON and a newline, every control character escaped (`\u009b`). A
/// failure to write stays an I/O error, so that a reader that has gone away (a closed pipe) is not
/// reported as a failure of the command.
pub fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<(), CliError> {
    crate::domain::interchange::json::to_writer_pretty(&mut *out, value)
        .map_err(|e| if e.is_io() { CliError::Io(e.into()) } else { CliError::Runtime(e.to_string()) })?;
    writeln!(out)?;
    Ok(())
}

/// A plain table: a header row, then rows, columns padded to the widest cell.
pub struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&'static str]) -> Table {
        Table { headers: headers.to_vec(), rows: Vec::new() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.headers.len());
        let safe = |cell: String| match printable(&cell) {
            Cow::Borrowed(_) => cell,
            Cow::Owned(escaped) => escaped,
        };
        self.rows.push(cells.into_iter().map(safe).collect());
    }

    pub fn write(&self, out: &mut dyn Write) -> Result<(), CliError> {
        let cells = |row: &[String]| row.iter().map(|cell| width(cell)).collect::<Vec<usize>>();
        let row_widths: Vec<Vec<usize>> = self.rows.iter().map(|row| cells(row)).collect();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for row in &row_widths {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(*cell);
            }
        }
        let mut line = String::new();
        let mut write_line = |cells: &mut dyn Iterator<Item = (&str, usize)>| -> io::Result<()> {
            line.clear();
            for (i, ((cell, cell_width), w)) in cells.zip(&widths).enumerate() {
                line.push_str(cell);
                if i + 1 < widths.len() {
                    line.extend(std::iter::repeat_n(' ', w - cell_width + 2));
                }
            }
            out.write_all(line.trim_end().as_bytes())?;
            out.write_all(b"\n")
        };
        write_line(&mut self.headers.iter().map(|h| (*h, width(h))))?;
        for (row, row_widths) in self.rows.iter().zip(&row_widths) {
            write_line(&mut row.iter().map(String::as_str).zip(row_widths.iter().copied()))?;
        }
        Ok(())
    }
}

/// The columns `cell` takes on a terminal: its length for ASCII (control characters are escaped
/// before a cell is kept), else each character's width.
fn width(cell: &str) -> usize {
    if cell.is_ascii() { cell.len() } else { cell.width() }
}

/// "1 MP", "2 MPs".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_that_cannot_be_written_is_an_io_error() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let err = json(&mut Closed, &["a", "b"]).unwrap_err();
        assert!(matches!(&err, CliError::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe), "{err:?}");
    }

    #[test]
    fn tables_pad_columns_and_escape_cells() {
        let mut t = Table::new(&["A", "LONGER"]);
        t.row(vec!["Ynys Môn".into(), "x".into()]);
        t.row(vec!["\x1b[2J".into(), "y".into()]);
        let mut buf = Vec::new();
        t.write(&mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text, "A          LONGER\nYnys Môn   x\n\\u{1b}[2J  y\n");
    }
}
