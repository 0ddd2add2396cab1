//! Putting together what the daily review and the paperwork need from the store: the agenda, the
//! first-contact letter and the meeting brief. Shared by the command line and the UI.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use chrono::{Days, NaiveDate, TimeDelta};

use crate::domain::calendar::free_slots::{SlotShape, find_slots_reading};
use crate::domain::calendar::{CalendarData, DEFAULT_HOURS, ProposalKind};
use crate::domain::engagement::agenda::{self, AHEAD_DAYS, Agenda, FlaggedProposal};
use crate::domain::engagement::followups::FollowUpSettings;
use crate::domain::engagement::proposal::{ProposalFilter, ProposalStatus};
use crate::domain::paperwork::brief::{self, BriefInput};
use crate::domain::paperwork::letter::{self, Destination, LetterInput};
use crate::domain::text::neutralised;
use crate::store::{Store, StoreError};

/// The setting that holds the largest visiting group before a reminder to keep it small.
pub const ATTENDEE_LIMIT: &str = "attendee_limit";

#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Invalid(String),
    #[error("the letter template {path}: {message}")]
    Template { path: String, message: String },
}

pub fn settings(store: &Store) -> Result<FollowUpSettings, ComposeError> {
    let mut settings = FollowUpSettings::default();
    if let Some(limit) = store.setting(ATTENDEE_LIMIT)?.and_then(|v| v.parse().ok()) {
        settings.attendee_limit = limit;
    }
    Ok(settings)
}

/// The daily review for `date`.
pub fn agenda(store: &Store, date: NaiveDate) -> Result<Agenda, ComposeError> {
    let ahead = date.checked_add_days(Days::new(AHEAD_DAYS.into())).unwrap_or(date);
    // With the day before and the day after, for the overlaps of proposals that cross midnight.
    let (facts, proposals) = store.agenda_facts_around(date, ahead)?;
    // Only the days the agenda looks at and its proposals touch: the range the data covers (for
    // the warning and the data's age) is the whole calendar's all the same.
    let (first, last) = crate::shared::flags::days_touched(&proposals)
        .map_or((date, ahead), |(first, last)| (first.min(date), last.max(ahead)));
    let calendar = store.calendar_for(first, last)?;
    let marks = store.follow_up_marks()?;
    let mut agenda = agenda::agenda_with_marks(date, &facts, proposals, &calendar, &settings(store)?, &marks);
    agenda.data_age = Some(store.data_age(crate::data::data_date(), &calendar)?);
    Ok(agenda)
}

/// How many days after today the first frame of the Today screen reads: with years of busy data
/// their conflicts fill the screen ([`first_conflicts`]).
pub const FIRST_DAYS: u64 = 2;

/// The first of the conflicts ahead for `date`, as [`agenda()`] lists them, from the proposals of
/// the next [`FIRST_DAYS`] days alone
/// ([`first_conflicts`](crate::domain::engagement::first_conflicts::first_conflicts)).
pub fn first_conflicts(
    store: &Store,
    date: NaiveDate,
    calendar: &CalendarData,
) -> Result<Vec<FlaggedProposal>, ComposeError> {
    let last = date.checked_add_days(Days::new(FIRST_DAYS)).unwrap_or(date);
    let filter =
        ProposalFilter { from: date.pred_opt(), to: Some(last.succ_opt().unwrap_or(last)), ..Default::default() };
    Ok(crate::domain::engagement::first_conflicts::first_conflicts(date, last, store.proposals(&filter)?, calendar))
}

/// The first-contact letter to the MP for `code`, in Markdown, sent where `to` says or, when it
/// says nothing, where [`letter::office_for`] prefers. `template` overrides the shipped one (its
/// name first, for errors).
pub fn letter(
    store: &Store,
    code: &str,
    to: Option<Destination>,
    today: NaiveDate,
    template: Option<(&str, &str)>,
) -> Result<String, ComposeError> {
    let card = store.mp_card(code)?.ok_or_else(|| ComposeError::Invalid(format!("there is no seat {code}")))?;
    let info = store.engagement(code)?.unwrap_or_default();
    let to_constituency_office = letter::office_for(to, &info.office_address).map_err(|_| {
        ComposeError::Invalid(format!(
            "no constituency office address is stored for {}; add one with `mpplan engagement set {code} --office-address \"...\"`, or write to Westminster",
            card.summary.constituency
        ))
    })?;
    let input = LetterInput {
        today,
        org: store.organisation()?,
        mp_name: card.summary.name.clone(),
        mp_title: card.full_title.clone(),
        mp_salutation: card.salutation.clone(),
        seat: card.summary.constituency.clone(),
        to_constituency_office,
        topics: info.topic_list(),
        slots: clear_slots(store, today, 3)?,
    };
    let fields = letter::fields(&input);
    let (name, text) = template.unwrap_or(("the shipped template", letter::DEFAULT_TEMPLATE));
    letter::render(text, &fields).map_err(|e| ComposeError::Template { path: name.to_string(), message: e.to_string() })
}

/// The next `count` clear Friday or Saturday hours from tomorrow, skipping the organisation's own
/// proposals.
pub fn clear_slots(
    store: &Store,
    today: NaiveDate,
    count: usize,
) -> Result<Vec<(chrono::NaiveDateTime, chrono::NaiveDateTime)>, ComposeError> {
    let from = today.succ_opt().unwrap_or(today);
    let shape = SlotShape { kind: ProposalKind::Meeting, ..SlotShape::new(TimeDelta::hours(1)) };
    let mut read = |first, until| store.busy(first, until);
    Ok(find_slots_reading(&store.calendar()?, &DEFAULT_HOURS, &shape, from, count, &mut read)?
        .into_iter()
        .map(|s| (s.start, s.end))
        .collect())
}

/// The brief for a meeting or visit with the MP for `code`, in Markdown.
pub fn brief(store: &Store, code: &str, today: NaiveDate) -> Result<String, ComposeError> {
    let card = store.mp_card(code)?.ok_or_else(|| ComposeError::Invalid(format!("there is no seat {code}")))?;
    let info = store.engagement(code)?.unwrap_or_default();
    let calendar = store.calendar()?;
    let next = store
        .proposals(&ProposalFilter {
            from: Some(today),
            constituency_code: Some(code.to_string()),
            ..Default::default()
        })?
        .into_iter()
        .find(|p| p.status != ProposalStatus::Cancelled)
        .map(|p| FlaggedProposal::classify(&p, &calendar));
    let input = BriefInput {
        today,
        card,
        background: info.background.clone(),
        topics: info.topic_list(),
        interactions: store.interactions(code)?,
        checklist: store.checklist(code)?,
        next,
    };
    Ok(brief::brief(&input))
}

/// Writes a new file readable only by its owner, its text made safe to show on a terminal (control
/// characters escaped; newlines, tabs and `\r\n` kept). An existing file, or a link, is left
/// alone unless `force`; with `force` it is replaced by the new file (a link itself, never what it
/// points to), which is written beside it first and then renamed into its place, so that nothing
/// is ever written through a link and a failure leaves the old file as it was.
pub fn write_private(path: &Path, text: &str, force: bool) -> io::Result<()> {
    let text = neutralised(text);
    if !force {
        return write_new(path, &text);
    }
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("{} is not a file name", path.display())))?;
    let mut partial = std::ffi::OsString::from(".");
    partial.push(name);
    partial.push(format!(".{}.partial", std::process::id()));
    let partial = path.with_file_name(partial);
    let _ = fs::remove_file(&partial);
    write_new(&partial, &text)
        .and_then(|()| fs::rename(&partial, path))
        .inspect_err(|_| drop(fs::remove_file(&partial)))
}

/// Creates `path` (0600 on Unix), failing if anything is there already, even a dangling link.
fn write_new(path: &Path, text: &str) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Opens a new file readable only by its owner for writing a document as it is made (a JSON
/// backup, streamed). An existing file, or a link, is left alone unless `force`; with `force` it is
/// removed first (a link itself, never what it points to), so nothing is written through a link.
pub fn create_private(path: &Path, force: bool) -> io::Result<fs::File> {
    if force {
        match fs::remove_file(path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Creates the folder letters, briefs and exports go to, and any missing parents, readable only
/// by their owner (0700 on Unix), as every folder mpplan makes is.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// The user's own letter template, `letter.md` in `dir` (the directory of config.toml), if there is
/// one: (its path, its text). A file that is there but cannot be read is an error naming it.
pub fn user_template(dir: &Path) -> Result<Option<(String, String)>, ComposeError> {
    let path = dir.join("letter.md");
    match fs::read_to_string(&path) {
        Ok(text) => Ok(Some((path.display().to_string(), text))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => {
            let why = match e.kind() {
                io::ErrorKind::InvalidData => "it is not UTF-8 text; save it as UTF-8".to_string(),
                io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ => e.to_string(),
            };
            Err(ComposeError::Template { path: path.display().to_string(), message: format!("cannot be read: {why}") })
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::agenda;
    use crate::domain::calendar::ProposalKind;
    use crate::domain::engagement::checklist::{Entry, ItemState};
    use crate::domain::engagement::proposal::{NewProposal, ProposalStatus};
    use crate::store::test_store;

    #[test]
    fn a_meeting_confirmed_is_no_longer_the_next_step_to_confirm() {
        let mut store = test_store();
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        store.track("E14001323", day).unwrap();
        for key in ["1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "3.1"] {
            let done = Entry { key: key.into(), state: ItemState::Done, done_on: Some(day), note: String::new() };
            store.set_checklist_entry("E14001323", &done).unwrap();
        }
        let start = day.succ_opt().unwrap().and_hms_opt(10, 0, 0).unwrap();
        let visit = NewProposal {
            constituency_code: "E14001323".into(),
            title: String::new(),
            kind: ProposalKind::Visit,
            place: String::new(),
            start,
            end: start + chrono::TimeDelta::hours(1),
            all_day: false,
            fold: Default::default(),
            attendees: None,
        };
        let id = store.add_proposal(&visit, day).unwrap().0.id;
        let next = |store: &crate::store::Store| agenda(store, day).unwrap().next_steps[0].key;
        assert_eq!(next(&store), "3.2", "waiting on the confirmation");
        store.set_proposal_status(id, ProposalStatus::Confirmed, day).unwrap();
        assert_eq!(next(&store), "4.1", "confirmed: 3.2 is done, and Today says so no more");
    }

    /// Reading only the days the agenda looks at gives the agenda the whole calendar gives: within
    /// the calendar data, across its recesses and its end, and beyond it, with a proposal of
    /// several days running past the eight weeks.
    #[test]
    fn the_agenda_from_its_own_days_calendar_is_the_agenda_from_the_whole_calendar() {
        use chrono::Days;

        use crate::domain::demo::DemoSpec;
        use crate::domain::engagement::agenda::agenda_with_marks;

        let d = |text: &str| text.parse::<NaiveDate>().unwrap();
        let mut store = test_store();
        let spec =
            DemoSpec { tracked: 40, proposals: 1500, days_before: 200, days_after: 120, interactions: 200, seed: 3 };
        store.fill_demo(&spec, d("2026-06-01")).unwrap();
        store.track("E14001323", d("2026-06-01")).unwrap();
        let start = d("2026-07-12").and_hms_opt(10, 0, 0).unwrap();
        let long = NewProposal {
            constituency_code: "E14001323".into(),
            title: "Week of visits".into(),
            kind: ProposalKind::Visit,
            place: String::new(),
            start,
            end: start + chrono::TimeDelta::days(4),
            all_day: false,
            fold: Default::default(),
            attendees: None,
        };
        store.add_proposal(&long, d("2026-06-01")).unwrap();
        let whole = store.calendar().unwrap();
        let settings = super::settings(&store).unwrap();
        let marks = store.follow_up_marks().unwrap();
        for date in ["2025-12-10", "2026-02-10", "2026-05-17", "2026-06-24", "2026-07-10", "2026-08-20", "2026-09-20"] {
            let date = d(date);
            let ahead = date + Days::new(super::AHEAD_DAYS.into());
            let (facts, proposals) = store.agenda_facts_around(date, ahead).unwrap();
            let mut expected = agenda_with_marks(date, &facts, proposals, &whole, &settings, &marks);
            expected.data_age = Some(store.data_age(crate::data::data_date(), &whole).unwrap());
            let got = agenda(&store, date).unwrap();
            assert!(!got.conflicts_ahead.is_empty() || !got.proposals_next_seven_days.is_empty(), "{date}: proposals");
            assert_eq!(got, expected, "{date}");
        }
    }
}
