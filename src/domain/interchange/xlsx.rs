//! Spreadsheet exports as an Excel workbook (.xlsx): each [`Sheet`] a worksheet, with its header
//! row in bold and frozen, a filter on the header, dates and times as real Excel dates shown with
//! a number format, counts as numbers, and each column as wide as its longest cell (within limits).
//! The workbook is made in memory; writing it to a file is the caller's.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use crate::domain::interchange::csv_export::{Cell, Sheet};

/// How a date is shown: as mpplan writes dates (2026-11-24), which reads the same in any locale.
pub const DATE_FORMAT: &str = "yyyy-mm-dd";
/// How a date with a time of day is shown.
pub const DATETIME_FORMAT: &str = "yyyy-mm-dd hh:mm";

/// The narrowest and widest a column is made, in characters.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

/// Why the workbook could not be made, in one line.
#[derive(Debug, thiserror::Error)]
#[error("cannot make the workbook: {0}")]
pub struct WorkbookError(#[from] XlsxError);

/// A workbook of `sheets`, each under its name (at most 31 characters, none of `[]:*?/\`), in order.
pub fn workbook(sheets: &[(&str, &Sheet)]) -> Result<Vec<u8>, WorkbookError> {
    let mut book = Workbook::new();
    let formats = Formats {
        header: Format::new().set_bold(),
        date: Format::new().set_num_format(DATE_FORMAT),
        datetime: Format::new().set_num_format(DATETIME_FORMAT),
    };
    for (name, sheet) in sheets {
        let worksheet = book.add_worksheet();
        worksheet.set_name(*name)?;
        write_sheet(worksheet, sheet, &formats)?;
    }
    Ok(book.save_to_buffer()?)
}

struct Formats {
    header: Format,
    date: Format,
    datetime: Format,
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet, formats: &Formats) -> Result<(), XlsxError> {
    let mut widths: Vec<usize> = sheet.headers.iter().map(|h| h.width()).collect();
    for (col, header) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(0, column(col)?, header, &formats.header)?;
    }
    for (r, cells) in sheet.rows.iter().enumerate() {
        let row = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (c, cell) in cells.iter().enumerate() {
            let col = column(c)?;
            match cell {
                Cell::Text(text) if text.is_empty() => {}
                Cell::Text(text) => {
                    ws.write_string(row, col, text)?;
                }
                // Counts are small: an f64 holds them exactly.
                Cell::Number(n) => {
                    ws.write_number(row, col, *n as f64)?;
                }
                Cell::Date(d) => {
                    ws.write_datetime_with_format(row, col, d, &formats.date)?;
                }
                Cell::DateTime(t) => {
                    ws.write_datetime_with_format(row, col, t, &formats.datetime)?;
                }
            }
            let width = cell.text().lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(width);
            }
        }
    }
    for (c, width) in widths.iter().enumerate() {
        let width = (*width).clamp(MIN_WIDTH, MAX_WIDTH) + 2;
        ws.set_column_width(column(c)?, width as f64)?;
    }
    if !sheet.headers.is_empty() {
        ws.set_freeze_panes(1, 0)?;
        let last_row = u32::try_from(sheet.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
        ws.autofilter(0, 0, last_row, column(sheet.headers.len() - 1)?)?;
    }
    Ok(())
}

fn column(i: usize) -> Result<u16, XlsxError> {
    u16::try_from(i).map_err(|_| XlsxError::RowColumnLimitError)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn sheet() -> Sheet {
        let mut sheet = Sheet::new(&["mp", "on", "at", "n"]);
        let on: NaiveDate = "2026-11-24".parse().unwrap();
        sheet.rows.push(vec![
            "Siân Gwenllian".into(),
            Cell::Date(on),
            Cell::DateTime(on.and_hms_opt(9, 30, 0).unwrap()),
            Cell::Number(3),
        ]);
        sheet.rows.push(vec!["=1+1".into(), "".into(), "".into(), Cell::number(None::<u32>)]);
        sheet
    }

    #[test]
    fn a_workbook_is_a_zip_holding_each_sheet() {
        let bytes = workbook(&[("Proposals", &sheet()), ("Contact log", &Sheet::new(&["a"]))]).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"), "an xlsx file is a zip archive");
        assert!(bytes.windows(b"xl/worksheets/sheet2.xml".len()).any(|w| w == b"xl/worksheets/sheet2.xml"));
    }

    #[test]
    fn a_bad_sheet_name_is_an_error_not_a_panic() {
        let err = workbook(&[("a/b", &sheet())]).unwrap_err().to_string();
        assert!(err.starts_with("cannot make the workbook: "), "{err}");
        assert!(workbook(&[("same", &sheet()), ("same", &sheet())]).is_err());
    }
}
