//! Snapshots of every screen at 120×40 and 80×24 on fixture data, and a sweep of sizes that must
//! never panic.

use chrono::NaiveDate;

use crate::domain::calendar::ProposalKind;
use crate::domain::engagement::agenda_text::agenda_sections;
use crate::domain::engagement::contact::{Direction, InteractionKind, NewInteraction};
use crate::domain::engagement::proposal::NewProposal;
use crate::store::Store;
use crate::tui::app::{App, PostcodePrompt, Screen};
use crate::tui::fixture::{self, screen};
use crate::tui::form::{EngagementForm, Form, LogForm, ProposalForm};
use crate::tui::keymap::Keymap;
use crate::tui::overlay::Overlay;
use crate::tui::palette::Palette;
use crate::tui::text_input::TextInput;
use crate::tui::theme::Theme;

pub(super) fn on(screen: Screen) -> App {
    let mut app = fixture::busy_app();
    app.screen = screen;
    app
}

#[test]
fn snapshots_of_every_screen() {
    for (width, height) in [(120, 40), (80, 24)] {
        for screen_kind in Screen::ALL {
            let app = on(screen_kind);
            let name = format!("{}_{width}x{height}", screen_kind.title().replace(' ', "_").to_lowercase());
            insta::assert_snapshot!(name, screen(&app, width, height));
        }
        let mut help = on(Screen::Mps);
        help.overlay = Overlay::Help(0);
        insta::assert_snapshot!(format!("help_{width}x{height}"), screen(&help, width, height));
    }
}

#[test]
fn snapshots_of_the_mp_detail_with_its_proposals_showing() {
    for (width, height) in [(120, 40), (80, 24)] {
        let mut app = on(Screen::Detail);
        app.detail.proposals = Some(0);
        let text = fixture::screen_marking_selection(&app, width, height);
        assert!(text.contains("Proposals ·") && text.contains("c confirm"), "{text}");
        insta::assert_snapshot!(format!("mp_detail_proposals_{width}x{height}"), text);
    }
}

/// The busy fixture with a search of every MP open over the Week, a proposal and a contact found.
pub(super) fn with_search() -> App {
    use crate::domain::search::Found;
    let mut app = on(Screen::Week);
    let mut search = crate::tui::search::Search::new(None, "ward");
    let mut visit = fixture::proposal(7, "E14001323", "2026-12-04 10:00", 60, ProposalKind::Visit);
    visit.place = "Ward 4, St James's".into();
    let letter = fixture::contact(5, InteractionKind::Letter, Direction::ToMp, "2026-11-10", "About the ward closures");
    search.found = vec![
        Found::Proposal(visit),
        Found::Contact { code: "E14001323".into(), seat: "Leeds South".into(), interaction: letter },
    ];
    search.searched = "ward".into();
    search.selected = 1;
    app.overlay = Overlay::Search(search);
    app
}

#[test]
fn snapshots_of_a_search() {
    for (width, height) in [(120, 40), (80, 24)] {
        let text = fixture::screen_marking_selection(&with_search(), width, height);
        assert!(text.contains("Find: ward") && text.contains("About the ward closures"), "{text}");
        insta::assert_snapshot!(format!("search_{width}x{height}"), text);
    }
}

#[test]
fn snapshots_of_today_with_each_kind_of_item_selected() {
    for (width, height) in [(120, 40), (80, 24)] {
        for (kind, section) in [
            ("proposal", "proposals_next_seven_days"),
            ("follow_up", "follow_ups_overdue"),
            ("next_step", "next_steps"),
            ("gone_quiet", "gone_quiet"),
            ("snoozed", "snoozed"),
            ("data_warning", "calendar_warning"),
        ] {
            let mut app = fixture::busy_app_every_kind();
            let items = crate::tui::review::items(&app.data.agenda);
            app.today_pane.selected = items.iter().position(|l| l.section == section).expect("an item there");
            let text = fixture::screen_marking_selection(&app, width, height);
            assert!(text.contains('▶'), "{kind}: the selection is drawn\n{text}");
            insta::assert_snapshot!(format!("today_{kind}_selected_{width}x{height}"), text);
        }
    }
}

/// The busy fixture with each of the forms open on the MP detail screen, and the contact log in
/// focus there.
pub(super) fn with_forms() -> Vec<(&'static str, App)> {
    let mut log = on(Screen::Detail);
    log.overlay = Overlay::Form(Form::Log(LogForm::new("E14001323", "Leeds South", true, fixture::today())));
    let mut info = on(Screen::Detail);
    let notes = info.data.detail.as_ref().and_then(|d| d.engagement.clone()).unwrap_or_default();
    info.overlay = Overlay::Form(Form::Engagement(EngagementForm::new("E14001323", "Leeds South", &notes)));
    let mut press = on(Screen::Week);
    let visit = press.data.week.iter().find(|p| p.id == 1).cloned().expect("the fixture's visit");
    press.overlay = Overlay::Form(ProposalForm::edit(&visit).into());
    let mut contacts = on(Screen::Detail);
    contacts.detail.log = Some(1);
    // A new proposal on the day before today, with "leeds" typed: the seats it matches offered.
    let mut matching = on(Screen::Week);
    let yesterday = matching.today.pred_opt().unwrap_or(matching.today);
    matching.overlay = Overlay::Form(ProposalForm::new(None, yesterday).into());
    for c in "leeds".chars() {
        crate::tui::update::update(
            &mut matching,
            crate::tui::action::Input::Text(crate::tui::action::TextEdit::Insert(c)),
        );
    }
    crate::tui::update::update(&mut matching, crate::tui::action::Input::Action(crate::tui::action::Action::Down));
    vec![
        ("log_form", log),
        ("engagement_form", info),
        ("press_form", press),
        ("contact_log", contacts),
        ("org_form", org_form()),
        ("proposal_form_matching", matching),
    ]
}

/// Today with the organisation's form open: the name set, no signatory, one site and a second
/// being typed with a postcode that is not one.
pub(super) fn org_form() -> App {
    let mut app = on(Screen::Today);
    let org = crate::domain::views::Organisation {
        name: "Leeds Teaching Hospitals NHS Trust".into(),
        address: "St James's University Hospital\nBeckett Street\nLeeds LS9 7TF".into(),
        ..Default::default()
    };
    let site = crate::domain::views::Site {
        name: "St James's".into(),
        postcode: "LS9 7TF".into(),
        constituency_code: Some("E14001323".into()),
        constituency: Some("Leeds South".into()),
    };
    let mut form = crate::tui::form::OrgForm::new(&org, &[site]);
    *form.inputs.input_mut(crate::tui::form::OrgField::Sites) =
        TextInput::new("St James's, LS9 7TF; Chapel Allerton, LS7 4S!");
    form.inputs.focus = crate::tui::form::OrgField::Sites;
    app.overlay = Overlay::Form(Form::Organisation(form));
    app
}

#[test]
fn snapshots_of_the_forms_and_the_contact_log() {
    for (name, app) in with_forms() {
        for (width, height) in [(120, 40), (80, 24)] {
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen(&app, width, height));
        }
    }
    let update = screen(&update_preview(), 120, 40);
    assert!(update.contains("Update? ↑↓ scroll · y apply · n cancel"), "{update}");
}

/// The command palette with a command half typed, and the preview of importing a calendar file
/// of meetings for the MP open on the detail screen.
pub(super) fn with_palette() -> Vec<(&'static str, App)> {
    let mut prompt = on(Screen::Detail);
    prompt.overlay = Overlay::Palette(Palette::prompt("export c"));
    let mut preview = on(Screen::Detail);
    let text = include_str!("../../../tests/import-files/meetings.ics");
    let seats = [("E14001323".to_string(), "Leeds South (Hilary Benn)".to_string())].into_iter().collect();
    let options = crate::domain::interchange::event_import::Options {
        seat: Some("E14001323"),
        seats: &seats,
        window: crate::domain::interchange::event_read::Window::from_today(fixture::today()),
        strict: false,
    };
    let plan =
        crate::domain::interchange::event_import::plan("meetings.ics", text, &options, &[]).expect("the events read");
    let mut lines = vec!["Events from meetings.ics, as proposals for Leeds South (Hilary Benn):".to_string()];
    lines.extend(plan.lines(&fixture::calendar(), Some("E14001323")));
    let seat = preview.open_seat().expect("an MP is open");
    let plan = crate::shared::transfer::Plan::Events { seat: Some(seat), plan };
    preview.overlay =
        Overlay::Palette(Palette::Preview { preview: crate::shared::transfer::Preview { lines, plan }, scroll: 0 });
    vec![("palette", prompt), ("import_preview", preview), ("update_preview", update_preview())]
}

/// The preview of an update that brings a recess, with the proposal it re-flags.
fn update_preview() -> App {
    use crate::domain::calendar::CalendarRows;
    use crate::domain::reference::feeds::calendar_plan::{FetchedCalendar, plan_calendar};
    use crate::domain::reference::feeds::update_plan::UpdatePlan;
    use crate::domain::reference::feeds::whatson::{NonSitting, NonSittingKind};
    let day = |text: &str| text.parse::<chrono::NaiveDate>().expect("a date");
    let fetched = FetchedCalendar {
        window: (day("2026-07-17"), day("2028-05-24")),
        sitting_days: vec![day("2026-12-01"), day("2027-01-15")],
        non_sitting: vec![NonSitting {
            kind: NonSittingKind::Recess,
            name: "Christmas recess".into(),
            first: day("2026-12-18"),
            last: day("2027-01-04"),
        }],
        ..FetchedCalendar::default()
    };
    let plan = UpdatePlan {
        calendar: Some(plan_calendar(&fetched, &CalendarRows::default(), fixture::today())),
        ..UpdatePlan::default()
    };
    let prepared = crate::shared::fetch::Prepared {
        plan,
        origin: crate::store::UpdateOrigin { origin: "network".into(), sources: Vec::new() },
    };
    let mut app = on(Screen::Today);
    let preview = crate::shared::transfer::Preview {
        lines: prepared.lines(),
        plan: crate::shared::transfer::Plan::Update(Box::new(prepared)),
    };
    app.overlay = Overlay::Palette(Palette::Preview { preview, scroll: 0 });
    app
}

#[test]
fn snapshot_of_the_proposal_form_offering_a_clear_slot() {
    let mut app = fixture::week_app();
    let seat = Some(("E14001323".to_string(), "Leeds South".to_string()));
    app.overlay = Overlay::Form(ProposalForm::new(seat, fixture::d("2025-03-04")).into());
    for (width, height) in [(120, 40), (80, 24)] {
        let text = screen(&app, width, height);
        assert!(text.replace('\n', " ").contains("press Ctrl-N to take it"), "{text}");
        insta::assert_snapshot!(format!("proposal_form_suggesting_{width}x{height}"), text);
    }
}

#[test]
fn snapshots_of_the_palette_and_an_import_preview() {
    for (name, app) in with_palette() {
        for (width, height) in [(120, 40), (80, 24)] {
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), screen(&app, width, height));
        }
    }
}

#[test]
fn snapshot_of_the_first_run() {
    let app = App::new(
        fixture::data(vec![fixture::mp("E14001323", "Leeds South", "Hilary Benn", "Labour", false)]),
        fixture::today(),
        Default::default(),
        crate::tui::theme::Theme::plain(),
    );
    let text = screen(&app, 100, 30);
    assert!(text.contains("Find your MP") && text.contains("Postcode:"), "{text}");
    insta::assert_snapshot!("first_run_100x30", text);
}

#[test]
fn the_screens_show_what_matters() {
    let today = screen(&on(Screen::Today), 120, 40);
    assert!(today.contains("Conflicts ahead") && today.contains("Next step for each MP"), "{today}");
    assert!(today.contains("2.2") && today.contains("Snoozed (coming back)"), "{today}");
    // The calendar warning comes after the snoozed follow-ups, below the first 40 rows here.
    let taller = screen(&on(Screen::Today), 120, 44);
    assert!(taller.contains("Calendar data"), "{taller}");
    let detail = screen(&on(Screen::Detail), 120, 40);
    assert!(
        detail.contains("[x] 1.1") && detail.contains("[-] 1.2") && detail.contains("From the postcode"),
        "{detail}"
    );
    let mps = screen(&on(Screen::Mps), 120, 40);
    assert!(mps.contains("● ") && mps.contains("Leeds South"), "{mps}");
    let small = screen(&on(Screen::Mps), 30, 8);
    assert!(small.replace('\n', " ").contains("at least 40×10"), "{small}");
}

/// The MP list builds only the rows that fit, and shows the window a scrolled table would: the
/// first screenful, then the selected row at the bottom with those just before it.
#[test]
fn a_long_mp_list_scrolls_to_the_selected_row() {
    let mps =
        (0..60).map(|i| fixture::mp(&format!("E1400{i:04}"), &format!("Seat {i:02}"), "A Member", "Labour", false));
    let mut app = App::new(fixture::data(mps.collect()), fixture::today(), Keymap::default(), Theme::plain());
    app.screen = Screen::Mps;
    app.refilter();
    let rows = |app: &App| {
        let text = screen(app, 100, 24);
        let seats: Vec<String> = text.split("Seat ").skip(1).map(|rest| rest[..2].to_string()).collect();
        seats
    };
    let top = rows(&app);
    assert_eq!(top.first().map(String::as_str), Some("00"), "{top:?}");
    for selected in [5, 40, 59] {
        app.mps.selected = selected;
        let shown = rows(&app);
        let last = shown.last().cloned().unwrap_or_default();
        let expected =
            if selected < top.len() { top.last().cloned().unwrap_or_default() } else { format!("{selected:02}") };
        assert_eq!(last, expected, "selected {selected}: {shown:?}");
        assert_eq!(shown.len(), top.len(), "a full window: {shown:?}");
    }
}

#[test]
fn a_welsh_seat_names_its_region_once() {
    let mut tami = fixture::mp("W07000082", "Alyn and Deeside", "Mark Tami", "Labour", true);
    (tami.region, tami.country) = ("Wales".into(), "Wales".into());
    let mut app = App::new(fixture::data(vec![tami]), fixture::today(), Keymap::default(), Theme::plain());
    app.screen = Screen::Mps;
    let text = screen(&app, 120, 40);
    assert!(text.contains("│Wales ") && !text.contains("Wales, Wales"), "{text}");
}

#[test]
fn text_from_the_data_never_reaches_the_terminal_raw() {
    let mut app = on(Screen::Mps);
    app.data.mps[0].mp.name = "\x1b]0;pwned\x07Evil \x1b[2J".into();
    app.refilter();
    let text = screen(&app, 120, 40);
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
    assert!(text.contains("\\u{1b}]0;pwned"), "{text}");
}

#[test]
fn no_size_panics() {
    let mut apps: Vec<App> = Screen::ALL.iter().map(|s| on(*s)).collect();
    let mut help = on(Screen::Week);
    help.overlay = Overlay::Help(3);
    apps.push(help);
    let mut postcode = on(Screen::Mps);
    postcode.mps.postcode = Some(PostcodePrompt::default());
    apps.push(postcode);
    apps.extend(with_forms().into_iter().chain(with_palette()).map(|(_, app)| app));
    let widths = [1, 2, 5, 10, 20, 39, 40, 41, 60, 79, 80, 99, 100, 101, 150, 200, 400];
    let heights = [1, 2, 3, 5, 9, 10, 11, 20, 24, 40, 60, 150];
    for app in &apps {
        for w in widths {
            for h in heights {
                screen(app, w, h);
            }
        }
    }
}

#[test]
fn quit_and_help_are_always_in_the_footer_and_a_cut_footer_says_so() {
    let mut apps: Vec<(String, App)> = Screen::ALL.iter().map(|s| (s.title().to_string(), on(*s))).collect();
    for (i, _) in crate::tui::review::items(&on(Screen::Today).data.agenda).iter().enumerate() {
        let mut today = on(Screen::Today);
        today.today_pane.selected = i;
        apps.push((format!("Today, item {i}"), today));
    }
    let mut log = on(Screen::Detail);
    log.detail.log = Some(0);
    apps.push(("the contact log".into(), log));
    let mut proposals = on(Screen::Detail);
    proposals.detail.proposals = Some(0);
    apps.push(("the proposals".into(), proposals));
    for (name, app) in &apps {
        for (w, h) in [(60, 20), (80, 24), (120, 40)] {
            let text = screen(app, w, h);
            let footer = text.lines().last().unwrap_or_default();
            assert!(footer.starts_with("? help  q quit"), "{name} at {w}×{h}: {footer:?}");
            let all = super::footer_hints(app).len();
            let shown = footer.split("  ").filter(|h| !h.starts_with('…')).count();
            assert_eq!(footer.ends_with("… ? more"), shown < all, "{name} at {w}×{h}: {footer:?}");
        }
    }
}

#[test]
fn a_long_message_wraps_rather_than_being_cut() {
    let mut app = on(Screen::Mps);
    let long = "Not saved: the database is locked by another program; close it and try again, or wait a moment";
    app.error(long);
    let text = screen(&app, 60, 20);
    let lines: Vec<&str> = text.lines().collect();
    let shown = lines[lines.len() - 3..lines.len() - 1].join(" ");
    assert_eq!(shown.split_whitespace().collect::<Vec<_>>().join(" "), long, "{text}");
}

/// A store with Leeds South tracked since May, a letter logged ten days before "today" (Tuesday 9
/// June 2026, a sitting day) and no call since, and a visit proposed for the next day.
fn agenda_store() -> (Store, NaiveDate) {
    let day = |s: &str| s.parse::<NaiveDate>().expect("date");
    let today = day("2026-06-09");
    let mut store = Store::open_in_memory().expect("store");
    crate::data::ensure_loaded(&mut store).expect("shipped data");
    store.track("E14001323", day("2026-05-01")).expect("track");
    let letter = NewInteraction {
        kind: InteractionKind::Letter,
        direction: Direction::ToMp,
        on: day("2026-05-30"),
        summary: "First letter".into(),
    };
    store.log_interaction("E14001323", &letter, today).expect("log");
    let visit = NewProposal {
        constituency_code: "E14001323".into(),
        title: "Ward visit".into(),
        kind: ProposalKind::Visit,
        place: "Outpatients".into(),
        start: day("2026-06-10").and_hms_opt(10, 0, 0).expect("time"),
        end: day("2026-06-10").and_hms_opt(11, 0, 0).expect("time"),
        all_day: false,
        fold: Default::default(),
        attendees: Some(6),
    };
    store.add_proposal(&visit, today).expect("propose");
    (store, today)
}

#[test]
fn the_today_screen_and_the_agenda_json_agree() {
    let (store, today) = agenda_store();
    let mut app = crate::tui::open(&store, today, Keymap::default(), Theme::plain()).expect("open");
    app.screen = Screen::Today;
    let text = screen(&app, 400, 150);
    let agenda = crate::shared::compose::agenda(&store, today).expect("agenda");

    // Every line of every section as `mpplan agenda` prints it (the margin may carry a symbol).
    for section in agenda_sections(&agenda) {
        assert!(text.contains(&section.heading), "{}:\n{text}", section.heading);
        for line in &section.lines().collect::<Vec<_>>() {
            assert!(text.contains(line.trim_start()), "{line:?} is not on the screen:\n{text}");
        }
    }

    // Every item of `mpplan agenda --json`.
    let json = serde_json::to_value(&agenda).expect("json");
    let list = |key: &str| json[key].as_array().cloned().unwrap_or_default();
    let shows = |value: &serde_json::Value| {
        let text_value = value.as_str().expect("a string");
        assert!(text.contains(text_value), "{text_value:?} is not on the screen:\n{text}");
    };
    for key in ["conflicts_ahead", "proposals_today", "proposals_next_seven_days"] {
        for p in list(key) {
            shows(&p["title"]);
            shows(&p["constituency"]);
            shows(&p["flag"]);
        }
    }
    for p in list("conflicts_ahead") {
        shows(&p["reason"]);
    }
    for key in ["follow_ups_overdue", "follow_ups_due", "gone_quiet"] {
        for f in list(key) {
            shows(&f["reason"]);
            shows(&f["seat"]);
        }
    }
    for step in list("next_steps") {
        shows(&step["seat"]);
        shows(&step["key"]);
        shows(&step["item"]);
    }
    shows(&json["calendar_warning"]["message"]);
    for fix in json["calendar_warning"]["fixes"].as_array().cloned().unwrap_or_default() {
        shows(&fix["command"]);
    }
    // The fixture exercises the sections that matter.
    for key in ["conflicts_ahead", "proposals_next_seven_days", "follow_ups_overdue", "next_steps"] {
        assert!(!list(key).is_empty(), "{key} is empty in {json:#}");
    }
    assert!(list("follow_ups_overdue")[0]["reason"].as_str().unwrap_or_default().contains("020 7219 3000"));
}

#[test]
fn a_read_only_database_is_shown_on_every_screen() {
    for screen_kind in Screen::ALL {
        let mut app = on(screen_kind);
        assert!(!screen(&app, 160, 30).contains("READ-ONLY"));
        app.read_only = true;
        assert!(screen(&app, 160, 30).contains("READ-ONLY: the database cannot be written"), "{screen_kind:?}");
    }
}

/// The busy fixture's MP detail with every note as long as its limit allows: the engagement's
/// notes and background (words), a checklist note of one unbroken word, and a contact note ending
/// in a mark that shows where it ends.
fn notes_at_the_limit() -> App {
    use crate::domain::limits::{Field, NOTE};
    let mut app = on(Screen::Detail);
    let words = |n: usize| "word ".repeat(n / 5).trim_end().to_string() + &"w".repeat(n % 5 + 1);
    let detail = app.data.detail.as_mut().expect("the fixture's MP detail");
    let info = detail.engagement.get_or_insert_with(Default::default);
    info.notes = words(NOTE);
    info.background = words(NOTE);
    info.topics = words(Field::Topics.limit());
    detail.checklist[0].note = "n".repeat(NOTE);
    let long = format!("{}END-OF-NOTE", words(NOTE - 11));
    detail.interactions[0].summary = long;
    for text in [&info.notes, &info.background, &detail.checklist[0].note, &detail.interactions[0].summary] {
        assert_eq!(text.chars().count(), NOTE, "each note is at its limit");
    }
    app
}

#[test]
fn notes_at_the_limit_render_wrapped_within_their_panes() {
    let app = notes_at_the_limit();
    for (width, height) in [(200, 60), (120, 40), (80, 24), (40, 10)] {
        let text = screen(&app, width, height);
        assert!(text.lines().count() == usize::from(height), "{width}×{height}:\n{text}");
        if width >= 80 {
            // The checklist note of one 20,000-letter word is cut across the rows of its pane.
            let rows = text.lines().filter(|l| l.contains("nnnnnnnnnnnnnnnnnnnn")).count();
            assert!(rows >= 2, "the long word wraps at {width}×{height}:\n{text}");
        }
    }
    let mut selected = notes_at_the_limit();
    selected.detail.log = Some(0);
    for (width, height) in [(200, 60), (120, 40), (80, 24)] {
        let text = screen(&selected, width, height);
        assert!(text.contains("END-OF-NOTE"), "the end of the selected contact shows at {width}×{height}:\n{text}");
    }
}

mod wrapping {
    use proptest::prelude::*;
    use ratatui::style::Style;
    use unicode_width::UnicodeWidthStr;

    use super::super::{wrap_indented, wrap_indented_rows, wrap_styled, wrap_styled_rows};

    /// Spaces before a row's first word that leave no room for its first letter are dropped
    /// rather than pushing the word past the edge, and no row is wider than the width.
    #[test]
    fn spaces_that_fill_a_row_before_a_word_are_dropped() {
        for spaces in [10, 11, 12, 25] {
            let text = format!("{}ab", " ".repeat(spaces));
            for max_rows in [1, 3, usize::MAX] {
                let rows = wrap_styled_rows(&[(text.clone(), Style::new())], 10, 0, max_rows);
                let shown: Vec<String> = rows.iter().map(|l| l.to_string()).collect();
                assert_eq!(shown, ["ab"], "{spaces} spaces, {max_rows} rows");
            }
        }
        let rows = wrap_styled(&[("          世".to_string(), Style::new())], 11, 0);
        let shown: Vec<String> = rows.iter().map(|l| l.to_string()).collect();
        assert_eq!(shown, ["世"], "a letter two columns wide after spaces that leave one");
        let rows = wrap_styled(&[("         ab".to_string(), Style::new())], 10, 0);
        let shown: Vec<String> = rows.iter().map(|l| l.to_string()).collect();
        assert_eq!(shown, ["         a", "b"], "spaces that leave room are kept, and the word cut");
    }

    proptest! {
        /// Wrapping only as many rows as are shown gives the first rows of the whole wrap, and no
        /// row is wider than the width (words too long for a row are cut).
        #[test]
        fn the_rows_shown_are_the_first_rows_of_the_whole_wrap(
            text in "([a-z]{1,30}|[ ]{1,3}|é|世){0,40}",
            width in 1usize..50,
            hanging in 0usize..8,
            max_rows in 0usize..12,
        ) {
            let segments = [(text.clone(), Style::new())];
            let all = wrap_styled(&segments, width, hanging);
            let shown = wrap_styled_rows(&segments, width, hanging, max_rows);
            prop_assert_eq!(&shown[..], &all[..all.len().min(max_rows)]);
            let room = width.max(hanging + 10);
            prop_assert!(all.iter().all(|l| l.width() <= room), "{:?}", all);
            let words: Vec<&str> = text.split_whitespace().collect();
            let rows: Vec<String> = all.iter().map(|l| l.to_string()).collect();
            let rejoined: String = rows.iter().flat_map(|row| row.split_whitespace()).collect();
            prop_assert_eq!(rejoined, words.concat(), "nothing is lost");

            let all = wrap_indented(&text, width, hanging);
            let shown = wrap_indented_rows(&text, width, hanging, max_rows);
            prop_assert_eq!(&shown[..], &all[..all.len().min(max_rows)]);
            let room = hanging + width.saturating_sub(hanging).max(10);
            prop_assert!(all.iter().all(|l| l.width() <= room), "{:?}", all);
            let words: Vec<&str> = text.split_whitespace().collect();
            let rejoined: String = all.iter().flat_map(|l| l.split_whitespace()).collect();
            prop_assert_eq!(rejoined, words.concat(), "nothing is lost");
        }
    }
}
