//! The command palette: a line to type an export, an import or the board report into (and, in a
//! shared plan, `sync`; Tab completes the command), and then, for an import, the preview of what it would change, to apply
//! or cancel. Reading the line is pure; the loop finds the file and carries the command out.

use chrono::NaiveDate;

use super::keymap::Scope;
use super::text_input::TextInput;
use crate::domain::mps::resolve::Candidate;
use crate::shared::transfer::{self, EventImport, Export, Import, ReportFormat, Table, report_period};

/// What the palette shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Palette {
    /// The command being typed, and why the last one run from it failed (shown whole, wrapped).
    Prompt { input: TextInput, error: Option<String> },
    /// What an import would change, scrolled by `scroll` lines.
    Preview { preview: transfer::Preview, scroll: usize },
    /// An export would replace the file at `path`: yes runs `request` again, replacing it.
    Overwrite { request: Request, path: String },
}

impl Palette {
    /// The prompt with `text` typed, and no error.
    pub fn prompt(text: &str) -> Palette {
        Palette::Prompt { input: TextInput::new(text), error: None }
    }

    /// The keymap scope of what is showing.
    pub fn scope(&self) -> Scope {
        match self {
            Palette::Prompt { .. } => Scope::Palette,
            Palette::Preview { .. } => Scope::Preview,
            Palette::Overwrite { .. } => Scope::Confirm,
        }
    }
}

/// A command from the palette, for the loop. `file` is as typed: `~` at its start is the home
/// folder, and a relative name is in the documents folder.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Write an export to a file: a new one, or with `force` (the user said yes) over one.
    Export { export: Export, file: String, force: bool },
    /// Read a file and show what importing it would change.
    Import { import: Import, file: String },
    /// Read the feeds (or the files saved in `from`) and show what updating would change.
    Update { from: Option<String> },
    /// Open the organisation's details and sites in a form.
    Organisation,
    /// Search every MP's proposals and contacts for the text.
    Search { text: String },
}

/// The palette's commands, each followed by a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    ExportJson,
    ExportIcs,
    ExportCsv(Table),
    ExportXlsx,
    ExportVcard,
    ImportJson,
    ImportMps,
    ImportCalendar,
    ImportIcs,
    ImportCsvContacts,
    ImportCsvProposals,
    Report,
    Update,
    Organisation,
    Search,
}

const VERBS: [Verb; 17] = [
    Verb::ExportJson,
    Verb::ExportIcs,
    Verb::ExportXlsx,
    Verb::ExportVcard,
    Verb::ExportCsv(Table::Proposals),
    Verb::ExportCsv(Table::Interactions),
    Verb::ExportCsv(Table::Engagements),
    Verb::ImportJson,
    Verb::ImportMps,
    Verb::ImportCalendar,
    Verb::ImportIcs,
    Verb::ImportCsvContacts,
    Verb::ImportCsvProposals,
    Verb::Report,
    Verb::Update,
    Verb::Organisation,
    Verb::Search,
];

impl Verb {
    /// The options the command takes: `--replace` restores a backup over your data (a copy of the
    /// database is kept first); `--force` writes an export over a file without asking.
    fn options(self) -> &'static [&'static str] {
        match self {
            Verb::ImportJson => &["--replace"],
            Verb::ExportJson | Verb::ExportIcs | Verb::ExportCsv(_) | Verb::ExportXlsx | Verb::Report => &["--force"],
            Verb::ExportVcard => &["--tracked", "--force"],
            _ => &[],
        }
    }

    /// The command as typed, before the file.
    fn words(self) -> &'static str {
        match self {
            Verb::ExportJson => "export json",
            Verb::ExportIcs => "export ics",
            Verb::ExportCsv(Table::Proposals) => "export csv proposals",
            Verb::ExportCsv(Table::Interactions) => "export csv interactions",
            Verb::ExportCsv(Table::Engagements) => "export csv engagements",
            Verb::ExportXlsx => "export xlsx",
            Verb::ExportVcard => "export vcard",
            Verb::ImportJson => "import json",
            Verb::ImportMps => "import mps",
            Verb::ImportCalendar => "import calendar",
            Verb::ImportIcs => "import ics",
            Verb::ImportCsvContacts => "import csv contacts",
            Verb::ImportCsvProposals => "import csv proposals",
            Verb::Report => "report",
            Verb::Update => "update",
            Verb::Organisation => "org",
            Verb::Search => "search",
        }
    }
}

/// Reads a command line. `seat` is the MP open on the detail screen, whom `import ics` makes
/// proposals for; `today` ends the board report's year. The error is a message for the status line.
pub fn parse(line: &str, seat: Option<&Candidate>, today: NaiveDate) -> Result<Request, String> {
    let Some((command, file)) = VERBS.iter().find_map(|c| after(line, c.words()).map(|file| (*c, file))) else {
        let shown = crate::domain::text::printable(line.trim()).into_owned();
        return Err(format!("\"{shown}\" is not a command; the commands are {}", hints("").join(", ")));
    };
    if command == Verb::Update {
        return Ok(Request::Update { from: (!file.is_empty()).then(|| file.to_string()) });
    }
    if command == Verb::Organisation {
        return Ok(Request::Organisation);
    }
    if command == Verb::Search {
        return Ok(Request::Search { text: file.to_string() });
    }
    let (file, options) = options(file, command)?;
    if file.is_empty() {
        return Err(format!("Give the file too: {} FILE", command.words()));
    }
    let force = options.contains(&"--force");
    let export = |export| Ok(Request::Export { export, file: file.clone(), force });
    let import = |import| Ok(Request::Import { import, file: file.clone() });
    match command {
        Verb::ExportJson => export(Export::Json),
        Verb::ExportIcs => export(Export::Ics { from: None, to: None }),
        Verb::ExportCsv(table) => export(Export::Csv(table)),
        Verb::ExportXlsx => {
            let (from, to) = report_period(None, None, today);
            export(Export::Xlsx { from, to })
        }
        Verb::ExportVcard => export(Export::Vcard { tracked: options.contains(&"--tracked") }),
        Verb::Report => {
            let (from, to) = report_period(None, None, today);
            let csv = file.to_ascii_lowercase().ends_with(".csv");
            export(Export::Report { from, to, format: if csv { ReportFormat::Csv } else { ReportFormat::Md } })
        }
        Verb::ImportJson => import(Import::Json { replace: options.contains(&"--replace") }),
        Verb::ImportMps => import(Import::Mps),
        Verb::ImportCalendar => import(Import::Calendar),
        Verb::ImportCsvContacts => import(Import::Contacts),
        Verb::ImportCsvProposals => import(Import::Proposals),
        Verb::Update | Verb::Organisation | Verb::Search => unreachable!("read above"),
        Verb::ImportIcs => match seat {
            Some(seat) => import(Import::Events(EventImport::for_seat(seat.clone(), today))),
            None => Err("import ics makes proposals for the MP open on the MP detail screen, and none is open: \
                 open one first"
                .to_string()),
        },
    }
}

/// The file named in `rest` and the options around it (words starting `--`, before or after it),
/// each one `command` takes: `--replace` for `import json`, `--force` for an export. A file name
/// keeps its spaces.
fn options(rest: &str, command: Verb) -> Result<(String, Vec<&'static str>), String> {
    let takes = command.options();
    let mut rest = rest.trim();
    let mut found = Vec::new();
    loop {
        let word = if rest.starts_with("--") {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (word, after) = rest.split_at(end);
            rest = after.trim_start();
            word
        } else {
            match rest.rsplit_once(char::is_whitespace) {
                Some((before, word)) if word.starts_with("--") => {
                    rest = before.trim_end();
                    word
                }
                _ => break,
            }
        };
        let Some(option) = takes.iter().find(|o| o.eq_ignore_ascii_case(word)) else {
            let shown = crate::domain::text::printable(word).into_owned();
            let takes = match takes {
                [] => "it takes no options".to_string(),
                _ => format!("it takes {}", takes.join(", ")),
            };
            return Err(format!("{} has no option {shown}: {takes}", command.words()));
        };
        found.push(*option);
    }
    Ok((rest.to_string(), found))
}

/// The rest of `line` (trimmed) after the words of `command`, matched without regard to case or
/// the spaces between them; `None` when the line does not start with the command.
fn after<'a>(line: &'a str, command: &str) -> Option<&'a str> {
    let mut rest = line.trim_start();
    for word in command.split(' ') {
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        if !rest[..end].eq_ignore_ascii_case(word) {
            return None;
        }
        rest = rest[end..].trim_start();
    }
    Some(rest.trim_end())
}

/// The commands that `typed` may become, case aside.
fn matching(typed: &str) -> Vec<Verb> {
    let typed = typed.trim_start().to_ascii_lowercase();
    VERBS.into_iter().filter(|c| c.words().starts_with(&typed)).collect()
}

/// `typed` completed as far as the commands it may become agree: "ex" becomes "export ", "export c"
/// becomes "export csv ", "report" becomes "report ". `None` when there is nothing to add.
pub fn complete(typed: &str) -> Option<String> {
    let found = matching(typed);
    let first = found.first()?.words();
    let done = match found.len() {
        1 => format!("{first} "),
        _ => {
            let common = found.iter().fold(first.len(), |n, c| {
                first.bytes().zip(c.words().bytes()).take(n).take_while(|(a, b)| a == b).count()
            });
            first[..common].to_string()
        }
    };
    (done.len() > typed.trim_start().len()).then_some(done)
}

/// The command that syncs a shared plan now; only a shared plan offers it.
const SYNC: &str = "sync";

/// Whether `line` is the command that syncs a shared plan now.
pub fn is_sync(line: &str) -> bool {
    after(line, SYNC) == Some("")
}

/// [`hints`], with the command that syncs when the plan is `shared` and it fits what is typed.
pub fn hints_for(typed: &str, shared: bool) -> Vec<String> {
    let mut found = hints(typed);
    if shared && SYNC.starts_with(&typed.trim_start().to_ascii_lowercase()) {
        found.push(SYNC.to_string());
    }
    found
}

/// The commands that fit what is typed, each with FILE, those differing only in their last word
/// written once: "export json|ics FILE", "export csv proposals|interactions|engagements FILE"…
/// Once a command is typed in full, that command alone.
pub fn hints(typed: &str) -> Vec<String> {
    let mut found = matching(typed);
    if found.is_empty() {
        found = VERBS.into_iter().filter(|c| after(typed, c.words()).is_some()).collect();
    }
    let alone = (found.len() == 1).then(|| found[0].options().iter().map(|o| format!(" [{o}]")).collect::<String>());
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    let update = found.contains(&Verb::Update);
    let organisation = found.contains(&Verb::Organisation);
    let search = found.contains(&Verb::Search);
    for command in found.into_iter().filter(|c| !matches!(c, Verb::Update | Verb::Organisation | Verb::Search)) {
        let words = command.words();
        let (head, last) = words.rsplit_once(' ').unwrap_or(("", words));
        match groups.last_mut() {
            Some((h, lasts)) if *h == head => lasts.push(last),
            _ => groups.push((head, vec![last])),
        }
    }
    groups
        .into_iter()
        .map(|(head, lasts)| {
            let lasts = lasts.join("|");
            let options = alone.clone().unwrap_or_default();
            if head.is_empty() { format!("{lasts} FILE{options}") } else { format!("{head} {lasts} FILE{options}") }
        })
        .chain(update.then(|| "update [FOLDER]".to_string()))
        .chain(organisation.then(|| "org".to_string()))
        .chain(search.then(|| "search [TEXT]".to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn leeds() -> Candidate {
        Candidate {
            code: "E14001323".into(),
            constituency: "Leeds South".into(),
            mp_name: "Hilary Benn".into(),
            member_id: Some(1),
        }
    }

    #[test]
    fn commands_read_with_the_rest_of_the_line_as_the_file() {
        let export = |export, file: &str| Ok(Request::Export { export, file: file.into(), force: false });
        assert_eq!(parse("export json ~/backup.json", None, today()), export(Export::Json, "~/backup.json"));
        assert_eq!(
            parse("  Export  CSV engagements  My Files/e.csv ", None, today()),
            export(Export::Csv(Table::Engagements), "My Files/e.csv")
        );
        let year = NaiveDate::from_ymd_opt(2025, 11, 24).unwrap();
        assert_eq!(
            parse("report board.csv", None, today()),
            export(Export::Report { from: year, to: today(), format: ReportFormat::Csv }, "board.csv")
        );
        let import = parse("import ics meetings.ics", Some(&leeds()), today());
        assert_eq!(
            import,
            Ok(Request::Import {
                import: Import::Events(EventImport::for_seat(leeds(), today())),
                file: "meetings.ics".into()
            })
        );
        assert_eq!(
            parse("export xlsx plan.xlsx", None, today()),
            export(Export::Xlsx { from: year, to: today() }, "plan.xlsx")
        );
        let cards =
            |tracked, force| Request::Export { export: Export::Vcard { tracked }, file: "mps.vcf".into(), force };
        assert_eq!(parse("export vcard mps.vcf", None, today()), Ok(cards(false, false)));
        assert_eq!(parse("export vcard mps.vcf --tracked --force", None, today()), Ok(cards(true, true)));
        let contacts = parse("import csv contacts old log.csv", None, today());
        assert_eq!(contacts, Ok(Request::Import { import: Import::Contacts, file: "old log.csv".into() }));
        let visits = parse("import csv proposals v.csv", None, today());
        assert_eq!(visits, Ok(Request::Import { import: Import::Proposals, file: "v.csv".into() }));
    }

    #[test]
    fn options_are_read_apart_from_the_file() {
        let restore = |replace, file: &str| Ok(Request::Import { import: Import::Json { replace }, file: file.into() });
        assert_eq!(parse("import json backup.json --replace", None, today()), restore(true, "backup.json"));
        assert_eq!(parse("import json --replace My Files/b.json", None, today()), restore(true, "My Files/b.json"));
        assert_eq!(parse("IMPORT JSON ~/b c.json  --REPLACE ", None, today()), restore(true, "~/b c.json"));
        assert_eq!(parse("import json b.json", None, today()), restore(false, "b.json"));
        assert_eq!(parse("import json my--replace.json", None, today()), restore(false, "my--replace.json"));
        let forced = Request::Export { export: Export::Json, file: "b.json".into(), force: true };
        assert_eq!(parse("export json b.json --force", None, today()), Ok(forced));
        assert_eq!(parse("import json --replace", None, today()), Err("Give the file too: import json FILE".into()));
        assert_eq!(
            parse("import json b.json --force", None, today()),
            Err("import json has no option --force: it takes --replace".into())
        );
        assert_eq!(
            parse("import mps new.csv --dry-run", None, today()),
            Err("import mps has no option --dry-run: it takes no options".into())
        );
        assert_eq!(
            parse("export csv proposals p.csv --replace", None, today()),
            Err("export csv proposals has no option --replace: it takes --force".into())
        );
    }

    #[test]
    fn what_cannot_be_run_says_why() {
        assert_eq!(parse("export json", None, today()), Err("Give the file too: export json FILE".into()));
        assert!(parse("import ics m.ics", None, today()).unwrap_err().ends_with("none is open: open one first"));
        let unknown = parse("export pdf x.pdf", None, today()).unwrap_err();
        assert!(
            unknown
                .starts_with("\"export pdf x.pdf\" is not a command; the commands are export json|ics|xlsx|vcard FILE")
        );
        assert!(
            unknown.ends_with(
                "import json|mps|calendar|ics FILE, import csv contacts|proposals FILE, report FILE, update [FOLDER], \
                 org, search [TEXT]"
            ),
            "{unknown}"
        );
        assert!(parse("exportjson x", None, today()).is_err());
    }

    #[test]
    fn update_reads_the_feeds_or_a_folder() {
        assert_eq!(parse("update", None, today()), Ok(Request::Update { from: None }));
        assert_eq!(
            parse(" UPDATE  ~/saved feeds ", None, today()),
            Ok(Request::Update { from: Some("~/saved feeds".into()) })
        );
        assert_eq!(complete("up").as_deref(), Some("update "));
    }

    #[test]
    fn tab_completes_as_far_as_the_commands_agree() {
        assert_eq!(complete("ex").as_deref(), Some("export "));
        assert_eq!(complete("export c").as_deref(), Some("export csv "));
        assert_eq!(complete("export csv e").as_deref(), Some("export csv engagements "));
        assert_eq!(complete("IMPORT M").as_deref(), Some("import mps "));
        assert_eq!(complete("r").as_deref(), Some("report "));
        assert_eq!(complete("export "), None, "json, ics and csv differ at once");
        assert_eq!(complete("import mps x.csv"), None);
        assert_eq!(complete("zz"), None);
    }

    #[test]
    fn hints_list_what_fits() {
        assert_eq!(
            hints("").len(),
            8,
            "export json|ics|xlsx|vcard, export csv, import, import csv, report, update, org, search"
        );
        assert_eq!(hints("up"), ["update [FOLDER]"]);
        assert_eq!(hints("o"), ["org"]);
        assert_eq!(parse("ORG", None, today()), Ok(Request::Organisation));
        assert_eq!(parse("search ward visit", None, today()), Ok(Request::Search { text: "ward visit".into() }));
        assert_eq!(hints("sea"), ["search [TEXT]"]);
        assert_eq!(complete("o").as_deref(), Some("org "));
        assert_eq!(hints("export c"), ["export csv proposals|interactions|engagements FILE"]);
        assert_eq!(hints("import mps new.csv"), ["import mps FILE"]);
        assert_eq!(hints("import json b.json --rep"), ["import json FILE [--replace]"]);
        assert_eq!(hints("export json"), ["export json FILE [--force]"]);
        assert_eq!(hints("import c"), ["import calendar FILE", "import csv contacts|proposals FILE"]);
        assert!(hints("nonsense").is_empty());
    }
}
