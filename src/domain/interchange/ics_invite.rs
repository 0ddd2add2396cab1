//! An invitation to one proposal (iTIP, RFC 5546), for the MP's diary secretary: `METHOD:REQUEST`
//! with the organisation as `ORGANIZER` and the MP as `ATTENDEE`, or `METHOD:CANCEL` once the
//! proposal is cancelled. It has the export's UID and `SEQUENCE`, so that a later invitation, the
//! cancellation and the exported calendar all name the same event and the newest one wins.

use crate::domain::calendar::ProposalKind;
use crate::domain::engagement::proposal::Proposal;
use crate::domain::enums::word_enum;
use crate::domain::interchange::ics_write::{Event, EventStatus, Provenance, file, head, one_line, vevent, zone};
use crate::domain::text::a_or_an;

word_enum! {
    /// What an invitation asks (`METHOD`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Method {
        /// Put the event in the diary, or update it there.
        Request = "REQUEST",
        /// Take it out.
        Cancel = "CANCEL",
    }
}

/// Someone named in an invitation: a name (`CN`) and an email address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// The invitation to one proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub method: Method,
    pub event: Event,
    /// The organisation, who sends it.
    pub organiser: Person,
    /// The MP.
    pub attendee: Person,
}

impl Invitation {
    /// The invitation to `p` from `organiser` to `attendee` (the MP): a cancellation when the
    /// proposal is cancelled. The description says who proposes what, where, and with how many.
    pub fn for_proposal(p: &Proposal, provenance: &Provenance, organiser: Person, attendee: Person) -> Invitation {
        let mut event = Event::base(p, provenance);
        let method = if event.status == EventStatus::Cancelled { Method::Cancel } else { Method::Request };
        let from = match one_line(&organiser.name) {
            name if name.is_empty() => organiser.email.clone(),
            name => name,
        };
        let (what, mp) = (what(p.kind), format!("{}, MP for {}", p.mp, p.constituency));
        let mut lines = vec![match method {
            Method::Request => format!("{from} proposes {what} with {mp}."),
            Method::Cancel => format!("{from} has cancelled {what} with {mp}."),
        }];
        if !p.place.trim().is_empty() {
            lines.push(format!("Place: {}", one_line(&p.place)));
        }
        if let (Method::Request, Some(n)) = (method, p.attendees) {
            lines.push(format!("From {from}: {n} {}", if n == 1 { "person" } else { "people" }));
        }
        event.description = lines.join("\n");
        Invitation { method, event, organiser, attendee }
    }
}

/// "a visit", "an event", "a meeting at Westminster".
fn what(kind: ProposalKind) -> String {
    match kind {
        ProposalKind::Westminster => "a meeting at Westminster".into(),
        kind => format!("{} {kind}", a_or_an(kind.as_str())),
    }
}

/// The invitation as the text of a file (`.ics`). `product` names the program (`PRODID`).
pub fn invitation(product: &str, invitation: &Invitation) -> String {
    let mut lines = head(product);
    lines.push(format!("METHOD:{}", invitation.method.as_str()));
    lines.extend(zone());
    let organiser = person("ORGANIZER", &invitation.organiser, "");
    let reply = match invitation.method {
        Method::Request => ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE",
        // Nothing to answer: the event is gone.
        Method::Cancel => ";ROLE=REQ-PARTICIPANT",
    };
    let attendee = person("ATTENDEE", &invitation.attendee, reply);
    lines.extend(vevent(&invitation.event, &[organiser, attendee]));
    lines.push("END:VCALENDAR".into());
    file(&lines)
}

/// `NAME;CN="…"<params>:mailto:<email>`. The name is a quoted parameter value, which may hold
/// neither a double quote (one becomes a single quote) nor a line break or other control
/// character; with no name there is no `CN`.
fn person(property: &str, who: &Person, params: &str) -> String {
    let name: String =
        one_line(&who.name).chars().filter(|c| !c.is_control()).map(|c| if c == '"' { '\'' } else { c }).collect();
    let cn = if name.is_empty() { String::new() } else { format!(";CN=\"{name}\"") };
    format!("{property}{cn}{params}:mailto:{}", who.email.trim())
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDateTime, TimeZone, Utc};

    use super::*;
    use crate::domain::engagement::press::Press;
    use crate::domain::engagement::proposal::ProposalStatus;

    fn proposal(status: ProposalStatus) -> Proposal {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        Proposal {
            id: 3,
            uuid: "0b3c".into(),
            constituency_code: "E14001323".into(),
            constituency: "Leeds South".into(),
            mp: "Hilary Benn".into(),
            title: String::new(),
            kind: ProposalKind::Visit,
            place: "St James's\nBeckett Street".into(),
            start: at("2026-11-27 10:00"),
            end: at("2026-11-27 12:00"),
            all_day: false,
            fold: Default::default(),
            attendees: Some(3),
            status,
            press: Press::default(),
        }
    }

    fn provenance(sequence: u32) -> Provenance {
        Provenance {
            created: Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap(),
            updated: Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap(),
            imported_uid: None,
            sequence,
        }
    }

    fn people() -> (Person, Person) {
        (
            Person { name: "Leeds \"Teaching\" Hospitals".into(), email: "pa@leedsth.nhs.uk".into() },
            Person { name: "Hilary Benn".into(), email: "boxj@parliament.uk".into() },
        )
    }

    fn written(status: ProposalStatus, sequence: u32) -> (Invitation, String) {
        let (organiser, attendee) = people();
        let invitation = Invitation::for_proposal(&proposal(status), &provenance(sequence), organiser, attendee);
        let text = super::invitation("-//mpplan//test//EN", &invitation);
        (invitation, text)
    }

    #[test]
    fn a_request_names_the_organiser_and_asks_the_mp_to_reply() {
        let (invitation, folded) = written(ProposalStatus::Proposed, 2);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75), "folded at 75 octets");
        let ics = folded.replace("\r\n ", "");
        assert_eq!(invitation.method, Method::Request);
        for line in [
            "METHOD:REQUEST\r\n",
            "UID:0b3c@mpplan\r\n",
            "SEQUENCE:2\r\n",
            "STATUS:TENTATIVE\r\n",
            "ORGANIZER;CN=\"Leeds 'Teaching' Hospitals\":mailto:pa@leedsth.nhs.uk\r\n",
            "ATTENDEE;CN=\"Hilary Benn\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:boxj@parliament.uk\r\n",
            "SUMMARY:Visit with Hilary Benn\r\n",
            "LOCATION:St James's\\, Beckett Street\r\n",
            "BEGIN:VTIMEZONE\r\n",
        ] {
            assert!(ics.contains(line), "{line:?} in {ics}");
        }
        let description = "DESCRIPTION:Leeds \"Teaching\" Hospitals proposes a visit with Hilary Benn\\, MP for";
        assert!(ics.contains(description), "{ics}");
        assert!(ics.find("METHOD").unwrap() < ics.find("BEGIN:VEVENT").unwrap(), "METHOD belongs to the calendar");
        assert!(!ics.contains("X-MPPLAN-") && !ics.contains("X-WR-"), "nothing of mpplan's own goes to the MP");
    }

    #[test]
    fn a_cancelled_proposal_makes_a_cancellation() {
        let (invitation, ics) = written(ProposalStatus::Cancelled, 3);
        let ics = ics.replace("\r\n ", "");
        assert_eq!(invitation.method, Method::Cancel);
        assert!(ics.contains("METHOD:CANCEL\r\n") && ics.contains("STATUS:CANCELLED\r\n"), "{ics}");
        assert!(ics.contains("SEQUENCE:3\r\n"));
        assert!(ics.contains("ATTENDEE;CN=\"Hilary Benn\";ROLE=REQ-PARTICIPANT:mailto:boxj@parliament.uk\r\n"));
        assert!(!ics.contains("RSVP") && !ics.contains("METHOD:REQUEST"));
        assert!(ics.contains("has cancelled a visit with Hilary Benn"), "{ics}");
    }

    #[test]
    fn confirmed_and_held_proposals_are_requests_for_a_confirmed_event() {
        for status in [ProposalStatus::Confirmed, ProposalStatus::Held] {
            let (invitation, ics) = written(status, 0);
            assert_eq!(invitation.method, Method::Request);
            assert!(ics.contains("STATUS:CONFIRMED\r\n"));
        }
    }

    #[test]
    fn a_name_with_a_line_break_or_no_name_at_all() {
        let who = Person { name: "Leeds\nTrust\u{7}".into(), email: " a@b.uk ".into() };
        assert_eq!(person("ORGANIZER", &who, ""), "ORGANIZER;CN=\"Leeds, Trust\":mailto:a@b.uk");
        let nobody = Person { name: " ".into(), email: "a@b.uk".into() };
        assert_eq!(person("ORGANIZER", &nobody, ""), "ORGANIZER:mailto:a@b.uk");
    }
}
