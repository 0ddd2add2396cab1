//! mpplan: an offline planner for NHS organisations building relationships with their local MPs.
//!
//! `domain` holds the pure rules, `store` the only SQL, `data` the shipped data, and `shared` what
//! the command line (`cli`) and the terminal UI (`tui`) both do on top of them.

// Nothing in the library prints for itself: the command line's output goes through the one writer
// the binary sets up (`cli::Terminal`), which shows control characters escaped.
#![deny(clippy::print_stdout, clippy::print_stderr)]

#[cfg(test)]
mod architecture_tests;
pub mod cli;
pub mod data;
pub mod domain;
pub mod shared;
pub mod store;
pub mod tui;
