//! Intervals kept sorted by start with a running maximum of their ends, so that "which interval
//! holds this point?" and "does anything overlap this range?" are binary searches, not scans, and
//! stay correct when intervals overlap or nest.

/// Intervals with a payload each, sorted by start.
#[derive(Debug, Clone)]
pub(crate) struct Intervals<T, P> {
    starts: Vec<T>,
    ends: Vec<T>,
    payloads: Vec<P>,
    /// `widest[i]`: the index, among intervals `0..=i`, of the one that ends last.
    widest: Vec<usize>,
}

impl<T: Ord + Copy, P> Default for Intervals<T, P> {
    fn default() -> Self {
        Intervals { starts: Vec::new(), ends: Vec::new(), payloads: Vec::new(), widest: Vec::new() }
    }
}

impl<T: Ord + Copy, P> Intervals<T, P> {
    /// Builds from `(start, end, payload)` triples in any order; those with `end < start` are dropped.
    pub(crate) fn new(items: impl IntoIterator<Item = (T, T, P)>) -> Self {
        let mut items: Vec<(T, T, P)> = items.into_iter().filter(|(start, end, _)| start <= end).collect();
        items.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut out = Intervals::default();
        for (start, end, payload) in items {
            let i = out.starts.len();
            let widest = match out.widest.last() {
                Some(&w) if out.ends[w] >= end => w,
                _ => i,
            };
            out.starts.push(start);
            out.ends.push(end);
            out.payloads.push(payload);
            out.widest.push(widest);
        }
        out
    }

    /// The earliest start and the latest end, if there is any interval.
    pub(crate) fn span(&self) -> Option<(T, T)> {
        Some((*self.starts.first()?, self.ends[*self.widest.last()?]))
    }

    /// The payload of an interval holding `point`, reading intervals as closed (`start..=end`).
    /// When several do, the one reaching furthest is chosen.
    pub(crate) fn containing(&self, point: T) -> Option<&P> {
        let n = self.starts.partition_point(|&start| start <= point);
        let w = *self.widest.get(n.checked_sub(1)?)?;
        (self.ends[w] >= point).then(|| &self.payloads[w])
    }

    /// Whether an interval overlaps `from..until`, reading all intervals as half-open.
    pub(crate) fn overlaps(&self, from: T, until: T) -> bool {
        let n = self.starts.partition_point(|&start| start < until);
        match n.checked_sub(1) {
            Some(i) => self.ends[self.widest[i]] > from,
            None => false,
        }
    }

    /// Every interval as `(start, end, payload)`, sorted by start.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (T, T, &P)> {
        self.starts.iter().zip(&self.ends).zip(&self.payloads).map(|((&s, &e), p)| (s, e, p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn nested_and_overlapping_intervals_are_found() {
        let set = Intervals::new([(1, 100, 'a'), (5, 8, 'b'), (20, 30, 'c'), (200, 210, 'd')]);
        assert_eq!(set.containing(0), None);
        assert_eq!(set.containing(25), Some(&'a'));
        assert_eq!(set.containing(100), Some(&'a'));
        assert_eq!(set.containing(150), None);
        assert_eq!(set.containing(210), Some(&'d'));
        assert!(set.overlaps(99, 101));
        assert!(!set.overlaps(100, 200));
        assert_eq!(set.span(), Some((1, 210)));
        assert_eq!(Intervals::<i32, ()>::new([(5, 1, ())]).span(), None);
    }

    proptest! {
        #[test]
        fn agrees_with_a_scan(items in prop::collection::vec((0i32..200, 0i32..40), 0..20), point in -5i32..260,
                              len in 0i32..30) {
            let items: Vec<(i32, i32, usize)> =
                items.iter().enumerate().map(|(i, &(s, l))| (s, s + l, i)).collect();
            let set = Intervals::new(items.clone());
            let held = items.iter().any(|&(s, e, _)| s <= point && point <= e);
            prop_assert_eq!(set.containing(point).is_some(), held);
            if let Some(&i) = set.containing(point) {
                prop_assert!(items[i].0 <= point && point <= items[i].1);
            }
            let overlapped = items.iter().any(|&(s, e, _)| s < point + len && point < e);
            prop_assert_eq!(set.overlaps(point, point + len), overlapped);
        }
    }
}
