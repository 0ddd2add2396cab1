//! Resolving what a user types for "MP" to one seat: an ONS constituency code, a Parliament member
//! id, or an unambiguous case- and accent-insensitive part of a constituency or MP name.

use crate::domain::mps::names::display_name;
use crate::domain::text::fold;

/// One seat as the resolver sees it. `search` keys are [`fold`]ed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub code: String,
    pub constituency: String,
    pub mp_name: String,
    pub member_id: Option<i64>,
}

impl Candidate {
    /// "Leeds South (Hilary Benn)", or "Leeds South (vacant)".
    pub fn describe(&self) -> String {
        if self.mp_name.is_empty() {
            format!("{} (vacant)", self.constituency)
        } else {
            format!("{} ({})", self.constituency, self.mp_name)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    One(usize),
    /// Several seats match; indexes of up to [`MAX_LISTED`] of them, best first.
    Ambiguous {
        total: usize,
        shown: Vec<usize>,
    },
    /// Nothing matches; indexes of the closest names, best first.
    NotFound {
        closest: Vec<usize>,
    },
}

pub const MAX_LISTED: usize = 10;
const CLOSEST: usize = 3;

/// Finds the seat `query` names among `candidates`.
///
/// Order of precedence: an exact ONS code; an exact member id; an exact (folded) constituency or MP
/// name; then a part of a constituency or MP name, which must pick out one seat.
pub fn resolve(query: &str, candidates: &[Candidate]) -> Resolved {
    let trimmed = query.trim();
    if let Some(i) = candidates.iter().position(|c| c.code.eq_ignore_ascii_case(trimmed)) {
        return Resolved::One(i);
    }
    if let Ok(id) = trimmed.parse::<i64>()
        && let Some(i) = candidates.iter().position(|c| c.member_id == Some(id))
    {
        return Resolved::One(i);
    }
    let needle = fold(trimmed);
    if needle.is_empty() {
        return Resolved::NotFound { closest: Vec::new() };
    }
    // Names are kept without titles: "Sir Mark Tami" is looked for as "mark tami".
    let person = fold(&display_name(trimmed));
    let keys: Vec<(String, String)> = candidates.iter().map(|c| (fold(&c.constituency), fold(&c.mp_name))).collect();

    let exact: Vec<usize> = matching(&keys, |(seat, mp)| *seat == needle || *mp == needle || *mp == person);
    if exact.len() == 1 {
        return Resolved::One(exact[0]);
    }
    let partial: Vec<usize> = if exact.is_empty() {
        matching(&keys, |(seat, mp)| seat.contains(&needle) || mp.contains(&needle) || mp.contains(&person))
    } else {
        exact
    };
    match partial.len() {
        0 => Resolved::NotFound { closest: closest(&needle, &keys) },
        1 => Resolved::One(partial[0]),
        total => {
            let mut shown = partial;
            // Names that start with the query are the likeliest meaning; then alphabetical.
            shown.sort_by_key(|&i| {
                let (seat, mp) = &keys[i];
                let starts = seat.starts_with(&needle) || mp.starts_with(&needle);
                (!starts, candidates[i].constituency.clone())
            });
            shown.truncate(MAX_LISTED);
            Resolved::Ambiguous { total, shown }
        }
    }
}

fn matching(keys: &[(String, String)], pred: impl Fn(&(String, String)) -> bool) -> Vec<usize> {
    keys.iter().enumerate().filter(|(_, k)| pred(k)).map(|(i, _)| i).collect()
}

/// The seats whose constituency or MP name is most like `needle` (Jaro-Winkler similarity).
fn closest(needle: &str, keys: &[(String, String)]) -> Vec<usize> {
    let mut scored: Vec<(f64, usize)> = keys
        .iter()
        .enumerate()
        .map(|(i, (seat, mp))| (strsim::jaro_winkler(needle, seat).max(strsim::jaro_winkler(needle, mp)), i))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(CLOSEST).map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn seat(code: &str, constituency: &str, mp: &str, id: i64) -> Candidate {
        Candidate { code: code.into(), constituency: constituency.into(), mp_name: mp.into(), member_id: Some(id) }
    }

    fn fixture() -> Vec<Candidate> {
        vec![
            seat("E14001319", "Leeds Central and Headingley", "Alex Sobel", 4658),
            seat("E14001323", "Leeds South", "Hilary Benn", 413),
            seat("E14001320", "Leeds East", "Richard Burgon", 4493),
            seat("N05000001", "Belfast East", "Gavin Robinson", 4633),
            seat("W07000081", "Ynys Môn", "Llinos Medi", 5200),
            seat("E14001063", "Bath", "Wera Hobhouse", 4615),
            seat("E14001064", "Bathgate Example", "Someone Else", 9999),
        ]
    }

    #[test]
    fn code_and_member_id_resolve_exactly() {
        let c = fixture();
        assert_eq!(resolve("e14001323", &c), Resolved::One(1));
        assert_eq!(resolve("413", &c), Resolved::One(1));
        assert_eq!(resolve(" 4493 ", &c), Resolved::One(2));
    }

    #[test]
    fn unambiguous_parts_of_names_resolve() {
        let c = fixture();
        assert_eq!(resolve("headingley", &c), Resolved::One(0));
        assert_eq!(resolve("BENN", &c), Resolved::One(1));
        assert_eq!(resolve("ynys mon", &c), Resolved::One(4), "accents are ignored");
        assert_eq!(resolve("YNYS MÔN", &c), Resolved::One(4));
    }

    #[test]
    fn a_name_typed_with_its_title_finds_the_mp() {
        let c = fixture();
        assert_eq!(resolve("Mr Hilary Benn", &c), Resolved::One(1));
        assert_eq!(resolve("rt hon hilary benn mp", &c), Resolved::One(1));
        assert_eq!(resolve("Dr Sobel", &c), Resolved::One(0));
    }

    #[test]
    fn an_exact_name_beats_longer_names_containing_it() {
        assert_eq!(resolve("bath", &fixture()), Resolved::One(5));
    }

    #[test]
    fn ambiguous_parts_list_the_candidates() {
        match resolve("leeds", &fixture()) {
            Resolved::Ambiguous { total, shown } => {
                assert_eq!(total, 3);
                assert_eq!(shown, vec![0, 2, 1], "alphabetical among names starting with the query");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ambiguity_lists_at_most_ten() {
        let many: Vec<Candidate> = (0..25).map(|i| seat(&format!("E{i}"), &format!("Town {i}"), "X", i)).collect();
        match resolve("town", &many) {
            Resolved::Ambiguous { total, shown } => {
                assert_eq!((total, shown.len()), (25, MAX_LISTED))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_match_suggests_the_closest_names() {
        match resolve("Leeds Suoth", &fixture()) {
            Resolved::NotFound { closest } => assert_eq!(closest[0], 1),
            other => panic!("{other:?}"),
        }
        assert_eq!(resolve("   ", &fixture()), Resolved::NotFound { closest: vec![] });
    }

    proptest! {
        #[test]
        fn resolve_never_panics_and_indexes_are_in_range(q in "\\PC{0,30}") {
            let c = fixture();
            match resolve(&q, &c) {
                Resolved::One(i) => prop_assert!(i < c.len()),
                Resolved::Ambiguous { total, shown } => {
                    prop_assert!(total > 1 && shown.len() <= MAX_LISTED);
                    prop_assert!(shown.iter().all(|&i| i < c.len()));
                }
                Resolved::NotFound { closest } => prop_assert!(closest.iter().all(|&i| i < c.len())),
            }
        }

        #[test]
        fn every_seat_resolves_by_its_own_code_id_and_constituency(i in 0usize..7) {
            let c = fixture();
            prop_assert_eq!(resolve(&c[i].code, &c), Resolved::One(i));
            prop_assert_eq!(resolve(&c[i].member_id.unwrap().to_string(), &c), Resolved::One(i));
            prop_assert_eq!(resolve(&c[i].constituency.to_uppercase(), &c), Resolved::One(i));
        }
    }
}
