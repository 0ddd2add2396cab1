//! The copies of a database kept in `backups/` beside it: what their names say (what kind of copy,
//! when it was made, why), the record that a copy was checked, which automatic copies rotation
//! deletes, and what to tell the user when the database is damaged.

use chrono::NaiveDateTime;

/// How many automatic copies rotation keeps (and, besides them, the newest that passed its check).
pub const AUTOMATIC_KEPT: usize = 7;

/// The file name of every copy ends so.
pub const EXTENSION: &str = ".sqlite3";

/// What marks an automatic copy's name (after the database's name).
pub const AUTOMATIC: &str = "auto-";

/// What marks the name of a damaged database moved aside by a restore.
pub const DAMAGED: &str = "damaged-";

/// How a copy's time is written in its name (London time).
const TIME: &str = "%Y%m%d-%H%M%S";

/// Who made a copy, and so whether rotation may delete it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Made by mpplan once a day or before a schema update; only the newest are kept.
    Automatic,
    /// Made when you asked: `mpplan backup`, or before a restore or an import replaced the data.
    Yours,
    /// The database as it was when a restore found it damaged, moved aside rather than deleted.
    Damaged,
}

impl Kind {
    /// How the kind is shown to the user, in the list and in JSON.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Automatic => "automatic",
            Kind::Yours => "yours",
            Kind::Damaged => "damaged original",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Kind::Automatic => AUTOMATIC,
            Kind::Yours => "",
            Kind::Damaged => DAMAGED,
        }
    }
}

/// What a copy's file name says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyName {
    pub kind: Kind,
    /// When it was made, in London.
    pub made: NaiveDateTime,
    /// Why it was made, when the name says ("before a schema update", "before a restore"…).
    pub reason: Option<&'static str>,
}

/// The notes a copy's name may carry after its time, and what each means.
const REASONS: [(&str, &str); 3] = [
    ("-before-schema-", "before a schema update"),
    ("-before-restore", "before a restore"),
    ("-before-import", "before an import replaced your data"),
];

/// The file name of a copy of the database named `stem`: `STEM-[KIND]YYYYMMDD-HHMMSS[NOTE][-N].sqlite3`
/// (`n` above 1 tells apart copies made in the same second).
pub fn file_name(stem: &str, kind: Kind, made: NaiveDateTime, note: &str, n: u32) -> String {
    let suffix = if n > 1 { format!("-{n}") } else { String::new() };
    format!("{stem}-{}{}{note}{suffix}{EXTENSION}", kind.prefix(), made.format(TIME))
}

/// Reads a file name as a copy of the database named `stem`; None for anything else (another
/// database's copies, a check record, a damaged database's log).
pub fn parse(stem: &str, name: &str) -> Option<CopyName> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?.strip_suffix(EXTENSION)?;
    let (kind, rest) = match (rest.strip_prefix(AUTOMATIC), rest.strip_prefix(DAMAGED)) {
        (Some(rest), _) => (Kind::Automatic, rest),
        (_, Some(rest)) => (Kind::Damaged, rest),
        _ => (Kind::Yours, rest),
    };
    let time = rest.get(..15)?;
    let made = NaiveDateTime::parse_from_str(time, TIME).ok()?;
    let note = &rest[15..];
    let reason = REASONS.iter().find(|(marker, _)| note.starts_with(marker)).map(|(_, reason)| *reason);
    let counter = note.strip_prefix('-').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if reason.is_none() && !note.is_empty() && !counter {
        return None;
    }
    Some(CopyName { kind, made, reason })
}

/// The text of the record kept beside a copy once it passed its check: the copy's size, so that a
/// copy changed afterwards is no longer taken as checked.
pub fn verified_record(size: u64, checked_at: &str) -> String {
    format!("checked {checked_at}: integrity_check ok, foreign_key_check ok, {size} bytes\n")
}

/// Whether a check record says that a copy of `size` bytes was checked.
pub fn is_verified(record: &str, size: u64) -> bool {
    record.starts_with("checked ") && record.trim_end().ends_with(&format!(", {size} bytes"))
}

/// Which automatic copies rotation deletes, given each one's time and whether it passed its check
/// (in any order): all but the newest [`AUTOMATIC_KEPT`], and never the newest that passed its
/// check, so that a run of copies nobody could check never pushes out the last good one. Returns
/// indexes into `copies`.
pub fn to_prune(copies: &[(NaiveDateTime, bool)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..copies.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(copies[i].0));
    let newest_verified = order.iter().copied().find(|&i| copies[i].1);
    let mut pruned: Vec<usize> =
        order.into_iter().skip(AUTOMATIC_KEPT).filter(|&i| Some(i) != newest_verified).collect();
    pruned.sort_unstable();
    pruned
}

/// `text` quoted for a Unix shell: in single quotes, any single quote written as `'\''`.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The command that puts `copy` back in place of the database (`db` is named when it is not the
/// default one, so that the command restores the right file).
pub fn restore_command(copy: &str, db: Option<&str>) -> String {
    let db = db.map(|db| format!(" --db {}", shell_quote(db))).unwrap_or_default();
    format!("mpplan restore {} --yes{db}", shell_quote(copy))
}

/// The newest copy that passed its check: where it is and when it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoodCopy {
    pub path: String,
    pub made: NaiveDateTime,
}

/// What to do about a damaged database, as the end of a sentence saying that it is damaged: the
/// newest good copy and the exact command that restores it, or where to look when there is none.
pub fn advice(good: Option<&GoodCopy>, backups: &str, db: Option<&str>) -> String {
    match good {
        Some(copy) => format!(
            "the newest good backup is {} (made {}); put it back with `{}` (the damaged file is moved into {backups}, not deleted)",
            copy.path,
            copy.made.format("%-d %B %Y at %H:%M"),
            restore_command(&copy.path, db)
        ),
        None => format!(
            "there is no checked backup of it in {backups}; if you have a copy made with `mpplan backup --out`, put it \
             back with `{}`",
            restore_command("FILE", db)
        ),
    }
}

/// The same advice, short enough for the status line of the screens.
pub fn short_advice(good: Option<&GoodCopy>, db: Option<&str>) -> String {
    match good {
        Some(copy) => format!("to put back the newest good backup, quit and run `{}`", restore_command(&copy.path, db)),
        None => "there is no checked backup of it (`mpplan backup --list` shows the copies)".into(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap().and_hms_opt(hour, 0, 0).unwrap()
    }

    #[test]
    fn names_say_what_a_copy_is_and_read_back() {
        let made = at(24, 8);
        for (kind, note, n, name, reason) in [
            (Kind::Automatic, "", 1, "mpplan-auto-20261124-080000.sqlite3", None),
            (Kind::Automatic, "-before-schema-5", 2, "mpplan-auto-20261124-080000-before-schema-5-2.sqlite3", Some(0)),
            (Kind::Yours, "", 3, "mpplan-20261124-080000-3.sqlite3", None),
            (Kind::Yours, "-before-restore", 1, "mpplan-20261124-080000-before-restore.sqlite3", Some(1)),
            (Kind::Yours, "-before-import", 1, "mpplan-20261124-080000-before-import.sqlite3", Some(2)),
            (Kind::Damaged, "", 1, "mpplan-damaged-20261124-080000.sqlite3", None),
        ] {
            assert_eq!(file_name("mpplan", kind, made, note, n), name);
            let reason = reason.map(|i| REASONS[i].1);
            assert_eq!(parse("mpplan", name), Some(CopyName { kind, made, reason }), "{name}");
        }
        for other in [
            "mpplan-auto-20261124-080000.sqlite3.txt",
            "mpplan-damaged-20261124-080000.sqlite3-wal",
            "mpplan-test-20261124-080000.sqlite3",
            "other-20261124-080000.sqlite3",
            "mpplan-20261324-080000.sqlite3",
            "mpplan-20261124-080000-mine.sqlite3",
            "mpplan.sqlite3",
        ] {
            assert_eq!(parse("mpplan", other), None, "{other}");
        }
    }

    #[test]
    fn a_check_record_holds_for_the_size_it_was_made_for() {
        let record = verified_record(4096, "2026-11-24T08:00:00Z");
        assert!(is_verified(&record, 4096));
        assert!(!is_verified(&record, 8192), "a copy that changed since is not taken as checked");
        assert!(!is_verified("", 4096));
        assert!(!is_verified("checked: 14096 bytes", 4096));
    }

    #[test]
    fn rotation_keeps_the_newest_seven_and_the_newest_good_copy() {
        let copies: Vec<(NaiveDateTime, bool)> = (1..=10).map(|d| (at(d, 8), true)).collect();
        assert_eq!(to_prune(&copies), vec![0, 1, 2], "the three oldest of ten");
        // The newest good copy is older than seven copies nobody could check: it stays.
        let mut copies: Vec<(NaiveDateTime, bool)> = (1..=10).map(|d| (at(d, 8), d == 2)).collect();
        copies.reverse();
        assert_eq!(to_prune(&copies), vec![7, 9], "days 3 and 1 go; day 2, the last good one, stays");
        assert!(to_prune(&copies[..7]).is_empty());
    }

    #[test]
    fn the_restore_command_can_be_pasted_into_a_shell() {
        assert_eq!(shell_quote("/a b/it's.sqlite3"), r"'/a b/it'\''s.sqlite3'");
        assert_eq!(restore_command("/b/c.sqlite3", None), "mpplan restore '/b/c.sqlite3' --yes");
        assert_eq!(restore_command("/b/c.sqlite3", Some("/d.db")), "mpplan restore '/b/c.sqlite3' --yes --db '/d.db'");
        let good = GoodCopy { path: "/b/c.sqlite3".into(), made: at(23, 8) };
        let said = advice(Some(&good), "/b", None);
        assert!(said.contains("the newest good backup is /b/c.sqlite3 (made 23 November 2026 at 08:00)"), "{said}");
        assert!(said.contains("`mpplan restore '/b/c.sqlite3' --yes`"), "{said}");
        assert!(advice(None, "/b", None).contains("no checked backup of it in /b"));
        let short = short_advice(Some(&good), None);
        assert_eq!(short, "to put back the newest good backup, quit and run `mpplan restore '/b/c.sqlite3' --yes`");
    }
}
