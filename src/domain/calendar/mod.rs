//! The parliamentary calendar of DESIGN.md §3: which days the Commons sits, and whether a proposed
//! time slot clashes with the MP's expected hours in Westminster.
//!
//! [`CalendarData`] is built once from plain records ([`CalendarSource`]) and sorted, so that each
//! classification is a handful of binary searches.

pub mod day;
pub mod free_slots;
pub mod hours;
pub(crate) mod intervals;
pub mod rows;
pub mod slot;
pub mod source;

use std::sync::Arc;

use chrono::{Days, NaiveDate};

use self::intervals::Intervals;
use crate::domain::reference::shipped::Dataset;

pub use self::day::{Certainty, DataEdge, DayClass, DayKind, FORECAST_FIX, long_date};
pub use self::hours::{DEFAULT_HOURS, Hours, Span};
pub use self::rows::{CalendarRows, RowSource, UpdateRows};
pub use self::slot::{Flag, ProposalKind, ProposalKindError, SlotFlag, SlotReason};
pub use self::source::{BankHoliday, CalendarSource, Period, Session, SittingDay, SittingStatus};

/// The calendar, sorted for lookups. Build it with [`CalendarData::new`] or
/// [`CalendarData::from_dataset`].
#[derive(Debug, Clone, Default)]
pub struct CalendarData {
    /// Listed sitting days, sorted and unique, with their status and note at the same index.
    sitting_dates: Vec<NaiveDate>,
    sitting_info: Vec<(SittingStatus, Option<Arc<str>>)>,
    recesses: Intervals<NaiveDate, Arc<str>>,
    prorogations: Intervals<NaiveDate, ()>,
    prorogation_periods: Vec<Period>,
    dissolutions: Intervals<NaiveDate, ()>,
    /// Bank holidays, sorted and unique, with their titles at the same index.
    holiday_dates: Vec<NaiveDate>,
    holiday_titles: Vec<Arc<str>>,
    sitting_range: Option<(NaiveDate, NaiveDate)>,
}

impl CalendarData {
    /// Sorts and indexes `source`. A date listed twice as a sitting day is confirmed if either
    /// listing is; periods whose last day comes before their first are ignored.
    pub fn new(source: CalendarSource) -> CalendarData {
        let mut sitting = source.sitting_days;
        sitting.sort_by_key(|day| (day.date, day.status != SittingStatus::Confirmed));
        let mut sitting_dates: Vec<NaiveDate> = Vec::with_capacity(sitting.len());
        let mut sitting_info: Vec<(SittingStatus, Option<Arc<str>>)> = Vec::with_capacity(sitting.len());
        for day in sitting {
            let note = day.note.filter(|note| !note.trim().is_empty()).map(Arc::from);
            if sitting_dates.last() == Some(&day.date) {
                let info = sitting_info.last_mut().expect("dates and info have the same length");
                info.1 = info.1.take().or(note);
            } else {
                sitting_dates.push(day.date);
                sitting_info.push((day.status, note));
            }
        }

        let mut holidays = source.bank_holidays;
        holidays.sort_by_key(|holiday| holiday.date);
        holidays.dedup_by_key(|holiday| holiday.date);

        let mut prorogation_periods = prorogations(source.sessions);
        prorogation_periods.extend(source.prorogations);
        prorogation_periods.sort_by_key(|p| (p.first, p.last));
        CalendarData {
            sitting_dates,
            sitting_info,
            recesses: Intervals::new(source.recesses.into_iter().map(|p| (p.first, p.last, Arc::from(p.name)))),
            prorogations: Intervals::new(prorogation_periods.iter().map(|p| (p.first, p.last, ()))),
            prorogation_periods,
            dissolutions: Intervals::new(source.dissolutions.into_iter().map(|(first, last)| (first, last, ()))),
            holiday_dates: holidays.iter().map(|holiday| holiday.date).collect(),
            holiday_titles: holidays.into_iter().map(|holiday| Arc::from(holiday.title)).collect(),
            sitting_range: source.sitting_range.map(|(a, b)| (a.min(b), a.max(b))),
        }
    }

    /// The shipped data (see [`CalendarSource::from_dataset`]).
    pub fn from_dataset(dataset: &Dataset) -> CalendarData {
        CalendarData::new(CalendarSource::from_dataset(dataset))
    }

    /// The range the sitting-day data covers, first and last day included.
    pub fn sitting_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.sitting_range
    }

    /// The first day after the sitting-day data: from it on, a day that no recess, prorogation,
    /// dissolution or bank holiday explains is *assumed* by the weekday pattern. `None` when there is
    /// no sitting-day data at all (then every such day is assumed).
    pub fn first_assumed_date(&self) -> Option<NaiveDate> {
        self.sitting_range.and_then(|(_, last)| last.checked_add_days(Days::new(1)))
    }

    /// The first day of the earliest recess and the last day of the latest.
    pub fn recess_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.recesses.span()
    }

    /// The earliest and the latest bank holiday.
    pub fn bank_holiday_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((*self.holiday_dates.first()?, *self.holiday_dates.last()?))
    }

    /// The prorogations, found between sessions or announced as such, in date order.
    pub fn prorogations(&self) -> &[Period] {
        &self.prorogation_periods
    }

    /// The recesses as `(name, first, last)`, in order of their first day.
    pub fn recesses(&self) -> impl Iterator<Item = (&str, NaiveDate, NaiveDate)> {
        self.recesses.iter().map(|(first, last, name)| (&**name, first, last))
    }

    /// The listed sitting day on `date`, if any.
    fn sitting_on(&self, date: NaiveDate) -> Option<&(SittingStatus, Option<Arc<str>>)> {
        self.sitting_dates.binary_search(&date).ok().map(|i| &self.sitting_info[i])
    }

    fn bank_holiday_on(&self, date: NaiveDate) -> Option<&Arc<str>> {
        self.holiday_dates.binary_search(&date).ok().map(|i| &self.holiday_titles[i])
    }
}

/// The days strictly between one session's close and the next session's opening.
fn prorogations(mut sessions: Vec<Session>) -> Vec<Period> {
    sessions.sort_by_key(|session| session.opened);
    sessions
        .windows(2)
        .filter_map(|pair| {
            let first = pair[0].closed?.checked_add_days(Days::new(1))?;
            let last = pair[1].opened.checked_sub_days(Days::new(1))?;
            (first <= last).then(|| Period {
                name: format!("between the {} and {} sessions", pair[0].name, pair[1].name),
                first,
                last,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn shipped_data_has_the_2026_prorogation_and_its_range() {
        let cal = CalendarData::from_dataset(&crate::data::shipped().unwrap());
        assert_eq!(cal.sitting_range(), Some((d("2024-07-09"), d("2026-07-16"))));
        assert_eq!(cal.first_assumed_date(), Some(d("2026-07-17")));
        let prorogations = cal.prorogations();
        assert_eq!(prorogations.len(), 1);
        assert_eq!((prorogations[0].first, prorogations[0].last), (d("2026-04-30"), d("2026-05-12")));
        assert_eq!(prorogations[0].name, "between the 2024-26 and 2026-27 sessions");
        assert!(cal.bank_holiday_range().unwrap().1 >= d("2028-01-01"));
        assert!(cal.recesses().any(|(name, ..)| name == "Easter recess (post recall)"));
        assert!(cal.recess_range().is_some());
    }

    #[test]
    fn duplicate_sitting_days_merge_and_confirmed_wins() {
        let day = |status, note: Option<&str>| SittingDay { date: d("2025-04-12"), status, note: note.map(Into::into) };
        let cal = CalendarData::new(CalendarSource {
            sitting_days: vec![day(SittingStatus::Scheduled, None), day(SittingStatus::Confirmed, Some("recall"))],
            ..CalendarSource::default()
        });
        assert_eq!(cal.sitting_dates.len(), 1);
        assert_eq!(cal.sitting_on(d("2025-04-12")).unwrap().0, SittingStatus::Confirmed);
        assert_eq!(cal.sitting_on(d("2025-04-12")).unwrap().1.as_deref(), Some("recall"));
    }

    #[test]
    fn sessions_without_a_gap_have_no_prorogation() {
        let session = |name: &str, opened, closed: Option<&str>| Session {
            name: name.into(),
            opened: d(opened),
            closed: closed.map(d),
        };
        let found =
            prorogations(vec![session("b", "2020-01-02", None), session("a", "2019-01-01", Some("2020-01-01"))]);
        assert!(found.is_empty());
    }
}
