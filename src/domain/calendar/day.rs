//! Classifying one date by the rules of DESIGN.md §3, in order, the first that applies winning.

use crate::domain::enums::word_enum;
use crate::domain::text::strftime;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, Weekday};

use super::CalendarData;
use super::source::SittingStatus;

word_enum! {
    /// How sure the calendar is that the House sits.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Certainty {
        /// The House sat (or the user recorded a recall).
        Confirmed = "confirmed",
        /// The House planned to sit (provisional).
        Scheduled = "scheduled",
        /// Beyond the data: the usual Monday-to-Thursday pattern.
        Assumed = "assumed",
    }
}

/// What kind of day a date is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DayKind {
    Sitting {
        certainty: Certainty,
    },
    Recess {
        name: Arc<str>,
    },
    Prorogation,
    Dissolution,
    BankHoliday {
        name: Arc<str>,
    },
    /// A Saturday or Sunday without a sitting.
    Weekend,
    /// A Friday without a sitting.
    NonSittingFriday,
    /// A Monday to Thursday inside the data that is not a sitting day.
    NotSitting,
}

impl DayKind {
    /// A stable machine name: "sitting", "recess", "prorogation", "dissolution", "bank_holiday",
    /// "weekend", "non_sitting_friday" or "not_sitting".
    pub fn as_str(&self) -> &'static str {
        match self {
            DayKind::Sitting { .. } => "sitting",
            DayKind::Recess { .. } => "recess",
            DayKind::Prorogation => "prorogation",
            DayKind::Dissolution => "dissolution",
            DayKind::BankHoliday { .. } => "bank_holiday",
            DayKind::Weekend => "weekend",
            DayKind::NonSittingFriday => "non_sitting_friday",
            DayKind::NotSitting => "not_sitting",
        }
    }

    /// The recess or bank holiday name.
    pub fn name(&self) -> Option<&str> {
        match self {
            DayKind::Recess { name } | DayKind::BankHoliday { name } => Some(name),
            _ => None,
        }
    }
}

/// Where an assumed date lies relative to the sitting-day data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataEdge {
    /// After the data, which ends on this date.
    After(NaiveDate),
    /// Before the data, which starts on this date.
    Before(NaiveDate),
    /// There is no sitting-day data.
    NoData,
}

/// A classified date.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DayClass {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// True when the day lies outside the sitting-day data and follows the weekday pattern.
    pub assumed: bool,
    /// Set exactly when `assumed` is: where the data ends (or starts).
    pub beyond: Option<DataEdge>,
    /// The note of a listed sitting day.
    pub note: Option<Arc<str>>,
}

impl CalendarData {
    /// Classifies `date` by DESIGN.md §3's rules, the first that applies winning:
    /// 1. a confirmed sitting day;
    /// 2. a dissolution, prorogation or recess;
    /// 3. a scheduled sitting day;
    /// 4. an England and Wales bank holiday;
    /// 5. inside the sitting-day data: not sitting;
    /// 6. beyond it: Monday to Thursday sitting, Friday to Sunday not, *assumed*.
    pub fn classify_day(&self, date: NaiveDate) -> DayClass {
        let listed = self.sitting_on(date);
        let class = |kind| DayClass { date, kind, assumed: false, beyond: None, note: None };
        let sitting = |certainty: Certainty, note: &Option<Arc<str>>| DayClass {
            note: note.clone(),
            ..class(DayKind::Sitting { certainty })
        };
        if let Some((SittingStatus::Confirmed, note)) = listed {
            return sitting(Certainty::Confirmed, note);
        }
        if self.dissolutions.containing(date).is_some() {
            return class(DayKind::Dissolution);
        }
        if self.prorogations.containing(date).is_some() {
            return class(DayKind::Prorogation);
        }
        if let Some(name) = self.recesses.containing(date) {
            return class(DayKind::Recess { name: name.clone() });
        }
        if let Some((SittingStatus::Scheduled, note)) = listed {
            return sitting(Certainty::Scheduled, note);
        }
        if let Some(name) = self.bank_holiday_on(date) {
            return class(DayKind::BankHoliday { name: name.clone() });
        }
        let by_weekday = match date.weekday() {
            Weekday::Sat | Weekday::Sun => DayKind::Weekend,
            Weekday::Fri => DayKind::NonSittingFriday,
            _ => DayKind::NotSitting,
        };
        let beyond = match self.sitting_range {
            Some((first, last)) if first <= date && date <= last => return class(by_weekday),
            Some((first, _)) if date < first => DataEdge::Before(first),
            Some((_, last)) => DataEdge::After(last),
            None => DataEdge::NoData,
        };
        let kind = match by_weekday {
            DayKind::NotSitting => DayKind::Sitting { certainty: Certainty::Assumed },
            other => other,
        };
        DayClass { assumed: true, beyond: Some(beyond), ..class(kind) }
    }
}

impl DayClass {
    /// Whether the House sits (confirmed, scheduled or assumed).
    pub fn is_sitting(&self) -> bool {
        matches!(self.kind, DayKind::Sitting { .. })
    }

    /// The certainty of a sitting day.
    pub fn certainty(&self) -> Option<Certainty> {
        match self.kind {
            DayKind::Sitting { certainty } => Some(certainty),
            _ => None,
        }
    }

    /// A short label for tables: "Sitting", "Sitting Fri", "Sitting (prov)", "Sitting?", "Recess",
    /// "Prorogued", "Dissolved", "Bank hol", "Weekend", "Non-sitting Fri", "Non-sitting"; a day
    /// assumed not to sit is "Weekend?" or "Friday?".
    pub fn badge(&self) -> &'static str {
        let weekday = self.date.weekday();
        match (&self.kind, self.assumed) {
            (DayKind::Sitting { certainty: Certainty::Assumed }, _) => "Sitting?",
            (DayKind::Sitting { certainty }, _) => match (weekday, *certainty == Certainty::Confirmed) {
                (Weekday::Fri, true) => "Sitting Fri",
                (Weekday::Sat, true) => "Sitting Sat",
                (Weekday::Sun, true) => "Sitting Sun",
                (_, true) => "Sitting",
                (Weekday::Fri, false) => "Sitting Fri (prov)",
                (Weekday::Sat | Weekday::Sun, false) => "Sitting wknd (prov)",
                (_, false) => "Sitting (prov)",
            },
            (DayKind::Recess { .. }, _) => "Recess",
            (DayKind::Prorogation, _) => "Prorogued",
            (DayKind::Dissolution, _) => "Dissolved",
            (DayKind::BankHoliday { .. }, _) => "Bank hol",
            (DayKind::Weekend, false) => "Weekend",
            (DayKind::Weekend, true) => "Weekend?",
            (DayKind::NonSittingFriday, false) => "Non-sitting Fri",
            (DayKind::NonSittingFriday, true) => "Friday?",
            (DayKind::NotSitting, _) => "Non-sitting",
        }
    }

    /// What the day is, as the start of a sentence: "Tuesday 3 March 2026 is a sitting day". For an
    /// assumed day it says that this is a forecast from the weekday pattern: "Tuesday 9 March 2027
    /// lies beyond the calendar data (which ends 16 July 2026), so this is a forecast from the usual
    /// weekday pattern: it is likely a sitting day". A reason built on it ends with
    /// [`DayClass::finish`], which says how to get the real calendar.
    pub fn statement(&self) -> String {
        let day = long_date(self.date);
        if let Some(beyond) = self.beyond {
            let edge = match beyond {
                DataEdge::After(last) => format!("lies beyond the calendar data (which ends {})", short_date(last)),
                DataEdge::Before(first) => {
                    format!("lies before the calendar data (which starts {})", short_date(first))
                }
                DataEdge::NoData => "is not covered by any sitting-day data".to_string(),
            };
            let pattern = if self.is_sitting() {
                "it is likely a sitting day".to_string()
            } else {
                format!("the House rarely sits on a {}", self.date.format_with_items(strftime!("%A")))
            };
            return format!("{day} {edge}, so this is a forecast from the usual weekday pattern: {pattern}");
        }
        match &self.kind {
            DayKind::Sitting { certainty } => {
                let what = match certainty {
                    Certainty::Scheduled => "a scheduled (provisional) sitting day",
                    _ => "a sitting day",
                };
                let unusual = match self.date.weekday() {
                    Weekday::Fri => Some("a Friday sitting"),
                    Weekday::Sat => Some("a Saturday sitting"),
                    Weekday::Sun => Some("a Sunday sitting"),
                    _ => None,
                };
                match (unusual, self.note.as_deref()) {
                    (Some(unusual), Some(note)) => format!("{day} is {what} ({unusual}: {note})"),
                    (Some(unusual), None) => format!("{day} is {what} ({unusual})"),
                    (None, Some(note)) => format!("{day} is {what} ({note})"),
                    (None, None) => format!("{day} is {what}"),
                }
            }
            DayKind::Recess { name } if name.to_lowercase().contains("recess") => format!("{day} is in the {name}"),
            DayKind::Recess { name } => format!("{day} is in a recess ({name})"),
            DayKind::Prorogation => format!("{day} falls while Parliament is prorogued between sessions"),
            DayKind::Dissolution => format!("{day} falls while Parliament is dissolved for an election"),
            DayKind::BankHoliday { name } => format!("{day} is a bank holiday ({name})"),
            DayKind::Weekend => format!("{day} is a weekend day without a sitting"),
            DayKind::NonSittingFriday => format!("{day} is not a sitting Friday"),
            DayKind::NotSitting => format!("{day} is not a sitting day"),
        }
    }

    /// One line a person understands: what the day is and where the MP is likely to be; for an
    /// assumed day, that it is a forecast and how to get the real calendar.
    pub fn reason(&self) -> String {
        let statement = self.statement();
        let (sitting, not_sitting) = self.joiners();
        self.finish(if self.is_sitting() {
            format!("{statement}{sitting} the MP is expected in Westminster")
        } else {
            format!("{statement}{not_sitting} the MP is likely in the constituency")
        })
    }

    /// How a reason goes on after [`DayClass::statement`] to say where the MP is, on a sitting day
    /// and on any other: `(":", ":")` on a day the data covers, `(", when", ", and")` after an
    /// assumed day's forecast (which already has its colon).
    pub(crate) fn joiners(&self) -> (&'static str, &'static str) {
        if self.assumed { (", when", ", and") } else { (":", ":") }
    }

    /// Ends a reason about this day: for an assumed day, with how to replace the forecast by the
    /// real calendar ([`FORECAST_FIX`]); otherwise as it is.
    pub(crate) fn finish(&self, mut reason: String) -> String {
        if self.assumed {
            reason.push_str("; ");
            reason.push_str(FORECAST_FIX);
        }
        reason
    }
}

/// How to replace a forecast by the real calendar; every reason about an assumed day ends with it.
pub const FORECAST_FIX: &str = "run `mpplan update` for the real calendar";

/// "Tuesday 3 March 2026".
pub fn long_date(date: NaiveDate) -> String {
    let mut text = String::with_capacity(28);
    crate::domain::date_text::push_long_date(&mut text, date);
    text
}

/// "3 March 2026".
fn short_date(date: NaiveDate) -> String {
    date.format_with_items(strftime!("%-d %B %Y")).to_string()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::calendar::source::{BankHoliday, CalendarSource, Period, SittingDay};

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn shipped() -> &'static CalendarData {
        static CAL: std::sync::OnceLock<CalendarData> = std::sync::OnceLock::new();
        CAL.get_or_init(|| CalendarData::from_dataset(&crate::data::shipped().unwrap()))
    }

    fn day(text: &str) -> DayClass {
        shipped().classify_day(d(text))
    }

    #[test]
    fn confirmed_sitting_tuesday() {
        let tuesday = day("2025-03-04");
        assert_eq!(tuesday.kind, DayKind::Sitting { certainty: Certainty::Confirmed });
        assert!(!tuesday.assumed);
        assert_eq!(tuesday.badge(), "Sitting");
        assert_eq!(tuesday.reason(), "Tuesday 4 March 2025 is a sitting day: the MP is expected in Westminster");
    }

    #[test]
    fn sitting_friday_and_saturday_recall_say_so() {
        let friday = day("2025-03-07");
        assert_eq!(friday.certainty(), Some(Certainty::Confirmed));
        assert_eq!(friday.badge(), "Sitting Fri");
        assert!(friday.reason().contains("is a sitting day (a Friday sitting)"), "{}", friday.reason());
        let recall = day("2025-04-12");
        assert_eq!(recall.certainty(), Some(Certainty::Confirmed));
        assert_eq!(recall.badge(), "Sitting Sat");
        assert_eq!(
            recall.reason(),
            "Saturday 12 April 2025 is a sitting day (a Saturday sitting): the MP is expected in Westminster"
        );
    }

    #[test]
    fn recess_weekend_and_non_sitting_friday() {
        let recess = day("2025-02-18");
        assert_eq!(recess.kind.name(), Some("February recess"));
        assert_eq!(recess.badge(), "Recess");
        assert_eq!(
            recess.reason(),
            "Tuesday 18 February 2025 is in the February recess: the MP is likely in the constituency"
        );
        assert_eq!(day("2025-04-15").kind.name(), Some("Easter recess (post recall)"));
        assert_eq!(day("2025-03-08").kind, DayKind::Weekend);
        assert_eq!(day("2025-03-21").kind, DayKind::NonSittingFriday);
        assert_eq!(day("2025-03-21").badge(), "Non-sitting Fri");
    }

    #[test]
    fn bank_holiday_monday() {
        let monday = day("2025-05-05");
        assert_eq!(monday.kind, DayKind::BankHoliday { name: "Early May bank holiday".into() });
        assert_eq!(monday.badge(), "Bank hol");
        assert!(monday.reason().contains("is a bank holiday (Early May bank holiday)"));
    }

    #[test]
    fn the_2026_prorogation_beats_its_scheduled_days() {
        let prorogued = day("2026-05-05");
        assert_eq!(prorogued.kind, DayKind::Prorogation);
        assert_eq!(prorogued.badge(), "Prorogued");
        assert!(prorogued.reason().contains("prorogued"));
        assert_eq!(day("2026-04-29").certainty(), Some(Certainty::Scheduled));
        assert_eq!(day("2026-04-29").badge(), "Sitting (prov)");
        assert_eq!(day("2026-05-13").certainty(), Some(Certainty::Scheduled));
    }

    #[test]
    fn beyond_the_data_is_assumed_and_says_why() {
        let tuesday = day("2028-03-07");
        assert_eq!(tuesday.kind, DayKind::Sitting { certainty: Certainty::Assumed });
        assert!(tuesday.assumed);
        assert_eq!(tuesday.beyond, Some(DataEdge::After(d("2026-07-16"))));
        assert_eq!(tuesday.badge(), "Sitting?");
        assert_eq!(
            tuesday.reason(),
            "Tuesday 7 March 2028 lies beyond the calendar data (which ends 16 July 2026), so this is a forecast from \
             the usual weekday pattern: it is likely a sitting day, when the MP is expected in Westminster; run \
             `mpplan update` for the real calendar"
        );
        let saturday = day("2028-03-11");
        assert_eq!((saturday.kind.clone(), saturday.assumed), (DayKind::Weekend, true));
        assert!(
            saturday.reason().ends_with(
                "forecast from the usual weekday pattern: the House rarely sits on a Saturday, and the MP is likely \
                 in the constituency; run `mpplan update` for the real calendar"
            ),
            "{}",
            saturday.reason()
        );
        assert_eq!(day("2028-03-10").kind, DayKind::NonSittingFriday);
        // Bank holidays are data, not assumptions, even beyond the sitting days.
        assert_eq!((day("2028-04-17").kind.name(), day("2028-04-17").assumed), (Some("Easter Monday"), false));
        assert!(day("1950-01-03").reason().contains("lies before the calendar data (which starts 9 July 2024)"));
    }

    fn synthetic() -> CalendarData {
        let sitting = |date: &str, status| SittingDay { date: d(date), status, note: None };
        CalendarData::new(CalendarSource {
            sitting_days: vec![
                sitting("2030-01-08", SittingStatus::Confirmed), // in the recess: a recall
                sitting("2030-01-09", SittingStatus::Scheduled), // in the recess
                sitting("2030-01-21", SittingStatus::Scheduled), // a bank holiday
                sitting("2030-03-05", SittingStatus::Scheduled), // in a dissolution
            ],
            recesses: vec![
                Period { name: "Winter recess".into(), first: d("2030-01-01"), last: d("2030-01-14") },
                Period { name: "Inner".into(), first: d("2030-01-03"), last: d("2030-01-04") },
                Period { name: "Old recess".into(), first: d("2029-02-01"), last: d("2029-02-10") },
                Period { name: "Dissolved anyway".into(), first: d("2030-03-01"), last: d("2030-03-31") },
            ],
            dissolutions: vec![(d("2030-03-02"), d("2030-03-20"))],
            bank_holidays: vec![
                BankHoliday { date: d("2030-01-21"), title: "Made-up Monday".into() },
                BankHoliday { date: d("2030-01-28"), title: "Another Monday".into() },
                BankHoliday { date: d("2031-01-06"), title: "Later Monday".into() },
            ],
            sitting_range: Some((d("2030-01-01"), d("2030-06-30"))),
            ..CalendarSource::default()
        })
    }

    #[test]
    fn rules_apply_in_order() {
        let cal = synthetic();
        let kind = |date: &str| cal.classify_day(d(date)).kind;
        assert_eq!(kind("2030-01-08"), DayKind::Sitting { certainty: Certainty::Confirmed }, "1 beats 2");
        assert_eq!(kind("2030-01-09").name(), Some("Winter recess"), "2 beats 3");
        assert_eq!(kind("2030-01-03").name(), Some("Winter recess"), "the widest of nested recesses");
        assert_eq!(kind("2030-03-05"), DayKind::Dissolution, "dissolution beats recess and 3");
        assert_eq!(kind("2030-03-25").name(), Some("Dissolved anyway"));
        assert_eq!(kind("2030-01-21"), DayKind::Sitting { certainty: Certainty::Scheduled }, "3 beats 4");
        assert_eq!(kind("2030-01-28").name(), Some("Another Monday"), "4 beats 5");
        assert_eq!(kind("2030-01-29"), DayKind::NotSitting, "5: inside the range, not listed");
        let before = cal.classify_day(d("2029-02-05"));
        assert_eq!((before.kind.name(), before.assumed), (Some("Old recess"), false), "2 beats 6");
        let later = cal.classify_day(d("2031-01-06"));
        assert_eq!((later.kind.name(), later.assumed), (Some("Later Monday"), false), "4 beats 6");
        assert_eq!(kind("2031-01-07"), DayKind::Sitting { certainty: Certainty::Assumed }, "6");
    }

    #[test]
    fn no_sitting_data_assumes_everything_else() {
        let cal = CalendarData::new(CalendarSource::default());
        let monday = cal.classify_day(d("2025-03-03"));
        assert_eq!((monday.certainty(), monday.beyond), (Some(Certainty::Assumed), Some(DataEdge::NoData)));
        assert!(monday.reason().contains("is not covered by any sitting-day data"));
    }

    proptest! {
        #[test]
        fn classification_is_total_from_1900_to_2200(days in 0i64..(301 * 366)) {
            let date = d("1900-01-01") + chrono::Duration::days(days);
            for cal in [shipped(), &synthetic()] {
                let class = cal.classify_day(date);
                prop_assert_eq!(class.date, date);
                prop_assert_eq!(class.assumed, class.beyond.is_some());
                let inside = cal.sitting_range().is_some_and(|(a, b)| a <= date && date <= b);
                if inside {
                    prop_assert!(!class.assumed);
                }
                if class.assumed {
                    prop_assert_eq!(
                        class.is_sitting(),
                        !matches!(date.weekday(), Weekday::Fri | Weekday::Sat | Weekday::Sun)
                    );
                }
                prop_assert!(!class.badge().is_empty());
                prop_assert!(class.reason().starts_with(&long_date(date)));
            }
        }
    }
}
