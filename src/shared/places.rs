//! Where letters, briefs and the screens' exports go: one rule for the command line (which names
//! the folder in `mpplan about`) and the terminal UI (which writes there).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The subfolder of the user's documents folder that mpplan writes into.
pub const SUBFOLDER: &str = "mpplan";

/// Where documents go: the folder `MPPLAN_DOCS` names when it is set (`env`), else `mpplan` in the
/// user's documents folder, else (only on a system that has no documents folder) the data
/// directory, where the database is.
pub fn documents_dir(env: Option<OsString>, user_documents: Option<PathBuf>, data_dir: &Path) -> PathBuf {
    env.filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| user_documents.map(|docs| docs.join(SUBFOLDER)))
        .unwrap_or_else(|| data_dir.to_path_buf())
}

/// [`documents_dir`] on this machine, for the database `db`: `MPPLAN_DOCS`, then the platform's
/// documents folder, then the database's folder.
pub fn documents_dir_for(db: &Path) -> PathBuf {
    let user = directories::UserDirs::new();
    documents_dir(
        std::env::var_os("MPPLAN_DOCS"),
        user.as_ref().and_then(|u| u.document_dir().map(Path::to_path_buf)),
        db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_go_to_mpplan_docs_then_an_mpplan_folder_in_the_users_documents_then_the_data_dir() {
        let db = Path::new("/data/mpplan");
        let user = Some(PathBuf::from("/home/me/Documents"));
        assert_eq!(documents_dir(Some("/tmp/docs".into()), user.clone(), db), PathBuf::from("/tmp/docs"));
        assert_eq!(documents_dir(Some("".into()), user.clone(), db), PathBuf::from("/home/me/Documents/mpplan"));
        assert_eq!(documents_dir(None, user, db), PathBuf::from("/home/me/Documents/mpplan"));
        assert_eq!(documents_dir(None, None, db), PathBuf::from("/data/mpplan"), "only when there is no documents dir");
    }

    #[test]
    fn a_database_named_without_a_folder_keeps_its_documents_beside_it() {
        let dir = documents_dir_for(Path::new("mpplan.sqlite3"));
        assert!(!dir.as_os_str().is_empty());
    }
}
