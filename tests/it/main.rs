//! The integration tests, one test binary (the crate is linked once, not once a file): the command
//! line run as a user would, the terminal UI end to end under tmux, and the reliability checks.
//! Helpers shared by several are in `common`.

mod common;

mod cli;
mod cli_all_day;
mod cli_calendar;
mod cli_dates;
mod cli_demo;
mod cli_elapsed;
mod cli_export;
mod cli_followups;
mod cli_ics;
mod cli_import;
mod cli_overlaps;
mod cli_review;
mod cli_sheets;
mod cli_update;
mod cli_vcard;
mod e2e_opening_screen;
mod e2e_tui;
mod fuzz_parsers;
mod readme_data_table;
mod reliability_backups;
mod reliability_bad_input;
mod reliability_concurrency;
mod reliability_crash;
mod reliability_files;
mod reliability_output;
mod reliability_size;
mod reliability_start;
mod sync_load;
mod sync_pg;
mod sync_replicas;
mod sync_team;
