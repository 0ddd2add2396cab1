//! Names for rows that two copies may create apart and must agree on. A checklist item is its
//! engagement and its key: named by a UUID (version 5) made from the engagement's UUID and the key,
//! the same item ticked on two laptops offline is one row when they sync, not two.

use uuid::Uuid;

/// The UUID of the checklist item `key` ("2.1") of the engagement whose UUID is `engagement`; None
/// when that is not a UUID.
pub fn checklist_item(engagement: &str, key: &str) -> Option<String> {
    let namespace = Uuid::parse_str(engagement.trim()).ok()?;
    Some(Uuid::new_v5(&namespace, format!("checklist-item/{key}").as_bytes()).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_is_named_by_its_engagement_and_key_alone() {
        let engagement = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
        let item = checklist_item(engagement, "2.1").unwrap();
        assert_eq!(checklist_item(engagement, "2.1").as_deref(), Some(item.as_str()), "on every copy");
        assert_eq!(Uuid::parse_str(&item).unwrap().get_version_num(), 5);
        assert_ne!(checklist_item(engagement, "2.2").unwrap(), item, "another key");
        assert_ne!(checklist_item("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "2.1").unwrap(), item, "another engagement");
        assert_eq!(checklist_item("not a uuid", "2.1"), None);
    }
}
