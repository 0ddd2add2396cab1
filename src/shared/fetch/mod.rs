//! `mpplan update`: fetching the public feeds (or reading the same documents saved by hand) and
//! putting together what they say. Everything is read before anything is planned or written, so a
//! failure part-way leaves the database as it was.

pub mod dir;
pub mod http;

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};

use crate::domain::calendar::RowSource;
use crate::domain::calendar::{CalendarData, DEFAULT_HOURS};
use crate::domain::engagement::proposal::ProposalFilter;
use crate::domain::reference::feeds::bank_holidays;
use crate::domain::reference::feeds::calendar_plan::FetchedCalendar;
use crate::domain::reference::feeds::calendar_plan::plan_calendar;
use crate::domain::reference::feeds::members::{self, FeedMember, PAGE_SIZE};
use crate::domain::reference::feeds::profile::{self, Profile};
use crate::domain::reference::feeds::update_plan::{ProfileChange, UpdatePlan, flag_changes, profile_changes};
use crate::domain::reference::feeds::whatson;
use crate::domain::reference::feeds::{FeedError, seats};
use crate::store::{Store, StoreError, UpdateOrigin};

/// Where each feed lives. The defaults are the real services; tests and mirrors point them
/// elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feeds {
    /// The Members API's base, up to and including `/api`.
    pub members_api: String,
    /// What's On's base.
    pub whatson_api: String,
    /// GOV.UK's bank holidays document.
    pub bank_holidays: String,
}

pub const MEMBERS_API_URL: &str = "https://members-api.parliament.uk/api";
pub const WHATSON_API_URL: &str = "https://whatson-api.parliament.uk";
pub const BANK_HOLIDAYS_URL: &str = "https://www.gov.uk/bank-holidays.json";

/// How far ahead the calendar is fetched.
pub const MONTHS_AHEAD: u32 = 18;

/// One document to read: where it is served, and the file name it is saved under for `--from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub url: String,
    pub file: String,
    /// What it is, for messages: "Members API page 3".
    pub what: String,
}

/// Why an update could not read what it needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpdateError {
    /// The network, a server or the file system: the message says which and what to do.
    #[error("{0}")]
    Fetch(String),
    /// A document was read but is not what the feed serves.
    #[error(transparent)]
    Feed(#[from] FeedError),
    /// A file that `--from` needs is not in the folder.
    #[error("{0}")]
    Missing(String),
}

/// Reads a document: from the network, or from a folder.
pub trait Fetch {
    fn fetch(&mut self, request: &Request) -> Result<String, UpdateError>;
    /// Whether the document is there to read (always, on the network).
    fn has(&self, _request: &Request) -> bool {
        true
    }
    /// The calendar range saved, when reading from a folder.
    fn saved_window(&self) -> Option<(NaiveDate, NaiveDate)> {
        None
    }
}

/// What is asked for: the range of the calendar and the seats tracked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub window: (NaiveDate, NaiveDate),
    /// Tracked seats: (name, the Members API id of the MP held now, if known).
    pub tracked: Vec<(String, Option<i64>)>,
    /// How many seats there are (for listing the member pages without asking the API).
    pub seats: usize,
}

/// Everything read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fetched {
    /// The whole list of current Commons members; None when `--from` had no member pages.
    pub members: Option<Vec<FeedMember>>,
    /// The profiles of the tracked seats' MPs, by Members API id.
    pub profiles: BTreeMap<i64, Profile>,
    /// Tracked MPs whose profile files were not in the folder: (name, id).
    pub profiles_missing: Vec<(String, i64)>,
    /// None when `--from` had no calendar files.
    pub calendar: Option<FetchedCalendar>,
    /// The addresses (or files) read, in order.
    pub sources: Vec<String>,
}

/// The calendar range to fetch on `today`: from the day after the shipped sitting days end (so
/// that no gap is left) or today if earlier, to [`MONTHS_AHEAD`] months ahead.
pub fn window(today: NaiveDate, shipped_last: Option<NaiveDate>) -> (NaiveDate, NaiveDate) {
    let from = shipped_last.and_then(|d| d.succ_opt()).map_or(today, |d| d.min(today));
    let to = today.checked_add_months(Months::new(MONTHS_AHEAD)).unwrap_or(today);
    (from, to)
}

impl Feeds {
    fn members(&self, path: &str) -> String {
        format!("{}/{path}", self.members_api.trim_end_matches('/'))
    }

    /// One page of the current Commons members.
    pub fn members_page(&self, page: usize) -> Request {
        Request {
            url: self.members(&format!(
                "Members/Search?House=1&IsCurrentMember=true&skip={}&take={PAGE_SIZE}",
                page * PAGE_SIZE
            )),
            file: format!("members-page-{:02}.json", page + 1),
            what: format!("Members API page {}", page + 1),
        }
    }

    /// One of a member's documents: "Contact", "Biography" or "Focus".
    pub fn member_document(&self, id: i64, document: &str) -> Request {
        Request {
            url: self.members(&format!("Members/{id}/{document}")),
            file: format!("member-{id}-{}.json", document.to_lowercase()),
            what: format!("Members API {} of member {id}", document.to_lowercase()),
        }
    }

    pub fn sitting_dates(&self, (from, to): (NaiveDate, NaiveDate)) -> Request {
        Request {
            url: format!(
                "{}/calendar/proceduraldates/Commons/sittingdates.json?startDate={from}&endDate={to}",
                self.whatson_api.trim_end_matches('/')
            ),
            file: format!("sitting-dates_{from}_{to}.json"),
            what: "What's On sitting dates".into(),
        }
    }

    pub fn non_sitting(&self, (from, to): (NaiveDate, NaiveDate)) -> Request {
        Request {
            url: format!(
                "{}/calendar/events/nonsitting.json?queryParameters.house=Commons&queryParameters.startDate={from}\
                 &queryParameters.endDate={to}",
                self.whatson_api.trim_end_matches('/')
            ),
            file: format!("non-sitting_{from}_{to}.json"),
            what: "What's On non-sitting periods".into(),
        }
    }

    pub fn sessions(&self) -> Request {
        Request {
            url: format!("{}/calendar/sessions/list.json", self.whatson_api.trim_end_matches('/')),
            file: "sessions.json".into(),
            what: "What's On sessions".into(),
        }
    }

    pub fn bank_holidays(&self) -> Request {
        Request {
            url: self.bank_holidays.clone(),
            file: "bank-holidays.json".into(),
            what: "GOV.UK bank holidays".into(),
        }
    }

    /// Every document an update reads for `wanted`, with the member pages needed for the seats
    /// there are now (a folder may hold more).
    pub fn all_requests(&self, wanted: &Wanted) -> Vec<Request> {
        let pages = wanted.seats.max(1).div_ceil(PAGE_SIZE);
        let mut all: Vec<Request> = (0..pages).map(|p| self.members_page(p)).collect();
        for id in wanted.tracked.iter().filter_map(|(_, id)| *id) {
            all.extend(PROFILE_DOCUMENTS.iter().map(|doc| self.member_document(id, doc)));
        }
        all.extend([
            self.sitting_dates(wanted.window),
            self.non_sitting(wanted.window),
            self.sessions(),
            self.bank_holidays(),
        ]);
        all
    }
}

const PROFILE_DOCUMENTS: [&str; 3] = ["Contact", "Biography", "Focus"];

/// What is happening, for a progress bar.
pub trait Progress {
    /// `total` documents are to be read (it grows once the number of member pages is known).
    fn total(&mut self, total: usize);
    fn read(&mut self, what: &str);
}

/// No progress shown.
pub struct Quiet;

impl Progress for Quiet {
    fn total(&mut self, _: usize) {}
    fn read(&mut self, _: &str) {}
}

/// Reads every document an update needs, in order: the member pages (all of them), the profiles
/// of the tracked seats' MPs (as the new list says who holds them), then the calendar and the bank
/// holidays. From a folder, a group of documents that is not there at all is left out; one that is
/// there must be whole.
pub fn gather(
    fetch: &mut dyn Fetch,
    feeds: &Feeds,
    wanted: &Wanted,
    today: NaiveDate,
    progress: &mut dyn Progress,
) -> Result<Fetched, UpdateError> {
    let mut fetched = Fetched::default();
    let window = fetch.saved_window().unwrap_or(wanted.window);
    let first_page = feeds.members_page(0);
    let calendar_requests = [feeds.sitting_dates(window), feeds.non_sitting(window), feeds.sessions()];
    let holidays_request = feeds.bank_holidays();
    let with_members = fetch.has(&first_page);
    let with_calendar = calendar_requests.iter().any(|r| fetch.has(r));
    let with_holidays = fetch.has(&holidays_request);
    if !(with_members || with_calendar || with_holidays) {
        return Err(UpdateError::Missing(format!(
            "none of the files an update reads is there (such as {} or {}); `mpplan update --urls` lists them",
            first_page.file, holidays_request.file
        )));
    }
    let mut expected = usize::from(with_members) + 3 * usize::from(with_calendar) + usize::from(with_holidays);
    progress.total(expected);

    if with_members {
        let body = read(fetch, &first_page, &mut fetched.sources, progress)?;
        let first = members::parse_page(&first_page.what, &body)?;
        let pages_needed = first.total.div_ceil(PAGE_SIZE).max(1);
        expected += pages_needed - 1;
        progress.total(expected);
        let mut pages = vec![first];
        for page in 1..pages_needed {
            let request = feeds.members_page(page);
            let body = read(fetch, &request, &mut fetched.sources, progress)?;
            pages.push(members::parse_page(&request.what, &body)?);
        }
        let list = members::whole_list("the member list", pages)?;
        let ids = tracked_ids(&list, wanted);
        expected += ids.len() * PROFILE_DOCUMENTS.len();
        progress.total(expected);
        for (name, id) in ids {
            let requests: Vec<Request> = PROFILE_DOCUMENTS.iter().map(|doc| feeds.member_document(id, doc)).collect();
            if !requests.iter().all(|r| fetch.has(r)) {
                fetched.profiles_missing.push((name, id));
                continue;
            }
            let contact = read(fetch, &requests[0], &mut fetched.sources, progress)?;
            let biography = read(fetch, &requests[1], &mut fetched.sources, progress)?;
            let focus = read(fetch, &requests[2], &mut fetched.sources, progress)?;
            let profile = Profile {
                contacts: profile::parse_contacts(&requests[0].what, &contact)?,
                roles: profile::parse_roles(&requests[1].what, &biography, today)?,
                interests: profile::parse_interests(&requests[2].what, &focus)?,
            };
            fetched.profiles.insert(id, profile);
        }
        fetched.members = Some(list);
    }

    if with_calendar {
        let [sitting, non_sitting, sessions] = &calendar_requests;
        let sitting_days =
            whatson::parse_sitting_dates(&sitting.what, &read(fetch, sitting, &mut fetched.sources, progress)?)?;
        let periods =
            whatson::parse_non_sitting(&non_sitting.what, &read(fetch, non_sitting, &mut fetched.sources, progress)?)?;
        let sessions =
            whatson::parse_sessions(&sessions.what, &read(fetch, sessions, &mut fetched.sources, progress)?)?;
        fetched.calendar =
            Some(FetchedCalendar { window, sitting_days, non_sitting: periods, sessions, bank_holidays: Vec::new() });
    }
    if with_holidays {
        let body = read(fetch, &holidays_request, &mut fetched.sources, progress)?;
        let holidays = bank_holidays::parse(&holidays_request.what, &body)?;
        fetched
            .calendar
            .get_or_insert_with(|| FetchedCalendar { window, ..FetchedCalendar::default() })
            .bank_holidays = holidays;
    }
    Ok(fetched)
}

fn read(
    fetch: &mut dyn Fetch,
    request: &Request,
    sources: &mut Vec<String>,
    progress: &mut dyn Progress,
) -> Result<String, UpdateError> {
    progress.read(&request.what);
    let body = fetch.fetch(request)?;
    sources.push(request.url.clone());
    Ok(body)
}

/// The Members API ids of the MPs who hold the tracked seats in the new list, with their names.
fn tracked_ids(list: &[FeedMember], wanted: &Wanted) -> Vec<(String, i64)> {
    let mut ids: Vec<(String, i64)> = wanted
        .tracked
        .iter()
        .filter_map(|(seat, _)| {
            let key = seats::seat_key(seat);
            list.iter()
                .find(|m| seats::seat_key(&m.constituency) == key)
                .map(|m| (m.display_name.clone(), m.parliament_id))
        })
        .collect();
    ids.sort_by_key(|(_, id)| *id);
    ids.dedup_by_key(|(_, id)| *id);
    ids
}

impl Feeds {
    /// The feeds' addresses from MPPLAN_MEMBERS_API_URL, MPPLAN_WHATSON_API_URL and
    /// MPPLAN_BANK_HOLIDAYS_URL, each defaulting to the real service.
    pub fn from_env() -> Feeds {
        let var =
            |name: &str, default: &str| std::env::var(name).ok().filter(|v| !v.is_empty()).unwrap_or(default.into());
        Feeds {
            members_api: var("MPPLAN_MEMBERS_API_URL", MEMBERS_API_URL),
            whatson_api: var("MPPLAN_WHATSON_API_URL", WHATSON_API_URL),
            bank_holidays: var("MPPLAN_BANK_HOLIDAYS_URL", BANK_HOLIDAYS_URL),
        }
    }
}

/// What is asked of the feeds for this database on `today`: the calendar range, the tracked seats.
pub fn wanted(store: &Store, today: NaiveDate) -> Result<Wanted, StoreError> {
    let rows = store.calendar_rows()?;
    let shipped_last = rows.sitting_days.iter().filter(|(s, _)| *s == RowSource::Shipped).map(|(_, d)| d.date).max();
    Ok(Wanted { window: window(today, shipped_last), tracked: store.tracked_for_update()?, seats: store.seat_count()? })
}

/// An update read and planned, ready to show and apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub plan: UpdatePlan,
    pub origin: UpdateOrigin,
}

impl Prepared {
    /// The preview, headed by where the data came from.
    pub fn lines(&self) -> Vec<String> {
        let from = if self.origin.origin == "network" {
            "Parliament's and GOV.UK's feeds".to_string()
        } else {
            format!("the files in {}", self.origin.origin)
        };
        let mut lines = vec![format!("Update from {from}:")];
        lines.extend(self.plan.lines());
        if !self.plan.changes_anything() {
            lines.push("Everything is up to date: nothing to change.".into());
        }
        lines
    }
}

/// Reads everything for `store` through `fetch` (`origin` says from where: "network" or the
/// folder) and plans it. Nothing is written.
pub fn prepare(
    store: &Store,
    fetch: &mut dyn Fetch,
    origin: &str,
    feeds: &Feeds,
    today: NaiveDate,
    progress: &mut dyn Progress,
) -> Result<Prepared, PrepareError> {
    let wanted = wanted(store, today)?;
    let fetched = gather(fetch, feeds, &wanted, today, progress)?;
    let plan = plan(store, &fetched, today)?;
    Ok(Prepared { plan, origin: UpdateOrigin { origin: origin.to_string(), sources: fetched.sources } })
}

/// Why an update could not be read or planned.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    #[error(transparent)]
    Update(#[from] UpdateError),
    #[error(transparent)]
    Plan(#[from] PlanError),
}

impl From<StoreError> for PrepareError {
    fn from(e: StoreError) -> PrepareError {
        PrepareError::Plan(PlanError::Store(e))
    }
}

/// What `fetched` would change in `store`, on `today`.
pub fn plan(store: &Store, fetched: &Fetched, today: NaiveDate) -> Result<UpdatePlan, PlanError> {
    let mut plan = UpdatePlan::default();
    if let Some(list) = &fetched.members {
        let mut members = seats::plan_members(list, &store.seats_now()?, true)?;
        seats::fill_emails(&mut members.plan, &fetched.profiles);
        plan.members = Some(members);
    }
    let holders: BTreeMap<i64, (String, String)> = fetched
        .members
        .iter()
        .flatten()
        .map(|m| (m.parliament_id, (m.constituency.clone(), m.display_name.clone())))
        .collect();
    for (&id, profile) in &fetched.profiles {
        let (seat, mp) = holders.get(&id).cloned().unwrap_or_default();
        let changes = profile_changes(&store.member_profile(id)?, profile);
        plan.profiles.push(ProfileChange { seat, mp, parliament_id: id, profile: profile.clone(), changes });
    }
    plan.profiles_missing = fetched
        .profiles_missing
        .iter()
        .map(|(name, id)| {
            format!("{name}: no contact details among the files (save the member-{id}-*.json files `mpplan update --urls` lists)")
        })
        .collect();
    if let Some(calendar) = &fetched.calendar {
        let rows = store.calendar_rows()?;
        let calendar_plan = plan_calendar(calendar, &rows, today);
        let before = CalendarData::new(rows.to_source());
        let after = CalendarData::new(rows.with_update(&calendar_plan.rows).to_source());
        let coming = store.proposals(&ProposalFilter { from: Some(today), ..ProposalFilter::default() })?;
        plan.flag_changes = flag_changes(&coming, &before, &after, &DEFAULT_HOURS);
        plan.calendar = Some(calendar_plan);
    }
    Ok(plan)
}

/// Why an update could not be planned.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Feed(#[from] FeedError),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_window_leaves_no_gap_after_the_shipped_days() {
        assert_eq!(window(d("2026-11-29"), Some(d("2026-07-16"))), (d("2026-07-17"), d("2028-05-29")));
        assert_eq!(window(d("2026-03-01"), Some(d("2026-07-16"))), (d("2026-03-01"), d("2027-09-01")));
        assert_eq!(window(d("2026-03-01"), None).0, d("2026-03-01"));
    }

    #[test]
    fn addresses_follow_the_published_routes() {
        let feeds = Feeds {
            members_api: "https://members-api.parliament.uk/api/".into(),
            whatson_api: WHATSON_API_URL.into(),
            bank_holidays: BANK_HOLIDAYS_URL.into(),
        };
        assert_eq!(
            feeds.members_page(2).url,
            "https://members-api.parliament.uk/api/Members/Search?House=1&IsCurrentMember=true&skip=40&take=20"
        );
        assert_eq!(feeds.members_page(2).file, "members-page-03.json");
        assert_eq!(
            feeds.member_document(172, "Contact").url,
            "https://members-api.parliament.uk/api/Members/172/Contact"
        );
        assert_eq!(
            feeds.sitting_dates((d("2026-07-17"), d("2028-05-29"))).url,
            "https://whatson-api.parliament.uk/calendar/proceduraldates/Commons/sittingdates.json?startDate=2026-07-17&endDate=2028-05-29"
        );
        let wanted = Wanted {
            window: (d("2026-07-17"), d("2028-05-29")),
            tracked: vec![("Leeds South".into(), Some(172))],
            seats: 650,
        };
        assert_eq!(feeds.all_requests(&wanted).len(), 33 + 3 + 4);
    }
}
