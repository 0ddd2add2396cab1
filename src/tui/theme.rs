//! Colours, or none: NO_COLOR turns every colour off, and flags always carry a symbol and a word,
//! so nothing depends on colour alone. Colours are chosen to read on dark and light backgrounds.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::calendar::Flag;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub colour: bool,
}

impl Theme {
    /// Colour unless the NO_COLOR environment variable is set (to anything but an empty string).
    pub fn from_env() -> Theme {
        Theme { colour: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }

    pub fn plain() -> Theme {
        Theme { colour: false }
    }

    fn fg(&self, colour: Color) -> Style {
        if self.colour { Style::new().fg(colour) } else { Style::new() }
    }

    pub fn flag(&self, flag: Flag) -> Style {
        match flag {
            Flag::Clear => self.fg(Color::Green),
            Flag::Caution => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Flag::Conflict => self.fg(Color::Red).add_modifier(Modifier::BOLD),
        }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        if self.colour { Style::new().add_modifier(Modifier::DIM) } else { Style::new() }
    }

    pub fn accent(&self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn done(&self) -> Style {
        self.fg(Color::Green)
    }

    /// The hours the MP is expected in Westminster on a sitting day, drawn in a fill character so
    /// that they read without colour too.
    pub fn shade(&self) -> Style {
        self.fg(Color::Magenta)
    }

    /// A day badge: sitting days stand out, recess and weekends are calm.
    pub fn badge(&self, sitting: bool, assumed: bool) -> Style {
        let base = if sitting { self.fg(Color::Magenta).add_modifier(Modifier::BOLD) } else { self.fg(Color::Blue) };
        if assumed { base.add_modifier(Modifier::ITALIC) } else { base }
    }
}
