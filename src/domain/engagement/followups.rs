//! Follow-ups: what each tracked engagement needs doing next, and by when. Every rule lives in one
//! table, [`RULES`], with its parameters beside it, so that a rule is read and changed in one place.

use std::fmt;
use std::sync::Arc;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::domain::calendar::long_date;
use crate::domain::engagement::checklist::ItemState;
use crate::domain::engagement::contact::InteractionKind;
use crate::domain::engagement::facts::EngagementFacts;
use crate::domain::engagement::proposal::{Proposal, ProposalStatus, label};
use crate::domain::mps::names::display_name;
use crate::domain::text::{fold, printable};

/// The House of Commons switchboard, which puts callers through to an MP's Westminster office.
pub const SWITCHBOARD: &str = "020 7219 3000";
/// Where an MP is written to at Westminster.
pub const WESTMINSTER_ADDRESS: &str = "House of Commons, London SW1A 0AA";

/// The user's settings that the rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUpSettings {
    /// More people than this in a visiting group earns a reminder to keep it small.
    pub attendee_limit: u32,
}

impl Default for FollowUpSettings {
    fn default() -> Self {
        FollowUpSettings { attendee_limit: 4 }
    }
}

/// Something to do for one engagement, why, and by when. Field names are `--json` output's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    /// Stable id a script can pass back ([`FollowUpId`]): `brief_everyone.E14001323.17`.
    pub id: String,
    pub code: Arc<str>,
    pub seat: Arc<str>,
    pub mp: Arc<str>,
    /// The id of the rule in [`RULES`] that raised it.
    pub rule: &'static str,
    /// The checklist item it serves ("4.2"), when it serves one.
    pub step: Option<&'static str>,
    /// What the rule asks for, in a few words ("Brief everyone taking part").
    pub title: &'static str,
    /// The contact with the MP it asks for, when it asks for one ("call").
    pub contact: Option<InteractionKind>,
    pub reason: String,
    pub due: NaiveDate,
    /// The proposal it is about, for the rules about one proposal (its id), else none.
    pub proposal: Option<i64>,
}

impl FollowUp {
    fn new(facts: &EngagementFacts, rule: &Rule, reason: String, due: NaiveDate) -> FollowUp {
        FollowUp::about(facts, rule, None, reason, due)
    }

    /// A follow-up about the proposal `proposal` (its id) when given.
    fn about(facts: &EngagementFacts, rule: &Rule, proposal: Option<i64>, reason: String, due: NaiveDate) -> FollowUp {
        FollowUp {
            id: FollowUpId::text(rule.id, &facts.code, proposal),
            code: facts.code.clone(),
            seat: facts.seat.clone(),
            mp: facts.mp.clone(),
            rule: rule.id,
            step: rule.serves,
            title: rule.title,
            contact: rule.asks,
            reason,
            due,
            proposal,
        }
    }

    /// Whether its due date has passed.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.due < today
    }
}

/// What names one follow-up: the rule that raises it, the seat's ONS code, and for a rule about one
/// proposal ([`Rule`]'s `per_proposal`) the proposal's id. Written with dots between the parts:
/// `call_after_letter.E14001323`, `brief_everyone.E14001323.17`. Rule ids are lower case with
/// underscores, seat codes letters and digits, proposal ids digits, so the parts never run together.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FollowUpId {
    pub rule: &'static str,
    pub code: String,
    pub proposal: Option<i64>,
}

impl FollowUpId {
    /// The id of the follow-up of rule `rule` for the seat `code` (and the proposal `proposal`), as
    /// [`fmt::Display`] writes it, put together without the formatting machinery: the agenda
    /// makes one for each follow-up of every seat.
    fn text(rule: &str, code: &str, proposal: Option<i64>) -> String {
        let mut id = String::with_capacity(rule.len() + code.len() + 2 + if proposal.is_some() { 20 } else { 0 });
        id.push_str(rule);
        id.push('.');
        id.push_str(code);
        if let Some(n) = proposal {
            use fmt::Write;
            let _ = write!(id, ".{n}");
        }
        id
    }
}

impl fmt::Display for FollowUpId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.rule, self.code)?;
        if let Some(id) = self.proposal {
            write!(f, ".{id}")?;
        }
        Ok(())
    }
}

/// A follow-up id that cannot be one: what was given and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{}\" is not a follow-up id: {why}; ids look like brief_everyone.E14001323.17 (see `mpplan agenda --json`)", printable(.id))]
pub struct BadFollowUpId {
    pub id: String,
    pub why: String,
}

impl FollowUpId {
    /// Reads an id as [`fmt::Display`] writes it. The rule must be one of [`RULES`], and the
    /// proposal's id given exactly when the rule is about one proposal.
    pub fn parse(text: &str) -> Result<FollowUpId, BadFollowUpId> {
        let bad = |why: String| BadFollowUpId { id: text.to_string(), why };
        let mut parts = text.split('.');
        let (rule, code, proposal) = (parts.next().unwrap_or(""), parts.next(), parts.next());
        if parts.next().is_some() {
            return Err(bad("it has more than three parts".into()));
        }
        let Some(found) = rule_by_id(rule) else {
            return Err(bad(format!("there is no follow-up rule \"{}\"", printable(rule))));
        };
        let code = match code {
            Some(code) if !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric()) => code,
            _ => return Err(bad("the second part must be a seat's code, such as E14001323".into())),
        };
        let proposal = match (proposal, found.per_proposal) {
            (Some(id), true) => match id.parse::<i64>() {
                Ok(n) if n > 0 && id.chars().all(|c| c.is_ascii_digit()) => Some(n),
                _ => return Err(bad("the third part must be a proposal's number".into())),
            },
            (None, true) => return Err(bad(format!("{} follow-ups end with the proposal's number", found.id))),
            (Some(_), false) => {
                return Err(bad(format!("{} follow-ups are about a seat, not a proposal: give two parts", found.id)));
            }
            (None, false) => None,
        };
        Ok(FollowUpId { rule: found.id, code: code.to_ascii_uppercase(), proposal })
    }
}

/// The rule with id `id`.
pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// How a rule finds its follow-ups: `(rule, facts, today, settings)`.
pub type Check = fn(&Rule, &EngagementFacts, NaiveDate, &FollowUpSettings) -> Vec<FollowUp>;

/// One follow-up rule. The day counts are its parameters; those a rule has no use for are 0. (The
/// cadence comes from each engagement, and the attendee limit from the settings.)
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable id, shown in `--json` output.
    pub id: &'static str,
    pub title: &'static str,
    /// The checklist item the follow-up helps to get done, if any: doing it and ticking the item
    /// are the same piece of work.
    pub serves: Option<&'static str>,
    /// The contact with the MP that does it, if it is one: a call, a letter.
    pub asks: Option<InteractionKind>,
    /// Days after the event (a letter, a meeting) by which the follow-up is due.
    pub after_days: u32,
    /// How many days ahead coming proposals are looked at.
    pub ahead_days: u32,
    /// Days before a proposal's start by which the follow-up is due.
    pub before_days: u32,
    /// Whether each follow-up is about one proposal, whose id is then part of its id.
    pub per_proposal: bool,
    /// Whether its follow-ups are due on the day they are seen (the rule has no day of its own to
    /// count from), so that one cannot be marked done for its due date: doing what it asks clears it.
    pub due_today: bool,
    pub check: Check,
}

/// The id of the contact-cadence rule, whose results are relationships gone quiet.
pub const CADENCE_RULE: &str = "back_in_touch";

impl Rule {
    /// A rule with every day count 0; set those it reads with the methods below.
    const fn new(id: &'static str, title: &'static str, check: Check) -> Rule {
        Rule {
            id,
            title,
            serves: None,
            asks: None,
            after_days: 0,
            ahead_days: 0,
            before_days: 0,
            per_proposal: false,
            due_today: false,
            check,
        }
    }

    const fn asks(self, kind: InteractionKind) -> Rule {
        Rule { asks: Some(kind), ..self }
    }

    const fn per_proposal(self) -> Rule {
        Rule { per_proposal: true, ..self }
    }

    const fn due_today(self) -> Rule {
        Rule { due_today: true, ..self }
    }

    const fn serves(self, key: &'static str) -> Rule {
        Rule { serves: Some(key), ..self }
    }

    const fn after_days(self, after_days: u32) -> Rule {
        Rule { after_days, ..self }
    }

    const fn ahead_days(self, ahead_days: u32) -> Rule {
        Rule { ahead_days, ..self }
    }

    const fn before_days(self, before_days: u32) -> Rule {
        Rule { before_days, ..self }
    }
}

/// Every rule, in the order their follow-ups are listed when due on the same day.
pub const RULES: [Rule; 7] = [
    Rule::new("call_after_letter", "Call to arrange a meeting", call_after_letter)
        .serves("2.4")
        .asks(InteractionKind::Call)
        .after_days(7),
    Rule::new("brief_everyone", "Brief everyone taking part", brief_everyone)
        .serves("4.2")
        .ahead_days(14)
        .before_days(3)
        .per_proposal(),
    Rule::new("keep_group_small", "Keep the visiting group small", keep_group_small)
        .serves("4.3")
        .ahead_days(14)
        .before_days(3)
        .per_proposal(),
    Rule::new("share_press_release", "Share the press release", share_press_release)
        .serves("4.5")
        .asks(InteractionKind::Email)
        .ahead_days(14)
        .before_days(3)
        .per_proposal(),
    Rule::new("thank_and_follow_up", "Thank the MP and follow up", thank_and_follow_up)
        .serves("5.3")
        .asks(InteractionKind::Letter)
        .after_days(7),
    Rule::new(CADENCE_RULE, "Get back in touch", back_in_touch).asks(InteractionKind::Email),
    Rule::new("introduce_to_new_mp", "Introduce yourselves to the new MP", introduce_to_new_mp)
        .asks(InteractionKind::Letter)
        .due_today(),
];

/// How many days ahead any rule looks at coming proposals.
pub fn ahead_days() -> u32 {
    RULES.iter().map(|r| r.ahead_days).max().unwrap_or(0)
}

/// The follow-ups of one engagement, by due date (rules due on the same day in table order). An
/// engagement that is not tracked has none.
pub fn follow_ups(facts: &EngagementFacts, today: NaiveDate, settings: &FollowUpSettings) -> Vec<FollowUp> {
    if !facts.tracked {
        return Vec::new();
    }
    let mut found: Vec<FollowUp> = RULES.iter().flat_map(|rule| (rule.check)(rule, facts, today, settings)).collect();
    found.sort_by_key(|f| f.due);
    found
}

fn days_after(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(days.into())).unwrap_or(NaiveDate::MAX)
}

fn days_before(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_sub_days(Days::new(days.into())).unwrap_or(NaiveDate::MIN)
}

/// The MP's name, or "the MP" when the seat is vacant.
fn who(facts: &EngagementFacts) -> &str {
    if facts.mp.trim().is_empty() { "the MP" } else { &facts.mp }
}

/// Whether checklist item `key` is skipped, or done (when `since` is given: done on or after it).
fn settled(facts: &EngagementFacts, key: &str, since: Option<NaiveDate>) -> bool {
    facts.checklist.iter().any(|e| {
        e.key == key
            && match e.state {
                ItemState::Skipped => true,
                ItemState::Done => since.is_none_or(|s| e.done_on.is_none_or(|d| d >= s)),
                ItemState::Todo => false,
            }
    })
}

/// Proposals still to happen (proposed or confirmed) that start from today to `ahead_days` ahead.
fn coming<'a>(rule: &Rule, facts: &'a EngagementFacts, today: NaiveDate) -> impl Iterator<Item = &'a Proposal> {
    let last = days_after(today, rule.ahead_days);
    facts.proposals.iter().filter(move |p| {
        matches!(p.status, ProposalStatus::Proposed | ProposalStatus::Confirmed)
            && (today..=last).contains(&p.start.date())
    })
}

/// "Visit to the ward on Friday 27 November 2026".
fn describe(p: &Proposal) -> String {
    format!("{} on {}", p.label(), long_date(p.start.date()))
}

/// The latest letter to the MP with no call logged on or after its day (nor item 2.4 ticked since):
/// call the Westminster office to arrange a meeting.
fn call_after_letter(rule: &Rule, facts: &EngagementFacts, _: NaiveDate, _: &FollowUpSettings) -> Vec<FollowUp> {
    let Some(letter) = facts.contacts.last_letter_to_mp else {
        return Vec::new();
    };
    let called = facts.contacts.last_call.is_some_and(|call| call >= letter);
    if called || settled(facts, "2.4", Some(letter)) {
        return Vec::new();
    }
    let reason = format!(
        "No call logged since the letter of {}: ring the Westminster office on {SWITCHBOARD}, ask for {}, \
         and arrange a time to meet",
        long_date(letter),
        who(facts)
    );
    vec![FollowUp::new(facts, rule, reason, days_after(letter, rule.after_days))]
}

/// Confirmed proposals coming soon, each with the day its preparations are due.
fn confirmed_soon<'a>(rule: &Rule, facts: &'a EngagementFacts, today: NaiveDate) -> Vec<(&'a Proposal, NaiveDate)> {
    let confirmed = coming(rule, facts, today).filter(|p| p.status == ProposalStatus::Confirmed);
    confirmed.map(|p| (p, days_before(p.start.date(), rule.before_days))).collect()
}

/// A confirmed proposal coming soon and the briefing item (4.2) not settled.
fn brief_everyone(rule: &Rule, facts: &EngagementFacts, today: NaiveDate, _: &FollowUpSettings) -> Vec<FollowUp> {
    if settled(facts, "4.2", None) {
        return Vec::new();
    }
    let what = "brief everyone taking part on the arrangements (timings, place, who greets the MP)";
    let soon = confirmed_soon(rule, facts, today).into_iter();
    soon.map(|(p, due)| FollowUp::about(facts, rule, Some(p.id), format!("{} is confirmed: {what}", describe(p)), due))
        .collect()
}

/// A confirmed proposal coming soon with more attendees than the limit, and item 4.3 not settled.
fn keep_group_small(rule: &Rule, facts: &EngagementFacts, today: NaiveDate, s: &FollowUpSettings) -> Vec<FollowUp> {
    if settled(facts, "4.3", None) {
        return Vec::new();
    }
    let limit = s.attendee_limit;
    let soon = confirmed_soon(rule, facts, today).into_iter();
    soon.filter_map(|(p, due)| {
        let n = p.attendees.filter(|n| *n > limit)?;
        let reason = format!(
            "{n} people are down for {}: keep the group to {limit} or fewer, so that there is room for a real \
             conversation",
            describe(p)
        );
        Some(FollowUp::about(facts, rule, Some(p.id), reason, due))
    })
    .collect()
}

/// Press invited to a proposal coming soon and the draft release not yet shared with the MP.
fn share_press_release(rule: &Rule, facts: &EngagementFacts, today: NaiveDate, _: &FollowUpSettings) -> Vec<FollowUp> {
    coming(rule, facts, today)
        .filter(|p| p.press.plan.invited() && p.press.draft_shared_on.is_none())
        .map(|p| {
            let due = days_before(p.start.date(), rule.before_days);
            let reason = format!(
                "Local press are invited to {}: share the draft press release with the MP's office by {} and ask \
                 for a quote",
                describe(p),
                long_date(due)
            );
            FollowUp::about(facts, rule, Some(p.id), reason, due)
        })
        .collect()
}

/// The latest proposal held, with nothing sent to the MP since (the meeting itself, logged as a
/// meeting, visit, event or surgery, does not count) and item 5.3 not ticked since.
fn thank_and_follow_up(rule: &Rule, facts: &EngagementFacts, _: NaiveDate, _: &FollowUpSettings) -> Vec<FollowUp> {
    let Some(latest) = &facts.last_held else {
        return Vec::new();
    };
    let day = latest.start.date();
    let sent = facts.contacts.last_sent.is_some_and(|sent| sent >= day);
    if sent || settled(facts, "5.3", Some(day)) {
        return Vec::new();
    }
    let reason = format!(
        "{} was held on {}: thank {} and follow up on what was discussed, suggesting regular meetings",
        label(&latest.title, latest.kind, &facts.mp),
        long_date(day),
        who(facts)
    );
    vec![FollowUp::new(facts, rule, reason, days_after(day, rule.after_days))]
}

/// No contact logged (or, before any, since the engagement began) for longer than the cadence.
fn back_in_touch(rule: &Rule, facts: &EngagementFacts, today: NaiveDate, _: &FollowUpSettings) -> Vec<FollowUp> {
    if facts.cadence_days == 0 {
        return Vec::new();
    }
    let last = facts.contacts.last_contact;
    let due = days_after(last.unwrap_or(facts.started_on), facts.cadence_days);
    if today <= due {
        return Vec::new();
    }
    let since = match last {
        Some(day) => format!("No contact with {} logged since {}", who(facts), long_date(day)),
        None => format!("No contact logged since the engagement began on {}", long_date(facts.started_on)),
    };
    let reason = format!("{since}, longer than the {}-day cadence: get back in touch", facts.cadence_days);
    vec![FollowUp::new(facts, rule, reason, due)]
}

/// The seat changed hands since the engagement began and nothing is logged with the new MP yet.
fn introduce_to_new_mp(rule: &Rule, facts: &EngagementFacts, today: NaiveDate, _: &FollowUpSettings) -> Vec<FollowUp> {
    if !facts.seat_changed() || fold(&facts.mp).is_empty() || facts.contacts.new_mp_contacted {
        return Vec::new();
    }
    let before = match display_name(&facts.mp_at_start) {
        name if name.trim().is_empty() => "a vacant seat".to_string(),
        name => name,
    };
    let reason = format!(
        "{} has a new MP, {} (the engagement began with {before}): write to introduce your organisation and ask \
         to meet",
        facts.seat, facts.mp
    );
    vec![FollowUp::new(facts, rule, reason, today)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::engagement::contact::{Direction, InteractionKind};
    use crate::domain::engagement::press::{Press, PressPlan};

    use crate::domain::engagement::fixtures::*;

    fn fired(history: &History, today: &str, rule: &str) -> Vec<FollowUp> {
        let today = d(today);
        let found = follow_ups(&history.on(today), today, &FollowUpSettings::default());
        found.into_iter().filter(|f| f.rule == rule).collect()
    }

    proptest::proptest! {
        /// A follow-up's id is put together as [`FollowUpId`] writes it, and reads back as it.
        #[test]
        fn a_follow_up_id_is_written_as_follow_up_ids_are(rule in 0..RULES.len(), code in "[A-Z][0-9]{8}", n in 1i64..i64::MAX) {
            let rule = &RULES[rule];
            let proposal = rule.per_proposal.then_some(n);
            let id = FollowUpId::text(rule.id, &code, proposal);
            proptest::prop_assert_eq!(&id, &FollowUpId { rule: rule.id, code: code.clone(), proposal }.to_string());
            proptest::prop_assert_eq!(FollowUpId::parse(&id), Ok(FollowUpId { rule: rule.id, code, proposal }));
        }
    }

    #[test]
    fn rules_have_unique_ids_and_titles() {
        for (i, rule) in RULES.iter().enumerate() {
            assert!(!rule.title.is_empty());
            assert!(RULES[..i].iter().all(|r| r.id != rule.id), "{} twice", rule.id);
        }
        assert!(RULES.iter().any(|r| r.id == CADENCE_RULE));
    }

    #[test]
    fn a_rule_serving_a_checklist_item_names_a_real_one_and_its_follow_ups_carry_it() {
        for rule in RULES {
            if let Some(key) = rule.serves {
                assert!(crate::domain::engagement::checklist::item_by_key(key).is_some(), "{}: {key}", rule.id);
            }
        }
        let serves = |id: &str| RULES.iter().find(|r| r.id == id).and_then(|r| r.serves);
        assert_eq!(serves("call_after_letter"), Some("2.4"), "the call to the Westminster office");
        assert_eq!(serves("brief_everyone"), Some("4.2"));
        assert_eq!(serves(CADENCE_RULE), None, "keeping in touch is no one item");
        let mut f = history();
        f.interactions.push(contact(InteractionKind::Letter, Direction::ToMp, "2026-11-14"));
        let found = fired(&f, "2026-11-24", "call_after_letter");
        assert_eq!((found[0].step, found[0].title), (Some("2.4"), "Call to arrange a meeting"));
    }

    #[test]
    fn a_letter_without_a_call_asks_for_a_call_until_one_is_logged() {
        let mut f = history();
        f.interactions.push(contact(InteractionKind::Letter, Direction::ToMp, "2026-11-14"));
        let soon = fired(&f, "2026-11-16", "call_after_letter");
        assert_eq!(soon.len(), 1);
        assert_eq!(soon[0].due, d("2026-11-21"));
        assert!(!soon[0].is_overdue(d("2026-11-16")));
        let late = fired(&f, "2026-11-24", "call_after_letter");
        assert!(late[0].is_overdue(d("2026-11-24")));
        assert_eq!(
            late[0].reason,
            "No call logged since the letter of Saturday 14 November 2026: ring the Westminster office on \
             020 7219 3000, ask for Hilary Benn, and arrange a time to meet"
        );
        f.interactions.push(contact(InteractionKind::Call, Direction::ToMp, "2026-11-24"));
        assert!(fired(&f, "2026-11-24", "call_after_letter").is_empty());
    }

    #[test]
    fn the_call_rule_ignores_earlier_calls_and_letters_from_the_mp_and_respects_a_ticked_2_4() {
        let mut f = history();
        f.interactions.push(contact(InteractionKind::Letter, Direction::FromMp, "2026-11-14"));
        assert!(fired(&f, "2026-11-24", "call_after_letter").is_empty());
        f.interactions.push(contact(InteractionKind::Call, Direction::ToMp, "2026-11-01"));
        f.interactions.push(contact(InteractionKind::Letter, Direction::ToMp, "2026-11-10"));
        assert_eq!(fired(&f, "2026-11-24", "call_after_letter").len(), 1);
        f.checklist.push(entry("2.4", ItemState::Done, Some("2026-11-02")));
        assert_eq!(fired(&f, "2026-11-24", "call_after_letter").len(), 1, "ticked before the letter");
        f.checklist[0] = entry("2.4", ItemState::Done, Some("2026-11-12"));
        assert!(fired(&f, "2026-11-24", "call_after_letter").is_empty());
    }

    #[test]
    fn a_confirmed_proposal_soon_needs_a_briefing() {
        let mut f = history();
        f.proposals.push(proposal("Ward visit", "2026-12-04 10:00", ProposalStatus::Confirmed));
        assert!(fired(&f, "2026-11-19", "brief_everyone").is_empty(), "15 days ahead");
        let found = fired(&f, "2026-11-24", "brief_everyone");
        assert_eq!(found[0].due, d("2026-12-01"));
        assert!(found[0].reason.starts_with("Ward visit on Friday 4 December 2026 is confirmed: brief everyone"));
        assert!(fired(&f, "2026-12-05", "brief_everyone").is_empty(), "already past");
        f.proposals[0].status = ProposalStatus::Proposed;
        assert!(fired(&f, "2026-11-24", "brief_everyone").is_empty(), "not confirmed");
        f.proposals[0].status = ProposalStatus::Confirmed;
        f.checklist.push(entry("4.2", ItemState::Done, Some("2026-11-20")));
        assert!(fired(&f, "2026-11-24", "brief_everyone").is_empty());
    }

    #[test]
    fn a_large_group_is_told_to_keep_small() {
        let mut f = history();
        f.proposals.push(proposal("Ward visit", "2026-12-04 10:00", ProposalStatus::Confirmed));
        f.proposals[0].attendees = Some(4);
        assert!(fired(&f, "2026-11-24", "keep_group_small").is_empty(), "at the limit");
        f.proposals[0].attendees = Some(6);
        let found = fired(&f, "2026-11-24", "keep_group_small");
        assert_eq!(found[0].due, d("2026-12-01"));
        assert!(found[0].reason.starts_with("6 people are down for Ward visit"), "{}", found[0].reason);
        let roomy = FollowUpSettings { attendee_limit: 8 };
        assert!(
            follow_ups(&f.on(d("2026-11-24")), d("2026-11-24"), &roomy).iter().all(|x| x.rule != "keep_group_small")
        );
        f.checklist.push(entry("4.3", ItemState::Skipped, None));
        assert!(fired(&f, "2026-11-24", "keep_group_small").is_empty());
    }

    #[test]
    fn invited_press_needs_the_draft_shared_three_days_before() {
        let mut f = history();
        f.proposals.push(proposal("Ward visit", "2026-12-04 10:00", ProposalStatus::Proposed));
        f.proposals[0].press = Press { plan: PressPlan::Agreed, ..Press::default() };
        assert!(fired(&f, "2026-11-19", "share_press_release").is_empty(), "more than two weeks ahead");
        let found = fired(&f, "2026-11-24", "share_press_release");
        assert_eq!(found[0].due, d("2026-12-01"));
        assert!(found[0].reason.contains("by Tuesday 1 December 2026 and ask for a quote"));
        f.proposals[0].press.draft_shared_on = Some(d("2026-11-25"));
        assert!(fired(&f, "2026-11-26", "share_press_release").is_empty());
        f.proposals[0].press = Press { plan: PressPlan::Ask, ..Press::default() };
        assert!(fired(&f, "2026-11-24", "share_press_release").is_empty(), "press not invited");
        f.proposals[0].press.plan = PressPlan::Agreed;
        f.proposals[0].status = ProposalStatus::Cancelled;
        assert!(fired(&f, "2026-11-24", "share_press_release").is_empty());
    }

    #[test]
    fn a_held_meeting_needs_thanks_within_a_week() {
        let mut f = history();
        f.proposals.push(proposal("Ward visit", "2026-11-13 10:00", ProposalStatus::Held));
        f.interactions.push(contact(InteractionKind::Visit, Direction::ToMp, "2026-11-13"));
        let found = fired(&f, "2026-11-16", "thank_and_follow_up");
        assert_eq!(found[0].due, d("2026-11-20"));
        assert!(!found[0].is_overdue(d("2026-11-16")));
        assert!(fired(&f, "2026-11-24", "thank_and_follow_up")[0].is_overdue(d("2026-11-24")));
        f.interactions.push(contact(InteractionKind::Email, Direction::ToMp, "2026-11-14"));
        assert!(fired(&f, "2026-11-24", "thank_and_follow_up").is_empty());
        f.interactions.pop();
        f.checklist.push(entry("5.3", ItemState::Done, Some("2026-11-15")));
        assert!(fired(&f, "2026-11-24", "thank_and_follow_up").is_empty());
        f.proposals[0].status = ProposalStatus::Confirmed;
        f.checklist.clear();
        assert!(fired(&f, "2026-11-24", "thank_and_follow_up").is_empty(), "not held");
    }

    #[test]
    fn silence_longer_than_the_cadence_means_get_back_in_touch() {
        let mut f = history();
        assert!(fired(&f, "2026-11-30", CADENCE_RULE).is_empty(), "90 days since the start");
        let quiet = fired(&f, "2026-12-01", CADENCE_RULE);
        assert_eq!(quiet[0].due, d("2026-11-30"));
        assert!(quiet[0].reason.starts_with("No contact logged since the engagement began on Tuesday 1 September"));
        f.interactions.push(contact(InteractionKind::Email, Direction::FromMp, "2026-10-01"));
        assert!(fired(&f, "2026-12-01", CADENCE_RULE).is_empty());
        let later = fired(&f, "2027-01-05", CADENCE_RULE);
        assert_eq!(later[0].due, d("2026-12-30"));
        assert!(later[0].reason.ends_with("longer than the 90-day cadence: get back in touch"));
        f.cadence_days = 0;
        assert!(fired(&f, "2027-06-01", CADENCE_RULE).is_empty(), "no cadence set");
    }

    #[test]
    fn a_new_mp_needs_an_introduction() {
        let mut f = history();
        assert!(fired(&f, "2026-11-24", "introduce_to_new_mp").is_empty());
        f.mp = "Jane Doe".into();
        f.mp_id = Some(5000);
        let found = fired(&f, "2026-11-24", "introduce_to_new_mp");
        assert_eq!(found[0].due, d("2026-11-24"));
        assert!(found[0].reason.starts_with("Leeds South has a new MP, Jane Doe (the engagement began with Hilary"));
        let mut hello = contact(InteractionKind::Letter, Direction::ToMp, "2026-11-20");
        hello.mp_name = "Jane DOE".into();
        f.interactions.push(hello);
        assert!(fired(&f, "2026-11-24", "introduce_to_new_mp").is_empty());
        f.interactions.clear();
        f.mp_id = None;
        assert_eq!(fired(&f, "2026-11-24", "introduce_to_new_mp").len(), 1, "names differ, no ids");
        f.mp_id = Some(413);
        f.mp_id_at_start = Some(413);
        assert!(fired(&f, "2026-11-24", "introduce_to_new_mp").is_empty(), "same member, name spelt anew");
    }

    #[test]
    fn the_introduction_names_the_first_mp_without_a_title() {
        let mut f = history();
        f.mp_at_start = "Mr Connor Rand".into();
        f.mp = "Jane Doe".into();
        f.mp_id = Some(5000);
        let found = fired(&f, "2026-11-24", "introduce_to_new_mp");
        assert!(found[0].reason.contains("(the engagement began with Connor Rand)"), "{}", found[0].reason);
    }

    #[test]
    fn only_tracked_engagements_have_follow_ups_and_they_come_by_due_date() {
        let mut f = history();
        f.interactions.push(contact(InteractionKind::Letter, Direction::ToMp, "2026-11-14"));
        f.proposals.push(proposal("Ward visit", "2026-11-27 10:00", ProposalStatus::Confirmed));
        let all = follow_ups(&f.on(d("2026-11-20")), d("2026-11-20"), &FollowUpSettings::default());
        let order: Vec<_> = all.iter().map(|x| (x.rule, x.due)).collect();
        assert_eq!(order, [("call_after_letter", d("2026-11-21")), ("brief_everyone", d("2026-11-24"))]);
        f.tracked = false;
        assert!(follow_ups(&f.on(d("2026-11-20")), d("2026-11-20"), &FollowUpSettings::default()).is_empty());
    }
}
