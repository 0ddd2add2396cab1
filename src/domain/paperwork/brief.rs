//! The meeting brief: one Markdown page to read before meeting an MP — their card, the next
//! meeting or visit with its calendar flag and press plan, background notes, topics, the contact
//! history and where the checklist stands.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::domain::engagement::agenda::FlaggedProposal;
use crate::domain::engagement::checklist::{Entry, ITEMS, ItemState, Progress, STEPS};
use crate::domain::engagement::contact::Interaction;
use crate::domain::engagement::followups::SWITCHBOARD;
use crate::domain::mps::names::{display_name, same_name};
use crate::domain::paperwork::letter::{days_text, slot_text};
use crate::domain::text::printable;
use crate::domain::views::MpCard;

/// What a brief is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefInput {
    pub today: NaiveDate,
    pub card: MpCard,
    /// The engagement's background notes on the MP (several lines allowed).
    pub background: String,
    pub topics: Vec<String>,
    pub interactions: Vec<Interaction>,
    pub checklist: Vec<Entry>,
    /// The next meeting or visit, flagged against the calendar.
    pub next: Option<FlaggedProposal>,
}

/// Text from the data on one line, with control characters escaped.
fn clean(text: &str) -> String {
    printable(text.trim()).into_owned()
}

fn day(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// The brief as Markdown. Every value from the data is made printable, so the text holds no raw
/// control characters (only the newlines that separate its lines).
pub fn brief(input: &BriefInput) -> String {
    let summary = &input.card.summary;
    let name = clean(&summary.name);
    let mut out =
        format!("# Meeting brief: {name}, {}\n\nPrepared on {}.\n", clean(&summary.constituency), day(input.today));
    card(&mut out, input);
    next_meeting(&mut out, input.next.as_ref());

    out.push_str("\n## Background notes\n\n");
    let notes: Vec<String> = input.background.lines().map(clean).collect();
    if notes.iter().all(String::is_empty) {
        out.push_str("None yet: look into the MP's health or care experience and interests (checklist 4.1).\n");
    } else {
        let text = notes.join("\n");
        out.push_str(text.trim_matches('\n'));
        out.push('\n');
    }

    out.push_str("\n## Topics to raise\n\n");
    let topics: Vec<String> = input.topics.iter().map(|t| clean(t)).filter(|t| !t.is_empty()).collect();
    if topics.is_empty() {
        out.push_str("None recorded yet.\n");
    }
    for topic in topics {
        let _ = writeln!(out, "- {topic}");
    }

    out.push_str("\n## Contact history (newest first)\n\n");
    let mut log: Vec<&Interaction> = input.interactions.iter().collect();
    log.sort_by(|a, b| b.on.cmp(&a.on).then(b.id.cmp(&a.id)));
    if log.is_empty() {
        out.push_str("Nothing logged yet.\n");
    }
    for i in log {
        // Contacts logged before names were stored without titles may carry one ("Mr Connor Rand").
        let with = if i.mp_name.trim().is_empty() || same_name(&i.mp_name, &summary.name) {
            String::new()
        } else {
            format!(" (with {})", clean(&display_name(&i.mp_name)))
        };
        let summary = clean(&i.summary);
        let summary = if summary.is_empty() { String::new() } else { format!(": {summary}") };
        let _ = writeln!(out, "- {} — {} {}{with}{summary}", day(i.on), i.kind, i.direction.label());
    }

    checklist(&mut out, &input.checklist);
    out
}

fn card(out: &mut String, input: &BriefInput) {
    let card = &input.card;
    let summary = &card.summary;
    let mut rows: Vec<(&str, String)> = vec![("Name", clean(&summary.name))];
    let title = clean(&card.full_title);
    if !title.is_empty() && title != rows[0].1 {
        rows.push(("Title", title));
    }
    if let Some(form) = card.salutation.as_deref().map(clean).filter(|form| !form.is_empty()) {
        rows.push(("Address as", form));
    }
    rows.push(("Party", clean(&summary.party)));
    let mut seat = format!("{} ({})", clean(&summary.constituency), clean(&summary.constituency_code));
    if !summary.region.trim().is_empty() {
        seat.push_str(&format!(", {}", clean(&summary.region)));
    }
    rows.push(("Seat", seat));
    if let Some(since) = card.held_since().text(day) {
        rows.push(("MP for the seat since", since));
    }
    rows.push(("2024 result", clean(&card.ge2024_result)));
    rows.push(("Local authorities", clean(&card.local_authorities)));
    rows.push(("Email", clean(&summary.email)));
    rows.push((
        "Phone",
        format!("{SWITCHBOARD} (House of Commons switchboard: ask for {}'s office)", clean(&summary.name)),
    ));
    let links = &card.links;
    for (label, link) in [
        ("Parliament profile", &links.parliament_profile),
        ("Website", &links.website),
        ("X", &links.twitter),
        ("Bluesky", &links.bluesky),
        ("Facebook", &links.facebook),
    ] {
        rows.push((label, clean(link)));
    }
    out.push_str("\n## The MP\n\n");
    for (label, value) in rows.into_iter().filter(|(_, value)| !value.is_empty()) {
        let _ = writeln!(out, "- **{label}:** {value}");
    }
    let profile = card.profile.rows();
    if !profile.is_empty() {
        out.push_str("\n## From Parliament's records\n\n");
        for (label, value) in profile {
            let _ = writeln!(out, "- **{}:** {}", clean(&label), clean(&value));
        }
    }
}

fn next_meeting(out: &mut String, next: Option<&FlaggedProposal>) {
    out.push_str("\n## Next meeting or visit\n\n");
    let Some(next) = next else {
        out.push_str("None planned yet.\n");
        return;
    };
    let p = &next.proposal;
    let mut rows = vec![
        ("What", format!("{} ({}, {})", clean(&p.label()), p.kind, p.status)),
        ("When", if p.all_day { format!("{}, all day", days_text(p.start, p.end)) } else { slot_text(p.start, p.end) }),
        ("Where", clean(&p.place)),
    ];
    if let Some(n) = p.attendees {
        rows.push(("Attendees", n.to_string()));
    }
    rows.push(("Calendar", format!("{}: {}", next.word(), clean(&next.reason))));
    rows.push(("Press", p.press.summary()));
    for (label, value) in rows.into_iter().filter(|(_, value)| !value.is_empty()) {
        let _ = writeln!(out, "- **{label}:** {value}");
    }
}

fn checklist(out: &mut String, entries: &[Entry]) {
    let entry = |key: &str| entries.iter().find(|e| e.key == key);
    let progress = Progress::of(entries.iter().map(|e| (&*e.key, e.state)));
    out.push_str("\n## Checklist\n\n");
    let next = match progress.next {
        Some(key) => format!("next: {key}"),
        None => "every item settled".to_string(),
    };
    let _ = writeln!(out, "{} done, {} skipped, of {}; {next}.", progress.done, progress.skipped, progress.total);
    for step in STEPS {
        let _ = write!(out, "\n### Step {}: {}\n\n", step.number, step.title);
        for item in ITEMS.iter().filter(|i| i.step == step.number) {
            let found = entry(item.key);
            let line = match found.map(|e| (e.state, e.done_on)) {
                Some((ItemState::Done, Some(on))) => format!("- [x] {} {} (done {})", item.key, item.text, day(on)),
                Some((ItemState::Done, None)) => format!("- [x] {} {}", item.key, item.text),
                Some((ItemState::Skipped, _)) => format!("- [ ] ~~{} {}~~ (skipped)", item.key, item.text),
                Some((ItemState::Todo, _)) | None => format!("- [ ] {} {}", item.key, item.text),
            };
            out.push_str(&line);
            if let Some(note) = found.map(|e| clean(&e.note)).filter(|n| !n.is_empty()) {
                let _ = write!(out, " — {note}");
            }
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::CalendarData;
    use crate::domain::engagement::contact::{Direction, InteractionKind};
    use crate::domain::engagement::fixtures::{contact, d, entry, proposal};
    use crate::domain::engagement::press::{Press, PressPlan};
    use crate::domain::engagement::proposal::ProposalStatus;
    use crate::domain::views::{Links, MpSummary};

    fn card() -> MpCard {
        MpCard {
            summary: MpSummary {
                constituency_code: "E14001323".into(),
                constituency: "Leeds South".into(),
                country: "England".into(),
                region: "Yorkshire and The Humber".into(),
                name: "Hilary Benn".into(),
                party: "Labour".into(),
                email: "boxj@parliament.uk".into(),
                member_id: Some(413),
                tracked: true,
                progress: None,
            },
            full_title: "Rt Hon Hilary Benn MP".into(),
            salutation: None,
            twfy_person_id: None,
            seat_held_since: None,
            held_since_2024_general_election: true,
            ge2024_result: "Lab hold".into(),
            local_authorities: "Leeds".into(),
            links: Links::new("https://members.parliament.uk/member/413", "", "hilarybennmp", "", ""),
            history: Vec::new(),
            changes: Vec::new(),
            profile: Default::default(),
        }
    }

    fn input() -> BriefInput {
        let cal = CalendarData::from_dataset(&crate::data::shipped().unwrap());
        let mut visit = proposal("Ward visit", "2026-06-12 10:00", ProposalStatus::Confirmed);
        visit.attendees = Some(3);
        visit.press = Press { plan: PressPlan::Agreed, draft_shared_on: Some(d("2026-06-08")), ..Press::default() };
        let mut call = contact(InteractionKind::Call, Direction::ToMp, "2026-06-02");
        call.summary = "Diary secretary\x1b[2J offered June".into();
        BriefInput {
            today: d("2026-06-09"),
            card: card(),
            background: "Former Secretary of State.\n\nInterested in\x07 mental health.".into(),
            topics: vec!["Winter pressures".into()],
            interactions: vec![contact(InteractionKind::Letter, Direction::ToMp, "2026-05-30"), call],
            checklist: vec![
                entry("1.1", ItemState::Done, Some("2026-05-20")),
                entry("1.2", ItemState::Skipped, None),
                entry("2.3", ItemState::Done, Some("2026-05-30")),
            ],
            next: Some(FlaggedProposal::classify(&visit, &cal)),
        }
    }

    #[test]
    fn the_brief_has_its_sections_in_order() {
        let text = brief(&input());
        let headings = [
            "# Meeting brief: Hilary Benn, Leeds South\n\nPrepared on 9 June 2026.\n",
            "## The MP",
            "## Next meeting or visit",
            "## Background notes",
            "## Topics to raise",
            "## Contact history (newest first)",
            "## Checklist",
            "### Step 1: Identify",
            "### Step 5: Stay in touch",
        ];
        let at: Vec<usize> = headings.iter().map(|h| text.find(h).unwrap_or_else(|| panic!("{h}\n{text}"))).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
        for line in [
            "- **Title:** Rt Hon Hilary Benn MP",
            "- **MP for the seat since:** the 2024 general election",
            "- **Phone:** 020 7219 3000 (House of Commons switchboard: ask for Hilary Benn's office)",
            "- **X:** https://x.com/hilarybennmp",
            "- **When:** Friday 12 June 2026, 10:00–11:00",
            "- **Calendar:** clear: Friday 12 June 2026 is not a sitting Friday: the MP is likely in the constituency",
            "- **Press:** agreed; draft shared 8 Jun 2026",
            "- **Attendees:** 3",
            "- Winter pressures",
            "2 done, 1 skipped, of 17; next: 2.1.",
            "- [x] 1.1 Seat confirmed from one of our sites' postcodes (done 20 May 2026)",
            "- [ ] ~~1.2 Neighbouring seats whose residents use our services considered~~ (skipped)",
            "- [ ] 2.4 Westminster office called (020 7219 3000) to fix a time",
        ] {
            assert!(text.contains(line), "missing {line:?}\n{text}");
        }
        assert!(!text.contains("**Website:**"), "empty links are left out");
        assert!(!text.contains("**Address as:**"), "no form of address is known for him");
    }

    #[test]
    fn a_titled_mp_is_named_without_the_title_and_the_brief_says_how_to_address_him() {
        let mut tami = input();
        tami.card.summary.name = "Mark Tami".into();
        tami.card.full_title = "Rt Hon Sir Mark Tami MP".into();
        tami.card.salutation = Some("Sir Mark".into());
        tami.card.held_since_2024_general_election = false;
        tami.card.seat_held_since = Some(d("2025-05-01"));
        // Contacts logged while the name was stored with its title are still with him.
        for i in &mut tami.interactions {
            i.mp_name = "Sir Mark Tami".into();
        }
        tami.interactions[0].mp_name = "Mr Jo Bloggs".into();
        let text = brief(&tami);
        for line in [
            "# Meeting brief: Mark Tami, Leeds South",
            "- **Name:** Mark Tami",
            "- **Title:** Rt Hon Sir Mark Tami MP",
            "- **Address as:** Sir Mark",
            "- **MP for the seat since:** 1 May 2025",
            "(with Jo Bloggs)",
        ] {
            assert!(text.contains(line), "missing {line:?}\n{text}");
        }
        assert!(!text.contains("with Sir Mark Tami") && !text.contains("Mr Jo"), "{text}");
        tami.card.seat_held_since = None;
        assert!(!brief(&tami).contains("seat since"), "nothing is said when the data cannot say");
    }

    #[test]
    fn history_is_newest_first_and_data_cannot_inject_control_characters() {
        let text = brief(&input());
        let call = text.find("- 2 June 2026 — call to the MP: Diary secretary\\u{1b}[2J offered June").unwrap();
        let letter = text.find("- 30 May 2026 — letter to the MP: letter to the MP").unwrap();
        assert!(call < letter);
        assert!(text.contains("Former Secretary of State.\n\nInterested in\\u{7} mental health.\n"));
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
    }

    #[test]
    fn an_empty_engagement_says_what_is_missing() {
        let mut bare = input();
        bare.background = "  \n".into();
        bare.topics.clear();
        bare.interactions.clear();
        bare.checklist.clear();
        bare.next = None;
        let text = brief(&bare);
        for line in ["None planned yet.", "None yet: look into", "None recorded yet.", "Nothing logged yet."] {
            assert!(text.contains(line), "missing {line:?}");
        }
        assert!(text.contains("0 done, 0 skipped, of 17; next: 1.1."));
    }
}
