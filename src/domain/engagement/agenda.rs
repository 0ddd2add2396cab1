//! The daily review (`mpplan agenda` and the Today screen): conflicts ahead, the proposals of today
//! and of the next seven days, follow-ups overdue and due, each tracked MP's next step, relationships gone quiet,
//! follow-ups snoozed (and when they come back), and a warning when the calendar data is about to run out. One
//! [`Agenda`] feeds both, so they agree; its plain text is in [`agenda_text`](super::agenda_text).

use std::sync::Arc;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::domain::calendar::{CalendarData, Flag, long_date};
use crate::domain::engagement::checklist::{ITEMS, ItemState, Progress, item_index};
use crate::domain::engagement::facts::EngagementFacts;
pub use crate::domain::engagement::flagged::FlaggedProposal;
use crate::domain::engagement::flagged::flag_owned;
use crate::domain::engagement::followups::{CADENCE_RULE, FollowUp, FollowUpSettings, follow_ups};
use crate::domain::engagement::marks::{FollowUpMarks, Standing, next_step_id};
use crate::domain::engagement::proposal::{Proposal, ProposalStatus};
use crate::domain::reference::age::DataAge;

/// How far ahead the agenda looks for conflicts and for the calendar data running out: eight weeks.
pub const AHEAD_DAYS: u32 = 56;

/// Follow-ups due within this many days of today are listed as due, and proposals within this many
/// days after today are listed as coming.
pub const DUE_SOON_DAYS: u32 = 7;

/// The ids of the agenda's sections, in the order they are shown ([`agenda_sections`](super::agenda_text::agenda_sections)); the last two
/// only when there is something to say.
pub const SECTIONS: [&str; 10] = [
    "conflicts_ahead",
    "proposals_today",
    "proposals_next_seven_days",
    "follow_ups_overdue",
    "follow_ups_due",
    "next_steps",
    "gone_quiet",
    "snoozed",
    "calendar_warning",
    "data_age",
];

/// The ways to extend the calendar data, the first and best one first: (command, what it adds).
const CALENDAR_FIXES: [(&str, &str); 3] = [
    ("mpplan update", "the latest calendar from Parliament (sitting days and recesses)"),
    ("mpplan recess add NAME FIRST LAST", "each recess announced beyond the data"),
    ("mpplan sitting add DATE [--note TEXT]", "sitting Fridays and recalls"),
];

/// A tracked MP's next checklist item, and since when the engagement has waited on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextStep {
    /// The seat's code and the item's key, `E14001323.2.4` ([`next_step_id`]).
    pub id: String,
    pub code: Arc<str>,
    pub seat: Arc<str>,
    pub mp: Arc<str>,
    /// The item's key, "2.4".
    pub key: &'static str,
    pub item: &'static str,
    /// The day of the engagement's last checklist progress, or the day it began.
    pub waiting_since: NaiveDate,
    /// The item's note, if it has one.
    pub note: String,
}

/// A command that extends the calendar data, and what it adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarFix {
    pub command: &'static str,
    pub adds: &'static str,
}

/// A follow-up snoozed, and the day it comes back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnoozedFollowUp {
    #[serde(flatten)]
    pub follow_up: FollowUp,
    /// The day it is listed again where its due date puts it.
    pub snoozed_until: NaiveDate,
}

/// The calendar data runs out soon (or has): later days are only assumed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarWarning {
    /// The first day assumed by the weekday pattern; none when there is no sitting-day data.
    pub assumed_from: Option<NaiveDate>,
    pub message: String,
    pub fixes: Vec<CalendarFix>,
}

/// The daily review. Field names are `mpplan agenda --json`'s; keep them stable. Fields come in
/// the order the sections are shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agenda {
    pub date: NaiveDate,
    /// Proposals in the next eight weeks, not cancelled, flagged conflict or caution.
    pub conflicts_ahead: Vec<FlaggedProposal>,
    pub proposals_today: Vec<FlaggedProposal>,
    /// Proposals after today, in the next seven days.
    pub proposals_next_seven_days: Vec<FlaggedProposal>,
    pub follow_ups_overdue: Vec<FollowUp>,
    /// Due today or within the next seven days.
    pub follow_ups_due: Vec<FollowUp>,
    /// Oldest first: the engagement waiting longest comes first. A step a follow-up above already
    /// asks for is not listed again.
    pub next_steps: Vec<NextStep>,
    /// Engagements with no contact for longer than their cadence.
    pub gone_quiet: Vec<FollowUp>,
    /// Follow-ups snoozed until a day after today, the soonest back first; they are left out of
    /// the lists above.
    pub snoozed: Vec<SnoozedFollowUp>,
    pub calendar_warning: Option<CalendarWarning>,
    /// How old the MPs and the calendar are (set by whoever reads them from the store).
    pub data_age: Option<DataAge>,
}

/// Builds the agenda for `today` with no follow-up marked: [`agenda_with_marks`] with none.
pub fn agenda(
    today: NaiveDate,
    facts: &[EngagementFacts],
    proposals: &[Proposal],
    calendar: &CalendarData,
    settings: &FollowUpSettings,
) -> Agenda {
    agenda_with_marks(today, facts, proposals.to_vec(), calendar, settings, &FollowUpMarks::default())
}

/// Builds the agenda for `today`. `facts` are the organisation's engagements (untracked ones are
/// skipped); `proposals` are its proposals from today to eight weeks ahead (and any others that
/// may overlap them, such as the day before's: they are not listed). A follow-up `marks` snoozes
/// is listed only as snoozed, and one it marks done for its due date not at all. The proposals
/// listed are moved into the agenda.
pub fn agenda_with_marks(
    today: NaiveDate,
    facts: &[EngagementFacts],
    proposals: Vec<Proposal>,
    calendar: &CalendarData,
    settings: &FollowUpSettings,
    marks: &FollowUpMarks,
) -> Agenda {
    let horizon = today.checked_add_days(Days::new(AHEAD_DAYS.into())).unwrap_or(NaiveDate::MAX);
    // Overlaps are found among all the proposals given, so one just outside the range still counts;
    // only those in it are flagged.
    let (shown, others): (Vec<Proposal>, Vec<Proposal>) = proposals
        .into_iter()
        .filter(|p| p.status != ProposalStatus::Cancelled)
        .partition(|p| (today..=horizon).contains(&p.start.date()));
    let mut active = flag_owned(shown, &others, calendar);
    active.sort_by_key(|f| f.proposal.start);

    let due_by = today.checked_add_days(Days::new(DUE_SOON_DAYS.into())).unwrap_or(NaiveDate::MAX);
    let coming = |f: &FlaggedProposal| (today.succ_opt().unwrap_or(today)..=due_by).contains(&f.proposal.start.date());
    // Each proposal goes to the lists that show it, copied only when it is in more than one.
    let (mut conflicts_ahead, mut proposals_today, mut proposals_next_seven_days) =
        (Vec::with_capacity(active.len()), Vec::new(), Vec::new());
    for f in active {
        let shown = [f.flag != Flag::Clear, f.proposal.start.date() == today, coming(&f)];
        let mut left = shown.iter().filter(|&&s| s).count();
        let mut f = Some(f);
        let lists = [&mut conflicts_ahead, &mut proposals_today, &mut proposals_next_seven_days];
        for list in shown.into_iter().zip(lists).filter_map(|(s, list)| s.then_some(list)) {
            left -= 1;
            match (left, &f) {
                (0, _) => list.extend(f.take()),
                (_, Some(one)) => list.push(one.clone()),
                (_, None) => {}
            }
        }
    }
    let (mut overdue, mut due, mut quiet, mut snoozed) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // The checklist items the follow-ups listed (overdue, due or snoozed) ask for, by engagement:
    // bit i for ITEMS[i]. A next step among them is listed once, as the follow-up (a snoozed one
    // included: the step waits with it).
    let mut asked = vec![0u32; facts.len()];
    let each =
        facts.iter().enumerate().flat_map(|(at, f)| follow_ups(f, today, settings).into_iter().map(move |u| (at, u)));
    for (at, follow_up) in each {
        let asks = follow_up.step.and_then(item_index).map_or(0, |i| 1 << i);
        let listed_asking = match marks.standing(&follow_up, today) {
            Standing::Done => continue,
            Standing::Snoozed(until) => {
                snoozed.push(SnoozedFollowUp { follow_up, snoozed_until: until });
                true
            }
            Standing::Open if follow_up.rule == CADENCE_RULE => {
                quiet.push(follow_up);
                false
            }
            Standing::Open if follow_up.is_overdue(today) => {
                overdue.push(follow_up);
                true
            }
            Standing::Open if follow_up.due <= due_by => {
                due.push(follow_up);
                true
            }
            Standing::Open => false,
        };
        if listed_asking {
            asked[at] |= asks;
        }
    }
    // Each list is put in order by its keys, each follow-up moved once: they are large.
    for list in [&mut overdue, &mut due, &mut quiet] {
        list.sort_by_cached_key(|f| (f.due, f.seat.clone()));
    }
    snoozed.sort_by(|a, b| {
        (a.snoozed_until, a.follow_up.due, &a.follow_up.seat).cmp(&(
            b.snoozed_until,
            b.follow_up.due,
            &b.follow_up.seat,
        ))
    });

    let steps = next_steps(facts, |at, item| asked[at] & (1 << item) == 0);

    Agenda {
        date: today,
        conflicts_ahead,
        proposals_today,
        proposals_next_seven_days,
        follow_ups_overdue: overdue,
        follow_ups_due: due,
        next_steps: steps,
        gone_quiet: quiet,
        snoozed,
        calendar_warning: calendar_warning(today, horizon, calendar),
        data_age: None,
    }
}

/// The next step of each tracked engagement, oldest first, those `listed(at, item)` refuses left out
/// (the engagement's place in `facts`, the item's in [`ITEMS`]).
fn next_steps(facts: &[EngagementFacts], listed: impl Fn(usize, usize) -> bool) -> Vec<NextStep> {
    const _: () = assert!(ITEMS.len() <= 32, "an engagement's items asked for are kept as the bits of a u32");
    let mut steps: Vec<NextStep> = facts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.tracked)
        .filter_map(|(at, f)| {
            let progress = Progress::of(f.checklist.iter().map(|e| (&*e.key, e.state)));
            let index = item_index(progress.next?)?;
            if !listed(at, index) {
                return None;
            }
            let item = &ITEMS[index];
            let note = f.checklist.iter().find(|e| e.key == item.key).map(|e| e.note.clone()).unwrap_or_default();
            let done = f.checklist.iter().filter(|e| e.state == ItemState::Done).filter_map(|e| e.done_on);
            Some(NextStep {
                id: next_step_id(&f.code, item.key),
                code: f.code.clone(),
                seat: f.seat.clone(),
                mp: f.mp.clone(),
                key: item.key,
                item: item.text,
                waiting_since: done.max().unwrap_or(f.started_on),
                note,
            })
        })
        .collect();
    steps.sort_by_cached_key(|s| (s.waiting_since, s.seat.clone()));
    steps
}

fn calendar_warning(today: NaiveDate, horizon: NaiveDate, calendar: &CalendarData) -> Option<CalendarWarning> {
    let assumed_from = calendar.first_assumed_date();
    let message = match assumed_from {
        Some(first) if first > horizon => return None,
        Some(first) => format!(
            "The sitting-day data {} {}: later sitting days are only assumed (Monday to Thursday).",
            if first <= today { "ran out on" } else { "runs out on" },
            long_date(first.pred_opt().unwrap_or(first))
        ),
        None => "There is no sitting-day data: every sitting day is assumed (Monday to Thursday).".to_string(),
    };
    let fixes = CALENDAR_FIXES.iter().map(|&(command, adds)| CalendarFix { command, adds }).collect();
    Some(CalendarWarning { assumed_from, message, fixes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::engagement::agenda_text::{agenda_lines, agenda_sections};
    use crate::domain::engagement::checklist::ItemState;
    use crate::domain::engagement::contact::{Direction, InteractionKind};
    use crate::domain::engagement::fixtures::{History, contact, d, entry, history, proposal};
    use crate::domain::engagement::marks::FollowUpMark;
    use crate::domain::engagement::proposal::ProposalStatus;

    fn shipped() -> CalendarData {
        CalendarData::from_dataset(&crate::data::shipped().unwrap())
    }

    /// Today is Tuesday 9 June 2026, a sitting day. Leeds South had a letter ten days ago and a visit
    /// confirmed for Friday; Leeds Central has been tracked since January with nothing logged.
    fn fixture() -> (Vec<History>, Vec<Proposal>) {
        let board = proposal("Board meeting", "2026-06-09 10:00", ProposalStatus::Confirmed);
        let ward = proposal("Ward visit", "2026-06-12 10:00", ProposalStatus::Confirmed);
        let opening = proposal("Clinic opening", "2026-06-22 11:00", ProposalStatus::Proposed);
        let dropped = proposal("Dropped", "2026-06-16 10:00", ProposalStatus::Cancelled);
        let mut south = history();
        south.started_on = d("2026-05-01");
        south.checklist.push(entry("1.1", ItemState::Done, Some("2026-05-20")));
        south.interactions.push(contact(InteractionKind::Letter, Direction::ToMp, "2026-05-30"));
        south.proposals = vec![ward.clone()];
        let mut central = history();
        central.code = "E14001319".into();
        central.seat = "Leeds Central and Headingley".into();
        central.mp = "Alex Sobel".into();
        central.started_on = d("2026-01-05");
        let mut untracked = history();
        untracked.tracked = false;
        untracked.interactions = south.interactions.clone();
        (vec![south, central, untracked], vec![dropped, opening, ward, board])
    }

    fn agenda_on(today: &str, histories: &[History], proposals: &[Proposal]) -> Agenda {
        let facts: Vec<EngagementFacts> = histories.iter().map(|h| h.on(d(today))).collect();
        agenda(d(today), &facts, proposals, &shipped(), &FollowUpSettings::default())
    }

    #[test]
    fn a_letter_ten_days_ago_without_a_call_is_overdue_until_the_call_is_logged() {
        let (mut facts, proposals) = fixture();
        let before = agenda_on("2026-06-09", &facts, &proposals);
        let overdue: Vec<_> = before.follow_ups_overdue.iter().map(|f| (f.rule, &*f.seat, f.due)).collect();
        assert_eq!(overdue, [("call_after_letter", "Leeds South", d("2026-06-06"))]);
        assert!(before.follow_ups_overdue[0].reason.contains("020 7219 3000"));
        facts[0].interactions.push(contact(InteractionKind::Call, Direction::ToMp, "2026-06-09"));
        assert!(agenda_on("2026-06-09", &facts, &proposals).follow_ups_overdue.is_empty());
    }

    #[test]
    fn the_sections_come_in_the_order_of_sections() {
        let (facts, proposals) = fixture();
        let mut agenda = agenda_on("2026-06-09", &facts, &proposals);
        let ids = |agenda: &Agenda| agenda_sections(agenda).iter().map(|s| s.id).collect::<Vec<_>>();
        assert_eq!(ids(&agenda), SECTIONS[..9], "the data's age only when the store says it");
        agenda.data_age = Some(crate::domain::reference::age::DataAge {
            mps_as_of: d("2026-06-01"),
            mps_updated: false,
            calendar_updated_on: None,
            calendar_to: Some(d("2026-07-16")),
        });
        assert_eq!(ids(&agenda), SECTIONS);
        agenda.calendar_warning = None;
        agenda.data_age = None;
        assert_eq!(ids(&agenda), SECTIONS[..8], "no warning, no age");
    }

    #[test]
    fn the_plain_text_agenda_of_the_fixture() {
        let (facts, proposals) = fixture();
        let lines = agenda_lines(&agenda_on("2026-06-09", &facts, &proposals));
        let expected = [
            "Agenda for Tuesday 9 June 2026",
            "",
            "Conflicts ahead (next 8 weeks)",
            "  Tue 9 Jun 2026 10:00–11:00  conflict  Board meeting, Leeds South (confirmed): Tuesday 9 June 2026 is a \
             scheduled (provisional) sitting day: the MP is expected in Westminster",
            "  Mon 22 Jun 2026 11:00–12:00  caution   Clinic opening, Leeds South (proposed): Monday 22 June 2026 is a \
             scheduled (provisional) sitting day, and the slot falls before 12:00, when the MP may be travelling to \
             Westminster",
            "",
            "Today",
            "  Tue 9 Jun 2026 10:00–11:00  conflict  Board meeting, Leeds South (confirmed)",
            "",
            "Next 7 days",
            "  Fri 12 Jun 2026 10:00–11:00  clear     Ward visit, Leeds South (confirmed)",
            "",
            "Follow-ups overdue",
            "  Leeds South (Hilary Benn), 3 days overdue: 2.4 Call to arrange a meeting. No call logged since the letter of Saturday 30 May 2026: \
             ring the Westminster office on 020 7219 3000, ask for Hilary Benn, and arrange a time to meet",
            "",
            "Follow-ups due (next 7 days)",
            "  Leeds South (Hilary Benn), due today: 4.2 Brief everyone taking part. Ward visit on Friday 12 June 2026 is confirmed: brief everyone \
             taking part on the arrangements (timings, place, who greets the MP)",
            "",
            "Next step for each MP you track (waiting longest first)",
            "  Leeds Central and Headingley (Alex Sobel): 1.1 Seat confirmed from one of our sites' postcodes \
             (waiting since 5 Jan 2026)",
            "  Leeds South (Hilary Benn): 1.2 Neighbouring seats whose residents use our services considered \
             (waiting since 20 May 2026)",
            "",
            "Relationships gone quiet",
            "  Leeds Central and Headingley (Alex Sobel): No contact logged since the engagement began on Monday \
             5 January 2026, longer than the 90-day cadence: get back in touch",
            "",
            "Snoozed (coming back)",
            "  Nothing snoozed.",
            "",
            "Calendar data",
            "  The sitting-day data runs out on Thursday 16 July 2026: later sitting days are only assumed \
             (Monday to Thursday).",
            "  Add the latest calendar from Parliament (sitting days and recesses): mpplan update",
            "  Add each recess announced beyond the data: mpplan recess add NAME FIRST LAST",
            "  Add sitting Fridays and recalls: mpplan sitting add DATE [--note TEXT]",
        ];
        assert_eq!(lines, expected);
    }

    /// The one text `mpplan agenda` prints is its lines, each as the terminal would get it line by
    /// line (made printable), even when every name and title from the data is hostile; and each
    /// line written in place is the line.
    #[test]
    fn the_agenda_text_is_its_lines_made_printable_whatever_the_data_holds() {
        let (mut facts, mut proposals) = fixture();
        let hostile = |text: &str| format!("{text}\x1b[31m\x07\u{202e}\n\t");
        for h in &mut facts {
            h.seat = hostile(&h.seat).into();
            h.mp = hostile(&h.mp).into();
        }
        for (n, p) in proposals.iter_mut().enumerate() {
            p.constituency = hostile(&p.constituency).into();
            p.mp = hostile(&p.mp).into();
            if n % 2 == 0 {
                p.title = hostile(&p.title);
            } else {
                p.title.clear();
            }
        }
        let mut agenda = agenda_on("2026-06-09", &facts, &proposals);
        agenda.data_age = Some(crate::domain::reference::age::DataAge {
            mps_as_of: d("2026-06-01"),
            mps_updated: false,
            calendar_updated_on: None,
            calendar_to: Some(d("2026-07-16")),
        });
        let lines = agenda_lines(&agenda);
        let expected: String = lines.iter().map(|l| format!("{}\n", crate::domain::text::printable(l))).collect();
        let text = crate::domain::engagement::agenda_text::agenda_text(&agenda);
        assert_eq!(text, expected);
        assert!(!text.chars().any(|c| c != '\n' && crate::domain::text::is_unsafe(c)), "{text}");
        assert!(text.contains("Leeds South\\u{1b}[31m\\u{7}\\u{202e}\\n\\t"), "the data is there, escaped: {text}");
        assert!(text.lines().count() > 25, "{text}");
    }

    #[test]
    fn proposals_beyond_the_data_are_flagged_by_the_weekday_pattern_and_marked_assumed() {
        let tuesday = proposal("Ward visit", "2026-12-08 10:00", ProposalStatus::Proposed);
        let friday = proposal("Surgery", "2026-12-11 10:00", ProposalStatus::Proposed);
        let agenda = agenda_on("2026-12-07", &[], &[tuesday, friday]);
        assert_eq!(agenda.conflicts_ahead.len(), 1, "the Friday is clear");
        let conflict = &agenda.conflicts_ahead[0];
        assert_eq!(
            (conflict.flag, conflict.assumed, conflict.label()),
            (Flag::Conflict, true, "✗? conflict (assumed)")
        );
        let lines = agenda_lines(&agenda);
        assert!(
            lines[3].starts_with(
                "  Tue 8 Dec 2026 10:00–11:00  conflict (assumed)  Ward visit, Leeds South (proposed): Tuesday 8 December \
                 2026 lies beyond the calendar data"
            ),
            "{lines:?}"
        );
        assert!(lines[3].ends_with("run `mpplan update` for the real calendar"), "{}", lines[3]);
        assert!(lines.iter().any(|l| l.contains("10:00–11:00  clear (assumed)  Surgery")), "{lines:?}");
        let value = serde_json::to_value(&agenda).unwrap();
        assert_eq!(
            (value["conflicts_ahead"][0]["flag"].as_str(), value["conflicts_ahead"][0]["assumed"].as_bool()),
            (Some("conflict"), Some(true))
        );
        assert_eq!(value["calendar_warning"]["fixes"][0]["command"], "mpplan update", "the real calendar comes first");
    }

    #[test]
    fn the_agenda_reads_proposals_at_least_as_far_ahead_as_any_rule_looks() {
        // compose::agenda hands the rules the proposals of the next AHEAD_DAYS only.
        assert!(crate::domain::engagement::followups::ahead_days() <= AHEAD_DAYS);
    }

    #[test]
    fn sections_come_in_the_same_order_in_text_and_json() {
        let (facts, proposals) = fixture();
        let agenda = agenda_on("2026-06-09", &facts, &proposals);
        let ids: Vec<_> = agenda_sections(&agenda).iter().map(|s| s.id).collect();
        let order = [
            "conflicts_ahead",
            "proposals_today",
            "proposals_next_seven_days",
            "follow_ups_overdue",
            "follow_ups_due",
            "next_steps",
            "gone_quiet",
            "snoozed",
            "calendar_warning",
        ];
        assert_eq!(ids, order);
        let json = serde_json::to_string(&agenda).unwrap();
        let at: Vec<usize> = order.iter().map(|id| json.find(&format!("\"{id}\":")).unwrap()).collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["conflicts_ahead"][0]["flag"], "conflict");
        assert_eq!(value["conflicts_ahead"][0]["assumed"], false);
        assert_eq!(value["conflicts_ahead"][0]["title"], "Board meeting");
        assert_eq!(value["next_steps"][0]["waiting_since"], "2026-01-05");
        assert_eq!(value["follow_ups_overdue"][0]["step"], "2.4");
        assert_eq!(value["follow_ups_overdue"][0]["title"], "Call to arrange a meeting");
        assert_eq!(value["follow_ups_overdue"][0]["id"], "call_after_letter.E14001323");
        assert_eq!(value["follow_ups_overdue"][0]["proposal"], serde_json::Value::Null);
        assert_eq!(value["follow_ups_due"][0]["id"], "brief_everyone.E14001323.1");
        assert_eq!(value["follow_ups_due"][0]["proposal"], 1);
        assert_eq!(value["next_steps"][0]["id"], "E14001319.1.1");
        assert_eq!(value["snoozed"], serde_json::json!([]));
        assert_eq!(value["calendar_warning"]["assumed_from"], "2026-07-17");
    }

    #[test]
    fn an_empty_agenda_says_nothing_in_each_section_and_warns_only_near_the_data_end() {
        let empty = agenda_on("2026-03-03", &[], &[]);
        assert_eq!(empty.calendar_warning, None);
        let sections = agenda_sections(&empty);
        assert_eq!(sections.len(), 8);
        for section in sections {
            let lines: Vec<String> = section.lines().collect();
            assert_eq!(lines.len(), 1);
            assert!(lines[0].starts_with("  Nothing"), "{lines:?}");
        }
        let late = agenda_on("2026-08-01", &[], &[]).calendar_warning.unwrap();
        assert!(late.message.starts_with("The sitting-day data ran out on Thursday 16 July 2026"));
        let none = agenda(d("2026-03-03"), &[], &[], &CalendarData::default(), &FollowUpSettings::default());
        assert!(none.calendar_warning.unwrap().message.starts_with("There is no sitting-day data"));
    }

    #[test]
    fn follow_ups_beyond_a_week_wait_and_a_sunday_shows_the_seven_days_ahead() {
        let (mut facts, mut proposals) = fixture();
        facts[0].interactions[0].on = d("2026-06-08");
        facts[0].proposals = vec![proposal("Summer fair", "2026-06-27 10:00", ProposalStatus::Confirmed)];
        proposals.push(proposal("Friday visit", "2026-06-19 10:00", ProposalStatus::Proposed));
        let agenda = agenda_on("2026-06-14", &facts, &proposals);
        let coming: Vec<_> = agenda.proposals_next_seven_days.iter().map(|f| f.proposal.title.as_str()).collect();
        assert_eq!(coming, ["Friday visit"], "the Friday after a Sunday; not the cancelled one, nor the 22nd");
        let monday: Vec<_> = agenda_on("2026-06-15", &facts, &proposals).proposals_next_seven_days;
        let monday: Vec<_> = monday.iter().map(|f| f.proposal.title.as_str()).collect();
        assert_eq!(monday, ["Friday visit", "Clinic opening"], "seven days on from a Monday is the next Monday");
        let due: Vec<_> = agenda.follow_ups_due.iter().map(|f| (f.rule, f.due)).collect();
        assert_eq!(due, [("call_after_letter", d("2026-06-15"))], "the briefing is due in 10 days");
        assert!(agenda_lines(&agenda).iter().any(|l| {
            l.starts_with("  Leeds South (Hilary Benn), due tomorrow: 2.4 Call to arrange a meeting. No call logged")
        }));
        assert!(agenda.follow_ups_overdue.is_empty());
    }

    #[test]
    fn a_step_a_follow_up_asks_for_is_not_listed_again_as_the_next_step() {
        let (mut facts, proposals) = fixture();
        facts[0].interactions[0].on = d("2026-06-08");
        let done = ["1.1", "1.2", "2.1", "2.2", "2.3"];
        facts[0].checklist = done.iter().map(|key| entry(key, ItemState::Done, Some("2026-06-08"))).collect();
        let today = d("2026-06-14");
        let all: Vec<EngagementFacts> = facts.iter().map(|h| h.on(today)).collect();
        let before = next_steps(&all, |_, _| true);
        assert!(before.iter().any(|s| &*s.seat == "Leeds South" && s.key == "2.4"), "{before:?}");
        let agenda = agenda_on("2026-06-14", &facts, &proposals);
        assert!(agenda.follow_ups_due.iter().any(|f| &*f.seat == "Leeds South" && f.step == Some("2.4")));
        assert!(!agenda.next_steps.iter().any(|s| &*s.seat == "Leeds South"), "{:?}", agenda.next_steps);
        assert_eq!(agenda.next_steps.len(), before.len() - 1, "only that one is left out");
    }

    fn marked(id: &str, snoozed_until: Option<&str>, done_for: Option<&str>) -> FollowUpMarks {
        let mark = FollowUpMark { snoozed_until: snoozed_until.map(d), done_for: done_for.map(d) };
        [(id.to_string(), mark)].into_iter().collect()
    }

    fn marked_agenda_on(today: &str, histories: &[History], proposals: &[Proposal], marks: &FollowUpMarks) -> Agenda {
        let facts: Vec<EngagementFacts> = histories.iter().map(|h| h.on(d(today))).collect();
        agenda_with_marks(d(today), &facts, proposals.to_vec(), &shipped(), &FollowUpSettings::default(), marks)
    }

    fn ids(list: &[FollowUp]) -> Vec<&str> {
        list.iter().map(|f| f.id.as_str()).collect()
    }

    #[test]
    fn a_snoozed_follow_up_leaves_its_section_is_listed_as_snoozed_and_is_back_on_its_day() {
        let (facts, proposals) = fixture();
        let call = "call_after_letter.E14001323";
        let marks = marked(call, Some("2026-06-12"), None);
        let snoozed = marked_agenda_on("2026-06-09", &facts, &proposals, &marks);
        assert!(!ids(&snoozed.follow_ups_overdue).contains(&call), "{:?}", snoozed.follow_ups_overdue);
        let listed: Vec<_> = snoozed.snoozed.iter().map(|s| (s.follow_up.id.as_str(), s.snoozed_until)).collect();
        assert_eq!(listed, [(call, d("2026-06-12"))]);
        assert!(!snoozed.next_steps.iter().any(|s| &*s.code == "E14001323" && s.key == "2.4"), "not listed twice");
        let lines = agenda_lines(&snoozed);
        let at = lines.iter().position(|l| l == "Snoozed (coming back)").unwrap();
        assert!(
            lines[at + 1].starts_with(
                "  Leeds South (Hilary Benn), back Fri 12 Jun 2026: 2.4 Call to arrange a meeting. No call logged"
            ),
            "{lines:?}"
        );
        let json = serde_json::to_value(&snoozed).unwrap();
        assert_eq!(json["snoozed"][0]["id"], call);
        assert_eq!(json["snoozed"][0]["snoozed_until"], "2026-06-12");
        assert_eq!(json["snoozed"][0]["due"], "2026-06-06", "the follow-up's own fields are kept");

        let back = marked_agenda_on("2026-06-12", &facts, &proposals, &marks);
        assert!(back.snoozed.is_empty());
        assert_eq!(ids(&back.follow_ups_overdue)[0], call, "back on the day the snooze ends");
        let unmarked = marked_agenda_on("2026-06-12", &facts, &proposals, &FollowUpMarks::default());
        assert_eq!(back, unmarked, "and exactly as if it had never been snoozed");
    }

    #[test]
    fn snoozed_follow_ups_of_every_section_come_soonest_back_first() {
        let (facts, proposals) = fixture();
        let mut marks = FollowUpMarks::default();
        let quiet = "back_in_touch.E14001319";
        marks.set("call_after_letter.E14001323", FollowUpMark { snoozed_until: Some(d("2026-06-20")), done_for: None });
        marks.set(quiet, FollowUpMark { snoozed_until: Some(d("2026-06-10")), done_for: None });
        marks.set("brief_everyone.E14001323.1", FollowUpMark { snoozed_until: Some(d("2026-06-11")), done_for: None });
        let agenda = marked_agenda_on("2026-06-09", &facts, &proposals, &marks);
        let listed: Vec<_> = agenda.snoozed.iter().map(|s| s.follow_up.id.as_str()).collect();
        assert_eq!(listed, [quiet, "brief_everyone.E14001323.1", "call_after_letter.E14001323"]);
        assert!(
            agenda.follow_ups_overdue.is_empty() && agenda.follow_ups_due.is_empty() && agenda.gone_quiet.is_empty()
        );
    }

    #[test]
    fn a_follow_up_done_for_its_due_date_is_hidden_until_raised_again_with_a_later_one() {
        let (mut facts, proposals) = fixture();
        let quiet = "back_in_touch.E14001319";
        let due = "2026-04-05";
        let before = marked_agenda_on("2026-06-09", &facts, &proposals, &FollowUpMarks::default());
        assert_eq!(before.gone_quiet[0].due, d(due));
        let marks = marked(quiet, None, Some(due));
        let done = marked_agenda_on("2026-06-09", &facts, &proposals, &marks);
        assert!(done.gone_quiet.is_empty() && done.snoozed.is_empty(), "{:?}", done.gone_quiet);
        assert!(marked_agenda_on("2026-07-30", &facts, &proposals, &marks).gone_quiet.is_empty(), "still done");
        // A contact logged starts a new cycle: due 90 days after it, and then raised again.
        facts[1].interactions.push(contact(InteractionKind::Email, Direction::ToMp, "2026-06-10"));
        let again = marked_agenda_on("2026-09-10", &facts, &proposals, &marks);
        let raised: Vec<_> = again.gone_quiet.iter().filter(|f| f.id == quiet).map(|f| f.due).collect();
        assert_eq!(raised, [d("2026-09-08")]);
        // Done wins over a snooze.
        let both = marked(quiet, Some("2026-06-20"), Some(due));
        assert!(marked_agenda_on("2026-06-09", &facts[..2], &proposals, &both).snoozed.is_empty());
    }

    #[test]
    fn overlapping_proposals_are_conflicts_ahead_on_both_and_touching_or_cancelled_ones_are_not() {
        let with = |id, title: &str, start, status| Proposal { id, ..proposal(title, start, status) };
        // Friday 12 June 2026 and Saturday 13 June 2026 are clear days.
        let list = [
            with(1, "", "2026-06-12 10:00", ProposalStatus::Confirmed),
            with(2, "Ward round", "2026-06-12 10:30", ProposalStatus::Proposed),
            with(3, "Fair", "2026-06-13 10:00", ProposalStatus::Proposed),
            with(4, "Fete", "2026-06-13 11:00", ProposalStatus::Proposed),
            with(5, "Dropped", "2026-06-13 10:30", ProposalStatus::Cancelled),
            with(6, "Late", "2026-06-08 23:30", ProposalStatus::Proposed),
            with(7, "Night shift", "2026-06-09 00:00", ProposalStatus::Proposed),
        ];
        let agenda = agenda_on("2026-06-09", &[], &list);
        let ahead: Vec<_> = agenda.conflicts_ahead.iter().map(|f| (f.proposal.id, f.flag)).collect();
        assert_eq!(ahead[1..], [(1, Flag::Caution), (2, Flag::Caution)], "{ahead:?}");
        assert_eq!(ahead[0].0, 7, "a sitting Tuesday, overlapping one of the day before: {ahead:?}");
        assert_eq!(agenda.conflicts_ahead[0].overlaps.iter().map(|o| o.id).collect::<Vec<_>>(), [6]);
        let lines = agenda_lines(&agenda);
        let has = |text: &str| lines.iter().any(|l| l.contains(text));
        assert!(has("Visit with Hilary Benn, Leeds South (confirmed): Friday 12 June 2026 "), "{lines:#?}");
        assert!(has("; overlaps Ward round 10:30–11:30"), "{lines:#?}");
        assert!(has("; overlaps Visit with Hilary Benn 10:00–11:00"), "{lines:#?}");
        assert!(
            has(
                "  Fri 12 Jun 2026 10:00–11:00  caution   Visit with Hilary Benn, Leeds South (confirmed): overlaps Ward round 10:30–11:30"
            ),
            "the next seven days name the overlap without the calendar's reason: {lines:#?}"
        );
        assert!(!has("Fair, Leeds South (proposed):") && !has("Fete, Leeds South (proposed):"), "touching: {lines:#?}");
        let value = serde_json::to_value(&agenda).unwrap();
        assert_eq!(value["conflicts_ahead"][1]["overlaps"][0]["label"], "Ward round");
        assert_eq!(value["conflicts_ahead"][1]["overlaps"][0]["start"], "2026-06-12 10:30");
        assert_eq!(value["proposals_next_seven_days"][2]["overlaps"], serde_json::json!([]), "Fair: none");
    }
}
