//! What the Members API says of one member, for a brief: their offices (`/Members/{id}/Contact`),
//! their posts and committees (`/Members/{id}/Biography`) and their stated interests
//! (`/Members/{id}/Focus`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{FeedError, json, optional_date, text};
use crate::domain::enums::word_enum;

word_enum! {
    /// Which office a contact is; the words are stored.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Office {
        Westminster = "westminster",
        Constituency = "constituency",
        /// Anything else the API lists (a website, a social account, a second office).
        Other = "other",
    }
}

impl Office {
    /// A stored word, exactly as stored; any other is `Other`.
    pub fn parse(text: &str) -> Office {
        Office::from_word(text).unwrap_or(Office::Other)
    }

    /// "Westminster office", "Constituency office", or the feed's own label.
    pub fn describe(self, label: &str) -> String {
        match self {
            Office::Westminster => "Westminster office".into(),
            Office::Constituency => "Constituency office".into(),
            Office::Other if label.is_empty() => "Other contact".into(),
            Office::Other => label.to_string(),
        }
    }
}

/// One way of reaching the member.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct OfficeContact {
    pub office: Option<Office>,
    /// The feed's name for it ("Parliamentary office").
    pub label: String,
    /// The address lines, joined with newlines.
    pub address: String,
    pub postcode: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    pub preferred: bool,
}

impl OfficeContact {
    pub fn office(&self) -> Office {
        self.office.unwrap_or(Office::Other)
    }
}

word_enum! {
    /// What kind of post a role is; the words are stored.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum RoleKind {
        Government = "government",
        Opposition = "opposition",
        Committee = "committee",
        Other = "other",
    }
}

impl RoleKind {
    /// A stored word, exactly as stored; any other is `Other`.
    pub fn parse(text: &str) -> RoleKind {
        RoleKind::from_word(text).unwrap_or(RoleKind::Other)
    }

    /// "Government post", "Opposition post", "Committee", "Other post".
    pub fn describe(self) -> &'static str {
        match self {
            RoleKind::Government => "Government post",
            RoleKind::Opposition => "Opposition post",
            RoleKind::Committee => "Committee",
            RoleKind::Other => "Other post",
        }
    }
}

/// A post or committee the member holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    pub kind: RoleKind,
    pub name: String,
    pub started: Option<NaiveDate>,
    pub ended: Option<NaiveDate>,
}

/// One area of the member's stated interests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Interest {
    pub category: String,
    pub focus: Vec<String>,
}

/// Everything fetched about one member.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Profile {
    pub contacts: Vec<OfficeContact>,
    /// Current posts only (no end date, or one after the day they were read).
    pub roles: Vec<Role>,
    pub interests: Vec<Interest>,
}

impl Profile {
    /// What a card shows of it, as (label, value) rows: each office, the current posts by kind,
    /// and each area of stated interests. Empty when nothing was fetched.
    pub fn rows(&self) -> Vec<(String, String)> {
        let mut rows: Vec<(String, String)> =
            self.contacts.iter().map(|c| (c.office().describe(&c.label), describe_contact(c))).collect();
        for (kind, label) in [
            (RoleKind::Government, "Government posts"),
            (RoleKind::Opposition, "Opposition posts"),
            (RoleKind::Committee, "Committees"),
            (RoleKind::Other, "Other posts"),
        ] {
            let names: Vec<&str> = self.roles.iter().filter(|r| r.kind == kind).map(|r| r.name.as_str()).collect();
            if !names.is_empty() {
                rows.push((label.to_string(), names.join("; ")));
            }
        }
        rows.extend(self.interests.iter().map(|i| (i.category.clone(), i.focus.join(", "))));
        rows.retain(|(_, value)| !value.is_empty());
        rows
    }
}

/// "House of Commons, London SW1A 0AA · 020 7219 0000 · a@parliament.uk".
pub fn describe_contact(c: &OfficeContact) -> String {
    let address = [c.address.replace('\n', ", "), c.postcode.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    [address, c.phone.clone(), c.email.clone(), c.website.clone()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

#[derive(Deserialize)]
struct ContactList {
    value: Option<Vec<Contact>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Contact {
    #[serde(rename = "type")]
    kind: Option<String>,
    type_description: Option<String>,
    is_preferred: Option<bool>,
    line1: Option<String>,
    line2: Option<String>,
    line3: Option<String>,
    line4: Option<String>,
    line5: Option<String>,
    postcode: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    website: Option<String>,
}

/// Reads a member's contact details. Westminster and constituency offices are told apart by the
/// words of their type ("Parliamentary", "Constituency"); other types are kept as other contacts.
pub fn parse_contacts(document: &str, body: &str) -> Result<Vec<OfficeContact>, FeedError> {
    let list: ContactList = json(document, body)?;
    Ok(list.value.unwrap_or_default().into_iter().map(contact).collect())
}

fn contact(c: Contact) -> OfficeContact {
    let label = if text(&c.kind).is_empty() { text(&c.type_description) } else { text(&c.kind) };
    let words = format!("{} {}", text(&c.kind), text(&c.type_description)).to_lowercase();
    let office = if words.contains("parliament") || words.contains("westminster") {
        Office::Westminster
    } else if words.contains("constituency") {
        Office::Constituency
    } else {
        Office::Other
    };
    let address = [&c.line1, &c.line2, &c.line3, &c.line4, &c.line5]
        .into_iter()
        .map(text)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    OfficeContact {
        office: Some(office),
        label,
        address,
        postcode: text(&c.postcode),
        phone: text(&c.phone),
        email: text(&c.email),
        website: text(&c.website),
        preferred: c.is_preferred.unwrap_or(false),
    }
}

#[derive(Deserialize)]
struct BiographyItem {
    value: Option<Biography>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Biography {
    government_posts: Option<Vec<Post>>,
    opposition_posts: Option<Vec<Post>>,
    other_posts: Option<Vec<Post>>,
    committee_memberships: Option<Vec<Post>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Post {
    name: Option<String>,
    start_date: Option<String>,
    end_date: Option<String>,
}

/// Reads a member's current posts and committees from their biography: those with no end date or
/// one after `today`.
pub fn parse_roles(document: &str, body: &str, today: NaiveDate) -> Result<Vec<Role>, FeedError> {
    let item: BiographyItem = json(document, body)?;
    let Some(bio) = item.value else { return Ok(Vec::new()) };
    let groups = [
        (RoleKind::Government, bio.government_posts),
        (RoleKind::Opposition, bio.opposition_posts),
        (RoleKind::Committee, bio.committee_memberships),
        (RoleKind::Other, bio.other_posts),
    ];
    let mut roles = Vec::new();
    for (kind, posts) in groups {
        for post in posts.unwrap_or_default() {
            let name = text(&post.name);
            let ended = optional_date(document, "endDate", post.end_date.as_deref())?;
            if name.is_empty() || ended.is_some_and(|end| end <= today) {
                continue;
            }
            let started = optional_date(document, "startDate", post.start_date.as_deref())?;
            roles.push(Role { kind, name, started, ended });
        }
    }
    Ok(roles)
}

#[derive(Deserialize)]
struct FocusList {
    value: Option<Vec<Focus>>,
}

#[derive(Deserialize)]
struct Focus {
    category: Option<String>,
    focus: Option<Vec<String>>,
}

/// Reads a member's stated interests, by category.
pub fn parse_interests(document: &str, body: &str) -> Result<Vec<Interest>, FeedError> {
    let list: FocusList = json(document, body)?;
    Ok(list
        .value
        .unwrap_or_default()
        .into_iter()
        .map(|f| Interest {
            category: text(&f.category),
            focus: f
                .focus
                .unwrap_or_default()
                .into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        })
        .filter(|i| !i.focus.is_empty())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn offices_are_told_apart_by_their_words() {
        let body = serde_json::json!({"value": [
            {"type": "Parliamentary office", "typeDescription": "Parliamentary office", "typeId": 1,
             "isPreferred": true, "isWebAddress": false, "notes": null, "line1": "House of Commons",
             "line2": "London", "line3": null, "line4": null, "line5": null, "postcode": "SW1A 0AA",
             "phone": "020 7219 0000", "fax": null, "email": "a.mp@parliament.uk", "website": null},
            {"type": "Constituency office", "typeDescription": "Constituency office", "typeId": 4,
             "isPreferred": false, "isWebAddress": false, "notes": null, "line1": "1 High Street",
             "line2": "", "line3": null, "line4": null, "line5": "Leeds", "postcode": "LS1 1AA",
             "phone": "0113 000 0000", "fax": null, "email": null, "website": null},
            {"type": "Website", "typeDescription": "Website", "typeId": 6, "isPreferred": false,
             "isWebAddress": true, "notes": null, "line1": "https://example.org", "line2": null, "line3": null,
             "line4": null, "line5": null, "postcode": null, "phone": null, "fax": null, "email": null,
             "website": null}
        ], "links": []});
        let contacts = parse_contacts("contact", &body.to_string()).unwrap();
        let offices: Vec<Office> = contacts.iter().map(OfficeContact::office).collect();
        assert_eq!(offices, [Office::Westminster, Office::Constituency, Office::Other]);
        assert_eq!(contacts[0].address, "House of Commons\nLondon");
        assert_eq!(contacts[1].address, "1 High Street\nLeeds");
        assert!(contacts[0].preferred && !contacts[1].preferred);
        assert_eq!(contacts[2].label, "Website");
    }

    #[test]
    fn only_current_posts_are_kept() {
        let post = |name: &str, end: Option<&str>| {
            serde_json::json!({"house": 1, "name": name, "id": 1, "startDate": "2024-07-18T00:00:00",
                "endDate": end, "additionalInfo": null, "additionalInfoLink": null})
        };
        let body = serde_json::json!({"value": {
            "representations": [], "electionsContested": [], "houseMemberships": [],
            "governmentPosts": [post("Minister of State", None)],
            "oppositionPosts": [post("Shadow Minister", Some("2024-07-05T00:00:00"))],
            "otherPosts": null,
            "partyAffiliations": [],
            "committeeMemberships": [post("Health and Social Care Committee", Some("2030-01-01T00:00:00"))]
        }, "links": []});
        let roles = parse_roles("bio", &body.to_string(), d("2026-11-29")).unwrap();
        let names: Vec<(RoleKind, &str)> = roles.iter().map(|r| (r.kind, r.name.as_str())).collect();
        assert_eq!(
            names,
            [(RoleKind::Government, "Minister of State"), (RoleKind::Committee, "Health and Social Care Committee")]
        );
        assert_eq!(roles[0].started, Some(d("2024-07-18")));
        let bad = body.to_string().replace("2024-07-18T00:00:00", "soon");
        assert!(parse_roles("bio", &bad, d("2026-11-29")).unwrap_err().reason.contains("startDate \"soon\""));
    }

    #[test]
    fn interests_by_category() {
        let body = r#"{"value": [{"category": "Policy interests", "focus": ["Health", " NHS "]},
            {"category": "Countries of interest", "focus": []}], "links": []}"#;
        let interests = parse_interests("focus", body).unwrap();
        assert_eq!(
            interests,
            [Interest { category: "Policy interests".into(), focus: vec!["Health".into(), "NHS".into()] }]
        );
        assert!(parse_interests("focus", "{\"value\": [{\"category\": 1}]}").is_err());
    }
}
