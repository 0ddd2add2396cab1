//! The contact log: letters, calls, meetings and other contacts with an MP, and the checklist items
//! that logging one completes (DESIGN.md §2).

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::calendar::long_date;
use crate::domain::engagement::checklist::Entry;
use crate::domain::enums::word_enum;
use crate::domain::text::{a_or_an, printable};
use crate::domain::views::TrackOutcome;

word_enum! {
    /// What kind of contact was logged; the words are stored and typed.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum InteractionKind {
        Letter = "letter",
        Email = "email",
        Call = "call",
        Meeting = "meeting",
        Visit = "visit",
        Event = "event",
        Surgery = "surgery",
        Press = "press",
        Other = "other",
    }
    parse InteractionKindError;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{}\" is not a kind of contact: give letter, email, call, meeting, visit, event, surgery, press or other",
    printable(.0)
)]
pub struct InteractionKindError(pub String);

impl InteractionKind {
    /// A meeting itself (a meeting, visit, event or surgery) rather than something sent or said.
    pub fn is_meeting(self) -> bool {
        matches!(
            self,
            InteractionKind::Meeting | InteractionKind::Visit | InteractionKind::Event | InteractionKind::Surgery
        )
    }

    /// The kind as a noun in a sentence: "letter", "meeting", but "press contact" and "contact"
    /// (never "a press" or "an other").
    pub fn noun(self) -> &'static str {
        match self {
            InteractionKind::Press => "press contact",
            InteractionKind::Other => "contact",
            other => other.as_str(),
        }
    }
}

word_enum! {
    /// Who made the contact; the words are stored, and typed with "-" or "_".
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Direction {
        /// From the organisation to the MP (or their office).
        ToMp = "to_mp",
        /// From the MP (or their office) to the organisation.
        FromMp = "from_mp",
    }
    parse DirectionError;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{}\" is not a direction: give to_mp or from_mp", printable(.0))]
pub struct DirectionError(pub String);

impl Direction {
    /// "to the MP" or "from the MP", for sentences.
    pub fn label(self) -> &'static str {
        match self {
            Direction::ToMp => "to the MP",
            Direction::FromMp => "from the MP",
        }
    }
}

/// One logged contact with the MP holding an engagement's seat. Field names are `mpplan history
/// --json`'s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interaction {
    pub id: i64,
    pub uuid: String,
    pub kind: InteractionKind,
    pub direction: Direction,
    pub on: NaiveDate,
    pub summary: String,
    /// The MP's name when the contact was logged (a seat can change holder).
    pub mp_name: String,
}

/// A contact about to be logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInteraction {
    pub kind: InteractionKind,
    pub direction: Direction,
    pub on: NaiveDate,
    pub summary: String,
}

/// A contact as logged, with the checklist item it completed (as it was, and as it is now), and
/// whether logging it started (or resumed) tracking the seat.
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    pub interaction: Interaction,
    pub completed: Option<(Entry, Entry)>,
    pub tracking: TrackOutcome,
}

/// A contact dated after today: contacts are logged once they have happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{} is in the future: log a contact once it has happened", long_date(*.0))]
pub struct FutureContact(pub NaiveDate);

/// The day a contact is logged for, refused when it is after `today`.
pub fn check_date(on: NaiveDate, today: NaiveDate) -> Result<NaiveDate, FutureContact> {
    if on > today { Err(FutureContact(on)) } else { Ok(on) }
}

/// "a letter to", "an email from", "a meeting with": a contact in a sentence, up to whom it was
/// with. A meeting, visit, event or surgery is *with* the MP whichever side asked for it.
pub fn contact_phrase(kind: InteractionKind, direction: Direction) -> String {
    let noun = kind.noun();
    let preposition = match direction {
        _ if kind.is_meeting() => "with",
        Direction::ToMp => "to",
        Direction::FromMp => "from",
    };
    format!("{} {noun} {preposition}", a_or_an(noun))
}

/// The checklist item that logging this contact completes: a letter to the MP completes 2.3 (letter
/// sent), a call to the MP 2.4 (call to the Westminster office); nothing else does.
pub fn completes_item(kind: InteractionKind, direction: Direction) -> Option<&'static str> {
    match (kind, direction) {
        (InteractionKind::Letter, Direction::ToMp) => Some("2.3"),
        (InteractionKind::Call, Direction::ToMp) => Some("2.4"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_in_any_case_and_round_trip() {
        for kind in InteractionKind::ALL {
            assert_eq!(InteractionKind::parse(&kind.as_str().to_uppercase()), Ok(kind));
            assert_eq!(kind.to_string().parse::<InteractionKind>(), Ok(kind));
        }
        assert_eq!(" Call ".parse::<InteractionKind>(), Ok(InteractionKind::Call));
    }

    #[test]
    fn a_bad_kind_lists_the_kinds_and_is_printable() {
        let err = InteractionKind::parse("fax\x1b[2J").unwrap_err().to_string();
        assert_eq!(
            err,
            "\"fax\\u{1b}[2J\" is not a kind of contact: give letter, email, call, meeting, visit, event, surgery, \
             press or other"
        );
    }

    #[test]
    fn directions_parse_with_dashes_or_underscores() {
        assert_eq!(Direction::parse("TO-MP"), Ok(Direction::ToMp));
        assert_eq!("from_mp".parse::<Direction>(), Ok(Direction::FromMp));
        for d in Direction::ALL {
            assert_eq!(Direction::parse(&d.to_string()), Ok(d));
        }
        assert!(Direction::parse("sideways").unwrap_err().to_string().contains("to_mp or from_mp"));
        assert_eq!(Direction::FromMp.label(), "from the MP");
    }

    #[test]
    fn only_a_letter_or_call_to_the_mp_completes_an_item() {
        assert_eq!(completes_item(InteractionKind::Letter, Direction::ToMp), Some("2.3"));
        assert_eq!(completes_item(InteractionKind::Call, Direction::ToMp), Some("2.4"));
        assert_eq!(completes_item(InteractionKind::Letter, Direction::FromMp), None);
        assert_eq!(completes_item(InteractionKind::Call, Direction::FromMp), None);
        for kind in InteractionKind::ALL {
            if !matches!(kind, InteractionKind::Letter | InteractionKind::Call) {
                assert_eq!(completes_item(kind, Direction::ToMp), None, "{kind}");
            }
        }
    }

    #[test]
    fn a_contact_can_be_today_or_earlier_but_not_in_the_future() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let tomorrow = today.succ_opt().unwrap();
        assert_eq!(check_date(today, today), Ok(today));
        assert_eq!(check_date(today.pred_opt().unwrap(), today), Ok(today.pred_opt().unwrap()));
        assert_eq!(check_date(tomorrow, today), Err(FutureContact(tomorrow)));
        assert_eq!(
            FutureContact(tomorrow).to_string(),
            "Wednesday 25 November 2026 is in the future: log a contact once it has happened"
        );
    }

    #[test]
    fn contacts_read_naturally_and_meetings_are_with_the_mp() {
        assert_eq!(contact_phrase(InteractionKind::Letter, Direction::ToMp), "a letter to");
        assert_eq!(contact_phrase(InteractionKind::Email, Direction::FromMp), "an email from");
        assert_eq!(contact_phrase(InteractionKind::Meeting, Direction::ToMp), "a meeting with");
        assert_eq!(contact_phrase(InteractionKind::Meeting, Direction::FromMp), "a meeting with");
        assert_eq!(contact_phrase(InteractionKind::Event, Direction::FromMp), "an event with");
        assert_eq!(contact_phrase(InteractionKind::Visit, Direction::ToMp), "a visit with");
        assert_eq!(contact_phrase(InteractionKind::Surgery, Direction::ToMp), "a surgery with");
        assert_eq!(contact_phrase(InteractionKind::Other, Direction::ToMp), "a contact to");
        assert_eq!(contact_phrase(InteractionKind::Press, Direction::ToMp), "a press contact to");
    }

    #[test]
    fn interactions_serialise_kind_and_direction_as_words() {
        let logged = Interaction {
            id: 1,
            uuid: "u".into(),
            kind: InteractionKind::Letter,
            direction: Direction::ToMp,
            on: NaiveDate::from_ymd_opt(2026, 11, 14).unwrap(),
            summary: "First letter".into(),
            mp_name: "Hilary Benn".into(),
        };
        let json = serde_json::to_value(&logged).unwrap();
        assert_eq!(json["kind"], "letter");
        assert_eq!(json["direction"], "to_mp");
        assert_eq!(json["on"], "2026-11-14");
    }
}
