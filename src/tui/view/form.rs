use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::app::App;

pub fn render(_app: &App, _frame: &mut Frame, _area: Rect) {}
