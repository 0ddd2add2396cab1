//! A hybrid logical clock: wall-clock milliseconds, with a counter for changes made within the same
//! millisecond or stamped after one seen from a copy whose clock runs ahead. Stamps only ever rise
//! on one copy, a stamp received from another copy moves this one past it, and they order like the
//! wall clock whenever the clocks agree. Written as text, stamps sort as they order.

use std::fmt;

/// One stamp: when, and which of the changes made at that moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Stamp {
    /// Milliseconds since 1970 (UTC), as the wall clock read, or as late as a stamp seen.
    pub millis: i64,
    /// Changes stamped before in the same millisecond.
    pub counter: u32,
}

/// The clock of one copy: the last stamp it gave or saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Clock {
    last: Stamp,
}

impl Clock {
    /// A clock that has given or seen `last`.
    pub fn after(last: Stamp) -> Clock {
        Clock { last }
    }

    pub fn last(&self) -> Stamp {
        self.last
    }

    /// The stamp for a change made now (`now_millis` by the wall clock): later than every stamp
    /// this clock has given or seen, even when the wall clock has gone back.
    pub fn tick(&mut self, now_millis: i64) -> Stamp {
        self.last =
            if now_millis > self.last.millis { Stamp { millis: now_millis, counter: 0 } } else { self.last.next() };
        self.last
    }

    /// Notes a stamp from another copy, so that every change made here afterwards is stamped later.
    pub fn see(&mut self, seen: Stamp) {
        self.last = self.last.max(seen);
    }
}

impl Stamp {
    /// The stamp just after this one.
    fn next(self) -> Stamp {
        match self.counter.checked_add(1) {
            Some(counter) => Stamp { millis: self.millis, counter },
            None => Stamp { millis: self.millis + 1, counter: 0 },
        }
    }

    /// When the stamp was given, on London's wall clock; None when out of chrono's range.
    pub fn london(self) -> Option<chrono::NaiveDateTime> {
        use chrono::TimeZone;
        let utc = chrono::Utc.timestamp_millis_opt(self.millis).single()?;
        Some(utc.with_timezone(&chrono_tz::Europe::London).naive_local())
    }

    /// Reads a stamp as [`Display`](fmt::Display) writes it.
    pub fn parse(text: &str) -> Option<Stamp> {
        let (millis, counter) = text.split_once('.')?;
        if millis.len() != 15 || counter.len() != 10 {
            return None;
        }
        Some(Stamp { millis: millis.parse().ok()?, counter: counter.parse().ok()? })
    }
}

impl fmt::Display for Stamp {
    /// Fixed width, so that stamps sort as text as they order: "001764064800000.0000000003".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:015}.{:010}", self.millis.max(0), self.counter)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_stamp_reads_as_londons_wall_clock() {
        // 2026-07-01 09:00 UTC is 10:00 in London (BST); 2026-12-01 09:00 UTC is 09:00 (GMT).
        let summer = Stamp { millis: 1_782_896_400_000, counter: 4 };
        assert_eq!(summer.london().unwrap().to_string(), "2026-07-01 10:00:00");
        let winter = Stamp { millis: 1_796_115_600_000, counter: 0 };
        assert_eq!(winter.london().unwrap().to_string(), "2026-12-01 09:00:00");
    }

    #[test]
    fn a_clock_follows_the_wall_clock_and_counts_within_a_millisecond() {
        let mut clock = Clock::default();
        assert_eq!(clock.tick(1_000), Stamp { millis: 1_000, counter: 0 });
        assert_eq!(clock.tick(1_000), Stamp { millis: 1_000, counter: 1 });
        assert_eq!(clock.tick(2_000), Stamp { millis: 2_000, counter: 0 });
        // The wall clock goes back an hour: stamps still rise.
        assert_eq!(clock.tick(2_000 - 3_600_000), Stamp { millis: 2_000, counter: 1 });
        // A copy whose clock runs ahead: what is stamped here next comes after what it sent.
        clock.see(Stamp { millis: 9_000, counter: 4 });
        assert_eq!(clock.tick(3_000), Stamp { millis: 9_000, counter: 5 });
        clock.see(Stamp { millis: 1, counter: 0 });
        assert_eq!(clock.last(), Stamp { millis: 9_000, counter: 5 }, "an older stamp changes nothing");
        let full = Stamp { millis: 5, counter: u32::MAX };
        assert_eq!(Clock::after(full).tick(0), Stamp { millis: 6, counter: 0 });
    }

    #[test]
    fn stamps_are_written_so_that_they_sort_as_text() {
        let stamp = Stamp { millis: 1_764_064_800_000, counter: 3 };
        assert_eq!(stamp.to_string(), "001764064800000.0000000003");
        assert_eq!(Stamp::parse(&stamp.to_string()), Some(stamp));
        for bad in ["", "1.2", "001764064800000-0000000003", "00176406480000x.0000000003"] {
            assert_eq!(Stamp::parse(bad), None, "{bad}");
        }
    }

    proptest! {
        /// Whatever the wall clock reads and whatever other copies send, each stamp a clock gives
        /// is later than everything it gave or saw before.
        #[test]
        fn stamps_only_rise(events in proptest::collection::vec((any::<bool>(), 0i64..1_000_000, 0u32..5), 1..60)) {
            let mut clock = Clock::default();
            let mut highest = Stamp::default();
            for (local, millis, counter) in events {
                if local {
                    let stamp = clock.tick(millis);
                    prop_assert!(stamp > highest);
                    prop_assert!(stamp.millis >= millis);
                    highest = stamp;
                } else {
                    let seen = Stamp { millis, counter };
                    clock.see(seen);
                    highest = highest.max(seen);
                }
                let (a, b) = (highest, clock.last());
                prop_assert_eq!(a.cmp(&b), a.to_string().cmp(&b.to_string()));
            }
        }
    }
}
