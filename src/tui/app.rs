//! The UI's state: which screen, each pane's own state, and the data loaded from the store.
//! `update` changes it; views only read it.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};

use super::action::Action;
use super::change::Change;
use super::invalidation::Touched;
use super::keymap::{Keymap, Scope};
use super::overlay::Overlay;
use super::sharing::Sharing;
use super::text_input::TextInput;
use super::theme::Theme;
use crate::domain::calendar::CalendarData;
use crate::domain::engagement::agenda::Agenda;
use crate::domain::engagement::checklist::Entry;
use crate::domain::engagement::contact::Interaction;
use crate::domain::engagement::proposal::Proposal;
use crate::domain::mps::resolve::Candidate;
use crate::domain::views::{EngagementInfo, MpCard, MpSummary, PostcodeLookup};
use crate::store::{Conflict, OthersChanges};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Today,
    Mps,
    Detail,
    Week,
}

impl Screen {
    pub const ALL: [Screen; 4] = [Screen::Today, Screen::Mps, Screen::Detail, Screen::Week];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Today => "Today",
            Screen::Mps => "MPs",
            Screen::Detail => "MP detail",
            Screen::Week => "Week",
        }
    }

    pub fn scope(self) -> Scope {
        match self {
            Screen::Today => Scope::Today,
            Screen::Mps => Scope::Mps,
            Screen::Detail => Scope::Detail,
            Screen::Week => Scope::Week,
        }
    }

    /// The scopes whose bindings apply on this screen when nothing is on top of it and nothing is
    /// being typed, most specific first.
    pub fn scopes(self) -> Vec<Scope> {
        match self {
            Screen::Today => vec![Scope::Today, Scope::Global, Scope::Always],
            other => vec![other.scope(), Scope::Navigate, Scope::Global, Scope::Always],
        }
    }
}

/// One MP in the list, with its folded search text.
#[derive(Debug, Clone, PartialEq)]
pub struct MpRow {
    pub mp: MpSummary,
    /// Name, constituency and party, folded for matching.
    pub key: String,
}

/// What the screens show, as last read from the store.
#[derive(Debug, Clone)]
pub struct Data {
    /// All seats: tracked ones first, then by constituency.
    pub mps: Vec<MpRow>,
    pub calendar: CalendarData,
    /// The MP open in the detail screen.
    pub detail: Option<DetailData>,
    /// Proposals in the week shown (Monday to Sunday), and on the day either side of it for the
    /// overlaps across midnight; in order of their start.
    pub week: Vec<Proposal>,
    /// Times already taken (not cancelled), for suggesting clear slots.
    pub busy: Vec<(NaiveDateTime, NaiveDateTime)>,
    /// The daily review for the Today screen: the same as `mpplan agenda`.
    pub agenda: Agenda,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DetailData {
    pub card: MpCard,
    pub checklist: Vec<Entry>,
    /// The seat's proposals, in order of their start.
    pub proposals: Vec<Proposal>,
    /// The organisation's other proposals that may overlap the seat's (the same days or the day
    /// either side), for their flags.
    pub nearby: Vec<Proposal>,
    /// The contact log, newest first.
    pub interactions: Vec<Interaction>,
    /// The engagement's own notes; none when the seat has never been tracked.
    pub engagement: Option<EngagementInfo>,
    /// In a shared plan, who else last changed each checklist item (by key) and contact (by
    /// UUID); empty when the plan is not shared.
    pub others: OthersChanges,
    /// In a shared plan, the seat's changes that lost to a later one whose author had not seen
    /// them, newest first; empty when the plan is not shared.
    pub conflicts: Vec<Conflict>,
}

#[derive(Debug, Clone, Default)]
pub struct TodayPane {
    /// The item selected, an index into [`crate::tui::review::items`].
    pub selected: usize,
}

#[derive(Debug, Clone, Default)]
pub struct MpsPane {
    pub filter: TextInput,
    pub filtering: bool,
    /// Indexes into `Data::mps` of the rows the filter lets through.
    pub visible: Vec<usize>,
    pub selected: usize,
    pub postcode: Option<PostcodePrompt>,
}

/// Finding the MP by the organisation's postcode: typing it, then choosing from what it finds.
#[derive(Debug, Clone, Default)]
pub struct PostcodePrompt {
    pub input: TextInput,
    pub result: Option<PostcodeLookup>,
    pub error: Option<String>,
    pub selected: usize,
}

impl PostcodePrompt {
    /// The seats to choose from: the matches (best first), or for Northern Ireland all its seats.
    pub fn choices(&self) -> Vec<(String, String)> {
        let Some(result) = &self.result else { return Vec::new() };
        if result.northern_ireland {
            result.choices.iter().map(|c| (c.constituency_code.clone(), c.constituency.clone())).collect()
        } else {
            result.matches.iter().map(|m| (m.constituency_code.clone(), m.constituency.clone())).collect()
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct DetailPane {
    /// The seat shown; none until an MP is opened.
    pub code: Option<String>,
    pub selected: usize,
    pub note: Option<TextInput>,
    /// The contact log in focus (instead of the checklist), with its scroll offset.
    pub log: Option<usize>,
    /// The proposals in focus (instead of the checklist), with the one selected.
    pub proposals: Option<usize>,
    /// A seat was just opened: where the cursor goes once its data is read.
    pub landing: Option<Landing>,
}

/// Where the cursor goes in a seat's detail once it is read, and what opens there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Landing {
    /// The seat's next step (the first item neither done nor skipped).
    NextStep,
    /// A checklist item, by key ("4.2").
    Step(String),
    /// The contact log.
    ContactLog,
    /// The contact log, scrolled to this contact (by id).
    Contact(i64),
    /// The engagement's notes, in their form, on the cadence (the detail is read in the background).
    Cadence,
}

#[derive(Debug, Clone)]
pub struct WeekPane {
    pub monday: NaiveDate,
    /// 0 = Monday … 6 = Sunday.
    pub day: usize,
    /// The proposal selected on that day.
    pub selected: usize,
    /// A proposal to select once the week is read (opened from Today).
    pub to_proposal: Option<i64>,
}

impl WeekPane {
    pub fn of(date: NaiveDate) -> WeekPane {
        WeekPane {
            monday: monday_of(date),
            day: date.weekday().num_days_from_monday() as usize,
            selected: 0,
            to_proposal: None,
        }
    }

    pub fn date(&self) -> NaiveDate {
        self.monday.checked_add_days(Days::new(self.day as u64)).unwrap_or(self.monday)
    }
}

pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday()))).unwrap_or(date)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub tone: Tone,
}

/// Changes made in this run, for undo and redo.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub done: Vec<Change>,
    pub undone: Vec<Change>,
}

pub struct App {
    pub screen: Screen,
    pub today: NaiveDate,
    pub keymap: Keymap,
    pub theme: Theme,
    pub data: Data,
    pub today_pane: TodayPane,
    pub mps: MpsPane,
    pub detail: DetailPane,
    pub week: WeekPane,
    /// What is open on top of the screen (a form, a question, the palette, the help), if anything.
    pub overlay: Overlay,
    pub status: Option<Status>,
    pub history: History,
    pub quit: bool,
    /// The database could not be opened for writing: the screens show it, and changes fail with
    /// a message saying so.
    pub read_only: bool,
    /// Parts of `data` not read since they last may have changed (the busy times, which only the
    /// proposal form uses): the loop reads them when something shown needs them.
    pub stale: Touched,
    /// The plan shared with a team, as the header shows it; None when it is not shared, and then
    /// nothing about syncing shows anywhere.
    pub sharing: Option<Sharing>,
}

impl App {
    /// The screens on `data`: Today, or the MPs screen (asking for a postcode) while nothing is
    /// tracked.
    pub fn new(data: Data, today: NaiveDate, keymap: Keymap, theme: Theme) -> App {
        let tracking = data.mps.iter().any(|r| r.mp.tracked);
        App::opening(data, today, keymap, theme, tracking)
    }

    /// As [`App::new`], `tracking` saying whether anything is tracked, for when the MP list is not
    /// read yet.
    pub fn opening(data: Data, today: NaiveDate, keymap: Keymap, theme: Theme, tracking: bool) -> App {
        let nothing_tracked = !tracking;
        let mut app = App {
            screen: if nothing_tracked { Screen::Mps } else { Screen::Today },
            today,
            keymap,
            theme,
            data,
            today_pane: TodayPane::default(),
            mps: MpsPane::default(),
            detail: DetailPane::default(),
            week: WeekPane::of(today),
            overlay: Overlay::None,
            status: None,
            history: History::default(),
            quit: false,
            read_only: false,
            stale: Touched::NOTHING,
            sharing: None,
        };
        if nothing_tracked {
            app.mps.postcode = Some(PostcodePrompt::default());
        }
        app.refilter();
        app
    }

    /// The scopes whose bindings apply now, most specific first: those of what is on top of the
    /// screen if anything is, else the screen's and its pane's.
    pub fn scopes(&self) -> Vec<Scope> {
        match self.overlay.scopes() {
            Some(mut scopes) => {
                scopes.push(Scope::Always);
                scopes
            }
            None => self.pane_scopes(),
        }
    }

    /// The scopes of the screen as its pane stands, whatever is on top of it: a line being typed
    /// (a search, a note, a postcode) has the keys, or else the screen's bindings do.
    pub fn pane_scopes(&self) -> Vec<Scope> {
        if self.typing_in_pane() {
            return vec![Scope::Input, Scope::Always];
        }
        let mut scopes = self.screen.scopes();
        if self.screen == Screen::Detail && self.detail.proposals.is_some() {
            scopes.insert(0, Scope::DetailProposals);
        }
        scopes
    }

    /// The key that does `action` now, to name in a message or in what is open on top ("press a
    /// to add"); none when no key does.
    pub fn key(&self, action: Action) -> Option<String> {
        self.keymap.key_for(&self.scopes(), action)
    }

    /// The key that does `action` in the screen's pane as it stands (see [`App::pane_scopes`]),
    /// to name in a prompt drawn on the screen.
    pub fn pane_key(&self, action: Action) -> Option<String> {
        self.keymap.key_for(&self.pane_scopes(), action)
    }

    /// The key that does `action` on `screen` with nothing on top and nothing typed, to name in
    /// that screen's own text and its tab.
    pub fn screen_key(&self, screen: Screen, action: Action) -> Option<String> {
        self.keymap.key_for(&screen.scopes(), action)
    }

    /// Whether keys that are not bound should edit text.
    pub fn typing(&self) -> bool {
        if self.overlay.is_open() { self.overlay.typing() } else { self.typing_in_pane() }
    }

    /// Whether the screen's pane has a line being typed: the search or the postcode on the MPs
    /// screen, a step's note on the detail screen.
    fn typing_in_pane(&self) -> bool {
        self.detail.note.is_some() && self.screen == Screen::Detail
            || self.screen == Screen::Mps
                && (self.mps.filtering || self.mps.postcode.as_ref().is_some_and(|p| p.result.is_none()))
    }

    /// Recomputes which MPs the filter lets through, keeping the selection on the same MP if it
    /// is still there.
    pub fn refilter(&mut self) {
        let keep = self.selected_mp().map(|m| m.constituency_code.clone());
        let needle = crate::domain::text::fold(self.mps.filter.text());
        self.mps.visible =
            self.data.mps.iter().enumerate().filter(|(_, r)| r.key.contains(&needle)).map(|(i, _)| i).collect();
        self.mps.selected = keep
            .and_then(|code| self.mps.visible.iter().position(|&i| self.data.mps[i].mp.constituency_code == code))
            .unwrap_or(0)
            .min(self.mps.visible.len().saturating_sub(1));
    }

    /// The MP open on the detail screen, if any.
    pub fn open_seat(&self) -> Option<Candidate> {
        self.data.detail.as_ref().map(|d| Candidate {
            code: d.card.summary.constituency_code.clone(),
            constituency: d.card.summary.constituency.clone(),
            mp_name: d.card.summary.name.clone(),
            member_id: d.card.summary.member_id,
        })
    }

    pub fn selected_mp(&self) -> Option<&MpSummary> {
        self.mps.visible.get(self.mps.selected).and_then(|&i| self.data.mps.get(i)).map(|r| &r.mp)
    }

    /// The proposals on the selected day of the week shown.
    pub fn week_day_proposals(&self) -> Vec<&Proposal> {
        let date = self.week.date();
        self.data.week.iter().filter(|p| p.listed_on(date)).collect()
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), tone: Tone::Info });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status { text: text.into(), tone: Tone::Error });
    }
}

/// Sorts MPs for the list: tracked first, then by constituency.
pub fn mp_rows(mps: Vec<MpSummary>) -> Vec<MpRow> {
    let mut rows: Vec<MpRow> = mps
        .into_iter()
        .map(|mp| {
            let key = crate::domain::text::fold(&format!("{} {} {}", mp.name, mp.constituency, mp.party));
            MpRow { mp, key }
        })
        .collect();
    rows.sort_by(|a, b| b.mp.tracked.cmp(&a.mp.tracked).then_with(|| a.mp.constituency.cmp(&b.mp.constituency)));
    rows
}
