//! The checks each row of a backup passes, keeping only what the checks across rows need.

use std::collections::HashSet;
use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};

use super::{
    CALENDAR_SOURCES, ChecklistRow, DissolutionRow, EngagementRow, InteractionRow, OrganisationRow, ProposalRow,
    RecessRow, STAMP_FORMAT, SettingRow, SiteRow, SittingDayRow,
};
use crate::domain::calendar::ProposalKind;
use crate::domain::engagement::checklist::{ItemState, item_by_key};
use crate::domain::engagement::contact::{Direction, InteractionKind};
use crate::domain::engagement::press::PressPlan;
use crate::domain::engagement::proposal::{ProposalStatus, TIME_FORMAT};
use crate::domain::limits::Field;
use crate::domain::text::printable;

/// A problem for a message: at most 200 characters of it.
fn short_problem(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(200).collect();
    if chars.next().is_some() { format!("{head}…") } else { head }
}

/// A constituency code as the data has them: "E14001323".
fn looks_like_a_code(code: &str) -> bool {
    (1..=16).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A name for a message: at most 60 characters of it.
pub(super) fn short(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() { format!("{head}…") } else { head }
}

/// Checks each row as it is read, keeping only what the checks across rows need: the UUIDs seen
/// (as 16-byte numbers), the seats, days and settings seen.
#[derive(Default)]
pub(super) struct Checker {
    pub(super) found: Vec<String>,
    pub(super) uuids: HashSet<(&'static str, u128)>,
    pub(super) seats: HashSet<String>,
    /// The checklist items of the engagement being read.
    pub(super) items: HashSet<String>,
    /// Whether the engagement being read passed its checks (its rows are handed on only if so).
    pub(super) engagement_ok: bool,
    /// The constituency code of the engagement being read, for naming its rows.
    pub(super) at_engagement: String,
    pub(super) days: HashSet<(NaiveDate, String)>,
    pub(super) settings: HashSet<String>,
    /// Site names seen, as SQLite's NOCASE compares them (ASCII case only), with the first spelling.
    pub(super) site_names: std::collections::HashMap<String, String>,
    /// Calendar UIDs of the proposals seen.
    pub(super) uids: HashSet<String>,
}

impl Checker {
    /// Notes `problem` at `at` unless `ok`; returns `ok`. A problem quoting a value from the
    /// file is cut short, so that what is kept stays small whatever the file holds.
    fn check(&mut self, at: &str, ok: bool, problem: &str) -> bool {
        if !ok {
            self.found.push(format!("{}: {}", printable(at), printable(&short_problem(problem))));
        }
        ok
    }

    fn parses<T, E: fmt::Display>(&mut self, at: &str, parsed: Result<T, E>) -> bool {
        match parsed {
            Ok(_) => true,
            Err(e) => self.check(at, false, &e.to_string()),
        }
    }

    fn uuid(&mut self, at: &str, uuid: &str, table: &'static str) -> bool {
        let parsed = uuid::Uuid::parse_str(uuid).ok();
        let valid = self.check(at, parsed.is_some(), "its uuid is not a UUID");
        let first = parsed.is_none_or(|u| self.uuids.insert((table, u.as_u128())));
        valid & self.check(at, first, "its uuid is used twice")
    }

    fn stamp(&mut self, at: &str, stamp: &str) -> bool {
        let valid = NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT).is_ok();
        self.check(at, valid, "a timestamp is not \"YYYY-MM-DDTHH:MM:SSZ\"")
    }

    /// Each value within its field's limit.
    fn lengths<'t>(&mut self, at: &str, values: impl IntoIterator<Item = (Field, &'t str)>) -> bool {
        let mut ok = true;
        for (field, text) in values {
            if let Err(e) = field.check(text) {
                ok &= self.check(at, false, &e.to_string());
            }
        }
        ok
    }

    fn calendar_row(&mut self, at: &str, uuid: Option<&str>, table: &'static str, source: &str, stamp: &str) -> bool {
        let uuid = uuid.is_none_or(|uuid| self.uuid(at, uuid, table));
        let stamp = self.stamp(at, stamp);
        uuid & stamp & self.check(at, CALENDAR_SOURCES.contains(&source), "its source is not user or import")
    }

    pub(super) fn organisation(&mut self, o: &OrganisationRow) -> bool {
        let at = "organisation";
        let uuid = self.uuid(at, &o.uuid, "organisation");
        let stamp = self.stamp(at, &o.updated_at);
        let fields = [
            (Field::OrganisationName, o.name.as_str()),
            (Field::OrganisationAddress, &o.address),
            (Field::ChiefExecutive, &o.chief_executive),
            (Field::Chair, &o.chair),
        ];
        uuid & stamp & self.lengths(at, fields)
    }

    pub(super) fn site(&mut self, s: &SiteRow) -> bool {
        let at = format!("site \"{}\"", short(&s.name));
        let uuid = self.uuid(&at, &s.uuid, "sites");
        let stamp = self.stamp(&at, &s.created_at);
        let named = self.check(&at, !s.name.trim().is_empty(), "it has no name");
        let unique = match self.site_names.get(&s.name.to_ascii_lowercase()) {
            Some(first) => {
                self.found.push(format!("two sites are both called \"{}\"", printable(first)));
                false
            }
            None => {
                self.site_names.insert(s.name.to_ascii_lowercase(), short(&s.name));
                true
            }
        };
        let fields = [(Field::SiteName, s.name.as_str()), (Field::Postcode, &s.postcode)];
        uuid & stamp & named & unique & self.lengths(&at, fields)
    }

    pub(super) fn engagement(&mut self, e: &EngagementRow) -> bool {
        self.at_engagement = short(&e.constituency_code);
        self.items.clear();
        let at = format!("engagement {}", self.at_engagement);
        let uuid = self.uuid(&at, &e.uuid, "engagements");
        let stamps = self.stamp(&at, &e.created_at) & self.stamp(&at, &e.updated_at);
        let code = looks_like_a_code(&e.constituency_code);
        let code = self.check(&at, code, "its constituency code is not a code such as E14001323");
        let seat = !code || self.seats.insert(e.constituency_code.clone());
        let seat = code & self.check(&at, seat, "the seat has two engagements");
        let cadence = self.check(&at, e.cadence_days > 0, "its cadence is 0 days");
        let fields = [
            (Field::Topics, e.topics.as_str()),
            (Field::Notes, &e.notes),
            (Field::Background, &e.background),
            (Field::OfficeAddress, &e.office_address),
            (Field::MpName, &e.mp_at_start),
        ];
        uuid & stamps & seat & cadence & self.lengths(&at, fields)
    }

    pub(super) fn checklist_item(&mut self, i: &ChecklistRow) -> bool {
        let at = format!("engagement {}, checklist item {}", self.at_engagement, short(&i.item_key));
        let uuid = self.uuid(&at, &i.uuid, "checklist");
        let stamp = self.stamp(&at, &i.updated_at);
        let known = self.check(&at, item_by_key(&i.item_key).is_some(), "there is no such item");
        let first = !known || self.items.insert(i.item_key.clone());
        let once = self.check(&at, first, "it is listed twice");
        let state = self.check(&at, ItemState::parse(&i.state).is_some(), "its state is not todo, done or skipped");
        uuid & stamp & known & once & state & self.lengths(&at, [(Field::ChecklistNote, i.note.as_str())])
    }

    pub(super) fn interaction(&mut self, i: &InteractionRow) -> bool {
        let at = format!("engagement {}, contact {}", self.at_engagement, short(&i.uuid));
        let uuid = self.uuid(&at, &i.uuid, "interactions");
        let stamp = self.stamp(&at, &i.created_at);
        let kind = self.parses(&at, InteractionKind::parse(&i.kind));
        let direction = self.parses(&at, Direction::parse(&i.direction));
        let fields = [(Field::ContactNote, i.summary.as_str()), (Field::MpName, &i.mp_name)];
        uuid & stamp & kind & direction & self.lengths(&at, fields)
    }

    pub(super) fn proposal(&mut self, p: &ProposalRow) -> bool {
        let at = format!("engagement {}, proposal {}", self.at_engagement, short(&p.uuid));
        let uuid = self.uuid(&at, &p.uuid, "proposals");
        let stamps = self.stamp(&at, &p.created_at) & self.stamp(&at, &p.updated_at);
        let kind = self.parses(&at, ProposalKind::parse(&p.kind));
        let status = self.parses(&at, ProposalStatus::parse(&p.status));
        let press = self.parses(&at, PressPlan::parse(&p.press));
        let start = NaiveDateTime::parse_from_str(&p.starts_at, TIME_FORMAT);
        let end = NaiveDateTime::parse_from_str(&p.ends_at, TIME_FORMAT);
        let times = match (start, end) {
            (Ok(start), Ok(end)) if p.all_day => match crate::domain::when::validate_span(start, end, true) {
                Ok(()) => true,
                Err(e) => self.check(&at, false, &e.to_string()),
            },
            (Ok(start), Ok(end)) => self.check(&at, start < end, "it ends before it starts"),
            _ => self.check(&at, false, "its start or end is not \"YYYY-MM-DD HH:MM\""),
        };
        let fold = self.check(&at, p.fold <= 3, "its fold is not 0 to 3");
        let uid = p.ics_uid.as_deref().unwrap_or_default();
        let unique = uid.is_empty() || self.uids.insert(uid.to_string());
        if !unique {
            self.found.push(format!("two proposals have the same calendar UID \"{}\"", printable(&short(uid))));
        }
        let fields =
            [(Field::ProposalTitle, p.title.as_str()), (Field::ProposalPlace, &p.place), (Field::EventUid, uid)];
        uuid & stamps & kind & status & press & times & fold & unique & self.lengths(&at, fields)
    }

    pub(super) fn sitting_day(&mut self, d: &SittingDayRow) -> bool {
        let at = format!("sitting day {}", d.day);
        let row = self.calendar_row(&at, d.uuid.as_deref(), "sitting days", &d.source, &d.created_at);
        let first = !CALENDAR_SOURCES.contains(&d.source.as_str()) || self.days.insert((d.day, d.source.clone()));
        let once = self.check(&at, first, "it is listed twice");
        let status = matches!(d.status.as_str(), "confirmed" | "scheduled");
        let status = self.check(&at, status, "its status is not confirmed or scheduled");
        row & once & status & self.lengths(&at, [(Field::CalendarNote, d.note.as_str())])
    }

    pub(super) fn recess(&mut self, r: &RecessRow) -> bool {
        let at = format!("recess \"{}\"", short(&r.name));
        let row = self.calendar_row(&at, r.uuid.as_deref(), "recesses", &r.source, &r.created_at);
        let order = self.check(&at, r.first_day <= r.last_day, "it ends before it starts");
        row & order & self.lengths(&at, [(Field::RecessName, r.name.as_str())])
    }

    pub(super) fn dissolution(&mut self, d: &DissolutionRow) -> bool {
        let at = format!("dissolution from {}", d.first_day);
        let row = self.calendar_row(&at, d.uuid.as_deref(), "dissolutions", &d.source, &d.created_at);
        let order = self.check(&at, d.first_day <= d.last_day, "it ends before it starts");
        row & order & self.lengths(&at, [(Field::CalendarNote, d.note.as_str())])
    }

    pub(super) fn setting(&mut self, s: &SettingRow) -> bool {
        let at = format!("setting {}", short(&s.key));
        let stamp = self.stamp(&at, &s.updated_at);
        let lengths = self.lengths(&at, [(Field::SettingName, s.key.as_str()), (Field::SettingValue, &s.value)]);
        let first = !lengths || self.settings.insert(s.key.clone());
        let once = self.check(&at, first, "it is listed twice");
        stamp & once & lengths
    }
}
