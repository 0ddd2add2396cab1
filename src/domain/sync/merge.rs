//! Which change to a field wins, and which losing changes were made apart and must be shown.
//!
//! Each change sets one field of one row and carries its stamp (see [`clock`](super::clock)), its
//! own id, its author, and the id of the change whose value its author saw there when making it.
//! The winner is the latest by stamp, ties broken by id, so every copy picks the same one whatever
//! order changes arrive in. Following what each change saw back from the winner gives the line of
//! values people replaced knowingly. A change off that line, with a value no one on it had, was
//! overwritten by someone who never saw it: it is a conflict, kept for people to see, so nothing is
//! silently lost. Both answers depend only on the set of changes, never their order.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::clock::Stamp;

/// One change to one field of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The change's own id (a UUID): the same change seen twice counts once.
    pub id: String,
    pub stamp: Stamp,
    pub author: String,
    /// The field's new value (as JSON text); None clears it.
    pub value: Option<String>,
    /// The id of the change whose value the author saw in the field; None when it had none.
    pub replaces: Option<String>,
}

/// What a field holds once every change to it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<'a> {
    pub winner: &'a Change,
    /// The changes overwritten unseen, with a value no one replacing knowingly had, oldest first.
    pub conflicts: Vec<&'a Change>,
}

/// Resolves the changes to one field; None when there are none.
pub fn resolve(changes: &[Change]) -> Option<Resolved<'_>> {
    let winner = changes.iter().max_by(|a, b| (a.stamp, &a.id).cmp(&(b.stamp, &b.id)))?;
    let by_id: HashMap<&str, &Change> = changes.iter().map(|c| (c.id.as_str(), c)).collect();
    // The line of values replaced knowingly, from the winner back.
    let mut seen: HashSet<&str> = HashSet::new();
    let mut values: HashSet<Option<&str>> = HashSet::new();
    let mut at = Some(winner);
    while let Some(change) = at {
        if !seen.insert(change.id.as_str()) {
            break;
        }
        values.insert(change.value.as_deref());
        at = change.replaces.as_deref().and_then(|id| by_id.get(id).copied());
    }
    let mut apart: BTreeMap<(Stamp, &str), &Change> = BTreeMap::new();
    for change in changes {
        if !seen.contains(change.id.as_str()) && !values.contains(&change.value.as_deref()) {
            apart.insert((change.stamp, change.id.as_str()), change);
        }
    }
    Some(Resolved { winner, conflicts: apart.into_values().collect() })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn change(id: &str, millis: i64, author: &str, value: &str, replaces: Option<&str>) -> Change {
        Change {
            id: id.into(),
            stamp: Stamp { millis, counter: 0 },
            author: author.into(),
            value: Some(value.into()),
            replaces: replaces.map(str::to_string),
        }
    }

    #[test]
    fn the_latest_wins_and_a_change_made_apart_is_kept_as_a_conflict() {
        // Ann and Bob both change a proposal's start offline, from the 10:00 both had seen.
        let first = change("a0", 100, "ann", "10:00", None);
        let ann = change("a1", 200, "ann", "11:00", Some("a0"));
        let bob = change("b1", 300, "bob", "14:00", Some("a0"));
        let all = [first.clone(), ann.clone(), bob.clone()];
        let resolved = resolve(&all).unwrap();
        assert_eq!(resolved.winner, &bob);
        assert_eq!(resolved.conflicts, [&ann], "Ann's 11:00 was made apart; the 10:00 both saw was not");

        // Had Bob seen Ann's change before making his, there is nothing to show.
        let after = change("b1", 300, "bob", "14:00", Some("a1"));
        assert!(resolve(&[first.clone(), ann.clone(), after.clone()]).unwrap().conflicts.is_empty());
        // Nor when both made the same change.
        let same = change("b1", 300, "bob", "11:00", Some("a0"));
        assert!(resolve(&[first.clone(), ann.clone(), same]).unwrap().conflicts.is_empty());
        // A change overwritten unseen stays a conflict when someone later builds on the winner.
        let carol = change("c1", 400, "carol", "15:00", Some("b1"));
        let all = [first, ann.clone(), bob, carol.clone()];
        let resolved = resolve(&all).unwrap();
        assert_eq!((resolved.winner, resolved.conflicts), (&carol, vec![&ann]));
        assert_eq!(resolve(&[]), None);
    }

    #[test]
    fn a_change_older_than_what_the_winner_saw_but_never_seen_is_a_conflict() {
        // Ann's change reaches the others late: Bob and Carol never saw it.
        let first = change("a0", 100, "ann", "10:00", None);
        let ann = change("a1", 200, "ann", "11:00", Some("a0"));
        let bob = change("b1", 300, "bob", "14:00", Some("a0"));
        let carol = change("c1", 400, "carol", "15:00", Some("b1"));
        let all = [carol.clone(), bob, ann.clone(), first];
        let resolved = resolve(&all).unwrap();
        assert_eq!((resolved.winner, resolved.conflicts), (&carol, vec![&ann]));
    }

    #[test]
    fn a_value_someone_saw_and_replaced_is_no_conflict_whoever_set_it() {
        // Ann and Bob both track the seat offline; Bob, having synced, stops tracking it.
        let ann = change("a1", 100, "ann", "1", None);
        let bob = change("b1", 200, "bob", "1", None);
        let stop = change("b2", 300, "bob", "0", Some("b1"));
        assert!(resolve(&[ann, bob, stop]).unwrap().conflicts.is_empty(), "Bob saw tracking on, as Ann set it");
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
            specs in proptest::collection::vec((0i64..20, 0u8..3, 0u8..3, proptest::option::of(0usize..12)), 1..12),
            order in proptest::collection::vec(any::<usize>(), 0..24),
        ) {
            let changes: Vec<Change> = specs
                .iter()
                .enumerate()
                .map(|(i, &(millis, author, value, replaces))| {
                    let replaces = replaces.map(|r| format!("{r:02}"));
                    change(&format!("{i:02}"), millis, &format!("p{author}"), &format!("v{value}"), replaces.as_deref())
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
            prop_assert!(a.conflicts.iter().all(|c| c.value != a.winner.value && c.id != a.winner.id));
        }
    }
}
