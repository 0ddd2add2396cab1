//! Comparing the Members API's current members with the seats as they are: who now holds each
//! seat, matched by constituency name (the API's constituency ids are its own, not ONS codes).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::FeedError;
use super::members::{self, FeedMember};
use super::profile::{Office, Profile};
use crate::domain::interchange::import_file::ImportError;
use crate::domain::mps::changes::{MpChange, MpDetails, MpPlan, Row, SeatNow, change};
use crate::domain::mps::names;
use crate::domain::text::fold;

/// What the members change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembersPlan {
    pub plan: MpPlan,
    /// Members whose constituency is not one of the seats here; their seats are left as they are.
    pub unmatched: Vec<FeedMember>,
    /// Seats whose holder is the same but began holding it on another date than recorded:
    /// (code, seat, the date the API gives).
    pub held_from: Vec<(String, String, NaiveDate)>,
}

impl MembersPlan {
    /// The members left out, as "Name (Constituency), …", for a preview.
    pub fn unmatched_list(&self) -> String {
        let named: Vec<String> =
            self.unmatched.iter().map(|m| format!("{} ({})", m.display_name, m.constituency)).collect();
        named.join(", ")
    }
}

/// A constituency name as matched: folded (case and accents), "&" read as "and", and spaces and
/// punctuation evened out.
pub fn seat_key(name: &str) -> String {
    let folded = fold(name).replace('&', " and ");
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The details an update records for `member`: what the API says, and for the same member the
/// details it does not give (email, website, social accounts) kept as they are.
pub fn details(member: &FeedMember, current: Option<&MpDetails>) -> MpDetails {
    let kept = current.filter(|c| c.parliament_id == Some(member.parliament_id)).cloned().unwrap_or_default();
    let full_title = if member.full_title.is_empty() { kept.full_title.clone() } else { member.full_title.clone() };
    // The API's display name may carry a title ("Sir …"): it is read as every name is.
    let name = names::read(&member.display_name, &full_title);
    MpDetails {
        parliament_id: Some(member.parliament_id),
        name: name.display,
        full_title,
        address_as: member.address_as.clone(),
        derived_address_as: name.salutation,
        party: member.party.clone(),
        profile_url: if kept.profile_url.is_empty() {
            format!("https://members.parliament.uk/member/{}", member.parliament_id)
        } else {
            kept.profile_url.clone()
        },
        ..kept
    }
}

/// Compares `members` with `seats`. When `complete` (the whole list of current members) and every
/// member matched a seat, a seat no member holds is vacant; otherwise seats not mentioned stay as
/// they are.
pub fn plan_members(members: &[FeedMember], seats: &[SeatNow], complete: bool) -> Result<MembersPlan, FeedError> {
    let by_key: HashMap<String, &SeatNow> = seats.iter().map(|s| (seat_key(&s.seat), s)).collect();
    let mut rows: Vec<(Row, &SeatNow)> = Vec::with_capacity(members.len());
    let mut unmatched = Vec::new();
    let mut held_by: HashMap<&str, &FeedMember> = HashMap::new();
    for (n, member) in members.iter().enumerate() {
        let Some(seat) = by_key.get(&seat_key(&member.constituency)) else {
            unmatched.push(member.clone());
            continue;
        };
        if let Some(other) = held_by.insert(seat.code.as_str(), member) {
            return Err(FeedError::new(
                "the member list",
                format!(
                    "{} and {} are both listed as the member for {}",
                    other.display_name, member.display_name, seat.seat
                ),
            ));
        }
        let mp = details(member, seat.holder.as_ref());
        mp.check_lengths()
            .map_err(|e| FeedError::new("the member list", format!("member {}: {e}", member.parliament_id)))?;
        rows.push((Row { line: n + 1, code: seat.code.clone(), mp: Some(mp), held_from: member.held_from }, seat));
    }
    let infer_vacancies = complete && unmatched.is_empty();
    if infer_vacancies {
        for seat in seats.iter().filter(|s| !held_by.contains_key(s.code.as_str())) {
            rows.push((Row { line: 0, code: seat.code.clone(), mp: None, held_from: None }, seat));
        }
    } else {
        refuse_double_seats(&rows, seats)?;
    }
    let mut held_from = Vec::new();
    let mut changes = Vec::new();
    let mentioned = rows.len();
    for (row, seat) in rows {
        let same_holder = match (&row.mp, &seat.holder) {
            (Some(after), Some(before)) => after.parliament_id.is_some() && after.parliament_id == before.parliament_id,
            _ => false,
        };
        if same_holder && let Some(date) = row.held_from.filter(|d| Some(*d) != seat.held_from) {
            held_from.push((seat.code.clone(), seat.seat.clone(), date));
        }
        changes.extend(change(row, seat));
    }
    Ok(MembersPlan {
        plan: MpPlan { changes, rows: members.len(), seats_not_in_file: seats.len().saturating_sub(mentioned) },
        unmatched,
        held_from,
    })
}

/// Gives an MP arriving in a seat (or changing details) with no email the email of their
/// Westminster office, when their contact details were read.
pub fn fill_emails(plan: &mut MpPlan, profiles: &BTreeMap<i64, Profile>) {
    for change in &mut plan.changes {
        let mp = match change {
            MpChange::NewHolder { after: Some(mp), .. } => mp.as_mut(),
            MpChange::Updated { mp, .. } => mp.as_mut(),
            MpChange::NewHolder { after: None, .. } => continue,
        };
        if !mp.email.is_empty() {
            continue;
        }
        let Some(profile) = mp.parliament_id.and_then(|id| profiles.get(&id)) else { continue };
        let offices = profile.contacts.iter().filter(|c| c.office() == Office::Westminster);
        if let Some(email) = offices.map(|c| c.email.as_str()).find(|e| !e.is_empty()) {
            mp.email = email.to_string();
        }
    }
}

/// Reads a file of Members API search pages (one page, or several saved one after another) and
/// compares it with `seats`. When the pages hold the whole search, a seat no member holds is
/// vacant; otherwise the seats not in the file stay as they are.
pub fn plan_file(file: &str, text: &str, seats: &[SeatNow]) -> Result<MembersPlan, ImportError> {
    let as_import =
        |e: FeedError| ImportError::format(file, format!("is not a Members API member search: {}", e.reason));
    let pages = members::parse_pages(file, text).map_err(as_import)?;
    let total = pages.first().map_or(0, |p| p.total);
    let listed: usize = pages.iter().map(|p| p.members.len()).sum();
    let (list, complete) = if listed >= total {
        (members::whole_list(file, pages).map_err(as_import)?, true)
    } else {
        let mut list: Vec<FeedMember> =
            pages.into_iter().flat_map(|p| p.members).filter(|m| m.current_commons).collect();
        list.sort_by_key(|m| m.parliament_id);
        list.dedup_by_key(|m| m.parliament_id);
        (list, false)
    };
    plan_members(&list, seats, complete).map_err(as_import)
}

/// A member who moves to a listed seat while still holding one the list leaves out would hold
/// two seats.
fn refuse_double_seats(rows: &[(Row, &SeatNow)], seats: &[SeatNow]) -> Result<(), FeedError> {
    let listed: HashMap<&str, ()> = rows.iter().map(|(r, _)| (r.code.as_str(), ())).collect();
    for (row, seat) in rows {
        let Some(id) = row.mp.as_ref().and_then(|m| m.parliament_id) else { continue };
        if let Some(other) = seats.iter().find(|s| {
            s.code != seat.code
                && !listed.contains_key(s.code.as_str())
                && s.holder.as_ref().and_then(|h| h.parliament_id) == Some(id)
        }) {
            return Err(FeedError::new(
                "the member list",
                format!(
                    "{} is listed for {} but holds {} now, and the list does not say who holds it instead",
                    row.mp.as_ref().map_or("", |m| m.name.as_str()),
                    seat.seat,
                    other.seat
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mps::changes::MpChange;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn mp(id: i64, name: &str, party: &str) -> MpDetails {
        MpDetails {
            parliament_id: Some(id),
            name: name.into(),
            party: party.into(),
            email: format!("{id}@example.org"),
            profile_url: format!("https://members.parliament.uk/member/{id}"),
            ..MpDetails::default()
        }
    }

    fn seats() -> Vec<SeatNow> {
        let seat = |code: &str, name: &str, holder: Option<MpDetails>| SeatNow {
            code: code.into(),
            seat: name.into(),
            holder,
            held_from: Some(d("2024-07-04")),
        };
        vec![
            seat("A", "Leeds South", Some(mp(1, "Ann Able", "Labour"))),
            seat("B", "Ynys Môn", Some(mp(2, "Bo Bee", "Conservative"))),
            seat("C", "Brighton Kemptown and Peacehaven", Some(mp(3, "Cy Sea", "Labour"))),
        ]
    }

    fn member(id: i64, name: &str, party: &str, seat: &str) -> FeedMember {
        FeedMember {
            parliament_id: id,
            display_name: name.into(),
            full_title: format!("{name} MP"),
            address_as: None,
            party: party.into(),
            constituency: seat.into(),
            held_from: Some(d("2024-07-04")),
            current_commons: true,
        }
    }

    #[test]
    fn the_same_members_change_only_what_differs() {
        let members = [
            member(1, "Ann Able", "Labour", "LEEDS SOUTH"),
            member(2, "Bo Bee", "Reform UK", "Ynys Mon"),
            member(3, "Cy Sea", "Labour", "Brighton Kemptown & Peacehaven"),
        ];
        let plan = plan_members(&members, &seats(), true).unwrap();
        assert!(plan.unmatched.is_empty());
        let kinds: Vec<(&str, Vec<&str>)> = plan
            .plan
            .changes
            .iter()
            .map(|c| match c {
                MpChange::Updated { code, fields, .. } => (code.as_str(), fields.iter().map(|f| f.field).collect()),
                MpChange::NewHolder { code, .. } => (code.as_str(), vec!["new holder"]),
            })
            .collect();
        assert_eq!(kinds, [("A", vec!["title"]), ("B", vec!["title", "party"]), ("C", vec!["title"])]);
        let MpChange::Updated { mp, .. } = &plan.plan.changes[1] else { panic!() };
        assert_eq!(mp.email, "2@example.org", "details the API does not give are kept");
    }

    #[test]
    fn a_new_member_and_a_vacancy() {
        let members =
            [member(9, "Dee New", "Green Party", "Leeds South"), member(2, "Bo Bee", "Conservative", "Ynys Môn")];
        let plan = plan_members(&members, &seats(), true).unwrap();
        let new = plan.plan.changes.iter().find_map(|c| match c {
            MpChange::NewHolder { code, after: Some(after), held_from, .. } if code == "A" => Some((after, *held_from)),
            _ => None,
        });
        let (after, held_from) = new.expect("Leeds South changes hands");
        assert_eq!((after.name.as_str(), after.email.as_str()), ("Dee New", ""));
        assert_eq!(after.profile_url, "https://members.parliament.uk/member/9");
        assert_eq!(held_from, Some(d("2024-07-04")));
        assert!(
            plan.plan.changes.iter().any(|c| matches!(c, MpChange::NewHolder { code, after: None, .. } if code == "C"))
        );
        // Not the whole list: the seat not mentioned stays.
        let partial = plan_members(&members, &seats(), false).unwrap();
        assert!(!partial.plan.changes.iter().any(|c| matches!(c, MpChange::NewHolder { after: None, .. })));
        assert_eq!(partial.plan.seats_not_in_file, 1);
    }

    #[test]
    fn an_unknown_constituency_stops_vacancies_being_guessed() {
        let members = [member(1, "Ann Able", "Labour", "Leeds Middle"), member(7, "Cy Dee", "Green", "Nowhere")];
        let plan = plan_members(&members, &seats(), true).unwrap();
        assert_eq!(plan.unmatched_list(), "Ann Able (Leeds Middle), Cy Dee (Nowhere)");
        assert!(plan.plan.changes.is_empty(), "{:?}", plan.plan.changes);
    }

    #[test]
    fn two_members_for_one_seat_or_one_for_two_are_refused() {
        let two = [member(1, "Ann Able", "Labour", "Leeds South"), member(5, "Eve", "Labour", "Leeds South")];
        assert!(plan_members(&two, &seats(), true).unwrap_err().reason.contains("both listed"));
        let moved = [member(2, "Bo Bee", "Conservative", "Leeds South")];
        assert!(plan_members(&moved, &seats(), false).unwrap_err().reason.contains("holds Ynys Môn now"));
    }

    #[test]
    fn a_new_mp_without_an_email_gets_their_westminster_office_s() {
        use crate::domain::reference::feeds::profile::OfficeContact;
        let members = [member(9, "Dee New", "Green Party", "Leeds South")];
        let mut plan = plan_members(&members, &seats(), false).unwrap().plan;
        let office = |office, email: &str| OfficeContact {
            office: Some(office),
            email: email.into(),
            ..OfficeContact::default()
        };
        let profile = Profile {
            contacts: vec![
                office(Office::Constituency, "local@example.org"),
                office(Office::Westminster, "dee.new.mp@parliament.uk"),
            ],
            ..Profile::default()
        };
        fill_emails(&mut plan, &BTreeMap::from([(9, profile)]));
        let MpChange::NewHolder { after: Some(after), .. } = &plan.changes[0] else { panic!("{:?}", plan.changes) };
        assert_eq!(after.email, "dee.new.mp@parliament.uk");
    }

    #[test]
    fn a_corrected_start_date_is_noted() {
        let mut ann = member(1, "Ann Able", "Labour", "Leeds South");
        ann.held_from = Some(d("2025-01-01"));
        let plan = plan_members(&[ann], &seats(), false).unwrap();
        assert_eq!(plan.held_from, [("A".to_string(), "Leeds South".to_string(), d("2025-01-01"))]);
    }
}
