//! A checklist as the summaries keep it (migration 010): its items' keys, states and done dates as
//! plain text, read in place.

use chrono::NaiveDate;

use super::convert::{Unreadable, from_word};
use super::dates::{Day, day};
use crate::domain::engagement::checklist::ItemState;

/// What a checklist kept in the summary must look like, for an error.
const CHECKLIST_STATES: &str = "a checklist (COUNT;KEY STATE [DONE_ON];…)";

/// The items of a checklist as the summary keeps it in `checklist_states` (migration 010): the
/// number of items, then each item (in key order, as the view writes them) as `KEY STATE` or
/// `KEY STATE DONE_ON`, all joined by ';' ("2;1.1 done 2026-05-20;1.2 todo"; "0" when there are
/// none). Neither keys nor state words nor dates hold a space or a ';'. Each item is read in place,
/// without a copy; anything else (an item of more or fewer words, a state or date that is not one,
/// more or fewer items than counted, as a key or date holding a ';' would give) is an
/// [`Unreadable`] error, after which nothing more is read.
pub(super) struct ChecklistStates<'a> {
    text: &'a str,
    /// The items not read yet; none after the last.
    rest: Option<&'a str>,
    /// Items still to come, by the count.
    left: usize,
    failed: bool,
}

/// One item of [`ChecklistStates`].
pub(super) struct StoredItem<'a> {
    pub key: &'a str,
    pub state: ItemState,
    pub done_on: Option<NaiveDate>,
}

impl<'a> ChecklistStates<'a> {
    /// The items still to come, by the count the text starts with.
    pub(super) fn left(&self) -> usize {
        self.left
    }

    pub(super) fn new(text: &'a str) -> std::result::Result<ChecklistStates<'a>, Unreadable> {
        let (count, rest) = match split_at(text, b';') {
            Some((count, rest)) => (count, Some(rest)),
            None => (text, None),
        };
        let Ok(left) = count.parse::<usize>() else { return Err(Unreadable::new(text, CHECKLIST_STATES)) };
        Ok(ChecklistStates { text, rest, left, failed: false })
    }

    /// The item at the start of `text` as the summary writes it (a short key, a state word and for
    /// an item done its date), and the text after the ';' that ends it; none for anything else,
    /// which [`ChecklistStates::item`] then reads (and refuses, if it must). Each byte is looked at
    /// once, and the words are compared whole rather than searched for.
    fn quick(text: &'a str) -> Option<(StoredItem<'a>, Option<&'a str>)> {
        let bytes = text.as_bytes();
        let key_end = bytes.iter().take(8).position(|&b| b == b' ' || b == b';')?;
        if key_end == 0 || bytes[key_end] != b' ' {
            return None;
        }
        let words = &bytes[key_end + 1..];
        let (state, after) = if words.starts_with(b"todo") {
            (ItemState::Todo, key_end + 5)
        } else if words.starts_with(b"done") {
            (ItemState::Done, key_end + 5)
        } else if words.starts_with(b"skipped") {
            (ItemState::Skipped, key_end + 8)
        } else {
            return None;
        };
        let (done_on, end) = match bytes.get(after) {
            None | Some(b';') => (None, after),
            Some(b' ') => match bytes.get(after + 11) {
                None | Some(b';') => (Some(day(bytes.get(after + 1..after + 11)?)?), after + 11),
                _ => return None,
            },
            _ => return None,
        };
        let more = text.get(end + 1..);
        Some((StoredItem { key: &text[..key_end], state, done_on }, more))
    }

    /// The item at the start of `text` (up to its first ';', if any) and the text after that ';'.
    /// The item's words are found in the same pass as its end.
    fn item(text: &'a str) -> (std::result::Result<StoredItem<'a>, Unreadable>, Option<&'a str>) {
        let bytes = text.as_bytes();
        let (mut end, mut more) = (bytes.len(), None);
        // The first two spaces, and whether there is a third.
        let (mut first, mut second, mut third) = (None, None, false);
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b';' => {
                    end = i;
                    more = Some(&text[i + 1..]);
                    break;
                }
                b' ' if first.is_none() => first = Some(i),
                b' ' if second.is_none() => second = Some(i),
                b' ' => third = true,
                _ => {}
            }
        }
        (ChecklistStates::words(&text[..end], first, second, third), more)
    }

    /// The item `text`, whose first two spaces are at `first` and `second`, and which has a third
    /// space or not (`third`): `KEY STATE` or `KEY STATE DONE_ON`.
    fn words(
        text: &'a str,
        first: Option<usize>,
        second: Option<usize>,
        third: bool,
    ) -> std::result::Result<StoredItem<'a>, Unreadable> {
        let (key, state, done_on) = match (first, second) {
            (Some(a), None) if a > 0 => (&text[..a], &text[a + 1..], None),
            (Some(a), Some(b)) if a > 0 && !third => (&text[..a], &text[a + 1..b], Some(&text[b + 1..])),
            _ => return Err(Unreadable::new(text, "a checklist item (KEY STATE [DONE_ON])")),
        };
        let state = match state.as_bytes() {
            b"todo" => ItemState::Todo,
            b"done" => ItemState::Done,
            b"skipped" => ItemState::Skipped,
            _ => from_word(state)?,
        };
        let done_on = match done_on {
            Some(d) => Some(Day::from_text(d).map_err(|_| Unreadable::new(d, "a date (YYYY-MM-DD)"))?.0),
            None => None,
        };
        Ok(StoredItem { key, state, done_on })
    }
}

/// `text` before and after the first `byte` (an ASCII one), if it has one. Faster than
/// `str::split_once` on the few bytes of an item.
fn split_at(text: &str, byte: u8) -> Option<(&str, &str)> {
    debug_assert!(byte.is_ascii());
    let at = text.bytes().position(|b| b == byte)?;
    Some((&text[..at], &text[at + 1..]))
}

impl<'a> Iterator for ChecklistStates<'a> {
    type Item = std::result::Result<StoredItem<'a>, Unreadable>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let item = match (self.rest.take(), self.left) {
            (None, 0) => return None,
            (Some(rest), 1..) => {
                let (item, more) = match ChecklistStates::quick(rest) {
                    Some((item, more)) => (Ok(item), more),
                    None => ChecklistStates::item(rest),
                };
                self.rest = more;
                item
            }
            _ => Err(Unreadable::new(self.text, CHECKLIST_STATES)),
        };
        self.left = self.left.saturating_sub(1);
        self.failed = item.is_err();
        Some(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The items [`ChecklistStates`] reads from `text`, or the error it gives.
    fn items(text: &str) -> std::result::Result<Vec<(String, ItemState, Option<NaiveDate>)>, String> {
        let read = ChecklistStates::new(text).map_err(|e| e.to_string())?;
        read.map(|item| item.map(|i| (i.key.to_string(), i.state, i.done_on)).map_err(|e| e.to_string())).collect()
    }

    #[test]
    fn checklist_states_are_read_item_by_item() {
        let day = NaiveDate::from_ymd_opt(2026, 5, 20);
        assert_eq!(
            items("3;1.1 done 2026-05-20;1.2 skipped;2.1 todo").unwrap(),
            [
                ("1.1".to_string(), ItemState::Done, day),
                ("1.2".to_string(), ItemState::Skipped, None),
                ("2.1".to_string(), ItemState::Todo, None),
            ]
        );
        assert_eq!(items("0").unwrap(), []);
        // A key this mpplan does not know (from a newer one) is read, as the history reads it.
        assert_eq!(items("1;9.1 todo").unwrap(), [("9.1".to_string(), ItemState::Todo, None)]);
    }

    #[test]
    fn checklist_states_that_do_not_read_as_the_summary_writes_them_are_refused() {
        let checklist = "which is not a checklist (COUNT;KEY STATE [DONE_ON];…)";
        let item = "which is not a checklist item (KEY STATE [DONE_ON])";
        for (text, says) in [
            ("", checklist),
            ("x;1.1 todo", checklist),
            ("-1", checklist),
            ("2;1.1 todo", checklist),
            ("1;1.1 todo;1.2 todo", checklist),
            ("0;", checklist),
            ("1;", item),
            ("1;1.1", item),
            ("1; todo", item),
            ("1;1.1  todo", "\"\", which is not a checklist item's state"),
            ("1;1.1 done 2026-05-20 x", item),
            ("1;1.1 done 2026-05-20 ", item),
            ("1;1.1 maybe", "which is not a checklist item's state"),
            ("1;1.1 done yesterday", "\"yesterday\", which is not a date (YYYY-MM-DD)"),
            ("1;1.1 done 2026-02-30", "which is not a date (YYYY-MM-DD)"),
            // A key or date holding a ';' splits its item in two: the count finds it out.
            ("2;1.1 todo;1.2 done;1.3 todo", checklist),
            ("1;1.1 done 2026-05-20;1.2 todo", checklist),
        ] {
            let err = items(text).expect_err(text);
            assert!(err.contains(says), "{text:?}: {err}");
        }
    }

    proptest! {
        /// Whatever the column holds, reading it gives items or an error, and never more items
        /// than its count.
        #[test]
        fn reading_checklist_states_never_panics(text in "[0-9]{0,2}(;[0-9. a-z;-]{0,14}){0,4}") {
            let _ = items(&text);
            if let Ok(read) = ChecklistStates::new(&text) {
                let count = text.split(';').next().unwrap().parse::<usize>().unwrap();
                prop_assert!(read.take_while(|i| i.is_ok()).count() <= count);
            }
        }
    }

    /// What [`items`] gives, read the plain way: split at every ';', then each item at its spaces.
    fn items_split(text: &str) -> Option<Vec<(String, ItemState, Option<NaiveDate>)>> {
        let mut parts = text.split(';');
        let count: usize = parts.next()?.parse().ok()?;
        let parts: Vec<&str> = parts.collect();
        if parts.len() != count {
            return None;
        }
        let mut read = Vec::new();
        for item in parts {
            let words: Vec<&str> = item.split(' ').collect();
            let (key, state, done_on) = match words[..] {
                [key, state] => (key, state, None),
                [key, state, done_on] => (key, state, Some(done_on)),
                _ => return None,
            };
            if key.is_empty() {
                return None;
            }
            let state =
                [ItemState::Todo, ItemState::Done, ItemState::Skipped].into_iter().find(|s| s.as_str() == state)?;
            let done_on = match done_on {
                Some(d) => Some(Day::from_text(d).ok()?.0),
                None => None,
            };
            read.push((key.to_string(), state, done_on));
        }
        Some(read)
    }

    proptest! {
        /// The items are read in one pass as splitting the text at every ';' and space reads them,
        /// for text of the summary's shape, damaged or not.
        #[test]
        fn checklist_states_read_in_one_pass_as_split(
            text in "[0-4](;([1-5][.][1-9]|x| )?( ?(todo|done|skipped|dne|))( ?(2026-0[1-9]-[0-3][0-9]|2026-02-30|x|))( x)?){0,4}",
            noise in "[0-9. a-z;-]{0,14}",
        ) {
            prop_assert_eq!(items(&text).ok(), items_split(&text));
            let noisy = format!("{text}{noise}");
            prop_assert_eq!(items(&noisy).ok(), items_split(&noisy));
        }
    }
}
