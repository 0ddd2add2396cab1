//! The shared log in the organisation's PostgreSQL: a table every copy appends its operations to
//! (`mpplan_ops`), created once by `mpplan sync init` or by a DBA from [`init_sql`].
//!
//! Where the server is comes from a [`Target`] (a `postgres://` URL or a libpq `key=value` string);
//! the password comes from [`Passwords`] and is never written anywhere by mpplan. A server other
//! than this machine is only spoken to over TLS with its certificate checked against the system's
//! certificate store.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::error::SqlState;
use postgres::{Client, NoTls};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};
use serde_json::Value;
use tokio_postgres_rustls::MakeRustlsConnect;
use uuid::Uuid;

use super::{SharedLog, SyncError};
use crate::domain::sync::clock::Stamp;
use crate::domain::sync::op::Op;

/// How long to wait for a server to answer a connection before calling it offline.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Operations sent in one INSERT statement.
const BATCH: usize = 1000;
/// The version of the shared schema this build of mpplan reads and writes.
const SCHEMA_VERSION: &str = "1";

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
    config: postgres::Config,
    tls: Tls,
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
    fn known(&self, target: &Target) -> Option<String> {
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
fn read_pgpass(path: &Path) -> Option<String> {
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

/// The shared schema, for `mpplan sync init` and for a DBA to read and run (`--print-sql`).
/// Running it again changes nothing.
pub fn init_sql() -> &'static str {
    r#"-- mpplan's shared log: every member's copy of the plan appends the changes it makes here and
-- reads the others' from here. Running this script again changes nothing. It needs a user who may
-- create tables and roles (CREATEROLE); the tables belong to whoever runs it.
BEGIN;

-- The log: one row per operation (a change to one field of one row of the plan), never changed
-- or removed once written. `seq` numbers the rows in the order they were committed (clients take
-- a lock while inserting, see mpplan_lock_ops below), so a client that has read up to number N
-- only needs the rows after N. `op_id` is the operation's own id: a client that pushes the same
-- operation twice (after a lost reply, say) adds it once. `value` is the new value as JSON (JSON
-- null is allowed). `stamp` orders the operations of one row by when they were made, as
-- fixed-width text that sorts in that order. `replaces` is the operation whose value the author
-- saw when making the change. `pushed_by` and `pushed_at` record the database user and the time
-- of the push, for an audit.
CREATE TABLE IF NOT EXISTS mpplan_ops (
    seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    op_id     uuid NOT NULL UNIQUE,
    row_id    text NOT NULL,
    tbl       text NOT NULL,
    field     text NOT NULL,
    value     jsonb NOT NULL,
    stamp     text NOT NULL,
    author    text NOT NULL,
    replaces  uuid NULL,
    pushed_by name NOT NULL DEFAULT current_user,
    pushed_at timestamptz NOT NULL DEFAULT now()
);

-- Marks the database as holding mpplan's shared log, and which version of this schema, so that
-- a client can tell it is talking to the right database.
CREATE TABLE IF NOT EXISTS mpplan_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO mpplan_meta (key, value) VALUES ('schema_version', '1') ON CONFLICT (key) DO NOTHING;

-- Append-only: UPDATE, DELETE and TRUNCATE of the log are refused, even for its owner. (Members
-- are not granted them either; this guards against mistakes by those who could.) To really
-- remove the log, drop the table.
CREATE OR REPLACE FUNCTION mpplan_ops_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'mpplan_ops is append-only: % is not allowed', TG_OP
        USING HINT = 'Operations are never changed or removed; a change is undone by a later operation.';
END
$$;
DROP TRIGGER IF EXISTS mpplan_ops_append_only ON mpplan_ops;
CREATE TRIGGER mpplan_ops_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON mpplan_ops
    FOR EACH STATEMENT EXECUTE FUNCTION mpplan_ops_append_only();

-- While a client inserts, it holds the table in EXCLUSIVE mode (readers are not blocked), so
-- that rows become visible in the order of their numbers: without it a reader could see row 11
-- committed before row 10, skip past 10 and never read it. Taking that lock needs more than
-- INSERT, so members take it through this function, which runs as the table's owner and does
-- nothing else.
CREATE OR REPLACE FUNCTION mpplan_lock_ops() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    LOCK TABLE mpplan_ops IN EXCLUSIVE MODE;
END
$$;

-- The role members use: reading and appending to the log, reading the marker, taking the lock.
-- Grant it to each person's login: GRANT mpplan_member TO alice;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'mpplan_member') THEN
        CREATE ROLE mpplan_member NOLOGIN;
    END IF;
END
$$;
REVOKE ALL ON mpplan_ops, mpplan_meta FROM PUBLIC;
GRANT SELECT, INSERT ON mpplan_ops TO mpplan_member;
GRANT SELECT ON mpplan_meta TO mpplan_member;
REVOKE ALL ON FUNCTION mpplan_lock_ops() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mpplan_lock_ops() TO mpplan_member;

COMMIT;
"#
}

/// How connections are made: plainly, or through rustls with a verifier for the TLS mode.
#[derive(Clone)]
enum Connector {
    Plain,
    Tls(MakeRustlsConnect),
}

impl Connector {
    fn for_mode(tls: Tls) -> Result<Connector, SyncError> {
        if tls == Tls::Disable {
            return Ok(Connector::Plain);
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let refused = |e: rustls::Error| SyncError::Refused(format!("cannot set up TLS: {e}"));
        let verifier: Arc<dyn ServerCertVerifier> = match tls {
            Tls::VerifyFull => Arc::new(rustls_platform_verifier::Verifier::new(provider.clone()).map_err(refused)?),
            Tls::VerifyCa => {
                Arc::new(AnyName(rustls_platform_verifier::Verifier::new(provider.clone()).map_err(refused)?))
            }
            _ => Arc::new(Unchecked(provider.clone())),
        };
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(refused)?
            .dangerous()
            .with_custom_certificate_verifier(verifier)
            .with_no_client_auth();
        Ok(Connector::Tls(MakeRustlsConnect::new(config)))
    }

    fn connect(&self, config: &postgres::Config) -> Result<Client, postgres::Error> {
        match self {
            Connector::Plain => config.connect(NoTls),
            Connector::Tls(tls) => config.connect(tls.clone()),
        }
    }
}

/// `sslmode=verify-ca`: the chain is checked as for verify-full, a certificate made out to
/// another name accepted.
#[derive(Debug)]
struct AnyName(rustls_platform_verifier::Verifier);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.0.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// `sslmode=require` or `prefer` (allowed only for a server on this machine): the certificate is
/// not checked, the handshake's signatures are.
#[derive(Debug)]
struct Unchecked(Arc<CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// The shared log in a PostgreSQL database. A connection that breaks (the server restarting, the
/// network gone) makes the call report [`SyncError::Offline`]; the next call connects again.
pub struct PgLog {
    target: Target,
    connector: Connector,
    /// The password found when connecting first, kept in memory to connect again.
    password: Option<String>,
    client: Option<Client>,
    /// Whether the database has been seen to hold the shared schema.
    checked: bool,
}

impl fmt::Debug for PgLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PgLog({})", self.target.display())
    }
}

impl PgLog {
    /// Connects to the server `target` names, with the password from `passwords` when it asks for
    /// one. Does not check that the shared schema is there (see [`PgLog::init`]); the first push
    /// or pull does.
    pub fn connect(target: Target, passwords: &Passwords) -> Result<PgLog, SyncError> {
        let connector = Connector::for_mode(target.tls)?;
        let mut password = passwords.known(&target);
        let client = match open(&target, &connector, password.as_deref()) {
            Err(e) if password.is_none() && wants_password(&e) => {
                let asked = passwords.prompt.as_ref().and_then(|ask| {
                    ask(&format!("Password for {} on {}: ", target.user().unwrap_or("you"), target.display()))
                });
                let Some(asked) = asked else {
                    return Err(SyncError::Refused(format!(
                        "{} wants a password: set PGPASSWORD, add it to ~/.pgpass, or sync from a terminal",
                        target.display()
                    )));
                };
                password = Some(asked);
                open(&target, &connector, password.as_deref())
            }
            other => other,
        }
        .map_err(|e| classify(&e, &target))?;
        Ok(PgLog { target, connector, password, client: Some(client), checked: false })
    }

    /// The server this log is on.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// Creates the shared schema ([`init_sql`]) if it is not there yet.
    pub fn init(&mut self) -> Result<(), SyncError> {
        self.with_client(|client| {
            client.batch_execute(init_sql()).inspect_err(|_| {
                // The script's transaction failed part way: end it, so that the connection can
                // be used again.
                let _ = client.batch_execute("ROLLBACK");
            })
        })?;
        self.checked = false;
        self.check_schema()
    }

    /// Runs `work` on the connection (connecting again when it was lost); on a lost connection
    /// drops it so that the next call connects again.
    fn with_client<T>(&mut self, work: impl FnOnce(&mut Client) -> Result<T, postgres::Error>) -> Result<T, SyncError> {
        if self.client.as_ref().is_none_or(Client::is_closed) {
            self.client = None;
            let client = open(&self.target, &self.connector, self.password.as_deref())
                .map_err(|e| classify(&e, &self.target))?;
            self.client = Some(client);
        }
        let Some(client) = self.client.as_mut() else {
            return Err(SyncError::Offline(format!("no connection to {}", self.target.display())));
        };
        work(client).map_err(|e| {
            let error = classify(&e, &self.target);
            if matches!(error, SyncError::Offline(_)) || e.is_closed() {
                self.client = None;
            }
            error
        })
    }

    /// Makes sure the database holds the shared schema, in the version this build reads.
    fn check_schema(&mut self) -> Result<(), SyncError> {
        if self.checked {
            return Ok(());
        }
        let version = self.with_client(|client| {
            client
                .query_opt("SELECT value FROM mpplan_meta WHERE key = 'schema_version'", &[])
                .map(|row| row.map(|row| row.get::<_, String>(0)))
        })?;
        match version.as_deref() {
            Some(SCHEMA_VERSION) => {
                self.checked = true;
                Ok(())
            }
            Some(other) => Err(SyncError::Refused(format!(
                "{} holds the shared log in schema version {other}, which this mpplan cannot read; update mpplan",
                self.target.display()
            ))),
            None => Err(no_schema(&self.target)),
        }
    }
}

impl SharedLog for PgLog {
    fn push(&mut self, ops: &[Op]) -> Result<usize, SyncError> {
        if ops.is_empty() {
            return Ok(0);
        }
        let mut batches = Vec::new();
        for chunk in ops.chunks(BATCH) {
            batches.push(Columns::of(chunk)?);
        }
        self.check_schema()?;
        self.with_client(|client| {
            let mut tx = client.transaction()?;
            tx.execute("SELECT mpplan_lock_ops()", &[])?;
            let insert = tx.prepare(
                "INSERT INTO mpplan_ops (op_id, row_id, tbl, field, value, stamp, author, replaces) \
                 SELECT op_id, row_id, tbl, field, value, stamp, author, replaces \
                 FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[], \
                 $8::uuid[]) WITH ORDINALITY AS o(op_id, row_id, tbl, field, value, stamp, author, replaces, n) \
                 ORDER BY n ON CONFLICT (op_id) DO NOTHING",
            )?;
            let mut added = 0;
            for b in &batches {
                added += tx.execute(
                    &insert,
                    &[&b.ids, &b.rows, &b.tables, &b.fields, &b.values, &b.stamps, &b.authors, &b.replaces],
                )?;
            }
            tx.commit()?;
            Ok(added as usize)
        })
    }

    fn pull(&mut self, after: i64, limit: usize) -> Result<Vec<(i64, Op)>, SyncError> {
        self.check_schema()?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.with_client(|client| {
            client.query(
                "SELECT seq, op_id, tbl, row_id, field, value, stamp, author, replaces FROM mpplan_ops \
                 WHERE seq > $1 ORDER BY seq LIMIT $2",
                &[&after, &limit],
            )
        })?;
        rows.iter()
            .map(|row| {
                let seq: i64 = row.get(0);
                let stamp_text: String = row.get(6);
                let stamp = Stamp::parse(&stamp_text).ok_or_else(|| {
                    SyncError::Refused(format!(
                        "{}: operation {seq} of the shared log has a stamp mpplan cannot read ({stamp_text})",
                        self.target.display()
                    ))
                })?;
                let op = Op {
                    id: row.get::<_, Uuid>(1).hyphenated().to_string(),
                    table: row.get(2),
                    row: row.get(3),
                    field: row.get(4),
                    value: row.get(5),
                    stamp,
                    author: row.get(7),
                    replaces: row.get::<_, Option<Uuid>>(8).map(|id| id.hyphenated().to_string()),
                };
                Ok((seq, op))
            })
            .collect()
    }
}

/// A batch of operations as the columns of one INSERT.
struct Columns {
    ids: Vec<Uuid>,
    rows: Vec<String>,
    tables: Vec<String>,
    fields: Vec<String>,
    values: Vec<Value>,
    stamps: Vec<String>,
    authors: Vec<String>,
    replaces: Vec<Option<Uuid>>,
}

impl Columns {
    fn of(ops: &[Op]) -> Result<Columns, SyncError> {
        let uuid = |id: &str| {
            Uuid::parse_str(id)
                .map_err(|_| SyncError::Refused(format!("operation id {id} is not a UUID; it cannot be pushed")))
        };
        let mut c = Columns {
            ids: Vec::with_capacity(ops.len()),
            rows: Vec::with_capacity(ops.len()),
            tables: Vec::with_capacity(ops.len()),
            fields: Vec::with_capacity(ops.len()),
            values: Vec::with_capacity(ops.len()),
            stamps: Vec::with_capacity(ops.len()),
            authors: Vec::with_capacity(ops.len()),
            replaces: Vec::with_capacity(ops.len()),
        };
        for op in ops {
            c.ids.push(uuid(&op.id)?);
            c.rows.push(op.row.clone());
            c.tables.push(op.table.clone());
            c.fields.push(op.field.clone());
            c.values.push(op.value.clone());
            c.stamps.push(op.stamp.to_string());
            c.authors.push(op.author.clone());
            c.replaces.push(op.replaces.as_deref().map(uuid).transpose()?);
        }
        Ok(c)
    }
}

fn open(target: &Target, connector: &Connector, password: Option<&str>) -> Result<Client, postgres::Error> {
    let mut config = target.config.clone();
    if let Some(password) = password {
        config.password(password);
    }
    connector.connect(&config)
}

fn no_schema(target: &Target) -> SyncError {
    SyncError::Refused(format!(
        "{} has no mpplan shared log; run `mpplan sync init` first (or have a DBA run `mpplan sync init --print-sql`)",
        target.display()
    ))
}

/// Whether connecting failed only because the server wants a password and none was given.
fn wants_password(error: &postgres::Error) -> bool {
    error.as_db_error().is_none() && full_text(error).contains("password missing")
}

/// An error's message followed by its causes', in one line.
fn full_text(error: &postgres::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(err) = source {
        let text = err.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = err.source();
    }
    one_line(&parts.join(": "))
}

/// A failure as the caller should see it: out of reach (try again later) or refused (someone
/// must act), in one line naming the server.
fn classify(error: &postgres::Error, target: &Target) -> SyncError {
    let server = target.display();
    if let Some(db) = error.as_db_error() {
        let code = db.code();
        let message = one_line(db.message());
        if *code == SqlState::UNDEFINED_TABLE || *code == SqlState::UNDEFINED_FUNCTION {
            return no_schema(target);
        }
        let offline = [
            SqlState::ADMIN_SHUTDOWN,
            SqlState::CRASH_SHUTDOWN,
            SqlState::CANNOT_CONNECT_NOW,
            SqlState::TOO_MANY_CONNECTIONS,
            SqlState::QUERY_CANCELED,
            SqlState::T_R_SERIALIZATION_FAILURE,
            SqlState::T_R_DEADLOCK_DETECTED,
        ];
        if offline.contains(code) || code.code().starts_with("08") {
            return SyncError::Offline(format!("{server}: {message}"));
        }
        return SyncError::Refused(match code {
            c if *c == SqlState::INVALID_PASSWORD || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION => {
                format!("{server} refused the login: {message}")
            }
            c if *c == SqlState::INSUFFICIENT_PRIVILEGE => {
                format!("{server} refused: {message} (is your login granted mpplan_member?)")
            }
            _ => format!("{server} refused: {message}"),
        });
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(err) = source {
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return SyncError::Refused(format!("{server}: TLS failed: {tls}"));
        }
        if let Some(io) = err.downcast_ref::<io::Error>() {
            if let Some(tls) = io.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
                return SyncError::Refused(format!("{server}: TLS failed: {tls}"));
            }
            return SyncError::Offline(format!("cannot reach {server}: {}", one_line(&io.to_string())));
        }
        source = err.source();
    }
    let text = full_text(error);
    if error.is_closed() || text.contains("timed out") || text.contains("connection closed") {
        return SyncError::Offline(format!("cannot reach {server}: {text}"));
    }
    SyncError::Refused(format!("{server}: {text}"))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(result: Result<Target, SyncError>) -> String {
        match result {
            Err(SyncError::Refused(why)) => why,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn pgpass_matches_the_first_line_whose_fields_fit() {
        let file = "# comment\n\
                    other:5432:*:ann:wrong\n\
                    db.example.org:5432:plans:ann:first\n\
                    db.example.org:5432:plans:ann:second\n";
        assert_eq!(pgpass_lookup(file, "db.example.org", "5432", "plans", "ann").as_deref(), Some("first"));
        assert_eq!(pgpass_lookup(file, "db.example.org", "5433", "plans", "ann"), None);
        assert_eq!(pgpass_lookup(file, "db.example.org", "5432", "plans", "bob"), None);
    }

    #[test]
    fn pgpass_wildcards_match_anything() {
        let file = "*:*:*:ann:any\n*:*:*:*:fallback";
        assert_eq!(pgpass_lookup(file, "h", "1", "d", "ann").as_deref(), Some("any"));
        assert_eq!(pgpass_lookup(file, "h", "1", "d", "zed").as_deref(), Some("fallback"));
    }

    #[test]
    fn pgpass_escapes_stand_for_colons_and_backslashes() {
        let file = "::1:5432:*:ann:a\\:b\\\\c\\d\r\n/var/run/x\\:y:*:*:*:sock";
        assert_eq!(pgpass_lookup(file, "::1", "5432", "d", "ann"), None, "an unescaped colon splits");
        let escaped = "\\:\\:1:5432:*:ann:a\\:b\\\\c";
        assert_eq!(pgpass_lookup(escaped, "::1", "5432", "d", "ann").as_deref(), Some("a:b\\c"));
        assert_eq!(pgpass_lookup(file, "/var/run/x:y", "1", "d", "u").as_deref(), Some("sock"));
        assert_eq!(pgpass_lookup("h:1:d:u:pw:extra", "h", "1", "d", "u").as_deref(), Some("pw"));
    }

    #[test]
    fn pgpass_skips_short_and_empty_lines() {
        assert_eq!(pgpass_lookup("\nh:1:d\n\nh:1:d:u:ok\n", "h", "1", "d", "u").as_deref(), Some("ok"));
        assert_eq!(pgpass_lookup("h:1:d:u:", "h", "1", "d", "u").as_deref(), Some(""));
    }

    #[cfg(unix)]
    #[test]
    fn a_password_file_others_may_read_is_ignored() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(&path, "*:*:*:*:secret\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(read_pgpass(&path), None);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read_pgpass(&path).as_deref(), Some("*:*:*:*:secret\n"));
        let passwords = Passwords { env: None, file: Some(path), prompt: None };
        let target = Target::parse("postgres://ann@127.0.0.1:5999/plans").unwrap();
        assert_eq!(passwords.known(&target).as_deref(), Some("secret"));
        let env = Passwords { env: Some("from env".into()), ..passwords };
        assert_eq!(env.known(&target).as_deref(), Some("from env"), "PGPASSWORD comes before the file");
        let typed = Target::parse("postgres://ann:typed@127.0.0.1:5999/plans").unwrap();
        assert_eq!(env.known(&typed).as_deref(), Some("typed"), "a typed password comes first");
    }

    #[test]
    fn a_remote_server_is_verified_by_default_and_a_local_one_is_plain() {
        let remote = Target::parse("postgres://ann@db.example.org/plans").unwrap();
        assert_eq!(remote.tls(), Tls::VerifyFull);
        assert!(!remote.is_local());
        assert_eq!(remote.display(), "db.example.org:5432/plans");
        for local in [
            "postgres://ann@localhost/plans",
            "postgres://ann@127.0.0.1:5999/plans",
            "postgres://ann@[::1]:5999/plans",
            "host=/var/run/postgresql dbname=plans user=ann",
        ] {
            let target = Target::parse(local).unwrap();
            assert!(target.is_local(), "{local}");
            assert_eq!(target.tls(), Tls::Disable, "{local}");
        }
        let ca = Target::parse("host=db.example.org dbname=plans user=ann sslmode=verify-ca").unwrap();
        assert_eq!(ca.tls(), Tls::VerifyCa);
        let local_tls = Target::parse("postgres://ann@localhost/plans?sslmode=require").unwrap();
        assert_eq!(local_tls.tls(), Tls::Require);
    }

    #[test]
    fn a_remote_server_without_verification_is_refused_in_one_line() {
        for mode in ["disable", "prefer", "require"] {
            let why = refused(Target::parse(&format!("postgres://ann@db.example.org/plans?sslmode={mode}")));
            assert!(why.starts_with("TLS with verification is required for a remote server"), "{why}");
            assert!(!why.contains('\n'));
            let why = refused(Target::parse(&format!("host=db.example.org dbname=plans sslmode={mode}")));
            assert!(why.contains("required for a remote server"), "{why}");
        }
        let why = refused(Target::parse("postgres://ann@db.example.org/plans?sslmode=sometimes"));
        assert!(why.contains("sslmode=sometimes"), "{why}");
        let why = refused(Target::parse("hostaddr=192.0.2.7 dbname=plans"));
        assert!(why.contains("hostaddr"), "{why}");
        let why = refused(Target::parse("  "));
        assert!(why.contains("empty"), "{why}");
        let why = refused(Target::parse("host=db.example.org dbname"));
        assert!(why.contains("dbname"), "{why}");
    }

    #[test]
    fn the_saved_text_drops_the_password_and_keeps_the_rest() {
        let url =
            Target::parse("postgres://ann:s3cret@db.example.org:6543/plans?sslmode=verify-ca&password=x").unwrap();
        assert!(url.has_password());
        assert_eq!(url.without_password(), "postgres://ann@db.example.org:6543/plans?sslmode=verify-ca");
        assert_eq!(url.display(), "db.example.org:6543/plans");
        let pairs = Target::parse("host=db.example.org  password=s3cret dbname=plans sslmode=verify-full").unwrap();
        assert_eq!(pairs.without_password(), "host=db.example.org dbname=plans sslmode=verify-full");
        let quoted = Target::parse("host=localhost password = 'a \\' b' user=ann").unwrap();
        assert_eq!(quoted.without_password(), "host=localhost user=ann");
        assert_eq!(quoted.config.get_password(), Some(&b"a ' b"[..]));
        let plain = Target::parse("postgres://ann@db.example.org/plans").unwrap();
        assert!(!plain.has_password());
        assert_eq!(plain.without_password(), "postgres://ann@db.example.org/plans");
    }

    /// verify-ca accepts a certificate made out to another name from a trusted authority, and
    /// nothing from an unknown one. (The system's store is extended with a test authority here;
    /// the platform verifier allows that on Linux and the BSDs.)
    #[cfg(not(any(target_os = "android", target_os = "macos", target_os = "ios", target_os = "windows")))]
    #[test]
    fn verify_ca_checks_the_chain_but_not_the_name() {
        use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
        let mut authority = CertificateParams::new(Vec::<String>::new()).unwrap();
        authority.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let authority = CertifiedIssuer::self_signed(authority, KeyPair::generate().unwrap()).unwrap();
        let key = KeyPair::generate().unwrap();
        let server =
            CertificateParams::new(vec!["db.example.org".to_string()]).unwrap().signed_by(&key, &authority).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let full = || {
            rustls_platform_verifier::Verifier::new_with_extra_roots([authority.der().clone()], provider.clone())
                .unwrap()
        };
        let name = |n: &str| ServerName::try_from(n.to_string()).unwrap();
        let now = UnixTime::now();
        assert!(full().verify_server_cert(server.der(), &[], &name("db.example.org"), &[], now).is_ok());
        assert!(full().verify_server_cert(server.der(), &[], &name("other.example.org"), &[], now).is_err());
        let ca_only = AnyName(full());
        assert!(ca_only.verify_server_cert(server.der(), &[], &name("other.example.org"), &[], now).is_ok());
        let stranger = rcgen::generate_simple_self_signed(["db.example.org".to_string()]).unwrap();
        assert!(ca_only.verify_server_cert(stranger.cert.der(), &[], &name("db.example.org"), &[], now).is_err());
    }

    #[test]
    fn the_schema_is_idempotent_and_append_only() {
        let sql = init_sql();
        assert!(sql.contains("CREATE TABLE IF NOT EXISTS mpplan_ops"));
        assert!(sql.contains("GRANT SELECT, INSERT ON mpplan_ops TO mpplan_member"));
        assert!(sql.contains("BEFORE UPDATE OR DELETE OR TRUNCATE"));
        assert!(sql.contains("('schema_version', '1')"));
    }
}
