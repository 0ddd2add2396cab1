//! What the loop did for `update` (a write, a read, a file, the network), reported back as an
//! [`Outcome`] for [`outcome`] to apply: the loop never changes the state itself, so every change
//! to it is made here, and tested without a terminal or a database.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Command, Document};
use crate::domain::engagement::checklist::Progress;
use crate::domain::paperwork::letter;
use crate::domain::search::Found;
use crate::domain::views::PostcodeLookup;
use crate::domain::views::{Organisation, Site};
use crate::shared::transfer::Preview;
use crate::tui::action::Action;
use crate::tui::app::{App, DetailData, Landing};
use crate::tui::change::Change;
use crate::tui::form::{EngagementForm, Form, InfoField, OrgForm};
use crate::tui::invalidation::Touched;
use crate::tui::load::Read;
use crate::tui::overlay::Overlay;
use crate::tui::palette::Palette;
use crate::tui::review;
use crate::tui::sharing::Synced;

/// What came of a command the loop carried out.
// One at a time, straight from the loop to `update`: boxing the large variants buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A change was written, as the store applied it (with what it assigned and the state it
    /// replaced): it joins the undo history.
    Applied(Change),
    /// The last change done was taken back (the change as the history holds it).
    Undone(Change),
    /// The last change undone was written again, as the store applied it.
    Redone(Change),
    NothingToUndo,
    NothingToRedo,
    /// A write failed (or a read it came with).
    NotSaved(NotSaved),
    /// Undoing the last change failed: it leaves the history, as a failed write does.
    UndoFailed(NotSaved),
    /// Redoing the last change undone failed: it leaves the history.
    RedoFailed(NotSaved),
    /// Parts of the data read again.
    Read(Read),
    /// Reading the database failed; `stale` is what is out of date meanwhile.
    NotRead {
        error: String,
        stale: Touched,
    },
    /// What a postcode found, or why it found nothing.
    PostcodeFound(Result<PostcodeLookup, String>),
    /// A document for the seat `code` was written to a new file; `placeholders` when the
    /// organisation is not set, so it says `[our organisation]`.
    Written {
        document: Document,
        code: String,
        path: PathBuf,
        placeholders: bool,
    },
    /// An export (`what` it is: "backup", "calendar" …) was written to a new file.
    Exported {
        what: String,
        path: PathBuf,
    },
    /// An export from the palette was not written, as the file at `path` exists: the user is asked
    /// whether to replace it (yes sends `request` again, with force).
    ExportExists {
        request: crate::tui::palette::Request,
        path: PathBuf,
    },
    /// What an import or an update would change, to show before anything is.
    Preview(Preview),
    /// An import or an update was applied: what it did, in sentences.
    Imported(Vec<String>),
    /// Something the loop was asked for failed (a file, the network, a file to import), or there
    /// is something wrong to say on opening: the message, as it is to be shown.
    Problem(String),
    /// The clock has passed midnight: this is today now.
    NewDay(NaiveDate),
    /// What a search for `text` found.
    Found {
        text: String,
        found: Vec<Found>,
    },
    /// The organisation's details and sites, to edit; or why they could not be read.
    Organisation(Result<(Organisation, Vec<Site>), String>),
    /// The days of the month from `first` that hold proposals, with how many, for the month
    /// overview.
    Month {
        first: NaiveDate,
        busy: Vec<(NaiveDate, usize)>,
    },
    /// The background sync of a shared plan started, or finished (see [`Synced`]).
    Synced(Synced),
}

/// Why a write failed, and the form being edited when it was asked for (put back, so nothing
/// typed is lost).
#[derive(Debug, Clone, PartialEq)]
pub struct NotSaved {
    pub error: String,
    pub form: Option<Form>,
}

/// Applies what the loop reports to the state; returns what the loop should do next (writing a
/// letter asks for item 2.1 to be ticked).
pub fn outcome(app: &mut App, outcome: Outcome) -> Vec<Command> {
    match outcome {
        Outcome::Applied(applied) => {
            if let Change::Drafted { .. } = &applied {
                // What was written, with the item ticked, is said where the letter was reported.
            } else {
                app.info(applied.describe());
            }
            super::week_nav::follow(app, &applied, false);
            app.history.done.push(applied);
            app.history.undone.clear();
        }
        Outcome::Undone(change) => {
            app.info(change.undone());
            super::week_nav::follow(app, &change, true);
            app.history.done.pop();
            app.history.undone.push(change);
        }
        Outcome::Redone(applied) => {
            app.info(format!("Redone: {}", applied.describe()));
            super::week_nav::follow(app, &applied, false);
            app.history.undone.pop();
            app.history.done.push(applied);
        }
        Outcome::NothingToUndo => app.info("Nothing to undo."),
        Outcome::NothingToRedo => app.info("Nothing to redo."),
        Outcome::NotSaved(why) => not_saved(app, why),
        Outcome::UndoFailed(why) => {
            app.history.done.pop();
            not_saved(app, why);
        }
        Outcome::RedoFailed(why) => {
            app.history.undone.pop();
            not_saved(app, why);
        }
        Outcome::Read(read) => put_in_place(app, read),
        Outcome::NotRead { error, stale } => {
            app.stale = stale;
            app.error(format!("Could not read the database: {error}"));
        }
        Outcome::PostcodeFound(found) => {
            if let Some(prompt) = app.mps.postcode.as_mut() {
                match found {
                    Ok(result) => {
                        prompt.result = Some(result);
                        prompt.selected = 0;
                        prompt.error = None;
                    }
                    Err(e) => prompt.error = Some(e),
                }
            }
        }
        Outcome::Written { document, code, path, placeholders } => {
            return written(app, document, code, path, placeholders);
        }
        Outcome::Exported { what, path } => {
            if matches!(app.overlay.palette(), Some(Palette::Prompt { .. })) {
                app.overlay.close();
            }
            app.info(format!("The {what} is in {}.", path.display()));
        }
        Outcome::ExportExists { request, path } => {
            let path = path.display().to_string();
            app.info(format!("{path} already exists."));
            app.overlay = Overlay::Palette(Palette::Overwrite { request, path });
        }
        Outcome::Preview(preview) => app.overlay = Overlay::Palette(Palette::Preview { preview, scroll: 0 }),
        Outcome::Imported(said) => app.info(said.join(" ")),
        Outcome::Problem(message) => {
            super::palette::set_error(app, Some(message.clone()));
            app.error(message);
        }
        Outcome::NewDay(day) => app.today = day,
        Outcome::Found { text, found } => super::search::found(app, &text, found),
        Outcome::Organisation(Ok((org, sites))) => {
            if !app.overlay.is_open() {
                app.overlay = Overlay::Form(Form::Organisation(OrgForm::new(&org, &sites)));
            }
        }
        Outcome::Organisation(Err(e)) => app.error(format!("Could not read the organisation: {e}")),
        Outcome::Month { first, busy } => super::week_nav::month_read(app, first, busy),
        Outcome::Synced(synced) => super::sync::synced(app, synced),
    }
    Vec::new()
}

/// A document was written: the status line says where (and, when the organisation is not set,
/// which key sets it); the first letter to a tracked seat asks for its item 2.1 (drafted) to be
/// ticked, as a change that undo takes back.
fn written(app: &mut App, document: Document, code: String, path: PathBuf, placeholders: bool) -> Vec<Command> {
    let what = document.name();
    let tick = (document == Document::Letter)
        .then(|| app.data.detail.as_ref().filter(|d| d.card.summary.constituency_code == code))
        .flatten()
        .and_then(|d| {
            let entry = d.checklist.iter().find(|e| e.key == letter::DRAFTED)?;
            let after = letter::drafted(entry, app.today)?;
            Some(Change::Drafted {
                path: path.clone(),
                code: code.clone(),
                seat: d.card.summary.constituency.clone(),
                before: entry.clone(),
                after,
            })
        });
    let mut text = match &tick {
        Some(change) => change.describe(),
        None => format!("{}{} written to {}", what[..1].to_uppercase(), &what[1..], path.display()),
    };
    if let Document::Invite(_) = document {
        text.push_str(
            ": attach it to an email to the MP's office, whose calendar adds the event (or, for a cancelled \
             proposal, takes it away)",
        );
    }
    if placeholders {
        let how = match (app.key(Action::Organisation), app.key(Action::Palette)) {
            (Some(key), _) => format!("press {key} to set it"),
            (None, Some(palette)) => format!("type {palette}org to set it"),
            (None, None) => "set it with mpplan org set".to_string(),
        };
        text.push_str(&format!(". Your organisation is not set, so it says [our organisation]: {how}"));
    }
    app.info(text);
    tick.map(|change| vec![Command::Apply(change)]).unwrap_or_default()
}

/// The failure on the status line, and the form that was being edited back on the screen.
fn not_saved(app: &mut App, why: NotSaved) {
    app.error(format!("Not saved: {}", why.error));
    if let (false, Some(form)) = (app.overlay.is_open(), why.form) {
        app.overlay = Overlay::Form(form);
    }
}

/// Puts the parts read in place, keeping the selections on what is there.
fn put_in_place(app: &mut App, read: Read) {
    if let Some(mps) = read.mps {
        app.data.mps = mps;
        app.refilter();
    }
    if let Some(calendar) = read.calendar {
        app.data.calendar = calendar;
    }
    if let Some(detail) = read.detail {
        app.data.detail = detail;
        if let Some(landing) = app.detail.landing.take() {
            land(app, landing);
        }
    }
    if let Some(week) = read.week {
        app.data.week = week;
        if let Some(id) = app.week.to_proposal.take() {
            app.week.selected = app.week_day_proposals().iter().position(|p| p.id == id).unwrap_or(0);
        }
    }
    if let Some(busy) = read.busy {
        app.data.busy = busy;
    }
    if let Some(agenda) = read.agenda {
        let before = review::identities(&app.data.agenda);
        app.data.agenda = agenda;
        app.today_pane.selected = review::follow(&before, app.today_pane.selected, &app.data.agenda);
    }
    if let Some(status) = read.sync {
        match app.sharing.as_mut() {
            Some(sharing) if status.joined() => sharing.read(&status),
            // The plan was left from another program (`mpplan sync leave`).
            _ => app.sharing = None,
        }
    }
    app.stale = read.stale;
    keep_in_range(app);
}

/// Puts the cursor of a seat's detail just read where it was asked to land.
fn land(app: &mut App, landing: Landing) {
    let Some(detail) = app.data.detail.as_ref() else { return };
    let row = |key: &str| detail.checklist.iter().position(|e| e.key == key);
    match landing {
        Landing::NextStep => app.detail.selected = next_step_row(Some(detail)).unwrap_or(0),
        Landing::Step(key) => app.detail.selected = row(&key).or_else(|| next_step_row(Some(detail))).unwrap_or(0),
        Landing::ContactLog => {
            app.detail.log = Some(0);
            app.detail.proposals = None;
        }
        Landing::Contact(id) => {
            app.detail.log = Some(detail.interactions.iter().position(|i| i.id == id).unwrap_or(0));
            app.detail.proposals = None;
        }
        Landing::Cadence => {
            let seat = &detail.card.summary;
            if let Some(info) = &detail.engagement {
                let mut form = EngagementForm::new(&seat.constituency_code, &seat.constituency, info);
                form.inputs.focus = InfoField::Cadence;
                app.overlay = Overlay::Form(Form::Engagement(form));
            }
        }
    }
}

/// The checklist row of the seat's next step (the first item neither done nor skipped), if any.
fn next_step_row(detail: Option<&DetailData>) -> Option<usize> {
    let detail = detail?;
    let next = Progress::of(detail.checklist.iter().map(|e| (&*e.key, e.state))).next?;
    detail.checklist.iter().position(|e| e.key == next)
}

/// Selections and scroll offsets pointing past what was read are brought back to its end.
pub fn keep_in_range(app: &mut App) {
    let (items, log) = app.data.detail.as_ref().map_or((0, 0), |d| (d.checklist.len(), d.interactions.len()));
    app.detail.selected = app.detail.selected.min(items.saturating_sub(1));
    app.detail.log = app.detail.log.map(|scroll| scroll.min(log.saturating_sub(1)));
    let proposals = app.data.detail.as_ref().map_or(0, |d| d.proposals.len());
    app.detail.proposals = app.detail.proposals.map(|at| at.min(proposals.saturating_sub(1)));
    app.week.selected = app.week.selected.min(app.week_day_proposals().len().saturating_sub(1));
    app.today_pane.selected = app.today_pane.selected.min(review::items(&app.data.agenda).len().saturating_sub(1));
    app.mps.selected = app.mps.selected.min(app.mps.visible.len().saturating_sub(1));
}

#[cfg(test)]
mod tests;
