//! Reading iCalendar files (RFC 5545) for import: unfolding, content lines with parameters, the
//! BEGIN/END structure, and the events (VEVENT) with their properties. Dates and times are read
//! here too, and placed on London's wall clock. Limits keep a hostile file harmless: a logical line
//! of at most [`MAX_LINE_CHARS`], components nested at most [`MAX_DEPTH`] deep.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike};

use crate::domain::interchange::import_file::{BadLine, ImportError};

/// The longest logical (unfolded) line read.
pub const MAX_LINE_CHARS: usize = 100_000;

/// How deep components may nest (VCALENDAR > VEVENT > VALARM is 3).
pub const MAX_DEPTH: usize = 8;

/// One property of an event: `NAME;PARAM=value:value`, with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    pub line: usize,
    /// In upper case.
    pub name: String,
    /// Parameter names in upper case, values without their quotes.
    pub params: Vec<(String, String)>,
    pub value: String,
}

impl Property {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The value as text, with `\n`, `\,`, `\;` and `\\` unescaped.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.value.len());
        let mut chars = self.value.chars();
        while let Some(c) = chars.next() {
            match (c, c == '\\') {
                (_, true) => match chars.next() {
                    Some('n' | 'N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                },
                (c, false) => out.push(c),
            }
        }
        out
    }
}

/// An event: the properties at its own level (not those of an alarm inside it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The line of its BEGIN:VEVENT.
    pub line: usize,
    pub properties: Vec<Property>,
}

impl Event {
    pub fn get(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// Every property called `name`, in the file's order (EXDATE and RDATE may come many times).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.properties.iter().filter(move |p| p.name == name)
    }

    /// A text property, unescaped and on one line ("a\nb" becomes "a, b"); empty when absent. Blank
    /// lines are dropped, and so are the commas that end a line ("Main hospital,\nLeeds" reads
    /// "Main hospital, Leeds", not "Main hospital,, Leeds").
    pub fn one_line(&self, name: &str) -> String {
        let text = self.get(name).map(Property::text).unwrap_or_default();
        text.lines()
            .map(|l| l.trim().trim_end_matches([',', ';', ' ', '\t']).trim())
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A component inside the calendar other than an event, as read: a VTIMEZONE, and inside it its
/// STANDARD and DAYLIGHT parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    /// Its name, in upper case.
    pub name: String,
    /// The line of its BEGIN.
    pub line: usize,
    pub properties: Vec<Property>,
    pub parts: Vec<Component>,
}

impl Component {
    pub fn get(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }
}

/// Whether `text` (from `decode`) looks like an iCalendar file.
pub fn is_calendar(text: &str) -> bool {
    text.trim_start().get(..15).is_some_and(|head| head.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
}

/// An iCalendar file as read: the calendar's own properties (PRODID, VERSION…) and its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub properties: Vec<Property>,
    pub events: Vec<Event>,
    /// Its VTIMEZONE components, with their STANDARD and DAYLIGHT parts.
    pub timezones: Vec<Component>,
    /// The line of a BEGIN:VCALENDAR that the file never ends with END:VCALENDAR, everything inside
    /// it being closed: a file cut short between two events, or one of the files Parliament's Egg
    /// Timer writes without END:VCALENDAR. [`events`] refuses it; a reader that knows the file's
    /// kind may accept it.
    pub unclosed: Option<usize>,
}

impl Calendar {
    /// A property of the calendar itself (not of an event).
    pub fn get(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }
}

/// The events of an iCalendar file. A file that is not a calendar, is cut short, nests too deep or
/// has an enormous line is refused whole; lines that are not `NAME:value` are listed as bad lines.
pub fn events(file: &str, text: &str) -> Result<Vec<Event>, ImportError> {
    let calendar = read(file, text)?;
    if let Some(line) = calendar.unclosed {
        return Err(cut_short(file, "VCALENDAR", line));
    }
    Ok(calendar.events)
}

/// The error for a file that ends before BEGIN:`component` on `line` is closed.
pub fn cut_short(file: &str, component: &str, line: usize) -> ImportError {
    ImportError::format(
        file,
        format!(
            "ends before BEGIN:{component} on line {line} is closed by END:{component}: it may be cut short; save or \
             export it again"
        ),
    )
}

/// Reads an iCalendar file as [`events`] does, except that a missing END:VCALENDAR (with every
/// event closed) is reported in [`Calendar::unclosed`] instead of refused.
pub fn read(file: &str, text: &str) -> Result<Calendar, ImportError> {
    let refuse = |reason: String| ImportError::format(file, reason);
    let lines = unfold(text).map_err(refuse)?;
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut properties: Vec<Property> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut timezones: Vec<Component> = Vec::new();
    let mut bad: Vec<BadLine> = Vec::new();
    let mut seen_calendar = false;
    for (line, content) in lines {
        let Some(prop) = content_line(line, &content) else {
            bad.push(BadLine::new(line, "it is not a calendar line (NAME:value)"));
            continue;
        };
        match prop.name.as_str() {
            "BEGIN" => {
                let name = prop.value.trim().to_uppercase();
                if stack.is_empty() && name != "VCALENDAR" {
                    let first = if seen_calendar { "after END:VCALENDAR there is" } else { "it starts with" };
                    return Err(refuse(format!("is not a calendar file mpplan can read: {first} BEGIN:{name}")));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(refuse(format!("nests components more than {MAX_DEPTH} deep (line {line})")));
                }
                let component = || Component { name: name.clone(), line, properties: Vec::new(), parts: Vec::new() };
                match (stack.len(), name.as_str(), stack.last().map(|(open, _)| open.as_str())) {
                    (1, "VEVENT", _) => events.push(Event { line, properties: Vec::new() }),
                    (1, "VTIMEZONE", _) => timezones.push(component()),
                    (2, _, Some("VTIMEZONE")) => {
                        if let Some(zone) = timezones.last_mut() {
                            zone.parts.push(component());
                        }
                    }
                    _ => {}
                }
                seen_calendar = true;
                stack.push((name, line));
            }
            "END" => {
                let name = prop.value.trim().to_uppercase();
                match stack.pop() {
                    Some((open, _)) if open == name => {}
                    Some((open, opened)) => {
                        return Err(refuse(format!(
                            "has END:{name} on line {line} where END:{open} (for line {opened}) was expected"
                        )));
                    }
                    None => return Err(refuse(format!("has END:{name} on line {line} with nothing to end"))),
                }
            }
            _ if stack.is_empty() => {
                let place = if seen_calendar { "after END:VCALENDAR" } else { "before BEGIN:VCALENDAR" };
                return Err(refuse(format!(
                    "is not a calendar file mpplan can read: it has {} on line {line}, {place}",
                    prop.name
                )));
            }
            _ if stack.len() == 1 => properties.push(prop),
            _ => match (stack.len(), stack.last().map(|(open, _)| open.as_str())) {
                (2, Some("VEVENT")) => {
                    if let Some(event) = events.last_mut() {
                        event.properties.push(prop);
                    }
                }
                (2, Some("VTIMEZONE")) => {
                    if let Some(zone) = timezones.last_mut() {
                        zone.properties.push(prop);
                    }
                }
                (3, _) if stack.get(1).is_some_and(|(open, _)| open == "VTIMEZONE") => {
                    if let Some(part) = timezones.last_mut().and_then(|z| z.parts.last_mut()) {
                        part.properties.push(prop);
                    }
                }
                _ => {}
            },
        }
    }
    let unclosed = match stack.as_slice() {
        [] => None,
        [(_, line)] => Some(*line),
        [(open, line), ..] => return Err(cut_short(file, open, *line)),
    };
    if !seen_calendar {
        return Err(refuse("is not a calendar file: it has no BEGIN:VCALENDAR".into()));
    }
    if !bad.is_empty() {
        return Err(ImportError::bad_lines(file, bad));
    }
    Ok(Calendar { properties, events, timezones, unclosed })
}

/// Logical lines with the line each starts on: a line beginning with a space or tab continues the
/// one before it. Blank lines are skipped.
fn unfold(text: &str) -> Result<Vec<(usize, String)>, String> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let continued = raw.strip_prefix([' ', '\t']);
        match (continued, lines.last_mut()) {
            (Some(rest), Some((_, current))) => current.push_str(rest),
            _ if raw.trim().is_empty() => continue,
            _ => lines.push((i + 1, raw.to_string())),
        }
        let (start, current) = lines.last().expect("a line was just pushed or extended");
        if current.len() > MAX_LINE_CHARS {
            return Err(format!(
                "has a line (starting on line {start}) longer than {MAX_LINE_CHARS} characters, more than a \
                 calendar entry needs"
            ));
        }
    }
    Ok(lines)
}

/// Splits `NAME;P=v;Q="a:b":value`; None when it is not of that shape.
fn content_line(line: usize, content: &str) -> Option<Property> {
    let mut quoted = false;
    let colon = content.char_indices().find_map(|(i, c)| {
        if c == '"' {
            quoted = !quoted;
        }
        (c == ':' && !quoted).then_some(i)
    })?;
    let (head, value) = (&content[..colon], &content[colon + 1..]);
    let mut parts = split_unquoted(head, ';').into_iter();
    let name = parts.next()?.trim().to_uppercase();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let mut params = Vec::new();
    for part in parts {
        let (key, val) = part.split_once('=')?;
        params.push((key.trim().to_uppercase(), val.trim().trim_matches('"').to_string()));
    }
    Some(Property { line, name, params, value: value.to_string() })
}

fn split_unquoted(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut quoted, mut start) = (false, 0);
    for (i, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            parts.push(&text[start..i]);
            start = i + 1;
        }
    }
    parts.push(&text[start..]);
    parts
}

/// A DTSTART or DTEND: a whole day, or a time on London's wall clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Day(NaiveDate),
    London(NaiveDateTime),
}

/// A date or a date and time as written, before it is placed: a whole day, or a wall-clock time in
/// a zone (`Z` is UTC; with neither Z nor TZID the time is floating).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp<'a> {
    Day(NaiveDate),
    Utc(NaiveDateTime),
    Wall { at: NaiveDateTime, tzid: Option<&'a str> },
}

/// Reads a date (`VALUE=DATE`, 20270112) or a date and time (20270112T100000, with Z for UTC or a
/// TZID), to the minute, without placing it.
pub fn stamp(prop: &Property) -> Result<Stamp<'_>, String> {
    stamp_of(prop, prop.value.trim())
}

/// [`stamp`] for one value of a property that may hold several (EXDATE, RDATE).
pub fn stamp_of<'a>(prop: &'a Property, value: &str) -> Result<Stamp<'a>, String> {
    let name = &prop.name;
    let fail = |why: &str| format!("its {name} \"{value}\" {why}");
    if prop.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || value.len() == 8 {
        return day(value).map(Stamp::Day).ok_or_else(|| fail("is not a date (YYYYMMDD)"));
    }
    let (local, utc) = match value.strip_suffix(['Z', 'z']) {
        Some(rest) => (rest, true),
        None => (value, false),
    };
    let at = local
        .split_once(['T', 't'])
        .and_then(|(d, t)| Some(day(d)?.and_time(time(t)?)))
        .ok_or_else(|| fail("is not a date and time (YYYYMMDDTHHMMSS)"))?;
    Ok(if utc { Stamp::Utc(at) } else { Stamp::Wall { at, tzid: prop.param("TZID") } })
}

/// A length such as PT1H30M, P1D or P2W (RFC 5545 DURATION), positive.
pub fn duration(prop: &Property) -> Result<TimeDelta, String> {
    let value = prop.value.trim();
    let fail = || format!("its DURATION \"{value}\" is not a length of time such as PT1H30M");
    let rest = value.strip_prefix('+').unwrap_or(value).strip_prefix(['P', 'p']).ok_or_else(fail)?;
    let (mut total, mut number, mut in_time) = (TimeDelta::zero(), String::new(), false);
    for c in rest.chars() {
        if c.is_ascii_digit() && number.len() < 6 {
            number.push(c);
            continue;
        }
        let unit = match c.to_ascii_uppercase() {
            'T' if !in_time && number.is_empty() => {
                in_time = true;
                continue;
            }
            'W' if !in_time => TimeDelta::weeks(1),
            'D' if !in_time => TimeDelta::days(1),
            'H' if in_time => TimeDelta::hours(1),
            'M' if in_time => TimeDelta::minutes(1),
            'S' if in_time => TimeDelta::seconds(1),
            _ => return Err(fail()),
        };
        let n: i32 = std::mem::take(&mut number).parse().map_err(|_| fail())?;
        total += unit * n;
    }
    if !number.is_empty() || total <= TimeDelta::zero() {
        return Err(fail());
    }
    Ok(total)
}

fn day(text: &str) -> Option<NaiveDate> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(text[..4].parse().ok()?, text[4..6].parse().ok()?, text[6..].parse().ok()?)
}

/// HHMMSS, to the minute (seconds are dropped).
fn time(text: &str) -> Option<NaiveTime> {
    if text.len() != 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = NaiveTime::from_hms_opt(text[..2].parse().ok()?, text[2..4].parse().ok()?, text[4..].parse().ok()?)?;
    t.with_second(0)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn prop(line: &str) -> Property {
        content_line(1, line).unwrap()
    }

    const SAMPLE: &str = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:a1\nSUMMARY:Ward visit\\, with \n the MP\n\
        LOCATION;LANGUAGE=en:\"Main\" hospital\\nLeeds\nDTSTART;TZID=\"Europe/London\":20270108T100000\n\
        BEGIN:VALARM\nSUMMARY:not the event\nEND:VALARM\nEND:VEVENT\nEND:VCALENDAR\n";

    #[test]
    fn events_are_unfolded_unescaped_and_alarms_kept_apart() {
        let events = events("f", SAMPLE).unwrap();
        assert_eq!(events.len(), 1);
        let e = &events[0];
        assert_eq!(e.line, 3);
        assert_eq!(e.one_line("SUMMARY"), "Ward visit, with the MP");
        assert_eq!(e.one_line("LOCATION"), "\"Main\" hospital, Leeds");
        assert_eq!(e.get("DTSTART").unwrap().param("TZID"), Some("Europe/London"));
        assert_eq!(e.get("DTSTART").unwrap().line, 8);
        assert_eq!(e.one_line("DESCRIPTION"), "");
        assert!(is_calendar(SAMPLE) && is_calendar("  begin:vcalendar\n") && !is_calendar("a,b\n"));
    }

    #[test]
    fn a_place_over_several_lines_reads_as_one() {
        let place = |value: &str| {
            let text = format!("BEGIN:VCALENDAR\nBEGIN:VEVENT\nLOCATION:{value}\nEND:VEVENT\nEND:VCALENDAR\n");
            events("f", &text).unwrap()[0].one_line("LOCATION")
        };
        assert_eq!(place("a\\n\\nb"), "a, b");
        assert_eq!(place("Main hospital\\,\\nLeeds"), "Main hospital, Leeds", "not \"Main hospital,, Leeds\"");
        assert_eq!(
            place("Main hospital\\, \\n\\n  Beckett Street\\,\\nLeeds\\,"),
            "Main hospital, Beckett Street, Leeds"
        );
        assert_eq!(place("\\n\\,\\n"), "");
    }

    #[test]
    fn broken_files_are_refused_with_a_reason() {
        let cases = [
            ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\n", "cut short"),
            ("BEGIN:VEVENT\nEND:VEVENT\n", "starts with BEGIN:VEVENT"),
            ("VERSION:2.0\n", "before BEGIN:VCALENDAR"),
            ("BEGIN:VCALENDAR\nEND:VEVENT\n", "END:VEVENT on line 2 where END:VCALENDAR"),
            ("BEGIN:VCALENDAR\nEND:VCALENDAR\nEND:VCALENDAR\n", "nothing to end"),
            ("BEGIN:VCALENDAR\nEND:VCALENDAR\nX:1\n", "after END:VCALENDAR"),
        ];
        for (text, expected) in cases {
            let err = events("f", text).unwrap_err().to_string();
            assert!(err.contains(expected), "{text:?}: {err}");
        }
        let deep = "BEGIN:VCALENDAR\n".to_string() + &"BEGIN:X\n".repeat(20);
        assert!(events("f", &deep).unwrap_err().to_string().contains("more than 8 deep"));
        let long = format!("BEGIN:VCALENDAR\nX-LONG:{}\nEND:VCALENDAR\n", "a".repeat(MAX_LINE_CHARS));
        assert!(events("f", &long).unwrap_err().to_string().contains("line 2"));
        let folded = format!("BEGIN:VCALENDAR\nX:a\n{}END:VCALENDAR\n", " bbbbbbbbbb\n".repeat(MAX_LINE_CHARS / 10));
        assert!(events("f", &folded).unwrap_err().to_string().contains("longer than"));
        let bad = events("f", "BEGIN:VCALENDAR\nno colon here\nX;P:1\nEND:VCALENDAR\n").unwrap_err().to_string();
        assert!(bad.contains("line 2: it is not a calendar line") && bad.contains("line 3:"), "{bad}");
    }

    #[test]
    fn the_calendar_keeps_its_own_properties_and_says_when_it_is_not_closed() {
        let text = "BEGIN:VCALENDAR\nPRODID:ukparliament/egg-timer\nBEGIN:VEVENT\nUID:1\nEND:VEVENT\n";
        let calendar = read("f", text).unwrap();
        assert_eq!(calendar.get("PRODID").map(|p| p.value.as_str()), Some("ukparliament/egg-timer"));
        assert_eq!((calendar.events.len(), calendar.unclosed), (1, Some(1)));
        assert!(calendar.events[0].get("PRODID").is_none());
        let err = events("f", text).unwrap_err().to_string();
        assert!(err.contains("ends before BEGIN:VCALENDAR on line 1 is closed by END:VCALENDAR"), "{err}");
        let closed = read("f", &format!("{text}END:VCALENDAR\n")).unwrap();
        assert_eq!(closed.unclosed, None);
        assert!(read("f", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\n").unwrap_err().to_string().contains("cut short"));
    }

    #[test]
    fn durations() {
        let d = |v: &str| duration(&prop(&format!("DURATION:{v}")));
        assert_eq!(d("PT1H30M"), Ok(TimeDelta::minutes(90)));
        assert_eq!(d("P1D"), Ok(TimeDelta::days(1)));
        assert_eq!(d("P1W"), Ok(TimeDelta::weeks(1)));
        assert_eq!(d("PT45M10S"), Ok(TimeDelta::seconds(45 * 60 + 10)));
        for bad in ["", "P", "PT", "1H", "PT1H30", "P1H", "PT1D", "-PT1H", "PT0M", "PT9999999H"] {
            assert!(d(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn the_reader_never_panics(body in "[A-Z:;=\"\\\\ \n,a-z0-9TZ-]{0,300}") {
            let text = format!("BEGIN:VCALENDAR\n{body}");
            if let Ok(events) = events("f", &text) {
                for e in events {
                    for p in &e.properties {
                        let _ = (stamp(p), duration(p), p.text());
                    }
                }
            }
        }
    }
}
