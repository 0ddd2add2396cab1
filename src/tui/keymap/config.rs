//! config.toml: the user's key bindings, read into the keymap. A bad file is refused whole, with
//! every problem in it listed by its line, in words; the caller then keeps the default keys.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Key, Keymap, Scope, action_named};
use crate::domain::text::printable;

/// One problem in config.toml: its line (from 1) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// Everything wrong with a config.toml, in the order of its lines (never empty).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "{}:{}: {}", self.file, one.line, one.message),
            many => {
                write!(f, "{} has {} problems: ", self.file, many.len())?;
                for (i, p) in many.iter().enumerate() {
                    let sep = if i == 0 { "" } else { "; " };
                    write!(f, "{sep}line {}: {}", p.line, p.message)?;
                }
                Ok(())
            }
        }
    }
}

/// How a key binding is written, for messages.
const HOW: &str = "a key in quotes, like quit = \"q\", or a list of them, like quit = [\"q\", \"ctrl-c\"]";

impl Keymap {
    /// The defaults changed by a config.toml's `[keys]` section, e.g. `toggle_done = "x"` or
    /// `undo = ["u", "ctrl-z"]`. A bad file is an error listing every problem with its line; the
    /// caller keeps the defaults.
    pub fn with_config(text: &str, path: &Path) -> Result<Keymap, ConfigError> {
        let mut found = Found { text, problems: Vec::new() };
        let (document, errors) = DeTable::parse_recoverable(text);
        for e in &errors {
            let what = e.message().lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("; ");
            found.add(e.span().unwrap_or(0..0), format!("this is not valid TOML: {what}"));
        }
        let mut keymap = Keymap::default();
        for (name, value) in document.get_ref().iter() {
            if name.get_ref() != "keys" {
                let what = match value.get_ref() {
                    DeValue::Table(_) => format!("[{}] is not a section mpplan reads", printable(name.get_ref())),
                    _ => format!("\"{}\" is not a setting mpplan reads", printable(name.get_ref())),
                };
                found.add(name.span(), format!("{what}; key bindings go in the [keys] section"));
                continue;
            }
            let DeValue::Table(bindings) = value.get_ref() else {
                found.add(
                    value.span(),
                    format!("keys must be a section: [keys] on a line of its own, then bindings, each {HOW}"),
                );
                continue;
            };
            let mut bindings: Vec<_> = bindings.iter().collect();
            bindings.sort_by_key(|(name, _)| name.span().start);
            for (name, spec) in bindings {
                if let Some((action, keys)) = found.binding(name, spec) {
                    for binding in keymap.bindings.iter_mut().filter(|b| b.action == action) {
                        binding.keys = keys.clone();
                    }
                }
            }
        }
        found.finish(path).map(|()| keymap)
    }
}

/// The problems found so far in `text`.
struct Found<'t> {
    text: &'t str,
    problems: Vec<Problem>,
}

impl Found<'_> {
    fn add(&mut self, span: Range<usize>, message: String) {
        let line = self.text[..span.start.min(self.text.len())].matches('\n').count() + 1;
        self.problems.push(Problem { line, message });
    }

    /// One binding, `name = spec`: the action and its keys, or None with its problems noted.
    fn binding(
        &mut self,
        name: &Spanned<std::borrow::Cow<'_, str>>,
        spec: &Spanned<DeValue<'_>>,
    ) -> Option<(super::Action, Vec<Key>)> {
        let shown = printable(name.get_ref()).into_owned();
        let action = action_named(name.get_ref());
        if action.is_none() {
            // A bad file leaves the default keys: the help is opened with the default key.
            let help = Keymap::default().key_for(&[Scope::Global], super::Action::Help);
            let help = help.map(|key| format!(" ({key})")).unwrap_or_default();
            self.add(name.span(), format!("\"{shown}\" is not an action; see the help{help} for their names"));
        }
        let texts: Vec<(&str, Range<usize>)> = match spec.get_ref() {
            DeValue::String(one) => vec![(one.as_ref(), spec.span())],
            DeValue::Array(many) if many.is_empty() => {
                self.add(spec.span(), format!("no keys given for {shown}; give {HOW}"));
                return None;
            }
            DeValue::Array(many) => {
                let mut texts = Vec::new();
                for item in many.iter() {
                    match item.get_ref() {
                        DeValue::String(one) => texts.push((one.as_ref(), item.span())),
                        _ => self.add(item.span(), format!("the keys for {shown} must each be in quotes: {HOW}")),
                    }
                }
                texts
            }
            _ => {
                self.add(spec.span(), format!("{shown} must be given {HOW}"));
                return None;
            }
        };
        let mut keys = Vec::new();
        for (text, span) in texts {
            match Key::parse(text) {
                Ok(key) => keys.push(key),
                Err(message) => self.add(span, printable(&message).into_owned()),
            }
        }
        action.map(|a| (a, keys))
    }

    /// Ok when nothing was found; else every problem, in line order, one per line at most (a
    /// line the TOML reader could not read says only that).
    fn finish(mut self, path: &Path) -> Result<(), ConfigError> {
        if self.problems.is_empty() {
            return Ok(());
        }
        self.problems.sort_by_key(|p| p.line);
        self.problems.dedup_by_key(|p| p.line);
        Err(ConfigError { file: path.display().to_string(), problems: self.problems })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "/home/me/.config/mpplan/config.toml";

    fn problems(text: &str) -> Vec<(usize, String)> {
        let err = Keymap::with_config(text, Path::new(PATH)).unwrap_err();
        assert_eq!(err.file, PATH);
        err.problems.into_iter().map(|p| (p.line, p.message)).collect()
    }

    #[test]
    fn a_bad_config_names_the_file_and_line() {
        let path = Path::new(PATH);
        let err = Keymap::with_config("[keys]\nquit = \"q\"\nfly = \"f\"\n", path).unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert_eq!(err.problems[0].line, 3);
        assert!(err.to_string().starts_with("/home/me/.config/mpplan/config.toml:3:"), "{err}");
        assert!(err.problems[0].message.contains("fly"));
        assert_eq!(problems("[keys]\n\nquit = \"spacebar\"\n")[0].0, 3);
        assert_eq!(problems("[keys\nquit = 1\n")[0].0, 1);
        assert!(problems("[colours]\n")[0].1.contains("colours"));
    }

    #[test]
    fn every_problem_is_listed_with_its_line_in_words() {
        let text =
            "[keys]\nquit = 1\nfly = \"f\"\nundo = [\"u\", 3, \"spacebar\"]\nhelp = []\n[colours]\nbg = \"red\"\n";
        let found = problems(text);
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6], "{found:#?}");
        assert_eq!(found[0].1, format!("quit must be given {HOW}"));
        assert!(found[1].1.contains("\"fly\" is not an action; see the help (?) for"), "{found:?}");
        assert!(found[2].1.contains("must each be in quotes"), "{found:?}");
        assert!(found[3].1.starts_with("no keys given for help"), "{found:?}");
        assert!(found[4].1.starts_with("[colours] is not a section mpplan reads"), "{found:?}");
        for (_, message) in &found {
            assert!(!message.contains("variant") && !message.contains("enum"), "{message}");
        }
        let err = Keymap::with_config(text, Path::new(PATH)).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{PATH} has 5 problems: line 2: quit must be given")), "{err}");

        let broken = problems("[keys]\nquit = q\nundo = \"u\nhelp = \"?\"\n");
        assert_eq!(
            broken[0],
            (2, "this is not valid TOML: string values must be quoted, expected literal string".into())
        );
        assert!(broken.iter().any(|(line, _)| *line == 3), "{broken:?}");
    }

    #[test]
    fn what_the_file_holds_is_shown_escaped() {
        let found = problems("[keys]\n\"\\u001b[2J\" = \"\\u009b\"\n");
        assert!(found.iter().all(|(_, m)| !m.chars().any(char::is_control)), "{found:?}");
        assert!(found[0].1.contains("\\u{1b}[2J"), "{found:?}");
    }
}
