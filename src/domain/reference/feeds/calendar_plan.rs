//! What a fetched calendar changes: the rows an update writes in place of the previous update's
//! (and of the shipped rows over the same range), and the preview of what that means — recesses
//! added, moved or gone, sitting Fridays, provisional days confirmed or vanished, new bank
//! holidays, and where the user's own entries disagree and win.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, Weekday};

use super::bank_holidays::FeedHoliday;
use super::whatson::{FeedSession, NonSitting, NonSittingKind};
use crate::domain::calendar::{
    BankHoliday, CalendarRows, Period, RowSource, Session, SittingDay, SittingStatus, UpdateRows,
};
use crate::domain::interchange::import_file::plural;
use crate::domain::text::strftime;

/// The calendar as fetched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchedCalendar {
    /// The range asked for, first and last day included.
    pub window: (NaiveDate, NaiveDate),
    pub sitting_days: Vec<NaiveDate>,
    pub non_sitting: Vec<NonSitting>,
    pub sessions: Vec<FeedSession>,
    /// Every division's bank holidays.
    pub bank_holidays: Vec<FeedHoliday>,
}

/// What a fetched calendar changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CalendarPlan {
    pub rows: UpdateRows,
    /// Every division's bank holidays, to store.
    pub holidays: Vec<FeedHoliday>,
    pub added: Vec<Period>,
    /// (as it was, as it is now).
    pub moved: Vec<(Period, Period)>,
    /// Recesses no longer listed.
    pub dropped: Vec<Period>,
    /// Sittings on a Friday or at a weekend, and whether each is new.
    pub unusual: Vec<(NaiveDate, bool)>,
    /// Days listed as planned that have now happened.
    pub confirmed: Vec<NaiveDate>,
    /// Days listed before that Parliament no longer lists.
    pub vanished: Vec<NaiveDate>,
    /// Sitting days not listed before.
    pub new_days: usize,
    pub new_holidays: Vec<BankHoliday>,
    /// Where the user's own entries disagree with the feed: they are kept and win.
    pub yours_win: Vec<String>,
    /// Whether the rows differ from the previous update's.
    pub differs: bool,
    /// False when only the bank holidays were read: the calendar rows are then left as they are.
    pub has_calendar: bool,
}

/// "Fri 18 Dec 2026".
pub fn day(date: NaiveDate) -> String {
    date.format_with_items(strftime!("%a %-d %b %Y")).to_string()
}

fn span(p: &Period) -> String {
    if p.first == p.last { day(p.first) } else { format!("{} to {}", day(p.first), day(p.last)) }
}

/// Plans the update of the calendar `now` holds with `fetched`, on `today` (days before it that
/// Parliament lists have happened: confirmed; the rest are planned: scheduled).
pub fn plan_calendar(fetched: &FetchedCalendar, now: &CalendarRows, today: NaiveDate) -> CalendarPlan {
    if !fetched.has_calendar() {
        let rows = UpdateRows { bank_holidays: update_rows(fetched, today).bank_holidays, ..UpdateRows::default() };
        let new_holidays = new_holidays(&rows, now);
        return CalendarPlan { rows, holidays: fetched.bank_holidays.clone(), new_holidays, ..CalendarPlan::default() };
    }
    let (from, to) = fetched.window;
    let in_window = |first: NaiveDate, last: NaiveDate| first <= to && last >= from;
    let replaced = |source: RowSource, first, last| {
        source == RowSource::Update || (source == RowSource::Shipped && in_window(first, last))
    };
    let rows = update_rows(fetched, today);

    // Sitting days: as known before, against as fetched.
    let before: BTreeMap<NaiveDate, SittingStatus> = now
        .sitting_days
        .iter()
        .filter(|(s, d)| replaced(*s, d.date, d.date))
        .map(|(_, d)| (d.date, d.status))
        .collect();
    let fetched_days: BTreeSet<NaiveDate> = fetched.sitting_days.iter().copied().collect();
    let unusual = fetched
        .sitting_days
        .iter()
        .filter(|d| matches!(d.weekday(), Weekday::Fri | Weekday::Sat | Weekday::Sun))
        .map(|d| (*d, !before.contains_key(d)))
        .collect();
    let confirmed = before
        .iter()
        .filter(|(d, status)| **status == SittingStatus::Scheduled && **d < today && fetched_days.contains(d))
        .map(|(d, _)| *d)
        .collect();
    let vanished = before.keys().filter(|d| in_window(**d, **d) && !fetched_days.contains(d)).copied().collect();
    let new_days = fetched_days.iter().filter(|d| !before.contains_key(d)).count();

    // Recesses: matched by dates, a recess that overlaps one known before has moved.
    let known: Vec<&Period> =
        now.recesses.iter().filter(|(s, p)| replaced(*s, p.first, p.last)).map(|(_, p)| p).collect();
    let mut added = Vec::new();
    let mut moved = Vec::new();
    for new in &rows.recesses {
        if known.iter().any(|old| old.first == new.first && old.last == new.last) {
            continue;
        }
        match known.iter().find(|old| old.first <= new.last && new.first <= old.last) {
            Some(old) => moved.push(((*old).clone(), new.clone())),
            None => added.push(new.clone()),
        }
    }
    let dropped = known
        .iter()
        .filter(|old| in_window(old.first, old.last))
        .filter(|old| !rows.recesses.iter().any(|new| old.first <= new.last && new.first <= old.last))
        .map(|old| (*old).clone())
        .collect();

    let new_holidays = rows.bank_holidays.iter().filter(|h| !now.bank_holidays.contains(h)).cloned().collect();

    let previous = UpdateRows {
        sitting_days: now
            .sitting_days
            .iter()
            .filter(|(s, _)| *s == RowSource::Update)
            .map(|(_, d)| d.clone())
            .collect(),
        recesses: updated(&now.recesses),
        prorogations: updated(&now.prorogations),
        dissolutions: updated(&now.dissolutions),
        sessions: now.sessions.iter().filter(|(s, _)| *s == RowSource::Update).map(|(_, s)| s.clone()).collect(),
        ..UpdateRows::default()
    };
    let differs = !same_rows(&previous, &rows);
    CalendarPlan {
        yours_win: yours_win(now, &rows),
        holidays: fetched.bank_holidays.clone(),
        rows,
        added,
        moved,
        dropped,
        unusual,
        confirmed,
        vanished,
        new_days,
        new_holidays,
        differs,
        has_calendar: true,
    }
}

fn new_holidays(rows: &UpdateRows, now: &CalendarRows) -> Vec<BankHoliday> {
    rows.bank_holidays.iter().filter(|h| !now.bank_holidays.contains(h)).cloned().collect()
}

impl FetchedCalendar {
    /// Whether the calendar itself was read (not only the bank holidays): the sessions list is
    /// never empty.
    pub fn has_calendar(&self) -> bool {
        !(self.sitting_days.is_empty() && self.non_sitting.is_empty() && self.sessions.is_empty())
    }
}

fn updated(rows: &[(RowSource, Period)]) -> Vec<Period> {
    rows.iter().filter(|(s, _)| *s == RowSource::Update).map(|(_, p)| p.clone()).collect()
}

/// The same rows, in any order.
fn same_rows(a: &UpdateRows, b: &UpdateRows) -> bool {
    fn sorted<T: Clone + Ord>(rows: &[T]) -> Vec<T> {
        let mut rows = rows.to_vec();
        rows.sort();
        rows
    }
    let days = |rows: &UpdateRows| {
        sorted(&rows.sitting_days.iter().map(|d| (d.date, d.status == SittingStatus::Confirmed)).collect::<Vec<_>>())
    };
    let periods = |rows: &[Period]| sorted(&rows.iter().map(|p| (p.first, p.last, p.name.clone())).collect::<Vec<_>>());
    let sessions = |rows: &UpdateRows| {
        sorted(&rows.sessions.iter().map(|s| (s.opened, s.closed, s.name.clone())).collect::<Vec<_>>())
    };
    days(a) == days(b)
        && periods(&a.recesses) == periods(&b.recesses)
        && periods(&a.prorogations) == periods(&b.prorogations)
        && periods(&a.dissolutions) == periods(&b.dissolutions)
        && sessions(a) == sessions(b)
}

fn update_rows(fetched: &FetchedCalendar, today: NaiveDate) -> UpdateRows {
    let periods = |kinds: &[NonSittingKind]| -> Vec<Period> {
        fetched
            .non_sitting
            .iter()
            .filter(|p| kinds.contains(&p.kind))
            .map(|p| Period { name: p.name.clone(), first: p.first, last: p.last })
            .collect()
    };
    UpdateRows {
        sitting_days: fetched
            .sitting_days
            .iter()
            .map(|&date| SittingDay {
                date,
                status: if date < today { SittingStatus::Confirmed } else { SittingStatus::Scheduled },
                note: None,
            })
            .collect(),
        recesses: periods(&[NonSittingKind::Recess, NonSittingKind::NonSittingDay]),
        prorogations: periods(&[NonSittingKind::Prorogation]),
        dissolutions: periods(&[NonSittingKind::Dissolution]),
        sessions: fetched
            .sessions
            .iter()
            .map(|s| Session { name: s.name.clone(), opened: s.opened, closed: s.closed })
            .collect(),
        bank_holidays: fetched
            .bank_holidays
            .iter()
            .filter(|h| h.division == "england-and-wales")
            .map(|h| BankHoliday { date: h.date, title: h.title.clone() })
            .collect(),
        window: Some(fetched.window),
    }
}

/// The user's own recesses that cover fetched sitting days, and their own sitting days that fall
/// in a fetched recess, prorogation or dissolution.
fn yours_win(now: &CalendarRows, rows: &UpdateRows) -> Vec<String> {
    let mut lines = Vec::new();
    for (_, recess) in now.recesses.iter().filter(|(s, _)| s.is_yours()) {
        let covered = rows.sitting_days.iter().filter(|d| recess.first <= d.date && d.date <= recess.last).count();
        if covered > 0 {
            lines.push(format!(
                "your recess \"{}\" ({}) covers {covered} sitting day{} Parliament lists: yours is kept and wins",
                recess.name,
                span(recess),
                if covered == 1 { "" } else { "s" }
            ));
        }
    }
    let fetched_periods = rows.recesses.iter().chain(&rows.prorogations).chain(&rows.dissolutions);
    let fetched_periods: Vec<&Period> = fetched_periods.collect();
    for (_, sitting) in now.sitting_days.iter().filter(|(s, _)| s.is_yours()) {
        if let Some(period) = fetched_periods.iter().find(|p| p.first <= sitting.date && sitting.date <= p.last) {
            lines.push(format!(
                "your sitting day {} falls in Parliament's \"{}\" ({}): yours is kept and wins",
                day(sitting.date),
                period.name,
                span(period)
            ));
        }
    }
    lines
}

impl CalendarPlan {
    /// The preview, as lines of text.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let list = |lines: &mut Vec<String>, title: &str, items: Vec<String>| {
            if !items.is_empty() {
                lines.push(title.to_string());
                lines.extend(items.into_iter().map(|item| format!("    {item}")));
            }
        };
        if self.has_calendar {
            self.calendar_lines(&mut lines, list);
        } else {
            lines.push("  Bank holidays only: the calendar files were not among those given.".into());
        }
        list(
            &mut lines,
            "  Bank holidays added or renamed (England and Wales):",
            self.new_holidays.iter().map(|h| format!("{} {}", day(h.date), h.title)).collect(),
        );
        list(&mut lines, "  Your own entries:", self.yours_win.clone());
        lines
    }

    fn calendar_lines(&self, lines: &mut Vec<String>, list: impl Fn(&mut Vec<String>, &str, Vec<String>)) {
        let days = self.rows.sitting_days.len();
        let scheduled = self.rows.sitting_days.iter().filter(|d| d.status == SittingStatus::Scheduled).count();
        let periods = self.rows.recesses.len() + self.rows.prorogations.len() + self.rows.dissolutions.len();
        lines.push(format!(
            "  {}, {scheduled} still to come, {} new; {}",
            plural(days, "sitting day", "sitting days"),
            self.new_days,
            plural(periods, "recess or other non-sitting period", "recesses and other non-sitting periods")
        ));
        list(lines, "  Recesses added:", self.added.iter().map(|p| format!("{}: {}", p.name, span(p))).collect());
        list(
            lines,
            "  Recesses moved:",
            self.moved.iter().map(|(old, new)| format!("{}: was {}, now {}", new.name, span(old), span(new))).collect(),
        );
        list(
            lines,
            "  Recesses no longer listed:",
            self.dropped.iter().map(|p| format!("{}: {}", p.name, span(p))).collect(),
        );
        list(
            lines,
            "  Sitting Fridays and weekend sittings:",
            self.unusual.iter().map(|(d, new)| format!("{}{}", day(*d), if *new { " (new)" } else { "" })).collect(),
        );
        if !self.confirmed.is_empty() {
            lines.push(format!("  Provisional days now confirmed: {}", self.confirmed.len()));
        }
        list(
            lines,
            "  Days listed before that Parliament no longer lists:",
            self.vanished.iter().map(|d| day(*d)).collect(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn recess(name: &str, first: &str, last: &str) -> NonSitting {
        NonSitting { kind: NonSittingKind::Recess, name: name.into(), first: d(first), last: d(last) }
    }

    fn fetched() -> FetchedCalendar {
        FetchedCalendar {
            window: (d("2026-07-17"), d("2028-05-31")),
            sitting_days: vec![d("2026-12-01"), d("2026-12-04"), d("2027-01-05")],
            non_sitting: vec![recess("Christmas recess", "2026-12-18", "2027-01-04")],
            sessions: vec![],
            bank_holidays: vec![FeedHoliday {
                division: "england-and-wales",
                date: d("2027-12-27"),
                title: "Christmas Day".into(),
            }],
        }
    }

    #[test]
    fn a_first_update_adds_and_says_so() {
        let plan = plan_calendar(&fetched(), &CalendarRows::default(), d("2026-12-02"));
        assert!(plan.differs);
        assert_eq!(plan.added.len(), 1);
        assert_eq!(plan.unusual, [(d("2026-12-04"), true)]);
        assert_eq!(plan.new_days, 3);
        let statuses: Vec<SittingStatus> = plan.rows.sitting_days.iter().map(|d| d.status).collect();
        assert_eq!(statuses, [SittingStatus::Confirmed, SittingStatus::Scheduled, SittingStatus::Scheduled]);
        let text = plan.lines().join("\n");
        assert!(text.contains("Recesses added:\n    Christmas recess: Fri 18 Dec 2026 to Mon 4 Jan 2027"), "{text}");
        assert!(text.contains("Sitting Fridays and weekend sittings:\n    Fri 4 Dec 2026 (new)"), "{text}");
        assert!(text.contains("Mon 27 Dec 2027 Christmas Day"), "{text}");
    }

    #[test]
    fn the_same_data_again_changes_nothing_and_a_moved_recess_is_seen() {
        let first = plan_calendar(&fetched(), &CalendarRows::default(), d("2026-12-02"));
        let now = CalendarRows::default().with_update(&first.rows);
        let again = plan_calendar(&fetched(), &now, d("2026-12-02"));
        assert!(!again.differs);
        assert!(again.added.is_empty() && again.moved.is_empty() && again.vanished.is_empty());
        assert_eq!(again.unusual, [(d("2026-12-04"), false)]);

        let mut later = fetched();
        later.non_sitting = vec![recess("Christmas recess", "2026-12-17", "2027-01-04")];
        later.sitting_days.retain(|day| *day != d("2027-01-05"));
        let plan = plan_calendar(&later, &now, d("2026-12-10"));
        assert!(plan.differs);
        assert_eq!(plan.moved.len(), 1);
        assert_eq!(plan.vanished, [d("2027-01-05")]);
        assert_eq!(plan.confirmed, [d("2026-12-04")], "planned then, happened now");
        assert!(plan.lines().join("\n").contains("was Fri 18 Dec 2026 to Mon 4 Jan 2027, now Thu 17 Dec 2026"));
    }

    #[test]
    fn bank_holidays_alone_leave_the_calendar_as_it_is() {
        let first = plan_calendar(&fetched(), &CalendarRows::default(), d("2026-12-02"));
        let now = CalendarRows::default().with_update(&first.rows);
        let holidays = FetchedCalendar { bank_holidays: fetched().bank_holidays, ..FetchedCalendar::default() };
        let plan = plan_calendar(&holidays, &now, d("2026-12-02"));
        assert!(!plan.has_calendar && !plan.differs);
        assert!(plan.vanished.is_empty() && plan.dropped.is_empty());
        assert!(plan.lines().join("\n").contains("Bank holidays only"));
    }

    #[test]
    fn your_own_entries_win_and_the_preview_says_so() {
        let now = CalendarRows {
            recesses: vec![(
                RowSource::User,
                Period { name: "Our away week".into(), first: d("2026-11-30"), last: d("2026-12-04") },
            )],
            sitting_days: vec![(
                RowSource::User,
                SittingDay { date: d("2026-12-21"), status: SittingStatus::Confirmed, note: None },
            )],
            ..CalendarRows::default()
        };
        let plan = plan_calendar(&fetched(), &now, d("2026-11-29"));
        let text = plan.lines().join("\n");
        assert!(
            text.contains("your recess \"Our away week\" (Mon 30 Nov 2026 to Fri 4 Dec 2026) covers 2 sitting days"),
            "{text}"
        );
        assert!(text.contains("your sitting day Mon 21 Dec 2026 falls in Parliament's \"Christmas recess\""), "{text}");
        let cal = crate::domain::calendar::CalendarData::new(now.with_update(&plan.rows).to_source());
        assert!(!cal.classify_day(d("2026-12-01")).is_sitting(), "your recess wins");
        assert!(cal.classify_day(d("2026-12-21")).is_sitting(), "your sitting day wins");
    }
}
