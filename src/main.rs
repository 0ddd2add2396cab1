//! mpplan's entry point: parse the command line, start logging to a file, run a subcommand.
#![cfg_attr(all(target_os = "linux", target_env = "gnu", not(test)), no_main)]

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDate;
use clap::{CommandFactory, Parser};

use mpplan::cli::{self, Cli, CliError, Command, Context, Terminal};
use mpplan::data;
use mpplan::domain::text::printable;
use mpplan::store::{Access, Store};
use mpplan::tui::Shown;

/// The entry point on Linux with glibc, in place of Rust's own start-up (`no_main`), which before
/// `main` finds the main thread's stack by reading and parsing `/proc/self/maps` and sets up a
/// handler for stack overflows: some twenty system calls and a tenth of a million instructions,
/// 2–3% of a short command's time (BENCHMARKS.md, issue 19). What mpplan relies on of it is done
/// here: standard input, output and error are open; a closed pipe is an error to handle rather
/// than a signal that kills the process; a panic ends the process with code 101. (glibc hands the
/// arguments to Rust's `std::env` itself.) A stack overflow still ends the process, with the
/// system's "Segmentation fault" rather than Rust's message.
#[cfg(all(target_os = "linux", target_env = "gnu", not(test)))]
#[unsafe(no_mangle)]
extern "C" fn main(_argc: std::ffi::c_int, _argv: *const *const std::ffi::c_char) -> std::ffi::c_int {
    standard_streams_open();
    // SAFETY: setting a signal's disposition to "ignore", before any other thread exists.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    // `program` ends the process itself; it comes back only by a panic (which may not unwind out
    // of this function), its message already out.
    let _ = std::panic::catch_unwind(program);
    end(101)
}

#[cfg(not(all(target_os = "linux", target_env = "gnu", not(test))))]
fn main() {
    program()
}

/// Ends the process with `code`, from where the output buffer is still held. The output is flushed
/// and the database closed by then (inside `run`): the process ends without freeing the buffer,
/// which made the allocator tidy its whole heap first, a fortieth of a short command's work. The
/// system takes the memory back at once.
fn end(code: i32) -> ! {
    std::process::exit(code)
}

/// Any of standard input, output and error that is closed is opened on /dev/null, so that no file
/// mpplan opens takes its number (the output would go into it) and writing to it succeeds.
#[cfg(all(target_os = "linux", target_env = "gnu", not(test)))]
fn standard_streams_open() {
    for fd in 0..=2 {
        // SAFETY: fcntl(F_GETFD) only asks about the descriptor.
        let closed = unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1;
        if closed {
            // SAFETY: a path that is a NUL-terminated literal. Opening takes the lowest free
            // number, which is `fd` (the lower ones are open by now).
            unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) };
        }
    }
}

/// How much output is gathered before it is written.
const OUTPUT_BUFFER: usize = 64 * 1024;

/// The program, to its end: [`end`] with its exit code.
fn program() {
    let kept = show_kept_screen();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            drop(kept);
            end(clap_error(e));
        }
    };
    // Everything a command prints goes through one writer that shows control characters escaped,
    // so that no stored text can send an escape sequence to the terminal, whatever the command.
    // Output goes out in large writes, not one system call per line (stdout is line-buffered even
    // into a pipe). Commands that must show something at once flush it themselves: a question
    // before its answer is read, each id the crash test waits for.
    let mut out = Terminal::new(io::BufWriter::with_capacity(OUTPUT_BUFFER, io::stdout().lock()));
    let mut warnings = Vec::new();
    let result = run(cli, kept, &mut out, &mut warnings);
    // Whatever was written goes out before an error message, so that the two arrive in order.
    let flushed = out.flush().map_err(CliError::from);
    let result = result.and(flushed);
    // A warning that the database is damaged is not repeated when the error says so already.
    if !matches!(&result, Err(CliError::Runtime(m)) if warnings.iter().any(|w| same_advice(w, m))) {
        for warning in &warnings {
            let _ = writeln!(io::stderr().lock(), "warning: {}", printable(warning));
        }
    }
    end(match result {
        Ok(()) => 0,
        Err(CliError::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            tracing::warn!(error = %e, "command failed");
            say_error(&e.to_string());
            e.exit_code()
        }
    })
}

/// Whether two lines end with the same advice about a damaged database (what follows the first ";").
fn same_advice(a: &str, b: &str) -> bool {
    matches!((a.split_once("; "), b.split_once("; ")), (Some((_, a)), Some((_, b))) if a == b)
}

/// The screen the UI kept when it last closed, shown at once when the command line asks for the
/// screens and nothing else (see `tui::show_last_screen`): before the command line is parsed,
/// which took half a millisecond, so the first frame is there within a millisecond or two of
/// starting. With the database it was shown for.
fn show_kept_screen() -> Option<(PathBuf, Shown)> {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    let db = cli::screens_only_db(&args)?;
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return None;
    }
    let shown = mpplan::tui::show_last_screen(&db, cli::config_path().as_deref(), today().ok()?)?;
    Some((db, shown))
}

fn run(
    cli: Cli,
    kept: Option<(PathBuf, Shown)>,
    out: &mut dyn Write,
    warnings: &mut Vec<String>,
) -> Result<(), CliError> {
    if let Some(command) = cli.command.as_ref().filter(|c| !c.needs_db()) {
        return cli::run_without_store(command, cli.db.as_deref(), today, out);
    }
    let db_path = match cli.db.clone() {
        Some(path) => path,
        None => cli::default_db_path()?,
    };
    let named = cli.db.as_deref();
    // The screen shown before parsing is kept only if the parser agrees that the screens open on
    // that database; otherwise the terminal is given back at once.
    let shown = kept.filter(|(db, _)| cli.command.is_none() && *db == db_path).map(|(_, shown)| shown);
    with_database(cli.command, &db_path, named, shown, out, warnings).map_err(|e| cli::explain(e, &db_path, named))
}

/// Runs `command` (or the UI, perhaps `shown` already) on the database at `db_path`: opened first,
/// unless the command must work without it (restoring, listing the copies). If opening fails, the
/// terminal is given back before the error is told.
fn with_database(
    command: Option<Command>,
    db_path: &Path,
    named: Option<&Path>,
    shown: Option<Shown>,
    out: &mut dyn Write,
    warnings: &mut Vec<String>,
) -> Result<(), CliError> {
    if let Some(command) = command.as_ref().filter(|c| !c.needs_store()) {
        start_logging(&cli::log_path(db_path));
        return cli::run_on_path(command, db_path, today()?, out);
    }
    let mut store = Store::open_on(db_path, Access::Auto, today()?)?;
    start_logging(&cli::log_path(db_path));
    let notices = store.take_notices();
    // A read-only database is used with the data it has: nothing can be loaded into it.
    if !store.is_read_only() {
        data::ensure_loaded(&mut store)?;
    }
    let screens = command.is_none() && io::stdout().is_terminal() && io::stdin().is_terminal();
    warnings.extend(notices.iter().map(|n| cli::notice_line(n, db_path, named, screens)));
    let Some(command) = command else {
        return run_ui(store, db_path, out, std::mem::take(warnings), shown);
    };
    let mut ctx = Context { store, db_path: db_path.to_path_buf(), today: today()?, out };
    cli::run(command, &mut ctx)
}

/// Bare `mpplan`: the terminal UI, or on something that is not a terminal, the help.
fn run_ui(
    store: Store,
    db_path: &Path,
    out: &mut dyn Write,
    notices: Vec<String>,
    shown: Option<Shown>,
) -> Result<(), CliError> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        write!(out, "{}", Cli::command().render_help())?;
        writeln!(out, "\nThe screens need a terminal. Database: {}", db_path.display())?;
        for notice in notices {
            eprintln!("warning: {notice}");
        }
        return Ok(());
    }
    // On the screens, the notices are on the status line.
    let fixed = today()?;
    let clock = move || today().unwrap_or(fixed);
    // A shared plan syncs in the background while the screens are open.
    let connect = store.sync_status()?.server.map(|server| mpplan::shared::sync::connect_to(&server));
    let log = cli::log_path(db_path);
    let start = mpplan::tui::Start { db: db_path, log: &log, config: cli::config_path(), notices, shown };
    mpplan::tui::run(store, start, clock, connect).map_err(|e| match e {
        mpplan::tui::UiError::Store(e) => e.into(),
        e => CliError::Runtime(e.to_string()),
    })
}

/// Today in London. MPPLAN_TODAY (YYYY-MM-DD) fixes it, for tests and for planning "as if".
fn today() -> Result<NaiveDate, CliError> {
    match std::env::var("MPPLAN_TODAY") {
        Ok(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| CliError::Usage(format!("MPPLAN_TODAY is \"{s}\"; it must be a date like 2026-03-04"))),
        Err(_) => Ok(chrono::Utc::now().with_timezone(&chrono_tz::Europe::London).date_naive()),
    }
}

/// The one error line on standard error, control characters (and newlines) shown escaped: an
/// error may quote stored text, such as the names an ambiguous MP matches.
fn say_error(message: &str) {
    let _ = writeln!(io::stderr().lock(), "error: {}", printable(message));
}

/// Logs go to a file beside the database, never to the terminal: the writer neither follows a
/// link nor reports its own failures (a full disk). If the file cannot be opened there is simply
/// no log.
fn start_logging(path: &Path) {
    let Some(log) = cli::open_log(path) else {
        return;
    };
    let level =
        std::env::var("MPPLAN_LOG").ok().and_then(|l| l.parse::<tracing::Level>().ok()).unwrap_or(tracing::Level::INFO);
    let _ = tracing_subscriber::fmt().with_writer(Mutex::new(log)).with_ansi(false).with_max_level(level).try_init();
}

/// clap's own messages: help and version go to stdout as they are; a usage error becomes one line.
fn clap_error(e: clap::Error) -> i32 {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return 0;
    }
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = e.print();
        return 2;
    }
    // clap's message runs until its first blank line (then come tips and usage): keep it, on one line.
    let rendered = e.render().to_string();
    let message: Vec<&str> = rendered.lines().take_while(|l| !l.trim().is_empty()).map(str::trim).collect();
    let message = message.join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    say_error(&format!("{message} (see mpplan --help)"));
    2
}

/// The three functions of the system's maths library (libm) that the program's libraries call:
/// SQLite's full-text ranking (`log`), the compressor of the spreadsheets written (`log2`) and
/// the progress bars' estimates (`pow`), from the `libm` crate instead. With them defined here the
/// linker leaves libm out, and each start loads one shared library fewer: on a virtual machine a
/// library costs some ten system calls and a tenth of a millisecond to load (BENCHMARKS.md, issue
/// 19). Were a library to call another of libm's functions, the linker would simply load libm
/// again, and `tests/it/reliability_start.rs` would say so: the function is then to be added here.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod maths {
    #[unsafe(no_mangle)]
    extern "C" fn log(x: f64) -> f64 {
        libm::log(x)
    }

    #[unsafe(no_mangle)]
    extern "C" fn log2(x: f64) -> f64 {
        libm::log2(x)
    }

    #[unsafe(no_mangle)]
    extern "C" fn pow(x: f64, y: f64) -> f64 {
        libm::pow(x, y)
    }
}
