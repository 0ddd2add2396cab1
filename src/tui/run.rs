//! The event loop: draw, wait for a key (or a second), update, carry out the commands. It is the
//! only part of the UI that does I/O: the terminal, the store and the clock.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use crossterm::event::{self, Event};
use ratatui::layout::Rect;

use super::app::{App, Landing};
use super::apply::apply;
use super::background_sync::{self, Worker};
use super::documents::{self, NotExported, Places};
use super::form::Form;
use super::invalidation::Touched;
use super::keymap::{Key, Keymap};
use super::load::Read;
use super::palette::Request;
use super::sharing::Sharing;
use super::theme::Theme;
use super::update::{self, Command, NotSaved, Outcome};
use super::{load, view};
use crate::domain::mps::postcode::Postcode;
use crate::domain::paperwork::letter;
use crate::shared::sync::Connect;
use crate::shared::transfer::{Plan, Preview};
use crate::store::{Store, StoreError};

mod last_screen;
mod screen;

use screen::Screen;
pub use screen::{Shown, show_last_screen};

/// Why the UI stopped other than the user quitting.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the terminal failed: {0}")]
    Terminal(#[from] io::Error),
}

/// How often the loop wakes when nothing happens, to notice other writers and a new day.
const TICK: Duration = Duration::from_millis(500);

/// The most events read and handled between two frames. A paste arrives as one key event per
/// character: handled together they make one frame instead of one each, and a Ctrl-C typed after
/// them is read with them rather than after a frame for every character before it.
const BATCH: usize = 4096;

/// How long the loop waits for another event of a batch (crossterm reads the terminal in a way
/// that does not give events already read with a zero wait).
const BATCH_WAIT: Duration = Duration::from_millis(1);

/// What the UI starts from besides the store.
pub struct Start<'a> {
    /// The database's file, and the log beside it.
    pub db: &'a Path,
    pub log: &'a Path,
    /// The key settings (config.toml), when there is a place for them.
    pub config: Option<PathBuf>,
    /// What opening the database had to say, for the status line.
    pub notices: Vec<String>,
    /// The terminal already taken over, with the last opening screen on it.
    pub shown: Option<Shown>,
}

/// Runs the UI until the user quits. `today` is asked again on every wake, so the screens roll
/// over at midnight. With `connect` (the plan is shared) the plan is synced in the background on
/// starting, every few minutes and once more on quitting. On quitting, the opening screen is kept
/// for the next start.
pub fn run(
    mut store: Store,
    start: Start,
    today: impl Fn() -> NaiveDate,
    connect: Option<Connect>,
) -> Result<(), UiError> {
    let Start { db, log, config, notices, shown } = start;
    let (keymap, config_error) = keymap(config.as_deref());
    let user = directories::UserDirs::new();
    let places = Places {
        config_dir: config.as_deref().and_then(Path::parent).map(Path::to_path_buf),
        documents: crate::shared::places::documents_dir_for(db),
        home: user.map(|u| u.home_dir().to_path_buf()),
    };
    let theme = Theme::from_env();
    let window = crossterm::terminal::size().ok().map(|(width, height)| Rect::new(0, 0, width, height));
    let (mut app, first_only) = opening(&store, today(), keymap.clone(), theme, config_error.clone(), notices, window)?;
    install_panic_hook(log.to_path_buf());
    // Only a shared plan, open for writing, syncs.
    let worker = connect
        .filter(|_| app.sharing.is_some() && !app.read_only)
        .map(|connect| Worker::start(db, connect, background_sync::EVERY));
    let mut terminal = match shown {
        Some(shown) => shown.into_screen()?,
        None => screen::enter()?,
    };
    let result = first_frame(&mut terminal, &store, &mut app, first_only)
        .and_then(|()| event_loop(&mut terminal, &mut store, &mut app, &today, &places, worker.as_ref()));
    if let Some(worker) = worker {
        // Ctrl-C quits at once; quitting otherwise waits a little for the last sync, drawn.
        if result.is_ok() && app.quit {
            worker.finish(background_sync::LAST_WAIT, |report| {
                update::outcome(&mut app, Outcome::Synced(report));
                let _ = terminal.draw(|frame| view::render(&app, frame));
            });
        }
    }
    ratatui::restore();
    if result.is_ok() {
        let day = today();
        last_screen::keep_for_next_start(store, db, config.as_deref(), keymap, theme, config_error, day);
    }
    result
}

/// The state the UI opens in on `day`, with the notices on its status line, and whether it was
/// read only as far as the first frame in `window` (the terminal's size, when known) needs: when
/// the first conflicts ahead are all it shows, the rest is read once it is drawn ([`open_rest`]);
/// otherwise everything is read now.
fn opening(
    store: &Store,
    day: NaiveDate,
    keymap: Keymap,
    theme: Theme,
    config_error: Option<String>,
    notices: Vec<String>,
    window: Option<Rect>,
) -> Result<(App, bool), StoreError> {
    let (mut app, rest) = match open_first(store, day, keymap.clone(), theme)? {
        Some(app) => (app, true),
        None => (open(store, day, keymap, theme)?, false),
    };
    greet(&mut app, config_error, notices);
    let first_only = rest && window.is_some_and(|area| view::first_frame_holds(&app, area));
    if rest && !first_only {
        open_rest(store, &mut app)?;
    }
    Ok((app, first_only))
}

/// Draws the first frame and, when it was drawn from the first conflicts alone (`first_only`),
/// reads the rest before any key is handled; keys pressed meanwhile wait in the terminal.
fn first_frame(terminal: &mut Screen, store: &Store, app: &mut App, first_only: bool) -> Result<(), UiError> {
    terminal.draw(|frame| view::render(app, frame))?;
    if first_only {
        screen::let_the_terminal_draw();
        open_rest(store, app)?;
    }
    Ok(())
}

fn event_loop(
    terminal: &mut Screen,
    store: &mut Store,
    app: &mut App,
    today: impl Fn() -> NaiveDate,
    places: &Places,
    worker: Option<&Worker>,
) -> Result<(), UiError> {
    let mut version = store.data_version()?;
    let mut dirty = true;
    while !app.quit {
        if dirty {
            terminal.draw(|frame| view::render(app, frame))?;
            dirty = false;
        }
        if event::poll(TICK)? {
            let mut events = vec![event::read()?];
            while events.len() < BATCH && event::poll(BATCH_WAIT)? {
                events.push(event::read()?);
            }
            if force_quit_in(app, &events) {
                return Ok(());
            }
            for event in events {
                match event {
                    Event::Key(key) => {
                        panic_if_asked(&key);
                        let form = app.overlay.form().cloned();
                        let commands = press(app, &key);
                        if let Some(worker) = worker.filter(|_| commands.contains(&Command::SyncNow)) {
                            worker.sync_now();
                        }
                        execute(store, app, commands, form, places);
                        dirty = true;
                    }
                    Event::Resize(..) | Event::FocusGained => dirty = true,
                    _ => {}
                }
                if app.quit {
                    return Ok(());
                }
            }
        }
        let day = today();
        if day != app.today {
            roll_over(store, app, day);
            dirty = true;
        }
        dirty |= notice(store, app, worker, &mut version)?;
    }
    Ok(())
}

/// Takes in what the background sync reported, then, if another connection (the sync, another
/// program) changed the database since `version`, reads everything again. Returns whether the
/// screen changed.
fn notice(store: &Store, app: &mut App, worker: Option<&Worker>, version: &mut i64) -> Result<bool, UiError> {
    let reports = worker.map(Worker::reports).unwrap_or_default();
    let mut changed = !reports.is_empty();
    for report in reports {
        update::outcome(app, Outcome::Synced(report));
    }
    let now = store.data_version()?;
    if now != *version {
        *version = now;
        reload_everything(store, app);
        changed = true;
    }
    Ok(changed)
}

/// Carries out what `update` asked for, reporting what came of each command to `update`, then
/// reads again what the changes made touched (and what a form just opened needs). A failed write
/// is a message on the status line and the form being edited (if any) is put back, so nothing
/// typed is lost.
fn execute(store: &mut Store, app: &mut App, commands: Vec<Command>, form_before: Option<Form>, places: &Places) {
    let mut touched = Touched::NOTHING;
    let mut queue: std::collections::VecDeque<Command> = commands.into();
    while let Some(command) = queue.pop_front() {
        let not_saved = |e: StoreError| {
            tracing::warn!(error = %e, "a change could not be saved");
            NotSaved { error: e.to_string(), form: form_before.clone() }
        };
        let said = match command {
            Command::Apply(change) => match apply(store, &change, app.today) {
                Ok(applied) => {
                    touched = touched | Touched::of(&applied);
                    Outcome::Applied(applied)
                }
                Err(e) => Outcome::NotSaved(not_saved(e)),
            },
            Command::Undo => match app.history.done.last() {
                Some(change) => match apply(store, &change.inverse(), app.today) {
                    Ok(undone) => {
                        touched = touched | Touched::of(&undone);
                        Outcome::Undone(change.clone())
                    }
                    Err(e) => Outcome::UndoFailed(not_saved(e)),
                },
                None => Outcome::NothingToUndo,
            },
            Command::Redo => match app.history.undone.last() {
                Some(change) => match apply(store, change, app.today) {
                    Ok(applied) => {
                        touched = touched | Touched::of(&applied);
                        Outcome::Redone(applied)
                    }
                    Err(e) => Outcome::RedoFailed(not_saved(e)),
                },
                None => Outcome::NothingToRedo,
            },
            Command::LoadDetail(code) => {
                // Remembered for the next run; a database open only for reading keeps nothing.
                if let Err(e) = store.remember_opened_mp(&code) {
                    tracing::debug!(error = %e, "the MP opened is not remembered");
                }
                // The seat `update` has just opened: read with what the other commands touched.
                if app.detail.code.as_deref() == Some(code.as_str()) {
                    touched = touched | Touched::DETAIL;
                    continue;
                }
                match load::detail(store, &code) {
                    Ok(detail) => Outcome::Read(Read { detail: Some(detail), stale: app.stale, ..Read::default() }),
                    Err(e) => Outcome::NotSaved(not_saved(e)),
                }
            }
            Command::LoadWeek(monday) if monday == app.week.monday => {
                touched = touched | Touched::WEEK;
                continue;
            }
            Command::LoadWeek(monday) => match load::week(store, monday) {
                Ok(week) => Outcome::Read(Read { week: Some(week), stale: app.stale, ..Read::default() }),
                Err(e) => Outcome::NotSaved(not_saved(e)),
            },
            Command::LookupPostcode(text) => Outcome::PostcodeFound(lookup(store, &text)),
            Command::Search { text, within } => match store.search(&text, within.as_deref()) {
                Ok(found) => Outcome::Found { text, found },
                Err(e) => Outcome::Problem(format!("The search failed: {e}")),
            },
            Command::Write(document, code) => match documents::write(store, document, &code, app.today, places) {
                Ok(path) => {
                    let placeholders = !matches!(document, update::Document::Invite(_))
                        && store.organisation().is_ok_and(|org| letter::organisation_unset(&org));
                    Outcome::Written { document, code, path, placeholders }
                }
                Err(message) => Outcome::Problem(message),
            },
            Command::LoadOrganisation => organisation(store),
            Command::LoadMonth(first) => match load::month(store, first) {
                Ok(busy) => Outcome::Month { first, busy },
                Err(e) => Outcome::Problem(format!("Could not read the month: {e}")),
            },
            Command::Transfer(request) => transfer(store, request, app.today, places),
            Command::Import(plan) => match crate::shared::transfer::apply_keeping_copy(store, &plan, app.today) {
                Ok(said) => {
                    queue.extend(update::outcome(app, Outcome::Imported(said)));
                    reload_everything(store, app);
                    continue;
                }
                Err(e) => Outcome::Problem(e.to_string()),
            },
            Command::Quit | Command::SyncNow => continue,
        };
        queue.extend(update::outcome(app, said));
    }
    reload(store, app, touched);
}

/// The organisation's details and sites, for its form.
fn organisation(store: &Store) -> Outcome {
    Outcome::Organisation(store.organisation().and_then(|org| Ok((org, store.sites()?))).map_err(|e| e.to_string()))
}

/// The clock has passed midnight: what depends on today is read again for the new day.
fn roll_over(store: &Store, app: &mut App, day: NaiveDate) {
    update::outcome(app, Outcome::NewDay(day));
    reload(store, app, Touched::NEW_DAY);
}

/// Reads again the parts named (and what an open form needs); a failure is a status message.
fn reload(store: &Store, app: &mut App, parts: Touched) {
    let said = match load::reload(store, app, parts) {
        Ok(read) => Outcome::Read(read),
        Err(e) => Outcome::NotRead { error: e.to_string(), stale: load::marked(app, parts) },
    };
    update::outcome(app, said);
}

/// Reads again the parts named and puts them in place, as the loop does after a change: for
/// benchmarks.
pub fn reread(store: &Store, app: &mut App, parts: Touched) -> Result<(), StoreError> {
    let read = load::reload(store, app, parts)?;
    update::outcome(app, Outcome::Read(read));
    Ok(())
}

/// What a postcode finds, or why it finds nothing.
fn lookup(store: &Store, text: &str) -> Result<crate::domain::views::PostcodeLookup, String> {
    Postcode::parse(text).map_err(|e| e.to_string()).and_then(|p| store.lookup_postcode(&p).map_err(|e| e.to_string()))
}

/// Carries out a command from the palette: an export is written at once (never over a file); an
/// import is read and compared with the database, and its preview shown.
fn transfer(store: &Store, request: Request, today: NaiveDate, places: &Places) -> Outcome {
    let preview = match request {
        Request::Export { export, file, force } => {
            return match documents::export(store, export, &file, today, places, force) {
                Ok(path) => Outcome::Exported { what: export.what().to_string(), path },
                Err(NotExported::Exists(path)) => {
                    Outcome::ExportExists { request: Request::Export { export, file, force }, path }
                }
                Err(NotExported::Failed(message)) => Outcome::Problem(message),
            };
        }
        Request::Update { from } => from
            .map(|folder| documents::resolve(&folder, places))
            .transpose()
            .and_then(|folder| update_preview(store, folder.as_deref(), today)),
        Request::Import { import, file } => documents::resolve(&file, places)
            .and_then(|path| crate::shared::transfer::preview(store, &import, &path, today).map_err(|e| e.to_string())),
        Request::Organisation => return organisation(store),
        // The palette opens a search over the screen itself (`update::search`); here it is searched
        // all the same.
        Request::Search { text } => {
            return Outcome::Found { found: store.search(&text, None).unwrap_or_default(), text };
        }
    };
    match preview {
        Ok(preview) => Outcome::Preview(preview),
        Err(message) => Outcome::Problem(message),
    }
}

/// Reads the feeds (or the files in `folder`) and plans the update, as `mpplan update` does; the
/// screen waits while they are read.
fn update_preview(store: &Store, folder: Option<&Path>, today: NaiveDate) -> Result<Preview, String> {
    use crate::shared::fetch::{Quiet, dir::DirFetch, http::HttpFetch};
    let (mut fetch, origin): (Box<dyn crate::shared::fetch::Fetch>, String) = match folder {
        Some(dir) => (Box::new(DirFetch::open(dir).map_err(|e| e.to_string())?), dir.display().to_string()),
        None => (Box::new(HttpFetch::new(Duration::from_secs(30))), "network".to_string()),
    };
    let feeds = crate::shared::fetch::Feeds::from_env();
    let prepared = crate::shared::fetch::prepare(store, fetch.as_mut(), &origin, &feeds, today, &mut Quiet)
        .map_err(|e| e.to_string())?;
    Ok(Preview { lines: prepared.lines(), plan: Plan::Update(Box::new(prepared)) })
}

/// Another process changed the database: read it all again, calendar included.
fn reload_everything(store: &Store, app: &mut App) {
    let said = match load::everything(store, app) {
        Ok(read) => Outcome::Read(read),
        Err(e) => Outcome::NotRead { error: e.to_string(), stale: load::marked(app, Touched::EVERYTHING) },
    };
    update::outcome(app, said);
}

/// The UI's state for a store, loaded and ready for its first frame: what every screen may need,
/// and of the rest only what the first screen shows (the agenda, when it is Today).
pub fn open(store: &Store, today: NaiveDate, keymap: Keymap, theme: Theme) -> Result<App, StoreError> {
    let mut app = App::new(load::always(store, today, None)?, today, keymap, theme);
    settle(store, &mut app)?;
    let read = load::needed(store, &app)?;
    with_last_opened(store, &mut app, read)?;
    Ok(app)
}

/// When something is tracked, the UI's state with only what the first frame of the Today screen
/// may need ([`load::first`]), for [`open_rest`] to complete; otherwise None (the MPs screen opens,
/// and [`open`] reads what it needs).
pub fn open_first(store: &Store, today: NaiveDate, keymap: Keymap, theme: Theme) -> Result<Option<App>, StoreError> {
    let Some(data) = load::first(store, today)? else { return Ok(None) };
    let mut app = App::opening(data, today, keymap, theme, true);
    settle(store, &mut app)?;
    Ok(Some(app))
}

/// Reads what [`open_first`] left: the MP list, the whole agenda and the MP last opened.
pub fn open_rest(store: &Store, app: &mut App) -> Result<(), StoreError> {
    let read = Read { mps: Some(load::mps(store)?), ..load::needed(store, app)? };
    with_last_opened(store, app, read)
}

/// Whether the store can be written, and whether the plan is shared; the parts only one screen
/// uses left to be read when it opens.
fn settle(store: &Store, app: &mut App) -> Result<(), StoreError> {
    app.read_only = store.is_read_only();
    app.sharing = Sharing::of(&store.sync_status()?);
    app.stale = load::ON_DEMAND;
    Ok(())
}

/// Puts `read` in place, with the MP last opened there again, on its next step, for the key that
/// shows the detail.
fn with_last_opened(store: &Store, app: &mut App, mut read: Read) -> Result<(), StoreError> {
    if let Some(code) = store.last_opened_mp()?
        && let Some(detail) = load::detail(store, &code)?
    {
        app.detail.code = Some(code);
        app.detail.landing = Some(Landing::NextStep);
        read.detail = Some(Some(detail));
    }
    update::outcome(app, Outcome::Read(read));
    Ok(())
}

/// What the status line says as the screens open: a config file that could not be used, or, more
/// important and so shown over it, what was found on opening the database (that it is damaged,
/// and so today's copy was not made).
fn greet(app: &mut App, config_error: Option<String>, notices: Vec<String>) {
    if let Some(e) = config_error {
        update::outcome(app, Outcome::Problem(format!("Default keys in use: {e}")));
    }
    for notice in notices {
        update::outcome(app, Outcome::Problem(notice));
    }
}

/// What a key event does to the state (through the keymap and `update`), without carrying out
/// the commands: for benchmarks and tests.
pub fn press(app: &mut App, key: &crossterm::event::KeyEvent) -> Vec<Command> {
    match app.keymap.event(&app.scopes(), key, app.typing()) {
        Some(input) => update::update(app, input),
        None => Vec::new(),
    }
}

/// Whether `events` hold the key that quits at once (Ctrl-C): it is acted on before the keys
/// read with it, whatever they are and whatever the screen shows.
fn force_quit_in(app: &App, events: &[Event]) -> bool {
    use super::action::{Action, Input};
    use super::keymap::Scope;
    events.iter().any(|e| {
        matches!(e, Event::Key(key)
            if app.keymap.event(&[Scope::Always], key, false) == Some(Input::Action(Action::ForceQuit)))
    })
}

/// The keymap from config.toml if there is one; a bad file leaves the defaults and an error to show.
fn keymap(path: Option<&Path>) -> (Keymap, Option<String>) {
    let Some(path) = path else { return (Keymap::default(), None) };
    match std::fs::read_to_string(path) {
        Ok(text) => match Keymap::with_config(&text, path) {
            Ok(map) => (map, None),
            Err(e) => (Keymap::default(), Some(e.to_string())),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => (Keymap::default(), None),
        Err(e) => (Keymap::default(), Some(format!("{}: {e}", path.display()))),
    }
}

/// For the end-to-end test of terminal restoration only: with MPPLAN_TEST_PANIC_KEY set to a key
/// written as in config.toml ("%"), pressing that key panics. Nothing else reads this variable. It
/// is not a binding (no action, nothing to rebind), so it is read with the keymap's own reader
/// rather than added to the table.
fn panic_if_asked(key: &crossterm::event::KeyEvent) {
    let asked = std::env::var("MPPLAN_TEST_PANIC_KEY").ok().and_then(|k| Key::parse(k.trim()).ok());
    if let Some(wanted) = asked {
        assert_ne!(Key::from_event(key), wanted, "test-only panic (MPPLAN_TEST_PANIC_KEY)");
    }
}

/// On a panic: the terminal is restored first (ratatui's own hook, installed after this one, runs
/// before it), then one message with the log file's path; the details go to the log.
fn install_panic_hook(log: PathBuf) {
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!(%info, "panic");
        let log = crate::domain::text::printable(&log.display().to_string()).into_owned();
        let _ = writeln!(
            io::stderr().lock(),
            "mpplan hit an internal error and closed; your data is safe. Details are in {log}"
        );
    }));
}

#[cfg(test)]
mod run_tests;

#[cfg(test)]
mod palette_tests;

#[cfg(test)]
mod reload_tests;

#[cfg(test)]
mod undo_tests;

#[cfg(test)]
mod paperwork_tests;

#[cfg(test)]
mod sync_tests;
