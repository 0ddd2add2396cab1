//! Names as people are addressed: the name a person reads ("Connor Rand", never "Mr Connor Rand")
//! and the salutation a letter opens with ("Mr Rand", "Sir Mark", "Dame Meg"), worked out from the
//! name and full title the data gives ("Mr Connor Rand", "Rt Hon Sir Mark Tami MP").
//!
//! Parliament's own form (the Members API's `nameAddressAs`) is better than anything worked out here
//! and wins when it is known; where neither is known a letter uses the display name ("Dear Connor
//! Rand,"): a form of address is never guessed (no "Mr" or "Ms" from a first name, no surname picked
//! out of a name whose surname cannot be told).

use crate::domain::text::fold;

/// A name as the data gives it, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberName {
    /// The name without a courtesy or professional title: "Connor Rand", "Mark Tami".
    pub display: String,
    /// The salutation, when the name and title say it: "Mr Rand", "Sir Mark", "Dr Huq".
    pub salutation: Option<String>,
}

/// The titles a name may open with, as they are written in a salutation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Title {
    /// Mr, Mrs, Ms, Miss, Mx, Dr, Professor: the title and the surname ("Mr Rand").
    Surname(&'static str),
    /// Sir or Dame: the title and the first name ("Sir Mark").
    FirstName(&'static str),
    /// Lord or Lady: courtesy titles, whose form depends on how they are held ("Lady Hermon" for a
    /// knight's wife, "Lord John" for a duke's son); stripped from the display name, and no
    /// salutation is worked out.
    Courtesy,
}

/// Words that open a name or title without being a form of address ("Rt Hon", "The Right
/// Honourable"): left out of the display name and of the salutation.
const HONORIFICS: [&str; 6] = ["the", "rt", "right", "hon", "honourable", "honorable"];

/// Letters after a name (honours, "MP", "KC"): left out of the display name.
const POST_NOMINALS: [&str; 16] =
    ["mp", "kc", "qc", "pc", "cbe", "obe", "mbe", "kbe", "dbe", "gbe", "kcb", "dcb", "cb", "dl", "jp", "frs"];

/// Words that belong to the surname that follows them ("van Mierlo", "De Cordova").
const PARTICLES: [&str; 16] =
    ["van", "von", "de", "der", "den", "da", "das", "di", "du", "del", "della", "dos", "le", "la", "ter", "ten"];

/// The title `word` is, if it is one ("Mr", "mr.", "DR" all count).
fn title(word: &str) -> Option<Title> {
    let bare = word.trim_end_matches('.').to_ascii_lowercase();
    Some(match bare.as_str() {
        "mr" => Title::Surname("Mr"),
        "mrs" => Title::Surname("Mrs"),
        "ms" => Title::Surname("Ms"),
        "miss" => Title::Surname("Miss"),
        "mx" => Title::Surname("Mx"),
        "dr" => Title::Surname("Dr"),
        "prof" | "professor" => Title::Surname("Professor"),
        "sir" => Title::FirstName("Sir"),
        "dame" => Title::FirstName("Dame"),
        "lord" | "lady" => Title::Courtesy,
        _ => return None,
    })
}

fn is_honorific(word: &str) -> bool {
    HONORIFICS.contains(&word.trim_end_matches('.').to_ascii_lowercase().as_str())
}

fn is_post_nominal(word: &str) -> bool {
    POST_NOMINALS.contains(&word.trim_matches(|c| c == '.' || c == ',').to_ascii_lowercase().as_str())
}

/// The leading titles and honorifics of `words` (in order), and the words after them.
fn leading_titles<'w, 's>(words: &'w [&'s str]) -> (Vec<Title>, &'w [&'s str]) {
    let mut titles = Vec::new();
    let mut rest = words;
    while let [first, tail @ ..] = rest {
        if let Some(t) = title(first) {
            titles.push(t);
        } else if !is_honorific(first) {
            break;
        }
        rest = tail;
    }
    (titles, rest)
}

/// The words of a name without its leading titles and honorifics and its trailing letters; the
/// words as given when nothing would be left.
fn bare_words(name: &str) -> Vec<&str> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let (_, mut rest) = leading_titles(&words);
    while let [head @ .., last] = rest {
        if !is_post_nominal(last) || head.is_empty() {
            break;
        }
        rest = head;
    }
    let kept = rest.to_vec();
    if kept.is_empty() { words } else { kept }
}

/// The name a person reads: `name` without a leading courtesy or professional title or "Rt Hon",
/// and without letters after it. "Mr Connor Rand" → "Connor Rand", "Sir Mark Tami" → "Mark Tami",
/// "Rt Hon Sir Mark Tami MP" → "Mark Tami". A name that is nothing but a title is kept as it is.
pub fn display_name(name: &str) -> String {
    bare_words(name).join(" ")
}

/// Whether two names are one person's as a person would read them: the same once titles are left
/// out, whatever the case and accents ("Mr Connor Rand" and "connor rand").
pub fn same_name(a: &str, b: &str) -> bool {
    fold(&display_name(a)) == fold(&display_name(b))
}

/// Reads a name as the data gives it (`name`, e.g. "Mr Connor Rand", or "Hilary Benn") with the
/// full title (`full_title`, e.g. "Rt Hon Sir Mark Tami MP"; may be empty).
///
/// The salutation takes its title from the name, or from the full title when the name has none;
/// a knighthood or damehood in either wins ("Sir Mark" even when the name says "Mr Mark Tami"),
/// then a doctorate. "Rt Hon", "MP", "KC" and other honours are never part of it. Sir and Dame
/// take the first name; the others the surname, which must be plain to tell: the last word of a
/// two-word name, or the last word with the particles before it ("Mr van Mierlo") when one given
/// name is left. A longer name ("Mr Tanmanjeet Singh Dhesi": is the surname "Dhesi" or "Singh
/// Dhesi"?) gives no salutation rather than a guess; nor do Lord and Lady, nor a name with no title.
pub fn read(name: &str, full_title: &str) -> MemberName {
    let display = display_name(name);
    let words: Vec<&str> = display.split_whitespace().collect();
    let name_words: Vec<&str> = name.split_whitespace().collect();
    let title_words: Vec<&str> = full_title.split_whitespace().collect();
    let (mut titles, _) = leading_titles(&name_words);
    titles.extend(leading_titles(&title_words).0);
    let chosen = titles
        .iter()
        .find(|t| matches!(t, Title::FirstName(_)))
        .or_else(|| titles.iter().find(|t| **t == Title::Surname("Dr")))
        .or_else(|| titles.first());
    let salutation = match chosen {
        // One word alone may be a surname: "Sir" needs the first name, so it takes two.
        Some(Title::FirstName(t)) => (words.len() >= 2).then(|| format!("{t} {}", words[0])),
        Some(Title::Surname(t)) => surname(&words).map(|surname| format!("{t} {surname}")),
        Some(Title::Courtesy) | None => None,
    };
    MemberName { display, salutation }
}

/// The surname of a display name, when it can be told (see [`read`]).
fn surname(words: &[&str]) -> Option<String> {
    let mut start = words.len().checked_sub(1)?;
    while start > 0 && PARTICLES.contains(&words[start - 1].to_lowercase().as_str()) {
        start -= 1;
    }
    (start <= 1).then(|| words[start..].join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn salutation(name: &str, full_title: &str) -> Option<String> {
        read(name, full_title).salutation
    }

    #[test]
    fn a_knight_is_sir_and_his_first_name() {
        let tami = read("Sir Mark Tami", "Rt Hon Sir Mark Tami MP");
        assert_eq!(tami, MemberName { display: "Mark Tami".into(), salutation: Some("Sir Mark".into()) });
        assert_eq!(salutation("Sir Iain Duncan Smith", "Rt Hon Sir Iain Duncan Smith MP").unwrap(), "Sir Iain");
        assert_eq!(salutation("Sir Geoffrey Cox", "Rt Hon Sir Geoffrey Cox KC MP").unwrap(), "Sir Geoffrey");
    }

    #[test]
    fn a_knighthood_known_only_from_the_full_title_still_counts() {
        assert_eq!(salutation("Mark Tami", "Rt Hon Sir Mark Tami MP").unwrap(), "Sir Mark");
        assert_eq!(salutation("Mr Mark Tami", "Sir Mark Tami MP").unwrap(), "Sir Mark");
        assert_eq!(salutation("Meg Hillier", "Dame Meg Hillier MP").unwrap(), "Dame Meg");
    }

    #[test]
    fn a_dame_is_dame_and_her_first_name() {
        let eagle = read("Dame Angela Eagle", "Dame Angela Eagle MP");
        assert_eq!(eagle, MemberName { display: "Angela Eagle".into(), salutation: Some("Dame Angela".into()) });
        assert_eq!(salutation("Dame Diana Johnson", "Rt Hon Dame Diana Johnson MP").unwrap(), "Dame Diana");
    }

    #[test]
    fn a_doctor_and_the_others_are_their_title_and_surname() {
        assert_eq!(read("Dr Rupa Huq", "Dr Rupa Huq MP").salutation.unwrap(), "Dr Huq");
        assert_eq!(salutation("Dr Andrew Murrison", "Rt Hon Dr Andrew Murrison MP").unwrap(), "Dr Murrison");
        assert_eq!(salutation("Andrew Murrison", "Rt Hon Dr Andrew Murrison MP").unwrap(), "Dr Murrison");
        assert_eq!(salutation("Mr Connor Rand", "Mr Connor Rand MP").unwrap(), "Mr Rand");
        assert_eq!(salutation("Mrs Kemi Badenoch", "Rt Hon Kemi Badenoch MP").unwrap(), "Mrs Badenoch");
        assert_eq!(salutation("Ms Diane Abbott", "Rt Hon Diane Abbott MP").unwrap(), "Ms Abbott");
        assert_eq!(salutation("Miss Jo Bloggs", "").unwrap(), "Miss Bloggs");
        assert_eq!(salutation("Prof. Jo Bloggs", "").unwrap(), "Professor Bloggs");
    }

    #[test]
    fn hyphens_and_particles_stay_with_the_surname() {
        assert_eq!(salutation("Ms Abena Oppong-Asare", "Ms Abena Oppong-Asare MP").unwrap(), "Ms Oppong-Asare");
        assert_eq!(salutation("Dr Neil Shastri-Hurst", "").unwrap(), "Dr Shastri-Hurst");
        assert_eq!(salutation("Mr Freddie van Mierlo", "").unwrap(), "Mr van Mierlo");
        assert_eq!(salutation("Ms Marsha De Cordova", "").unwrap(), "Ms De Cordova");
        assert_eq!(salutation("Mr Brendan O'Hara", "").unwrap(), "Mr O'Hara");
    }

    #[test]
    fn a_surname_that_cannot_be_told_gives_no_salutation() {
        let dhesi = read("Mr Tanmanjeet Singh Dhesi", "Mr Tanmanjeet Singh Dhesi MP");
        assert_eq!(dhesi, MemberName { display: "Tanmanjeet Singh Dhesi".into(), salutation: None });
        assert_eq!(salutation("Mrs Rebecca Long Bailey", ""), None);
        assert_eq!(salutation("Sir Tami", ""), None, "one word may be a surname, not the first name");
        assert_eq!(salutation("Mr Tami", "").unwrap(), "Mr Tami");
        assert_eq!(salutation("Mr van Mierlo", "").unwrap(), "Mr van Mierlo");
    }

    #[test]
    fn no_title_gives_no_salutation_and_no_guessed_form() {
        for (name, title) in [
            ("Hilary Benn", "Rt Hon Hilary Benn MP"),
            ("Stephen Kinnock", "Stephen Kinnock MP"),
            ("Warinder Juss", "Warinder Juss"),
            ("Andy Burnham", ""),
            ("Lady Sylvia Hermon", ""),
        ] {
            assert_eq!(salutation(name, title), None, "{name}");
        }
        assert_eq!(display_name("Lady Sylvia Hermon"), "Sylvia Hermon");
    }

    #[test]
    fn the_display_name_has_no_title_and_no_letters_after_it() {
        for (given, shown) in [
            ("Mr Connor Rand", "Connor Rand"),
            ("Sir Mark Tami", "Mark Tami"),
            ("Rt Hon Sir Mark Tami MP", "Mark Tami"),
            ("The Rt. Hon. Dr. Jo Bloggs KC MP", "Jo Bloggs"),
            ("  Dame   Meg  Hillier ", "Meg Hillier"),
            ("Hilary Benn", "Hilary Benn"),
            ("Drew Hendry", "Drew Hendry"),
            ("Jane DOE", "Jane DOE"),
            ("Mr", "Mr"),
            ("", ""),
        ] {
            assert_eq!(display_name(given), shown, "{given:?}");
        }
    }

    #[test]
    fn names_are_the_same_without_their_titles() {
        assert!(same_name("Mr Connor Rand", " connor RAND"));
        assert!(same_name("Órfhlaith Begley", "Orfhlaith Begley"));
        assert!(!same_name("Mr Connor Rand", "Mark Tami"));
    }

    proptest::proptest! {
        #[test]
        fn reading_never_panics_and_never_empties_a_name(name in "\\PC{0,40}", title in "\\PC{0,40}") {
            let read = read(&name, &title);
            proptest::prop_assert_eq!(read.display.is_empty(), name.trim().is_empty());
            if let Some(s) = read.salutation {
                proptest::prop_assert!(!s.trim().is_empty());
            }
        }
    }
}
