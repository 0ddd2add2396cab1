//! Parties' short names, for a column too narrow for the full one: "SNP" rather than "Scottish
//! Nationa". The short forms are the usual abbreviations; a party not listed keeps its name.

/// (full name as Parliament gives it, short name).
const SHORT: [(&str, &str); 18] = [
    ("Labour", "Lab"),
    ("Labour (Co-op)", "Lab Co-op"),
    ("Conservative", "Con"),
    ("Liberal Democrat", "LD"),
    ("Scottish National Party", "SNP"),
    ("Reform UK", "Reform"),
    ("Green Party", "Green"),
    ("Plaid Cymru", "PC"),
    ("Sinn Féin", "SF"),
    ("Democratic Unionist Party", "DUP"),
    ("Social Democratic & Labour Party", "SDLP"),
    ("Ulster Unionist Party", "UUP"),
    ("Traditional Unionist Voice", "TUV"),
    ("Alliance", "Alliance"),
    ("Independent", "Ind"),
    ("Speaker", "Speaker"),
    ("Your Party", "Your Party"),
    ("Restore Britain", "Restore"),
];

/// The party's short name, or its name when it has none listed.
pub fn short_party(name: &str) -> &str {
    SHORT.iter().find(|(full, _)| full.eq_ignore_ascii_case(name.trim())).map_or(name, |(_, short)| short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parties_shorten_deliberately_and_others_keep_their_name() {
        assert_eq!(short_party("Scottish National Party"), "SNP");
        assert_eq!(short_party("Labour (Co-op)"), "Lab Co-op");
        assert_eq!(short_party("Social Democratic & Labour Party"), "SDLP");
        assert_eq!(short_party("Workers Party of Britain"), "Workers Party of Britain");
    }

    #[test]
    fn every_party_of_the_shipped_mps_has_a_short_name_of_ten_letters_at_most() {
        let shipped = crate::data::shipped().unwrap();
        for seat in &shipped.seats {
            let short = short_party(&seat.party);
            assert!(short.chars().count() <= 10, "{} → {short}", seat.party);
        }
    }
}
