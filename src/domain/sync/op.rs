//! One operation: a change to one field of one row (or, for a row written whole, to all of its
//! fields at once), as it travels between copies through the shared log.

use serde_json::Value;

use super::clock::Stamp;
use super::merge::Change;

/// The field of an operation that writes a whole row: its value is a JSON object of every field.
pub const WHOLE_ROW: &str = "*";
/// The field that says whether a row is deleted (1) or there (0): a deletion is a tombstone.
pub const DELETED: &str = "_deleted";

#[derive(Debug, Clone, PartialEq)]
pub struct Op {
    /// The operation's own id, a UUID: the same operation seen twice counts once.
    pub id: String,
    /// The table the row belongs to ("proposals").
    pub table: String,
    /// The row's identity on every copy: its UUID (a setting: its key).
    pub row: String,
    /// The column changed, [`WHOLE_ROW`] or [`DELETED`].
    pub field: String,
    /// The new value; for [`WHOLE_ROW`] an object of every field.
    pub value: Value,
    pub stamp: Stamp,
    /// Who made the change: the name they gave when they joined.
    pub author: String,
    /// The id of the operation whose value the author saw in this field when making the change.
    pub replaces: Option<String>,
}

impl Op {
    /// This operation as a change to `field`: its value there (for a whole row, that field of it;
    /// a whole row also says the row is there), or None when it does not touch `field`.
    pub fn change_to(&self, field: &str) -> Option<Change> {
        let value = if self.field == field {
            Some(self.value.clone())
        } else if self.field == WHOLE_ROW {
            if field == DELETED { Some(Value::from(0)) } else { Some(self.value.get(field)?.clone()) }
        } else {
            None
        }?;
        Some(Change {
            id: self.id.clone(),
            stamp: self.stamp,
            author: self.author.clone(),
            value: Some(value.to_string()),
            replaces: self.replaces.clone(),
        })
    }
}
