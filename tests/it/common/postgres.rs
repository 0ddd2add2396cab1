//! A real PostgreSQL server for the team sync tests: a cluster of its own in a temporary folder,
//! listening on a free loopback port, stopped when the test ends.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// The database every server is started with.
pub const DATABASE: &str = "mpplan_test";

/// How a server is set up.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Logins need this password (scram-sha-256) instead of being trusted.
    pub password: Option<String>,
    /// Keep fsync on, for a test that needs what was committed to survive a crash.
    pub durable: bool,
    /// Serve TLS with a self-signed certificate for `localhost` and `127.0.0.1`, and accept TCP
    /// connections only over TLS (the socket stays plain, for [`TestServer::admin`]).
    pub tls: bool,
}

pub struct TestServer {
    /// Holds the cluster, its socket and its log; deleted after the server stops.
    dir: TempDir,
    bin: PathBuf,
    port: u16,
    options: Options,
    /// Run as the `postgres` system user (the tests run as root, which PostgreSQL refuses).
    as_postgres: bool,
    running: bool,
}

/// A server started with trust logins, or None (with a message) when PostgreSQL is not
/// installed; under CI a missing PostgreSQL fails the test instead.
pub fn server() -> Option<TestServer> {
    server_with(Options::default())
}

/// As [`server`], set up as `options` say.
pub fn server_with(options: Options) -> Option<TestServer> {
    let Some(bin) = bin_dir() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "under CI the team sync tests need PostgreSQL (initdb, pg_ctl); .ci/run installs it"
        );
        eprintln!("skipping a PostgreSQL test: initdb and pg_ctl not found (set MPPLAN_TEST_PG_BIN)");
        return None;
    };
    Some(TestServer::start_new(bin, options))
}

/// Where `initdb` and `pg_ctl` are: `MPPLAN_TEST_PG_BIN`, else `pg_config --bindir`, else the
/// newest `/usr/lib/postgresql/*/bin`.
fn bin_dir() -> Option<PathBuf> {
    let has_tools = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os("MPPLAN_TEST_PG_BIN").map(PathBuf::from) {
        return has_tools(&dir).then_some(dir);
    }
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if has_tools(&dir) {
            return Some(dir);
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, dir)| has_tools(dir))
        .collect();
    versions.sort();
    versions.pop().map(|(_, dir)| dir)
}

/// The `postgres` system user's uid and gid.
fn postgres_user() -> (u32, u32) {
    let id = |flag: &str| {
        let out = Command::new("id").args([flag, "postgres"]).output().expect("run id");
        assert!(out.status.success(), "tests run as root need the postgres system user to run PostgreSQL");
        String::from_utf8_lossy(&out.stdout).trim().parse::<u32>().expect("a numeric id")
    };
    (id("-u"), id("-g"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl TestServer {
    fn start_new(bin: PathBuf, options: Options) -> TestServer {
        // In /tmp rather than TMPDIR: the socket's path must stay short (about 100 bytes at
        // most), and the postgres user must be able to reach the folder.
        let dir = tempfile::Builder::new().prefix("mpplan-pg").tempdir_in("/tmp").unwrap();
        let as_postgres = unsafe { libc::geteuid() } == 0;
        std::fs::create_dir(dir.path().join("sock")).unwrap();
        if as_postgres {
            let (uid, gid) = postgres_user();
            for path in [dir.path().to_path_buf(), dir.path().join("sock")] {
                std::os::unix::fs::chown(&path, Some(uid), Some(gid)).unwrap();
            }
        }
        let mut server = TestServer { dir, bin, port: 0, options, as_postgres, running: false };
        server.initdb();
        for _ in 0..5 {
            server.port = free_port();
            if server.try_start() {
                server.create_database(DATABASE);
                return server;
            }
        }
        panic!("PostgreSQL did not start:\n{}", server.log());
    }

    /// A command of PostgreSQL's, run as the `postgres` user when the tests run as root.
    fn tool(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        if self.as_postgres {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(program);
            cmd
        } else {
            Command::new(program)
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn initdb(&self) {
        let mut cmd = self.tool("initdb");
        cmd.args(["--no-sync", "-U", "postgres", "-E", "UTF8", "--locale=C", "-D"]).arg(self.data());
        if let Some(password) = &self.options.password {
            let file = self.dir.path().join("pwfile");
            std::fs::write(&file, format!("{password}\n")).unwrap();
            if self.as_postgres {
                let (uid, gid) = postgres_user();
                std::os::unix::fs::chown(&file, Some(uid), Some(gid)).unwrap();
            }
            cmd.arg("--auth=scram-sha-256").arg(format!("--pwfile={}", file.display()));
        } else {
            cmd.args(["-A", "trust"]);
        }
        let out = cmd.output().expect("run initdb");
        assert!(out.status.success(), "initdb failed:\n{}", String::from_utf8_lossy(&out.stderr));
        if self.options.tls {
            let key = rcgen::generate_simple_self_signed(["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
            self.write_owned("server.crt", &key.cert.pem());
            self.write_owned("server.key", &key.signing_key.serialize_pem());
            self.write_owned("pg_hba.conf", "local all all trust\nhostssl all all 127.0.0.1/32 trust\n");
        }
    }

    /// Writes a file into the cluster's folder, readable only by the server's user.
    fn write_owned(&self, name: &str, contents: &str) {
        use std::os::unix::fs::PermissionsExt;
        let path = self.data().join(name);
        std::fs::write(&path, contents).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        if self.as_postgres {
            let (uid, gid) = postgres_user();
            std::os::unix::fs::chown(&path, Some(uid), Some(gid)).unwrap();
        }
    }

    fn try_start(&mut self) -> bool {
        let mut opts = format!(
            "-k {} -c listen_addresses=127.0.0.1 -p {} -c max_connections=40 -c shared_buffers=16MB",
            self.dir.path().join("sock").display(),
            self.port
        );
        if self.options.tls {
            opts.push_str(" -c ssl=on");
        }
        if !self.options.durable {
            opts.push_str(" -F -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        }
        let out = self
            .tool("pg_ctl")
            .args(["start", "-w", "-t", "30", "-D"])
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.path().join("log"))
            .args(["-o", &opts])
            .output()
            .expect("run pg_ctl");
        self.running = out.status.success();
        self.running
    }

    /// The server's log, for a failure message.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The address of [`DATABASE`] over loopback TCP, as the superuser `postgres`.
    pub fn url(&self) -> String {
        self.url_for("postgres", DATABASE)
    }

    /// The address of `database` as `user`.
    pub fn url_for(&self, user: &str, database: &str) -> String {
        format!("postgres://{user}@127.0.0.1:{}/{database}", self.port)
    }

    /// A plain client as the superuser through the server's socket, for setting a test up.
    pub fn admin(&self, database: &str) -> postgres::Client {
        let mut config = postgres::Config::new();
        config.host_path(self.dir.path().join("sock")).port(self.port).user("postgres").dbname(database);
        if let Some(password) = &self.options.password {
            config.password(password);
        }
        config.connect(postgres::NoTls).unwrap()
    }

    pub fn create_database(&self, name: &str) {
        self.admin("postgres").batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    }

    /// Stops the server (fast: connections are closed) and keeps its data.
    pub fn stop(&mut self) {
        self.pg_ctl_stop("fast");
    }

    /// Starts the stopped server again, on the same port with the same data.
    pub fn start(&mut self) {
        assert!(!self.running, "the server is running already");
        assert!(self.try_start(), "PostgreSQL did not start again:\n{}", self.log());
    }

    pub fn restart(&mut self) {
        self.stop();
        self.start();
    }

    fn pg_ctl_stop(&mut self, mode: &str) {
        if !self.running {
            return;
        }
        let _ = self.tool("pg_ctl").args(["stop", "-w", "-m", mode, "-D"]).arg(self.data()).output();
        self.running = false;
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.pg_ctl_stop("immediate");
    }
}
