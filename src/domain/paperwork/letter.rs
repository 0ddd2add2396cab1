//! The first-contact letter: a small `{{field}}` template renderer and the fields a letter to an MP
//! is filled with (letterhead, date, address block, topics, suggested dates, signature).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::calendar::long_date;
use crate::domain::engagement::checklist::{Entry, ItemState};
use crate::domain::mps::names::display_name;
use crate::domain::text::printable;
use crate::domain::views::Organisation;

/// The shipped letter template; a file in the config directory may replace it.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../../assets/templates/letter.md");

/// A Markdown hard line break: the lines of an address stay apart when the letter is converted.
const BREAK: &str = "  \n";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("line {line} uses an unknown field {{{{{}}}}}; the fields are: {known}", printable(.name))]
    UnknownField { name: String, line: usize, known: String },
    #[error("line {line} opens a field with {{{{ but does not close it with }}}} on that line")]
    Unclosed { line: usize },
}

/// Fills each `{{field}}` of `template` (spaces inside the braces allowed) with its value from
/// `fields`. A field not in `fields` is an error naming it and its line; so is a `{{` not closed by
/// `}}` on the same line.
pub fn render(template: &str, fields: &BTreeMap<String, String>) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(template.len() + 1024);
    let mut rest = template;
    let mut line = 1;
    while let Some(open) = rest.find("{{") {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        line += before.matches('\n').count();
        let after = &after[2..];
        let inner = after.find("}}").map(|close| &after[..close]).filter(|inner| !inner.contains('\n'));
        let Some(inner) = inner else {
            return Err(TemplateError::Unclosed { line });
        };
        let name = inner.trim();
        let Some(value) = fields.get(name) else {
            let known = fields.keys().map(String::as_str).collect::<Vec<_>>().join(", ");
            return Err(TemplateError::UnknownField { name: name.to_string(), line, known });
        };
        out.push_str(value);
        rest = &after[inner.len() + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// What a first-contact letter is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct LetterInput {
    pub today: NaiveDate,
    pub org: Organisation,
    /// The MP's name as a person reads it ("Connor Rand").
    pub mp_name: String,
    /// The MP's full title ("Mr Connor Rand MP", "Rt Hon Sir Mark Tami MP"), for the address; may
    /// be empty.
    pub mp_title: String,
    /// How to address the MP ("Mr Rand", "Sir Mark"); None when not known, and the letter then
    /// opens with the name ("Dear Hilary Benn,"), never a guessed form.
    pub mp_salutation: Option<String>,
    pub seat: String,
    /// The constituency-office address stored for the engagement; none means the House of Commons.
    pub to_constituency_office: Option<String>,
    pub topics: Vec<String>,
    /// The suggested meeting times (London wall clock), computed by the caller: the next three clear
    /// Friday or Saturday slots.
    pub slots: Vec<(NaiveDateTime, NaiveDateTime)>,
}

/// The House of Commons address, used when no constituency-office address is stored.
pub const HOUSE_OF_COMMONS: [&str; 2] = ["House of Commons", "London SW1A 0AA"];

/// Where a letter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// The House of Commons, London SW1A 0AA.
    Westminster,
    /// The constituency office address stored for the engagement.
    Constituency,
}

/// A letter meant for the constituency office of an engagement that has no address stored for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("no constituency office address is stored")]
pub struct NoOfficeAddress;

/// The constituency office address a letter goes to, or None for the House of Commons. `to` is
/// where the writer asked for; when they did not say, the letter goes to the constituency office
/// when an address is stored for it (`stored`, the engagement's), else to Westminster.
pub fn office_for(to: Option<Destination>, stored: &str) -> Result<Option<String>, NoOfficeAddress> {
    let known = !address_lines(stored).is_empty();
    let to = to.unwrap_or(if known { Destination::Constituency } else { Destination::Westminster });
    match to {
        Destination::Westminster => Ok(None),
        Destination::Constituency if known => Ok(Some(stored.to_string())),
        Destination::Constituency => Err(NoOfficeAddress),
    }
}

/// The letter's fields, by name. Text from the data is made printable (no raw control characters).
///
/// `letterhead` (name and address, in bold and on separate lines), `org_name`, `org_address`,
/// `date` ("24 November 2026"), `mp_name` ("Connor Rand"), `mp_title` ("Mr Connor Rand MP"),
/// `seat`, `address_block` (headed by the full title), `salutation` ("Dear Mr Rand,", "Dear Sir
/// Mark,", or "Dear Hilary Benn," when no form of address is known), `topics` and `slots` (Markdown
/// lists), `signatory`, `signatory_role` and `signature` (the block under "Yours sincerely").
pub fn fields(input: &LetterInput) -> BTreeMap<String, String> {
    let clean = |text: &str| printable(text.trim()).into_owned();
    let org_name = if input.org.name.trim().is_empty() { "[our organisation]".into() } else { clean(&input.org.name) };
    let org_address = address_lines(&input.org.address);
    let mut letterhead = vec![format!("**{org_name}**")];
    letterhead.extend(org_address.iter().cloned());

    let mp_name = clean(&display_name(&input.mp_name));
    let addressee = match (input.mp_title.trim(), mp_name.as_str()) {
        ("", "") => "The Member of Parliament".to_string(),
        ("", name) => format!("{name} MP"),
        (title, _) => clean(title),
    };
    let mut address_block = vec![addressee];
    match &input.to_constituency_office {
        Some(office) if !address_lines(office).is_empty() => address_block.extend(address_lines(office)),
        _ => address_block.extend(HOUSE_OF_COMMONS.map(String::from)),
    }
    let form = input.mp_salutation.as_deref().map(clean).filter(|form| !form.is_empty());
    let salutation = match form {
        Some(form) => format!("Dear {form},"),
        None if mp_name.is_empty() => "Dear Member of Parliament,".to_string(),
        None => format!("Dear {mp_name},"),
    };

    let topics: Vec<String> =
        input.topics.iter().map(|t| clean(t)).filter(|t| !t.is_empty()).map(|t| format!("- {t}")).collect();
    let topics = if topics.is_empty() {
        "- how our services are meeting the needs of your constituents, and the pressures on them".to_string()
    } else {
        topics.join("\n")
    };
    let slots: Vec<String> = input.slots.iter().map(|&(start, end)| format!("- {}", slot_text(start, end))).collect();
    let slots = if slots.is_empty() {
        "- whichever date suits you best: we are happy to fit around your diary".to_string()
    } else {
        slots.join("\n")
    };

    let (signatory, signatory_role) = match (input.org.chief_executive.trim(), input.org.chair.trim()) {
        ("", "") => ("[name of the chief executive or chair]".to_string(), "[role]"),
        ("", chair) => (clean(chair), "Chair"),
        (chief, _) => (clean(chief), "Chief Executive"),
    };
    let signature = [signatory.as_str(), signatory_role, org_name.as_str()].join(BREAK);

    let pairs = [
        ("letterhead", letterhead.join(BREAK)),
        ("org_name", org_name.clone()),
        ("org_address", org_address.join(BREAK)),
        ("date", input.today.format("%-d %B %Y").to_string()),
        ("mp_name", mp_name),
        ("mp_title", clean(&input.mp_title)),
        ("seat", clean(&input.seat)),
        ("address_block", address_block.join(BREAK)),
        ("salutation", salutation),
        ("topics", topics),
        ("slots", slots),
        ("signatory", signatory.clone()),
        ("signatory_role", signatory_role.to_string()),
        ("signature", signature),
    ];
    pairs.into_iter().map(|(name, value)| (name.to_string(), value)).collect()
}

/// An address as stored (lines separated by newlines or commas) as printable, trimmed lines.
fn address_lines(address: &str) -> Vec<String> {
    address.split(['\n', ',']).map(|line| printable(line.trim()).into_owned()).filter(|line| !line.is_empty()).collect()
}

/// The checklist item that writing a first-contact letter to a file completes: 2.1, first letter
/// drafted.
pub const DRAFTED: &str = "2.1";

/// The 2.1 item as writing a letter on `today` leaves it: ticked when it was to do or skipped;
/// `None` when it is done already (a second letter changes nothing) or is another item.
pub fn drafted(entry: &Entry, today: NaiveDate) -> Option<Entry> {
    (entry.key == DRAFTED && entry.state != ItemState::Done).then(|| Entry {
        state: ItemState::Done,
        done_on: Some(today),
        ..entry.clone()
    })
}

/// Whether letters from this organisation still carry placeholders for its name.
pub fn organisation_unset(org: &Organisation) -> bool {
    org.name.trim().is_empty()
}

/// "Friday 8 January 2027", or "Friday 8 January 2027 to Sunday 10 January 2027": the days of an
/// all-day span (its end is the day after the last at 00:00).
pub fn days_text(start: NaiveDateTime, end: NaiveDateTime) -> String {
    let (first, last) = crate::domain::when::days_of(start, end);
    if first == last { long_date(first) } else { format!("{} to {}", long_date(first), long_date(last)) }
}

/// "Friday 27 November 2026, 10:00–11:00"; a slot over midnight names both days.
pub fn slot_text(start: NaiveDateTime, end: NaiveDateTime) -> String {
    let from = format!("{}, {}", long_date(start.date()), start.format("%H:%M"));
    if end.date() == start.date() {
        format!("{from}–{}", end.format("%H:%M"))
    } else {
        format!("{from} to {}, {}", long_date(end.date()), end.format("%H:%M"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> LetterInput {
        let at = |text: &str| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        LetterInput {
            today: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            org: Organisation {
                name: "Leeds Teaching Hospitals NHS Trust".into(),
                address: "St James's University Hospital\nBeckett Street, Leeds LS9 7TF".into(),
                chief_executive: "Jane Smith".into(),
                chair: "Ravi Patel".into(),
            },
            mp_name: "Hilary Benn".into(),
            mp_title: "Rt Hon Hilary Benn MP".into(),
            mp_salutation: None,
            seat: "Leeds South".into(),
            to_constituency_office: None,
            topics: vec!["Winter pressures in A&E".into(), " ".into(), "Recruiting\x1b[31m nurses".into()],
            slots: vec![
                (at("2026-11-27 10:00"), at("2026-11-27 11:00")),
                (at("2026-11-28 10:00"), at("2026-11-28 11:00")),
            ],
        }
    }

    fn letter(input: &LetterInput) -> String {
        render(DEFAULT_TEMPLATE, &fields(input)).unwrap()
    }

    #[test]
    fn the_default_template_uses_only_known_fields() {
        let mut bare = input();
        bare.org = Organisation::default();
        bare.topics.clear();
        bare.slots.clear();
        for case in [input(), bare] {
            let text = letter(&case);
            assert!(!text.contains("{{") && !text.contains("}}"), "{text}");
            assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
        }
    }

    #[test]
    fn a_letter_has_its_parts_in_place() {
        let text = letter(&input());
        let expected_start = "**Leeds Teaching Hospitals NHS Trust**  \nSt James's University Hospital  \nBeckett Street  \n\
             Leeds LS9 7TF\n\n24 November 2026\n\nRt Hon Hilary Benn MP  \nHouse of Commons  \nLondon SW1A 0AA\n\n\
             Dear Hilary Benn,\n";
        assert!(text.starts_with(expected_start), "{text}");
        assert!(text.contains("- Winter pressures in A&E\n- Recruiting\\u{1b}[31m nurses\n"), "{text}");
        assert!(text.contains("- Friday 27 November 2026, 10:00–11:00\n- Saturday 28 November 2026, 10:00–11:00\n"));
        assert!(
            text.ends_with("Yours sincerely,\n\nJane Smith  \nChief Executive  \nLeeds Teaching Hospitals NHS Trust\n")
        );
    }

    #[test]
    fn a_titled_mp_is_addressed_by_their_salutation_and_the_envelope_keeps_the_title() {
        let mut tami = input();
        tami.mp_name = "Mark Tami".into();
        tami.mp_title = "Rt Hon Sir Mark Tami MP".into();
        tami.mp_salutation = Some("Sir Mark".into());
        tami.seat = "Alyn and Deeside".into();
        let text = letter(&tami);
        assert!(
            text.contains("\n\nRt Hon Sir Mark Tami MP  \nHouse of Commons  \nLondon SW1A 0AA\n\nDear Sir Mark,\n\n"),
            "{text}"
        );
        let mut rand = input();
        rand.mp_name = "Connor Rand".into();
        rand.mp_title = "Mr Connor Rand MP".into();
        rand.mp_salutation = Some("Mr Rand".into());
        let f = fields(&rand);
        assert_eq!((f["salutation"].as_str(), f["mp_name"].as_str()), ("Dear Mr Rand,", "Connor Rand"));
        assert_eq!(f["address_block"], "Mr Connor Rand MP  \nHouse of Commons  \nLondon SW1A 0AA");
    }

    #[test]
    fn with_no_known_form_the_letter_uses_the_name_without_a_title() {
        let mut rand = input();
        rand.mp_name = "Connor Rand".into();
        rand.mp_title = "Mr Connor Rand MP".into();
        assert_eq!(fields(&rand)["salutation"], "Dear Connor Rand,");
        // A name stored with its title still opens without it, and no form is guessed.
        rand.mp_name = "Mr Connor Rand".into();
        rand.mp_salutation = Some(" ".into());
        assert_eq!(fields(&rand)["salutation"], "Dear Connor Rand,");
    }

    #[test]
    fn a_stored_constituency_office_is_used_instead_of_the_commons() {
        let mut to_office = input();
        to_office.to_constituency_office = Some("2 Blenheim Terrace\nLeeds LS2 9JG".into());
        let block = &fields(&to_office)["address_block"];
        assert_eq!(block, "Rt Hon Hilary Benn MP  \n2 Blenheim Terrace  \nLeeds LS2 9JG");
        to_office.to_constituency_office = Some(" ".into());
        assert_eq!(fields(&to_office)["address_block"], "Rt Hon Hilary Benn MP  \nHouse of Commons  \nLondon SW1A 0AA");
    }

    #[test]
    fn a_letter_goes_to_the_stored_office_unless_told_otherwise() {
        let office = "2 Blenheim Terrace\nLeeds LS2 9JG";
        assert_eq!(office_for(None, office), Ok(Some(office.to_string())));
        assert_eq!(office_for(None, ""), Ok(None));
        assert_eq!(office_for(None, " ,\n "), Ok(None), "an address with no lines is no address");
        assert_eq!(office_for(Some(Destination::Westminster), office), Ok(None));
        assert_eq!(office_for(Some(Destination::Constituency), office), Ok(Some(office.to_string())));
        assert_eq!(office_for(Some(Destination::Constituency), " "), Err(NoOfficeAddress));
    }

    #[test]
    fn fallbacks_for_missing_details() {
        let mut sparse = input();
        sparse.org.chief_executive.clear();
        sparse.mp_title.clear();
        sparse.topics.clear();
        sparse.slots.clear();
        let f = fields(&sparse);
        assert_eq!(f["signature"], "Ravi Patel  \nChair  \nLeeds Teaching Hospitals NHS Trust");
        assert!(f["address_block"].starts_with("Hilary Benn MP  \n"));
        assert!(f["topics"].starts_with("- how our services"));
        assert!(f["slots"].starts_with("- whichever date"));
        sparse.org.chair.clear();
        sparse.mp_name.clear();
        let f = fields(&sparse);
        assert!(f["signature"].starts_with("[name of the chief executive or chair]  \n[role]"));
        assert_eq!(f["salutation"], "Dear Member of Parliament,");
    }

    #[test]
    fn render_fills_fields_and_names_unknown_ones_with_their_line() {
        let fields: BTreeMap<String, String> = [("name".to_string(), "Hilary".to_string())].into();
        assert_eq!(render("Dear {{ name }}, {{name}}!", &fields).unwrap(), "Dear Hilary, Hilary!");
        assert_eq!(render("no fields", &fields).unwrap(), "no fields");
        let err = render("Hello\n\nDear {{nmae}},", &fields).unwrap_err();
        assert_eq!(err, TemplateError::UnknownField { name: "nmae".into(), line: 3, known: "name".into() });
        assert_eq!(err.to_string(), "line 3 uses an unknown field {{nmae}}; the fields are: name");
        assert_eq!(render("a\n{{name", &fields).unwrap_err(), TemplateError::Unclosed { line: 2 });
        assert_eq!(render("{{name\n}}", &fields).unwrap_err(), TemplateError::Unclosed { line: 1 });
        assert!(render("{{name", &fields).unwrap_err().to_string().contains("opens a field with {{ but"));
    }

    #[test]
    fn a_slot_over_midnight_names_both_days() {
        let at = |text: &str| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            slot_text(at("2026-11-27 23:00"), at("2026-11-28 01:00")),
            "Friday 27 November 2026, 23:00 to Saturday 28 November 2026, 01:00"
        );
    }

    #[test]
    fn the_first_letter_ticks_2_1_and_a_second_changes_nothing() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let item = |key: &str, state| Entry {
            key: crate::domain::engagement::checklist::entry_key(key),
            state,
            done_on: None,
            note: "kept".into(),
        };
        let ticked = drafted(&item("2.1", ItemState::Todo), today).unwrap();
        assert_eq!((ticked.state, ticked.done_on, ticked.note.as_str()), (ItemState::Done, Some(today), "kept"));
        assert_eq!(drafted(&item("2.1", ItemState::Skipped), today).map(|e| e.state), Some(ItemState::Done));
        assert_eq!(drafted(&ticked, today), None, "done already");
        assert_eq!(drafted(&item("2.3", ItemState::Todo), today), None, "another item");
        assert!(organisation_unset(&Organisation { name: "  ".into(), ..Default::default() }));
        assert!(!organisation_unset(&Organisation { name: "Leeds Teaching Hospitals".into(), ..Default::default() }));
    }
}
