//! How the domain's values are kept in SQL, in one place. Each enum is stored as the word the
//! domain spells it with (its `as_str`, read back with its parser), written with [`ToSql`] and read
//! with [`FromSql`], so that no query spells a conversion out. A stored value this mpplan cannot
//! read is an [`Unreadable`] error naming the value (and, read with [`Columns::stored`], the
//! column), never a panic.
//!
//! The domain has no id types: rows are named by their `i64` row ids and their seats by ONS code
//! strings, which rusqlite converts itself.

use std::borrow::Cow;
use std::fmt;

use rusqlite::Row;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::calendar::{ProposalKind, RowSource, SittingStatus};
use crate::domain::engagement::checklist::{ItemState, entry_key};
use crate::domain::engagement::contact::{Direction, InteractionKind};
use crate::domain::engagement::press::PressPlan;
use crate::domain::engagement::proposal::ProposalStatus;
use crate::domain::reference::feeds::profile::{Office, RoleKind};
use crate::domain::text::printable;

/// A value read from the database that this mpplan cannot understand: a stored word it does not
/// know, a date that is not one.
#[derive(Debug)]
pub struct Unreadable {
    /// The column it was read from, when known.
    column: Option<String>,
    value: String,
    /// What the column holds: "a kind of contact".
    expected: &'static str,
}

/// How much of an unreadable value an error quotes.
const QUOTED_CHARS: usize = 100;

impl Unreadable {
    pub(super) fn new(value: &str, expected: &'static str) -> Unreadable {
        let mut quoted: String = printable(value).chars().take(QUOTED_CHARS + 1).collect();
        if quoted.chars().count() > QUOTED_CHARS {
            quoted = quoted.chars().take(QUOTED_CHARS).chain(['…']).collect();
        }
        Unreadable { column: None, value: quoted, expected }
    }

    /// The same error for the value in column `i` of the statement that read `r`.
    fn in_column(mut self, r: &Row<'_>, i: usize) -> Unreadable {
        self.column = r.as_ref().column_name(i).ok().map(str::to_string);
        self
    }

    /// As rusqlite reports a failed conversion of column `i`.
    pub(super) fn at(self, r: &Row<'_>, i: usize) -> rusqlite::Error {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(self.in_column(r, i)))
    }
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => {
                write!(f, "the database holds \"{}\" in column {column}, which is not {}", self.value, self.expected)
            }
            None => write!(f, "the database holds \"{}\", which is not {}", self.value, self.expected),
        }
    }
}

impl std::error::Error for Unreadable {}

impl From<Unreadable> for FromSqlError {
    fn from(e: Unreadable) -> FromSqlError {
        FromSqlError::Other(Box::new(e))
    }
}

/// Reading a column so that a value that cannot be read names it.
pub(super) trait Columns {
    /// The value in column `i`, as [`Row::get`] reads it; an [`Unreadable`] value is reported with
    /// the column's name.
    fn stored<T: FromSql>(&self, i: usize) -> rusqlite::Result<T>;
}

impl Columns for Row<'_> {
    fn stored<T: FromSql>(&self, i: usize) -> rusqlite::Result<T> {
        self.get(i).map_err(|e| match e {
            rusqlite::Error::FromSqlConversionFailure(at, kind, err) => match err.downcast::<Unreadable>() {
                Ok(bad) => rusqlite::Error::FromSqlConversionFailure(at, kind, Box::new(bad.in_column(self, at))),
                Err(err) => rusqlite::Error::FromSqlConversionFailure(at, kind, err),
            },
            e => e,
        })
    }
}

/// The checklist item key in column `i` as an [`Entry`](crate::domain::engagement::checklist::Entry)
/// keeps it: the guide's own key, borrowed rather than copied, when it is one.
pub(super) fn key_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Cow<'static, str>> {
    Ok(r.get::<_, StoredKey>(i)?.0)
}

/// A checklist item key as read by [`key_at`].
struct StoredKey(Cow<'static, str>);

impl FromSql for StoredKey {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Ok(StoredKey(entry_key(value.as_str()?)))
    }
}

/// A domain value kept as one word in a text column.
pub(super) trait Word: Sized {
    /// What the column holds, for an error: "a kind of contact".
    const EXPECTED: &'static str;
    /// The stored word.
    fn word(&self) -> &str;
    /// The value a stored word names, if it names one.
    fn from_word(word: &str) -> Option<Self>;
}

/// The value the stored word `text` names, or an error quoting it.
pub(super) fn from_word<T: Word>(text: &str) -> Result<T, Unreadable> {
    T::from_word(text).ok_or_else(|| Unreadable::new(text, T::EXPECTED))
}

/// [`ToSql`] and [`FromSql`] through [`Word`] (only [`FromSql`] for a type never written as a
/// parameter).
macro_rules! stored_as_word {
    (read $($type:ty),+) => {$(
        impl FromSql for $type {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                Ok(from_word(value.as_str()?)?)
            }
        }
    )+};
    ($($type:ty),+) => {$(
        stored_as_word!(read $type);
        impl ToSql for $type {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.word()))
            }
        }
    )+};
}

stored_as_word!(InteractionKind, Direction, ProposalKind, ProposalStatus, PressPlan, ItemState, SittingStatus);
stored_as_word!(Office, RoleKind);
stored_as_word!(read RowSource);

/// A word for an enum with `as_str` and `FromStr`: the domain's own spelling and parser.
macro_rules! word_by_parser {
    ($($type:ty => $expected:literal),+ $(,)?) => {$(
        impl Word for $type {
            const EXPECTED: &'static str = $expected;
            fn word(&self) -> &str {
                self.as_str()
            }
            fn from_word(word: &str) -> Option<Self> {
                word.parse().ok()
            }
        }
    )+};
}

word_by_parser! {
    InteractionKind => "a kind of contact",
    Direction => "a direction of contact",
    ProposalKind => "a kind of proposal",
    ProposalStatus => "a proposal's status",
    PressPlan => "a press plan",
}

impl Word for ItemState {
    const EXPECTED: &'static str = "a checklist item's state";
    fn word(&self) -> &str {
        self.as_str()
    }
    fn from_word(word: &str) -> Option<Self> {
        [ItemState::Todo, ItemState::Done, ItemState::Skipped].into_iter().find(|s| s.as_str() == word)
    }
}

impl Word for SittingStatus {
    const EXPECTED: &'static str = "a sitting day's status";
    fn word(&self) -> &str {
        match self {
            SittingStatus::Confirmed => "confirmed",
            SittingStatus::Scheduled => "scheduled",
        }
    }
    fn from_word(word: &str) -> Option<Self> {
        [SittingStatus::Confirmed, SittingStatus::Scheduled].into_iter().find(|s| s.word() == word)
    }
}

/// The offices and posts of a member are read as the feed's parser reads them: a word it does not
/// know is "other".
impl Word for Office {
    const EXPECTED: &'static str = "an office";
    fn word(&self) -> &str {
        self.as_str()
    }
    fn from_word(word: &str) -> Option<Self> {
        Some(Office::parse(word))
    }
}

impl Word for RoleKind {
    const EXPECTED: &'static str = "a kind of post";
    fn word(&self) -> &str {
        self.as_str()
    }
    fn from_word(word: &str) -> Option<Self> {
        Some(RoleKind::parse(word))
    }
}

/// Where a calendar row came from; a source it does not know is the user's, as the domain reads it.
impl Word for RowSource {
    const EXPECTED: &'static str = "a calendar row's source";
    fn word(&self) -> &str {
        match self {
            RowSource::Shipped => "shipped",
            RowSource::Import => "import",
            RowSource::User => "user",
            RowSource::Update => "update",
        }
    }
    fn from_word(word: &str) -> Option<Self> {
        Some(RowSource::parse(word))
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    use chrono::NaiveDate;
    use rusqlite::Connection;

    use super::*;
    use crate::domain::engagement::contact::NewInteraction;
    use crate::domain::engagement::proposal::NewProposal;
    use crate::store::{Store, StoreError};

    const SEAT: &str = "E14001323";

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    /// A store with one row in every table that keeps one of the domain's enums: a tracked seat
    /// (with its checklist) with a contact and a proposal, a member's office and post, a sitting day.
    /// Returns the proposal's id.
    fn store_with_a_row_of_each() -> (Store, i64) {
        let mut store = crate::store::test_store();
        let letter = NewInteraction {
            kind: InteractionKind::Letter,
            direction: Direction::ToMp,
            on: today(),
            summary: "First letter".into(),
        };
        store.log_interaction(SEAT, &letter, today()).unwrap();
        let visit = NewProposal {
            constituency_code: SEAT.into(),
            title: "Visit".into(),
            kind: ProposalKind::Visit,
            place: "Main hospital".into(),
            start: today().and_hms_opt(10, 0, 0).unwrap(),
            end: today().and_hms_opt(11, 0, 0).unwrap(),
            all_day: false,
            fold: Default::default(),
            attendees: None,
        };
        let (proposal, _) = store.add_proposal(&visit, today()).unwrap();
        store
            .conn
            .execute_batch(
                "INSERT INTO member_contacts (parliament_id, position, office) VALUES (1, 0, 'other');
                 INSERT INTO member_roles (parliament_id, position, kind, name) VALUES (1, 0, 'other', 'Post');
                 INSERT INTO sitting_days (day, source, status) VALUES ('1900-01-01', 'user', 'scheduled');",
            )
            .unwrap();
        (store, proposal.id)
    }

    /// Writes each of `values` into `column` of the row of `table` that `row` picks, where the
    /// table's CHECK constraint must accept it, and reads it back.
    fn round_trip<T>(conn: &Connection, table: &str, column: &str, row: &str, values: &[T])
    where
        T: ToSql + FromSql + Word + PartialEq + Debug,
    {
        for value in values {
            conn.execute(&format!("UPDATE {table} SET {column} = ?1 WHERE {row}"), [value])
                .unwrap_or_else(|e| panic!("{table}.{column} refuses {value:?}: {e}"));
            let select = format!("SELECT {column} FROM {table} WHERE {row}");
            let word: String = conn.query_row(&select, [], |r| r.get(0)).unwrap();
            assert_eq!(word, value.word(), "{table}.{column}");
            let back: T = conn.query_row(&select, [], |r| r.stored(0)).unwrap();
            assert_eq!(&back, value, "{table}.{column}");
        }
    }

    #[test]
    fn every_enum_goes_through_sqlite_and_back_as_the_word_its_column_allows() {
        let (store, id) = store_with_a_row_of_each();
        let conn = &store.conn;
        let contact = "id = (SELECT max(id) FROM interactions)";
        round_trip(conn, "interactions", "kind", contact, &InteractionKind::ALL);
        round_trip(conn, "interactions", "direction", contact, &Direction::ALL);
        let proposal = format!("id = {id}");
        round_trip(conn, "proposals", "kind", &proposal, &ProposalKind::ALL);
        round_trip(conn, "proposals", "status", &proposal, &ProposalStatus::ALL);
        round_trip(conn, "proposals", "press", &proposal, &PressPlan::ALL);
        round_trip(
            conn,
            "checklist_items",
            "state",
            "item_key = '1.1'",
            &[ItemState::Todo, ItemState::Done, ItemState::Skipped],
        );
        round_trip(
            conn,
            "sitting_days",
            "status",
            "day = '1900-01-01'",
            &[SittingStatus::Confirmed, SittingStatus::Scheduled],
        );
        round_trip(
            conn,
            "member_contacts",
            "office",
            "parliament_id = 1",
            &[Office::Westminster, Office::Constituency, Office::Other],
        );
        round_trip(
            conn,
            "member_roles",
            "kind",
            "parliament_id = 1",
            &[RoleKind::Government, RoleKind::Opposition, RoleKind::Committee, RoleKind::Other],
        );
        // The source of a calendar row is written by the queries themselves, and only read.
        for source in [RowSource::Shipped, RowSource::Import, RowSource::User, RowSource::Update] {
            conn.execute("UPDATE sitting_days SET source = ?1 WHERE day = '1900-01-01'", [source.word()]).unwrap();
            let back: RowSource = conn
                .query_row("SELECT source FROM sitting_days WHERE day = '1900-01-01'", [], |r| r.stored(0))
                .unwrap();
            assert_eq!(back, source);
        }
    }

    /// Puts `value` into `column` of the rows `row` picks, as a damaged or foreign database could
    /// hold it (past the CHECK constraints).
    fn corrupt(store: &Store, table: &str, column: &str, row: &str, value: &str) {
        store.conn.execute_batch("PRAGMA ignore_check_constraints = ON").unwrap();
        store.conn.execute(&format!("UPDATE {table} SET {column} = ?1 WHERE {row}"), [value]).unwrap();
        store.conn.execute_batch("PRAGMA ignore_check_constraints = OFF").unwrap();
    }

    /// The error reading `result` gave: it names the column and quotes the value.
    fn says<T: Debug>(result: Result<T, StoreError>, column: &str, value: &str, expected: &str) {
        let err = result.expect_err("an unreadable value is an error").to_string();
        let wanted = format!("the database holds \"{value}\" in column {column}, which is not {expected}");
        assert!(err.contains(&wanted), "{err}\n  does not say: {wanted}");
    }

    #[test]
    fn a_word_this_mpplan_does_not_know_is_an_error_naming_the_column_and_the_value() {
        let (store, id) = store_with_a_row_of_each();
        let proposal = format!("id = {id}");
        corrupt(&store, "proposals", "kind", &proposal, "picnic");
        says(store.proposal(id), "kind", "picnic", "a kind of proposal");
        corrupt(&store, "proposals", "kind", &proposal, "visit");
        corrupt(&store, "proposals", "status", &proposal, "Held!");
        says(store.proposals(&Default::default()), "status", "Held!", "a proposal's status");
        corrupt(&store, "proposals", "status", &proposal, "held");
        corrupt(&store, "proposals", "press", &proposal, "tv");
        says(store.proposal(id), "press", "tv", "a press plan");
        corrupt(&store, "proposals", "press", &proposal, "none");
        corrupt(&store, "proposals", "starts_at", &proposal, "soon");
        says(store.proposal(id), "starts_at", "soon", "a time (YYYY-MM-DD HH:MM)");
        corrupt(&store, "proposals", "starts_at", &proposal, "2026-11-24 10:00");
        store.proposal(id).unwrap().expect("readable again");

        corrupt(&store, "interactions", "direction", "1", "sideways");
        says(store.interactions(SEAT), "direction", "sideways", "a direction of contact");
        says(store.engagement_records(today()), "direction", "sideways", "a direction of contact");
        corrupt(&store, "interactions", "direction", "1", "to_mp");
        corrupt(&store, "interactions", "kind", "1", "pigeon");
        says(store.interactions(SEAT), "kind", "pigeon", "a kind of contact");
        corrupt(&store, "interactions", "kind", "1", "letter");

        // The checklist is read from its rows, and by the agenda from the summary the triggers keep.
        corrupt(&store, "checklist_items", "state", "item_key = '1.2'", "maybe");
        says(store.checklist(SEAT), "state", "maybe", "a checklist item's state");
        says(store.engagement_records(today()), "state", "maybe", "a checklist item's state");
        says(store.agenda_facts(today(), today()), "checklist_states", "maybe", "a checklist item's state");
        corrupt(&store, "checklist_items", "state", "item_key = '1.2'", "todo");
        corrupt(&store, "checklist_items", "done_on", "item_key = '1.2'", "yesterday");
        says(store.agenda_facts(today(), today()), "checklist_states", "yesterday", "a date (YYYY-MM-DD)");
        corrupt(&store, "checklist_items", "done_on", "item_key = '1.2'", "2026-11-23");

        corrupt(&store, "sitting_days", "status", "day = '1900-01-01'", "perhaps");
        says(store.calendar(), "status", "perhaps", "a sitting day's status");
    }

    #[test]
    fn a_value_of_the_wrong_type_names_its_column_and_an_unreadable_one_is_quoted_printably_and_short() {
        let (store, id) = store_with_a_row_of_each();
        store.conn.execute_batch("PRAGMA ignore_check_constraints = ON").unwrap();
        store.conn.execute("UPDATE proposals SET kind = x'7669736974' WHERE id = ?1", [id]).unwrap();
        let err = store.proposal(id).unwrap_err().to_string();
        assert!(err.contains("Blob") && err.contains("name: kind"), "{err}");

        let long = format!("\u{1b}[2J{}", "x".repeat(500));
        let shown = Unreadable::new(&long, "a kind of proposal").to_string();
        assert!(!shown.contains('\u{1b}') && shown.contains("\\u{1b}[2J"), "{shown}");
        assert!(shown.contains(&format!("{}…\"", "x".repeat(QUOTED_CHARS - "\\u{1b}[2J".len()))), "{shown}");
        assert!(shown.chars().count() < QUOTED_CHARS + 60, "{shown}");
    }
}
