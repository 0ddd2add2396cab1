//! Parsing what a user types as a postcode: a full postcode ("LS1 4DY"), a sector ("LS1 4") or a
//! district ("LS1"), in any case and spacing.

use std::fmt;

use crate::domain::text::printable;

/// A parsed postcode query, in canonical upper-case form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Postcode {
    /// "LS1 4DY"
    Full { outward: String, inward: String },
    /// "LS1 4"
    Sector { outward: String, digit: char },
    /// "LS1"
    District { outward: String },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{}\" is not a postcode: {reason}; give a full postcode (LS1 4DY), a sector (LS1 4) or a district (LS1)",
    printable(.input)
)]
pub struct PostcodeError {
    pub input: String,
    pub reason: &'static str,
}

impl Postcode {
    pub fn parse(input: &str) -> Result<Postcode, PostcodeError> {
        let fail = |reason| PostcodeError { input: input.to_string(), reason };
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(fail("it is empty"));
        }
        if !trimmed.chars().all(|c| c.is_ascii_alphanumeric() || c.is_whitespace()) {
            return Err(fail("it may hold only letters, digits and spaces"));
        }
        let upper = trimmed.to_ascii_uppercase();
        let parts: Vec<&str> = upper.split_whitespace().collect();
        match parts.as_slice() {
            [outward, inward] => {
                let outward =
                    valid_outward(outward).ok_or_else(|| fail("its first part is not a postcode district"))?;
                if is_inward(inward) {
                    Ok(Postcode::Full { outward, inward: inward.to_string() })
                } else if inward.len() == 1 && inward.as_bytes()[0].is_ascii_digit() {
                    Ok(Postcode::Sector { outward, digit: inward.as_bytes()[0] as char })
                } else {
                    Err(fail("its second part should be a digit and two letters, like 4DY"))
                }
            }
            [single] => {
                if single.len() >= 5 && is_inward(&single[single.len() - 3..]) {
                    let (out, inward) = single.split_at(single.len() - 3);
                    if let Some(outward) = valid_outward(out) {
                        return Ok(Postcode::Full { outward, inward: inward.to_string() });
                    }
                }
                valid_outward(single)
                    .map(|outward| Postcode::District { outward })
                    .ok_or_else(|| fail("it does not have the shape of a postcode"))
            }
            _ => Err(fail("it has too many parts")),
        }
    }

    /// The district ("LS1"), present in every form.
    pub fn district(&self) -> &str {
        match self {
            Postcode::Full { outward, .. } | Postcode::Sector { outward, .. } | Postcode::District { outward } => {
                outward
            }
        }
    }

    /// The sector ("LS1 4"), when the query is precise enough to have one.
    pub fn sector(&self) -> Option<String> {
        match self {
            Postcode::Full { outward, inward } => Some(format!("{outward} {}", &inward[..1])),
            Postcode::Sector { outward, digit } => Some(format!("{outward} {digit}")),
            Postcode::District { .. } => None,
        }
    }

    /// Northern Ireland postcodes all start with BT; the shipped lookup covers Great Britain only.
    pub fn is_northern_ireland(&self) -> bool {
        let district = self.district();
        district.starts_with("BT") && district.as_bytes().get(2).is_some_and(u8::is_ascii_digit)
    }

    pub fn level(&self) -> &'static str {
        match self {
            Postcode::Full { .. } => "postcode",
            Postcode::Sector { .. } => "sector",
            Postcode::District { .. } => "district",
        }
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Postcode::Full { outward, inward } => write!(f, "{outward} {inward}"),
            Postcode::Sector { outward, digit } => write!(f, "{outward} {digit}"),
            Postcode::District { outward } => f.write_str(outward),
        }
    }
}

/// An outward code: one or two letters, a digit, then optionally one more letter or digit
/// (A9, A99, A9A, AA9, AA99, AA9A).
fn valid_outward(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let rest = &b[letters..];
    let ok = (1..=2).contains(&letters)
        && (1..=2).contains(&rest.len())
        && rest[0].is_ascii_digit()
        && rest.iter().all(u8::is_ascii_alphanumeric);
    ok.then(|| s.to_string())
}

/// An inward code: a digit and two letters (4DY).
fn is_inward(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 3 && b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> Postcode {
        Postcode::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn full_postcodes_in_any_case_and_spacing() {
        for input in ["LS1 4DY", "ls1 4dy", "ls14dy", "  Ls1   4Dy ", "LS14DY"] {
            assert_eq!(p(input), Postcode::Full { outward: "LS1".into(), inward: "4DY".into() }, "{input}");
        }
        assert_eq!(p("sw1a 0aa").to_string(), "SW1A 0AA");
        assert_eq!(p("M1 1AE").to_string(), "M1 1AE");
        assert_eq!(p("LS1 4DY").sector().as_deref(), Some("LS1 4"));
    }

    #[test]
    fn sectors_and_districts() {
        assert_eq!(p("ls1 4"), Postcode::Sector { outward: "LS1".into(), digit: '4' });
        assert_eq!(p("LS1"), Postcode::District { outward: "LS1".into() });
        assert_eq!(p("ec1a").district(), "EC1A");
        assert_eq!(p("LS1").sector(), None);
    }

    #[test]
    fn northern_ireland_is_recognised() {
        assert!(p("BT1 1AA").is_northern_ireland());
        assert!(p("bt7").is_northern_ireland());
        assert!(!p("B1 1AA").is_northern_ireland());
    }

    #[test]
    fn malformed_input_is_an_error_naming_it() {
        for bad in ["", "   ", "not a postcode", "LS1 4DYX", "123", "LS", "LS1 4D", "LS1 📮", "L", "LSS1 4DY"] {
            let err = Postcode::parse(bad).expect_err(bad);
            assert!(err.to_string().contains("is not a postcode"), "{err}");
        }
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,20}") {
            let _ = Postcode::parse(&s);
        }

        #[test]
        fn canonical_form_round_trips(
            area in "[A-Z]{1,2}", d in 0u8..10, extra in proptest::option::of("[0-9A-Z]"),
            sector in 0u8..10, unit in "[A-Z]{2}", lower in any::<bool>(), spaces in 0usize..3,
        ) {
            let outward = format!("{area}{d}{}", extra.unwrap_or_default());
            let canonical = format!("{outward} {sector}{unit}");
            let typed = format!("{outward}{}{sector}{unit}", " ".repeat(spaces));
            let typed = if lower { typed.to_lowercase() } else { typed };
            let parsed = Postcode::parse(&typed).unwrap();
            prop_assert_eq!(parsed.to_string(), canonical);
            prop_assert_eq!(Postcode::parse(&parsed.to_string()).unwrap(), parsed);
        }
    }
}
