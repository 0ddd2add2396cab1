//! The week screen: moving between days and weeks, and adding, editing or deleting proposals.
//! (Being written.)

use super::Command;
use crate::tui::action::Action;
use crate::tui::app::App;

pub fn handle(_app: &mut App, _action: Action) -> Vec<Command> {
    Vec::new()
}
