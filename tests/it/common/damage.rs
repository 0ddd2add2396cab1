//! The ways testers damaged mpplan databases, each done in place to a file nobody has open: cut
//! short, one page of garbage, bytes flipped here and there, an index that no longer matches its
//! table, a table's page zeroed. Random choices use a fixed seed, so a failure can be replayed.

use std::fs;
use std::path::Path;

use rusqlite::Connection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// The file cut to half its length.
    Truncated,
    /// One page in the middle of the file overwritten with random bytes.
    GarbagePage,
    /// Forty bytes after the first page with one bit flipped in each.
    FlippedBytes,
    /// An index (interactions_by_day) whose definition no longer matches what it holds.
    BrokenIndex,
    /// The page of a table (interactions) overwritten with zeros, as if deleted.
    ZeroedTablePage,
}

pub const EVERY_DAMAGE: [Damage; 5] =
    [Damage::Truncated, Damage::GarbagePage, Damage::FlippedBytes, Damage::BrokenIndex, Damage::ZeroedTablePage];

/// A small random number generator (splitmix64) with a fixed seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number from 0 up to, not including, `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The database's page size, from its header.
pub fn page_size(bytes: &[u8]) -> usize {
    match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65536,
        n => usize::from(n),
    }
}

/// The page (numbered from 1) at the root of the table or index `name`.
fn root_page(db: &Path, name: &str) -> usize {
    let conn = Connection::open(db).unwrap();
    let page: i64 = conn.query_row("SELECT rootpage FROM sqlite_master WHERE name = ?1", [name], |r| r.get(0)).unwrap();
    usize::try_from(page).unwrap()
}

/// Damages the database at `db` in place (nothing may have it open).
pub fn damage(db: &Path, how: Damage) {
    let mut rng = Rng::new(7);
    match how {
        Damage::Truncated => {
            let file = fs::OpenOptions::new().write(true).open(db).unwrap();
            let length = file.metadata().unwrap().len();
            file.set_len(length / 2).unwrap();
        }
        Damage::GarbagePage => {
            let mut bytes = fs::read(db).unwrap();
            let size = page_size(&bytes);
            let middle = bytes.len() / size / 2;
            bytes[middle * size..(middle + 1) * size].iter_mut().for_each(|b| *b = rng.next() as u8);
            fs::write(db, bytes).unwrap();
        }
        Damage::FlippedBytes => {
            let mut bytes = fs::read(db).unwrap();
            let size = page_size(&bytes) as u64;
            for _ in 0..40 {
                let at = size + rng.below(bytes.len() as u64 - size);
                bytes[at as usize] ^= 1 << rng.below(8);
            }
            fs::write(db, bytes).unwrap();
        }
        Damage::BrokenIndex => {
            let conn = Connection::open(db).unwrap();
            let version: i64 = conn.pragma_query_value(None, "schema_version", |r| r.get(0)).unwrap();
            conn.execute_batch(&format!(
                "PRAGMA writable_schema = ON;
                 UPDATE sqlite_master SET sql = replace(sql, 'occurred_on', 'summary') WHERE name = 'interactions_by_day';
                 PRAGMA schema_version = {};
                 PRAGMA writable_schema = OFF;",
                version + 1
            ))
            .unwrap();
        }
        Damage::ZeroedTablePage => {
            let page = root_page(db, "interactions");
            let mut bytes = fs::read(db).unwrap();
            let size = page_size(&bytes);
            bytes[(page - 1) * size..page * size].fill(0);
            fs::write(db, bytes).unwrap();
        }
    }
}

/// `PRAGMA integrity_check` of the database at `db`: "ok" when sound, else the first problem.
pub fn integrity(db: &Path) -> String {
    let check = |conn: Connection| conn.query_row("PRAGMA integrity_check", [], |r| r.get(0));
    Connection::open(db).and_then(check).unwrap_or_else(|e| e.to_string())
}
