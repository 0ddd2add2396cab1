//! Reading what the screens show from the store. The loop calls these; `update` never does.

use chrono::{Days, NaiveDate, NaiveTime, TimeDelta};

use super::app::{App, Data, DetailData, mp_rows};
use crate::domain::checklist::item_by_key;
use crate::domain::proposal::ProposalFilter;
use crate::store::{MpFilter, Result, Store};

/// How far ahead the Today screen looks for conflicts.
pub const AHEAD_DAYS: u64 = 56;

/// Everything, as when the UI starts or another process has changed the database.
pub fn all(store: &Store, today: NaiveDate, monday: NaiveDate, detail: Option<&str>) -> Result<Data> {
    let mut data = Data {
        mps: Vec::new(),
        calendar: store.calendar()?,
        detail: None,
        week: Vec::new(),
        upcoming: Vec::new(),
        busy: Vec::new(),
        next_steps: Vec::new(),
    };
    user_data(store, &mut data, today, monday, detail)?;
    Ok(data)
}

/// Everything the user's own changes can touch (all but the calendar).
pub fn user_data(
    store: &Store,
    data: &mut Data,
    today: NaiveDate,
    monday: NaiveDate,
    detail: Option<&str>,
) -> Result<()> {
    data.mps = mp_rows(store.list_mps(&MpFilter::default())?);
    data.next_steps = data
        .mps
        .iter()
        .filter(|r| r.mp.tracked)
        .filter_map(|r| {
            let next = r.mp.progress.as_ref()?.next?;
            item_by_key(next)?;
            Some((r.mp.constituency_code.clone(), r.mp.constituency.clone(), r.mp.name.clone(), next.to_string()))
        })
        .collect();
    data.detail = detail.map(|code| self::detail(store, code)).transpose()?.flatten();
    data.week = week(store, monday)?;
    let ahead = today.checked_add_days(Days::new(AHEAD_DAYS)).unwrap_or(today);
    data.upcoming = store.proposals(&ProposalFilter { from: Some(today), to: Some(ahead), ..Default::default() })?;
    let from = today.and_time(NaiveTime::MIN);
    data.busy = store.busy(from - TimeDelta::days(1), from + TimeDelta::days(800))?;
    Ok(())
}

pub fn detail(store: &Store, code: &str) -> Result<Option<DetailData>> {
    let Some(card) = store.mp_card(code)? else { return Ok(None) };
    let checklist = store.checklist(code)?;
    let proposals =
        store.proposals(&ProposalFilter { constituency_code: Some(code.to_string()), ..Default::default() })?;
    Ok(Some(DetailData { card, checklist, proposals }))
}

pub fn week(store: &Store, monday: NaiveDate) -> Result<Vec<crate::domain::proposal::Proposal>> {
    let sunday = monday.checked_add_days(Days::new(6)).unwrap_or(monday);
    store.proposals(&ProposalFilter { from: Some(monday), to: Some(sunday), ..Default::default() })
}

/// Reloads what the user's changes may have touched, keeping selections in range.
pub fn refresh(store: &Store, app: &mut App) -> Result<()> {
    user_data(store, &mut app.data, app.today, app.week.monday, app.detail.code.as_deref())?;
    app.refilter();
    let items = app.data.detail.as_ref().map_or(0, |d| d.checklist.len());
    app.detail.selected = app.detail.selected.min(items.saturating_sub(1));
    Ok(())
}
