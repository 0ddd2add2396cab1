//! Reading what the screens show from the store. The loop calls these, and hands what they read
//! to `update` to put in place ([`Read`]); they change nothing themselves.
//!
//! After the user's own changes the loop reads again only the parts a change can touch
//! ([`Touched`]); another process's change (or an import) has it read everything. Of those parts,
//! the ones only one screen uses ([`ON_DEMAND`]: the agenda, the week, the busy times) are read
//! when that screen or form is open, and otherwise only marked out of date, to be read when it
//! opens ([`needed`]). So the first frame waits only for what it shows.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use super::app::{App, Data, DetailData, MpRow, Screen, mp_rows};
use super::invalidation::Touched;
use crate::domain::calendar::CalendarData;
use crate::domain::engagement::agenda::Agenda;
use crate::domain::engagement::proposal::{Proposal, ProposalFilter};
use crate::shared::compose::{self, ComposeError};
use crate::shared::flags;
use crate::store::{MpFilter, Result, Store, StoreError, SyncStatus};

/// The parts each used by one screen or form, and costly enough (the agenda above all) to read
/// only when that is open: the agenda (Today), the week (Week) and the busy times (the proposal
/// form).
pub const ON_DEMAND: Touched = Touched { agenda: true, week: true, busy: true, ..Touched::NOTHING };

/// Everything, every part read, as one read of the store gives it.
pub fn all(store: &Store, today: NaiveDate, monday: NaiveDate, detail: Option<&str>) -> Result<Data> {
    Ok(Data {
        week: week(store, monday)?,
        busy: busy(store, today)?,
        agenda: agenda(store, today)?,
        ..always(store, today, detail)?
    })
}

/// The parts every screen may need (the MP list, the calendar, the MP detail) read; the parts in
/// [`ON_DEMAND`] left empty, for [`needed`] to read when their screen opens.
pub fn always(store: &Store, today: NaiveDate, detail: Option<&str>) -> Result<Data> {
    Ok(Data {
        mps: mps(store)?,
        calendar: store.calendar()?,
        detail: detail.map(|code| self::detail(store, code)).transpose()?.flatten(),
        week: Vec::new(),
        busy: Vec::new(),
        agenda: unread_agenda(today),
    })
}

/// What the Today screen's first frame needs, when something is tracked (otherwise the MPs
/// screen opens, on its list): the calendar, and of the agenda only its first conflicts ahead
/// ([`compose::first_conflicts`]). The rest is read once the frame is drawn, the agenda marked
/// out of date meanwhile.
pub fn first(store: &Store, today: NaiveDate) -> Result<Option<Data>> {
    if !store.tracks_any()? {
        return Ok(None);
    }
    let calendar = store.calendar()?;
    let conflicts_ahead = compose::first_conflicts(store, today, &calendar).map_err(store_error)?;
    Ok(Some(Data {
        mps: Vec::new(),
        calendar,
        detail: None,
        week: Vec::new(),
        busy: Vec::new(),
        agenda: Agenda { conflicts_ahead, ..unread_agenda(today) },
    }))
}

/// An agenda with nothing in it, in place of one not read yet; of it only the first conflicts
/// that [`first`] puts in are ever shown.
fn unread_agenda(today: NaiveDate) -> Agenda {
    Agenda {
        date: today,
        conflicts_ahead: Vec::new(),
        proposals_today: Vec::new(),
        proposals_next_seven_days: Vec::new(),
        follow_ups_overdue: Vec::new(),
        follow_ups_due: Vec::new(),
        next_steps: Vec::new(),
        gone_quiet: Vec::new(),
        snoozed: Vec::new(),
        calendar_warning: None,
        data_age: None,
    }
}

/// All seats for the MPs screen: tracked ones first, with their progress.
pub fn mps(store: &Store) -> Result<Vec<MpRow>> {
    Ok(mp_rows(store.list_mps(&MpFilter::default())?))
}

/// Times already taken (not cancelled) from the day before `today` to 800 days on, for
/// suggesting clear slots.
pub fn busy(store: &Store, today: NaiveDate) -> Result<Vec<(NaiveDateTime, NaiveDateTime)>> {
    let from = today.and_time(NaiveTime::MIN);
    store.busy(from - TimeDelta::days(1), from + TimeDelta::days(800))
}

/// The daily review for `today`, exactly as `mpplan agenda` builds it.
pub fn agenda(store: &Store, today: NaiveDate) -> Result<Agenda> {
    compose::agenda(store, today).map_err(store_error)
}

fn store_error(e: ComposeError) -> StoreError {
    match e {
        ComposeError::Store(e) => e,
        other => StoreError::Invalid(other.to_string()),
    }
}

/// The seat `code`'s detail: its MP's card, checklist, proposals (and the others near them),
/// contact log and notes; in a shared plan, who else changed its items and contacts, and what was
/// changed apart. None when there is no such seat.
pub fn detail(store: &Store, code: &str) -> Result<Option<DetailData>> {
    let Some(card) = store.mp_card(code)? else { return Ok(None) };
    let checklist = store.checklist(code)?;
    let proposals =
        store.proposals(&ProposalFilter { constituency_code: Some(code.to_string()), ..Default::default() })?;
    let nearby = flags::nearby(store, &proposals)?;
    let interactions = store.interactions(code)?;
    let engagement = store.engagement(code)?;
    // Who else changed what, and what was changed apart, only mean something in a shared plan.
    let (others, conflicts) = if store.sync_status()?.joined() {
        (store.changed_by_others(code)?, store.sync_conflicts(Some(code))?)
    } else {
        Default::default()
    };
    Ok(Some(DetailData { card, checklist, proposals, nearby, interactions, engagement, others, conflicts }))
}

/// The proposals of the week from `monday`, with those of the Sunday before and the Monday after,
/// whose overlaps across midnight flag the week's first and last days.
pub fn week(store: &Store, monday: NaiveDate) -> Result<Vec<Proposal>> {
    let first = monday.pred_opt().unwrap_or(monday);
    let last = monday.checked_add_days(Days::new(7)).unwrap_or(monday);
    store.proposals(&ProposalFilter { from: Some(first), to: Some(last), ..Default::default() })
}

/// Parts of the data read again from the store, for `update` to put in place (see
/// [`super::update::Outcome::Read`]); none for a part not read.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub mps: Option<Vec<MpRow>>,
    pub calendar: Option<CalendarData>,
    /// The MP open on the detail screen (none when it has gone).
    pub detail: Option<Option<DetailData>>,
    pub week: Option<Vec<Proposal>>,
    pub busy: Option<Vec<(NaiveDateTime, NaiveDateTime)>>,
    pub agenda: Option<Agenda>,
    /// This copy's part in the shared plan (how many changes wait), read with every part when the
    /// plan is shared: a change made here is one more waiting.
    pub sync: Option<SyncStatus>,
    /// The parts out of date once these are in place, to be read when what shows them opens.
    pub stale: Touched,
}

/// Reads again the parts named (for the MP open, the week shown and today). Those in
/// [`ON_DEMAND`] are read only if what uses them is open; otherwise they are left out of date, for
/// [`needed`] to read when it opens.
pub fn reload(store: &Store, app: &App, parts: Touched) -> Result<Read> {
    let stale = marked(app, parts);
    let now = parts.without(ON_DEMAND) | (stale & open(app));
    read(store, app, now, stale.without(now))
}

/// What is out of date once `parts` have changed, before anything is read again.
pub fn marked(app: &App, parts: Touched) -> Touched {
    app.stale | (parts & ON_DEMAND)
}

/// Reads the parts named, now; `stale` is what is out of date afterwards.
fn read(store: &Store, app: &App, parts: Touched, stale: Touched) -> Result<Read> {
    let detail = || app.detail.code.as_deref().map(|code| detail(store, code)).transpose().map(Option::flatten);
    Ok(Read {
        mps: parts.mps.then(|| mps(store)).transpose()?,
        calendar: None,
        detail: parts.detail.then(detail).transpose()?,
        week: parts.week.then(|| week(store, app.week.monday)).transpose()?,
        busy: parts.busy.then(|| busy(store, app.today)).transpose()?,
        agenda: parts.agenda.then(|| agenda(store, app.today)).transpose()?,
        sync: app.sharing.is_some().then(|| store.sync_status()).transpose()?,
        stale,
    })
}

/// Everything again, calendar included: another process (or an import) has changed the database.
pub fn everything(store: &Store, app: &App) -> Result<Read> {
    let calendar = store.calendar()?;
    Ok(Read { calendar: Some(calendar), ..reload(store, app, Touched::EVERYTHING)? })
}

/// Reads what is out of date and needed by what is open.
pub fn needed(store: &Store, app: &App) -> Result<Read> {
    reload(store, app, Touched::NOTHING)
}

/// The parts only one screen or form uses that are open: the agenda for the Today screen, the
/// week for the Week screen, the busy times for the proposal form (it checks typed times against
/// them and suggests clear slots).
fn open(app: &App) -> Touched {
    Touched {
        agenda: app.screen == Screen::Today,
        week: app.screen == Screen::Week,
        busy: app.overlay.form().is_some_and(|f| f.proposal().is_some()),
        ..Touched::NOTHING
    }
}

/// The days of the month from `first` that hold proposals (cancelled ones too), with how many,
/// for the week's month overview.
pub fn month(store: &Store, first: NaiveDate) -> Result<Vec<(NaiveDate, usize)>> {
    let last = first.checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(first);
    let proposals = store.proposals(&ProposalFilter { from: Some(first), to: Some(last), ..Default::default() })?;
    let mut days: Vec<(NaiveDate, usize)> = Vec::new();
    for date in proposals.iter().map(|p| p.start.date()).filter(|d| (first..=last).contains(d)) {
        match days.iter_mut().find(|(d, _)| *d == date) {
            Some((_, n)) => *n += 1,
            None => days.push((date, 1)),
        }
    }
    days.sort();
    Ok(days)
}
