//! Writing calendar files (RFC 5545, iCalendar): events in Europe/London time with the zone's own
//! definition, TEXT values escaped and long lines folded, CRLF line ends.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::domain::engagement::agenda::FlaggedProposal;
use crate::domain::engagement::proposal::ProposalStatus;
use crate::domain::enums::word_enum;

/// The zone every event's times are given in, as `TZID`.
pub const TZID: &str = "Europe/London";

/// Europe/London's rules since 1996 (and so for every date mpplan plans): British Summer Time from
/// 01:00 GMT on the last Sunday of March to 01:00 GMT on the last Sunday of October.
const VTIMEZONE: [&str; 17] = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// The longest a content line may be, in octets, before it is folded.
const LINE_OCTETS: usize = 75;

word_enum! {
    /// An event's status; the words are `STATUS`'s values.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum EventStatus {
        Tentative = "TENTATIVE",
        Confirmed = "CONFIRMED",
        Cancelled = "CANCELLED",
    }
}

/// One `VEVENT`. Start and end are Europe/London wall-clock times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub uid: String,
    /// When the event was last revised (`DTSTAMP` and `LAST-MODIFIED`).
    pub stamp: DateTime<Utc>,
    pub created: DateTime<Utc>,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub summary: String,
    /// Left out when empty.
    pub location: String,
    pub description: String,
    pub status: EventStatus,
}

/// What a calendar needs of a stored proposal beyond the proposal itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// The UID of the calendar event it was imported from, if any.
    pub imported_uid: Option<String>,
}

impl Event {
    /// The event for a flagged proposal. Its UID is the one it was imported with, or else
    /// `<uuid>@mpplan`, so exporting again updates the same events. The description gives the flag
    /// and its reason, the MP and seat, the group and the press plan.
    pub fn from_proposal(flagged: &FlaggedProposal, provenance: &Provenance) -> Event {
        let p = &flagged.proposal;
        let flag = flagged.word();
        let mut description = vec![format!("{}{}: {}", flag[..1].to_uppercase(), &flag[1..], flagged.reason)];
        description.push(match p.mp.as_str() {
            "" => format!("Seat: {} (vacant)", p.constituency),
            mp => format!("MP: {mp}, {}", p.constituency),
        });
        description.push(format!("Kind: {}; status: {}", p.kind, p.status));
        if let Some(n) = p.attendees {
            description.push(format!("Attendees: {n}"));
        }
        description.push(format!("Press: {}", p.press.summary()));
        Event {
            uid: provenance.imported_uid.clone().unwrap_or_else(|| format!("{}@mpplan", p.uuid)),
            stamp: provenance.updated,
            created: provenance.created,
            start: p.start,
            end: p.end,
            summary: p.label(),
            location: p.place.clone(),
            description: description.join("\n"),
            status: match p.status {
                ProposalStatus::Proposed => EventStatus::Tentative,
                ProposalStatus::Confirmed | ProposalStatus::Held => EventStatus::Confirmed,
                ProposalStatus::Cancelled => EventStatus::Cancelled,
            },
        }
    }
}

/// A whole `VCALENDAR` with `events`, as the text of a file. `product` names the program that
/// wrote it (`PRODID`).
pub fn calendar(product: &str, events: &[Event]) -> String {
    let mut lines: Vec<String> =
        vec!["BEGIN:VCALENDAR".into(), "VERSION:2.0".into(), format!("PRODID:{product}"), "CALSCALE:GREGORIAN".into()];
    lines.extend(VTIMEZONE.iter().map(|l| l.to_string()));
    for event in events {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", text(&event.uid)));
        lines.push(format!("DTSTAMP:{}", utc(event.stamp)));
        lines.push(format!("CREATED:{}", utc(event.created)));
        lines.push(format!("LAST-MODIFIED:{}", utc(event.stamp)));
        lines.push(format!("DTSTART;TZID={TZID}:{}", local(event.start)));
        lines.push(format!("DTEND;TZID={TZID}:{}", local(event.end)));
        lines.push(format!("SUMMARY:{}", text(&event.summary)));
        if !event.location.is_empty() {
            lines.push(format!("LOCATION:{}", text(&event.location)));
        }
        lines.push(format!("DESCRIPTION:{}", text(&event.description)));
        lines.push(format!("STATUS:{}", event.status.as_str()));
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l) + "\r\n").collect()
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// A TEXT value escaped: backslash, semicolon and comma get a backslash, and each line break
/// (CRLF, CR or LF) becomes `\n`. Other control characters, which TEXT may not hold, are dropped.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | ';' | ',' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded so that no physical line exceeds 75 octets: a break and one space before
/// each continuation, never inside a UTF-8 character. Returned without a final line end.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / LINE_OCTETS * 3);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, Months, NaiveDate, Offset, TimeZone, Weekday};
    use chrono_tz::Europe::London;

    use super::*;

    #[test]
    fn text_escapes_backslash_semicolon_comma_and_line_breaks() {
        assert_eq!(text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(text("one\ntwo\r\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(text("bell\x07 tab\t:colon \"quoted\""), "bell tab\t:colon \"quoted\"");
        assert_eq!(text(""), "");
    }

    #[test]
    fn short_lines_are_not_folded() {
        let line = "x".repeat(75);
        assert_eq!(fold(&line), line);
    }

    #[test]
    fn long_lines_fold_at_75_octets_with_a_leading_space() {
        let line = "SUMMARY:".to_string() + &"a".repeat(200);
        let folded = fold(&line);
        let parts: Vec<&str> = folded.split("\r\n").collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].len(), 75);
        assert!(parts[1].starts_with(' ') && parts[1].len() == 75);
        assert!(parts[2].starts_with(' ') && parts[2].len() <= 75);
        let unfolded: String = parts.concat().replace(' ', "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn folding_never_splits_a_utf8_character() {
        // Two- three- and four-octet characters, at every offset against the 75-octet limit.
        for prefix in 0..4 {
            let line = "D:".to_string() + &"x".repeat(prefix) + &"é€🏥".repeat(30);
            let folded = fold(&line);
            for part in folded.split("\r\n") {
                assert!(part.len() <= 75, "{} octets: {part}", part.len());
            }
            let unfolded = folded.replace("\r\n ", "");
            assert_eq!(unfolded, line, "folding is undone by removing CRLF and a space");
        }
    }

    fn event() -> Event {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        Event {
            uid: "0b3c@mpplan".into(),
            stamp: Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap(),
            created: Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap(),
            start: at("2026-11-27 10:00"),
            end: at("2026-11-27 12:00"),
            summary: "Visit, with Hilary Benn".into(),
            location: String::new(),
            description: "clear\nFriday".into(),
            status: EventStatus::Confirmed,
        }
    }

    #[test]
    fn a_calendar_has_crlf_lines_the_zone_and_each_event() {
        let ics = calendar("-//mpplan//test//EN", &[event()]);
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
        for line in [
            "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n",
            "UID:0b3c@mpplan\r\n",
            "DTSTAMP:20261124T093000Z\r\n",
            "CREATED:20261120T080000Z\r\n",
            "DTSTART;TZID=Europe/London:20261127T100000\r\n",
            "DTEND;TZID=Europe/London:20261127T120000\r\n",
            "SUMMARY:Visit\\, with Hilary Benn\r\n",
            "DESCRIPTION:clear\\nFriday\r\n",
            "STATUS:CONFIRMED\r\n",
        ] {
            assert!(ics.contains(line), "{line} in {ics}");
        }
        assert!(!ics.contains("LOCATION"), "an empty place is left out");
    }

    /// The zone's rules agree with the time-zone database on every change from 1996 to 2099 (as far as
    /// chrono-tz lists them).
    #[test]
    fn the_zone_rules_match_the_tz_database() {
        let last_sunday = |year: i32, month: u32| {
            let first_of_next = NaiveDate::from_ymd_opt(year, month, 1).unwrap() + Months::new(1);
            let mut day = first_of_next.pred_opt().unwrap();
            while day.weekday() != Weekday::Sun {
                day = day.pred_opt().unwrap();
            }
            day
        };
        let offset = |t: DateTime<Utc>| London.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc();
        for year in 1996..=2099 {
            for (month, before, after) in [(3, 0, 3600), (10, 3600, 0)] {
                // Both changes happen at 01:00 GMT.
                let change = Utc.from_utc_datetime(&last_sunday(year, month).and_hms_opt(1, 0, 0).unwrap());
                assert_eq!(offset(change - chrono::TimeDelta::seconds(1)), before, "{year}-{month}");
                assert_eq!(offset(change), after, "{year}-{month}");
            }
        }
    }
}
