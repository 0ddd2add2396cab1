//! The plain records a calendar is built from: the shipped data and the user's own additions,
//! already merged by the caller.

use chrono::NaiveDate;

use crate::domain::reference::shipped::Dataset;

/// Whether a listed sitting day has happened or is only planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SittingStatus {
    /// The House sat (or a recall the user added).
    Confirmed,
    /// The House planned to sit (provisional).
    Scheduled,
}

/// A day the House sits or plans to sit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SittingDay {
    pub date: NaiveDate,
    pub status: SittingStatus,
    /// A short note shown with the day ("recall", "private members' bills").
    pub note: Option<String>,
}

/// A named run of days, first and last included (a recess).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub name: String,
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// A session of Parliament; the days strictly between one session's close and the next one's
/// opening are a prorogation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub name: String,
    pub opened: NaiveDate,
    pub closed: Option<NaiveDate>,
}

/// An England and Wales bank holiday.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankHoliday {
    pub date: NaiveDate,
    pub title: String,
}

/// Everything a [`super::CalendarData`] is built from. Order does not matter.
#[derive(Debug, Clone, Default)]
pub struct CalendarSource {
    pub sitting_days: Vec<SittingDay>,
    pub recesses: Vec<Period>,
    pub sessions: Vec<Session>,
    /// Prorogations announced as such (others are found between sessions).
    pub prorogations: Vec<Period>,
    /// Dissolutions before an election, first and last day included.
    pub dissolutions: Vec<(NaiveDate, NaiveDate)>,
    pub bank_holidays: Vec<BankHoliday>,
    /// The range the sitting-day data covers: inside it an unlisted day is not a sitting day, outside
    /// it days are assumed by the weekday pattern. Passed explicitly, because a day the user adds (a
    /// recall) must not extend it.
    pub sitting_range: Option<(NaiveDate, NaiveDate)>,
}

impl CalendarSource {
    /// The shipped data: Commons recesses, England and Wales bank holidays, and a sitting range from
    /// the first to the last shipped sitting day.
    pub fn from_dataset(dataset: &Dataset) -> CalendarSource {
        let sitting_days: Vec<SittingDay> = dataset
            .sitting_days
            .iter()
            .map(|day| SittingDay {
                date: day.date,
                status: if day.confirmed() { SittingStatus::Confirmed } else { SittingStatus::Scheduled },
                note: None,
            })
            .collect();
        let first = sitting_days.iter().map(|day| day.date).min();
        let last = sitting_days.iter().map(|day| day.date).max();
        CalendarSource {
            sitting_range: first.zip(last),
            sitting_days,
            recesses: dataset
                .recesses
                .iter()
                .filter(|recess| recess.house.is_empty() || recess.house.to_lowercase().contains("commons"))
                .map(|recess| Period {
                    name: recess.recess.clone(),
                    first: recess.first_non_sitting_day,
                    last: recess.last_non_sitting_day,
                })
                .collect(),
            sessions: dataset
                .sessions
                .iter()
                .map(|session| Session {
                    name: session.session.clone(),
                    opened: session.opened,
                    closed: session.closed,
                })
                .collect(),
            prorogations: Vec::new(),
            dissolutions: Vec::new(),
            bank_holidays: dataset
                .bank_holidays
                .iter()
                .filter(|holiday| holiday.division == "england-and-wales")
                .map(|holiday| BankHoliday { date: holiday.date, title: holiday.title.clone() })
                .collect(),
        }
    }
}
