//! Reading the feeds over HTTPS: one blocking client, the operating system's certificate store
//! (networks that inspect TLS with their own authority are trusted as the machine trusts them),
//! HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY honoured, a time limit on every request, and a
//! bounded retry with backoff when a server is busy (429) or failing (5xx).

use std::io::ErrorKind;
use std::thread;
use std::time::Duration;

use ureq::Agent;
use ureq::tls::{RootCerts, TlsConfig};

use super::{Fetch, Request, UpdateError};

/// How many times a request is tried when the server answers 429 or 5xx.
pub const ATTEMPTS: u32 = 3;

/// The largest document read: the member pages are about 30 KB each.
const MAX_BODY: u64 = 20 * 1024 * 1024;

/// A client for the feeds.
pub struct HttpFetch {
    agent: Agent,
    timeout: Duration,
    /// The first wait before trying again; each later wait doubles it.
    backoff: Duration,
}

impl HttpFetch {
    /// A client whose every request must be answered in full within `timeout`.
    pub fn new(timeout: Duration) -> HttpFetch {
        let agent: Agent = Agent::config_builder()
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout.min(Duration::from_secs(15))))
            .user_agent(format!("mpplan/{} (an NHS organisation's MP engagement planner)", env!("CARGO_PKG_VERSION")))
            .tls_config(TlsConfig::builder().root_certs(RootCerts::PlatformVerifier).build())
            .proxy(ureq::Proxy::try_from_env())
            .http_status_as_error(false)
            .build()
            .into();
        HttpFetch { agent, timeout, backoff: Duration::from_millis(500) }
    }

    /// The same client waiting `backoff` before its first retry.
    pub fn with_backoff(mut self, backoff: Duration) -> HttpFetch {
        self.backoff = backoff;
        self
    }

    fn describe(&self, request: &Request, e: &ureq::Error) -> String {
        let host = host(&request.url);
        let what = &request.what;
        match e {
            ureq::Error::Timeout(_) => format!(
                "{what} was not read within {} s from {host}; try again later, or allow longer with --timeout",
                self.timeout.as_secs()
            ),
            ureq::Error::Io(io) if io.to_string().contains("lookup address") => format!(
                "cannot find {host}: is this machine online? Behind a proxy, set HTTPS_PROXY; offline, use \
                 `mpplan update --urls` and `--from DIR`"
            ),
            ureq::Error::HostNotFound => format!(
                "cannot find {host}: is this machine online? Behind a proxy, set HTTPS_PROXY; offline, use \
                 `mpplan update --urls` and `--from DIR`"
            ),
            ureq::Error::Io(io)
                if matches!(
                    io.kind(),
                    ErrorKind::ConnectionRefused
                        | ErrorKind::ConnectionReset
                        | ErrorKind::ConnectionAborted
                        | ErrorKind::NotConnected
                        | ErrorKind::HostUnreachable
                        | ErrorKind::NetworkUnreachable
                        | ErrorKind::NetworkDown
                        | ErrorKind::AddrNotAvailable
                ) =>
            {
                format!(
                    "cannot connect to {host} ({}): is this machine online? Behind a proxy, set HTTPS_PROXY; \
                     offline, use `mpplan update --urls` and `--from DIR`",
                    io.kind()
                )
            }
            ureq::Error::ConnectionFailed => format!(
                "cannot connect to {host}: is this machine online? Behind a proxy, set HTTPS_PROXY; offline, use \
                 `mpplan update --urls` and `--from DIR`"
            ),
            ureq::Error::Tls(why) => format!(
                "the secure connection to {host} failed ({why}); if your network inspects TLS, its authority must be \
                 in this machine's certificate store"
            ),
            ureq::Error::Io(io) if io.kind() == ErrorKind::UnexpectedEof => {
                format!("{what} from {host} was cut off before its end; try again later")
            }
            ureq::Error::Io(io) if matches!(io.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => format!(
                "{what} was not read within {} s from {host}; try again later, or allow longer with --timeout",
                self.timeout.as_secs()
            ),
            ureq::Error::BodyExceedsLimit(_) => {
                format!("{what} from {host} is larger than any feed document should be")
            }
            ureq::Error::Io(io) => format!("{what} could not be read from {host}: {io}"),
            other => format!("{what} could not be read from {host}: {other}"),
        }
    }
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?']).next().unwrap_or(rest)
}

/// The wait a 429 or 503 asks for, in whole seconds, at most 30.
fn retry_after(response: &ureq::http::Response<ureq::Body>) -> Option<Duration> {
    let secs: u64 = response.headers().get("retry-after")?.to_str().ok()?.trim().parse().ok()?;
    Some(Duration::from_secs(secs.min(30)))
}

impl Fetch for HttpFetch {
    fn fetch(&mut self, request: &Request) -> Result<String, UpdateError> {
        let mut wait = self.backoff;
        let mut attempt = 1;
        loop {
            let mut response = self
                .agent
                .get(&request.url)
                .header("Accept", "application/json")
                .call()
                .map_err(|e| UpdateError::Fetch(self.describe(request, &e)))?;
            let status = response.status().as_u16();
            if status == 429 || status >= 500 {
                if attempt < ATTEMPTS {
                    thread::sleep(retry_after(&response).unwrap_or(wait));
                    wait *= 2;
                    attempt += 1;
                    continue;
                }
                return Err(UpdateError::Fetch(format!(
                    "{} from {}: the server answered {status} {} times; try again later",
                    request.what,
                    host(&request.url),
                    ATTEMPTS
                )));
            }
            if !(200..300).contains(&status) {
                return Err(UpdateError::Fetch(format!(
                    "{} from {}: the server answered {status} for {}",
                    request.what,
                    host(&request.url),
                    request.url
                )));
            }
            return response
                .body_mut()
                .with_config()
                .limit(MAX_BODY)
                .read_to_string()
                .map_err(|e| UpdateError::Fetch(self.describe(request, &e)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_named_without_their_paths() {
        assert_eq!(host("https://members-api.parliament.uk/api/Members/Search?x=1"), "members-api.parliament.uk");
        assert_eq!(host("http://127.0.0.1:8080/bank-holidays.json"), "127.0.0.1:8080");
        assert_eq!(host("nonsense"), "nonsense");
    }
}
