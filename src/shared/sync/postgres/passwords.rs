//! Where the password to the shared database comes from: the connection string, PGPASSWORD, the
//! password file (`~/.pgpass`), or a prompt. mpplan never keeps it.

use std::fmt;
use std::path::{Path, PathBuf};

use postgres::config::Host;

use super::*;

/// Where a password comes from, in the order libpq looks: typed in the address, then
/// `PGPASSWORD`, then the password file, then (only when allowed) a prompt on the terminal.
pub struct Passwords {
    /// The value of `PGPASSWORD`.
    pub env: Option<String>,
    /// The password file: `PGPASSFILE`, else `~/.pgpass`.
    pub file: Option<PathBuf>,
    /// Asks for the password, given a prompt; None when the user gave none.
    pub prompt: Option<Prompt>,
}

/// Asks the user for a password, showing the text given; None when they gave none.
pub type Prompt = Box<dyn Fn(&str) -> Option<String> + Send>;

impl fmt::Debug for Passwords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Passwords")
            .field("env", &self.env.as_ref().map(|_| "…"))
            .field("file", &self.file)
            .field("prompt", &self.prompt.is_some())
            .finish()
    }
}

impl Passwords {
    /// No source at all: only a password typed in the address is used.
    pub fn none() -> Passwords {
        Passwords { env: None, file: None, prompt: None }
    }

    /// The sources of this process's environment; `prompt` allows asking on the terminal
    /// (without echo) when the server wants a password none of them gave.
    pub fn from_env(prompt: bool) -> Passwords {
        let env = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty());
        let file = std::env::var_os("PGPASSFILE")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".pgpass")));
        let prompt: Option<Prompt> = if prompt {
            Some(Box::new(|text: &str| rpassword::prompt_password(text).ok().filter(|p| !p.is_empty())))
        } else {
            None
        };
        Passwords { env, file, prompt }
    }

    /// The password for `target` from the address, the environment or the password file.
    pub(super) fn known(&self, target: &Target) -> Option<String> {
        if let Some(typed) = target.config.get_password() {
            return Some(String::from_utf8_lossy(typed).into_owned());
        }
        if let Some(env) = &self.env {
            return Some(env.clone());
        }
        let contents = read_pgpass(self.file.as_deref()?)?;
        let config = &target.config;
        let port = config.get_ports().first().copied().unwrap_or(5432).to_string();
        let user = config.get_user().unwrap_or("");
        let database = config.get_dbname().unwrap_or(user);
        config.get_hosts().iter().find_map(|host| {
            let names: Vec<String> = match host {
                Host::Tcp(name) => vec![name.clone()],
                Host::Unix(dir) => vec![dir.display().to_string(), "localhost".to_string()],
            };
            names.iter().find_map(|name| pgpass_lookup(&contents, name, &port, database, user))
        })
    }
}

/// The password file's contents, or None when it is missing or others may read it (libpq
/// ignores a password file whose mode is looser than 0600, and so does mpplan).
pub(super) fn read_pgpass(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            tracing::warn!("{} is ignored: its mode lets others read it (chmod 0600 it)", path.display());
            return None;
        }
    }
    std::fs::read_to_string(path).ok()
}

/// The password a `.pgpass` file gives for a connection: the first line
/// `host:port:database:username:password` whose first four fields match (`*` matches anything;
/// `\:` and `\\` stand for `:` and `\`). Lines starting with `#` are comments.
pub fn pgpass_lookup(contents: &str, host: &str, port: &str, database: &str, user: &str) -> Option<String> {
    let wanted = [host, port, database, user];
    contents.lines().map(|line| line.trim_end_matches('\r')).filter(|l| !l.is_empty() && !l.starts_with('#')).find_map(
        |line| {
            let fields = pgpass_fields(line);
            if fields.len() < 5 {
                return None;
            }
            let matches = fields[..4].iter().zip(wanted).all(|((raw, value), want)| *raw == "*" || value == want);
            matches.then(|| fields[4].1.clone())
        },
    )
}

/// A `.pgpass` line split at its unescaped colons: each field as written and as meant.
fn pgpass_fields(line: &str) -> Vec<(&str, String)> {
    let mut fields = Vec::new();
    let mut start = 0;
    let mut value = String::new();
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, next)) => value.push(next),
                None => value.push('\\'),
            },
            ':' => {
                fields.push((&line[start..i], std::mem::take(&mut value)));
                start = i + 1;
            }
            _ => value.push(c),
        }
    }
    fields.push((&line[start..], value));
    fields
}
