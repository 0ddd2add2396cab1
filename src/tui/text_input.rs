//! A single line of text being typed, with a cursor.

use super::action::TextEdit;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
    /// The text's length in characters, kept so that no key press counts them again.
    len: usize,
    /// The most characters the input holds.
    max: usize,
    /// Characters typed or pasted after the input was full: the form says the text is too long
    /// rather than keeping the start of it without a word. A backspace drops them.
    refused: usize,
}

/// What an input holds unless its field has a limit of its own: so a pasted novel cannot swamp a
/// field.
pub const MAX_CHARS: usize = 2000;

impl Default for TextInput {
    fn default() -> TextInput {
        TextInput::with_max("", MAX_CHARS)
    }
}

impl TextInput {
    pub fn new(text: &str) -> TextInput {
        TextInput::with_max(text, MAX_CHARS)
    }

    /// An input holding at most `max` characters, filled with `text` (what does not fit is
    /// counted as refused).
    pub fn with_max(text: &str, max: usize) -> TextInput {
        let mut kept = String::with_capacity(text.len().min(max * 4));
        let (mut len, mut refused) = (0, 0);
        for c in text.chars().filter(|c| !c.is_control()) {
            if len < max {
                kept.push(c);
                len += 1;
            } else {
                refused += 1;
            }
        }
        TextInput { text: kept, cursor: len, len, max, refused }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// How many characters were typed into the input: those it holds and those that did not fit.
    pub fn typed_len(&self) -> usize {
        self.len + self.refused
    }

    pub fn apply(&mut self, edit: TextEdit) {
        let len = self.len;
        match edit {
            TextEdit::Insert(c) if !c.is_control() && len < self.max => {
                let at = self.byte_index(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
                self.len += 1;
            }
            TextEdit::Insert(c) if !c.is_control() => self.refused += 1,
            TextEdit::Insert(_) => {}
            // What did not fit goes first, as if it were typed at the end.
            TextEdit::Backspace if self.refused > 0 => self.refused = 0,
            TextEdit::Backspace if self.cursor > 0 => {
                let at = self.byte_index(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
                self.len -= 1;
            }
            TextEdit::Backspace => {}
            TextEdit::Delete if self.cursor < len => {
                let at = self.byte_index(self.cursor);
                self.text.remove(at);
                self.len -= 1;
                self.refused = 0;
            }
            TextEdit::Delete => {}
            TextEdit::Left => self.cursor = self.cursor.saturating_sub(1),
            TextEdit::Right => self.cursor = (self.cursor + 1).min(len),
            TextEdit::Home => self.cursor = 0,
            TextEdit::End => self.cursor = len,
            TextEdit::DeleteWord if self.refused > 0 => self.refused = 0,
            TextEdit::DeleteWord => self.delete_word(),
            TextEdit::Clear => *self = TextInput::with_max("", self.max),
        }
    }

    /// Deletes back from the cursor over any spaces, then over the word before them.
    fn delete_word(&mut self) {
        let chars: Vec<char> = self.text.chars().collect();
        let mut from = self.cursor.min(chars.len());
        while from > 0 && chars[from - 1].is_whitespace() {
            from -= 1;
        }
        while from > 0 && !chars[from - 1].is_whitespace() {
            from -= 1;
        }
        let (start, end) = (self.byte_index(from), self.byte_index(self.cursor));
        self.text.replace_range(start..end, "");
        self.len -= self.cursor - from;
        self.cursor = from;
    }

    /// Where the `chars`-th character starts; at the end (where typing happens) without a scan.
    fn byte_index(&self, chars: usize) -> usize {
        if chars >= self.len {
            return self.text.len();
        }
        self.text.char_indices().nth(chars).map(|(i, _)| i).unwrap_or(self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn editing_moves_the_cursor_over_characters_not_bytes() {
        let mut t = TextInput::new("Môn");
        t.apply(TextEdit::Left);
        t.apply(TextEdit::Backspace);
        assert_eq!((t.text(), t.cursor()), ("Mn", 1));
        t.apply(TextEdit::Insert('ô'));
        t.apply(TextEdit::Home);
        t.apply(TextEdit::Delete);
        assert_eq!(t.text(), "ôn");
        t.apply(TextEdit::Clear);
        assert!(t.is_empty());
    }

    #[test]
    fn control_characters_never_enter_the_text() {
        let mut t = TextInput::new("a\x1b[2Jb");
        t.apply(TextEdit::Insert('\x07'));
        assert_eq!(t.text(), "a[2Jb");
    }

    #[test]
    fn a_full_input_counts_what_did_not_fit_until_room_is_made() {
        let mut t = TextInput::with_max("abc", 4);
        for c in "defg".chars() {
            t.apply(TextEdit::Insert(c));
        }
        assert_eq!((t.text(), t.typed_len()), ("abcd", 7));
        t.apply(TextEdit::Backspace);
        assert_eq!((t.text(), t.typed_len()), ("abcd", 4), "backspace drops what did not fit");
        t.apply(TextEdit::Backspace);
        assert_eq!((t.text(), t.typed_len()), ("abc", 3), "and then deletes as usual");
        let filled = TextInput::with_max(&"x".repeat(10), 4);
        assert_eq!((filled.text(), filled.typed_len(), filled.cursor()), ("xxxx", 10, 4));
        let mut cleared = filled.clone();
        cleared.apply(TextEdit::Clear);
        assert_eq!((cleared.typed_len(), cleared.max), (0, 4), "clearing keeps the field's limit");
    }

    /// The text with `c` put in at character `at`.
    fn inserted(text: &str, at: usize, c: char) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        chars.insert(at, c);
        chars.into_iter().collect()
    }

    #[test]
    fn ctrl_w_deletes_back_over_spaces_then_a_word() {
        let mut t = TextInput::new("Main  hôpital ward");
        t.apply(TextEdit::DeleteWord);
        assert_eq!((t.text(), t.cursor()), ("Main  hôpital ", 14));
        for _ in 0..4 {
            t.apply(TextEdit::Left);
        }
        t.apply(TextEdit::DeleteWord);
        assert_eq!((t.text(), t.cursor()), ("Main  tal ", 6), "only what is before the cursor");
        t.apply(TextEdit::DeleteWord);
        assert_eq!((t.text(), t.cursor()), ("tal ", 0));
        t.apply(TextEdit::DeleteWord);
        assert_eq!((t.text(), t.cursor()), ("tal ", 0), "nothing before the cursor");
    }

    proptest! {
        #[test]
        fn any_edits_keep_the_cursor_inside_the_text_and_typing_lands_at_it(
            start in "[a-zé ]{0,12}",
            edits in proptest::collection::vec(0u8..10, 0..60),
        ) {
            let mut t = TextInput::with_max(&start, 16);
            for e in edits {
                let edit = match e {
                    0 => TextEdit::Insert('é'),
                    1 => TextEdit::Insert('x'),
                    2 => TextEdit::Backspace,
                    3 => TextEdit::Delete,
                    4 => TextEdit::Left,
                    5 => TextEdit::Right,
                    6 => TextEdit::Home,
                    7 => TextEdit::End,
                    8 => TextEdit::DeleteWord,
                    _ => TextEdit::Clear,
                };
                let (before, cursor) = (t.text().to_string(), t.cursor());
                t.apply(edit);
                prop_assert!(t.cursor() <= t.text().chars().count());
                prop_assert_eq!(t.len, t.text().chars().count());
                if let TextEdit::Insert(c) = edit && before.chars().count() < 16 {
                    prop_assert_eq!(t.text(), inserted(&before, cursor, c));
                    prop_assert_eq!(t.cursor(), cursor + 1, "the cursor follows what was typed");
                }
                if edit == TextEdit::DeleteWord && t.typed_len() == t.len {
                    let kept: String = before.chars().skip(cursor).collect();
                    prop_assert!(t.text().ends_with(&kept), "what follows the cursor stays");
                    prop_assert_eq!(t.text().chars().count(), t.cursor() + kept.chars().count());
                }
            }
        }
    }
}
