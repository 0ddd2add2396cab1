//! Schema migrations, append-only: add a new file and a new entry; never edit a released one.

use rusqlite_migration::{M, Migrations};

const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("migrations/001_initial.sql")),
    M::up(include_str!("migrations/002_indexes.sql")),
    M::up(include_str!("migrations/003_engagement_summaries.sql")),
    M::up(include_str!("migrations/004_member_names.sql")),
    M::up(include_str!("migrations/005_data_updates.sql")),
    M::up(include_str!("migrations/006_current_mps.sql")),
    M::up(include_str!("migrations/007_follow_up_marks.sql")),
    M::up(include_str!("migrations/008_all_day_and_sequence.sql")),
];

/// The schema version this binary writes (SQLite's user_version after migrating).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}
