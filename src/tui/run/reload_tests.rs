//! After each change the loop reads again only the parts of the data the change touched, and what
//! it then shows is what reading everything again would show. Driven through the loop's executor
//! against a real store.

use chrono::NaiveDateTime;

use super::*;
use crate::domain::calendar::{CalendarData, ProposalKind};
use crate::domain::engagement::checklist::{Entry, ItemState};
use crate::domain::engagement::contact::{Direction, InteractionKind, NewInteraction};
use crate::domain::engagement::press::{Press, PressPlan};
use crate::domain::engagement::proposal::{NewProposal, Proposal, ProposalFilter, ProposalStatus};
use crate::domain::views::EngagementInfo;
use crate::store::test_store;
use crate::tui::app::{Data, Screen, Tone};
use crate::tui::change::Change;
use crate::tui::form::ProposalForm;
use crate::tui::keymap::key_event;
use crate::tui::overlay::Overlay;

const LEEDS_SOUTH: &str = "E14001323";
const LEEDS_EAST: &str = "E14001320";
const ALDERSHOT: &str = "E14001063";

/// A Tuesday.
fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn at(date: &str, hour: u32) -> NaiveDateTime {
    date.parse::<NaiveDate>().unwrap().and_hms_opt(hour, 0, 0).unwrap()
}

/// Letters and briefs have nowhere writable to go.
fn nowhere() -> Places {
    Places { config_dir: None, documents: PathBuf::from("/nonexistent/mpplan-test"), home: None }
}

fn visit(code: &str, date: &str) -> NewProposal {
    NewProposal {
        constituency_code: code.into(),
        title: "Ward visit".into(),
        kind: ProposalKind::Visit,
        place: "St James's".into(),
        start: at(date, 10),
        end: at(date, 11),
        all_day: false,
        fold: Default::default(),
        attendees: None,
    }
}

/// Leeds South tracked, with a proposal this week and a letter logged; the UI open on the Week
/// screen with Leeds South's detail loaded.
fn world() -> (Store, App) {
    let mut store = test_store();
    store.track(LEEDS_SOUTH, day()).unwrap();
    store.add_proposal(&visit(LEEDS_SOUTH, "2026-11-25"), day()).unwrap();
    let letter =
        NewInteraction { kind: InteractionKind::Letter, direction: Direction::ToMp, on: day(), summary: "".into() };
    store.log_interaction(LEEDS_SOUTH, &letter, day()).unwrap();
    let mut app = open(&store, day(), Keymap::default(), Theme::plain()).unwrap();
    let commands = crate::tui::update::open_detail(&mut app, LEEDS_SOUTH.into());
    execute(&mut store, &mut app, commands, None, &nowhere());
    show(&mut store, &mut app, Screen::Week);
    assert!(app.data.detail.is_some() && !app.data.week.is_empty());
    (store, app)
}

/// What reading everything again would give for the app's day, week and open MP.
fn full(store: &Store, app: &App) -> Data {
    load::all(store, app.today, app.week.monday, app.detail.code.as_deref()).unwrap()
}

/// The parts of the data, by name, and whether they are the same in `a` and `b`.
fn compare(a: &Data, b: &Data) -> [(&'static str, bool); 6] {
    [
        ("mps", a.mps == b.mps),
        ("calendar", format!("{:?}", a.calendar) == format!("{:?}", b.calendar)),
        ("detail", a.detail == b.detail),
        ("week", a.week == b.week),
        ("busy", a.busy == b.busy),
        ("agenda", a.agenda == b.agenda),
    ]
}

fn assert_same(shown: &Data, expected: &Data, what: &str) {
    for (part, same) in compare(shown, expected) {
        assert!(same, "after {what}, the {part} shown differ from a full reload");
    }
}

fn stored(store: &Store, code: &str) -> Proposal {
    let filter = ProposalFilter { constituency_code: Some(code.into()), ..Default::default() };
    store.proposals(&filter).unwrap().into_iter().rfind(|p| p.title == "Ward visit").unwrap()
}

fn entry(store: &Store, code: &str, key: &str) -> Entry {
    store.checklist(code).unwrap().into_iter().find(|e| e.key == key).unwrap()
}

fn done(before: Entry) -> Entry {
    Entry { state: ItemState::Done, done_on: Some(day()), note: "done".into(), ..before }
}

fn apply_one(change: Change) -> Vec<Command> {
    vec![Command::Apply(change)]
}

type Step = (&'static str, fn(&Store) -> Change);

/// One change of every kind (and a batch), each made from what is stored at the time.
fn steps() -> Vec<Step> {
    vec![
        ("tracking a seat", |_| Change::Track { code: ALDERSHOT.into(), seat: "Aldershot".into() }),
        ("untracking it", |_| Change::Untrack { code: ALDERSHOT.into(), seat: "Aldershot".into() }),
        ("ticking a checklist item", |store| {
            let before = entry(store, LEEDS_SOUTH, "1.2");
            Change::SetEntry {
                code: LEEDS_SOUTH.into(),
                seat: "Leeds South".into(),
                after: done(before.clone()),
                before,
            }
        }),
        ("proposing a visit", |_| Change::Propose {
            new: visit(LEEDS_SOUTH, "2026-11-26"),
            press: Press::default(),
            status: ProposalStatus::Proposed,
        }),
        ("moving it", |store| {
            let p = stored(store, LEEDS_SOUTH);
            Change::Edit { id: p.id, before: NewProposal::from(&p), after: visit(LEEDS_SOUTH, "2026-11-27") }
        }),
        ("agreeing its press plan", |store| {
            let p = stored(store, LEEDS_SOUTH);
            let after = Press { plan: PressPlan::Agreed, draft_shared_on: Some(day()), ..Default::default() };
            Change::SetPress { id: p.id, before: p.press, after }
        }),
        ("deleting it", |store| Change::Remove(stored(store, LEEDS_SOUTH))),
        ("logging a call", |_| Change::Log {
            code: LEEDS_SOUTH.into(),
            seat: "Leeds South".into(),
            new: NewInteraction {
                kind: InteractionKind::Call,
                direction: Direction::ToMp,
                on: day(),
                summary: "Spoke to the office".into(),
            },
        }),
        ("editing the engagement notes", |store| {
            let before = store.engagement(LEEDS_SOUTH).unwrap().unwrap();
            let after = EngagementInfo { notes: "Met at the fete".into(), cadence_days: 30, ..before.clone() };
            Change::Engagement { code: LEEDS_SOUTH.into(), seat: "Leeds South".into(), before, after }
        }),
        ("proposing a visit to a seat not tracked", |_| Change::Propose {
            new: visit(LEEDS_EAST, "2026-11-26"),
            press: Press::default(),
            status: ProposalStatus::Confirmed,
        }),
        ("a batch", |store| {
            let before = entry(store, LEEDS_SOUTH, "3.1");
            Change::Batch(vec![
                Change::Track { code: ALDERSHOT.into(), seat: "Aldershot".into() },
                Change::SetEntry {
                    code: LEEDS_SOUTH.into(),
                    seat: "Leeds South".into(),
                    after: done(before.clone()),
                    before,
                },
                Change::Log {
                    code: ALDERSHOT.into(),
                    seat: "Aldershot".into(),
                    new: NewInteraction {
                        kind: InteractionKind::Email,
                        direction: Direction::FromMp,
                        on: day(),
                        summary: String::new(),
                    },
                },
            ])
        }),
    ]
}

/// Each step, then its undo, then its redo: (what, the commands).
fn each_change(store: &Store, step: &Step) -> [(String, Vec<Command>); 3] {
    let (what, change) = step;
    [
        (what.to_string(), apply_one(change(store))),
        (format!("undoing {what}"), vec![Command::Undo]),
        (format!("redoing {what}"), vec![Command::Redo]),
    ]
}

/// Shows `screen` as the loop would after a key press: what it needs is read if out of date.
fn show(store: &mut Store, app: &mut App, screen: Screen) {
    app.screen = screen;
    execute(store, app, Vec::new(), None, &nowhere());
}

/// After `what`, the parts not out of date are what a full reload gives; and once Today and the
/// Week have been shown (reading what they need), all of them are.
fn assert_shown_as_full(store: &mut Store, app: &mut App, what: &str) {
    let expected = full(store, app);
    for (part, same) in compare(&app.data, &expected) {
        let stale = match part {
            "week" => app.stale.week,
            "busy" => app.stale.busy,
            "agenda" => app.stale.agenda,
            _ => false,
        };
        assert!(same || stale, "after {what}, the {part} shown differ from a full reload");
    }
    let screen = app.screen;
    for screen in [Screen::Today, Screen::Week, screen] {
        show(store, app, screen);
    }
    assert!(app.stale.is_empty(), "{what}: {:?}", app.stale);
    assert_same(&app.data, &expected, what);
}

#[test]
fn after_every_kind_of_change_and_its_undo_and_redo_the_screens_show_what_a_full_reload_would() {
    let (mut store, mut app) = world();
    // With the proposal form open, the busy times are read as soon as they change.
    app.overlay = Overlay::Form(ProposalForm::new(None, day()).into());
    assert_shown_as_full(&mut store, &mut app, "opening the proposal form");
    for (n, step) in steps().iter().enumerate() {
        // Half the changes are made on the Today screen, half on the Week screen.
        app.screen = if n % 2 == 0 { Screen::Today } else { Screen::Week };
        for (what, commands) in each_change(&store, step) {
            execute(&mut store, &mut app, commands, None, &nowhere());
            assert_eq!(app.status.as_ref().map(|s| s.tone), Some(Tone::Info), "{what}: {:?}", app.status);
            assert!(!app.stale.busy, "{what}: the open form's busy times are read");
            assert_shown_as_full(&mut store, &mut app, &what);
        }
    }
    // The undo history is taken back to the start, one change at a time.
    while !app.history.done.is_empty() {
        execute(&mut store, &mut app, vec![Command::Undo], None, &nowhere());
        assert_shown_as_full(&mut store, &mut app, "undoing everything");
    }
}

/// Data no read could give, in every part: what is still there afterwards was not read again.
fn poison(data: &mut Data) {
    let mut row = data.mps[0].clone();
    row.key = "poisoned".into();
    data.mps.push(row);
    data.calendar = CalendarData::default();
    if let Some(detail) = data.detail.as_mut() {
        detail.card.full_title = "poisoned".into();
    }
    let mut sentinel = data.week.first().cloned().expect("a proposal this week");
    sentinel.title = "poisoned".into();
    data.week.push(sentinel);
    data.busy.push((NaiveDateTime::MIN, NaiveDateTime::MIN));
    data.agenda.date = NaiveDate::MIN;
}

/// Which parts of `data` are still as [`poison`] left them: (mps, detail, week, busy, agenda).
fn poisoned(data: &Data) -> Touched {
    Touched {
        mps: data.mps.last().is_some_and(|r| r.key == "poisoned"),
        detail: data.detail.as_ref().is_some_and(|d| d.card.full_title == "poisoned"),
        week: data.week.last().is_some_and(|p| p.title == "poisoned"),
        busy: data.busy.last() == Some(&(NaiveDateTime::MIN, NaiveDateTime::MIN)),
        agenda: data.agenda.date == NaiveDate::MIN,
    }
}

fn calendar_poisoned(data: &Data) -> bool {
    data.calendar.sitting_range().is_none()
}

/// What the change last applied, undone or redone touched.
fn last_touched(app: &App, commands: &[Command]) -> Touched {
    match commands {
        [Command::Undo] => Touched::of(&app.history.undone.last().unwrap().inverse()),
        _ => Touched::of(app.history.done.last().unwrap()),
    }
}

/// Each change, its undo and its redo made on `screen` (with the proposal form open or not), from
/// data poisoned in every part: exactly the parts the change touched and something open shows are
/// read again, and they are what a full reload gives; the other parts it touched are marked out of
/// date; and what it did not touch is unchanged in the store.
fn only_what_a_change_touched_and_is_shown_is_read_again(screen: Screen, form: bool) {
    let (mut store, mut app) = world();
    app.screen = screen;
    if form {
        app.overlay = Overlay::Form(ProposalForm::new(None, day()).into());
    }
    let shown =
        Touched { mps: true, detail: true, week: screen == Screen::Week, busy: form, agenda: screen == Screen::Today };
    let mut seen = Touched::NOTHING;
    for step in steps() {
        for (what, commands) in each_change(&store, &step) {
            let before = full(&store, &app);
            app.data = before.clone();
            app.refilter();
            app.stale = Touched::NOTHING;
            poison(&mut app.data);
            execute(&mut store, &mut app, commands.clone(), None, &nowhere());
            let after = full(&store, &app);
            let touched = last_touched(&app, &commands);
            seen = seen | touched;
            let read = touched & shown;
            assert_eq!(poisoned(&app.data), Touched::EVERYTHING.without(read), "{what}: read again exactly {read:?}");
            assert!(calendar_poisoned(&app.data), "{what}: the calendar is not read again");
            assert_eq!(app.stale, touched.without(shown), "{what}: the rest it touched is marked out of date");
            let parts = compare(&app.data, &after).into_iter().zip(compare(&before, &after));
            for ((part, same_as_full), (_, unchanged)) in parts {
                let (is_touched, is_read) = match part {
                    "mps" => (touched.mps, read.mps),
                    "detail" => (touched.detail, read.detail),
                    "week" => (touched.week, read.week),
                    "busy" => (touched.busy, read.busy),
                    "agenda" => (touched.agenda, read.agenda),
                    _ => (false, false),
                };
                assert!(!is_read || same_as_full, "{what}: the {part} read again differ from a full reload");
                assert!(is_touched || unchanged, "{what} changed the {part}, which it says it does not touch");
            }
        }
    }
    assert_eq!(seen, Touched::EVERYTHING, "the steps touch every part between them");
}

#[test]
fn on_the_week_screen_a_change_reads_again_only_what_it_touched_of_the_list_the_detail_and_the_week() {
    only_what_a_change_touched_and_is_shown_is_read_again(Screen::Week, false);
}

#[test]
fn on_today_with_the_proposal_form_open_a_change_reads_again_what_it_touched_but_the_week() {
    only_what_a_change_touched_and_is_shown_is_read_again(Screen::Today, true);
}

#[test]
fn the_first_frame_waits_only_for_what_it_shows_and_the_rest_is_read_when_shown() {
    let mut store = test_store();
    let app = open(&store, day(), Keymap::default(), Theme::plain()).unwrap();
    assert_eq!(app.screen, Screen::Mps, "nothing tracked: the MPs screen first");
    assert_eq!(app.stale, load::ON_DEMAND, "no agenda, week or busy times read for it");

    store.track(LEEDS_SOUTH, day()).unwrap();
    store.add_proposal(&visit(LEEDS_SOUTH, "2026-11-25"), day()).unwrap();
    let mut app = open(&store, day(), Keymap::default(), Theme::plain()).unwrap();
    assert_eq!(app.screen, Screen::Today);
    assert_eq!(app.stale, Touched::WEEK | Touched::BUSY, "the agenda read for Today, nothing else");
    assert!(app.data.week.is_empty() && app.data.busy.is_empty());
    let expected = full(&store, &app);
    for (part, same) in compare(&app.data, &expected) {
        assert!(same || part == "week" || part == "busy", "the first frame shows the {part} as a full load would");
    }

    // The Week screen reads its week; moving a day needs nothing more.
    for key in ["4", "l"] {
        let commands = press(&mut app, &key_event(key));
        execute(&mut store, &mut app, commands, None, &nowhere());
    }
    assert_eq!(app.data.week, expected.week);
    assert_eq!(app.stale, Touched::BUSY);

    // The proposal form opens: its slot checks need the busy times, read before it is drawn.
    let commands = press(&mut app, &key_event("a"));
    assert!(app.overlay.form().is_some_and(|f| f.proposal().is_some()));
    execute(&mut store, &mut app, commands, None, &nowhere());
    assert_eq!(app.data.busy, load::busy(&store, day()).unwrap());
    assert_eq!(app.data.busy.len(), 1);
    assert!(app.stale.is_empty());

    // Closed again, a new proposal makes them out of date; they are read when the form reopens.
    let commands = press(&mut app, &key_event("esc"));
    execute(&mut store, &mut app, commands, None, &nowhere());
    assert!(app.overlay.form().is_none());
    let propose = Change::Propose {
        new: visit(LEEDS_SOUTH, "2026-11-27"),
        press: Press::default(),
        status: ProposalStatus::Proposed,
    };
    execute(&mut store, &mut app, apply_one(propose), None, &nowhere());
    assert_eq!(app.stale, Touched::BUSY | Touched::AGENDA);
    assert_eq!(app.data.busy.len(), 1, "not read while no form needs them");
    assert_eq!(app.data.week.len(), 2, "the week shown is read");
    let commands = press(&mut app, &key_event("a"));
    execute(&mut store, &mut app, commands, None, &nowhere());
    assert_eq!(app.data.busy, load::busy(&store, day()).unwrap());
    assert_eq!(app.data.busy.len(), 2);
}

#[test]
fn moving_the_week_reads_only_the_week() {
    let (mut store, mut app) = world();
    store.add_proposal(&visit(LEEDS_SOUTH, "2026-12-02"), day()).unwrap();
    poison(&mut app.data);
    let commands = press(&mut app, &key_event("]"));
    assert_eq!(commands, [Command::LoadWeek(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())]);
    execute(&mut store, &mut app, commands, None, &nowhere());
    assert_eq!(poisoned(&app.data), Touched::EVERYTHING.without(Touched::WEEK));
    assert_eq!(app.data.week, full(&store, &app).week);
    assert_eq!(app.data.week.len(), 1);
}

#[test]
fn opening_another_mp_reads_only_the_detail() {
    let (mut store, mut app) = world();
    poison(&mut app.data);
    let commands = crate::tui::update::open_detail(&mut app, LEEDS_EAST.into());
    execute(&mut store, &mut app, commands, None, &nowhere());
    assert_eq!(poisoned(&app.data), Touched::EVERYTHING.without(Touched::DETAIL));
    assert_eq!(app.data.detail, full(&store, &app).detail);
    assert_eq!(app.data.detail.as_ref().unwrap().card.summary.constituency, "Leeds East");
}

#[test]
fn a_new_day_reads_again_what_depends_on_today_when_it_is_shown() {
    let (mut store, mut app) = world();
    poison(&mut app.data);
    app.stale = Touched::NOTHING;
    let tomorrow = day().succ_opt().unwrap();
    roll_over(&store, &mut app, tomorrow);
    assert_eq!(app.today, tomorrow);
    assert_eq!(poisoned(&app.data), Touched::EVERYTHING, "on the Week screen, nothing is read");
    assert_eq!(app.stale, Touched::NEW_DAY, "the agenda and the busy times (from the day before today)");
    show(&mut store, &mut app, Screen::Today);
    assert_eq!(app.data.agenda, full(&store, &app).agenda);
    assert_eq!(app.data.agenda.date, tomorrow);

    // On Today with the proposal form open, both are read for the new day at once.
    app.overlay = Overlay::Form(ProposalForm::new(None, tomorrow).into());
    let after = tomorrow.succ_opt().unwrap();
    roll_over(&store, &mut app, after);
    assert!(app.stale.is_empty());
    assert_eq!(app.data.busy, load::busy(&store, after).unwrap());
    assert_eq!(app.data.agenda.date, after);
    assert_eq!(poisoned(&app.data), Touched::MPS | Touched::DETAIL | Touched::WEEK);
}

#[test]
fn another_process_changing_the_database_reads_everything_again_calendar_included() {
    let (mut store, mut app) = world();
    store.add_proposal(&visit(LEEDS_SOUTH, "2026-11-26"), day()).unwrap();
    poison(&mut app.data);
    app.overlay = Overlay::Form(ProposalForm::new(None, day()).into());
    reload_everything(&store, &mut app);
    assert!(!calendar_poisoned(&app.data));
    assert_eq!(poisoned(&app.data), Touched::AGENDA, "all but the agenda, which Today reads when shown");
    assert_eq!(app.stale, Touched::AGENDA);
    show(&mut store, &mut app, Screen::Today);
    assert_eq!(poisoned(&app.data), Touched::NOTHING);
    assert_same(&app.data, &full(&store, &app), "another process's change");
}

#[test]
fn selections_stay_in_range_after_a_partial_reload() {
    let (mut store, mut app) = world();
    app.detail.selected = 1_000;
    app.detail.log = Some(1_000);
    let before = entry(&store, LEEDS_SOUTH, "1.2");
    let tick =
        Change::SetEntry { code: LEEDS_SOUTH.into(), seat: "Leeds South".into(), after: done(before.clone()), before };
    execute(&mut store, &mut app, apply_one(tick), None, &nowhere());
    let detail = app.data.detail.as_ref().unwrap();
    assert_eq!(app.detail.selected, detail.checklist.len() - 1);
    assert_eq!(app.detail.log, Some(detail.interactions.len() - 1));

    // The week's selection is kept in range when a proposal on the day goes.
    app.week.day = 2; // Wednesday, with the one proposal
    assert_eq!(app.week_day_proposals().len(), 1);
    app.week.selected = 3;
    let p = stored(&store, LEEDS_SOUTH);
    execute(&mut store, &mut app, apply_one(Change::Remove(p)), None, &nowhere());
    assert!(app.week_day_proposals().is_empty());
    assert_eq!(app.week.selected, 0);
}
