//! Everything an update would change, put together for one preview: the MPs, the contact details,
//! roles and interests of the MPs you track, the calendar, and the proposals whose flags change.

use chrono::NaiveDateTime;

use super::calendar_plan::{CalendarPlan, day};
use super::profile::{Office, OfficeContact, Profile, describe_contact};
use super::seats::MembersPlan;
use crate::domain::calendar::{CalendarData, Hours};
use crate::domain::engagement::proposal::{Proposal, ProposalStatus};
use crate::domain::text::strftime;

/// What is fetched of one tracked seat's MP, and how it differs from what is kept now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileChange {
    pub seat: String,
    pub mp: String,
    pub parliament_id: i64,
    pub profile: Profile,
    /// What differs, one line each; empty when nothing does.
    pub changes: Vec<String>,
}

/// A proposal whose flag the new calendar changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagChange {
    pub label: String,
    pub start: NaiveDateTime,
    pub before: String,
    pub after: String,
}

/// An update, planned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UpdatePlan {
    pub members: Option<MembersPlan>,
    pub profiles: Vec<ProfileChange>,
    /// Tracked MPs whose details were not among the files given.
    pub profiles_missing: Vec<String>,
    pub calendar: Option<CalendarPlan>,
    pub flag_changes: Vec<FlagChange>,
}

/// The lines saying how `new` differs from `old`.
pub fn profile_changes(old: &Profile, new: &Profile) -> Vec<String> {
    let mut lines = Vec::new();
    for office in [Office::Westminster, Office::Constituency, Office::Other] {
        let pick = |p: &Profile| -> Vec<OfficeContact> {
            p.contacts.iter().filter(|c| c.office() == office).cloned().collect()
        };
        let (before, after) = (pick(old), pick(new));
        if before == after {
            continue;
        }
        for (n, contact) in after.iter().enumerate() {
            let name = office.describe(&contact.label);
            match before.get(n) {
                None => lines.push(format!("{name} (new): {}", describe_contact(contact))),
                Some(was) => {
                    for (field, a, b) in [
                        ("address", &was.address, &contact.address),
                        ("postcode", &was.postcode, &contact.postcode),
                        ("phone", &was.phone, &contact.phone),
                        ("email", &was.email, &contact.email),
                        ("website", &was.website, &contact.website),
                    ] {
                        if a != b {
                            lines.push(format!("{name} {field}: {} → {}", shown(a), shown(b)));
                        }
                    }
                }
            }
        }
        for gone in before.iter().skip(after.len()) {
            lines.push(format!("{} no longer listed", office.describe(&gone.label)));
        }
    }
    for role in new.roles.iter().filter(|r| !old.roles.iter().any(|o| o.name == r.name && o.kind == r.kind)) {
        lines.push(format!("{}: {}", role.kind.describe(), role.name));
    }
    for role in old.roles.iter().filter(|r| !new.roles.iter().any(|n| n.name == r.name && n.kind == r.kind)) {
        lines.push(format!("no longer: {}", role.name));
    }
    if old.interests != new.interests {
        let areas: usize = new.interests.iter().map(|i| i.focus.len()).sum();
        lines.push(format!("stated interests: {areas} listed"));
    }
    lines
}

fn shown(value: &str) -> String {
    if value.is_empty() { "(none)".into() } else { value.replace('\n', ", ") }
}

/// The coming proposals (not cancelled or held) whose flag differs between the two calendars.
pub fn flag_changes(
    proposals: &[Proposal],
    before: &CalendarData,
    after: &CalendarData,
    hours: &Hours,
) -> Vec<FlagChange> {
    proposals
        .iter()
        .filter(|p| matches!(p.status, ProposalStatus::Proposed | ProposalStatus::Confirmed))
        .filter_map(|p| {
            let was = before.classify_span(p.start, p.end, p.all_day, p.kind, hours);
            let now = after.classify_span(p.start, p.end, p.all_day, p.kind, hours);
            (was.label() != now.label()).then(|| FlagChange {
                label: p.label(),
                start: p.start,
                before: was.label().to_string(),
                after: now.label().to_string(),
            })
        })
        .collect()
}

impl UpdatePlan {
    /// Whether applying it would change anything.
    pub fn changes_anything(&self) -> bool {
        self.members.as_ref().is_some_and(|m| !m.plan.changes.is_empty() || !m.held_from.is_empty())
            || self.profiles.iter().any(|p| !p.changes.is_empty())
            || self.calendar.as_ref().is_some_and(|c| c.differs || !c.new_holidays.is_empty())
    }

    /// The preview.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(members) = &self.members {
            lines.push(format!("MPs: {} current members of the Commons", members.plan.rows));
            let changes = members.plan.lines();
            let summary = changes.len().saturating_sub(1 + usize::from(members.plan.seats_not_in_file > 0));
            lines.extend(changes.into_iter().take(summary).map(|l| format!("  {l}")));
            if !members.held_from.is_empty() {
                lines.push(format!(
                    "  Start dates in the seat set from Parliament's records: {} seats",
                    members.held_from.len()
                ));
            }
            if !members.unmatched.is_empty() {
                lines.push(format!(
                    "  {} members are for constituencies not known here, so no seat is marked vacant: {}",
                    members.unmatched.len(),
                    members.unmatched_list()
                ));
            }
            if members.plan.changes.is_empty() && members.held_from.is_empty() {
                lines.push("  No changes.".into());
            }
        }
        if !self.profiles.is_empty() || !self.profiles_missing.is_empty() {
            lines.push("Contact details, roles and interests of the MPs you track:".into());
            for p in &self.profiles {
                if p.changes.is_empty() {
                    lines.push(format!("  {} ({}): no changes", p.seat, p.mp));
                } else {
                    lines.push(format!("  {} ({}):", p.seat, p.mp));
                    lines.extend(p.changes.iter().map(|c| format!("    {c}")));
                }
            }
            lines.extend(self.profiles_missing.iter().map(|m| format!("  {m}")));
        }
        if let Some(calendar) = &self.calendar {
            match calendar.rows.window {
                Some((from, to)) => lines.push(format!("Calendar, {} to {}:", day(from), day(to))),
                None => lines.push("Calendar:".into()),
            }
            lines.extend(calendar.lines());
        }
        if !self.flag_changes.is_empty() {
            lines.push("Proposals whose flag changes:".into());
            for f in &self.flag_changes {
                lines.push(format!(
                    "  {} {}: {} → {}",
                    f.start.format_with_items(strftime!("%a %-d %b %Y %H:%M")),
                    f.label,
                    f.before,
                    f.after
                ));
            }
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reference::feeds::profile::{Interest, Role, RoleKind};

    fn office(office: Office, phone: &str) -> OfficeContact {
        OfficeContact { office: Some(office), phone: phone.into(), ..OfficeContact::default() }
    }

    #[test]
    fn profile_changes_name_what_differs() {
        let old = Profile { contacts: vec![office(Office::Westminster, "020 1")], ..Profile::default() };
        let new = Profile {
            contacts: vec![office(Office::Westminster, "020 2"), office(Office::Constituency, "0113 3")],
            roles: vec![Role {
                kind: RoleKind::Committee,
                name: "Health Committee".into(),
                started: None,
                ended: None,
            }],
            interests: vec![Interest { category: "Policy".into(), focus: vec!["Health".into()] }],
        };
        assert_eq!(
            profile_changes(&old, &new),
            [
                "Westminster office phone: 020 1 → 020 2",
                "Constituency office (new): 0113 3",
                "Committee: Health Committee",
                "stated interests: 1 listed"
            ]
        );
        assert!(profile_changes(&new, &new).is_empty());
        assert_eq!(profile_changes(&new, &old)[2], "no longer: Health Committee");
    }
}
