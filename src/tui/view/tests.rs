//! Snapshots of every screen at 120×40 and 80×24 on fixture data, and a sweep of sizes that must
//! never panic.

use crate::tui::app::{App, PostcodePrompt, Screen};
use crate::tui::fixture::{self, screen};

fn on(screen: Screen) -> App {
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
        help.help = Some(0);
        insta::assert_snapshot!(format!("help_{width}x{height}"), screen(&help, width, height));
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
    assert!(today.contains("2.2") && today.contains("Calendar data"), "{today}");
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
    help.help = Some(3);
    apps.push(help);
    let mut postcode = on(Screen::Mps);
    postcode.mps.postcode = Some(PostcodePrompt::default());
    apps.push(postcode);
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
