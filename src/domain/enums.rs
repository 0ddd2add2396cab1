//! The enums whose values are words — stored in SQLite, typed on the command line, written in JSON
//! and CSV — declared with one macro, so that the word of each variant is written once.

/// Declares an enum each of whose variants is one word, and gives it:
///
/// - `ALL`: every variant, in the order declared (made from the same list as the enum, so it can
///   miss none);
/// - `as_str`: the variant's word, as stored and shown;
/// - `from_word`: a word back to its variant, exactly as `as_str` writes it;
/// - `Display` and `Serialize`: the word.
///
/// Followed by `parse $Error;`, it also gives `parse` and `FromStr`, reading a word in any case,
/// with spaces around it and "-" for "_" ("MP-handles" is `mp_handles`), and refusing anything
/// else with `$Error(input)`: `$Error` is a tuple struct of the input `String` whose message names
/// the words.
///
/// ```text
/// word_enum! {
///     #[derive(Debug, Clone, Copy, PartialEq, Eq)]
///     pub enum Direction {
///         ToMp = "to_mp",
///         FromMp = "from_mp",
///     }
///     parse DirectionError;
/// }
/// ```
macro_rules! word_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $word:literal ),+ $(,)?
        }
        $( parse $error:ident; )?
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$variant_meta])* $variant ),+
        }

        impl $name {
            /// Every variant, in the order declared.
            pub const ALL: [$name; [$($word),+].len()] = [$($name::$variant),+];

            /// The word for the variant, as stored and shown.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $word ),+
                }
            }

            /// The variant whose word is exactly `word`.
            pub fn from_word(word: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|v| v.as_str() == word)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        $(
            impl $name {
                /// Reads a word in any case, ignoring spaces around it, with "-" or "_".
                pub fn parse(input: &str) -> ::std::result::Result<$name, $error> {
                    // A word as stored (every row read) needs no copy to be recognised.
                    $name::from_word(input)
                        .or_else(|| $name::from_word(&input.trim().to_lowercase().replace('-', "_")))
                        .ok_or_else(|| $error(input.to_string()))
                }
            }

            impl ::std::str::FromStr for $name {
                type Err = $error;
                fn from_str(input: &str) -> ::std::result::Result<$name, $error> {
                    $name::parse(input)
                }
            }
        )?
    };
}
pub(crate) use word_enum;

#[cfg(test)]
mod tests {
    use crate::domain::calendar::{Certainty, Flag, ProposalKind};
    use crate::domain::engagement::checklist::ItemState;
    use crate::domain::engagement::contact::{Direction, InteractionKind};
    use crate::domain::engagement::press::PressPlan;
    use crate::domain::engagement::proposal::ProposalStatus;
    use crate::domain::interchange::ics_write::EventStatus;
    use crate::domain::reference::feeds::profile::{Office, RoleKind};

    /// `ALL` is exactly these words in this order (the strings stored in SQLite and written to JSON
    /// and CSV, which must never change), none twice; and each word comes back as its variant
    /// through `from_word`, `Display` and `Serialize`.
    macro_rules! words {
        ($ty:ty, [$($word:literal),+ $(,)?]) => {{
            let expected = [$($word),+];
            assert_eq!(<$ty>::ALL.map(<$ty>::as_str), expected, "{}", stringify!($ty));
            for (i, v) in <$ty>::ALL.into_iter().enumerate() {
                assert!(!<$ty>::ALL[..i].contains(&v), "{v} is listed twice");
                assert_eq!(<$ty>::from_word(v.as_str()), Some(v));
                assert_eq!(v.to_string(), v.as_str());
                assert_eq!(serde_json::to_value(v).unwrap(), v.as_str());
            }
            assert_eq!(<$ty>::from_word("no such word"), None);
        }};
    }

    #[test]
    fn every_enum_lists_all_its_words_and_each_round_trips() {
        words!(InteractionKind, ["letter", "email", "call", "meeting", "visit", "event", "surgery", "press", "other"]);
        words!(Direction, ["to_mp", "from_mp"]);
        words!(ProposalStatus, ["proposed", "confirmed", "held", "cancelled"]);
        words!(PressPlan, ["none", "ask", "agreed", "declined", "mp_handles"]);
        words!(ProposalKind, ["meeting", "visit", "surgery", "event", "westminster"]);
        words!(ItemState, ["todo", "done", "skipped"]);
        words!(Flag, ["clear", "caution", "conflict"]);
        words!(Certainty, ["confirmed", "scheduled", "assumed"]);
        words!(EventStatus, ["TENTATIVE", "CONFIRMED", "CANCELLED"]);
        words!(Office, ["westminster", "constituency", "other"]);
        words!(RoleKind, ["government", "opposition", "committee", "other"]);
    }

    /// The enums typed by people read their words in any case, with spaces around and "-" for "_",
    /// and refuse anything else with the message they always gave.
    #[test]
    fn typed_words_parse_loosely_and_bad_ones_are_refused_as_before() {
        macro_rules! parses {
            ($ty:ty, $bad:literal, $message:literal) => {{
                for v in <$ty>::ALL {
                    let typed = format!("  {} ", v.as_str().to_uppercase().replace('_', "-"));
                    assert_eq!(<$ty>::parse(&typed), Ok(v));
                    assert_eq!(v.as_str().parse::<$ty>(), Ok(v));
                }
                assert_eq!(<$ty>::parse($bad).unwrap_err().to_string(), $message);
                assert_eq!($bad.parse::<$ty>().unwrap_err().0, $bad);
            }};
        }
        parses!(
            InteractionKind,
            "fax",
            "\"fax\" is not a kind of contact: give letter, email, call, meeting, visit, event, surgery, press or other"
        );
        parses!(Direction, "sideways", "\"sideways\" is not a direction: give to_mp or from_mp");
        parses!(
            ProposalStatus,
            "maybe",
            "\"maybe\" is not a proposal status: give proposed, confirmed, held or cancelled"
        );
        parses!(PressPlan, "tv", "\"tv\" is not a press plan: give none, ask, agreed, declined or mp-handles");
        parses!(
            ProposalKind,
            "party",
            "\"party\" is not a kind of proposal: give meeting, visit, surgery, event or westminster"
        );
    }

    /// The words read back from the store and feeds without a typing error: an unknown one is
    /// refused or read as "other", as before.
    #[test]
    fn stored_words_read_back_exactly() {
        assert_eq!(ItemState::parse("done"), Some(ItemState::Done));
        assert_eq!(ItemState::parse("Done"), None);
        assert_eq!(Office::parse("constituency"), Office::Constituency);
        assert_eq!(Office::parse("home"), Office::Other);
        assert_eq!(RoleKind::parse("committee"), RoleKind::Committee);
        assert_eq!(RoleKind::parse("Committee"), RoleKind::Other);
    }
}
