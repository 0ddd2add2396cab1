//! The command palette: typing a command (Tab completes it), running it, answering an import's
//! preview, and the question before an export replaces a file.

use super::{Command, step};
use crate::tui::action::{Action, Input};
use crate::tui::app::App;
use crate::tui::overlay::Overlay;
use crate::tui::palette::{Palette, Request, complete, is_sync, parse};
use crate::tui::text_input::TextInput;

pub fn handle(app: &mut App, input: Input) -> Vec<Command> {
    match &mut app.overlay {
        Overlay::Palette(Palette::Prompt { input: text, .. }) => match input {
            Input::Text(edit) => text.apply(edit),
            Input::Action(Action::Complete) => {
                if let Some(done) = complete(text.text()) {
                    *text = TextInput::new(&done);
                }
            }
            Input::Action(Action::Cancel) => app.overlay.close(),
            Input::Action(Action::Submit) => return submit(app),
            Input::Action(_) => {}
        },
        Overlay::Palette(Palette::Preview { preview, scroll }) => match input {
            Input::Action(Action::Yes) => {
                let plan = preview.plan.clone();
                app.overlay.close();
                if plan.changes_anything() {
                    return vec![Command::Import(Box::new(plan))];
                }
                app.info("Nothing to import: the file holds nothing new.");
            }
            Input::Action(Action::No) => {
                app.overlay.close();
                app.info("Nothing was imported.");
            }
            Input::Action(action) => *scroll = step(*scroll, preview.lines.len(), action),
            Input::Text(_) => {}
        },
        Overlay::Palette(Palette::Overwrite { request, path }) => match input {
            Input::Action(Action::Yes) => {
                let mut request = request.clone();
                if let Request::Export { force, .. } = &mut request {
                    *force = true;
                }
                app.overlay.close();
                return vec![Command::Transfer(request)];
            }
            Input::Action(Action::No) => {
                let said = format!("Nothing was written: {path} is as it was.");
                app.overlay.close();
                app.info(said);
            }
            _ => {}
        },
        _ => {}
    }
    Vec::new()
}

/// Runs the line typed: the loop gets the command, and the palette stays until it reports (so that
/// a failure is shown whole in it, with the line to correct); or the palette says what is wrong
/// with the line, which stays to be corrected. An empty line just closes the palette.
fn submit(app: &mut App) -> Vec<Command> {
    let Some(Palette::Prompt { input: text, .. }) = app.overlay.palette() else { return Vec::new() };
    if text.text().trim().is_empty() {
        app.overlay.close();
        return Vec::new();
    }
    if app.sharing.is_some() && !app.read_only && is_sync(text.text()) {
        app.overlay.close();
        app.info("Syncing the shared plan now.");
        return vec![Command::SyncNow];
    }
    match parse(text.text(), app.open_seat().as_ref(), app.today) {
        Ok(crate::tui::palette::Request::Organisation) => {
            app.overlay.close();
            vec![Command::LoadOrganisation]
        }
        Ok(crate::tui::palette::Request::Search { text }) => super::search::open(app, None, &text),
        Ok(request) => {
            set_error(app, None);
            vec![Command::Transfer(request)]
        }
        Err(message) => {
            set_error(app, Some(message.clone()));
            app.error(message);
            Vec::new()
        }
    }
}

/// Shows `error` (or none) in the open prompt.
pub fn set_error(app: &mut App, error: Option<String>) {
    if let Overlay::Palette(Palette::Prompt { error: shown, .. }) = &mut app.overlay {
        *shown = error;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::transfer::{Export, Import, Plan, Preview};
    use crate::tui::action::TextEdit;
    use crate::tui::app::{Screen, Tone};
    use crate::tui::fixture;
    use crate::tui::keymap::key_event;
    use crate::tui::palette::Request;
    use crate::tui::press;
    use crate::tui::update::{Outcome, outcome};
    use std::path::PathBuf;

    /// Presses each key, as the keymap reads it, and returns the last key's commands.
    fn keys(app: &mut App, keys: &[&str]) -> Vec<Command> {
        keys.iter().flat_map(|k| press(app, &key_event(k))).collect()
    }

    fn typed(app: &mut App, text: &str) {
        for c in text.chars() {
            assert!(handle(app, Input::Text(TextEdit::Insert(c))).is_empty());
        }
    }

    fn prompt_text(app: &App) -> &str {
        match app.overlay.palette() {
            Some(Palette::Prompt { input, .. }) => input.text(),
            other => panic!("the prompt is open: {other:?}"),
        }
    }

    #[test]
    fn colon_opens_the_prompt_where_keys_type_and_esc_closes_it() {
        let mut app = fixture::app();
        assert!(keys(&mut app, &[":"]).is_empty());
        assert!(app.typing());
        keys(&mut app, &["q", "u", "tab"]);
        assert_eq!(prompt_text(&app), "qu", "q and u are text here, and nothing completes qu");
        assert!(!app.quit);
        keys(&mut app, &["backspace", "backspace", "e", "x", "tab", "c", "tab"]);
        assert_eq!(prompt_text(&app), "export csv ");
        assert!(keys(&mut app, &["esc"]).is_empty());
        assert!(app.overlay.palette().is_none() && !app.typing());
    }

    #[test]
    fn enter_hands_the_command_to_the_loop_and_the_palette_closes_when_it_is_done() {
        let mut app = fixture::app();
        keys(&mut app, &[":"]);
        typed(&mut app, "export ics ~/calendar.ics");
        let commands = keys(&mut app, &["enter"]);
        let export = Request::Export {
            export: Export::Ics { from: None, to: None },
            file: "~/calendar.ics".into(),
            force: false,
        };
        assert_eq!(commands, [Command::Transfer(export)]);
        assert_eq!(prompt_text(&app), "export ics ~/calendar.ics", "the line stays until the loop reports");
        let path = PathBuf::from("/home/me/calendar.ics");
        assert!(outcome(&mut app, Outcome::Exported { what: "calendar".into(), path }).is_empty());
        assert!(app.overlay.palette().is_none());
        assert_eq!(app.status.unwrap().text, "The calendar is in /home/me/calendar.ics.");
    }

    #[test]
    fn import_json_with_replace_restores_over_the_data_from_the_file_named() {
        let mut app = fixture::app();
        keys(&mut app, &[":"]);
        typed(&mut app, "import json ~/backup.json --replace");
        let commands = keys(&mut app, &["enter"]);
        let restore = Request::Import { import: Import::Json { replace: true }, file: "~/backup.json".into() };
        assert_eq!(commands, [Command::Transfer(restore)]);
        keys(&mut app, &["ctrl-u"]);
        typed(&mut app, "import json ~/backup.json");
        let plain = Request::Import { import: Import::Json { replace: false }, file: "~/backup.json".into() };
        assert_eq!(keys(&mut app, &["enter"]), [Command::Transfer(plain)]);
    }

    #[test]
    fn an_export_over_an_existing_file_asks_and_yes_writes_it_with_force() {
        let mut app = fixture::app();
        keys(&mut app, &[":"]);
        typed(&mut app, "export json b.json");
        let [Command::Transfer(request)] = &keys(&mut app, &["enter"])[..] else { panic!("a transfer") };
        let request = request.clone();
        let path = PathBuf::from("/docs/b.json");
        let exists = Outcome::ExportExists { request: request.clone(), path: path.clone() };
        assert!(outcome(&mut app, exists.clone()).is_empty());
        assert_eq!(
            app.overlay.palette(),
            Some(&Palette::Overwrite { request: request.clone(), path: "/docs/b.json".into() })
        );
        assert_eq!(app.scopes()[0], crate::tui::keymap::Scope::Confirm);
        assert!(!app.typing(), "y and n are answers");
        assert!(keys(&mut app, &["x", "j"]).is_empty(), "other keys wait for an answer");
        assert!(app.overlay.palette().is_some());

        let forced = Request::Export { export: Export::Json, file: "b.json".into(), force: true };
        assert_eq!(keys(&mut app, &["y"]), [Command::Transfer(forced.clone())]);
        assert!(app.overlay.palette().is_none());

        outcome(&mut app, exists.clone());
        assert_eq!(keys(&mut app, &["enter"]), [Command::Transfer(forced)], "Enter is yes, as in every question");

        outcome(&mut app, exists);
        assert!(keys(&mut app, &["n"]).is_empty());
        assert!(app.overlay.palette().is_none());
        let status = app.status.clone().unwrap();
        assert_eq!(
            (status.tone, status.text.as_str()),
            (Tone::Info, "Nothing was written: /docs/b.json is as it was.")
        );
    }

    #[test]
    fn a_failed_command_is_shown_whole_in_the_palette_with_the_line_to_correct() {
        let mut app = fixture::app();
        keys(&mut app, &[":"]);
        typed(&mut app, "import mps ~/missing.csv");
        assert_eq!(keys(&mut app, &["enter"]).len(), 1);
        let long = "cannot read /home/someone/with/a/rather/long/path/to/the/file/missing.csv: there is no such \
                    file; check the name and the folder, then run the command again (the end of the message)";
        outcome(&mut app, Outcome::Problem(long.into()));
        let Some(Palette::Prompt { input, error }) = app.overlay.palette() else { panic!("{:?}", app.overlay) };
        assert_eq!((input.text(), error.as_deref()), ("import mps ~/missing.csv", Some(long)));
        assert_eq!(app.status.clone().unwrap().tone, Tone::Error);
        let shown = fixture::screen(&app, 80, 24);
        assert!(shown.contains("(the end of the message)"), "the whole message, wrapped:\n{shown}");
        assert!(shown.contains("cannot read /home/someone/with/a/rather/long/path"), "{shown}");

        // A mistake in the line itself is shown the same way; running it again clears it.
        keys(&mut app, &["ctrl-u"]);
        typed(&mut app, "import json b.json --force");
        assert!(keys(&mut app, &["enter"]).is_empty());
        let Some(Palette::Prompt { error, .. }) = app.overlay.palette() else { panic!("{:?}", app.overlay) };
        assert_eq!(error.as_deref(), Some("import json has no option --force: it takes --replace"));
        assert!(fixture::screen(&app, 80, 24).contains("import json has no option --force: it takes --replace"));
        keys(&mut app, &["ctrl-u"]);
        typed(&mut app, "import json b.json");
        assert_eq!(keys(&mut app, &["enter"]).len(), 1);
        let Some(Palette::Prompt { error, .. }) = app.overlay.palette() else { panic!("{:?}", app.overlay) };
        assert_eq!(error, &None);
    }

    #[test]
    fn import_ics_is_for_the_mp_open_on_the_detail_screen() {
        let mut app = fixture::busy_app();
        app.screen = Screen::Week;
        keys(&mut app, &[":"]);
        typed(&mut app, "import ics meetings.ics");
        let commands = keys(&mut app, &["enter"]);
        let seat = app.open_seat().expect("Leeds South is open");
        assert_eq!(seat.describe(), "Leeds South (Hilary Benn)");
        let import = Import::Events(crate::shared::transfer::EventImport::for_seat(seat, app.today));
        let request = Request::Import { import, file: "meetings.ics".into() };
        assert_eq!(commands, [Command::Transfer(request)]);
    }

    #[test]
    fn an_unknown_command_is_an_error_and_the_line_stays() {
        let mut app = fixture::app();
        keys(&mut app, &[":"]);
        typed(&mut app, "frobnicate x");
        assert!(keys(&mut app, &["enter"]).is_empty());
        let status = app.status.clone().unwrap();
        assert_eq!(status.tone, Tone::Error);
        assert!(
            status.text.starts_with("\"frobnicate x\" is not a command; the commands are export"),
            "{}",
            status.text
        );
        assert_eq!(prompt_text(&app), "frobnicate x");
        keys(&mut app, &["ctrl-u", "enter"]);
        assert!(app.overlay.palette().is_none(), "an empty line closes the palette");
    }

    fn previewing(plan: Plan) -> App {
        let mut app = fixture::app();
        let lines = (1..=30).map(|i| format!("line {i}")).collect();
        app.overlay = Overlay::Palette(Palette::Preview { preview: Preview { lines, plan }, scroll: 0 });
        app
    }

    fn calendar_plan(new: bool) -> Plan {
        let recess = crate::domain::calendar::Period {
            name: "February recess".into(),
            first: fixture::d("2027-02-12"),
            last: fixture::d("2027-02-21"),
        };
        let mut plan = crate::domain::reference::calendar_file::plan(Default::default(), &[], &[]);
        if new {
            plan.add_recesses.push(recess);
        }
        Plan::Calendar(plan)
    }

    #[test]
    fn the_preview_scrolls_then_y_applies_and_n_cancels() {
        let mut app = previewing(calendar_plan(true));
        assert!(!app.typing(), "y and n are answers, not text");
        keys(&mut app, &["j", "down", "pgdn", "k"]);
        assert!(matches!(app.overlay, Overlay::Palette(Palette::Preview { scroll: 11, .. })), "{:?}", app.overlay);
        assert_eq!(keys(&mut app, &["y"]), [Command::Import(Box::new(calendar_plan(true)))]);
        assert!(app.overlay.palette().is_none());

        let mut app = previewing(calendar_plan(true));
        assert!(keys(&mut app, &["n"]).is_empty());
        assert_eq!(
            (app.overlay.palette().is_none(), app.status.unwrap().text.as_str()),
            (true, "Nothing was imported.")
        );
        let mut app = previewing(calendar_plan(true));
        assert!(keys(&mut app, &["esc"]).is_empty() && app.overlay.palette().is_none());
    }

    #[test]
    fn a_preview_with_nothing_new_imports_nothing() {
        let mut app = previewing(calendar_plan(false));
        assert!(keys(&mut app, &["y"]).is_empty());
        assert_eq!(app.status.unwrap().text, "Nothing to import: the file holds nothing new.");
    }
}
