//! The shared log in the organisation's PostgreSQL: a table every copy appends its operations to
//! (`mpplan_ops`), created once by `mpplan sync init` or by a DBA from [`init_sql`].
//!
//! Where the server is comes from a [`Target`] (a `postgres://` URL or a libpq `key=value` string);
//! the password comes from [`Passwords`] and is never written anywhere by mpplan. A server other
//! than this machine is only spoken to over TLS with its certificate checked against the system's
//! certificate store.

//!
//! `target` reads where the server is, `passwords` where the password comes from, `tls` how the
//! server's certificate is checked; the log itself is here, its schema in `schema.sql`.

mod passwords;
mod target;
#[cfg(test)]
mod tests;
mod tls;

use std::fmt;
use std::io;
use std::time::Duration;

use postgres::Client;
use postgres::error::SqlState;
use serde_json::Value;
use uuid::Uuid;

use super::{SharedLog, SyncError};
use crate::domain::sync::clock::Stamp;
use crate::domain::sync::op::Op;

pub use passwords::{Passwords, Prompt, pgpass_lookup};
pub use target::{Target, Tls};
use tls::Connector;

/// How long to wait for a server to answer a connection before calling it offline.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Operations sent in one INSERT statement.
const BATCH: usize = 1000;
/// The version of the shared schema this build of mpplan reads and writes.
const SCHEMA_VERSION: &str = "1";

/// The shared schema, for `mpplan sync init` and for a DBA to read and run (`--print-sql`).
/// Running it again changes nothing.
pub fn init_sql() -> &'static str {
    include_str!("schema.sql")
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
