//! Synthetic data for `mpplan demo` and the benchmarks: the size asked for, and a small seeded
//! random number generator so that one seed always gives the same data.

/// How much demo data to make, around "today".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSpec {
    /// How many seats are tracked (at most all 650), chosen in a seeded order.
    pub tracked: usize,
    /// Proposals spread from `days_before` today to `days_after` it.
    pub proposals: usize,
    pub days_before: u32,
    pub days_after: u32,
    /// Interactions spread over the `days_before` days up to today.
    pub interactions: usize,
    pub seed: u64,
}

impl DemoSpec {
    /// A few tracked MPs, a week of proposals around today and some contacts: for a first look.
    pub fn small(seed: u64) -> DemoSpec {
        DemoSpec { tracked: 6, proposals: 12, days_before: 3, days_after: 4, interactions: 18, seed }
    }

    /// A busy organisation's `years` of history: every seat tracked, seven tenths of the years
    /// behind today and the rest ahead.
    pub fn history(years: u32, proposals: usize, interactions: usize, seed: u64) -> DemoSpec {
        let days = years.saturating_mul(365);
        let days_before = days / 10 * 7;
        DemoSpec { tracked: usize::MAX, proposals, days_before, days_after: days - days_before, interactions, seed }
    }
}

/// SplitMix64: tiny, fast and good enough for made-up data; never for anything secret.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// True with probability `percent` in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Sixteen random bytes, for a UUID that the seed decides.
    pub fn bytes16(&mut self) -> [u8; 16] {
        let mut out = [0; 16];
        out[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        out[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        out
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i as u64 + 1) as usize);
        }
    }
}

pub const PLACES: [&str; 6] =
    ["Main hospital", "Community diagnostic centre", "Riverside clinic", "Maternity unit", "Head office", "GP surgery"];
pub const TITLES: [&str; 6] =
    ["Ward visit", "Urgent care briefing", "Winter pressures update", "New scanner opening", "Staff awards", ""];
pub const SUMMARIES: [&str; 8] = [
    "Introduced the trust and asked to meet",
    "Waiting times in the constituency",
    "Invitation to see the new diagnostic centre",
    "Thanks for the visit; notes attached",
    "Constituent casework: discharge delays",
    "Local press coverage of the opening",
    "Workforce and recruitment",
    "Update on the estates programme",
];
pub const TOPICS: [&str; 5] = [
    "waiting times",
    "urgent care, workforce",
    "mental health beds",
    "the new hospital programme",
    "primary care access",
];
pub const NOTES: [&str; 4] = [
    "Prefers Friday mornings; the caseworker is the best first contact.",
    "Member of the Health and Social Care Committee.",
    "",
    "Former nurse: interested in staffing.",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_seed_gives_one_sequence() {
        let a: Vec<u64> = (0..5).scan(Rng::new(7), |r, _| Some(r.next_u64())).collect();
        let b: Vec<u64> = (0..5).scan(Rng::new(7), |r, _| Some(r.next_u64())).collect();
        assert_eq!(a, b);
        assert_ne!(a, (0..5).scan(Rng::new(8), |r, _| Some(r.next_u64())).collect::<Vec<_>>());
    }

    #[test]
    fn history_splits_the_years_around_today() {
        let spec = DemoSpec::history(10, 5, 6, 1);
        assert_eq!((spec.days_before, spec.days_after), (2555, 1095));
        let mut rng = Rng::new(3);
        assert!((0..1000).all(|_| rng.below(7) < 7));
        let mut v: Vec<u32> = (0..50).collect();
        rng.shuffle(&mut v);
        v.sort_unstable();
        assert_eq!(v, (0..50).collect::<Vec<_>>());
    }
}
