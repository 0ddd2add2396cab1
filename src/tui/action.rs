//! What a key press means. The keymap turns keys into actions; `update` turns actions into state
//! changes and commands. Nothing here knows which key produced it.

use serde::Deserialize;

/// Every action a binding can trigger. The names (snake_case) are the ones used in config.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    ForceQuit,
    Help,
    NextScreen,
    PrevScreen,
    ScreenToday,
    ScreenMps,
    ScreenDetail,
    ScreenWeek,
    Undo,
    Redo,
    /// Open the command palette: exports, imports and the board report.
    Palette,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Left,
    Right,
    Open,
    Back,
    Filter,
    Postcode,
    ToggleTrack,
    ToggleDone,
    Skip,
    EditNote,
    LogContact,
    Contacts,
    /// Show the MP's proposals in place of the checklist, and back.
    Proposals,
    EditInfo,
    WriteLetter,
    WriteBrief,
    /// Write the selected proposal's calendar invitation (or its cancellation) for the MP's diary.
    WriteInvite,
    PrevWeek,
    NextWeek,
    ThisWeek,
    Add,
    Edit,
    Delete,
    NextField,
    PrevField,
    Submit,
    Cancel,
    /// Complete the command being typed in the palette.
    Complete,
    TakeSuggestion,
    /// The next section of the daily review, and the one before.
    NextSection,
    PrevSection,
    /// Put a follow-up off until a later day, or bring a snoozed one back now.
    Snooze,
    Unsnooze,
    /// A proposal's status: confirmed (it ticks 3.2), held (it ticks 4.6), cancelled.
    ConfirmProposal,
    MarkHeld,
    CancelProposal,
    Yes,
    No,
    /// Open the organisation's details and sites in a form.
    Organisation,
    /// On the week: type a date to go to.
    GoToDate,
    /// On the week: a month's overview, to pick a day.
    Month,
    /// A choice field's value before and after the one shown.
    PrevChoice,
    NextChoice,
    /// Put the highlighted MP offered under the MP field into it.
    TakeMatch,
    /// Moving the cursor in a line being typed, and deleting: the bindings of the editing scope
    /// become edits of the text.
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    DeleteWord,
    ClearLine,
}

impl Action {
    /// The name used in config.toml, e.g. "toggle_done".
    pub fn name(self) -> String {
        let debug = format!("{self:?}");
        let mut name = String::new();
        for (i, c) in debug.chars().enumerate() {
            if c.is_uppercase() && i > 0 {
                name.push('_');
            }
            name.push(c.to_ascii_lowercase());
        }
        name
    }

    /// The edit of the text that an editing action makes.
    pub fn text_edit(self) -> Option<TextEdit> {
        Some(match self {
            Action::CursorLeft => TextEdit::Left,
            Action::CursorRight => TextEdit::Right,
            Action::CursorHome => TextEdit::Home,
            Action::CursorEnd => TextEdit::End,
            Action::DeleteWord => TextEdit::DeleteWord,
            Action::ClearLine => TextEdit::Clear,
            _ => return None,
        })
    }
}

/// A change to a line of text being typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEdit {
    Insert(char),
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Deletes the word before the cursor, with the spaces between them.
    DeleteWord,
    Clear,
}

/// What a key does in the current context: an action, or (when typing) an edit of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Action(Action),
    Text(TextEdit),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_snake_case() {
        assert_eq!(Action::ToggleDone.name(), "toggle_done");
        assert_eq!(Action::Quit.name(), "quit");
        assert_eq!(Action::TakeSuggestion.name(), "take_suggestion");
    }
}
