//! Updating the MPs from a newer copy of the shipped MP file (mps_2024_parliament.csv), or from the
//! DfE's MP look-up that the shipped file was built from (mp_lookup.csv, published by
//! dfe-analytical-services/mp-lookup): reading and checking its rows, and comparing them with the
//! seats as they are, to list the seats that changed hands, the changes of party and the changed
//! contact details. Seats the file leaves out stay as they are, and so do the details a file's
//! layout does not give (the DfE file has no website or social accounts).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::domain::interchange::import_file::{BadLine, CsvRow, CsvTable, ImportError, iso_date};
use crate::domain::limits::{self, TooLong, check_all};
use crate::domain::mps::names;
use crate::domain::text::fold;

/// The columns of the shipped MP file that an update reads (others, such as region, are ignored).
pub const COLUMNS: [&str; 13] = [
    "constituency_code",
    "mp_name",
    "mp_full_title",
    "party",
    "parliament_member_id",
    "twfy_person_id",
    "email",
    "website",
    "twitter_handle",
    "bluesky_handle",
    "facebook_page",
    "parliament_profile_url",
    "seat_held_since",
];

/// The columns of the DfE's MP look-up (mp_lookup.csv) that an update needs: the seat's ONS code,
/// and the member's id, name and party.
pub const DFE_COLUMNS: [&str; 4] = ["pcon_code", "member_id", "display_as", "party_text"];

/// The DfE columns read when they are there: the seat's name (checked against the code), the MP's
/// full title and email. Its other columns (results, local authorities, regions) are ignored.
pub const DFE_OPTIONAL: [&str; 3] = ["pcon_name", "full_title", "member_email"];

/// How the DfE file writes a missing value (R's NA) and an MP without an email address.
const DFE_MISSING: [&str; 2] = ["NA", "No email found"];

/// How the DfE file names the holder of a vacant seat (and the party and title).
const DFE_VACANT: &str = "Vacant";

/// The layout of an MP file, told by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The shipped file's columns ([`COLUMNS`]), all of them required.
    Shipped,
    /// The DfE's MP look-up ([`DFE_COLUMNS`] required, [`DFE_OPTIONAL`] read when present).
    DfeLookup,
}

/// One detail of a seat and its MP, as a layout holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Code,
    SeatName,
    Name,
    FullTitle,
    Party,
    MemberId,
    TwfyId,
    Email,
    Website,
    Twitter,
    Bluesky,
    Facebook,
    ProfileUrl,
    HeldSince,
}

impl Layout {
    /// The DfE layout when the header has any column of its own and not the shipped file's
    /// constituency_code; otherwise the shipped one.
    fn of(table: &CsvTable) -> Layout {
        let dfe = DFE_COLUMNS.iter().chain(&DFE_OPTIONAL).any(|c| table.has_all(&[c]));
        if dfe && !table.has_all(&["constituency_code"]) { Layout::DfeLookup } else { Layout::Shipped }
    }

    fn required(self) -> &'static [&'static str] {
        match self {
            Layout::Shipped => &COLUMNS,
            Layout::DfeLookup => &DFE_COLUMNS,
        }
    }

    /// What a file of this layout should be, for the error naming missing columns.
    fn expected(self) -> &'static str {
        match self {
            Layout::Shipped => {
                "a CSV with the columns of the shipped MP file (mps_2024_parliament.csv) or of the DfE's MP look-up \
                 (mp_lookup.csv)"
            }
            Layout::DfeLookup => {
                "the DfE's MP look-up (mp_lookup.csv, from github.com/dfe-analytical-services/mp-lookup)"
            }
        }
    }

    /// A line for the preview saying what the layout leaves as it is; None for the shipped layout,
    /// which gives everything.
    pub fn note(self) -> Option<String> {
        match self {
            Layout::Shipped => None,
            Layout::DfeLookup => Some(
                "This is the DfE's MP look-up (mp_lookup.csv): it has no website, social accounts or \
                 TheyWorkForYou id, so those are kept as they are (and any email or title it does not give)."
                    .into(),
            ),
        }
    }

    /// The column holding `field`; None when the layout has none.
    fn column(self, field: Field) -> Option<&'static str> {
        let shipped = match field {
            Field::Code => "constituency_code",
            Field::SeatName => "constituency_name",
            Field::Name => "mp_name",
            Field::FullTitle => "mp_full_title",
            Field::Party => "party",
            Field::MemberId => "parliament_member_id",
            Field::TwfyId => "twfy_person_id",
            Field::Email => "email",
            Field::Website => "website",
            Field::Twitter => "twitter_handle",
            Field::Bluesky => "bluesky_handle",
            Field::Facebook => "facebook_page",
            Field::ProfileUrl => "parliament_profile_url",
            Field::HeldSince => "seat_held_since",
        };
        match self {
            Layout::Shipped => Some(shipped),
            Layout::DfeLookup => match field {
                Field::Code => Some("pcon_code"),
                Field::SeatName => Some("pcon_name"),
                Field::Name => Some("display_as"),
                Field::FullTitle => Some("full_title"),
                Field::Party => Some("party_text"),
                Field::MemberId => Some("member_id"),
                Field::Email => Some("member_email"),
                _ => None,
            },
        }
    }

    /// The column's name for messages (the shipped name when the layout has none).
    fn name(self, field: Field) -> &'static str {
        self.column(field).or_else(|| Layout::Shipped.column(field)).unwrap_or_default()
    }
}

/// An MP as the data describes them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MpDetails {
    /// The Members API id; None for some past holders only.
    pub parliament_id: Option<i64>,
    /// The name a person reads, without a title: "Hilary Benn", "Mark Tami" (the Members API's
    /// `nameDisplayAs`; from a file's `mp_name`, through [`names::read`]).
    pub name: String,
    /// The name with its titles and honours: "Rt Hon Sir Mark Tami MP" (`nameFullTitle`).
    pub full_title: String,
    /// The salutation as Parliament gives it (the Members API's `nameAddressAs`: "Mr Benn"); None
    /// when the source gives none, as the shipped file and MP files do.
    pub address_as: Option<String>,
    /// The salutation worked out from the name and title the source gives ("Mr Connor Rand" →
    /// "Mr Rand", see [`names::read`]); None when it cannot be told. `address_as` wins over it.
    pub derived_address_as: Option<String>,
    pub party: String,
    pub twfy_id: Option<i64>,
    pub email: String,
    pub website: String,
    pub twitter: String,
    pub bluesky: String,
    pub facebook: String,
    pub profile_url: String,
}

impl MpDetails {
    /// Refuses a value longer than its field's limit.
    pub fn check_lengths(&self) -> Result<(), TooLong> {
        let salutations = [&self.address_as, &self.derived_address_as];
        check_all(
            [
                (limits::Field::MpName, self.name.as_str()),
                (limits::Field::MpFullTitle, &self.full_title),
                (limits::Field::Party, &self.party),
                (limits::Field::Email, &self.email),
                (limits::Field::WebAddress, &self.website),
                (limits::Field::Handle, &self.twitter),
                (limits::Field::Handle, &self.bluesky),
                (limits::Field::WebAddress, &self.facebook),
                (limits::Field::WebAddress, &self.profile_url),
            ]
            .into_iter()
            .chain(salutations.into_iter().flatten().map(|s| (limits::Field::Salutation, s.as_str()))),
        )
    }

    /// The MP holding a seat in the shipped data.
    pub fn from_seat(s: &crate::domain::reference::shipped::SeatRecord) -> MpDetails {
        let name = names::read(&s.mp_name, &s.mp_full_title);
        MpDetails {
            parliament_id: Some(s.parliament_member_id),
            name: name.display,
            full_title: s.mp_full_title.clone(),
            address_as: None,
            derived_address_as: name.salutation,
            party: s.party.clone(),
            twfy_id: s.twfy_person_id,
            email: s.email.clone(),
            website: s.website.clone(),
            twitter: s.twitter_handle.clone(),
            bluesky: s.bluesky_handle.clone(),
            facebook: s.facebook_page.clone(),
            profile_url: s.parliament_profile_url.clone(),
        }
    }

    /// How a letter addresses the MP: Parliament's form, else the derived one; None when neither
    /// is known (a letter then uses the name).
    pub fn salutation(&self) -> Option<&str> {
        self.address_as.as_deref().or(self.derived_address_as.as_deref())
    }

    /// These details for the MP `before` described, keeping Parliament's salutation from there when
    /// these give none and the name and title are the same (an MP file has no salutation: reading
    /// one must not drop Parliament's; a new name or title may mean a new form, so it goes).
    fn keeping_address_as(mut self, before: &MpDetails) -> MpDetails {
        if self.address_as.is_none() && self.name == before.name && self.full_title == before.full_title {
            self.address_as.clone_from(&before.address_as);
        }
        self
    }

    /// "Hilary Benn (Labour)".
    pub fn describe(&self) -> String {
        if self.party.is_empty() { self.name.clone() } else { format!("{} ({})", self.name, self.party) }
    }

    /// The fields that differ from `before`, party included, in a fixed order.
    fn changes_from(&self, before: &MpDetails) -> Vec<FieldChange> {
        let id = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        let pairs = [
            ("name", &before.name, &self.name),
            ("title", &before.full_title, &self.full_title),
            ("party", &before.party, &self.party),
            ("email", &before.email, &self.email),
            ("website", &before.website, &self.website),
            ("X/Twitter", &before.twitter, &self.twitter),
            ("Bluesky", &before.bluesky, &self.bluesky),
            ("Facebook", &before.facebook, &self.facebook),
            ("profile link", &before.profile_url, &self.profile_url),
        ];
        let mut changes: Vec<FieldChange> = pairs
            .into_iter()
            .filter(|(_, a, b)| a.trim() != b.trim())
            .map(|(field, a, b)| FieldChange { field, before: a.clone(), after: b.clone() })
            .collect();
        let (was, now) = (before.salutation().unwrap_or_default(), self.salutation().unwrap_or_default());
        if was.trim() != now.trim() {
            changes.push(FieldChange { field: SALUTATION, before: was.to_string(), after: now.to_string() });
        }
        if before.twfy_id != self.twfy_id {
            changes.push(FieldChange {
                field: "TheyWorkForYou id",
                before: id(before.twfy_id),
                after: id(self.twfy_id),
            });
        }
        changes
    }
}

/// The field name of a change of salutation.
const SALUTATION: &str = "salutation";

/// A seat as the database has it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatNow {
    pub code: String,
    pub seat: String,
    /// None when the seat is vacant.
    pub holder: Option<MpDetails>,
    /// When the current holder began holding the seat, if known.
    pub held_from: Option<NaiveDate>,
}

/// One field of an MP's details before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// One seat's change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MpChange {
    /// A different MP holds the seat (or it was filled, or fell vacant: one side is None).
    NewHolder {
        code: String,
        seat: String,
        before: Option<Box<MpDetails>>,
        after: Option<Box<MpDetails>>,
        /// When the new MP took the seat, if the file says.
        held_from: Option<NaiveDate>,
    },
    /// The same MP, with a new party or new details.
    Updated { code: String, seat: String, mp: Box<MpDetails>, fields: Vec<FieldChange> },
}

/// What an MP file would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MpPlan {
    pub changes: Vec<MpChange>,
    /// Rows read from the file.
    pub rows: usize,
    /// Seats the file does not mention (kept as they are).
    pub seats_not_in_file: usize,
}

/// A checked row: the seat and who holds it (None: vacant).
pub(crate) struct Row {
    pub(crate) line: usize,
    pub(crate) code: String,
    pub(crate) mp: Option<MpDetails>,
    pub(crate) held_from: Option<NaiveDate>,
}

/// Reads an MP file and compares it with `seats`. Any bad row (an unknown constituency code, a
/// seat or MP listed twice, a member id that is not a number…) means no plan at all.
pub fn plan(file: &str, text: &str, seats: &[SeatNow]) -> Result<MpPlan, ImportError> {
    plan_with_layout(file, text, seats).map(|(_, plan)| plan)
}

/// As [`plan`], with the layout the file was read in.
pub fn plan_with_layout(file: &str, text: &str, seats: &[SeatNow]) -> Result<(Layout, MpPlan), ImportError> {
    let table = CsvTable::parse(file, text)?;
    let layout = Layout::of(&table);
    table.require(file, layout.required(), layout.expected())?;
    let by_code: HashMap<&str, &SeatNow> = seats.iter().map(|s| (s.code.as_str(), s)).collect();
    let mut bad = table.bad.clone();
    let mut rows: Vec<Row> = Vec::new();
    let mut seen_codes: HashMap<String, usize> = HashMap::new();
    let mut seen_ids: HashMap<i64, usize> = HashMap::new();
    for raw in &table.rows {
        match read_row(&table, layout, raw, &by_code) {
            Err(reason) => bad.push(BadLine::new(raw.line, reason)),
            Ok(row) => {
                if let Some(first) = seen_codes.get(&row.code) {
                    bad.push(BadLine::new(
                        row.line,
                        format!("the seat {} is listed again (first on line {first})", row.code),
                    ));
                }
                seen_codes.entry(row.code.clone()).or_insert(row.line);
                if let Some(id) = row.mp.as_ref().and_then(|m| m.parliament_id) {
                    let first = *seen_ids.entry(id).or_insert(row.line);
                    if first != row.line {
                        bad.push(BadLine::new(
                            row.line,
                            format!("member {id} is listed again (first on line {first})"),
                        ));
                    }
                }
                rows.push(row);
            }
        }
    }
    bad.extend(seats_left_double(&rows, seats));
    if !bad.is_empty() {
        return Err(ImportError::bad_lines(file, bad));
    }
    let changes = rows
        .into_iter()
        .filter_map(|row| {
            let now = by_code[row.code.as_str()];
            change(row, now)
        })
        .collect();
    let plan =
        MpPlan { changes, rows: table.rows.len(), seats_not_in_file: seats.len().saturating_sub(seen_codes.len()) };
    Ok((layout, plan))
}

fn read_row(table: &CsvTable, layout: Layout, raw: &CsvRow, seats: &HashMap<&str, &SeatNow>) -> Result<Row, String> {
    let column = |field: Field| layout.name(field);
    // What the file says of `field`: None when its layout or its header has no such column, or
    // (in the DfE file) the cell is empty or says the value is missing.
    let given = |field: Field| -> Option<&str> {
        let name = layout.column(field).filter(|c| table.has_all(&[c]))?;
        let text = table.get(raw, name);
        match layout {
            Layout::Shipped => Some(text),
            Layout::DfeLookup => (!text.is_empty() && !DFE_MISSING.contains(&text)).then_some(text),
        }
    };
    let code = given(Field::Code).unwrap_or_default().to_string();
    let seat = match seats.get(code.as_str()) {
        Some(seat) => seat,
        None if code.is_empty() => return Err(format!("it has no {}", column(Field::Code))),
        None => return Err(format!("\"{code}\" is not the code of one of the 650 constituencies")),
    };
    let named = given(Field::SeatName).unwrap_or_default();
    if !named.is_empty() && fold(named) != fold(&seat.seat) {
        return Err(format!("{code} is {}, not \"{named}\"", seat.seat));
    }
    let number = |field: Field| -> Result<Option<i64>, String> {
        let text = given(field).unwrap_or_default();
        match text.parse::<i64>() {
            _ if text.is_empty() => Ok(None),
            Ok(n) if n > 0 => Ok(Some(n)),
            _ => Err(format!("{} \"{text}\" is not a number", column(field))),
        }
    };
    let parliament_id = number(Field::MemberId)?;
    let name = match given(Field::Name) {
        Some(name) if layout == Layout::DfeLookup && name.eq_ignore_ascii_case(DFE_VACANT) => "",
        name => name.unwrap_or_default(),
    }
    .to_string();
    let held_from = match given(Field::HeldSince).unwrap_or_default() {
        "" => None,
        text => Some(iso_date(column(Field::HeldSince), text)?),
    };
    let mp = match (parliament_id, name.is_empty()) {
        (None, true) => None,
        (None, false) => {
            return Err(format!("{name} has no {} (the Members API id)", column(Field::MemberId)));
        }
        (Some(id), true) => return Err(format!("member {id} has no {}", column(Field::Name))),
        (Some(id), false) => {
            // The same member keeps what the file does not give; a new one starts without it.
            let kept = seat.holder.as_ref().filter(|h| h.parliament_id == Some(id)).cloned().unwrap_or_default();
            let text = |field: Field, kept: String| given(field).map_or(kept, str::to_string);
            let same = kept.parliament_id.is_some();
            let profile_url = match given(Field::ProfileUrl) {
                Some(url) => url.to_string(),
                None if same => kept.profile_url.clone(),
                None => format!("https://members.parliament.uk/member/{id}"),
            };
            let full_title = text(Field::FullTitle, kept.full_title.clone());
            let read = names::read(&name, &full_title);
            Some(MpDetails {
                parliament_id,
                name: read.display,
                full_title,
                address_as: None,
                derived_address_as: read.salutation,
                party: text(Field::Party, kept.party),
                twfy_id: if given(Field::TwfyId).is_some() { number(Field::TwfyId)? } else { kept.twfy_id },
                email: text(Field::Email, kept.email),
                website: text(Field::Website, kept.website),
                twitter: text(Field::Twitter, kept.twitter),
                bluesky: text(Field::Bluesky, kept.bluesky),
                facebook: text(Field::Facebook, kept.facebook),
                profile_url,
            })
        }
    };
    if let Some(mp) = &mp {
        mp.check_lengths().map_err(|e| e.to_string())?;
    }
    Ok(Row { line: raw.line, code, mp, held_from })
}

/// An MP who moves to a seat in the file while still holding a seat the file leaves out would hold
/// two seats: a bad line.
fn seats_left_double(rows: &[Row], seats: &[SeatNow]) -> Vec<BadLine> {
    let in_file: HashSet<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    let held: HashMap<i64, &SeatNow> = seats
        .iter()
        .filter_map(|s| Some((s.holder.as_ref()?.parliament_id?, s)))
        .filter(|(_, s)| !in_file.contains(s.code.as_str()))
        .collect();
    rows.iter()
        .filter_map(|row| {
            let mp = row.mp.as_ref()?;
            let other = held.get(&mp.parliament_id?)?;
            (other.code != row.code).then(|| {
                BadLine::new(
                    row.line,
                    format!(
                        "{} holds {} now, and the file does not say who holds it instead; include that seat too",
                        mp.name, other.seat
                    ),
                )
            })
        })
        .collect()
}

/// What `row` changes in the seat as it is `now`, if anything.
pub(crate) fn change(row: Row, now: &SeatNow) -> Option<MpChange> {
    let same = |a: &MpDetails, b: &MpDetails| a.parliament_id.is_some() && a.parliament_id == b.parliament_id;
    match (&now.holder, row.mp) {
        (None, None) => None,
        (Some(before), Some(after)) if same(before, &after) => {
            let after = after.keeping_address_as(before);
            let fields = after.changes_from(before);
            (!fields.is_empty()).then(|| MpChange::Updated {
                code: row.code,
                seat: now.seat.clone(),
                mp: Box::new(after),
                fields,
            })
        }
        (before, after) => Some(MpChange::NewHolder {
            code: row.code,
            seat: now.seat.clone(),
            before: before.clone().map(Box::new),
            after: after.map(Box::new),
            held_from: row.held_from,
        }),
    }
}

impl MpPlan {
    /// The preview, as lines of text: seats that changed hands, party changes, contact changes.
    pub fn lines(&self) -> Vec<String> {
        let mut hands = Vec::new();
        let mut parties = Vec::new();
        let mut details = Vec::new();
        // Salutations where there were none: one line for them all, since the first update from
        // Parliament brings one for most MPs.
        let mut first_salutations: Vec<(String, String)> = Vec::new();
        for change in &self.changes {
            match change {
                MpChange::NewHolder { code, seat, before, after, .. } => {
                    let left =
                        before.as_ref().map_or("the seat was vacant".into(), |b| format!("{} left", b.describe()));
                    let came =
                        after.as_ref().map_or("the seat is vacant".into(), |a| format!("{} arrived", a.describe()));
                    hands.push(format!("  {seat} ({code}): {left}; {came}"));
                }
                MpChange::Updated { seat, mp, fields, .. } => {
                    for f in fields {
                        let line =
                            format!("  {seat}, {}: {} {} → {}", mp.name, f.field, shown(&f.before), shown(&f.after));
                        if f.field == "party" {
                            parties.push(line)
                        } else if f.field == SALUTATION && f.before.trim().is_empty() {
                            first_salutations.push((line, format!("{}: {}", mp.name, f.after)));
                        } else {
                            details.push(line)
                        }
                    }
                }
            }
        }
        match first_salutations.as_slice() {
            [] => {}
            [(line, _)] => details.push(line.clone()),
            [(_, example), ..] => details.push(format!(
                "  {} MPs have a salutation for letters where there was none, such as {example}",
                first_salutations.len()
            )),
        }
        let mut lines = Vec::new();
        for (title, group) in
            [("Seats that changed hands:", hands), ("Party changes:", parties), ("Contact changes:", details)]
        {
            if !group.is_empty() {
                lines.push(title.to_string());
                lines.extend(group);
            }
        }
        let changed = self.changes.len();
        lines.push(match changed {
            0 => format!("No changes: the {} rows match the MPs already here.", self.rows),
            _ => format!("{changed} of the {} seats in the file change.", self.rows),
        });
        if self.seats_not_in_file > 0 {
            lines.push(format!("{} seats are not in the file and stay as they are.", self.seats_not_in_file));
        }
        lines
    }
}

fn shown(value: &str) -> &str {
    if value.is_empty() { "(none)" } else { value }
}

#[cfg(test)]
mod tests;
