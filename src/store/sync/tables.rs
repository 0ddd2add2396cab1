//! The tables a team shares, and how each names its rows on every copy: by UUID, the organisation
//! as the one row it is, a setting by its key. Each column but the local integer id travels as a
//! field; a reference to an engagement travels as the engagement's UUID, in the field
//! `engagement`. The capture triggers (migration 009) and the applying of others' changes both
//! follow this list, and a test checks the migration against it.

/// How a shared table names its rows on every copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Identity {
    /// The `uuid` column.
    Uuid,
    /// One row on every copy (the organisation, `id = 1`), named by this UUID.
    Single(&'static str),
    /// The `key` column (settings).
    Key,
}

/// One shared table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shared {
    pub name: &'static str,
    pub identity: Identity,
    /// The columns that travel, `engagement_id` as the field `engagement`.
    pub columns: &'static [&'static str],
    /// Which rows are shared, as a condition on the row (`{row}` stands for NEW or OLD); None: all.
    pub only: Option<&'static str>,
}

/// The name of the organisation's row, as `domain::sync::identity::organisation` gives it.
pub(crate) const ORGANISATION_ROW: &str = "7f1077ea-ef87-5d6d-abcc-9a0a17628cea";

/// Calendar rows the user made or imported (the shipped and fetched ones every copy has).
const USERS_CALENDAR: &str = "{row}.source IN ('user', 'import')";

/// In the order a row's parent comes before it.
pub(crate) const SHARED: &[Shared] = &[
    Shared {
        name: "organisation",
        identity: Identity::Single(ORGANISATION_ROW),
        columns: &["uuid", "name", "address", "chief_executive", "chair", "updated_at"],
        only: None,
    },
    Shared {
        name: "sites",
        identity: Identity::Uuid,
        columns: &["name", "postcode", "constituency_code", "created_at"],
        only: None,
    },
    Shared {
        name: "engagements",
        identity: Identity::Uuid,
        columns: &[
            "constituency_code",
            "tracked",
            "topics",
            "cadence_days",
            "notes",
            "background",
            "office_address",
            "started_on",
            "mp_at_start",
            "mp_id_at_start",
            "created_at",
            "updated_at",
        ],
        only: None,
    },
    Shared {
        name: "checklist_items",
        identity: Identity::Uuid,
        columns: &["engagement_id", "item_key", "state", "done_on", "note", "updated_at"],
        only: None,
    },
    Shared {
        name: "interactions",
        identity: Identity::Uuid,
        columns: &["engagement_id", "kind", "direction", "occurred_on", "summary", "mp_name", "created_at"],
        only: None,
    },
    Shared {
        name: "proposals",
        identity: Identity::Uuid,
        columns: &[
            "engagement_id",
            "title",
            "kind",
            "place",
            "starts_at",
            "ends_at",
            "attendees",
            "status",
            "press",
            "press_draft_shared_on",
            "press_quote_requested_on",
            "press_quote_received_on",
            "press_published_on",
            "ics_uid",
            "created_at",
            "updated_at",
            "all_day",
            "fold",
            "sequence",
        ],
        only: None,
    },
    Shared {
        name: "sitting_days",
        identity: Identity::Uuid,
        columns: &["day", "source", "status", "note", "created_at"],
        only: Some(USERS_CALENDAR),
    },
    Shared {
        name: "recesses",
        identity: Identity::Uuid,
        columns: &["name", "first_day", "last_day", "source", "created_at"],
        only: Some(USERS_CALENDAR),
    },
    Shared {
        name: "dissolutions",
        identity: Identity::Uuid,
        columns: &["first_day", "last_day", "note", "source", "created_at"],
        only: Some(USERS_CALENDAR),
    },
    Shared {
        name: "settings",
        identity: Identity::Key,
        columns: &["key", "value", "updated_at"],
        only: Some("{row}.key NOT LIKE 'ui.%'"),
    },
];

/// The column a reference to an engagement is kept in, and the field it travels as.
pub(crate) const ENGAGEMENT_COLUMN: &str = "engagement_id";
pub(crate) const ENGAGEMENT_FIELD: &str = "engagement";

/// The field a column travels as.
pub(crate) fn field_of(column: &str) -> &str {
    if column == ENGAGEMENT_COLUMN { ENGAGEMENT_FIELD } else { column }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(store: &crate::store::Store, table: &str) -> Vec<String> {
        store
            .conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// Every column of a shared table travels (but the local id and the name the row travels
    /// under), so that a column added later cannot be left out of what is shared unnoticed.
    #[test]
    fn every_column_of_every_shared_table_travels() {
        let store = crate::store::Store::open_in_memory().unwrap();
        for table in SHARED {
            let mut expected: Vec<&str> = table.columns.to_vec();
            match table.identity {
                Identity::Uuid => expected.push("uuid"),
                Identity::Single(_) => expected.push("id"),
                Identity::Key => {}
            }
            let mut found = columns(&store, table.name);
            found.retain(|c| !(c == "id" && table.identity == Identity::Uuid));
            found.sort();
            expected.sort();
            assert_eq!(found, expected, "the columns of {}", table.name);
        }
    }

    #[test]
    fn the_organisation_is_named_as_the_identity_rules_name_it() {
        assert_eq!(ORGANISATION_ROW, crate::domain::sync::identity::organisation());
    }

    /// Every table with rows named by UUID (the mark of the user's own rows) is shared.
    #[test]
    fn every_table_of_the_users_rows_is_shared() {
        let store = crate::store::Store::open_in_memory().unwrap();
        let tables: Vec<String> = store
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for table in tables {
            if columns(&store, &table).iter().any(|c| c == "uuid") {
                assert!(SHARED.iter().any(|t| t.name == table), "{table} holds the user's rows but is not shared");
            }
        }
        assert!(SHARED.iter().any(|t| t.name == "settings"));
    }
}
