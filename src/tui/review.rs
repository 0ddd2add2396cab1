//! The Today screen as a list to work through: every item of the daily review that can be selected,
//! in the order the screen shows them, with what it is about and the actions it takes. The order
//! is the agenda's own ([`SECTIONS`]), so the list and the lines drawn always agree.

use crate::domain::engagement::agenda::{Agenda, FlaggedProposal, NextStep, SECTIONS, SnoozedFollowUp};
use crate::domain::engagement::followups::FollowUp;
use crate::tui::action::Action;

/// What a selectable line of the review is about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item<'a> {
    /// A proposal in conflicts ahead, today or the next seven days.
    Proposal(&'a FlaggedProposal),
    /// A follow-up overdue or due.
    FollowUp(&'a FollowUp),
    NextStep(&'a NextStep),
    /// A relationship gone quiet.
    Quiet(&'a FollowUp),
    /// A follow-up put off, and the day it comes back.
    Snoozed(&'a SnoozedFollowUp),
    /// The calendar running out, or the data's age: what fixes it is an update.
    Data,
}

/// One item of the list: the section it is in (the agenda's id for it) and what it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Listed<'a> {
    pub section: &'static str,
    pub item: Item<'a>,
}

/// Every action some kind of item takes: on Today the footer names those of the item selected only.
pub const ITEM_ACTIONS: [Action; 10] = [
    Action::ConfirmProposal,
    Action::MarkHeld,
    Action::CancelProposal,
    Action::Edit,
    Action::LogContact,
    Action::ToggleDone,
    Action::Snooze,
    Action::Unsnooze,
    Action::Skip,
    Action::EditNote,
];

impl Listed<'_> {
    /// Who it is, in its section: the same item shown in two sections (a proposal in conflicts
    /// ahead and today) is two items; a next step that moves on to the following step is the same
    /// item, changed in place.
    pub fn identity(&self) -> String {
        let what = match self.item {
            Item::Proposal(f) => f.proposal.id.to_string(),
            Item::FollowUp(f) | Item::Quiet(f) => f.id.clone(),
            Item::Snoozed(s) => s.follow_up.id.clone(),
            Item::NextStep(s) => s.code.to_string(),
            Item::Data => String::new(),
        };
        format!("{}/{what}", self.section)
    }

    /// The actions this item takes besides moving and opening, in the order the footer names them.
    pub fn actions(&self) -> &'static [Action] {
        use Action::{
            CancelProposal, ConfirmProposal, Edit, EditNote, LogContact, MarkHeld, Skip, Snooze, ToggleDone, Unsnooze,
        };
        match self.item {
            Item::Proposal(_) => &[ConfirmProposal, MarkHeld, CancelProposal, Edit],
            Item::FollowUp(f) => match (f.contact.is_some(), f.step.is_some()) {
                (true, true) => &[LogContact, ToggleDone, Snooze],
                (true, false) => &[LogContact, Snooze],
                (false, true) => &[ToggleDone, Snooze],
                (false, false) => &[Snooze],
            },
            Item::NextStep(_) => &[ToggleDone, Skip, EditNote],
            Item::Quiet(_) => &[LogContact, Edit, Snooze],
            Item::Snoozed(_) => &[Unsnooze, Snooze],
            Item::Data => &[],
        }
    }
}

/// Every selectable item, in the order shown.
pub fn items(agenda: &Agenda) -> Vec<Listed<'_>> {
    let mut items = Vec::new();
    for id in SECTIONS {
        let listed = |item| Listed { section: id, item };
        match id {
            "conflicts_ahead" => items.extend(agenda.conflicts_ahead.iter().map(|f| listed(Item::Proposal(f)))),
            "proposals_today" => items.extend(agenda.proposals_today.iter().map(|f| listed(Item::Proposal(f)))),
            "proposals_next_seven_days" => {
                items.extend(agenda.proposals_next_seven_days.iter().map(|f| listed(Item::Proposal(f))));
            }
            "follow_ups_overdue" => items.extend(agenda.follow_ups_overdue.iter().map(|f| listed(Item::FollowUp(f)))),
            "follow_ups_due" => items.extend(agenda.follow_ups_due.iter().map(|f| listed(Item::FollowUp(f)))),
            "next_steps" => items.extend(agenda.next_steps.iter().map(|s| listed(Item::NextStep(s)))),
            "gone_quiet" => items.extend(agenda.gone_quiet.iter().map(|f| listed(Item::Quiet(f)))),
            "snoozed" => items.extend(agenda.snoozed.iter().map(|s| listed(Item::Snoozed(s)))),
            "calendar_warning" if agenda.calendar_warning.is_some() => items.push(listed(Item::Data)),
            "data_age" if agenda.data_age.is_some() => items.push(listed(Item::Data)),
            _ => {}
        }
    }
    items
}

/// Where the selection goes once the review is read again: to the item that was selected if it is
/// still there (changed in place), else to the first of those that came after it that still is, so
/// an item acted on leaves without the cursor jumping; else to the last item.
pub fn follow(before: &[String], selected: usize, after: &Agenda) -> usize {
    let now = identities(after);
    before
        .iter()
        .skip(selected)
        .find_map(|identity| now.iter().position(|i| i == identity))
        .unwrap_or_else(|| selected.min(now.len().saturating_sub(1)))
}

/// The identities of the review's items, in order (to [`follow`] the selection after a read).
pub fn identities(agenda: &Agenda) -> Vec<String> {
    items(agenda).iter().map(Listed::identity).collect()
}

/// The first item of the section after the selected one's (`forward`), or of the section before
/// it; the selection stays where it is when there is none.
pub fn section_start(items: &[Listed], selected: usize, forward: bool) -> usize {
    let Some(current) = items.get(selected).map(|l| l.section) else { return selected };
    let starts: Vec<usize> = (0..items.len()).filter(|&i| i == 0 || items[i].section != items[i - 1].section).collect();
    let here = starts.iter().rposition(|&s| s <= selected).unwrap_or(0);
    let target = if forward {
        starts.get(here + 1).copied()
    } else if items[starts[here]].section == current && starts[here] < selected {
        Some(starts[here])
    } else {
        here.checked_sub(1).map(|i| starts[i])
    };
    target.unwrap_or(selected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_an_item_takes_is_an_item_action() {
        let app = crate::tui::fixture::busy_app_every_kind();
        let items = items(&app.data.agenda);
        let kinds: Vec<&[Action]> = items.iter().map(Listed::actions).collect();
        for action in kinds.concat() {
            assert!(ITEM_ACTIONS.contains(&action), "{action:?}");
        }
        for action in ITEM_ACTIONS {
            assert!(kinds.iter().any(|a| a.contains(&action)), "{action:?} is taken by some item");
        }
    }
}
