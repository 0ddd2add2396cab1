//! Where a backup's rows go as they are read, and what was read.

use std::fmt;

use super::{
    ChecklistRow, DissolutionRow, EngagementRow, InteractionRow, OrganisationRow, PlanExport, ProposalRow, RecessRow,
    SettingRow, SiteRow, SittingDayRow,
};

/// Where the rows of a backup go as they are read, each once it has passed its checks: into the
/// database inside one transaction (the store), or into a [`PlanExport`] in memory. An engagement
/// comes before its checklist items, contacts and proposals, which belong to it until the next
/// engagement. A row is only handed on when it and (for the rows of an engagement) its engagement
/// passed their checks. When a method fails the reading stops; the sink keeps its own error.
pub trait Rows {
    fn organisation(&mut self, row: OrganisationRow) -> Result<(), Stop>;
    fn site(&mut self, row: SiteRow) -> Result<(), Stop>;
    fn engagement(&mut self, row: EngagementRow) -> Result<(), Stop>;
    fn checklist_item(&mut self, row: ChecklistRow) -> Result<(), Stop>;
    fn interaction(&mut self, row: InteractionRow) -> Result<(), Stop>;
    fn proposal(&mut self, row: ProposalRow) -> Result<(), Stop>;
    fn sitting_day(&mut self, row: SittingDayRow) -> Result<(), Stop>;
    fn recess(&mut self, row: RecessRow) -> Result<(), Stop>;
    fn dissolution(&mut self, row: DissolutionRow) -> Result<(), Stop>;
    fn setting(&mut self, row: SettingRow) -> Result<(), Stop>;
}

/// A sink that could not take a row: reading stops, and the sink says why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop;

/// Rows checked and dropped: reading a file only to check it.
pub struct Check;

impl Rows for Check {
    fn organisation(&mut self, _: OrganisationRow) -> Result<(), Stop> {
        Ok(())
    }
    fn site(&mut self, _: SiteRow) -> Result<(), Stop> {
        Ok(())
    }
    fn engagement(&mut self, _: EngagementRow) -> Result<(), Stop> {
        Ok(())
    }
    fn checklist_item(&mut self, _: ChecklistRow) -> Result<(), Stop> {
        Ok(())
    }
    fn interaction(&mut self, _: InteractionRow) -> Result<(), Stop> {
        Ok(())
    }
    fn proposal(&mut self, _: ProposalRow) -> Result<(), Stop> {
        Ok(())
    }
    fn sitting_day(&mut self, _: SittingDayRow) -> Result<(), Stop> {
        Ok(())
    }
    fn recess(&mut self, _: RecessRow) -> Result<(), Stop> {
        Ok(())
    }
    fn dissolution(&mut self, _: DissolutionRow) -> Result<(), Stop> {
        Ok(())
    }
    fn setting(&mut self, _: SettingRow) -> Result<(), Stop> {
        Ok(())
    }
}

/// A backup gathered in memory, for tests, fuzzing and small files.
impl Rows for PlanExport {
    fn organisation(&mut self, row: OrganisationRow) -> Result<(), Stop> {
        self.organisation = Some(row);
        Ok(())
    }
    fn site(&mut self, row: SiteRow) -> Result<(), Stop> {
        self.sites.push(row);
        Ok(())
    }
    fn engagement(&mut self, row: EngagementRow) -> Result<(), Stop> {
        self.engagements.push(row);
        Ok(())
    }
    fn checklist_item(&mut self, row: ChecklistRow) -> Result<(), Stop> {
        self.engagements.last_mut().ok_or(Stop)?.checklist.push(row);
        Ok(())
    }
    fn interaction(&mut self, row: InteractionRow) -> Result<(), Stop> {
        self.engagements.last_mut().ok_or(Stop)?.interactions.push(row);
        Ok(())
    }
    fn proposal(&mut self, row: ProposalRow) -> Result<(), Stop> {
        self.engagements.last_mut().ok_or(Stop)?.proposals.push(row);
        Ok(())
    }
    fn sitting_day(&mut self, row: SittingDayRow) -> Result<(), Stop> {
        self.sitting_days.push(row);
        Ok(())
    }
    fn recess(&mut self, row: RecessRow) -> Result<(), Stop> {
        self.recesses.push(row);
        Ok(())
    }
    fn dissolution(&mut self, row: DissolutionRow) -> Result<(), Stop> {
        self.dissolutions.push(row);
        Ok(())
    }
    fn setting(&mut self, row: SettingRow) -> Result<(), Stop> {
        self.settings.push(row);
        Ok(())
    }
}

/// What a backup holds, counted as it was read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Contents {
    pub engagements: usize,
    pub contacts: usize,
    pub proposals: usize,
    pub sites: usize,
    /// Sitting days, recesses and dissolutions.
    pub calendar_dates: usize,
    pub settings: usize,
}

impl fmt::Display for Contents {
    /// "2 engagements, 3 contacts, 3 proposals, 1 site, 2 calendar dates, 1 setting".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let parts = [
            count(self.engagements, "engagement", "engagements"),
            count(self.contacts, "contact", "contacts"),
            count(self.proposals, "proposal", "proposals"),
            count(self.sites, "site", "sites"),
            count(self.calendar_dates, "calendar date", "calendar dates"),
            count(self.settings, "setting", "settings"),
        ];
        f.write_str(&parts.join(", "))
    }
}
