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

/// The database the screens would open on, when the command line asks for the screens and nothing
/// else: no arguments (the database from MPPLAN_DB, or the default), or only `--db PATH`. For
/// showing the screen kept from last time before the whole command line is parsed; None for any
/// other command line, which is left to the parser. The caller checks that the parser agrees.
pub fn screens_only_db(args: &[std::ffi::OsString]) -> Option<PathBuf> {
    let named = match args {
        [] => {
            return std::env::var_os("MPPLAN_DB")
                .filter(|db| !db.is_empty())
                .map(PathBuf::from)
                .or_else(|| default_db_path().ok());
        }
        // A value like an option is one the parser refuses.
        [flag, db] if flag == "--db" => db.to_str().filter(|db| !db.starts_with('-'))?,
        [one] => one.to_str()?.strip_prefix("--db=")?,
        _ => return None,
    };
    (!named.is_empty()).then(|| PathBuf::from(named))
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

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    use clap::Parser;

    use super::*;
    use crate::cli::Cli;

    /// Whenever the screens are taken to be asked for on a database, the parser agrees: no
    /// command, and that database. Any other command line is left to the parser.
    #[test]
    fn the_screens_are_recognised_before_parsing_only_where_the_parser_agrees() {
        let lines: &[&[&str]] = &[
            &[],
            &["--db", "plan.sqlite3"],
            &["--db=plan.sqlite3"],
            &["--db", "week"],
            &["--db", ""],
            &["--db="],
            &["--db"],
            &["week"],
            &["--db", "plan.sqlite3", "week"],
            &["week", "--db", "plan.sqlite3"],
            &["--version"],
            &["-h"],
            &["--db=a", "--db=b"],
            &["--dbx"],
            &["--db", "--db"],
            &["--", "--db"],
            &["--db", "-plan"],
            &["--db=-plan"],
        ];
        let mut recognised = 0;
        for line in lines {
            let args: Vec<OsString> = line.iter().map(OsString::from).collect();
            let Some(db) = screens_only_db(&args) else { continue };
            recognised += 1;
            let parsed = Cli::try_parse_from(std::iter::once(OsString::from("mpplan")).chain(args))
                .unwrap_or_else(|e| panic!("{line:?}: {e}"));
            assert!(parsed.command.is_none(), "{line:?}");
            let resolved = parsed.db.unwrap_or_else(|| default_db_path().unwrap());
            assert_eq!(db, resolved, "{line:?}");
        }
        assert_eq!(recognised, 5, "no arguments, --db PATH, --db=PATH (-plan too), a database named like a command");
    }
}
