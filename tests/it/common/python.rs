//! The independent readers some tests check mpplan's files with: python with a module such as
//! icalendar, vobject or openpyxl.

use std::path::PathBuf;
use std::process::Command;

/// The Python to read files with: `MPPLAN_TEST_PYTHON` (which `.ci/run` sets to the venv it
/// installs the readers in), else `python3`; None when `module` cannot be imported there, which
/// fails the test under CI rather than letting it pass unchecked. `check` names the check in the
/// messages ("the vCard check").
pub fn python_with(module: &str, check: &str) -> Option<PathBuf> {
    let python = std::env::var_os("MPPLAN_TEST_PYTHON").map(PathBuf::from).unwrap_or_else(|| "python3".into());
    let import = format!("import {module}");
    let works = Command::new(&python).args(["-c", &import]).output().is_ok_and(|o| o.status.success());
    if works {
        return Some(python);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "under CI {check} needs python with {module} ({}); .ci/run installs it",
        python.display()
    );
    eprintln!("skipping {check}: {} cannot import {module}", python.display());
    None
}
