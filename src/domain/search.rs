//! What a search of the plan finds: proposals (by title, place or kind) and contacts in the log
//! (by their note or kind), each with the seat it belongs to, so it can be opened where it lives.

use crate::domain::engagement::contact::Interaction;
use crate::domain::engagement::proposal::Proposal;

/// How many of each kind a search lists at most: the newest.
pub const SEARCH_LIMIT: usize = 100;

/// One thing found.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    Proposal(Proposal),
    /// A contact, with the seat's ONS code and name.
    Contact {
        code: String,
        seat: String,
        interaction: Interaction,
    },
}

impl Found {
    /// The seat it belongs to: (ONS code, constituency).
    pub fn seat(&self) -> (&str, &str) {
        match self {
            Found::Proposal(p) => (&p.constituency_code, &p.constituency),
            Found::Contact { code, seat, .. } => (code, seat),
        }
    }
}

/// `text` as a SQL LIKE pattern that finds it anywhere, with `\` escaping LIKE's own marks.
pub fn like_pattern(text: &str) -> String {
    let escaped: String =
        text.trim().chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_pattern_matches_anywhere_and_takes_like_marks_literally() {
        assert_eq!(like_pattern(" ward "), "%ward%");
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
