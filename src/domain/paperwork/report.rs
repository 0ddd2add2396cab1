//! The board report (`mpplan report`): per tracked MP over a period, the contacts by kind, meetings
//! held, checklist steps completed, follow-ups outstanding and press outcomes, with totals first.

use std::ops::RangeInclusive;

use chrono::NaiveDate;

use crate::domain::engagement::checklist::ItemState;
use crate::domain::engagement::contact::InteractionKind;
use crate::domain::engagement::facts::EngagementRecord;
use crate::domain::engagement::followups::{FollowUpSettings, follow_ups};
use crate::domain::engagement::proposal::ProposalStatus;
use crate::domain::interchange::csv_export::{Cell, Sheet};

/// Each kind of contact in one and many, in the order of [`InteractionKind::ALL`].
const KIND_NAMES: [(&str, &str); 9] = [
    ("letter", "letters"),
    ("email", "emails"),
    ("call", "calls"),
    ("meeting", "meetings"),
    ("visit", "visits"),
    ("event", "events"),
    ("surgery", "surgeries"),
    ("press contact", "press contacts"),
    ("other contact", "other contacts"),
];

/// The figures for one MP, or for all of them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Figures {
    /// Contacts logged in the period, by kind, in the order of [`InteractionKind::ALL`].
    pub contacts: [usize; 9],
    /// Proposals in the period marked held.
    pub meetings_held: usize,
    /// Checklist items ticked done in the period.
    pub steps_completed: usize,
    /// Follow-ups outstanding on the day of the report, and how many of them are overdue.
    pub follow_ups: usize,
    pub overdue: usize,
    /// Of the proposals in the period: press agreed, the MP's quote received, the story published.
    pub press_agreed: usize,
    pub quotes_received: usize,
    pub published: usize,
}

impl Figures {
    fn of(
        record: &EngagementRecord,
        period: &RangeInclusive<NaiveDate>,
        today: NaiveDate,
        s: &FollowUpSettings,
    ) -> Self {
        let mut contacts = [0; 9];
        for i in record.interactions.iter().filter(|i| period.contains(&i.on)) {
            if let Some(k) = InteractionKind::ALL.iter().position(|k| *k == i.kind) {
                contacts[k] += 1;
            }
        }
        let proposals: Vec<_> = record.proposals.iter().filter(|p| period.contains(&p.start.date())).collect();
        let outstanding = follow_ups(&record.facts, today, s);
        Figures {
            contacts,
            meetings_held: proposals.iter().filter(|p| p.status == ProposalStatus::Held).count(),
            steps_completed: record
                .facts
                .checklist
                .iter()
                .filter(|e| e.state == ItemState::Done && e.done_on.is_some_and(|d| period.contains(&d)))
                .count(),
            follow_ups: outstanding.len(),
            overdue: outstanding.iter().filter(|f| f.is_overdue(today)).count(),
            press_agreed: proposals.iter().filter(|p| p.press.plan.invited()).count(),
            quotes_received: proposals.iter().filter(|p| p.press.quote_received_on.is_some()).count(),
            published: proposals.iter().filter(|p| p.press.published_on.is_some()).count(),
        }
    }

    fn add(&mut self, other: &Figures) {
        for (a, b) in self.contacts.iter_mut().zip(other.contacts) {
            *a += b;
        }
        self.meetings_held += other.meetings_held;
        self.steps_completed += other.steps_completed;
        self.follow_ups += other.follow_ups;
        self.overdue += other.overdue;
        self.press_agreed += other.press_agreed;
        self.quotes_received += other.quotes_received;
        self.published += other.published;
    }

    pub fn total_contacts(&self) -> usize {
        self.contacts.iter().sum()
    }

    /// "2 letters and 1 call", or none when nothing was logged.
    fn kinds_text(&self) -> Option<String> {
        let parts: Vec<String> = KIND_NAMES
            .iter()
            .zip(self.contacts)
            .filter(|(_, n)| *n > 0)
            .map(|((one, many), n)| count(n, one, many))
            .collect();
        (!parts.is_empty()).then(|| and_list(&parts))
    }

    /// "3 (2 letters and 1 call)", or "0".
    fn contacts_text(&self) -> String {
        self.kinds_text().map_or("0".into(), |kinds| format!("{} ({kinds})", self.total_contacts()))
    }

    /// "2 (1 overdue)", or "0".
    fn follow_ups_text(&self) -> String {
        if self.overdue == 0 {
            self.follow_ups.to_string()
        } else {
            format!("{} ({} overdue)", self.follow_ups, self.overdue)
        }
    }
}

/// One tracked MP's line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MpLine {
    pub code: String,
    pub seat: String,
    /// Empty when the seat is vacant.
    pub mp: String,
    pub figures: Figures,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub organisation: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The day follow-ups are counted on.
    pub today: NaiveDate,
    pub total: Figures,
    /// In the order of `records` (seat name).
    pub lines: Vec<MpLine>,
}

/// The report over `from..=to` for the tracked engagements among `records` (made as of `today`).
pub fn report(
    organisation: &str,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    records: &[EngagementRecord],
    settings: &FollowUpSettings,
) -> Report {
    let period = from..=to;
    let lines: Vec<MpLine> = records
        .iter()
        .filter(|r| r.facts.tracked)
        .map(|r| MpLine {
            code: r.facts.code.to_string(),
            seat: r.facts.seat.to_string(),
            mp: r.facts.mp.to_string(),
            figures: Figures::of(r, &period, today, settings),
        })
        .collect();
    let mut total = Figures::default();
    for line in &lines {
        total.add(&line.figures);
    }
    Report { organisation: organisation.trim().to_string(), from, to, today, total, lines }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Like [`count`], but "no meetings" for none.
fn some(n: usize, one: &str, many: &str) -> String {
    if n == 0 { format!("no {many}") } else { count(n, one, many) }
}

/// "a", "a and b", "a, b and c".
fn and_list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A table cell: pipes escaped, line breaks made spaces.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// The paragraph of totals: "Leeds Trust is tracking its relationship with 2 MPs. Over the period…"
fn summary(who: &str, r: &Report) -> String {
    let t = &r.total;
    let contacts = match t.kinds_text() {
        None => "no contacts".to_string(),
        Some(kinds) => format!("{} ({kinds})", count(t.total_contacts(), "contact", "contacts")),
    };
    let press = if t.press_agreed + t.quotes_received + t.published == 0 {
        "No press coverage was planned for the period's proposals.".to_string()
    } else {
        format!(
            "Press were invited to {}; {} received and {} published.",
            some(t.press_agreed, "proposal", "proposals"),
            some(t.quotes_received, "quote from the MP was", "quotes from MPs were"),
            some(t.published, "story was", "stories were")
        )
    };
    let follow_ups = match (t.follow_ups, t.overdue) {
        (0, _) => "no follow-ups are outstanding".to_string(),
        (1, overdue) => format!("1 follow-up is outstanding{}", if overdue == 1 { " and overdue" } else { "" }),
        (n, 0) => format!("{n} follow-ups are outstanding"),
        (n, overdue) => format!("{n} follow-ups are outstanding, {overdue} of them overdue"),
    };
    format!(
        "{who} is tracking its relationship with {}. Over the period it logged {contacts}, held {} and completed \
         {}. {press} On {}, {follow_ups}.\n\n",
        count(r.lines.len(), "MP", "MPs"),
        some(t.meetings_held, "meeting or visit", "meetings or visits"),
        some(t.steps_completed, "step of the engagement checklist", "steps of the engagement checklist"),
        day(r.today),
    )
}

/// The report in Markdown, for a board paper: a heading, a summary paragraph, a table (totals first)
/// and a note on what the figures count.
pub fn markdown(r: &Report) -> String {
    let who = if r.organisation.is_empty() { "The organisation" } else { &r.organisation };
    let t = &r.total;
    let mut out = format!("# Engagement with MPs: {} to {}\n\n", day(r.from), day(r.to));
    if r.lines.is_empty() {
        out.push_str(&format!("{who} is not tracking any MP yet: start with `mpplan track`.\n"));
        return out;
    }
    out.push_str(&summary(who, r));
    out.push_str("| MP | Constituency | Contacts | Meetings held | Steps completed | Follow-ups outstanding | Press invited | MP quotes | Published |\n");
    out.push_str("|---|---|---|---|---|---|---:|---:|---:|\n");
    let row = |mp: &str, seat: &str, f: &Figures| {
        format!(
            "| {mp} | {seat} | {} | {} | {} | {} | {} | {} | {} |\n",
            f.contacts_text(),
            f.meetings_held,
            f.steps_completed,
            f.follow_ups_text(),
            f.press_agreed,
            f.quotes_received,
            f.published
        )
    };
    out.push_str(&row("**All tracked MPs**", "", t));
    for line in &r.lines {
        let mp = if line.mp.is_empty() { "(vacant)".to_string() } else { cell(&line.mp) };
        out.push_str(&row(&mp, &cell(&line.seat), &line.figures));
    }
    out.push_str(&format!(
        "\nContacts are those logged from {} to {}; meetings held are proposals in the period marked held; \
         steps are checklist items ticked in the period; press figures count the period's proposals; \
         follow-ups are those outstanding on {}.\n",
        day(r.from),
        day(r.to),
        day(r.today)
    ));
    out
}

/// The report as a sheet: the totals first, then one row per tracked MP.
pub fn sheet(r: &Report) -> Sheet {
    let mut headers: Vec<String> = ["mp", "seat_code", "seat", "from", "to", "contacts"].map(String::from).to_vec();
    headers.extend(KIND_NAMES.iter().map(|(_, many)| many.replace(' ', "_")));
    headers.extend(
        [
            "meetings_held",
            "steps_completed",
            "follow_ups_outstanding",
            "follow_ups_overdue",
            "press_invited",
            "quotes_received",
            "published",
        ]
        .map(String::from),
    );
    let row = |mp: &str, code: &str, seat: &str, f: &Figures| {
        let mut cells: Vec<Cell> = vec![mp.into(), code.into(), seat.into(), Cell::Date(r.from), Cell::Date(r.to)];
        cells.push(Cell::count(f.total_contacts()));
        cells.extend(f.contacts.iter().map(|&n| Cell::count(n)));
        cells.extend(
            [
                f.meetings_held,
                f.steps_completed,
                f.follow_ups,
                f.overdue,
                f.press_agreed,
                f.quotes_received,
                f.published,
            ]
            .map(Cell::count),
        );
        cells
    };
    let mut rows = vec![row("All tracked MPs", "", "", &r.total)];
    rows.extend(r.lines.iter().map(|l| row(&l.mp, &l.code, &l.seat, &l.figures)));
    Sheet { headers, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::engagement::contact::Direction;
    use crate::domain::engagement::fixtures::{contact, d, entry, facts, proposal};
    use crate::domain::engagement::followups::ahead_days;
    use crate::domain::engagement::press::{Press, PressPlan};

    /// Leeds South with a letter and a call in the period and one before it, a held visit with press
    /// and a quote, two steps ticked (one before the period); Leeds East untracked.
    fn world() -> Vec<EngagementRecord> {
        let south_log = vec![
            contact(InteractionKind::Letter, Direction::ToMp, "2025-01-10"),
            contact(InteractionKind::Letter, Direction::ToMp, "2026-10-01"),
            contact(InteractionKind::Call, Direction::ToMp, "2026-10-08"),
        ];
        let mut held = proposal("", "2026-11-06 10:00", ProposalStatus::Held);
        held.press = Press { plan: PressPlan::Agreed, quote_received_on: Some(d("2026-11-02")), ..Default::default() };
        let south_proposals = vec![held, proposal("", "2026-12-04 10:00", ProposalStatus::Proposed)];
        let mut south = facts();
        south.checklist = vec![
            entry("1.1", ItemState::Done, Some("2025-01-01")),
            entry("2.3", ItemState::Done, Some("2026-10-01")),
            entry("2.4", ItemState::Done, Some("2026-10-08")),
        ];
        let mut east = facts();
        east.code = "E14001320".into();
        east.seat = "Leeds East".into();
        east.tracked = false;
        let east_log = vec![contact(InteractionKind::Email, Direction::ToMp, "2026-10-01")];
        let today = d("2026-11-24");
        vec![
            EngagementRecord::new(south, south_log, south_proposals, today, ahead_days()),
            EngagementRecord::new(east, east_log, Vec::new(), today, ahead_days()),
        ]
    }

    fn leeds() -> Report {
        report(" Leeds Trust ", d("2025-11-24"), d("2026-11-24"), d("2026-11-24"), &world(), &Default::default())
    }

    #[test]
    fn figures_count_the_period_for_tracked_mps_only() {
        let r = leeds();
        assert_eq!(r.organisation, "Leeds Trust");
        assert_eq!(r.lines.len(), 1, "Leeds East is not tracked");
        let f = &r.lines[0].figures;
        assert_eq!((f.contacts[0], f.contacts[2], f.total_contacts()), (1, 1, 2));
        assert_eq!((f.meetings_held, f.steps_completed), (1, 2));
        assert_eq!((f.press_agreed, f.quotes_received, f.published), (1, 1, 0));
        assert_eq!(r.total, *f, "one MP: the totals are theirs");
        let thank = follow_ups(&world()[0].facts, d("2026-11-24"), &Default::default());
        assert_eq!(
            (f.follow_ups, f.overdue),
            (thank.len(), thank.iter().filter(|t| t.is_overdue(d("2026-11-24"))).count())
        );
    }

    #[test]
    fn markdown_has_a_heading_a_summary_and_a_table_with_totals_first() {
        let md = markdown(&leeds());
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines[0], "# Engagement with MPs: 24 November 2025 to 24 November 2026");
        assert!(lines[2].starts_with("Leeds Trust is tracking its relationship with 1 MP. Over the period it logged 2 contacts (1 letter and 1 call), held 1 meeting or visit and completed 2 steps"), "{md}");
        assert!(lines[4].starts_with("| MP | Constituency | Contacts |"));
        assert!(lines[6].starts_with("| **All tracked MPs** |  | 2 (1 letter and 1 call) | 1 | 2 |"), "{md}");
        assert!(lines[7].starts_with("| Hilary Benn | Leeds South | 2 (1 letter and 1 call) |"), "{md}");
        assert!(md.ends_with(".\n"));
        assert!(
            lines[2].ends_with(
                "Press were invited to 1 proposal; 1 quote from the MP was received and no stories were published. \
                 On 24 November 2026, 1 follow-up is outstanding and overdue."
            ),
            "{md}"
        );
    }

    #[test]
    fn markdown_cells_cannot_break_the_table_and_no_mps_is_said() {
        let mut f = world();
        f[0].facts.mp = "".into();
        f[0].facts.seat = "A | B\nC".into();
        let md = markdown(&report("", d("2026-01-01"), d("2026-12-31"), d("2026-11-24"), &f, &Default::default()));
        assert!(md.contains("| (vacant) | A \\| B C |"), "{md}");
        assert!(md.contains("The organisation is tracking"));
        f[0].facts.tracked = false;
        let md = markdown(&report("", d("2026-01-01"), d("2026-12-31"), d("2026-11-24"), &f, &Default::default()));
        assert!(md.contains("not tracking any MP yet") && !md.contains('|'), "{md}");
    }

    #[test]
    fn the_sheet_has_totals_first_and_a_column_per_kind() {
        let sheet = sheet(&leeds());
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.headers.len(), sheet.rows[0].len());
        let col = |name: &str| sheet.headers.iter().position(|h| h == name).unwrap();
        assert_eq!(sheet.rows[0][col("mp")], "All tracked MPs");
        assert_eq!(sheet.rows[1][col("seat_code")], "E14001323");
        assert_eq!(
            (&sheet.rows[1][col("letters")], &sheet.rows[1][col("press_contacts")]),
            (&Cell::Number(1), &Cell::Number(0))
        );
        assert_eq!(sheet.rows[1][col("from")], "2025-11-24");
    }

    #[test]
    fn lists_join_with_and() {
        let s = |v: &[&str]| and_list(&v.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(
            (s(&[]), s(&["a"]), s(&["a", "b"]), s(&["a", "b", "c"])),
            ("".into(), "a".into(), "a and b".into(), "a, b and c".into())
        );
    }
}
