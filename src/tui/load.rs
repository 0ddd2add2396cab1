//! Reading what the screens show from the store. The loop calls these; `update` never does.

use chrono::{Days, NaiveDate, NaiveTime, TimeDelta};

use super::app::{App, Data, DetailData, mp_rows};
use crate::compose::{self, ComposeError};
use crate::domain::agenda::Agenda;
use crate::domain::calendar::CalendarData;
use crate::domain::proposal::ProposalFilter;
use crate::store::{MpFilter, Result, Store, StoreError};

/// Everything, as when the UI starts or another process has changed the database.
pub fn all(store: &Store, today: NaiveDate, monday: NaiveDate, detail: Option<&str>) -> Result<Data> {
    data(store, store.calendar()?, today, monday, detail)
}

/// Everything but the calendar, which is given: what the user's own changes (or a new day) can
/// touch.
fn data(
    store: &Store,
    calendar: CalendarData,
    today: NaiveDate,
    monday: NaiveDate,
    detail: Option<&str>,
) -> Result<Data> {
    let from = today.and_time(NaiveTime::MIN);
    Ok(Data {
        mps: mp_rows(store.list_mps(&MpFilter::default())?),
        calendar,
        detail: detail.map(|code| self::detail(store, code)).transpose()?.flatten(),
        week: week(store, monday)?,
        busy: store.busy(from - TimeDelta::days(1), from + TimeDelta::days(800))?,
        agenda: agenda(store, today)?,
    })
}

/// The daily review for `today`, exactly as `mpplan agenda` builds it.
pub fn agenda(store: &Store, today: NaiveDate) -> Result<Agenda> {
    compose::agenda(store, today).map_err(|e| match e {
        ComposeError::Store(e) => e,
        other => StoreError::Invalid(other.to_string()),
    })
}

pub fn detail(store: &Store, code: &str) -> Result<Option<DetailData>> {
    let Some(card) = store.mp_card(code)? else { return Ok(None) };
    let checklist = store.checklist(code)?;
    let proposals =
        store.proposals(&ProposalFilter { constituency_code: Some(code.to_string()), ..Default::default() })?;
    let interactions = store.interactions(code)?;
    let engagement = store.engagement(code)?;
    Ok(Some(DetailData { card, checklist, proposals, interactions, engagement }))
}

pub fn week(store: &Store, monday: NaiveDate) -> Result<Vec<crate::domain::proposal::Proposal>> {
    let sunday = monday.checked_add_days(Days::new(6)).unwrap_or(monday);
    store.proposals(&ProposalFilter { from: Some(monday), to: Some(sunday), ..Default::default() })
}

/// Reloads what the user's changes (or a new day) may have touched, keeping selections in range.
pub fn refresh(store: &Store, app: &mut App) -> Result<()> {
    app.data = data(store, app.data.calendar.clone(), app.today, app.week.monday, app.detail.code.as_deref())?;
    app.refilter();
    let (items, log) = app.data.detail.as_ref().map_or((0, 0), |d| (d.checklist.len(), d.interactions.len()));
    app.detail.selected = app.detail.selected.min(items.saturating_sub(1));
    app.detail.log = app.detail.log.map(|scroll| scroll.min(log.saturating_sub(1)));
    Ok(())
}
