//! The terminal UI, in the Elm style: `App` is the state, the keymap turns keys into actions,
//! `update` changes the state and returns commands, the loop carries them out against the store,
//! and `view` draws the state without changing it.

pub mod action;
pub mod app;
mod apply;
mod background_sync;
pub mod change;
mod documents;
#[cfg(test)]
mod first_frame_tests;
#[cfg(test)]
pub(crate) mod fixture;
pub mod form;
pub mod invalidation;
pub mod keymap;
pub mod load;
pub mod overlay;
pub mod palette;
pub mod review;
mod run;
pub mod search;
pub mod sharing;
pub mod text_input;
pub mod theme;
pub mod update;
pub mod view;

pub use run::{Shown, Start, UiError, open, open_first, open_rest, press, reread, run, show_last_screen};
