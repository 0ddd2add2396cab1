//! The README's "Data in and out" table says, for each program people already use, what mpplan takes
//! from it and gives it, and names the tests that prove each row. This keeps the table honest: every
//! row names at least one test, and every test it names exists in `tests/it/`.

use std::path::Path;

/// The table's rows, each as its cells.
fn rows(readme: &str) -> Vec<Vec<String>> {
    let section = readme.split("\n### Data in and out\n").nth(1).expect("the README has a Data in and out section");
    let section = section.split("\n### ").next().unwrap_or_default();
    section
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.starts_with("| program"))
        .map(|l| l.trim_matches('|').split(" | ").map(|c| c.trim().to_string()).collect())
        .collect()
}

#[test]
fn every_row_of_the_data_in_and_out_table_names_tests_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let rows = rows(&readme);
    assert!(rows.len() >= 8, "Google, Outlook, Apple, phones, calcurse, Excel, CSV readers, mpplan: {rows:?}");
    for row in &rows {
        assert_eq!(row.len(), 4, "program, takes, gives, proven by: {row:?}");
        let tests: Vec<&str> = row[3].split('`').skip(1).step_by(2).collect();
        assert!(!tests.is_empty(), "{} names no test", row[0]);
        for test in tests {
            let (file, name) = test.split_once("::").unwrap_or_else(|| panic!("{test} is not file::test"));
            let source = std::fs::read_to_string(root.join("tests/it").join(format!("{file}.rs")))
                .unwrap_or_else(|e| panic!("{test}: tests/it/{file}.rs: {e}"));
            assert!(source.contains(&format!("#[test]\nfn {name}()")), "{}: no test {test}", row[0]);
        }
    }
}
