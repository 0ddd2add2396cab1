//! Searching the plan from the screens: proposals and the contact log, within the MP open (from
//! MP detail) or across every MP (from the Week or the palette). What is typed is searched as it
//! changes; the loop reads the matches from the store.

use crate::domain::search::Found;
use crate::tui::text_input::TextInput;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Search {
    /// The seat searched within, (ONS code, constituency); none for every MP.
    pub within: Option<(String, String)>,
    pub input: TextInput,
    /// What the text last searched for found, and that text.
    pub found: Vec<Found>,
    pub searched: String,
    pub selected: usize,
}

impl Search {
    pub fn new(within: Option<(String, String)>, text: &str) -> Search {
        Search { within, input: TextInput::new(text), ..Search::default() }
    }

    /// The ONS code of the seat searched within, if any.
    pub fn code(&self) -> Option<String> {
        self.within.as_ref().map(|(code, _)| code.clone())
    }
}
