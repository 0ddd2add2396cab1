//! Reading the feeds' documents from a folder where they were saved by hand, under the names
//! `mpplan update --urls` gives.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Fetch, Request, UpdateError};
use crate::domain::interchange::import_file::MAX_IMPORT_BYTES;

pub struct DirFetch {
    dir: PathBuf,
    /// The calendar range in the names of the saved calendar files.
    window: Option<(NaiveDate, NaiveDate)>,
}

impl DirFetch {
    /// Opens `dir`. The calendar files' names say the range they were saved for; two different
    /// ranges in one folder are an error.
    pub fn open(dir: &Path) -> Result<DirFetch, UpdateError> {
        let entries = fs::read_dir(dir)
            .map_err(|e| UpdateError::Fetch(format!("cannot read the folder {}: {e}", dir.display())))?;
        let mut windows: Vec<(NaiveDate, NaiveDate)> = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(window) = saved_window(&name)
                && !windows.contains(&window)
            {
                windows.push(window);
            }
        }
        if windows.len() > 1 {
            windows.sort();
            return Err(UpdateError::Fetch(format!(
                "{} holds calendar files for more than one range ({} to {} and {} to {}); keep one set",
                dir.display(),
                windows[0].0,
                windows[0].1,
                windows[1].0,
                windows[1].1
            )));
        }
        Ok(DirFetch { dir: dir.to_path_buf(), window: windows.first().copied() })
    }
}

/// The range in "sitting-dates_2026-07-17_2028-05-29.json" or "non-sitting_…".
fn saved_window(name: &str) -> Option<(NaiveDate, NaiveDate)> {
    let stem = name.strip_suffix(".json")?;
    let dates = stem.strip_prefix("sitting-dates_").or_else(|| stem.strip_prefix("non-sitting_"))?;
    let (from, to) = dates.split_once('_')?;
    Some((from.parse().ok()?, to.parse().ok()?))
}

impl Fetch for DirFetch {
    fn fetch(&mut self, request: &Request) -> Result<String, UpdateError> {
        let path = self.dir.join(&request.file);
        let size = fs::metadata(&path)
            .map_err(|_| {
                UpdateError::Missing(format!(
                    "{} is not in {} (save {} as that name)",
                    request.file,
                    self.dir.display(),
                    request.url
                ))
            })?
            .len();
        if size > MAX_IMPORT_BYTES {
            return Err(UpdateError::Fetch(format!("{} is larger than any feed document should be", path.display())));
        }
        let bytes = fs::read(&path).map_err(|e| UpdateError::Fetch(format!("cannot read {}: {e}", path.display())))?;
        String::from_utf8(bytes)
            .map_err(|_| UpdateError::Fetch(format!("{} is not UTF-8 text as the feed serves it", path.display())))
    }

    fn has(&self, request: &Request) -> bool {
        self.dir.join(&request.file).is_file()
    }

    fn saved_window(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.window
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_comes_from_the_file_names() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(saved_window("sitting-dates_2026-07-17_2028-05-29.json"), Some((d("2026-07-17"), d("2028-05-29"))));
        assert_eq!(saved_window("non-sitting_2026-07-17_2028-05-29.json"), Some((d("2026-07-17"), d("2028-05-29"))));
        assert_eq!(saved_window("sessions.json"), None);
        assert_eq!(saved_window("sitting-dates_2026-07-17.json"), None);
    }
}
