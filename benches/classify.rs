//! Classifying one million random slots against the shipped calendar (target: under one second),
//! and one date on its own.

use std::hint::black_box;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use criterion::{Criterion, criterion_group, criterion_main};
use mpplan::domain::calendar::{CalendarData, Flag, Hours, ProposalKind};

const SLOTS: usize = 1_000_000;

/// A fixed-seed linear congruential generator: the same slots on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// Slots starting on a quarter hour from 2023 to 2028 (inside and beyond the data), 15 minutes to
/// 8 hours long, of every kind.
fn random_slots() -> Vec<(NaiveDateTime, NaiveDateTime, ProposalKind)> {
    let base = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
    let mut rng = Lcg(2026);
    (0..SLOTS)
        .map(|_| {
            let start = base + TimeDelta::minutes(15 * rng.next(6 * 366 * 24 * 4) as i64);
            let end = start + TimeDelta::minutes(15 * (1 + rng.next(32)) as i64);
            let kind = ProposalKind::ALL[rng.next(ProposalKind::ALL.len() as u64) as usize];
            (start, end, kind)
        })
        .collect()
}

fn classify(c: &mut Criterion) {
    let cal = CalendarData::from_dataset(&mpplan::data::shipped().expect("the shipped data parses"));
    let hours = Hours::default();
    let slots = random_slots();

    let mut group = c.benchmark_group("classify");
    group.sample_size(10);
    group.bench_function("1M random slots", |b| {
        b.iter(|| {
            slots
                .iter()
                .filter(|&&(start, end, kind)| cal.classify_slot(start, end, kind, &hours).flag == Flag::Conflict)
                .count()
        })
    });
    group.finish();

    let date = NaiveDate::from_ymd_opt(2025, 4, 15).unwrap();
    c.bench_function("classify_day", |b| b.iter(|| cal.classify_day(black_box(date))));
}

criterion_group!(benches, classify);
criterion_main!(benches);
