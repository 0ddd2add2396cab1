//! The Members API's member search (`/Members/Search`): the current Commons members, 20 to a page.

use chrono::NaiveDate;
use serde::Deserialize;

use super::{FeedError, json, json_reason, optional_date, text};

/// The most members the API returns in one page.
pub const PAGE_SIZE: usize = 20;

/// A member as the search describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedMember {
    /// The Members API id.
    pub parliament_id: i64,
    /// "Hilary Benn": the name without titles.
    pub display_name: String,
    /// "Rt Hon Hilary Benn MP".
    pub full_title: String,
    /// The salutation, "Mr Benn", when the API gives one.
    pub address_as: Option<String>,
    pub party: String,
    /// The constituency's name, as the API spells it.
    pub constituency: String,
    /// When this membership (this seat) began.
    pub held_from: Option<NaiveDate>,
    /// False for a member of the Lords, or one whose membership has ended.
    pub current_commons: bool,
}

/// One page of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembersPage {
    pub members: Vec<FeedMember>,
    /// How many members the whole search holds.
    pub total: usize,
    /// How many came before this page.
    pub skip: usize,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SearchResult {
    items: Option<Vec<Item>>,
    total_results: i64,
    skip: i64,
}

#[derive(Deserialize)]
struct Item {
    value: Option<Member>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Member {
    id: i64,
    name_display_as: Option<String>,
    name_full_title: Option<String>,
    name_address_as: Option<String>,
    latest_party: Option<Party>,
    latest_house_membership: Option<Membership>,
}

#[derive(Deserialize)]
struct Party {
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Membership {
    membership_from: Option<String>,
    house: Option<i64>,
    membership_start_date: Option<String>,
    membership_end_date: Option<String>,
}

/// Reads one page of a member search.
pub fn parse_page(document: &str, body: &str) -> Result<MembersPage, FeedError> {
    page(document, json(document, body)?)
}

/// Reads one page or several written one after another (pages saved by hand and joined), in the
/// order given. An empty body is an error.
pub fn parse_pages(document: &str, body: &str) -> Result<Vec<MembersPage>, FeedError> {
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    let mut pages = Vec::new();
    for (n, result) in serde_json::Deserializer::from_str(body).into_iter::<SearchResult>().enumerate() {
        let named = format!("{document}, page {}", n + 1);
        let result = result.map_err(|e| FeedError::new(&named, json_reason(&e)))?;
        pages.push(page(&named, result)?);
    }
    if pages.is_empty() {
        return Err(FeedError::new(document, "it holds no page of a member search"));
    }
    Ok(pages)
}

fn page(document: &str, result: SearchResult) -> Result<MembersPage, FeedError> {
    let (Ok(total), Ok(skip)) = (usize::try_from(result.total_results), usize::try_from(result.skip)) else {
        return Err(FeedError::new(document, "totalResults or skip is negative"));
    };
    let members = result
        .items
        .unwrap_or_default()
        .into_iter()
        .filter_map(|item| item.value)
        .map(|member| feed_member(document, member))
        .collect::<Result<Vec<_>, _>>()?;
    if skip + members.len() > total {
        return Err(FeedError::new(
            document,
            format!("it says the search holds {total} members but this page runs to {}", skip + members.len()),
        ));
    }
    Ok(MembersPage { members, total, skip })
}

fn feed_member(document: &str, member: Member) -> Result<FeedMember, FeedError> {
    let display_name = text(&member.name_display_as);
    if display_name.is_empty() {
        return Err(FeedError::new(document, format!("member {} has no nameDisplayAs", member.id)));
    }
    let membership = member.latest_house_membership;
    let constituency = membership.as_ref().map(|m| text(&m.membership_from)).unwrap_or_default();
    let held_from = optional_date(
        document,
        "membershipStartDate",
        membership.as_ref().and_then(|m| m.membership_start_date.as_deref()),
    )?;
    let ended = membership.as_ref().is_some_and(|m| m.membership_end_date.as_deref().is_some_and(|e| !e.is_empty()));
    let commons = membership.as_ref().is_none_or(|m| m.house.is_none_or(|h| h == 1));
    Ok(FeedMember {
        parliament_id: member.id,
        display_name,
        full_title: text(&member.name_full_title),
        address_as: Some(text(&member.name_address_as)).filter(|s| !s.is_empty()),
        party: member.latest_party.map(|p| text(&p.name)).unwrap_or_default(),
        current_commons: commons && !ended && !constituency.is_empty(),
        constituency,
        held_from,
    })
}

/// Puts pages together into the whole list of current Commons members. Every member the search
/// holds must be there once: a missing page or a repeated one is an error naming what is missing.
pub fn whole_list(document: &str, pages: Vec<MembersPage>) -> Result<Vec<FeedMember>, FeedError> {
    let total = pages.first().map_or(0, |p| p.total);
    if let Some(other) = pages.iter().find(|p| p.total != total) {
        return Err(FeedError::new(
            document,
            format!("its pages disagree on how many members there are ({total} and {})", other.total),
        ));
    }
    let mut pages = pages;
    pages.sort_by_key(|p| p.skip);
    let mut members: Vec<FeedMember> = Vec::with_capacity(total);
    for page in pages {
        if page.skip > members.len() {
            return Err(FeedError::new(
                document,
                format!("members {} to {} of {total} are missing", members.len() + 1, page.skip),
            ));
        }
        let overlap = members.len() - page.skip;
        members.extend(page.members.into_iter().skip(overlap));
    }
    if members.len() < total {
        return Err(FeedError::new(
            document,
            format!("members {} to {total} of {total} are missing", members.len() + 1),
        ));
    }
    let mut ids: Vec<i64> = members.iter().map(|m| m.parliament_id).collect();
    ids.sort_unstable();
    if let Some(pair) = ids.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(FeedError::new(document, format!("member {} is listed twice", pair[0])));
    }
    members.retain(|m| m.current_commons);
    Ok(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: i64, name: &str, seat: &str) -> serde_json::Value {
        serde_json::json!({
            "value": {
                "id": id,
                "nameListAs": "Surname, First",
                "nameDisplayAs": name,
                "nameFullTitle": format!("{name} MP"),
                "nameAddressAs": null,
                "latestParty": {"id": 15, "name": "Labour", "abbreviation": "Lab", "backgroundColour": "d50000",
                    "foregroundColour": "ffffff", "isLordsMainParty": true, "isLordsSpiritualParty": false,
                    "governmentType": 0, "isIndependentParty": false},
                "gender": "F",
                "latestHouseMembership": {"membershipFrom": seat, "membershipFromId": 4000 + id, "house": 1,
                    "membershipStartDate": "2024-07-04T00:00:00", "membershipEndDate": null,
                    "membershipEndReason": null, "membershipEndReasonNotes": null, "membershipEndReasonId": null,
                    "membershipStatus": {"statusIsActive": true, "statusDescription": "Current Member",
                        "statusNotes": null, "statusId": 0, "status": 0, "statusStartDate": "2024-07-04T00:00:00"}},
                "thumbnailUrl": "https://members-api.parliament.uk/api/Members/1/Thumbnail"
            },
            "links": []
        })
    }

    fn page_json(skip: usize, total: usize, members: Vec<serde_json::Value>) -> String {
        serde_json::json!({"items": members, "totalResults": total, "resultContext": "", "skip": skip,
            "take": 20, "links": [], "resultType": 0})
        .to_string()
    }

    #[test]
    fn a_page_reads_its_members() {
        let body = page_json(0, 2, vec![member(1, "Ann Able", "Leeds South"), member(2, "Bo Bee", "Leeds East")]);
        let page = parse_page("page 1", &body).unwrap();
        assert_eq!((page.total, page.skip, page.members.len()), (2, 0, 2));
        let ann = &page.members[0];
        assert_eq!((ann.display_name.as_str(), ann.constituency.as_str()), ("Ann Able", "Leeds South"));
        assert_eq!((ann.party.as_str(), ann.address_as.as_deref()), ("Labour", None));
        assert_eq!(ann.held_from, NaiveDate::from_ymd_opt(2024, 7, 4));
        assert!(ann.current_commons);
    }

    #[test]
    fn pages_join_and_gaps_are_named() {
        let first = parse_page("p", &page_json(0, 3, vec![member(1, "A A", "X"), member(2, "B B", "Y")])).unwrap();
        let last = parse_page("p", &page_json(2, 3, vec![member(3, "C C", "Z")])).unwrap();
        assert_eq!(whole_list("members", vec![last.clone(), first.clone()]).unwrap().len(), 3);
        let err = whole_list("members", vec![first.clone()]).unwrap_err();
        assert_eq!(err.reason, "members 3 to 3 of 3 are missing");
        let err = whole_list("members", vec![last]).unwrap_err();
        assert_eq!(err.reason, "members 1 to 2 of 3 are missing");
        let twice = parse_page("p", &page_json(2, 3, vec![member(1, "A A", "X")])).unwrap();
        assert!(whole_list("m", vec![first, twice]).unwrap_err().reason.contains("member 1 is listed twice"));
    }

    #[test]
    fn concatenated_pages_read_in_order() {
        let text = format!(
            "{}\n{}",
            page_json(0, 2, vec![member(1, "A A", "X")]),
            page_json(1, 2, vec![member(2, "B B", "Y")])
        );
        let pages = parse_pages("members.json", &text).unwrap();
        assert_eq!(whole_list("members.json", pages).unwrap().len(), 2);
        let err = parse_pages("members.json", &format!("{text}\n{{\"items\": [")).unwrap_err();
        assert_eq!(err.document, "members.json, page 3");
        assert!(parse_pages("members.json", "[1, 2]").is_err());
    }

    #[test]
    fn bad_pages_are_refused() {
        assert!(parse_page("p", "{\"items\": []}").is_err(), "no totalResults");
        let nameless = page_json(0, 1, vec![member(1, "", "X")]);
        assert!(parse_page("p", &nameless).unwrap_err().reason.contains("no nameDisplayAs"));
        let overrun = page_json(5, 5, vec![member(1, "A A", "X")]);
        assert!(parse_page("p", &overrun).unwrap_err().reason.contains("holds 5 members"));
    }
}
