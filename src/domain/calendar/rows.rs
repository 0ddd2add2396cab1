//! The calendar as stored: rows from four sources, and which of them count. The user's own rows
//! (typed or imported) always stay; rows fetched by `mpplan update` stand in for the shipped ones
//! over the range the update fetched; a session the update lists replaces the shipped session that
//! opened the same day.

use chrono::NaiveDate;

use super::source::{BankHoliday, CalendarSource, Period, Session, SittingDay};

/// Where a stored calendar row came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowSource {
    Shipped,
    /// From a file the user imported.
    Import,
    /// Typed by the user.
    User,
    /// Fetched by `mpplan update`.
    Update,
}

impl RowSource {
    pub fn parse(text: &str) -> RowSource {
        match text {
            "shipped" => RowSource::Shipped,
            "import" => RowSource::Import,
            "update" => RowSource::Update,
            _ => RowSource::User,
        }
    }

    /// The user's own: typed or imported.
    pub fn is_yours(self) -> bool {
        matches!(self, RowSource::Import | RowSource::User)
    }
}

/// The rows an update writes, replacing the previous update's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateRows {
    pub sitting_days: Vec<SittingDay>,
    pub recesses: Vec<Period>,
    pub prorogations: Vec<Period>,
    pub dissolutions: Vec<Period>,
    pub sessions: Vec<Session>,
    /// England and Wales bank holidays.
    pub bank_holidays: Vec<BankHoliday>,
    /// The range the calendar was fetched for, first and last day included.
    pub window: Option<(NaiveDate, NaiveDate)>,
}

/// Every stored calendar row with its source.
#[derive(Debug, Clone, Default)]
pub struct CalendarRows {
    pub sitting_days: Vec<(RowSource, SittingDay)>,
    pub recesses: Vec<(RowSource, Period)>,
    pub prorogations: Vec<(RowSource, Period)>,
    pub dissolutions: Vec<(RowSource, Period)>,
    pub sessions: Vec<(RowSource, Session)>,
    /// England and Wales bank holidays, one per day.
    pub bank_holidays: Vec<BankHoliday>,
    /// The range the latest update fetched.
    pub update_window: Option<(NaiveDate, NaiveDate)>,
}

impl CalendarRows {
    /// The rows that count, for the calendar rules. The range the sitting-day data covers is that
    /// of the shipped, imported and fetched days: a day the user types (a recall) does not extend it.
    pub fn to_source(&self) -> CalendarSource {
        let sitting_days: Vec<&(RowSource, SittingDay)> =
            self.sitting_days.iter().filter(|(s, d)| self.sitting_day_counts(*s, d.date)).collect();
        let ranged = sitting_days.iter().filter(|(s, _)| *s != RowSource::User).map(|(_, d)| d.date);
        let sitting_range = ranged.clone().min().zip(ranged.max());
        let periods = |rows: &[(RowSource, Period)]| -> Vec<Period> {
            rows.iter().filter(|(s, p)| !self.replaced(*s, p.first, p.last)).map(|(_, p)| p.clone()).collect()
        };
        let updated_openings: Vec<NaiveDate> =
            self.sessions.iter().filter(|(s, _)| *s == RowSource::Update).map(|(_, s)| s.opened).collect();
        CalendarSource {
            sitting_days: sitting_days.into_iter().map(|(_, d)| d.clone()).collect(),
            recesses: periods(&self.recesses),
            sessions: self
                .sessions
                .iter()
                .filter(|(source, s)| !(*source == RowSource::Shipped && updated_openings.contains(&s.opened)))
                .map(|(_, s)| s.clone())
                .collect(),
            prorogations: periods(&self.prorogations),
            dissolutions: periods(&self.dissolutions).into_iter().map(|p| (p.first, p.last)).collect(),
            bank_holidays: self.bank_holidays.clone(),
            sitting_range,
        }
    }

    /// Whether a sitting day listed on `date` by `source` counts: not a shipped day within the range
    /// the latest update fetched (the update's rows replace it), nor a fetched day on which a recess
    /// of the user's own falls (the recess wins). Reads the recesses and the update's range only,
    /// so it can be asked of rows read a few at a time.
    pub fn sitting_day_counts(&self, source: RowSource, date: NaiveDate) -> bool {
        let your_recess = || self.recesses.iter().any(|(s, p)| s.is_yours() && p.first <= date && date <= p.last);
        let recess_wins = source == RowSource::Update && your_recess();
        !self.replaced(source, date, date) && !recess_wins
    }

    /// Whether a shipped row from `first` to `last` falls within the range the latest update
    /// fetched, whose rows then replace it.
    fn replaced(&self, source: RowSource, first: NaiveDate, last: NaiveDate) -> bool {
        source == RowSource::Shipped && self.update_window.is_some_and(|(from, to)| first <= to && last >= from)
    }

    /// These rows with the update's rows in place of the previous update's.
    pub fn with_update(&self, update: &UpdateRows) -> CalendarRows {
        fn replace<T: Clone>(rows: &[(RowSource, T)], new: &[T]) -> Vec<(RowSource, T)> {
            let kept = rows.iter().filter(|(s, _)| *s != RowSource::Update).cloned();
            kept.chain(new.iter().map(|row| (RowSource::Update, row.clone()))).collect()
        }
        let mut holidays: Vec<BankHoliday> = update.bank_holidays.clone();
        holidays.extend(
            self.bank_holidays.iter().filter(|h| !update.bank_holidays.iter().any(|n| n.date == h.date)).cloned(),
        );
        holidays.sort_by_key(|h| h.date);
        CalendarRows {
            sitting_days: replace(&self.sitting_days, &update.sitting_days),
            recesses: replace(&self.recesses, &update.recesses),
            prorogations: replace(&self.prorogations, &update.prorogations),
            dissolutions: replace(&self.dissolutions, &update.dissolutions),
            sessions: replace(&self.sessions, &update.sessions),
            bank_holidays: holidays,
            update_window: update.window.or(self.update_window),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{CalendarData, DayKind, SittingStatus};

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn day(date: &str, status: SittingStatus) -> SittingDay {
        SittingDay { date: d(date), status, note: None }
    }

    fn period(name: &str, first: &str, last: &str) -> Period {
        Period { name: name.into(), first: d(first), last: d(last) }
    }

    fn rows() -> CalendarRows {
        CalendarRows {
            sitting_days: vec![
                (RowSource::Shipped, day("2026-07-14", SittingStatus::Scheduled)),
                (RowSource::Shipped, day("2026-07-16", SittingStatus::Scheduled)),
                (RowSource::User, day("2027-06-04", SittingStatus::Confirmed)),
            ],
            recesses: vec![(RowSource::User, period("Our own", "2027-02-01", "2027-02-05"))],
            sessions: vec![(
                RowSource::Shipped,
                Session { name: "2026-27".into(), opened: d("2026-05-13"), closed: None },
            )],
            ..CalendarRows::default()
        }
    }

    #[test]
    fn fetched_rows_stand_in_for_shipped_ones_and_yours_stay() {
        let update = UpdateRows {
            sitting_days: vec![
                day("2026-07-15", SittingStatus::Confirmed),
                day("2027-01-12", SittingStatus::Scheduled),
            ],
            recesses: vec![period("Christmas recess", "2026-12-18", "2027-01-04")],
            sessions: vec![Session { name: "2026-27".into(), opened: d("2026-05-13"), closed: Some(d("2027-05-01")) }],
            window: Some((d("2026-07-15"), d("2028-01-14"))),
            ..UpdateRows::default()
        };
        let after = rows().with_update(&update);
        let source = after.to_source();
        let days: Vec<NaiveDate> = source.sitting_days.iter().map(|d| d.date).collect();
        assert_eq!(days, [d("2026-07-14"), d("2027-06-04"), d("2026-07-15"), d("2027-01-12")]);
        assert_eq!(source.sitting_range, Some((d("2026-07-14"), d("2027-01-12"))), "your own day does not extend it");
        assert_eq!(source.sessions.len(), 1);
        assert_eq!(source.sessions[0].closed, Some(d("2027-05-01")));
        let cal = CalendarData::new(source);
        assert!(matches!(cal.classify_day(d("2026-12-22")).kind, DayKind::Recess { .. }));
        assert!(matches!(cal.classify_day(d("2027-02-02")).kind, DayKind::Recess { .. }), "yours, beyond the data");
        assert_eq!(cal.classify_day(d("2026-07-16")).kind, DayKind::NotSitting, "the shipped day was replaced");
        // A second update replaces the first update's rows, and only those.
        let again = after.with_update(&UpdateRows { window: update.window, ..UpdateRows::default() });
        assert_eq!(again.sitting_days.len(), 3, "the shipped and your own");
        assert_eq!(again.recesses.len(), 1);
    }
}
