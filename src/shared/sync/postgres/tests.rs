use std::sync::Arc;

use rustls::client::danger::ServerCertVerifier;
use rustls::pki_types::{ServerName, UnixTime};

use super::passwords::read_pgpass;
use super::tls::AnyName;
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
    let url = Target::parse("postgres://ann:s3cret@db.example.org:6543/plans?sslmode=verify-ca&password=x").unwrap();
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
        rustls_platform_verifier::Verifier::new_with_extra_roots([authority.der().clone()], provider.clone()).unwrap()
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
