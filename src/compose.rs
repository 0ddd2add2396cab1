//! Putting together what the daily review and the paperwork need from the store: the agenda, the
//! first-contact letter and the meeting brief. Shared by the command line and the UI.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use chrono::{Days, NaiveDate, NaiveTime, TimeDelta};

use crate::domain::agenda::{self, AHEAD_DAYS, Agenda, FlaggedProposal};
use crate::domain::brief::{self, BriefInput};
use crate::domain::calendar::{DEFAULT_HOURS, ProposalKind};
use crate::domain::followups::FollowUpSettings;
use crate::domain::letter::{self, LetterInput};
use crate::domain::proposal::{ProposalFilter, ProposalStatus};
use crate::domain::slots::{SlotSearch, find_slots};
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

/// Where a letter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Destination {
    /// House of Commons, London SW1A 0AA
    Westminster,
    /// The constituency office address stored for the engagement
    Constituency,
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
    let (facts, proposals) = store.agenda_facts(date, ahead)?;
    let calendar = store.calendar()?;
    let mut agenda = agenda::agenda(date, &facts, &proposals, &calendar, &settings(store)?);
    agenda.data_age = Some(store.data_age(crate::data::data_date(), &calendar)?);
    Ok(agenda)
}

/// The first-contact letter to the MP for `code`, in Markdown. `template` overrides the shipped one
/// (`template_name` names it in errors).
pub fn letter(
    store: &Store,
    code: &str,
    to: Destination,
    today: NaiveDate,
    template: Option<(&str, &str)>,
) -> Result<String, ComposeError> {
    let card = store.mp_card(code)?.ok_or_else(|| ComposeError::Invalid(format!("there is no seat {code}")))?;
    let info = store.engagement(code)?.unwrap_or_default();
    let to_constituency_office = match to {
        Destination::Westminster => None,
        Destination::Constituency if info.office_address.trim().is_empty() => {
            return Err(ComposeError::Invalid(format!(
                "no constituency office address is stored for {}; add one with `mpplan engagement set {code} --office-address \"...\"`, or write to Westminster",
                card.summary.constituency
            )));
        }
        Destination::Constituency => Some(info.office_address.clone()),
    };
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
    let start = from.and_time(NaiveTime::MIN);
    let busy = store.busy(start, start + TimeDelta::days(800))?;
    let search = SlotSearch { kind: ProposalKind::Meeting, ..SlotSearch::new(TimeDelta::hours(1), &busy) };
    Ok(find_slots(&store.calendar()?, &DEFAULT_HOURS, &search, from, count)
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

/// Writes a new file readable only by its owner. An existing file (or a link to one) is left
/// alone unless `force`.
pub fn write_private(path: &Path, text: &str, force: bool) -> io::Result<()> {
    let mut file = create_private(path, force)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Opens a new file readable only by its owner for writing, as [`write_private`] does, for
/// writing a document as it is made.
pub fn create_private(path: &Path, force: bool) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// The user's own letter template, `letter.md` in `dir` (the directory of config.toml), if there is
/// one: (its path, its text). A file that is there but cannot be read is an error naming it.
pub fn user_template(dir: &Path) -> Result<Option<(String, String)>, ComposeError> {
    let path = dir.join("letter.md");
    match fs::read_to_string(&path) {
        Ok(text) => Ok(Some((path.display().to_string(), text))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => {
            Err(ComposeError::Template { path: path.display().to_string(), message: format!("cannot be read: {e}") })
        }
    }
}
