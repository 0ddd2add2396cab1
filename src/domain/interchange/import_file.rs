//! What every import shares: turning a file's bytes into text (size, encoding, byte order mark,
//! line endings, emptiness), a CSV table read by column name with each row's line number, and the
//! one-line error that lists the bad lines. Nothing is imported unless every line is good.

use std::collections::HashMap;
use std::fmt;

/// The largest file an import reads: 50 MB.
pub const MAX_IMPORT_BYTES: u64 = 50 * 1024 * 1024;

/// The longest value a CSV cell may hold, in characters (the shipped files' longest is under 150):
/// anything longer is a mistake, and would make the preview and the errors unreadable.
pub const MAX_CELL_CHARS: usize = 1_000;

/// How many bad lines an error lists before saying how many more there are.
pub const MAX_LISTED: usize = 20;

/// One line of a file that cannot be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
    pub reason: String,
}

impl BadLine {
    pub fn new(line: usize, reason: impl Into<String>) -> BadLine {
        BadLine { line, reason: reason.into() }
    }
}

/// Why nothing was imported from a file. Each says what to do in one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("{file} is {} MB, more than the 50 MB an import may be; import a smaller file", .bytes / (1024 * 1024))]
    TooLarge { file: String, bytes: u64 },
    #[error("{file} is empty: there is nothing to import")]
    Empty { file: String },
    #[error(
        "{file} is not UTF-8 text: line {line} has a character in another encoding; save the file as UTF-8 \
        (in Excel: \"CSV UTF-8\") and import it again"
    )]
    NotUtf8 { file: String, line: usize },
    #[error("{file} is not a text file ({what}); save it as UTF-8 text (in Excel: \"CSV UTF-8\") and import it again")]
    NotText { file: String, what: &'static str },
    /// The file as a whole is not what the import reads: wrong columns, not a calendar, cut short.
    #[error("{file} {reason}; nothing was imported")]
    Format { file: String, reason: String },
    #[error("nothing was imported from {file}: {}", ListedLines(.lines))]
    BadLines { file: String, lines: Vec<BadLine> },
}

impl ImportError {
    pub fn format(file: &str, reason: impl Into<String>) -> ImportError {
        ImportError::Format { file: file.to_string(), reason: reason.into() }
    }

    /// The error for `lines`, in line order, with the reasons for one line joined.
    pub fn bad_lines(file: &str, mut lines: Vec<BadLine>) -> ImportError {
        lines.sort_by_key(|l| l.line);
        let mut merged: Vec<BadLine> = Vec::with_capacity(lines.len());
        for bad in lines {
            match merged.last_mut() {
                Some(last) if last.line == bad.line => {
                    last.reason.push_str(", and ");
                    last.reason.push_str(&bad.reason);
                }
                _ => merged.push(bad),
            }
        }
        ImportError::BadLines { file: file.to_string(), lines: merged }
    }
}

/// "2 lines have problems: line 3: …; line 7: …", at most [`MAX_LISTED`] of them, then "and N more".
struct ListedLines<'a>(&'a [BadLine]);

impl fmt::Display for ListedLines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines = self.0;
        match lines.len() {
            1 => f.write_str("1 line has a problem: ")?,
            n => write!(f, "{n} lines have problems: ")?,
        }
        for (i, bad) in lines.iter().take(MAX_LISTED).enumerate() {
            let sep = if i == 0 { "" } else { "; " };
            write!(f, "{sep}line {}: {}", bad.line, bad.reason)?;
        }
        if lines.len() > MAX_LISTED {
            write!(f, "; and {} more", lines.len() - MAX_LISTED)?;
        }
        Ok(())
    }
}

/// "1 recess", "2 recesses".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Refuses a file over [`MAX_IMPORT_BYTES`] (checked before it is read, and again after).
pub fn check_size(file: &str, bytes: u64) -> Result<(), ImportError> {
    if bytes > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { file: file.to_string(), bytes });
    }
    Ok(())
}

/// The text of a file: UTF-8, without a byte order mark, with every line ending (Windows CRLF, old
/// Mac CR) made a plain newline. Empty, binary, UTF-16 and other encodings are refused.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, ImportError> {
    check_size(file, bytes.len() as u64)?;
    let not_text = |what| ImportError::NotText { file: file.to_string(), what };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(not_text("it is UTF-16 text"));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(not_text("it looks like an Excel workbook or another packed file"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::NotUtf8 {
        file: file.to_string(),
        line: 1 + bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count(),
    })?;
    if text.contains('\0') {
        return Err(not_text("it has NUL bytes: it is binary, or UTF-16 text"));
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty { file: file.to_string() });
    }
    Ok(if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() })
}

/// A CSV file read as text: its header (names compared in lower case) and its rows, each with the
/// line it starts on. Rows with more or fewer cells than the header are kept aside as bad lines.
#[derive(Debug, Clone)]
pub struct CsvTable {
    columns: HashMap<String, usize>,
    header: Vec<String>,
    pub rows: Vec<CsvRow>,
    /// Rows that could not be read as a row of this table.
    pub bad: Vec<BadLine>,
}

/// One row of a [`CsvTable`].
#[derive(Debug, Clone)]
pub struct CsvRow {
    pub line: usize,
    cells: csv::StringRecord,
}

impl CsvTable {
    /// Reads `text` (from [`decode`]) as CSV with a header row. A file with a header and no rows,
    /// or a header naming one column twice, is refused.
    pub fn parse(file: &str, text: &str) -> Result<CsvTable, ImportError> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
        let unreadable = |e: csv::Error| ImportError::format(file, format!("cannot be read as CSV: {e}"));
        let header: Vec<String> =
            reader.headers().map_err(unreadable)?.iter().map(|h| h.trim().to_lowercase()).collect();
        if let [only] = header.as_slice()
            && only.contains(';')
        {
            let reason =
                "has its columns separated by semicolons; save it as CSV with commas (in Excel: \"CSV UTF-8\")";
            return Err(ImportError::format(file, reason));
        }
        let mut columns = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            if columns.insert(name.clone(), i).is_some() {
                return Err(ImportError::format(file, format!("has the column \"{name}\" twice in its header")));
            }
        }
        let mut table = CsvTable { columns, header, rows: Vec::new(), bad: Vec::new() };
        let mut lines = LineCounter::new(text);
        for record in reader.records() {
            let cells = record.map_err(unreadable)?;
            let line = cells.position().map_or(0, |p| lines.line_at(p.byte() as usize));
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if let Some(long) = cells.iter().map(|c| c.chars().count()).find(|&n| n > MAX_CELL_CHARS) {
                let reason =
                    format!("a value is {long} characters long, more than the {MAX_CELL_CHARS} a cell may hold");
                table.bad.push(BadLine::new(line, reason));
            } else if cells.len() != table.header.len() {
                let reason = format!("it has {} cells, but the header has {} columns", cells.len(), table.header.len());
                table.bad.push(BadLine::new(line, reason));
            } else {
                table.rows.push(CsvRow { line, cells });
            }
        }
        if table.rows.is_empty() && table.bad.is_empty() {
            return Err(ImportError::format(file, "has a header but no rows: there is nothing to import"));
        }
        Ok(table)
    }

    /// Whether the header names every one of `columns`.
    pub fn has_all(&self, columns: &[&str]) -> bool {
        columns.iter().all(|c| self.columns.contains_key(*c))
    }

    /// Refuses a table missing any of `columns`, naming the missing ones and what the file should be.
    pub fn require(&self, file: &str, columns: &[&str], expected: &str) -> Result<(), ImportError> {
        let missing: Vec<&str> = columns.iter().copied().filter(|c| !self.columns.contains_key(*c)).collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(ImportError::format(
            file,
            format!(
                "has no column {}: it should be {expected}, with a header row naming the columns {}; its header is: {}",
                missing.join(", "),
                columns.join(", "),
                self.header.join(",")
            ),
        ))
    }

    /// The header's column names, trimmed and in lower case, in the file's order.
    pub fn headers(&self) -> &[String] {
        &self.header
    }

    /// The trimmed cell of `row` in the column at `index`; empty when there is none.
    pub fn cell_at<'a>(&self, row: &'a CsvRow, index: usize) -> &'a str {
        row.cells.get(index).map_or("", str::trim)
    }

    /// The trimmed cell of `row` in `column`; empty when the table has no such column.
    pub fn get<'a>(&self, row: &'a CsvRow, column: &str) -> &'a str {
        self.columns.get(column).and_then(|&i| row.cells.get(i)).map_or("", str::trim)
    }
}

/// Line numbers of byte offsets, counted as the offsets grow (so a whole file costs one pass).
struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl LineCounter<'_> {
    fn new(text: &str) -> LineCounter<'_> {
        LineCounter { text: text.as_bytes(), offset: 0, line: 1 }
    }

    /// The line of the first character at or after `offset` that is not a line end: the CSV
    /// reader places a record after a blank line at that blank line.
    fn line_at(&mut self, offset: usize) -> usize {
        let mut end = offset.min(self.text.len());
        end += self.text[end..].iter().take_while(|&&b| b == b'\n').count();
        if end >= self.offset {
            self.line += self.text[self.offset..end].iter().filter(|&&b| b == b'\n').count();
            self.offset = end;
        }
        self.line
    }
}

/// A date written YYYY-MM-DD, or the reason it is not one (naming `what` it is).
pub fn iso_date(what: &str, text: &str) -> Result<chrono::NaiveDate, String> {
    let wellformed = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    wellformed
        .then(|| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| format!("{what} \"{text}\" is not a date (YYYY-MM-DD)"))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn bom_and_line_endings_are_normalised() {
        assert_eq!(decode("f", b"\xEF\xBB\xBFa,b\r\n1,2\r\n").unwrap(), "a,b\n1,2\n");
        assert_eq!(decode("f", b"a\rb\r").unwrap(), "a\nb\n");
        assert_eq!(decode("f", "Ynys Môn\n".as_bytes()).unwrap(), "Ynys Môn\n");
    }

    #[test]
    fn bad_encodings_name_the_file_and_the_line() {
        let err = decode("mps.csv", b"a,b\n1,2\nCaf\xe9,3\n").unwrap_err();
        assert_eq!(err, ImportError::NotUtf8 { file: "mps.csv".into(), line: 3 });
        assert!(err.to_string().contains("save the file as UTF-8"), "{err}");
        assert!(matches!(decode("f", b"\xFF\xFEa\0b\0"), Err(ImportError::NotText { .. })));
        assert!(matches!(decode("f", b"a\0b\0c\0"), Err(ImportError::NotText { .. })));
        assert!(matches!(decode("f", b"PK\x03\x04rest"), Err(ImportError::NotText { .. })));
        assert!(matches!(decode("f", b""), Err(ImportError::Empty { .. })));
        assert!(matches!(decode("f", b"\xEF\xBB\xBF \r\n\n"), Err(ImportError::Empty { .. })));
        assert!(check_size("f", MAX_IMPORT_BYTES).is_ok());
        let big = check_size("big.csv", MAX_IMPORT_BYTES + 1).unwrap_err().to_string();
        assert_eq!(big, "big.csv is 50 MB, more than the 50 MB an import may be; import a smaller file");
    }

    #[test]
    fn bad_lines_are_listed_in_order_up_to_twenty() {
        let lines: Vec<BadLine> = (1..=25).rev().map(|n| BadLine::new(n * 2, format!("reason {n}"))).collect();
        let text = ImportError::bad_lines("f.csv", lines).to_string();
        assert!(text.starts_with("nothing was imported from f.csv: 25 lines have problems: line 2: reason 1; "));
        assert!(text.contains("line 40: reason 20; and 5 more"), "{text}");
        assert!(!text.contains("line 42"));
        let one = ImportError::bad_lines("f", vec![BadLine::new(3, "x"), BadLine::new(3, "y")]).to_string();
        assert_eq!(one, "nothing was imported from f: 1 line has a problem: line 3: x, and y");
    }

    #[test]
    fn csv_rows_know_their_lines_and_columns() {
        let t = CsvTable::parse("f", "A, b\n1,2\n\n\"x\ny\",3\n4\n").unwrap();
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 4]);
        assert_eq!((t.get(&t.rows[0], "a"), t.get(&t.rows[0], "b"), t.get(&t.rows[0], "c")), ("1", "2", ""));
        assert_eq!(t.bad, [BadLine::new(6, "it has 1 cells, but the header has 2 columns")]);
        assert!(t.has_all(&["a", "b"]) && !t.has_all(&["a", "c"]));
        let err = t.require("f", &["a", "c", "d"], "a test file").unwrap_err().to_string();
        assert!(
            err.contains("has no column c, d: it should be a test file") && err.ends_with("a,b; nothing was imported")
        );
        assert!(CsvTable::parse("f", "a,b\n").unwrap_err().to_string().contains("no rows"));
        let long = CsvTable::parse("f", &format!("a,b\n1,{}\n", "x".repeat(MAX_CELL_CHARS + 1))).unwrap();
        assert_eq!(long.bad, [BadLine::new(2, "a value is 1001 characters long, more than the 1000 a cell may hold")]);
        assert!(CsvTable::parse("f", "a,a\n1,2\n").unwrap_err().to_string().contains("twice"));
        assert!(CsvTable::parse("f", "a;b\n1;2\n").unwrap_err().to_string().contains("separated by semicolons"));
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(iso_date("d", "2027-01-12").unwrap().to_string(), "2027-01-12");
        for bad in ["2027-1-12", "12/01/2027", "2027-02-30", "", "20270112", "+027-01-12"] {
            assert!(iso_date("date", bad).unwrap_err().starts_with("date \""), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn decoding_and_csv_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Ok(text) = decode("f", &bytes) {
                let _ = CsvTable::parse("f", &text);
            }
        }
    }
}
