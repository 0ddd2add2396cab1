//! A single line of text being typed, with a cursor.

use super::action::TextEdit;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
}

/// Typed text is capped so a pasted novel cannot swamp a field.
pub const MAX_CHARS: usize = 2000;

impl TextInput {
    pub fn new(text: &str) -> TextInput {
        let text: String = text.chars().filter(|c| !c.is_control()).take(MAX_CHARS).collect();
        let cursor = text.chars().count();
        TextInput { text, cursor }
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

    pub fn apply(&mut self, edit: TextEdit) {
        let len = self.text.chars().count();
        match edit {
            TextEdit::Insert(c) if !c.is_control() && len < MAX_CHARS => {
                let at = self.byte_index(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            TextEdit::Insert(_) => {}
            TextEdit::Backspace if self.cursor > 0 => {
                let at = self.byte_index(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
            }
            TextEdit::Backspace => {}
            TextEdit::Delete if self.cursor < len => {
                let at = self.byte_index(self.cursor);
                self.text.remove(at);
            }
            TextEdit::Delete => {}
            TextEdit::Left => self.cursor = self.cursor.saturating_sub(1),
            TextEdit::Right => self.cursor = (self.cursor + 1).min(len),
            TextEdit::Home => self.cursor = 0,
            TextEdit::End => self.cursor = len,
            TextEdit::Clear => *self = TextInput::default(),
        }
    }

    fn byte_index(&self, chars: usize) -> usize {
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

    proptest! {
        #[test]
        fn any_edits_keep_the_cursor_inside_the_text(edits in proptest::collection::vec(0u8..9, 0..60)) {
            let mut t = TextInput::new("héllo");
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
                    _ => TextEdit::Clear,
                };
                t.apply(edit);
                prop_assert!(t.cursor() <= t.text().chars().count());
            }
        }
    }
}
