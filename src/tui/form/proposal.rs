//! The proposal form: adding or editing a meeting, visit or event, with its press plan. The form
//! holds only what was typed; [`ProposalForm::check`] reads it against the data (seats, calendar,
//! times already taken) each time, so the field errors, the live flag and the clear-slot suggestion
//! are never stale.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::parse::{self, length_text, problem, until_text};
use super::{FieldCheck, Fields, Inputs, Problem};
use crate::domain::calendar::free_slots::{Slot, SlotSearch, default_window, find_slots};
use crate::domain::calendar::{CalendarData, DEFAULT_HOURS, Flag, ProposalKind, SlotFlag, long_date};
use crate::domain::engagement::press::{Press, PressPlan};
use crate::domain::engagement::proposal::{NewProposal, Proposal, ProposalStatus};
use crate::domain::limits;
use crate::domain::mps::resolve::{Candidate, Resolved, resolve};
use crate::domain::when::{self, Fold, WhenError};
use crate::tui::app::{App, DetailData, MpRow};
use crate::tui::text_input::TextInput;

/// The form's fields, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Mp,
    Date,
    Start,
    Length,
    Kind,
    Status,
    Place,
    Title,
    Attendees,
    Press,
    DraftShared,
    QuoteRequested,
    QuoteReceived,
    Published,
}

impl Fields for Field {
    const ALL: &'static [Field] = &[
        Field::Mp,
        Field::Date,
        Field::Start,
        Field::Length,
        Field::Kind,
        Field::Status,
        Field::Place,
        Field::Title,
        Field::Attendees,
        Field::Press,
        Field::DraftShared,
        Field::QuoteRequested,
        Field::QuoteReceived,
        Field::Published,
    ];

    fn label(self) -> &'static str {
        match self {
            Field::Mp => "MP",
            Field::Date => "Date",
            Field::Start => "Start",
            Field::Length => "Length",
            Field::Kind => "Kind",
            Field::Status => "Status",
            Field::Place => "Place",
            Field::Title => "Title",
            Field::Attendees => "Attendees",
            Field::Press => "Press",
            Field::DraftShared => "Draft shared",
            Field::QuoteRequested => "Quote asked",
            Field::QuoteReceived => "Quote in",
            Field::Published => "Published",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Field::Mp => "Part of a constituency or MP name, a member id, or an ONS code such as E14001323",
            Field::Date => "YYYY-MM-DD, today, tomorrow, a weekday (fri), +3d or +2w",
            Field::Start => "HH:MM, London time, or \"all day\" for a day or days with no hours",
            Field::Length => "How long: 90m, 1h, 1h30m; all day: how many days, 1d, 3d",
            Field::Kind => "meeting, visit, surgery, event, or westminster (a meeting at Parliament)",
            Field::Status => "proposed, confirmed (ticks 3.2), held: it took place (ticks 4.6), or cancelled",
            Field::Place => "Where, e.g. Main hospital, outpatients (optional)",
            Field::Title => "Optional: the kind and the MP's name when left empty",
            Field::Attendees => "How many people from your organisation will take part (optional)",
            Field::Press => "Local press: none, ask (the MP whether they may come), agreed, declined or mp-handles",
            Field::DraftShared => "When the draft press release was shared with the MP (optional; a date)",
            Field::QuoteRequested => "When the MP's office was asked for a quote (optional; a date)",
            Field::QuoteReceived => "When the MP's quote came back (optional; a date)",
            Field::Published => "When the release was published (optional; a date)",
        }
    }

    fn choices(self) -> Vec<String> {
        match self {
            Field::Kind => ProposalKind::ALL.iter().map(|k| k.as_str().to_string()).collect(),
            Field::Status => ProposalStatus::ALL.iter().map(|s| s.as_str().to_string()).collect(),
            Field::Press => PressPlan::ALL.iter().map(|&p| parse::press_plan_text(p)).collect(),
            _ => Vec::new(),
        }
    }

    fn stored(self) -> Option<limits::Field> {
        match self {
            Field::Place => Some(limits::Field::ProposalPlace),
            Field::Title => Some(limits::Field::ProposalTitle),
            _ => None,
        }
    }
}

/// The press plan's fields, each with the milestone it reads.
const MILESTONES: [Field; 4] = [Field::DraftShared, Field::QuoteRequested, Field::QuoteReceived, Field::Published];

#[derive(Debug, Clone, PartialEq)]
pub struct ProposalForm {
    /// The proposal being edited; none when adding.
    pub editing: Option<Proposal>,
    /// A seat known when the form opened: (ONS code, label). It stands while the MP field still
    /// shows the label; once that text is changed, the text is resolved instead.
    pub seat: Option<(String, String)>,
    pub inputs: Inputs<Field>,
    /// The seats offered under the MP field as it is typed: (ONS code, label), tracked first.
    /// Worked out by `update` after each key, so that the keys and the popup agree on them.
    pub matches: Vec<(String, String)>,
    /// The highlighted one of `matches`.
    pub picked: usize,
}

/// What the date says of a day before today: allowed (a meeting may be entered after it), but
/// flagged.
pub const PAST: &str = "this is in the past";

/// How many seats the MP field offers at most.
pub const MATCHES: usize = 6;

impl ProposalForm {
    /// A form for a new proposal, with the MP if known and the day to start from: a one-hour
    /// meeting at 10:00, no press.
    pub fn new(mp: Option<(String, String)>, date: NaiveDate) -> ProposalForm {
        let mp_text = mp.as_ref().map(|(_, label)| label.as_str()).unwrap_or("");
        let texts =
            [mp_text, &date.format("%Y-%m-%d").to_string(), "10:00", "1h", "meeting", "proposed", "", "", "", "none"];
        let inputs = Inputs::new(&texts, if mp.is_some() { Field::Date } else { Field::Mp });
        ProposalForm { editing: None, seat: mp, inputs, matches: Vec::new(), picked: 0 }
    }

    /// The form for a new proposal with the MP known, starting on the first clear slot from
    /// `from` on (a day after today, so never a past day), or on `from` at 10:00 when none is
    /// found.
    pub fn at_next_clear_slot(mp: (String, String), from: NaiveDate, ctx: &FormContext) -> ProposalForm {
        let mut form = ProposalForm::new(Some(mp), from);
        let search = SlotSearch {
            duration: TimeDelta::hours(1),
            window: default_window(),
            busy: ctx.busy,
            kind: ProposalKind::Meeting,
        };
        if let Some(slot) = find_slots(ctx.calendar, &DEFAULT_HOURS, &search, from, 1).into_iter().next() {
            *form.inputs.input_mut(Field::Date) = TextInput::new(&slot.start.format("%Y-%m-%d").to_string());
            *form.inputs.input_mut(Field::Start) = TextInput::new(&slot.start.format("%H:%M").to_string());
        }
        form
    }

    /// The seats to offer under the MP field: while it has the focus and holds typed text that is
    /// not the seat already chosen, those the text matches as the field reads it, tracked first.
    pub fn find_matches(&self, ctx: &FormContext) -> Vec<(String, String)> {
        let text = self.text(Field::Mp);
        let chosen = self.seat.as_ref().is_some_and(|(_, label)| label.trim() == text);
        if self.inputs.focus != Field::Mp || text.is_empty() || chosen {
            return Vec::new();
        }
        let mut found = match resolve(text, &candidates(ctx)) {
            Resolved::One(i) => vec![i],
            Resolved::Ambiguous { shown, .. } => shown,
            Resolved::NotFound { .. } => Vec::new(),
        };
        // Tracked seats first, each group in the order the search ranks them.
        found.sort_by_key(|&i| !ctx.mps[i].mp.tracked);
        found.truncate(MATCHES);
        found.iter().map(|&i| (ctx.mps[i].mp.constituency_code.clone(), seat_label(&ctx.mps[i]))).collect()
    }

    /// Puts the highlighted match in the MP field and moves on to the next field.
    pub fn take_match(&mut self) -> Option<String> {
        let (code, label) = self.matches.get(self.picked)?.clone();
        *self.inputs.input_mut(Field::Mp) = TextInput::new(&label);
        self.seat = Some((code, label.clone()));
        self.matches.clear();
        self.picked = 0;
        self.inputs.focus = Field::Mp.next();
        Some(label)
    }

    /// A form filled in from a stored proposal.
    pub fn edit(p: &Proposal) -> ProposalForm {
        let attendees = p.attendees.map(|n| n.to_string()).unwrap_or_default();
        let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        let texts = [
            &*p.constituency,
            &p.start.format("%Y-%m-%d").to_string(),
            &start_text(p),
            &length_of(p),
            p.kind.as_str(),
            p.status.as_str(),
            &p.place,
            &p.title,
            &attendees,
            &parse::press_plan_text(p.press.plan),
            &day(p.press.draft_shared_on),
            &day(p.press.quote_requested_on),
            &day(p.press.quote_received_on),
            &day(p.press.published_on),
        ];
        ProposalForm {
            editing: Some(p.clone()),
            seat: Some((p.constituency_code.clone(), p.constituency.to_string())),
            inputs: Inputs::new(&texts, Field::Date),
            matches: Vec::new(),
            picked: 0,
        }
    }

    fn text(&self, field: Field) -> &str {
        self.inputs.text(field)
    }

    /// Checks every field against the data and works out the slot's flag and, when it is not
    /// clear or is taken, the next clear slot.
    pub fn check(&self, ctx: &FormContext) -> Checked {
        let seat = self.check_mp(ctx);
        let date = parse::date(self.text(Field::Date), ctx.today);
        let all_day = parse::is_all_day(self.text(Field::Start));
        let kind = ProposalKind::parse(self.text(Field::Kind)).map_err(|e| problem("not a kind", e));
        let status = ProposalStatus::parse(self.text(Field::Status)).map_err(|e| problem("not a status", e));
        let attendees = parse::attendees(self.text(Field::Attendees));
        let plan = parse::press_plan(self.text(Field::Press));
        let milestones = MILESTONES.map(|f| parse::optional_date(self.text(f), ctx.today));
        let place = self.inputs.within_limit(Field::Place);
        let title = self.inputs.within_limit(Field::Title);
        let (slot, start_check, length_check) = match all_day {
            true => check_days(date.clone().ok(), parse::days(self.text(Field::Length))),
            false => {
                let time = parse::time(self.text(Field::Start), date.clone().unwrap_or(ctx.today), ctx.today);
                let length = when::parse_duration(self.text(Field::Length)).map_err(|e| problem("not a length", e));
                match (&date, time, length) {
                    (Ok(date), Ok(time), Ok(length)) => check_slot(date.and_time(time), length),
                    (_, time, length) => (None, time.map(|_| String::new()), length.map(|_| String::new())),
                }
            }
        };
        let date_note = |d: NaiveDate| {
            let past = if d < ctx.today { format!("{PAST} · ") } else { String::new() };
            format!("{past}{} · {}", long_date(d), ctx.calendar.classify_day(d).badge())
        };
        let kind_note = |k: ProposalKind| match k {
            ProposalKind::Westminster => "at Parliament: sitting days suit it".to_string(),
            _ => String::new(),
        };
        let seat_note = |(code, label): (String, String)| match ctx.is_tracked(&code) {
            true => label,
            false => format!("{label} · not tracked yet: saving starts tracking it"),
        };
        let mut fields = vec![
            seat.clone().map(seat_note),
            date.clone().map(date_note),
            start_check,
            length_check,
            kind.clone().map(kind_note),
            status.clone().map(status_note),
            place.clone().map(|_| String::new()),
            title.clone().map(|_| String::new()),
            attendees.clone().map(|_| String::new()),
            plan.clone().map(|_| String::new()),
        ];
        fields.extend(milestones.iter().map(|m| m.clone().map(parse::date_note)));
        let fields: Vec<FieldCheck> = fields.into_iter().map(FieldCheck::from).collect();

        let flag_kind = kind.clone().unwrap_or(ProposalKind::Meeting);
        let busy = ctx.busy_without(self.editing.as_ref());
        let flag = slot.map(|(start, end)| ctx.calendar.classify_span(start, end, all_day, flag_kind, &DEFAULT_HOURS));
        let clash = slot.and_then(|(start, end)| busy.iter().copied().find(|&(s, e)| s < end && start < e));
        let suggestion = match (slot, &flag) {
            // Clear hours are offered for a timed slot; an all-day proposal names its days itself.
            (Some((start, end)), Some(flag)) if !all_day && (flag.flag != Flag::Clear || clash.is_some()) => {
                let search =
                    SlotSearch { duration: end - start, window: default_window(), busy: &busy, kind: flag_kind };
                find_slots(ctx.calendar, &DEFAULT_HOURS, &search, start.date(), 1).into_iter().next()
            }
            _ => None,
        };
        let press = match (plan, milestones) {
            (Ok(plan), [Ok(draft), Ok(requested), Ok(received), Ok(published)]) => Some(Press {
                plan,
                draft_shared_on: draft,
                quote_requested_on: requested,
                quote_received_on: received,
                published_on: published,
            }),
            _ => None,
        };
        // A time read the second time the clocks show it stays so while the form keeps that time.
        let fold = self.editing.as_ref().filter(|p| slot == Some((p.start, p.end))).map_or(Fold::default(), |p| p.fold);
        let proposal = match (seat, slot, kind, attendees, &press, place, title) {
            (Ok((code, _)), Some((start, end)), Ok(kind), Ok(attendees), Some(_), Ok(place), Ok(title)) => {
                Some(NewProposal {
                    constituency_code: code,
                    title: title.to_string(),
                    kind,
                    place: place.to_string(),
                    start,
                    end,
                    all_day,
                    fold,
                    attendees,
                })
            }
            _ => None,
        };
        Checked { fields, flag, clash, suggestion, proposal, press, status: status.ok() }
    }

    /// The seat the MP field names: (code, what to show beside it), or (short, full) problem.
    fn check_mp(&self, ctx: &FormContext) -> Result<(String, String), Problem> {
        let text = self.text(Field::Mp);
        if let Some((code, label)) = &self.seat
            && text == label.trim()
        {
            let row = ctx.mps.iter().find(|r| &r.mp.constituency_code == code);
            return Ok((code.clone(), row.map_or_else(|| label.clone(), seat_label)));
        }
        if text.is_empty() {
            let how = "part of a constituency or MP name, a member id, or an ONS code";
            return Err(("required".to_string(), format!("Type the MP: {how}.")));
        }
        let candidates = candidates(ctx);
        let names = |indexes: &[usize]| indexes.iter().map(|&i| seat_label(&ctx.mps[i])).collect::<Vec<_>>();
        match resolve(text, &candidates) {
            Resolved::One(i) => Ok((ctx.mps[i].mp.constituency_code.clone(), seat_label(&ctx.mps[i]))),
            Resolved::Ambiguous { total, shown } => {
                let listed = names(&shown[..shown.len().min(4)]).join("; ");
                let more = if total > 4 { "; …" } else { "" };
                Err((
                    format!("{total} seats match"),
                    format!("{total} seats match \"{text}\": {listed}{more}. Type more of the name."),
                ))
            }
            Resolved::NotFound { closest } if closest.is_empty() => {
                Err(("no match".to_string(), format!("No seat or MP matches \"{text}\".")))
            }
            Resolved::NotFound { closest } => Err((
                "no match".to_string(),
                format!("No seat or MP matches \"{text}\". Did you mean {}?", names(&closest).join(" or ")),
            )),
        }
    }
}

/// Every seat, as the MP field's text is resolved against them.
fn candidates(ctx: &FormContext) -> Vec<Candidate> {
    ctx.mps
        .iter()
        .map(|r| Candidate {
            code: r.mp.constituency_code.clone(),
            constituency: r.mp.constituency.clone(),
            mp_name: r.mp.name.clone(),
            member_id: r.mp.member_id,
        })
        .collect()
}

/// The slot from a valid start and length, checked as the CLI does (both times exist in London, at
/// most 24 hours), with the verdicts for the Start and Length fields.
fn check_slot(start: NaiveDateTime, length: TimeDelta) -> (Option<(NaiveDateTime, NaiveDateTime)>, Verdict, Verdict) {
    // The length is elapsed time: the end is the London clock's reading that long after the start.
    match when::local_end(start, length).and_then(|end| when::validate_slot(start, end).map(|_| end)) {
        Ok(end) => (Some((start, end)), Ok(String::new()), Ok(format!("until {}", until_text(start, end)))),
        Err(e @ WhenError::NotInLondon(_)) => (None, Err(problem("not in London", e)), Ok(String::new())),
        Err(e) => (None, Ok(String::new()), Err(problem("too long", e))),
    }
}

/// The days from `first` for the days the Length field gives, with the verdicts for the Start and
/// Length fields.
fn check_days(
    first: Option<NaiveDate>,
    days: Result<u64, Problem>,
) -> (Option<(NaiveDateTime, NaiveDateTime)>, Verdict, Verdict) {
    let days = match days {
        Ok(days) => days,
        Err(problem) => return (None, Ok(String::new()), Err(problem)),
    };
    let Some(first) = first else { return (None, Ok(String::new()), Ok(String::new())) };
    let last = first + TimeDelta::days(days as i64 - 1);
    match when::day_span(first, last) {
        Ok(span) if days == 1 => (Some(span), Ok(String::new()), Ok("that day".to_string())),
        Ok(span) => (Some(span), Ok(String::new()), Ok(format!("until {}", last.format("%a %-d %b")))),
        Err(e) => (None, Ok(String::new()), Err(problem("too long", e))),
    }
}

/// What the Start field shows for a stored proposal: its time, or "all day".
fn start_text(p: &Proposal) -> String {
    if p.all_day { parse::ALL_DAY.to_string() } else { p.start.format("%H:%M").to_string() }
}

/// What the Length field shows for a stored proposal: its elapsed length, or its days.
fn length_of(p: &Proposal) -> String {
    if p.all_day {
        let (first, last) = when::days_of(p.start, p.end);
        return format!("{}d", (last - first).num_days() + 1);
    }
    length_text(when::validate_slot(p.start, p.end).map_or(p.end - p.start, |(from, until)| until - from))
}

/// What a status does besides: the checklist item it ticks, or that a cancelled one is never flagged.
fn status_note(status: ProposalStatus) -> String {
    match (status, status.completes_item()) {
        (_, Some(key)) => format!("ticks {key}"),
        (ProposalStatus::Cancelled, _) => "kept, never flagged".to_string(),
        _ => String::new(),
    }
}

/// A field's verdict: a note to show beside it, or its problem.
type Verdict = Result<String, Problem>;

/// "Leeds South — Hilary Benn (Labour)", or just the seat when it has no MP.
fn seat_label(row: &MpRow) -> String {
    match (row.mp.name.is_empty(), row.mp.party.is_empty()) {
        (true, _) => format!("{} (no MP)", row.mp.constituency),
        (false, true) => format!("{} — {}", row.mp.constituency, row.mp.name),
        (false, false) => format!("{} — {} ({})", row.mp.constituency, row.mp.name, row.mp.party),
    }
}

/// What a form is checked against: the app's data as last loaded.
pub struct FormContext<'a> {
    pub today: NaiveDate,
    pub mps: &'a [MpRow],
    pub calendar: &'a CalendarData,
    pub busy: &'a [(NaiveDateTime, NaiveDateTime)],
    /// The MP open in the detail screen, if any.
    pub detail: Option<&'a DetailData>,
}

impl<'a> FormContext<'a> {
    pub fn of(app: &'a App) -> FormContext<'a> {
        FormContext {
            today: app.today,
            mps: &app.data.mps,
            calendar: &app.data.calendar,
            busy: &app.data.busy,
            detail: app.data.detail.as_ref(),
        }
    }

    /// Whether the seat with this ONS code is tracked.
    pub fn is_tracked(&self, code: &str) -> bool {
        self.mps.iter().any(|r| r.mp.constituency_code == code && r.mp.tracked)
    }

    /// The times already taken, less the proposal being edited (it may keep its own time).
    fn busy_without(&self, editing: Option<&Proposal>) -> Vec<(NaiveDateTime, NaiveDateTime)> {
        let mut busy = self.busy.to_vec();
        if let Some(p) = editing
            && let Some(i) = busy.iter().position(|&slot| slot == (p.start, p.end))
        {
            busy.remove(i);
        }
        busy
    }
}

/// The whole form, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// Each field's verdict, in Tab order.
    pub fields: Vec<FieldCheck>,
    /// The slot's flag, while the date, start and length are valid.
    pub flag: Option<SlotFlag>,
    /// Another proposal's time that the slot overlaps.
    pub clash: Option<(NaiveDateTime, NaiveDateTime)>,
    /// The next clear, free slot, when this one is not clear or is taken.
    pub suggestion: Option<Slot>,
    /// What to store, when every field is valid.
    pub proposal: Option<NewProposal>,
    /// The press plan, when its fields are valid.
    pub press: Option<Press>,
    /// The status, when it is one.
    pub status: Option<ProposalStatus>,
}

impl Checked {
    pub fn field(&self, field: Field) -> &FieldCheck {
        &self.fields[field.index()]
    }

    /// The first field, in form order, that is not valid.
    pub fn first_problem(&self) -> Option<Field> {
        super::first_problem(&self.fields).and_then(|i| Field::ALL.get(i).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::fixture::{at, d, visit as proposal, week_app as app};
    use crate::tui::text_input::TextInput;

    /// The field's text replaced with `text`, as much of it as the field holds.
    fn typed(form: &mut ProposalForm, field: Field, text: &str) {
        let max = field.stored().map_or(crate::tui::text_input::MAX_CHARS, limits::Field::limit);
        *form.inputs.input_mut(field) = TextInput::with_max(text, max);
    }

    #[test]
    fn a_title_and_place_at_their_limits_are_kept_and_longer_ones_refused() {
        let mut form = ProposalForm::new(Some(("E14001323".into(), "Leeds South".into())), d("2025-03-07"));
        typed(&mut form, Field::Title, &"t".repeat(200));
        typed(&mut form, Field::Place, &"p".repeat(500));
        let proposal = checked(&form).proposal.expect("at the limits");
        assert_eq!((proposal.title.len(), proposal.place.len()), (200, 500));
        typed(&mut form, Field::Title, &"t".repeat(201));
        let result = checked(&form);
        assert_eq!(result.proposal, None);
        assert_eq!(result.first_problem(), Some(Field::Title));
        let error = result.field(Field::Title).error.as_deref().unwrap_or_default();
        assert_eq!(error, "The proposal title is 201 characters long; the limit is 200: shorten it.");
    }

    fn checked(form: &ProposalForm) -> Checked {
        form.check(&FormContext::of(&app()))
    }

    #[test]
    fn a_new_form_starts_as_a_one_hour_meeting_at_ten() {
        let form = ProposalForm::new(None, d("2025-03-07"));
        assert_eq!(form.inputs.focus, Field::Mp);
        let result = checked(&form);
        assert_eq!(result.first_problem(), Some(Field::Mp));
        assert_eq!(result.field(Field::Mp).note, "required");
        assert_eq!(result.field(Field::Length).note, "until 11:00");
        assert!(result.field(Field::Date).note.starts_with("Friday 7 March 2025 · Sitting Fri"));
    }

    #[test]
    fn the_mp_resolves_live_or_says_what_is_wrong() {
        let mut form = ProposalForm::new(None, d("2025-03-07"));
        typed(&mut form, Field::Mp, "benn");
        assert_eq!(checked(&form).field(Field::Mp).note, "Leeds South — Hilary Benn (Labour)");
        typed(&mut form, Field::Mp, "leeds");
        let mp = checked(&form).field(Field::Mp).clone();
        assert_eq!(mp.note, "3 seats match");
        assert!(mp.error.unwrap().contains("Leeds East — Richard Burgon"));
        typed(&mut form, Field::Mp, "Bathe");
        let error = checked(&form).field(Field::Mp).error.clone().unwrap();
        assert!(error.starts_with("No seat or MP matches \"Bathe\". Did you mean Bath"), "{error}");
    }

    #[test]
    fn each_field_reports_its_own_error() {
        let mut form = ProposalForm::new(Some(("E14001323".into(), "Leeds South".into())), d("2025-03-07"));
        for (field, text, short) in [
            (Field::Date, "2025-02-30", "not a date"),
            (Field::Start, "25:00", "not a time"),
            (Field::Length, "0m", "not a length"),
            (Field::Kind, "party", "not a kind"),
            (Field::Attendees, "lots", "not a number"),
        ] {
            typed(&mut form, field, text);
            let result = checked(&form);
            assert_eq!(result.field(field).note, short, "{field:?}");
            assert!(result.field(field).error.as_ref().unwrap().contains(text), "{field:?}");
        }
        let result = checked(&form);
        assert_eq!(result.first_problem(), Some(Field::Date));
        assert_eq!(result.proposal, None);
    }

    #[test]
    fn a_time_the_clocks_skip_is_an_error_on_the_start() {
        let mut form = ProposalForm::new(Some(("E14001323".into(), "Leeds South".into())), d("2025-03-30"));
        typed(&mut form, Field::Start, "01:30");
        assert_eq!(checked(&form).field(Field::Start).note, "not in London");
    }

    #[test]
    fn a_length_is_elapsed_time_across_a_change_of_the_clocks() {
        // The clocks went forward at 01:00 GMT on 30 March 2025: an hour from 00:30 ends at 02:30.
        let mut form = ProposalForm::new(Some(("E14001323".into(), "Leeds South".into())), d("2025-03-30"));
        typed(&mut form, Field::Start, "00:30");
        let result = checked(&form);
        assert_eq!(result.field(Field::Length).note, "until 02:30");
        assert_eq!(result.proposal.map(|p| p.end), Some(at("2025-03-30 02:30")));
        // They went back at 02:00 BST on 26 October 2025: two hours from 00:30 end at 01:30 GMT.
        let mut form = ProposalForm::new(Some(("E14001323".into(), "Leeds South".into())), d("2025-10-26"));
        typed(&mut form, Field::Start, "00:30");
        typed(&mut form, Field::Length, "2h");
        assert_eq!(checked(&form).field(Field::Length).note, "until 01:30");
    }

    #[test]
    fn a_sitting_tuesday_is_a_conflict_with_a_clear_slot_offered() {
        let form = ProposalForm::new(Some(("E14001323".into(), "Leeds South".into())), d("2025-03-04"));
        let result = checked(&form);
        let flag = result.flag.unwrap();
        assert_eq!(flag.flag, Flag::Conflict);
        assert!(flag.reason().starts_with("Tuesday 4 March 2025 is a sitting day"));
        // Saturday 8 March at 10:00 is taken by the fixture's visit until 11:30.
        assert_eq!(result.suggestion.unwrap().start, at("2025-03-08 11:30"));
        assert!(result.proposal.is_some(), "a conflict is a warning, not an error");
    }

    #[test]
    fn editing_keeps_its_own_time_free_and_a_clash_with_another_is_noted() {
        let visit = proposal(2, "2025-03-08 10:00", 90);
        let form = ProposalForm::edit(&visit);
        let result = checked(&form);
        assert_eq!((result.flag.unwrap().flag, result.clash, result.suggestion), (Flag::Clear, None, None));
        let mut other = ProposalForm::new(Some(("E14001063".into(), "Bath".into())), d("2025-03-08"));
        typed(&mut other, Field::Start, "11:00");
        let result = checked(&other);
        assert_eq!(result.clash, Some((at("2025-03-08 10:00"), at("2025-03-08 11:30"))));
        assert_eq!(result.suggestion.unwrap().start, at("2025-03-08 11:30"));
    }

    #[test]
    fn an_edit_form_reads_back_the_stored_proposal() {
        let mut visit = proposal(1, "2025-03-04 10:00", 90);
        visit.title = "Ward visit".into();
        visit.press = Press {
            plan: crate::domain::engagement::press::PressPlan::MpHandles,
            published_on: Some(d("2025-03-05")),
            ..Default::default()
        };
        let form = ProposalForm::edit(&visit);
        assert_eq!(form.inputs.text(Field::Press), "mp-handles");
        let result = checked(&form);
        assert_eq!(result.press.as_ref(), Some(&visit.press));
        assert_eq!(result.field(Field::Published).note, "Wednesday 5 March 2025");
        let stored = result.proposal.unwrap();
        assert_eq!((stored.start, stored.end), (visit.start, visit.end));
        assert_eq!(
            (stored.title.as_str(), stored.kind, stored.attendees),
            ("Ward visit", ProposalKind::Visit, Some(3))
        );
    }

    #[test]
    fn all_day_in_the_start_makes_a_proposal_of_days_flagged_by_them() {
        let mut form = ProposalForm::new(Some(("E14001323".into(), "Leeds South".into())), d("2025-03-07"));
        typed(&mut form, Field::Start, "All-day");
        typed(&mut form, Field::Length, "2 days");
        let result = checked(&form);
        assert_eq!(result.field(Field::Length).note, "until Sat 8 Mar");
        assert_eq!(result.flag.as_ref().map(|f| f.flag), Some(Flag::Conflict), "a sitting Friday, all of it");
        assert_eq!(result.suggestion, None, "no hours are offered for days");
        assert_eq!(result.clash, Some((at("2025-03-08 10:00"), at("2025-03-08 11:30"))), "the fixture's visit");
        let stored = result.proposal.unwrap();
        assert!(stored.all_day);
        assert_eq!((stored.start, stored.end), (at("2025-03-07 00:00"), at("2025-03-09 00:00")));
        typed(&mut form, Field::Length, "1h");
        let result = checked(&form);
        assert_eq!(result.field(Field::Length).note, "not days");
        assert_eq!(result.proposal, None);
        typed(&mut form, Field::Length, "32d");
        assert_eq!(checked(&form).first_problem(), Some(Field::Length));

        // Edited, a stored all-day proposal reads back as its days and stays all day.
        let mut fair = proposal(1, "2025-03-07 00:00", 3 * 24 * 60);
        fair.all_day = true;
        let form = ProposalForm::edit(&fair);
        assert_eq!((form.inputs.text(Field::Start), form.inputs.text(Field::Length)), ("all day", "3d"));
        let stored = checked(&form).proposal.unwrap();
        assert_eq!((stored.all_day, stored.start, stored.end), (true, fair.start, fair.end));
    }

    #[test]
    fn fields_cycle_and_lengths_print_compactly() {
        assert_eq!(Field::Attendees.next(), Field::Press);
        assert_eq!(Field::Published.next(), Field::Mp);
        assert_eq!(Field::Mp.prev(), Field::Published);
        assert_eq!(length_text(TimeDelta::minutes(90)), "1h30m");
        assert_eq!(length_text(TimeDelta::minutes(45)), "45m");
        assert_eq!(length_text(TimeDelta::hours(2)), "2h");
        assert_eq!(when::parse_duration(&length_text(TimeDelta::minutes(135))).unwrap(), TimeDelta::minutes(135));
    }
}
