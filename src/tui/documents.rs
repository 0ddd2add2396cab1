//! The loop's files: the first-contact letter and the meeting brief, put together from the store
//! and written to a new file in the documents folder; the palette's exports, written where the user
//! said; and finding the files the palette names. Nothing is ever written over an existing file.

use std::io;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::update::Document;
use crate::domain::text::fold;
use crate::shared::compose;
use crate::shared::transfer::{self, Export, TransferError};
use crate::store::Store;

/// Where the loop finds the letter template and puts documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    /// The directory of config.toml, where a `letter.md` overrides the shipped letter template.
    pub config_dir: Option<PathBuf>,
    /// Where letters and briefs are written, and where the palette's relative file names lead.
    pub documents: PathBuf,
    /// The user's home folder, which `~` names in the palette.
    pub home: Option<PathBuf>,
}

/// Puts the document together for the seat `code` and writes it to a new file named like
/// `letter-leeds-south-2026-11-24.md`; returns the file's path, or a message saying what went
/// wrong. A letter goes where the domain prefers: the constituency office when its address is
/// stored, else Westminster.
pub fn write(
    store: &Store,
    document: Document,
    code: &str,
    today: NaiveDate,
    places: &Places,
) -> Result<PathBuf, String> {
    let what = document.name();
    let failed = |e: &dyn std::fmt::Display| format!("The {what} was not written: {e}");
    let text = match document {
        Document::Letter => {
            let template = match &places.config_dir {
                Some(dir) => compose::user_template(dir).map_err(|e| failed(&e))?,
                None => None,
            };
            let template = template.as_ref().map(|(path, text)| (path.as_str(), text.as_str()));
            compose::letter(store, code, None, today, template).map_err(|e| failed(&e))?
        }
        Document::Brief => compose::brief(store, code, today).map_err(|e| failed(&e))?,
        Document::Invite(id) => crate::shared::invite::invite(store, id).map_err(|e| failed(&e))?.text,
    };
    let seat = store.mp_card(code).map_err(|e| failed(&e))?.map(|c| c.summary.constituency).unwrap_or_default();
    let stem = format!("{what}-{}-{}", slug(&seat), today.format("%Y-%m-%d"));
    compose::create_private_dir(&places.documents)
        .map_err(|e| failed(&format!("{}: {e}", places.documents.display())))?;
    new_file(&places.documents, &stem, document.extension(), &text).map_err(|e| failed(&e))
}

/// Where a file named in the palette is: `~` at its start is the home folder, a relative name is
/// in the documents folder, and a whole path is itself.
pub fn resolve(file: &str, places: &Places) -> Result<PathBuf, String> {
    let file = file.trim();
    if let Some(rest) = file.strip_prefix('~')
        && rest.chars().next().is_none_or(std::path::is_separator)
    {
        let home =
            places.home.as_ref().ok_or("~ means your home folder, which is not known here; give the whole path")?;
        return Ok(home.join(rest.trim_start_matches(std::path::is_separator)));
    }
    let path = Path::new(file);
    Ok(if path.is_absolute() { path.to_path_buf() } else { places.documents.join(path) })
}

/// Why an export was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotExported {
    /// The file exists already, and was left as it is: the user is asked whether to replace it.
    Exists(PathBuf),
    /// Anything else, as a message for the status line.
    Failed(String),
}

/// Writes an export to the file `file` names (see [`resolve`]), making the documents folder if it
/// is needed and missing; an existing file is replaced only when `force` (the user said yes).
/// Returns the file's path, or why nothing was written.
pub fn export(
    store: &Store,
    export: Export,
    file: &str,
    today: NaiveDate,
    places: &Places,
    force: bool,
) -> Result<PathBuf, NotExported> {
    let path = resolve(file, places).map_err(NotExported::Failed)?;
    if path.starts_with(&places.documents) {
        compose::create_private_dir(&places.documents)
            .map_err(|e| NotExported::Failed(format!("{}: {e}", places.documents.display())))?;
    }
    transfer::export_to_file(store, export, today, &path, force).map_err(|e| match e {
        TransferError::Exists(path) => NotExported::Exists(path),
        e => NotExported::Failed(e.to_string()),
    })?;
    Ok(path)
}

/// "Ynys Môn" → "ynys-mon": letters and digits, with single dashes between words.
fn slug(text: &str) -> String {
    let folded: String = fold(text).chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect();
    let slug = folded.split_whitespace().collect::<Vec<_>>().join("-");
    if slug.is_empty() { "mp".to_string() } else { slug }
}

/// Writes `text` to `stem.md` (or another `extension`) in `dir`, or `stem-2.md`, `stem-3.md`… if
/// that is taken.
fn new_file(dir: &Path, stem: &str, extension: &str, text: &str) -> io::Result<PathBuf> {
    for n in 1..1000 {
        let name = if n == 1 { format!("{stem}.{extension}") } else { format!("{stem}-{n}.{extension}") };
        let path = dir.join(name);
        match compose::write_private(&path, text, false) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        }
    }
    Err(io::Error::other(format!("{} holds a thousand files named {stem}; tidy some away", dir.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_files_are_found_from_home_the_documents_folder_or_as_given() {
        let places = Places {
            config_dir: None,
            documents: PathBuf::from("/home/me/Documents"),
            home: Some(PathBuf::from("/home/me")),
        };
        assert_eq!(resolve("~/b.json", &places), Ok(PathBuf::from("/home/me/b.json")));
        assert_eq!(resolve(" ~ ", &places), Ok(PathBuf::from("/home/me")));
        assert_eq!(resolve("exports/b.json", &places), Ok(PathBuf::from("/home/me/Documents/exports/b.json")));
        assert_eq!(resolve("~b.json", &places), Ok(PathBuf::from("/home/me/Documents/~b.json")));
        assert_eq!(resolve("/tmp/b.json", &places), Ok(PathBuf::from("/tmp/b.json")));
        let homeless = Places { home: None, ..places };
        assert!(resolve("~/b.json", &homeless).unwrap_err().contains("give the whole path"));
    }

    #[test]
    fn names_are_plain_and_files_are_never_overwritten() {
        assert_eq!(slug("Ynys Môn"), "ynys-mon");
        assert_eq!(slug("Richmond and Northallerton"), "richmond-and-northallerton");
        assert_eq!(slug("St Ives / Penzance"), "st-ives-penzance");
        assert_eq!(slug("\x1b"), "mp");
        let dir = tempfile::tempdir().unwrap();
        let first = new_file(dir.path(), "brief-x", "md", "one").unwrap();
        let second = new_file(dir.path(), "brief-x", "md", "two").unwrap();
        assert_eq!(first.file_name().unwrap(), "brief-x.md");
        assert_eq!(second.file_name().unwrap(), "brief-x-2.md");
        assert_eq!(std::fs::read_to_string(first).unwrap(), "one");
    }
}
