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
    if !has_unsafe(text, |_| false) {
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

/// Whether a character must never reach a terminal raw: the C0 and C1 controls (ESC starts an
/// escape sequence, and U+009B acts as one on some terminals), DEL, and the invisible marks that
/// reorder or hide text.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `text` holds a character [`is_unsafe`] finds, other than the ASCII controls `allowed`
/// lets through ([`safe_utf8`] of its bytes, which are UTF-8).
fn has_unsafe(text: &str, allowed: impl Fn(u8) -> bool) -> bool {
    !safe_utf8(text.as_bytes(), allowed)
}

/// Whether `bytes` are UTF-8 without a character [`is_unsafe`] finds, other than the ASCII
/// controls `allowed` lets through. Read byte by byte rather than character by character: each
/// unsafe character has a UTF-8 form of its own (C0 and DEL are one byte; C1 is 0xC2 0x80–0x9F;
/// the invisible marks are 0xE2 0x80 0x8B–0x8F, 0xE2 0x80 0xAA–0xAE and 0xE2 0x81 0xA6–0xA9), the
/// printable ASCII is passed over eight bytes at a time ([`past_plain`]), and each other character
/// is checked on its own (by the standard library's UTF-8 check of its few bytes).
fn safe_utf8(bytes: &[u8], allowed: impl Fn(u8) -> bool) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        i = past_plain(bytes, i);
        let Some(&first) = bytes.get(i) else { break };
        let width = match first {
            0x00..=0x7f => 1,
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => return false,
        };
        let whole = bytes.get(i..i + width).is_some_and(|c| width == 1 || std::str::from_utf8(c).is_ok());
        if !whole || unsafe_at(bytes, i, &allowed) {
            return false;
        }
        i += width;
    }
    true
}

/// Where the printable ASCII of `bytes` from `i` on ends, read in whole words of eight bytes
/// ([`not_plain`]), sixteen bytes at a time while they last: at the first byte that is not
/// printable ASCII, or where fewer than eight bytes are left (which are then read one by one).
fn past_plain(bytes: &[u8], mut i: usize) -> usize {
    while let (Some(a), Some(b)) = (word_at(bytes, i), word_at(bytes, i + 8)) {
        match (not_plain(a), not_plain(b)) {
            (0, 0) => i += 16,
            (0, found) => return i + 8 + first_found(found),
            (found, _) => return i + first_found(found),
        }
    }
    while let Some(word) = word_at(bytes, i) {
        match not_plain(word) {
            0 => i += 8,
            found => return i + first_found(found),
        }
    }
    i
}

/// The place in its word of the first byte [`not_plain`] marks (its lowest: a mark above a byte
/// that is not printable ASCII can be false, but never the lowest).
fn first_found(marks: u64) -> usize {
    (marks.trailing_zeros() / 8) as usize
}

/// The eight bytes of `bytes` from `i`, as one number, if there are eight.
fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    let eight: [u8; 8] = bytes.get(i..i + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(eight))
}

/// Marks the bytes of `word` that are not printable ASCII (0x20–0x7E), all eight at once: nonzero
/// when some byte is not. Marked are: a byte with its high bit set, a byte below a space (a borrow
/// out of the byte, where its high bit was clear), a byte equal to 0x7F (a zero byte after XOR with
/// it). A borrow only ever runs on from a byte that is itself marked, so the lowest mark is exact
/// ([`first_found`]).
fn not_plain(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let del = word ^ (ONES * 0x7f);
    let is_del = del.wrapping_sub(ONES) & !del;
    (word | below_space | is_del) & HIGH
}

/// Whether the character starting at byte `i` of UTF-8 `bytes` is unsafe, other than the ASCII
/// controls `allowed` lets through (false for a byte inside a character).
fn unsafe_at(bytes: &[u8], i: usize, allowed: impl Fn(u8) -> bool) -> bool {
    match bytes[i] {
        b @ (0x00..=0x1f | 0x7f) => !allowed(b),
        0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
        0xe2 => matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0x8b..=0x8f | 0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        ),
        _ => false,
    }
}

/// Whole text (a document, a page of output) made safe for a terminal while keeping its layout:
/// like [`printable`], but newlines, tabs and Windows line ends (`\r\n`, which calendar files
/// need) are kept.
pub fn neutralised(text: &str) -> Cow<'_, str> {
    if !has_unsafe(text, |b| b == b'\n' || b == b'\t') || !needs_neutralising(text) {
        return Cow::Borrowed(text);
    }
    let mut out = Vec::with_capacity(text.len() + 16);
    let mut stream = Neutraliser::default();
    stream.push(text.as_bytes(), &mut out);
    stream.finish(&mut out);
    // Only ASCII escapes are ever added to whole characters of `text`.
    Cow::Owned(String::from_utf8(out).unwrap_or_default())
}

fn needs_neutralising(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let kept = match c {
            '\n' | '\t' => true,
            '\r' => chars.peek() == Some(&'\n'),
            c => !is_unsafe(c),
        };
        if !kept {
            return true;
        }
    }
    false
}

/// Makes a stream of bytes safe for a terminal as it is written, in pieces of any size: what
/// [`neutralised`] does to whole text. A character split between two pieces, and a carriage return
/// that may be the start of a `\r\n`, wait for the next piece; bytes that are not UTF-8 are shown
/// as `\x9b`.
#[derive(Debug, Default)]
pub struct Neutraliser {
    held: Vec<u8>,
}

impl Neutraliser {
    /// Whether `bytes` are safe as they are, with nothing held back before them: most output is
    /// whole lines of safe UTF-8, which a writer can then pass on without a copy.
    pub fn passes(&self, bytes: &[u8]) -> bool {
        self.held.is_empty()
            && bytes.last().is_none_or(|&last| last < 0x80)
            && safe_utf8(bytes, |b| b == b'\n' || b == b'\t')
    }

    /// Appends the safe form of `bytes` to `out`, holding back what the next piece may complete.
    pub fn push(&mut self, bytes: &[u8], out: &mut Vec<u8>) {
        if self.passes(bytes) {
            out.extend_from_slice(bytes);
            return;
        }
        let joined;
        let mut rest: &[u8] = if self.held.is_empty() {
            bytes
        } else {
            joined = [std::mem::take(&mut self.held).as_slice(), bytes].concat();
            &joined
        };
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    if let Some(head) = text.strip_suffix('\r') {
                        neutralise_into(head, out);
                        self.held.push(b'\r');
                    } else {
                        neutralise_into(text, out);
                    }
                    return;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    // `good` is UTF-8: it ends where the error starts.
                    neutralise_into(std::str::from_utf8(good).unwrap_or_default(), out);
                    match e.error_len() {
                        None => {
                            self.held.extend_from_slice(bad);
                            return;
                        }
                        Some(n) => {
                            for b in &bad[..n] {
                                out.extend_from_slice(format!("\\x{b:02x}").as_bytes());
                            }
                            rest = &bad[n..];
                        }
                    }
                }
            }
        }
    }

    /// Appends what was held back, made safe: the stream ends (or is flushed) here.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        for b in std::mem::take(&mut self.held) {
            match b {
                b'\r' => out.extend_from_slice(b"\\r"),
                b => out.extend_from_slice(format!("\\x{b:02x}").as_bytes()),
            }
        }
    }
}

/// Appends `text` to `out` with every unsafe character escaped but newlines, tabs and `\r\n` kept.
fn neutralise_into(text: &str, out: &mut Vec<u8>) {
    let mut chars = text.char_indices().peekable();
    let mut start = 0;
    while let Some((i, c)) = chars.next() {
        let kept = match c {
            '\n' | '\t' => true,
            '\r' => chars.peek().is_some_and(|&(_, next)| next == '\n'),
            c => !is_unsafe(c),
        };
        if !kept {
            out.extend_from_slice(&text.as_bytes()[start..i]);
            out.extend(c.escape_default().map(|e| e as u8));
            start = i + c.len_utf8();
        }
    }
    out.extend_from_slice(&text.as_bytes()[start..]);
}

/// The indefinite article for `word`: "an" before a vowel letter ("an email", "an event"), else
/// "a" ("a letter", "a meeting"). By the spelling, not the sound, which is right for every word
/// mpplan puts after it.
pub fn a_or_an(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
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

/// Whether `text` is an email address an invitation can name: something, one `@`, and a domain
/// with a dot, without spaces or the characters that would break a `mailto:` or a calendar line.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    let fine = |s: &str| {
        !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control() || "@<>\"(),;:\\[]".contains(c))
    };
    fine(local)
        && fine(domain)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The byte-by-byte scan finds exactly the characters the character-by-character rule does,
        /// for any text, including every character near the unsafe ones' encodings.
        #[test]
        fn the_byte_scan_agrees_with_the_character_rule(
            text in proptest::collection::vec(
                prop_oneof![
                    2 => proptest::char::range(' ', '~'),
                    1 => any::<char>(),
                    1 => proptest::char::range('\u{0}', '\u{ff}'),
                    1 => proptest::char::range('\u{2000}', '\u{2070}'),
                ],
                0..40,
            ).prop_map(|cs| cs.into_iter().collect::<String>())
        ) {
            prop_assert_eq!(has_unsafe(&text, |_| false), text.chars().any(is_unsafe));
            let allowed = |c: char| c == '\n' || c == '\t';
            prop_assert_eq!(
                has_unsafe(&text, |b| b == b'\n' || b == b'\t'),
                text.chars().any(|c| is_unsafe(c) && !allowed(c))
            );
        }
    }

    proptest! {
        /// Eight bytes at a time, printable ASCII is told from everything else exactly as byte by
        /// byte, whatever the bytes, and the first byte that is not is found.
        #[test]
        fn a_word_is_plain_exactly_when_each_byte_is(word in any::<u64>(), byte in any::<u8>(), at in 0usize..8) {
            let mut bytes = word.to_le_bytes();
            bytes[at] = byte;
            let first = bytes.iter().position(|b| !(0x20..=0x7e).contains(b));
            let marks = not_plain(u64::from_le_bytes(bytes));
            prop_assert_eq!(marks == 0, first.is_none());
            prop_assert_eq!((marks != 0).then(|| first_found(marks)), first);
        }

        /// The fast pass over printable ASCII stops at the first byte from where it starts that is
        /// not printable ASCII, or where fewer than eight bytes are left, whichever comes first.
        #[test]
        fn the_fast_pass_stops_at_the_first_byte_not_printable(
            bytes in proptest::collection::vec(prop_oneof![8 => 0x20u8..0x7f, 1 => any::<u8>()], 0..80),
            from in any::<prop::sample::Index>(),
        ) {
            let from = from.index(bytes.len() + 1);
            let not_plain = bytes[from..].iter().position(|b| !(0x20..=0x7e).contains(b)).map_or(bytes.len(), |p| from + p);
            let words_end = from + (bytes.len() - from) / 8 * 8;
            prop_assert_eq!(past_plain(&bytes, from), not_plain.min(words_end));
        }

        /// The one-pass check of UTF-8 and unsafe characters says what checking each apart says, for
        /// any bytes: text, text cut anywhere, and bytes that are not UTF-8.
        #[test]
        fn the_one_pass_check_agrees_with_the_two(
            text in proptest::collection::vec(
                prop_oneof![
                    4 => proptest::char::range(' ', '~'),
                    1 => any::<char>(),
                    1 => proptest::char::range('\u{0}', '\u{ff}'),
                    1 => proptest::char::range('\u{2000}', '\u{2070}'),
                ],
                0..60,
            ).prop_map(|cs| cs.into_iter().collect::<String>()),
            noise in proptest::collection::vec(any::<u8>(), 0..4),
            at in any::<prop::sample::Index>(),
        ) {
            let allowed = |b: u8| b == b'\n' || b == b'\t';
            let mut bytes = text.into_bytes();
            // UTF-8 with no unsafe character but the ASCII controls allowed: the character rule.
            let two = |b: &[u8]| {
                std::str::from_utf8(b).is_ok_and(|s| !s.chars().any(|c| is_unsafe(c) && !(c.is_ascii() && allowed(c as u8))))
            };
            prop_assert_eq!(safe_utf8(&bytes, allowed), two(&bytes));
            let cut = at.index(bytes.len() + 1);
            prop_assert_eq!(safe_utf8(&bytes[..cut], allowed), two(&bytes[..cut]));
            bytes.splice(cut..cut, noise);
            prop_assert_eq!(safe_utf8(&bytes, allowed), two(&bytes));
            prop_assert_eq!(safe_utf8(&bytes, |_| false), std::str::from_utf8(&bytes).is_ok_and(|s| !s.chars().any(is_unsafe)));
        }
    }

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

    /// Every control a stored value might carry: a colour change, a clipboard write (OSC 52), a
    /// bell, a backspace, CSI and NEL as C1 controls, DEL, and a right-to-left override.
    const HOSTILE: &str = "a\x1b[31mb\x1b]52;c;aGk=\x07c\x07d\x08e\u{9b}2Jf\u{85}g\x7fh\u{202e}i";

    #[test]
    fn whole_text_keeps_its_lines_and_tabs_and_escapes_the_rest() {
        let shown = neutralised(HOSTILE);
        assert_eq!(shown, "a\\u{1b}[31mb\\u{1b}]52;c;aGk=\\u{7}c\\u{7}d\\u{8}e\\u{9b}2Jf\\u{85}g\\u{7f}h\\u{202e}i");
        assert!(!shown.chars().any(is_unsafe), "{shown:?}");
        assert_eq!(neutralised("one\ntwo\tthree\r\nfour"), "one\ntwo\tthree\r\nfour");
        assert!(matches!(neutralised("one\ntwo\tthree\r\nfour Môn"), Cow::Borrowed(_)));
        assert_eq!(neutralised("over\rwritten\r"), "over\\rwritten\\r");
    }

    #[test]
    fn a_stream_cut_anywhere_comes_out_as_the_whole_text_does() {
        let text = format!("{HOSTILE}\r\nMôn 😀\r");
        let whole = neutralised(&text).into_owned();
        let bytes = text.as_bytes();
        for cut in 0..=bytes.len() {
            let mut stream = Neutraliser::default();
            let mut out = Vec::new();
            stream.push(&bytes[..cut], &mut out);
            stream.push(&bytes[cut..], &mut out);
            stream.finish(&mut out);
            assert_eq!(String::from_utf8(out).unwrap(), whole, "cut at {cut}");
        }
        let mut out = Vec::new();
        let mut stream = Neutraliser::default();
        stream.push(b"raw \x9b2J and \xc2", &mut out);
        stream.finish(&mut out);
        assert_eq!(out, b"raw \\x9b2J and \\xc2", "bytes that are not UTF-8 are shown, never sent");
    }

    #[test]
    fn an_goes_before_a_vowel_letter_and_a_before_anything_else() {
        for word in ["email", "event", "other", "invitation", "update", "Email"] {
            assert_eq!(a_or_an(word), "an", "{word}");
        }
        for word in ["letter", "call", "meeting", "visit", "surgery", "press contact", "contact", ""] {
            assert_eq!(a_or_an(word), "a", "{word}");
        }
    }

    #[test]
    fn percentages_never_round_to_a_misleading_extreme() {
        assert_eq!(percent(0.6574), "66%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.9996), ">99%");
        assert_eq!(percent(0.0004), "<1%");
    }

    #[test]
    fn email_addresses() {
        for good in ["boxj@parliament.uk", "hilary.benn.mp@parliament.uk", "pa+mp@trust.nhs.uk"] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "",
            "boxj",
            "@parliament.uk",
            "boxj@",
            "boxj@parliament",
            "a b@c.uk",
            "a@b@c.uk",
            "a@.uk",
            "a@b..uk",
            "a;b@c.uk",
            "a@b.uk\n",
        ] {
            assert!(!is_email(bad), "{bad:?}");
        }
    }
}
