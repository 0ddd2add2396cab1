//! Names for rows that two copies may create apart and must agree on. An engagement is its seat,
//! and a checklist item is its engagement and its key: each named by a UUID (version 5) made from
//! them, so the same seat tracked, or the same item ticked, on two laptops offline is one row when
//! they sync, not two. So is a sitting day the user added, by its day, and a site, by its name.
//! The organisation is one row on every copy.

use uuid::Uuid;

/// The namespace of the names made here (itself a version 5 UUID of "mpplan" in the URL namespace).
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://mpplan/sync")
}

/// The UUID of the engagement with the seat whose ONS code is `seat` ("E14001063").
pub fn engagement(seat: &str) -> String {
    Uuid::new_v5(&namespace(), format!("engagement/{}", seat.trim()).as_bytes()).to_string()
}

/// The UUID of the sitting day `day` ("2027-08-02") that came from `source` ("user", "import"):
/// the same day added on two copies is one row.
pub fn sitting_day(day: &str, source: &str) -> String {
    Uuid::new_v5(&namespace(), format!("sitting-day/{day}/{source}").as_bytes()).to_string()
}

/// The UUID of the organisation's site called `name`, in any ASCII case (as the sites' names are
/// told apart): the same site added on two copies is one row.
pub fn site(name: &str) -> String {
    Uuid::new_v5(&namespace(), format!("site/{}", name.trim().to_ascii_lowercase()).as_bytes()).to_string()
}

/// The name of the organisation's row in the shared log, the same on every copy.
pub fn organisation() -> String {
    Uuid::new_v5(&namespace(), b"organisation").to_string()
}

/// The UUID of the checklist item `key` ("2.1") of the engagement whose UUID is `engagement` (made
/// under that UUID; should it not be one, from both names under this module's namespace).
pub fn checklist_item(engagement: &str, key: &str) -> String {
    let name = format!("checklist-item/{key}");
    match Uuid::parse_str(engagement.trim()) {
        Ok(namespace) => Uuid::new_v5(&namespace, name.as_bytes()),
        Err(_) => Uuid::new_v5(&namespace(), format!("{}/{name}", engagement.trim()).as_bytes()),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_is_named_by_its_engagement_and_key_alone() {
        let engagement = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
        let item = checklist_item(engagement, "2.1");
        assert_eq!(checklist_item(engagement, "2.1"), item, "on every copy");
        assert_eq!(Uuid::parse_str(&item).unwrap().get_version_num(), 5);
        assert_ne!(checklist_item(engagement, "2.2"), item, "another key");
        assert_ne!(checklist_item("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "2.1"), item, "another engagement");
        assert_eq!(checklist_item("not a uuid", "2.1"), checklist_item("not a uuid", "2.1"));
        assert_ne!(checklist_item("not a uuid", "2.1"), checklist_item("not a uuid", "2.2"));
    }

    #[test]
    fn an_engagement_is_named_by_its_seat_alone() {
        let leeds = engagement("E14001323");
        assert_eq!(engagement(" E14001323"), leeds, "on every copy");
        assert_eq!(Uuid::parse_str(&leeds).unwrap().get_version_num(), 5);
        assert_ne!(engagement("E14001063"), leeds);
        assert_ne!(organisation(), leeds);
        assert_eq!(sitting_day("2027-08-02", "user"), sitting_day("2027-08-02", "user"));
        assert_eq!(site("St James's"), site("ST JAMES'S"), "names are told apart in any case");
        assert_ne!(site("St James's"), site("Seacroft"));
        assert_ne!(sitting_day("2027-08-02", "user"), sitting_day("2027-08-02", "import"));
    }
}
