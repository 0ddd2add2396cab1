//! A whole `mpplan update` against a stand-in for the feeds on 127.0.0.1
//! (tests/it/common/feed_server.rs): 650 members on 33 pages, the offices, posts and interests of
//! ten tracked MPs, 18 months of sitting days and recesses, and the bank holidays; read, planned and
//! applied in one transaction to a fresh copy of a database. Target: 2 s.

#[path = "../tests/it/common/feed_server.rs"]
mod feed_server;

use std::path::Path;
use std::time::Duration;

use chrono::{Datelike, NaiveDate, Weekday};
use criterion::{Criterion, criterion_group, criterion_main};

use feed_server::{FeedServer, Fixture};
use mpplan::shared::fetch::{self, Feeds, Quiet, http::HttpFetch};
use mpplan::store::Store;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

/// A database as a user has it: the shipped data and ten seats tracked.
fn database(path: &Path) {
    let mut store = Store::open(path).unwrap();
    mpplan::data::ensure_loaded(&mut store).unwrap();
    let codes: Vec<String> = store.seats_now().unwrap().iter().take(10).map(|s| s.code.clone()).collect();
    for code in codes {
        store.track(&code, today()).unwrap();
    }
}

/// The fixture's calendar run on to 18 months ahead.
fn fixture() -> Fixture {
    let mut fixture = Fixture::new();
    let mut day = NaiveDate::from_ymd_opt(2027, 7, 1).unwrap();
    while day <= NaiveDate::from_ymd_opt(2028, 5, 24).unwrap() {
        if !matches!(day.weekday(), Weekday::Fri | Weekday::Sat | Weekday::Sun) {
            fixture.add_sitting_day(&day.to_string());
        }
        day = day.succ_opt().unwrap();
    }
    fixture
}

fn benches(c: &mut Criterion) {
    let server = FeedServer::start(fixture());
    let feeds = Feeds {
        members_api: format!("{}/api", server.base()),
        whatson_api: server.base(),
        bank_holidays: format!("{}/bank-holidays.json", server.base()),
    };
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.sqlite3");
    database(&template);
    let mut group = c.benchmark_group("update");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.bench_function("whole update: 650 members, 10 tracked, 18 months", |b| {
        b.iter_batched(
            || {
                let path = dir.path().join("copy.sqlite3");
                std::fs::copy(&template, &path).unwrap();
                Store::open(&path).unwrap()
            },
            |mut store| {
                let mut fetch = HttpFetch::new(Duration::from_secs(30));
                let prepared = fetch::prepare(&store, &mut fetch, "network", &feeds, today(), &mut Quiet).unwrap();
                assert!(prepared.plan.changes_anything());
                store.apply_update(&prepared.plan, &prepared.origin, today()).unwrap();
            },
            criterion::BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(update_benches, benches);
criterion_main!(update_benches);
