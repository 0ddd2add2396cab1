//! Keys while the proposal form is open. (Being written.)

use super::Command;
use crate::tui::action::{Action, Input};
use crate::tui::app::App;

pub fn handle(app: &mut App, input: Input) -> Vec<Command> {
    if input == Input::Action(Action::Cancel) {
        app.form = None;
    }
    Vec::new()
}
