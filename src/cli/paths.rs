//! Where mpplan keeps its files.

use std::path::{Path, PathBuf};

use super::CliError;

/// The default database: `mpplan.sqlite3` in the platform's data directory for mpplan
/// (on Linux, ~/.local/share/mpplan).
pub fn default_db_path() -> Result<PathBuf, CliError> {
    directories::ProjectDirs::from("", "", "mpplan").map(|dirs| dirs.data_dir().join("mpplan.sqlite3")).ok_or_else(
        || CliError::Runtime("cannot find a home directory for the database; give one with --db or MPPLAN_DB".into()),
    )
}

/// The log file lives beside the database, so a test's temporary database keeps its log too.
pub fn log_path(db: &Path) -> PathBuf {
    db.with_file_name("mpplan.log")
}

/// The UI's config.toml: MPPLAN_CONFIG, or `config.toml` in the platform's config directory for
/// mpplan (on Linux, ~/.config/mpplan).
pub fn config_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MPPLAN_CONFIG") {
        return Some(PathBuf::from(path));
    }
    directories::ProjectDirs::from("", "", "mpplan").map(|dirs| dirs.config_dir().join("config.toml"))
}
