//! What the screens remember from one run to the next: the MP last opened. It is kept in the
//! settings table under a key starting "ui."; such keys are not part of the user's plan, so
//! backups leave them out and a restore neither counts them as data nor keeps them
//! (`plan_export.rs`).

use super::{Result, Store};

const LAST_OPENED_MP: &str = "ui.last_opened_mp";

impl Store {
    /// The ONS code of the seat whose MP was last opened on the detail screen, if any.
    pub fn last_opened_mp(&self) -> Result<Option<String>> {
        self.setting(LAST_OPENED_MP)
    }

    /// Remembers the seat whose MP was just opened, for the next run.
    pub fn remember_opened_mp(&mut self, code: &str) -> Result<()> {
        self.set_setting(LAST_OPENED_MP, code)
    }
}

#[cfg(test)]
mod tests {
    use crate::store::test_store;

    #[test]
    fn the_mp_last_opened_is_remembered_but_is_not_the_users_plan() {
        let mut store = test_store();
        assert_eq!(store.last_opened_mp().unwrap(), None);
        store.remember_opened_mp("E14001323").unwrap();
        store.remember_opened_mp("E14001320").unwrap();
        assert_eq!(store.last_opened_mp().unwrap().as_deref(), Some("E14001320"));
        assert!(store.plan_export().unwrap().settings.is_empty(), "not in a backup");
        let backup = store.plan_export().unwrap();
        let mut other = test_store();
        other.remember_opened_mp("E14001323").unwrap();
        other.import_plan(&backup, false).expect("a database holding only this counts as empty");
    }
}
