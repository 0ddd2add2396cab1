//! Which change to a field wins, and which losing changes were made apart and must be shown.
//!
//! Each change sets one field of one row and carries its stamp (see [`clock`](super::clock)), its
//! own id, its author, and the stamp of the value its author saw when making it. The winner is the
//! latest by stamp, ties broken by id, so every copy picks the same one whatever order changes
//! arrive in. A losing change whose author the winner's had not seen (the winner replaced something
//! older than it) and whose value differs was made apart: it is a conflict, kept for people to see,
//! so nothing is silently lost. Both answers depend only on the set of changes, never their order.

use std::collections::BTreeMap;

use super::clock::Stamp;

/// One change to one field of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The change's own id (a UUID): the same change seen twice counts once.
    pub id: String,
    pub stamp: Stamp,
    pub author: String,
    /// The field's new value; None clears it (for a row's `deleted` field: brings it back).
    pub value: Option<String>,
    /// The stamp of the value the author saw when making the change; None when the field had none.
    pub replaces: Option<Stamp>,
}

/// What a field holds once every change to it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<'a> {
    pub winner: &'a Change,
    /// The changes made apart from the winner with another value, oldest first.
    pub conflicts: Vec<&'a Change>,
}

/// Resolves the changes to one field; None when there are none.
pub fn resolve(changes: &[Change]) -> Option<Resolved<'_>> {
    let winner = changes.iter().max_by(|a, b| (a.stamp, &a.id).cmp(&(b.stamp, &b.id)))?;
    let mut apart: BTreeMap<(Stamp, &str), &Change> = BTreeMap::new();
    for change in changes {
        let unseen = winner.replaces.is_none_or(|seen| seen < change.stamp);
        if change.id != winner.id && unseen && change.value != winner.value {
            apart.insert((change.stamp, change.id.as_str()), change);
        }
    }
    Some(Resolved { winner, conflicts: apart.into_values().collect() })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn change(id: &str, millis: i64, author: &str, value: &str, replaces: Option<i64>) -> Change {
        Change {
            id: id.into(),
            stamp: Stamp { millis, counter: 0 },
            author: author.into(),
            value: Some(value.into()),
            replaces: replaces.map(|millis| Stamp { millis, counter: 0 }),
        }
    }

    #[test]
    fn the_latest_wins_and_a_change_made_apart_is_kept_as_a_conflict() {
        // Ann and Bob both change a proposal's start offline, from the 10:00 both had seen.
        let first = change("a0", 100, "ann", "10:00", None);
        let ann = change("a1", 200, "ann", "11:00", Some(100));
        let bob = change("b1", 300, "bob", "14:00", Some(100));
        let all = [first.clone(), ann.clone(), bob.clone()];
        let resolved = resolve(&all).unwrap();
        assert_eq!(resolved.winner, &bob);
        assert_eq!(resolved.conflicts, [&ann], "Ann's 11:00 was made apart; the 10:00 both saw was not");

        // Had Bob seen Ann's change before making his, there is nothing to show.
        let after = change("b1", 300, "bob", "14:00", Some(200));
        assert!(resolve(&[first.clone(), ann.clone(), after]).unwrap().conflicts.is_empty());
        // Nor when both made the same change.
        let same = change("b1", 300, "bob", "11:00", Some(100));
        assert!(resolve(&[first, ann, same]).unwrap().conflicts.is_empty());
        assert_eq!(resolve(&[]), None);
    }

    #[test]
    fn a_tie_in_stamps_is_broken_by_id() {
        let a = change("0b", 100, "ann", "x", None);
        let b = change("0a", 100, "bob", "y", None);
        assert_eq!(resolve(&[a.clone(), b.clone()]).unwrap().winner, &a);
        assert_eq!(resolve(&[b, a.clone()]).unwrap().winner, &a);
    }

    proptest! {
        /// Any order, with changes seen twice, resolves the same.
        #[test]
        fn the_answer_depends_on_the_changes_not_their_order(
            specs in proptest::collection::vec((0i64..20, 0u8..3, 0u8..3, proptest::option::of(0i64..20)), 1..12),
            order in proptest::collection::vec(any::<usize>(), 0..24),
        ) {
            let changes: Vec<Change> = specs
                .iter()
                .enumerate()
                .map(|(i, &(millis, author, value, replaces))| {
                    change(&format!("{i:02}"), millis, &format!("p{author}"), &format!("v{value}"), replaces)
                })
                .collect();
            let mut shuffled = changes.clone();
            for (i, pick) in order.iter().enumerate() {
                let n = shuffled.len();
                shuffled.swap(i % n, pick % n);
            }
            shuffled.push(changes[order.first().copied().unwrap_or(0) % changes.len()].clone());
            let (a, b) = (resolve(&changes).unwrap(), resolve(&shuffled).unwrap());
            prop_assert_eq!(a.winner, b.winner);
            let ids = |r: &Resolved<'_>| r.conflicts.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
            prop_assert_eq!(ids(&a), ids(&b));
            prop_assert!(a.conflicts.iter().all(|c| c.value != a.winner.value && c.stamp <= a.winner.stamp));
        }
    }
}
