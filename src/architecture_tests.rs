//! The layering rules of DESIGN.md §5, checked on the source itself: which part may use which, no
//! two files that use each other (directly or round a longer loop), SQL only in the store and
//! ratatui's widgets only in the views. Test code is left out: a test may use anything.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// A file of the crate by its module path ("domain::engagement::facts"), with its code outside tests.
struct Module {
    code: String,
}

fn modules() -> BTreeMap<String, Module> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeMap::new();
    let mut folders = vec![src.clone()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || is_test_file(&path) {
                continue;
            }
            let relative = path.strip_prefix(&src).unwrap().with_extension("");
            let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                parts.pop();
            }
            let code = without_tests(&fs::read_to_string(&path).unwrap());
            found.insert(parts.join("::"), Module { code });
        }
    }
    found
}

fn is_test_file(path: &Path) -> bool {
    let name = path.file_stem().unwrap().to_string_lossy();
    name == "tests" || name.ends_with("_tests") || name == "fixture" || name == "fixtures"
}

/// The code with comments and every item marked `#[cfg(test)]` taken out.
fn without_tests(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(|l| l.split("//").next().unwrap_or("")).collect();
    let mut kept = String::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "#[cfg(test)]" {
            kept.push_str(lines[i]);
            kept.push('\n');
            i += 1;
            continue;
        }
        // Skip the item that follows: one line ending in `;`, or up to its braces' end.
        i += 1;
        let mut depth = 0i32;
        while i < lines.len() {
            depth += lines[i].matches('{').count() as i32 - lines[i].matches('}').count() as i32;
            let ended = depth <= 0 && (lines[i].contains('}') || lines[i].trim_end().ends_with(';'));
            i += 1;
            if ended {
                break;
            }
        }
    }
    kept
}

/// Every path the code names from the crate (`crate::…`, `super::…`, `self::…`), groups expanded,
/// as module paths from the crate root (the segments after the last module are kept: the caller
/// finds the longest prefix that is a module).
fn named_paths(module: &str, code: &str) -> Vec<Vec<String>> {
    // `self` is the module itself (a folder's mod.rs too); each `super` goes up one.
    let own: Vec<String> = if module.is_empty() { Vec::new() } else { module.split("::").map(String::from).collect() };
    let mut found = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let rest: String = bytes[i..bytes.len().min(i + 6)].iter().collect();
        let boundary = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_' || bytes[i - 1] == ':');
        if boundary && (rest.starts_with("crate:") || rest.starts_with("super:") || rest.starts_with("self::")) {
            let (tree, end) = read_tree(&bytes, i);
            for path in expand(&tree) {
                let mut segs: Vec<String> = path.split("::").map(String::from).filter(|s| !s.is_empty()).collect();
                let mut base = match segs.first().map(String::as_str) {
                    Some("crate") => Vec::new(),
                    _ => own.clone(),
                };
                while segs.first().is_some_and(|s| s == "crate" || s == "self" || s == "super") {
                    if segs[0] == "super" {
                        base.pop();
                    }
                    segs.remove(0);
                }
                base.extend(segs);
                found.push(base);
            }
            i = end;
        } else {
            i += 1;
        }
    }
    found
}

/// Reads a path that may end in a `{…}` group, from `start`.
fn read_tree(chars: &[char], start: usize) -> (String, usize) {
    let mut depth = 0;
    let mut i = start;
    let mut tree = String::new();
    while i < chars.len() {
        let c = chars[i];
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            c if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') => break,
            _ => {}
        }
        tree.push(c);
        i += 1;
        if depth == 0 && c == '}' {
            break;
        }
    }
    (tree, i)
}

/// `a::{b, c::{d, self}}` as `a::b`, `a::c::d`, `a::c`.
fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else { return vec![tree.trim_end_matches(':').to_string()] };
    let prefix = tree[..open].trim_end_matches(':');
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut items = Vec::new();
    let (mut depth, mut current) = (0, String::new());
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    let mut paths = Vec::new();
    for item in items.iter().map(|s| s.trim()) {
        // `b as c` names b; a nested group is expanded as it is.
        let item = if item.contains('{') { item } else { item.split(" as ").next().unwrap_or("") };
        if item.is_empty() {
            continue;
        }
        for sub in expand(item) {
            paths.push(if sub == "self" { prefix.to_string() } else { format!("{prefix}::{sub}") });
        }
    }
    paths
}

/// Which modules each module uses, by the files they are in (a module's use of its own ancestors,
/// which declare it, is left out).
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let mut graph = BTreeMap::new();
    for (name, module) in &modules {
        let mut used = BTreeSet::new();
        for path in named_paths(name, &module.code) {
            let target = (1..=path.len()).rev().map(|n| path[..n].join("::")).find(|p| modules.contains_key(p));
            if let Some(target) = target {
                let ancestor = name.starts_with(&format!("{target}::")) || target.is_empty();
                if &target != name && !ancestor {
                    used.insert(target);
                }
            }
        }
        graph.insert(name.clone(), used);
    }
    graph
}

fn part(module: &str) -> &str {
    module.split("::").next().unwrap_or("")
}

#[test]
fn each_part_uses_only_the_parts_below_it() {
    let allowed: &[(&str, &[&str])] = &[
        ("domain", &[]),
        ("store", &["domain"]),
        ("data", &["domain", "store"]),
        ("shared", &["domain", "store", "data"]),
        ("cli", &["domain", "store", "data", "shared"]),
        ("tui", &["domain", "store", "data", "shared"]),
    ];
    let mut wrong = Vec::new();
    for (module, used) in uses() {
        let Some((_, may)) = allowed.iter().find(|(p, _)| *p == part(&module)) else { continue };
        for target in used {
            let theirs = part(&target);
            if theirs != part(&module) && !may.contains(&theirs) {
                wrong.push(format!("{module} uses {target}"));
            }
        }
    }
    assert!(wrong.is_empty(), "uses across the layers that DESIGN.md §5 rules out:\n{}", wrong.join("\n"));
}

#[test]
fn no_two_files_use_each_other_even_round_a_loop() {
    let graph = uses();
    let mut loops = Vec::new();
    // Depth-first search for a way back to where it started.
    for start in graph.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((at, trail)) = stack.pop() {
            for next in graph.get(&at).into_iter().flatten() {
                if next == start {
                    loops.push(trail.join(" → ") + " → " + start);
                } else if next > start && seen.insert(next.clone()) {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(loops.is_empty(), "files that use each other:\n{}", loops.join("\n"));
}

#[test]
fn sql_lives_only_in_the_store_and_widgets_only_in_the_views() {
    let mut wrong = Vec::new();
    for (name, module) in modules() {
        if module.code.contains("rusqlite") && part(&name) != "store" {
            wrong.push(format!("{name} uses rusqlite"));
        }
        if module.code.contains("widgets") && module.code.contains("ratatui") && !name.starts_with("tui::view") {
            wrong.push(format!("{name} uses ratatui's widgets"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_checks_see_what_they_look_for() {
    // A check that finds nothing because it reads nothing would pass for the wrong reason.
    let graph = uses();
    assert!(graph["domain::engagement::followups"].contains("domain::engagement::facts"), "{graph:?}");
    assert!(graph["store::facts"].contains("domain::engagement::facts"));
    assert!(graph["cli::calendar"].contains("cli::flags"), "a `super::` group is followed");
    assert!(!graph["store::recovery"].contains("store"), "a module's use of its parent is left out");
    let code = without_tests("use a;\n#[cfg(test)]\nmod tests {\n    use crate::tui;\n}\nfn b() {}\n");
    assert!(!code.contains("tui") && code.contains("fn b"));
    assert_eq!(expand("crate::a::{b, c::{d, self}}"), ["crate::a::b", "crate::a::c::d", "crate::a::c"]);
}
