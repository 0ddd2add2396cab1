//! Writing calendar files (RFC 5545, iCalendar): events in Europe/London time with the zone's own
//! definition (all-day ones as dates), TEXT values escaped and long lines folded, CRLF line ends.
//! Each event carries a `SEQUENCE` that rises as its proposal changes, so that Outlook and Google
//! apply an update to the event they hold, and `X-MPPLAN-` properties from which mpplan reads its
//! own export back without loss.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::domain::engagement::agenda::FlaggedProposal;
use crate::domain::engagement::proposal::{Proposal, ProposalStatus};
use crate::domain::enums::word_enum;
use crate::domain::when::{self, Fold};

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

/// The names of the properties that carry what mpplan needs to read its own export back: the
/// seat's ONS code, the kind, the status, the number of attendees (left out when unknown) and
/// the press plan, each a stored word.
pub const X_SEAT: &str = "X-MPPLAN-SEAT";
pub const X_KIND: &str = "X-MPPLAN-KIND";
pub const X_STATUS: &str = "X-MPPLAN-STATUS";
pub const X_ATTENDEES: &str = "X-MPPLAN-ATTENDEES";
pub const X_PRESS: &str = "X-MPPLAN-PRESS";

/// The calendar's name when the organisation has none.
pub const DEFAULT_CALENDAR_NAME: &str = "MP engagement";

word_enum! {
    /// An event's status; the words are `STATUS`'s values.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum EventStatus {
        Tentative = "TENTATIVE",
        Confirmed = "CONFIRMED",
        Cancelled = "CANCELLED",
    }
}

/// One `VEVENT`. Start and end are Europe/London wall-clock times; an all-day event runs from
/// midnight of its first day to midnight after its last, and is written as dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub uid: String,
    /// How many times the event has been revised (`SEQUENCE`): a calendar applies an update only
    /// when it rises.
    pub sequence: u32,
    /// When the event was last revised (`DTSTAMP` and `LAST-MODIFIED`).
    pub stamp: DateTime<Utc>,
    pub created: DateTime<Utc>,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub all_day: bool,
    /// Which of start and end is the second reading of a time London's clocks show twice: that
    /// one is written in UTC, as a zone's local time always means the first.
    pub fold: Fold,
    /// Written on one line (see [`one_line`]).
    pub summary: String,
    /// Left out when empty; written on one line.
    pub location: String,
    pub description: String,
    pub status: EventStatus,
    /// Properties of mpplan's own (`X-MPPLAN-…`), in order, each with its value as TEXT.
    pub extra: Vec<(&'static str, String)>,
}

/// What a calendar needs of a stored proposal beyond the proposal itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// The UID of the calendar event it was imported from, if any.
    pub imported_uid: Option<String>,
    /// How many times its time, title, kind, place, status or all-day flag has changed.
    pub sequence: u32,
}

impl Event {
    /// The event for a proposal, without a description: its UID is the one it was imported with,
    /// or else `<uuid>@mpplan`, so exporting again updates the same events; its sequence and
    /// stamps are the store's.
    pub fn base(p: &Proposal, provenance: &Provenance) -> Event {
        Event {
            uid: provenance.imported_uid.clone().unwrap_or_else(|| format!("{}@mpplan", p.uuid)),
            sequence: provenance.sequence,
            stamp: provenance.updated,
            created: provenance.created,
            start: p.start,
            end: p.end,
            all_day: p.all_day,
            fold: p.fold,
            summary: p.label(),
            location: p.place.clone(),
            description: String::new(),
            status: match p.status {
                ProposalStatus::Proposed => EventStatus::Tentative,
                ProposalStatus::Confirmed | ProposalStatus::Held => EventStatus::Confirmed,
                ProposalStatus::Cancelled => EventStatus::Cancelled,
            },
            extra: Vec::new(),
        }
    }

    /// The event for a flagged proposal, as the export writes it (see [`Event::base`]). The
    /// description gives the flag and its reason, the MP and seat, the group and the press plan;
    /// the `X-MPPLAN-` properties give the seat, kind, status, attendees and press plan.
    pub fn from_proposal(flagged: &FlaggedProposal, provenance: &Provenance) -> Event {
        let p = &flagged.proposal;
        let flag = flagged.word();
        let mut description = vec![format!("{}{}: {}", flag[..1].to_uppercase(), &flag[1..], flagged.reason)];
        description.push(match &*p.mp {
            "" => format!("Seat: {} (vacant)", p.constituency),
            mp => format!("MP: {mp}, {}", p.constituency),
        });
        description.push(format!("Kind: {}; status: {}", p.kind, p.status));
        if let Some(n) = p.attendees {
            description.push(format!("Attendees: {n}"));
        }
        description.push(format!("Press: {}", p.press.summary()));
        let mut event = Event::base(p, provenance);
        event.description = description.join("\n");
        event.extra = vec![
            (X_SEAT, p.constituency_code.clone()),
            (X_KIND, p.kind.as_str().to_string()),
            (X_STATUS, p.status.as_str().to_string()),
        ];
        if let Some(n) = p.attendees {
            event.extra.push((X_ATTENDEES, n.to_string()));
        }
        event.extra.push((X_PRESS, p.press.plan.as_str().to_string()));
        event
    }
}

/// The calendar's name (`X-WR-CALNAME`): "mpplan — " and the organisation's name, or
/// [`DEFAULT_CALENDAR_NAME`] when it has none.
pub fn calendar_name(organisation: &str) -> String {
    match one_line(organisation) {
        name if name.is_empty() => DEFAULT_CALENDAR_NAME.to_string(),
        name => format!("mpplan — {name}"),
    }
}

/// A whole `VCALENDAR` named `name` with `events`, as the text of a file. `product` names the
/// program that wrote it (`PRODID`).
pub fn calendar(product: &str, name: &str, events: &[Event]) -> String {
    let mut lines = head(product);
    lines.push(format!("X-WR-CALNAME:{}", text(&one_line(name))));
    lines.push(format!("X-WR-TIMEZONE:{TZID}"));
    lines.extend(VTIMEZONE.iter().map(|l| l.to_string()));
    for event in events {
        lines.extend(vevent(event, &[]));
    }
    lines.push("END:VCALENDAR".into());
    file(&lines)
}

/// The lines that open a `VCALENDAR`, up to its scale.
pub(super) fn head(product: &str) -> Vec<String> {
    vec!["BEGIN:VCALENDAR".into(), "VERSION:2.0".into(), format!("PRODID:{product}"), "CALSCALE:GREGORIAN".into()]
}

/// The zone's definition, line by line.
pub(super) fn zone() -> impl Iterator<Item = String> {
    VTIMEZONE.iter().map(|l| l.to_string())
}

/// Content lines as a file: each folded, each ended by CRLF.
pub(super) fn file(lines: &[String]) -> String {
    lines.iter().map(|l| fold(l) + "\r\n").collect()
}

/// One `VEVENT`, its lines unfolded, with `people` (already written content lines: `ORGANIZER`,
/// `ATTENDEE`) after its status.
pub(super) fn vevent(event: &Event, people: &[String]) -> Vec<String> {
    let mut lines = vec!["BEGIN:VEVENT".to_string()];
    lines.push(format!("UID:{}", text(&event.uid)));
    lines.push(format!("SEQUENCE:{}", event.sequence));
    lines.push(format!("DTSTAMP:{}", utc(event.stamp)));
    lines.push(format!("CREATED:{}", utc(event.created)));
    lines.push(format!("LAST-MODIFIED:{}", utc(event.stamp)));
    if event.all_day {
        // The end is exclusive: midnight after the last day is that next day's date.
        lines.push(format!("DTSTART;VALUE=DATE:{}", event.start.format("%Y%m%d")));
        lines.push(format!("DTEND;VALUE=DATE:{}", event.end.format("%Y%m%d")));
    } else {
        lines.push(format!("DTSTART{}", wall(event.start, event.fold.start)));
        lines.push(format!("DTEND{}", wall(event.end, event.fold.end)));
    }
    lines.push(format!("SUMMARY:{}", text(&one_line(&event.summary))));
    let location = one_line(&event.location);
    if !location.is_empty() {
        lines.push(format!("LOCATION:{}", text(&location)));
    }
    if !event.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", text(&event.description)));
    }
    lines.push(format!("STATUS:{}", event.status.as_str()));
    lines.extend(people.iter().cloned());
    lines.extend(event.extra.iter().map(|(name, value)| format!("{name}:{}", text(value))));
    lines.push("END:VEVENT".into());
    lines
}

/// A value on one line, for `SUMMARY` and `LOCATION` (calcurse refuses a summary holding a line
/// break): its lines trimmed, empty ones dropped, the rest joined with ", " (a comma already
/// ending or starting a line is not doubled). A value of one line is only trimmed.
pub fn one_line(value: &str) -> String {
    let separator = |c: char| c == ',' || c.is_whitespace();
    let mut out = String::with_capacity(value.len());
    for line in value.split(['\r', '\n']).map(str::trim).filter(|l| !l.trim_matches(separator).is_empty()) {
        if !out.is_empty() {
            out.truncate(out.trim_end_matches(separator).len());
            out.push_str(", ");
            out.push_str(line.trim_start_matches(separator));
        } else {
            out.push_str(line);
        }
    }
    out
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A wall-clock time as a DTSTART or DTEND value after the name: `;TZID=Europe/London:…`, or in
/// UTC (`:…Z`) when it is the second reading of a time the clocks show twice.
fn wall(t: NaiveDateTime, second: bool) -> String {
    match when::london_reading(t, true) {
        Ok(at) if second => format!(":{}", utc(at.with_timezone(&Utc))),
        _ => format!(";TZID={TZID}:{}", local(t)),
    }
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
            sequence: 4,
            stamp: Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap(),
            created: Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap(),
            start: at("2026-11-27 10:00"),
            end: at("2026-11-27 12:00"),
            all_day: false,
            fold: Default::default(),
            summary: "Visit, with Hilary Benn".into(),
            location: String::new(),
            description: "clear\nFriday".into(),
            status: EventStatus::Confirmed,
            extra: Vec::new(),
        }
    }

    fn proposal() -> Proposal {
        use crate::domain::calendar::ProposalKind;
        use crate::domain::engagement::press::{Press, PressPlan};
        let e = event();
        Proposal {
            id: 3,
            uuid: "0b3c".into(),
            constituency_code: "E14001323".into(),
            constituency: "Leeds South".into(),
            mp: "Hilary Benn".into(),
            title: String::new(),
            kind: ProposalKind::Visit,
            place: String::new(),
            start: e.start,
            end: e.end,
            all_day: false,
            fold: Default::default(),
            attendees: Some(3),
            status: ProposalStatus::Confirmed,
            press: Press { plan: PressPlan::MpHandles, ..Default::default() },
        }
    }

    fn flagged(p: Proposal) -> FlaggedProposal {
        use crate::domain::calendar::Flag;
        FlaggedProposal {
            proposal: p,
            flag: Flag::Clear,
            assumed: false,
            reason: "a Friday".into(),
            overlaps: Vec::new(),
        }
    }

    fn provenance(sequence: u32, imported_uid: Option<&str>) -> Provenance {
        let e = event();
        Provenance { created: e.created, updated: e.stamp, imported_uid: imported_uid.map(str::to_string), sequence }
    }

    /// The calendar's text with its folding undone.
    fn unfolded(events: &[Event]) -> String {
        let folded = calendar("-//mpplan//test//EN", "mpplan — Leeds Trust", events);
        assert!(folded.split("\r\n").all(|l| l.len() <= 75), "folded at 75 octets: {folded}");
        folded.replace("\r\n ", "")
    }

    #[test]
    fn a_calendar_has_crlf_lines_the_zone_and_each_event() {
        let ics = calendar("-//mpplan//test//EN", "MP engagement", &[event()]);
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
        for line in [
            "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n",
            "UID:0b3c@mpplan\r\nSEQUENCE:4\r\n",
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
        assert!(!ics.contains("X-MPPLAN"), "an event given no properties of mpplan's own has none");
    }

    #[test]
    fn the_calendar_is_named_and_says_its_zone() {
        let ics = unfolded(&[]);
        assert!(
            ics.contains("CALSCALE:GREGORIAN\r\nX-WR-CALNAME:mpplan — Leeds Trust\r\nX-WR-TIMEZONE:Europe/London\r\n"),
            "{ics}"
        );
        assert_eq!(calendar_name("Leeds Teaching Hospitals NHS Trust"), "mpplan — Leeds Teaching Hospitals NHS Trust");
        assert_eq!(calendar_name("  "), "MP engagement");
        assert_eq!(calendar_name("Leeds\nTrust"), "mpplan — Leeds, Trust");
        let odd = calendar("-//t//EN", "A, B; C\\D", &[]);
        assert!(odd.contains("X-WR-CALNAME:A\\, B\\; C\\\\D\r\n"), "the name is TEXT, escaped: {odd}");
    }

    #[test]
    fn the_sequence_is_the_stores() {
        for n in [0, 1, 17] {
            let e = Event::from_proposal(&flagged(proposal()), &provenance(n, None));
            assert_eq!(e.sequence, n);
            assert!(unfolded(&[e]).contains(&format!("\r\nSEQUENCE:{n}\r\n")));
        }
    }

    #[test]
    fn a_time_in_the_repeated_hour_read_the_second_time_is_written_in_utc() {
        // 25 October 2026: 01:30 happened at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let mut e = Event { start: at("2026-10-25 01:30"), end: at("2026-10-25 02:30"), ..event() };
        let first = calendar("-//t//EN", "c", &[e.clone()]);
        assert!(first.contains("DTSTART;TZID=Europe/London:20261025T013000\r\n"), "{first}");
        e.fold = Fold { start: true, end: false };
        let second = calendar("-//t//EN", "c", &[e]);
        assert!(
            second.contains("DTSTART:20261025T013000Z\r\nDTEND;TZID=Europe/London:20261025T023000\r\n"),
            "{second}"
        );
    }

    #[test]
    fn an_all_day_event_is_written_as_dates_with_an_exclusive_end() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let e = Event { all_day: true, start: at("2027-01-08 00:00"), end: at("2027-01-09 00:00"), ..event() };
        let ics = unfolded(&[e]);
        assert!(ics.contains("DTSTART;VALUE=DATE:20270108\r\nDTEND;VALUE=DATE:20270109\r\n"), "{ics}");
        assert!(!ics.contains("DTSTART;TZID"), "{ics}");
        let e = Event { all_day: true, start: at("2027-01-08 00:00"), end: at("2027-01-11 00:00"), ..event() };
        assert!(unfolded(&[e]).contains("DTSTART;VALUE=DATE:20270108\r\nDTEND;VALUE=DATE:20270111\r\n"));
        let day = Proposal { all_day: true, start: at("2027-01-08 00:00"), end: at("2027-01-09 00:00"), ..proposal() };
        let e = Event::from_proposal(&flagged(day), &provenance(1, None));
        assert!(e.all_day, "an all-day proposal is an all-day event");
        assert!(unfolded(&[e]).contains("DTSTART;VALUE=DATE:20270108\r\nDTEND;VALUE=DATE:20270109\r\n"));
    }

    #[test]
    fn summary_and_location_are_written_on_one_line_and_the_description_keeps_its_breaks() {
        let e = Event {
            summary: "Ward visit\n\n  with the MP  \r\n".into(),
            location: "St James's,\r\nBeckett Street\n\n,Leeds\rLS9 7TF\n".into(),
            description: "one\ntwo".into(),
            ..event()
        };
        let ics = unfolded(&[e]);
        assert!(ics.contains("SUMMARY:Ward visit\\, with the MP\r\n"), "{ics}");
        assert!(ics.contains("LOCATION:St James's\\, Beckett Street\\, Leeds\\, LS9 7TF\r\n"), "{ics}");
        assert!(ics.contains("DESCRIPTION:one\\ntwo\r\n"), "{ics}");
        for line in ics.lines().filter(|l| l.starts_with("SUMMARY") || l.starts_with("LOCATION")) {
            assert!(!line.contains("\\n"), "{line}");
        }
    }

    #[test]
    fn one_line_joins_lines_without_doubling_commas() {
        assert_eq!(one_line("a,\nb"), "a, b");
        assert_eq!(one_line("a\n, b"), "a, b");
        assert_eq!(one_line("a ,\n,\n \n\r\nb,"), "a, b,");
        assert_eq!(one_line("  a, b  "), "a, b", "one line is only trimmed");
        assert_eq!(one_line("a,,b"), "a,,b", "the user's own text is kept");
        assert_eq!(one_line("\n\n"), "");
        let location = Event { location: "\n , \n".into(), ..event() };
        assert!(!unfolded(&[location]).contains("LOCATION"), "a place of only breaks is left out");
    }

    #[test]
    fn mpplans_own_properties_carry_seat_kind_status_attendees_and_press() {
        let e = Event::from_proposal(&flagged(proposal()), &provenance(0, None));
        let ics = unfolded(&[e]);
        let own = "X-MPPLAN-SEAT:E14001323\r\nX-MPPLAN-KIND:visit\r\nX-MPPLAN-STATUS:confirmed\r\n\
            X-MPPLAN-ATTENDEES:3\r\nX-MPPLAN-PRESS:mp_handles\r\nEND:VEVENT\r\n";
        assert!(ics.contains(own), "{ics}");
        let unknown = Proposal { attendees: None, status: ProposalStatus::Cancelled, ..proposal() };
        let ics = unfolded(&[Event::from_proposal(&flagged(unknown), &provenance(0, None))]);
        assert!(ics.contains("X-MPPLAN-STATUS:cancelled\r\nX-MPPLAN-PRESS:mp_handles\r\n"), "{ics}");
        assert!(!ics.contains("X-MPPLAN-ATTENDEES"), "left out when unknown");
        let odd = Event { extra: vec![(X_SEAT, "a,b;c\\d\ne".into())], ..event() };
        assert!(unfolded(&[odd]).contains("X-MPPLAN-SEAT:a\\,b\\;c\\\\d\\ne\r\n"), "TEXT-escaped");
    }

    #[test]
    fn an_imported_event_keeps_its_uid() {
        let e = Event::from_proposal(&flagged(proposal()), &provenance(2, Some("abc@outlook.com")));
        assert_eq!(e.uid, "abc@outlook.com");
        assert_eq!(Event::from_proposal(&flagged(proposal()), &provenance(2, None)).uid, "0b3c@mpplan");
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
