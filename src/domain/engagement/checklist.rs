//! The engagement checklist: five steps of the guide, each broken into items with stable keys.
//! The wording is mpplan's own summary of what each step asks of an NHS organisation.

use std::borrow::Cow;

use serde::Serialize;

use crate::domain::enums::word_enum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Step {
    pub number: u8,
    pub title: &'static str,
}

pub const STEPS: [Step; 5] = [
    Step { number: 1, title: "Identify" },
    Step { number: 2, title: "Get in touch" },
    Step { number: 3, title: "Arrange" },
    Step { number: 4, title: "Meet" },
    Step { number: 5, title: "Stay in touch" },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Stable key, "2.3": step number, then position within the step.
    pub key: &'static str,
    pub step: u8,
    pub text: &'static str,
}

const fn item(key: &'static str, step: u8, text: &'static str) -> Item {
    Item { key, step, text }
}

/// Every item, in key order.
pub const ITEMS: [Item; 17] = [
    item("1.1", 1, "Seat confirmed from one of our sites' postcodes"),
    item("1.2", 1, "Neighbouring seats whose residents use our services considered"),
    item("2.1", 2, "First letter drafted: local issues, topics to discuss, a request to meet"),
    item("2.2", 2, "Letter signed by the chief executive or chair, on letterhead"),
    item("2.3", 2, "Letter sent to the constituency office or to the House of Commons, SW1A 0AA"),
    item("2.4", 2, "Westminster office called (020 7219 3000) to fix a time"),
    item("3.1", 3, "Date offered on a Friday, Saturday, Sunday or in recess"),
    item("3.2", 3, "Meeting or visit confirmed"),
    item("4.1", 4, "MP's background looked into: health or care experience, interests"),
    item("4.2", 4, "Everyone taking part briefed on the arrangements"),
    item("4.3", 4, "Visiting group kept small"),
    item("4.4", 4, "MP asked whether local press may come"),
    item("4.5", 4, "Draft press release shared with the MP beforehand, quote requested"),
    item("4.6", 4, "Meeting or visit held"),
    item("5.1", 5, "Regular meetings suggested and a contact cadence set"),
    item("5.2", 5, "Communications team following the MP's website and social accounts"),
    item("5.3", 5, "Thank-you and follow-up sent after the meeting"),
];

/// The item whose key is `key`, if any. A key "S.P" is looked for first where its digits put it (the
/// P-th item of step S), so a stored checklist is read without searching.
pub fn item_by_key(key: &str) -> Option<&'static Item> {
    item_index(key).map(|at| &ITEMS[at])
}

/// The place in [`ITEMS`] of the item whose key is `key`, if any, found as [`item_by_key`] finds it.
pub fn item_index(key: &str) -> Option<usize> {
    if let [step @ b'1'..=b'5', b'.', place @ b'1'..=b'9'] = *key.as_bytes() {
        let at = FIRST_OF_STEP[usize::from(step - b'1')] + usize::from(place - b'1');
        if ITEMS.get(at).is_some_and(|item| item.key == key) {
            return Some(at);
        }
    }
    ITEMS.iter().position(|i| i.key == key)
}

/// The place in [`ITEMS`] of each step's first item.
const FIRST_OF_STEP: [usize; 5] = {
    let mut first = [0; 5];
    let mut i = ITEMS.len();
    while i > 0 {
        i -= 1;
        first[(ITEMS[i].step - 1) as usize] = i;
    }
    first
};

/// The key `key` as an [`Entry`] keeps it: the guide's own, borrowed, when it is one of its items'
/// (as every stored key is, unless written by hand), else a copy.
pub fn entry_key(key: &str) -> Cow<'static, str> {
    item_by_key(key).map_or_else(|| Cow::Owned(key.to_owned()), |item| Cow::Borrowed(item.key))
}

word_enum! {
    /// Where a checklist item stands; the words are stored.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum ItemState {
        Todo = "todo",
        Done = "done",
        Skipped = "skipped",
    }
}

impl ItemState {
    /// A stored word, exactly as stored.
    pub fn parse(s: &str) -> Option<ItemState> {
        ItemState::from_word(s)
    }
}

/// One checklist item's stored state for one engagement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The item's key: one of [`ITEMS`]' (borrowed, see [`entry_key`]) or, in data written by hand,
    /// another.
    pub key: Cow<'static, str>,
    pub state: ItemState,
    pub done_on: Option<chrono::NaiveDate>,
    pub note: String,
}

impl Entry {
    /// The entry with its state toggled between done (on `today`) and to do; a skipped item becomes
    /// done.
    pub fn toggled(&self, today: chrono::NaiveDate) -> Entry {
        match self.state {
            ItemState::Done => Entry { state: ItemState::Todo, done_on: None, ..self.clone() },
            ItemState::Todo | ItemState::Skipped => {
                Entry { state: ItemState::Done, done_on: Some(today), ..self.clone() }
            }
        }
    }

    /// The entry skipped, or back to do if it was skipped.
    pub fn skip_toggled(&self) -> Entry {
        match self.state {
            ItemState::Skipped => Entry { state: ItemState::Todo, done_on: None, ..self.clone() },
            ItemState::Todo | ItemState::Done => Entry { state: ItemState::Skipped, done_on: None, ..self.clone() },
        }
    }
}

/// How far an engagement has come: items settled (done or skipped) out of all, and the next item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub done: usize,
    pub skipped: usize,
    pub total: usize,
    /// Key of the first item in key order that is neither done nor skipped; none when all are settled.
    pub next: Option<&'static str>,
}

impl Progress {
    /// `states` pairs item keys with their states; keys not in [`ITEMS`] are ignored, and missing
    /// items count as to do.
    pub fn of<'a>(states: impl IntoIterator<Item = (&'a str, ItemState)>) -> Progress {
        let mut by_item = [ItemState::Todo; ITEMS.len()];
        // States usually come in key order, as ITEMS are: each is looked for after the last found.
        let mut after = 0;
        for (key, state) in states {
            let found = ITEMS[after..].iter().position(|it| it.key == key).map(|i| after + i);
            if let Some(i) = found.or_else(|| ITEMS[..after].iter().position(|it| it.key == key)) {
                by_item[i] = state;
                after = i + 1;
            }
        }
        Progress {
            done: by_item.iter().filter(|s| **s == ItemState::Done).count(),
            skipped: by_item.iter().filter(|s| **s == ItemState::Skipped).count(),
            total: ITEMS.len(),
            next: ITEMS.iter().zip(by_item).find(|(_, s)| *s == ItemState::Todo).map(|(it, _)| it.key),
        }
    }

    /// The step the next item belongs to (1–5), or none when everything is settled.
    pub fn current_step(&self) -> Option<u8> {
        self.next.and_then(item_by_key).map(|i| i.step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_in_key_order_and_belong_to_their_step() {
        for pair in ITEMS.windows(2) {
            assert!(pair[0].key < pair[1].key, "{} before {}", pair[0].key, pair[1].key);
        }
        for item in ITEMS {
            assert_eq!(item.key[..1].parse::<u8>().unwrap(), item.step);
            assert!(STEPS.iter().any(|s| s.number == item.step));
        }
    }

    /// Found where its digits point or not, an item is found by its key and only by it; an entry
    /// borrows the guide's key for a guide key and copies any other.
    #[test]
    fn items_are_found_by_their_key_alone() {
        for item in &ITEMS {
            assert_eq!(item_by_key(item.key), Some(item));
            assert!(matches!(entry_key(item.key), Cow::Borrowed(key) if key == item.key));
        }
        for other in ["1.3", "2.5", "4.7", "5.4", "6.1", "0.1", "1.0", "2.10", "1.1 ", " 1.1", "11", "", "x.y"] {
            assert_eq!(item_by_key(other), None, "{other:?}");
            assert!(matches!(entry_key(other), Cow::Owned(ref key) if key == other), "{other:?}");
        }
    }

    #[test]
    fn next_step_is_the_first_item_neither_done_nor_skipped() {
        let p = Progress::of([("1.1", ItemState::Done), ("1.2", ItemState::Skipped), ("2.2", ItemState::Done)]);
        assert_eq!(p.next, Some("2.1"));
        assert_eq!((p.done, p.skipped, p.total), (2, 1, 17));
        assert_eq!(p.current_step(), Some(2));
        let fresh = Progress::of([]);
        assert_eq!(fresh.next, Some("1.1"));
        let all = Progress::of(ITEMS.iter().map(|i| (i.key, ItemState::Done)));
        assert_eq!((all.next, all.done), (None, 17));
    }

    #[test]
    fn toggling_and_skipping_entries() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let todo = Entry { key: "2.1".into(), state: ItemState::Todo, done_on: None, note: "n".into() };
        let done = todo.toggled(day);
        assert_eq!((done.state, done.done_on, done.note.as_str()), (ItemState::Done, Some(day), "n"));
        assert_eq!(done.toggled(day), todo);
        let skipped = todo.skip_toggled();
        assert_eq!(skipped.state, ItemState::Skipped);
        assert_eq!(skipped.skip_toggled(), todo);
        assert_eq!(skipped.toggled(day).state, ItemState::Done);
    }

    #[test]
    fn states_round_trip_through_text() {
        for s in [ItemState::Todo, ItemState::Done, ItemState::Skipped] {
            assert_eq!(ItemState::parse(s.as_str()), Some(s));
        }
        assert_eq!(ItemState::parse("nope"), None);
    }
}
