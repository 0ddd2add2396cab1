//! Undo and redo through the loop's executor and a real store, after random key sequences: each
//! change is taken back to what was stored before it and made again to what was stored after it,
//! compared whole (everything the user created, and every engagement's record), with only which
//! seats are tracked following a rule of its own ([`Tracking`]).

use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::domain::calendar::ProposalKind;
use crate::domain::engagement::contact::NewInteraction;
use crate::domain::engagement::contact::{Direction, InteractionKind};
use crate::domain::engagement::facts::EngagementRecord;
use crate::domain::engagement::proposal::NewProposal;
use crate::domain::interchange::plan_export::{EngagementRow, PlanExport};
use crate::domain::views::TrackOutcome;
use crate::store::test_store;
use crate::tui::change::Change;
use crate::tui::keymap::key_event;

/// A Tuesday.
fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// Letters and briefs have nowhere writable to go.
fn nowhere() -> Places {
    Places { config_dir: None, documents: PathBuf::from("/nonexistent/mpplan-test"), home: None }
}

/// Keys a user might press anywhere.
const KEYS: &[&str] = &[
    "j", "k", "2", "3", "4", "1", "enter", "esc", "space", "s", "t", "u", "ctrl-r", "a", "tab", "backtab", "l", "h",
    "[", "]", "y", "n", "d", "e", "c", "i", "g", "G", "x", "ctrl-n", "w", "o", "z",
];

/// A few keys in a row that make a change through a form or a prompt, which single random keys
/// rarely get through.
const MOVES: &[&[&str]] = &[
    &["2", "t"],
    &["2", "enter"],
    &["3", "space"],
    &["3", "t"],
    &["3", "n", "x", "enter"],
    &["3", "i", "x", "enter"],
    &["3", "l", "enter"],
    &["3", "l", "x", "enter"],
    &["3", "a", "ctrl-n", "enter"],
    &["4", "a", "ctrl-n", "enter"],
    &["4", "l", "e", "x", "enter"],
    &["4", "l", "d", "y"],
    &["4", "l", "c"],
    &["4", "l", "o"],
    &["4", "l", "x"],
    &["1", "c"],
    &["1", "o"],
    &["1", "x"],
    &["1", "G", "space"],
    &["1", "G", "s"],
    &["1", "G", "n", "x", "enter"],
    &["1", "G", "z", "enter"],
];

/// A fresh store with something to change back: Leeds South tracked with a visit this week, and
/// Leeds East tracked once, with a letter logged, and then not.
fn fresh_store() -> Store {
    let mut store = test_store();
    store.track("E14001323", day()).unwrap();
    let start = day().succ_opt().unwrap().and_hms_opt(10, 0, 0).unwrap();
    let visit = NewProposal {
        constituency_code: "E14001323".into(),
        title: "Ward visit".into(),
        kind: ProposalKind::Visit,
        place: "St James's".into(),
        start,
        end: start + chrono::TimeDelta::hours(1),
        all_day: false,
        fold: Default::default(),
        attendees: None,
    };
    store.add_proposal(&visit, day()).unwrap();
    let letter =
        NewInteraction { kind: InteractionKind::Letter, direction: Direction::ToMp, on: day(), summary: "".into() };
    store.log_interaction("E14001320", &letter, day()).unwrap();
    store.untrack("E14001320").unwrap();
    store
}

/// What undo must put back: everything the user created (the JSON backup, without the times rows
/// were written, which a write of the same values moves on), and every engagement's record as the
/// rules read it (with the stored summaries of its contacts and meetings).
#[derive(Debug, Clone, PartialEq)]
struct Stored {
    backup: PlanExport,
    records: Vec<EngagementRecord>,
}

fn stored(store: &Store) -> Stored {
    let mut backup = store.plan_export().unwrap();
    if let Some(o) = &mut backup.organisation {
        o.updated_at.clear();
    }
    for s in &mut backup.sites {
        s.created_at.clear();
    }
    for e in &mut backup.engagements {
        e.created_at.clear();
        e.updated_at.clear();
        for c in &mut e.checklist {
            c.updated_at.clear();
        }
        for i in &mut e.interactions {
            i.created_at.clear();
        }
        for p in &mut e.proposals {
            p.created_at.clear();
            p.updated_at.clear();
            // Undoing is a revision too: calendars must apply it, so the sequence rises.
            p.sequence = 0;
        }
    }
    for d in &mut backup.sitting_days {
        d.created_at.clear();
    }
    for r in &mut backup.recesses {
        r.created_at.clear();
    }
    for d in &mut backup.dissolutions {
        d.created_at.clear();
    }
    for s in &mut backup.settings {
        s.updated_at.clear();
    }
    Stored { backup, records: store.engagement_records(day()).unwrap() }
}

/// Whether each seat that the changes made here tracked, untracked or wrote to is tracked now, as
/// the store's rules decide it. Undo does not put tracking back as it was, by design: writing a
/// proposal or a contact (by a change, its undo or its redo) starts tracking its seat, and taking
/// one back does not stop it (`tui/touched.rs`); and tracking a seat for the first time makes its
/// engagement, which stopping (by undo too) keeps, untracked, as untracking does
/// (`Store::untrack`). Otherwise only tracking and untracking a seat change it.
#[derive(Default)]
struct Tracking(BTreeMap<String, bool>);

impl Tracking {
    /// Follows `change` as applied (a change, or the inverse undo applies) to what was `stored`.
    fn follow(&mut self, change: &Change, stored: &Stored) {
        let mut set = |code: &str, tracked: bool| {
            self.0.insert(code.to_string(), tracked);
        };
        match change {
            Change::Track { code, .. } => set(code, true),
            Change::Untrack { code, .. } => set(code, false),
            Change::Propose { new: p, .. } | Change::Edit { after: p, .. } => set(&p.constituency_code, true),
            Change::Restore(p) => set(&p.constituency_code, true),
            Change::Log { code, .. } | Change::Logged { code, .. } => set(code, true),
            // Notes written to a seat with no engagement make one, tracked.
            Change::Engagement { code, .. }
                if !stored.backup.engagements.iter().any(|e| &e.constituency_code == code) =>
            {
                set(code, true)
            }
            Change::Batch(changes) => changes.iter().for_each(|c| self.follow(c, stored)),
            Change::Remove(_)
            | Change::Unlog { .. }
            | Change::SetEntry { .. }
            | Change::Mark { .. }
            | Change::Status { .. }
            | Change::Snooze { .. }
            | Change::SetPress { .. }
            | Change::Engagement { .. } => {}

            // A site whose adding started or resumed tracking its seat: undone, it stops again.
            Change::SiteAdded { site, tracked: Some(TrackOutcome::Started | TrackOutcome::Resumed), .. } => {
                site.constituency_code.iter().for_each(|code| set(code, true))
            }
            Change::SiteRemoved { site, tracked: Some(TrackOutcome::Started | TrackOutcome::Resumed), .. } => {
                site.constituency_code.iter().for_each(|code| set(code, false))
            }
            Change::AddSite { .. } => unreachable!("the changes generated here hold no site to add"),
            Change::SiteAdded { .. }
            | Change::SiteRemoved { .. }
            | Change::Drafted { .. }
            | Change::Undrafted { .. }
            | Change::Organisation { .. } => {}
        }
    }

    /// `now` and `expected` (what was stored at the same point of the history before) to compare:
    /// everything exactly, but that in `expected` the seats followed here are tracked as they are
    /// now meant to be, and that `now` may also hold the engagements, with nothing in them, that
    /// tracking those seats made.
    fn compare(&self, mut now: Stored, mut expected: Stored) -> (Stored, Stored) {
        let followed = |code: &str| self.0.get(code).copied();
        now.backup.engagements.retain(|e| {
            let code = e.constituency_code.as_str();
            expected.backup.engagements.iter().any(|x| x.constituency_code == code)
                || followed(code) != Some(e.tracked)
                || !holds_nothing(e)
        });
        let kept: BTreeSet<&str> = now.backup.engagements.iter().map(|e| e.constituency_code.as_str()).collect();
        now.records.retain(|r| kept.contains(&*r.facts.code));
        for e in &mut expected.backup.engagements {
            e.tracked = followed(&e.constituency_code).unwrap_or(e.tracked);
        }
        for r in &mut expected.records {
            r.facts.tracked = followed(&r.facts.code).unwrap_or(r.facts.tracked);
        }
        (now, expected)
    }
}

/// An engagement as tracking a seat for the first time makes it: nothing written in it yet.
fn holds_nothing(e: &EngagementRow) -> bool {
    e.interactions.is_empty()
        && e.proposals.is_empty()
        && e.checklist.iter().all(|c| c.state == "todo" && c.done_on.is_none() && c.note.is_empty())
        && [&e.topics, &e.notes, &e.background, &e.office_address].iter().all(|t| t.is_empty())
}

fn run(store: &mut Store, app: &mut App, command: Command) {
    execute(store, app, vec![command], None, &nowhere());
}

/// Asserts that what is stored now is `expected`, with seats tracked as `tracking` says.
macro_rules! assert_stored {
    ($store:expr, $tracking:expr, $expected:expr, $($what:tt)+) => {{
        let (now, expected) = $tracking.compare(stored($store), $expected.clone());
        proptest::prop_assert_eq!(now, expected, $($what)+);
    }};
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Every change a random key sequence makes is taken back by undo to what was stored before
    /// it, and made again by redo to what was stored after it; the undo and redo keys in the
    /// sequence go back and forth along the same states; a key that puts nothing on the undo list
    /// changes nothing stored; and at the end every change is undone, one at a time, and redone.
    #[test]
    fn undo_puts_back_what_was_stored_before_each_change_and_redo_what_was_after(
        moves in proptest::collection::vec(0..KEYS.len() + MOVES.len(), 1..40),
    ) {
        let mut store = fresh_store();
        let mut app = open(&store, day(), Keymap::default(), Theme::plain()).unwrap();
        let keys = moves.iter().flat_map(|&m| KEYS.get(m).map_or_else(|| MOVES[m - KEYS.len()], std::slice::from_ref));
        let mut tracking = Tracking::default();
        // What was stored before and after each change on the undo list, and on the redo list.
        let mut done: Vec<(Stored, Stored)> = Vec::new();
        let mut undone: Vec<(Stored, Stored)> = Vec::new();
        let mut before = stored(&store);
        for &key in keys {
            let (done_before, undone_before) = (app.history.done.len(), app.history.undone.len());
            let form = app.overlay.form().cloned();
            let commands = press(&mut app, &key_event(key));
            // Writing the first letter to a seat ticks its 2.1 once the file is written.
            let applies = commands.iter().any(|c| matches!(c, Command::Apply(_) | Command::Write(..)));
            execute(&mut store, &mut app, commands, form, &nowhere());
            let after = stored(&store);
            let (done_now, undone_now) = (app.history.done.len(), app.history.undone.len());
            if applies && done_now == done_before + 1 {
                // A new change: undo takes it back, redo makes it again.
                let change = app.history.done.last().unwrap().clone();
                let what = change.describe();
                tracking.follow(&change, &before);
                proptest::prop_assert_eq!(undone_now, 0, "a new change empties the redo list");
                proptest::prop_assert_ne!(&after, &before, "{:?} (key {}) changed nothing", what, key);
                run(&mut store, &mut app, Command::Undo);
                tracking.follow(&change.inverse(), &after);
                assert_stored!(&store, tracking, before, "undoing {:?} (key {})", what, key);
                let undone_state = stored(&store);
                run(&mut store, &mut app, Command::Redo);
                tracking.follow(&change, &undone_state);
                assert_stored!(&store, tracking, after, "redoing {:?} (key {})", what, key);
                proptest::prop_assert_eq!((app.history.done.len(), app.history.undone.len()), (done_now, 0));
                done.push((before, after));
                undone.clear();
            } else if done_now + 1 == done_before && undone_now == undone_before + 1 {
                // The undo key.
                tracking.follow(&app.history.undone.last().unwrap().inverse(), &before);
                let (was, became) = done.pop().unwrap();
                assert_stored!(&store, tracking, was, "undo (key {})", key);
                undone.push((was, became));
            } else if done_now == done_before + 1 && undone_now + 1 == undone_before {
                // The redo key.
                tracking.follow(app.history.done.last().unwrap(), &before);
                let (was, became) = undone.pop().unwrap();
                assert_stored!(&store, tracking, became, "redo (key {})", key);
                done.push((was, became));
            } else {
                proptest::prop_assert_eq!((done_now, undone_now), (done_before, undone_before));
                proptest::prop_assert_eq!(&after, &before, "key {} changed what is stored off the undo list", key);
            }
            proptest::prop_assert!(!app.quit);
            before = stored(&store);
        }
        // Back to the start, one change at a time, then forward again to the end.
        let steps = done.len();
        while let Some((was, became)) = done.pop() {
            let now = stored(&store);
            run(&mut store, &mut app, Command::Undo);
            tracking.follow(&app.history.undone.last().unwrap().inverse(), &now);
            assert_stored!(&store, tracking, was, "undoing all");
            undone.push((was, became));
        }
        proptest::prop_assert!(app.history.done.is_empty());
        for _ in 0..steps {
            let now = stored(&store);
            run(&mut store, &mut app, Command::Redo);
            tracking.follow(app.history.done.last().unwrap(), &now);
            let (was, became) = undone.pop().unwrap();
            assert_stored!(&store, tracking, became, "redoing all");
            done.push((was, became));
        }
    }
}
