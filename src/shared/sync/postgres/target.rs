//! Where the shared database is: a `postgres://` URL or a libpq `key=value` string, and how a
//! connection to it is protected.

use std::fmt;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use postgres::config::{Host, SslMode};

use super::*;

/// How a connection is protected, as libpq's `sslmode` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// No TLS.
    Disable,
    /// TLS when the server offers it, unchecked; plain otherwise.
    Prefer,
    /// TLS, the certificate unchecked.
    Require,
    /// TLS, the certificate chain checked against the system's store, the host name not.
    VerifyCa,
    /// TLS, the chain checked and the certificate made out to the host connected to.
    VerifyFull,
}

impl Tls {
    fn parse(text: &str) -> Option<Tls> {
        Some(match text {
            "disable" => Tls::Disable,
            "prefer" | "allow" => Tls::Prefer,
            "require" => Tls::Require,
            "verify-ca" => Tls::VerifyCa,
            "verify-full" => Tls::VerifyFull,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Tls::Disable => "disable",
            Tls::Prefer => "prefer",
            Tls::Require => "require",
            Tls::VerifyCa => "verify-ca",
            Tls::VerifyFull => "verify-full",
        }
    }
}

/// Where the shared log is: a server, a database and a user, and how to protect the connection.
#[derive(Clone)]
pub struct Target {
    /// The text as given, without any password in it.
    saved: String,
    /// Parsed, with any typed password; the TLS mode is set from `tls`.
    pub(super) config: postgres::Config,
    pub(super) tls: Tls,
    local: bool,
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Target({})", self.saved)
    }
}

impl FromStr for Target {
    type Err = SyncError;

    fn from_str(text: &str) -> Result<Target, SyncError> {
        Target::parse(text)
    }
}

impl Target {
    /// Reads a `postgres://user[:password]@host:port/database?sslmode=...` URL or a libpq
    /// `host=... port=... dbname=... user=... sslmode=...` string. Without `sslmode`, a server on
    /// this machine (a socket directory, `localhost`, `127.0.0.1` or `::1`) is spoken to plainly
    /// and any other with `verify-full`; a server elsewhere is refused any mode that does not
    /// check its certificate.
    pub fn parse(text: &str) -> Result<Target, SyncError> {
        let text = text.trim();
        let bad = |why: String| SyncError::Refused(format!("cannot read the server address: {why}"));
        if text.is_empty() {
            return Err(bad("it is empty".into()));
        }
        let params = Params::read(text).map_err(bad)?;
        if params.last("hostaddr").is_some() {
            return Err(bad("hostaddr is not supported: name the server with host".into()));
        }
        let mode = match params.last("sslmode") {
            Some(value) => Some(Tls::parse(&value).ok_or_else(|| {
                bad(format!("sslmode={value} is not one of disable, prefer, require, verify-ca, verify-full"))
            })?),
            None => None,
        };
        let mut config =
            postgres::Config::from_str(&params.without(&["sslmode"])).map_err(|e| bad(one_line(&e.to_string())))?;
        if config.get_hosts().is_empty() {
            config.host_path(default_socket_dir());
        }
        if config.get_user().is_none()
            && let Some(user) = std::env::var("USER").ok().or_else(|| std::env::var("LOGNAME").ok())
        {
            config.user(&user);
        }
        let local = config.get_hosts().iter().all(|host| match host {
            Host::Unix(_) => true,
            Host::Tcp(name) => matches!(name.as_str(), "localhost" | "127.0.0.1" | "::1" | "[::1]"),
        });
        let tls = mode.unwrap_or(if local { Tls::Disable } else { Tls::VerifyFull });
        if !local && matches!(tls, Tls::Disable | Tls::Prefer | Tls::Require) {
            return Err(SyncError::Refused(format!(
                "TLS with verification is required for a remote server: sslmode={} would not check {}'s \
                 certificate; use sslmode=verify-full",
                tls.name(),
                hosts_text(&config)
            )));
        }
        config
            .ssl_mode(match tls {
                Tls::Disable => SslMode::Disable,
                Tls::Prefer => SslMode::Prefer,
                Tls::Require | Tls::VerifyCa | Tls::VerifyFull => SslMode::Require,
            })
            .application_name("mpplan")
            .connect_timeout(CONNECT_TIMEOUT)
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(15))
            .keepalives_interval(Duration::from_secs(5))
            .keepalives_retries(3)
            .tcp_user_timeout(Duration::from_secs(30));
        Ok(Target { saved: params.without(&["password"]), config, tls, local })
    }

    /// The text as given with any password taken out: what to save in the configuration.
    pub fn without_password(&self) -> &str {
        &self.saved
    }

    /// The server for messages: `host:port` (or the socket directory) and the database.
    pub fn display(&self) -> String {
        match self.config.get_dbname() {
            Some(db) => format!("{}/{db}", hosts_text(&self.config)),
            None => hosts_text(&self.config),
        }
    }

    /// How the connection is protected.
    pub fn tls(&self) -> Tls {
        self.tls
    }

    /// Whether the server is on this machine.
    pub fn is_local(&self) -> bool {
        self.local
    }

    /// Whether the password was typed into the address itself.
    pub fn has_password(&self) -> bool {
        self.config.get_password().is_some()
    }

    /// The user connected as, when known.
    pub fn user(&self) -> Option<&str> {
        self.config.get_user()
    }
}

/// The directory libpq looks for a local server's socket in when no host is given.
fn default_socket_dir() -> &'static str {
    if Path::new("/var/run/postgresql").is_dir() { "/var/run/postgresql" } else { "/tmp" }
}

fn hosts_text(config: &postgres::Config) -> String {
    let ports = config.get_ports();
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
            match host {
                Host::Tcp(name) if name.contains(':') => format!("[{name}]:{port}"),
                Host::Tcp(name) => format!("{name}:{port}"),
                Host::Unix(dir) => format!("{}:{port}", dir.display()),
            }
        })
        .collect();
    hosts.join(",")
}

/// A connection string taken apart just enough to drop parameters (a password, `sslmode`) from
/// it and read them, in either of the two forms libpq accepts.
enum Params<'a> {
    /// A URL: everything up to the query, and the query's `key=value` parts.
    Url { base: &'a str, query: Vec<&'a str> },
    /// `key=value` pairs, each with its text as written.
    Pairs(Vec<(String, String, &'a str)>),
}

impl<'a> Params<'a> {
    fn read(text: &'a str) -> Result<Params<'a>, String> {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            let (base, query) = text.split_once('?').unwrap_or((text, ""));
            return Ok(Params::Url { base, query: query.split('&').filter(|p| !p.is_empty()).collect() });
        }
        let mut pairs = Vec::new();
        let mut rest = text.trim_start();
        while !rest.is_empty() {
            let start = rest;
            let eq = rest
                .find('=')
                .ok_or_else(|| format!("`{}` has no `=value`", rest.split_whitespace().next().unwrap_or(rest)))?;
            let key = rest[..eq].trim().to_string();
            if key.is_empty() || key.contains(char::is_whitespace) {
                return Err(format!("`{}` is not a key=value pair", &rest[..eq]));
            }
            rest = rest[eq + 1..].trim_start();
            let mut value = String::new();
            let mut chars = rest.char_indices();
            let end;
            if rest.starts_with('\'') {
                chars.next();
                loop {
                    match chars.next() {
                        Some((_, '\\')) => value.extend(chars.next().map(|(_, c)| c)),
                        Some((i, '\'')) => {
                            end = i + 1;
                            break;
                        }
                        Some((_, c)) => value.push(c),
                        None => return Err(format!("the quoted value of {key} has no closing quote")),
                    }
                }
            } else {
                loop {
                    match chars.next() {
                        Some((_, '\\')) => value.extend(chars.next().map(|(_, c)| c)),
                        Some((i, c)) if c.is_whitespace() => {
                            end = i;
                            break;
                        }
                        Some((_, c)) => value.push(c),
                        None => {
                            end = rest.len();
                            break;
                        }
                    }
                }
            }
            let written = &start[..start.len() - rest.len() + end];
            pairs.push((key, value, written));
            rest = rest[end..].trim_start();
        }
        Ok(Params::Pairs(pairs))
    }

    /// The last value given for `key`.
    fn last(&self, key: &str) -> Option<String> {
        match self {
            Params::Url { query, .. } => query
                .iter()
                .filter_map(|p| p.split_once('='))
                .filter(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
                .next_back(),
            Params::Pairs(pairs) => pairs.iter().filter(|(k, ..)| k == key).map(|(_, v, _)| v.clone()).next_back(),
        }
    }

    /// The text without the parameters named in `keys` (for `password`, nor a password in a
    /// URL's user part).
    fn without(&self, keys: &[&str]) -> String {
        match self {
            Params::Url { base, query } => {
                let mut base = (*base).to_string();
                if keys.contains(&"password") {
                    base = url_without_password(&base);
                }
                let kept: Vec<&str> =
                    query.iter().copied().filter(|p| !keys.contains(&p.split('=').next().unwrap_or(p))).collect();
                if kept.is_empty() { base } else { format!("{base}?{}", kept.join("&")) }
            }
            Params::Pairs(pairs) => pairs
                .iter()
                .filter(|(k, ..)| !keys.contains(&k.as_str()))
                .map(|(.., w)| *w)
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// A URL without the password in its user part ("postgres://ann:secret@db/x" → "postgres://ann@db/x").
fn url_without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, hosts)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}@{hosts}{path}")
        }
        None => url.to_string(),
    }
}
