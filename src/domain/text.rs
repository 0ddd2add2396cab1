//! Text helpers shared by search and output: folding for case- and accent-insensitive matching, and
//! making stored text safe to print on a terminal.

use std::borrow::Cow;

/// Folds text for matching: accents removed ("Órfhlaith" → "orfhlaith"), lower case, runs of
/// whitespace collapsed to one space, trimmed. Two strings that a person would call "the same name"
/// fold to the same key.
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    ascii.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text from the data or the user, made safe for a terminal: control characters (escape sequences,
/// bells, carriage returns) are shown escaped instead of being sent raw. Tabs and newlines inside a
/// value are escaped too, so one value always stays on one line.
pub fn printable(text: &str) -> Cow<'_, str> {
    // Most text is printable ASCII, which needs no look at each character's class.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) || !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A share as a whole percentage, never showing 0% or 100% for a share that is neither.
pub fn percent(share: f64) -> String {
    let p = (share * 100.0).round();
    if p >= 100.0 && share < 1.0 {
        ">99%".into()
    } else if p <= 0.0 && share > 0.0 {
        "<1%".into()
    } else {
        format!("{p:.0}%")
    }
}

/// `$spec`'s chrono format items, parsed once for the program's life rather than at every use:
/// `date.format_with_items(strftime!("%-d %B %Y"))` formats as `date.format("%-d %B %Y")` does.
macro_rules! strftime {
    ($spec:literal) => {{
        static ITEMS: std::sync::LazyLock<Vec<chrono::format::Item<'static>>> =
            std::sync::LazyLock::new(|| chrono::format::StrftimeItems::new($spec).collect());
        ITEMS.iter()
    }};
}
pub(crate) use strftime;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_accents_case_and_extra_spaces() {
        assert_eq!(fold("  Órfhlaith   BEGLEY "), "orfhlaith begley");
        assert_eq!(fold("Ynys Môn"), "ynys mon");
        assert_eq!(fold("Bootle"), fold("BOOTLE"));
    }

    #[test]
    fn printable_escapes_control_sequences() {
        assert_eq!(printable("plain"), "plain");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
        let shown = printable("\x1b]0;pwned\x07 and \x1b[2J");
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert_eq!(shown, "\\u{1b}]0;pwned\\u{7} and \\u{1b}[2J");
        assert_eq!(printable("a\nb"), "a\\nb");
    }

    #[test]
    fn percentages_never_round_to_a_misleading_extreme() {
        assert_eq!(percent(0.6574), "66%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.9996), ">99%");
        assert_eq!(percent(0.0004), "<1%");
    }
}
