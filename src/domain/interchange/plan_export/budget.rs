//! The bytes of a backup as the reader takes them: buffered, checked as UTF-8 across reads, and
//! counted row by row against [`max_row_bytes`].

use std::cell::Cell;
use std::fmt;
use std::io;
use std::rc::Rc;

use crate::domain::limits::{max_row_bytes, thousands};

/// Counts the bytes of the row being read, shared by the reader (which counts) and the visitors
/// (which say where each row starts).
#[derive(Debug, Clone, Default)]
pub struct RowBudget(pub(super) Rc<Cell<usize>>);

impl RowBudget {
    /// A new row begins: its bytes are counted from here.
    pub fn start_row(&self) {
        self.0.set(0);
    }

    /// `input` read through a buffer, checked as UTF-8 and counted against this budget.
    pub fn reader<R: io::Read>(&self, input: R) -> BudgetReader<R> {
        BudgetReader {
            input,
            buf: vec![0; 64 * 1024].into_boxed_slice(),
            start: 0,
            valid: 0,
            filled: 0,
            first: true,
            budget: self.clone(),
            limit: max_row_bytes(),
            line: 1,
        }
    }
}

/// A row longer than any mpplan writes.
#[derive(Debug)]
pub struct RowTooLarge {
    limit: usize,
    line: usize,
}

impl fmt::Display for RowTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the row at line {} is over {} bytes, more than any row mpplan writes with every field at its limit; the \
             file is damaged or not a backup",
            thousands(self.line),
            thousands(self.limit)
        )
    }
}

impl std::error::Error for RowTooLarge {}

/// The bytes of a backup: buffered, without a leading byte order mark, refused when they are not
/// UTF-8 or when one row runs past its budget.
pub struct BudgetReader<R> {
    input: R,
    buf: Box<[u8]>,
    /// The next byte to hand out, the end of the bytes checked as UTF-8, the end of those read.
    start: usize,
    valid: usize,
    filled: usize,
    first: bool,
    budget: RowBudget,
    limit: usize,
    /// The line being read, for saying where a row too large is.
    line: usize,
}

impl<R: io::Read> BudgetReader<R> {
    /// Reads more, keeping a character cut in two by the last read for the next. Afterwards
    /// there are checked bytes to hand out, unless the input has ended.
    fn refill(&mut self) -> io::Result<()> {
        let not_utf8 = || io::Error::new(io::ErrorKind::InvalidData, "not UTF-8");
        self.buf.copy_within(self.valid..self.filled, 0);
        self.filled -= self.valid;
        (self.start, self.valid) = (0, 0);
        loop {
            let n = self.input.read(&mut self.buf[self.filled..])?;
            self.filled += n;
            let end = n == 0;
            if self.first {
                if self.filled < 3 && !end {
                    continue;
                }
                self.first = false;
                if self.buf[..self.filled].starts_with(b"\xEF\xBB\xBF") {
                    self.start = 3;
                }
            }
            match std::str::from_utf8(&self.buf[self.start..self.filled]) {
                Ok(_) => self.valid = self.filled,
                Err(e) if e.error_len().is_none() && !end => self.valid = self.start + e.valid_up_to(),
                Err(_) => return Err(not_utf8()),
            }
            if self.valid > self.start || end {
                return Ok(());
            }
        }
    }
}

impl<R: io::Read> io::Read for BudgetReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.start == self.valid {
            self.refill()?;
            if self.start == self.valid {
                return Ok(0);
            }
        }
        let n = out.len().min(self.valid - self.start);
        let bytes = &self.buf[self.start..self.start + n];
        self.line += bytes.iter().filter(|&&b| b == b'\n').count();
        out[..n].copy_from_slice(bytes);
        self.start += n;
        let used = self.budget.0.get() + n;
        self.budget.0.set(used);
        if used > self.limit {
            let error = RowTooLarge { limit: self.limit, line: self.line };
            return Err(io::Error::new(io::ErrorKind::InvalidData, error));
        }
        Ok(n)
    }
}
