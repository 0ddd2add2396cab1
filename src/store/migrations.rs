//! Schema migrations, append-only: add a new file and a new entry; never edit a released one.

use rusqlite::{Transaction, params};
use rusqlite_migration::{HookResult, M, Migrations};

use crate::domain::sync::identity;

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

/// The migrations after 009 (which has a hook, so is added in [`migrations`]), in order.
const AFTER_TEAM_SYNC: &[M<'static>] = &[
    M::up(include_str!("migrations/010_checklist_states.sql")),
    M::up(include_str!("migrations/011_long_proposals.sql")),
    M::up(include_str!("migrations/012_current_mps_joined.sql")),
];

/// The schema version this binary writes (SQLite's user_version after migrating).
pub const SCHEMA_VERSION: i64 = (MIGRATIONS.len() + 1 + AFTER_TEAM_SYNC.len()) as i64;

pub fn migrations() -> Migrations<'static> {
    let mut all = MIGRATIONS.to_vec();
    all.push(M::up_with_hook(include_str!("migrations/009_team_sync.sql"), name_rows_for_sharing));
    all.extend_from_slice(AFTER_TEAM_SYNC);
    Migrations::new(all)
}

/// Migration 009's second half: names each engagement by its seat and each checklist item by its
/// engagement and key (see `domain::sync::identity`), so that two copies that began apart agree on
/// them; and each sitting day the user added by its day and source, each site by its name.
fn name_rows_for_sharing(tx: &Transaction<'_>) -> HookResult {
    let engagements: Vec<(i64, String)> = tx
        .prepare("SELECT id, constituency_code FROM engagements")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut engagement = tx.prepare("UPDATE engagements SET uuid = ?2 WHERE id = ?1")?;
    let mut items = tx.prepare("SELECT id, item_key FROM checklist_items WHERE engagement_id = ?1")?;
    let mut item = tx.prepare("UPDATE checklist_items SET uuid = ?2 WHERE id = ?1")?;
    for (id, seat) in engagements {
        let name = identity::engagement(&seat);
        engagement.execute(params![id, name])?;
        let keys: Vec<(i64, String)> =
            items.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        for (item_id, key) in keys {
            item.execute(params![item_id, identity::checklist_item(&name, &key)])?;
        }
    }
    let sites: Vec<(i64, String)> = tx
        .prepare("SELECT id, name FROM sites")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut site = tx.prepare("UPDATE sites SET uuid = ?2 WHERE id = ?1")?;
    for (id, name) in sites {
        site.execute(params![id, identity::site(&name)])?;
    }
    let days: Vec<(String, String)> = tx
        .prepare("SELECT day, source FROM sitting_days WHERE source IN ('user', 'import')")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut day = tx.prepare("UPDATE sitting_days SET uuid = ?3 WHERE day = ?1 AND source = ?2")?;
    for (on, source) in days {
        day.execute(params![on, source, identity::sitting_day(&on, &source)])?;
    }
    Ok(())
}
