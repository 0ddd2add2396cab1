//! What the command line (`cli`) and the terminal UI (`tui`) both do on top of the store and the
//! domain, so the two front ends only present it: `compose` puts together the agenda, letters and
//! briefs; `flags` flags proposals with the others that may overlap them; `followups` acts on one
//! follow-up by its id (snooze, done); `invite` makes the invitation to one proposal for the
//! MP's diary; `transfer` moves data in and out (imports with their
//! previews, exports); `fetch` reads Parliament's and GOV.UK's feeds, over the network or from a
//! folder, for `update`; `places` is where letters, briefs and exports go; `org` adds a site and
//! tracks its seat, and keeps the organisation's email address; `sync` shares the plan with a team
//! through the shared log.

pub mod compose;
pub mod fetch;
pub mod flags;
pub mod followups;
pub mod invite;
pub mod org;
pub mod places;
pub mod sync;
pub mod transfer;
