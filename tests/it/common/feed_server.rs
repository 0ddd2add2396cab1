//! A stand-in for Parliament's and GOV.UK's feeds, served on 127.0.0.1 from fixtures built to the
//! published formats (reference/parliament: the Members API's OpenAPI description, What's On's
//! Swagger description, GOV.UK's bank-holidays.json). The members are the shipped MP file's, so an
//! update against an unchanged fixture changes nothing but what the test changes. The calendar is
//! made up for the tests: it is not Parliament's.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use chrono::{Datelike, NaiveDate, Weekday};
use serde_json::{Value, json};

pub fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The feeds' content.
#[derive(Clone)]
pub struct Fixture {
    /// Members API `Member` objects, in the order served.
    pub members: Vec<Value>,
    /// Contact, biography and focus documents by member id.
    pub profiles: BTreeMap<i64, [Value; 3]>,
    pub sitting_days: Vec<NaiveDate>,
    /// What's On `NonSittingDatePoco` objects.
    pub non_sitting: Vec<Value>,
    pub sessions: Value,
    pub bank_holidays: Value,
}

/// A Members API `Member` as the search returns it.
pub fn member(
    id: i64,
    display: &str,
    full_title: &str,
    address_as: Option<&str>,
    party: &str,
    seat: &str,
    start: &str,
) -> Value {
    json!({
        "id": id,
        "nameListAs": display,
        "nameDisplayAs": display,
        "nameFullTitle": full_title,
        "nameAddressAs": address_as,
        "latestParty": {"id": 1, "name": party, "abbreviation": "", "backgroundColour": "000000",
            "foregroundColour": "ffffff", "isLordsMainParty": false, "isLordsSpiritualParty": false,
            "governmentType": null, "isIndependentParty": party == "Independent"},
        "gender": "F",
        "latestHouseMembership": {"membershipFrom": seat, "membershipFromId": 3000 + id, "house": 1,
            "membershipStartDate": format!("{start}T00:00:00"), "membershipEndDate": null,
            "membershipEndReason": null, "membershipEndReasonNotes": null, "membershipEndReasonId": null,
            "membershipStatus": {"statusIsActive": true, "statusDescription": "Current Member", "statusNotes": null,
                "statusId": 0, "status": 0, "statusStartDate": format!("{start}T00:00:00")}},
        "thumbnailUrl": format!("https://members-api.parliament.uk/api/Members/{id}/Thumbnail")
    })
}

fn non_sitting(code: &str, name: &str, first: &str, last: &str) -> Value {
    json!({"Id": 1, "StartDate": format!("{first}T00:00:00"), "EndDate": format!("{last}T00:00:00"),
        "SummarisedDetails": "", "StartTime": "", "EndTime": "", "Description": name, "SortOrder": 1,
        "Category": "Non-sitting", "Location": "", "Type": "Non-sitting", "House": "Commons", "CategoryCode": code})
}

pub fn contact_documents(id: i64, phone: &str) -> [Value; 3] {
    let office = |kind: &str, line1: &str, postcode: &str, phone: &str, email: Option<String>| {
        json!({"type": kind, "typeDescription": kind, "typeId": 1, "isPreferred": kind.starts_with("Parl"),
            "isWebAddress": false, "notes": null, "line1": line1, "line2": "London", "line3": null, "line4": null,
            "line5": null, "postcode": postcode, "phone": phone, "fax": null, "email": email, "website": null})
    };
    [
        json!({"value": [
            office("Parliamentary office", "House of Commons", "SW1A 0AA", phone, Some(format!("member{id}@parliament.uk"))),
            office("Constituency office", "1 Test Street", "LS11 5AA", "0113 496 0000", None)
        ], "links": []}),
        json!({"value": {"representations": [], "electionsContested": [], "houseMemberships": [],
            "governmentPosts": [], "oppositionPosts": [], "otherPosts": [], "partyAffiliations": [],
            "committeeMemberships": [{"house": 1, "name": "Health and Social Care Committee", "id": 1,
                "startDate": "2024-10-21T00:00:00", "endDate": null, "additionalInfo": null,
                "additionalInfoLink": null}]}, "links": []}),
        json!({"value": [{"category": "Political interests", "focus": ["Health", "Social care"]}], "links": []}),
    ]
}

impl Fixture {
    /// The shipped MPs as the Members API would list them, and a made-up calendar from mid-2026 to
    /// mid-2027: Monday to Thursday sittings outside three recesses, and one sitting Friday.
    pub fn new() -> Fixture {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/data/mps_2024_parliament.csv"))
            .unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let mut members = Vec::new();
        for row in reader.records() {
            let row = row.unwrap();
            let start = match &row[col("seat_held_since")] {
                "" => "2024-07-04".to_string(),
                s => s.to_string(),
            };
            members.push(member(
                row[col("parliament_member_id")].parse().unwrap(),
                &row[col("mp_name")],
                &row[col("mp_full_title")],
                None,
                &row[col("party")],
                &row[col("constituency_name")],
                &start,
            ));
        }
        let recesses = [
            ("Christmas recess", "2026-12-18", "2027-01-04"),
            ("February recess", "2027-02-11", "2027-02-21"),
            ("Easter recess", "2027-03-25", "2027-04-11"),
        ];
        let in_recess = |day: NaiveDate| recesses.iter().any(|(_, a, b)| d(a) <= day && day <= d(b));
        let sitting_days = d("2026-07-17")
            .iter_days()
            .take_while(|day| *day <= d("2027-06-30"))
            .filter(|day| !matches!(day.weekday(), Weekday::Fri | Weekday::Sat | Weekday::Sun) && !in_recess(*day))
            .chain([d("2027-01-15")])
            .collect();
        Fixture {
            members,
            profiles: BTreeMap::new(),
            sitting_days,
            non_sitting: recesses.iter().map(|(n, a, b)| non_sitting("REC", n, a, b)).collect(),
            sessions: json!([
                {"SessionId": 1, "Number": "1", "StartDate": "2024-07-09T00:00:00", "EndDate": "2026-04-29T00:00:00",
                 "CommonsDescription": "2024-26", "LordsDescription": "2024-26", "SessionNumber": "1", "ParliamentNumber": "59"},
                {"SessionId": 2, "Number": "2", "StartDate": "2026-05-13T00:00:00", "EndDate": null,
                 "CommonsDescription": "2026-27", "LordsDescription": "2026-27", "SessionNumber": "2", "ParliamentNumber": "59"}
            ]),
            bank_holidays: json!({
                "england-and-wales": {"division": "england-and-wales", "events": [
                    {"title": "Christmas Day", "date": "2026-12-25", "notes": "", "bunting": true},
                    {"title": "Boxing Day", "date": "2026-12-28", "notes": "Substitute day", "bunting": true},
                    {"title": "New Year’s Day", "date": "2027-01-01", "notes": "", "bunting": true},
                    {"title": "Test holiday", "date": "2027-06-07", "notes": "", "bunting": false}]},
                "scotland": {"division": "scotland", "events": [
                    {"title": "2nd January", "date": "2027-01-04", "notes": "", "bunting": true}]},
                "northern-ireland": {"division": "northern-ireland", "events": []}
            }),
        }
    }

    fn position(&self, seat: &str) -> usize {
        self.members
            .iter()
            .position(|m| m["latestHouseMembership"]["membershipFrom"] == seat)
            .unwrap_or_else(|| panic!("no member for {seat}"))
    }

    /// The member for `seat`'s id.
    pub fn id_for(&self, seat: &str) -> i64 {
        self.members[self.position(seat)]["id"].as_i64().unwrap()
    }

    /// A new member takes `seat`.
    pub fn new_member(&mut self, seat: &str, id: i64, name: &str, party: &str, start: &str) {
        let at = self.position(seat);
        self.members[at] = member(id, name, &format!("{name} MP"), Some("Ms Bloggs"), party, seat, start);
    }

    pub fn set_party(&mut self, seat: &str, party: &str) {
        let at = self.position(seat);
        self.members[at]["latestParty"]["name"] = json!(party);
    }

    pub fn add_recess(&mut self, name: &str, first: &str, last: &str) {
        self.non_sitting.push(non_sitting("REC", name, first, last));
        self.sitting_days.retain(|day| !(d(first) <= *day && *day <= d(last)));
    }

    pub fn add_sitting_day(&mut self, day: &str) {
        self.sitting_days.push(d(day));
    }

    /// The body for a path and query, as the feeds route them.
    pub fn route(&self, target: &str) -> Option<String> {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let param = |name: &str| {
            query.split('&').find_map(|kv| kv.split_once('=').filter(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
        };
        if path == "/api/Members/Search" {
            let skip: usize = param("skip")?.parse().ok()?;
            let take: usize = param("take")?.parse().ok()?;
            let items: Vec<Value> =
                self.members.iter().skip(skip).take(take).map(|m| json!({"value": m, "links": []})).collect();
            return Some(
                json!({"items": items, "totalResults": self.members.len(), "resultContext": "", "skip": skip,
                    "take": take, "links": [], "resultType": 0})
                .to_string(),
            );
        }
        if let Some(rest) = path.strip_prefix("/api/Members/") {
            let (id, document) = rest.split_once('/')?;
            let id: i64 = id.parse().ok()?;
            let docs = self.profiles.get(&id).cloned().unwrap_or_else(|| contact_documents(id, "020 7219 0000"));
            let index = ["Contact", "Biography", "Focus"].iter().position(|d| *d == document)?;
            return Some(docs[index].to_string());
        }
        match path {
            "/calendar/proceduraldates/Commons/sittingdates.json" => {
                let (from, to) = (d(&param("startDate")?), d(&param("endDate")?));
                let mut days: Vec<&NaiveDate> = self.sitting_days.iter().filter(|d| from <= **d && **d <= to).collect();
                days.sort();
                let dates: Vec<Value> = days.iter().map(|d| json!({"Date": format!("{d}T00:00:00")})).collect();
                Some(json!({"SittingDates": dates}).to_string())
            }
            "/calendar/events/nonsitting.json" => Some(Value::Array(self.non_sitting.clone()).to_string()),
            "/calendar/sessions/list.json" => Some(self.sessions.to_string()),
            "/bank-holidays.json" => Some(self.bank_holidays.to_string()),
            _ => None,
        }
    }
}

/// How the server misbehaves.
#[derive(Clone, Default)]
pub struct Faults {
    /// Requests whose target contains this answer with this status.
    pub status: Option<(String, u16)>,
    /// Requests whose target contains this get half their body, then the connection closes.
    pub truncate: Option<String>,
    /// Requests whose target contains this wait this long before answering.
    pub delay: Option<(String, Duration)>,
}

struct State {
    fixture: Fixture,
    faults: Faults,
    hits: Vec<String>,
    user_agents: Vec<String>,
}

/// The feeds on a local port.
pub struct FeedServer {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl FeedServer {
    pub fn start(fixture: Fixture) -> FeedServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State {
            fixture,
            faults: Faults::default(),
            hits: Vec::new(),
            user_agents: Vec::new(),
        }));
        let shared = Arc::clone(&state);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                thread::spawn(move || serve(stream, &state));
            }
        });
        FeedServer { port, state }
    }

    pub fn set_fixture(&self, fixture: Fixture) {
        self.state.lock().unwrap().fixture = fixture;
    }

    pub fn set_faults(&self, faults: Faults) {
        self.state.lock().unwrap().faults = faults;
    }

    /// The User-Agent of each request so far.
    pub fn user_agents(&self) -> Vec<String> {
        self.state.lock().unwrap().user_agents.clone()
    }

    /// The targets requested so far.
    pub fn hits(&self) -> Vec<String> {
        self.state.lock().unwrap().hits.clone()
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The environment that points mpplan at this server.
    pub fn env(&self) -> [(&'static str, String); 3] {
        [
            ("MPPLAN_MEMBERS_API_URL", format!("{}/api", self.base())),
            ("MPPLAN_WHATSON_API_URL", self.base()),
            ("MPPLAN_BANK_HOLIDAYS_URL", format!("{}/bank-holidays.json", self.base())),
        ]
    }

    /// GETs `url` from this server, as a person saving the page would.
    pub fn get(&self, url: &str) -> String {
        let target = url.strip_prefix(&self.base()).unwrap_or(url);
        self.state.lock().unwrap().fixture.route(target).unwrap_or_else(|| panic!("nothing at {url}"))
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut user_agent = String::new();
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {
                if let Some((name, value)) = header.split_once(':')
                    && name.eq_ignore_ascii_case("user-agent")
                {
                    user_agent = value.trim().to_string();
                }
            }
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let (body, faults) = {
        let mut state = state.lock().unwrap();
        state.hits.push(target.clone());
        state.user_agents.push(user_agent);
        (state.fixture.route(&target), state.faults.clone())
    };
    if let Some((part, wait)) = &faults.delay
        && target.contains(part.as_str())
    {
        thread::sleep(*wait);
    }
    let mut stream = stream;
    let (status, body) = match (&faults.status, body) {
        (Some((part, status)), _) if target.contains(part.as_str()) => (*status, "{\"error\": \"fault\"}".to_string()),
        (_, Some(body)) => (200, body),
        (_, None) => (404, "{}".to_string()),
    };
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        if status == 200 { "OK" } else { "Error" },
        body.len()
    );
    let truncated = faults.truncate.as_ref().is_some_and(|part| target.contains(part.as_str()));
    let sent = if truncated { &body.as_bytes()[..body.len() / 2] } else { body.as_bytes() };
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(sent);
    let _ = stream.flush();
}
