//! `mpplan export vcard`: every MP, or those tracked, as vCard 3.0 contact cards, read back by an
//! independent parser (python's vobject) when one is installed; under CI it must be.

use std::path::PathBuf;
use std::process::Command;

use crate::common::Env;

fn python_with_vobject() -> Option<PathBuf> {
    crate::common::python::python_with("vobject", "the vCard check")
}

/// The names and emails vobject reads from the file, one "name\temail" line per card.
fn parsed(python: &PathBuf, file: &PathBuf) -> Vec<String> {
    let script = "import sys, vobject\n\
        text = open(sys.argv[1], encoding='utf-8', newline='').read()\n\
        for card in vobject.readComponents(text, validate=True):\n\
        \x20   email = card.email.value if hasattr(card, 'email') else ''\n\
        \x20   print(card.fn.value + '\\t' + email)\n";
    let out = Command::new(python).args(["-c", script]).arg(file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect()
}

#[test]
fn every_mp_and_the_tracked_ones_as_contact_cards() {
    let env = Env::new();
    env.run(&["track", "leeds south"]);
    env.run(&["track", "leeds east"]);
    env.run(&["engagement", "set", "leeds south", "--office-address", "Unit 1, Rose Court; Leeds\nLS10 1AA"]);
    let all = env.dir.path().join("all.vcf");
    let tracked = env.dir.path().join("tracked.vcf");
    env.run(&["export", "vcard", "--out", all.to_str().unwrap()]);
    env.run(&["export", "vcard", "--tracked", "--out", tracked.to_str().unwrap()]);
    let all_text = std::fs::read_to_string(&all).unwrap();
    let tracked_text = std::fs::read_to_string(&tracked).unwrap();
    let seats = env.json(&["mps", "--json"]);
    let seats = seats.as_array().unwrap();
    let members = seats.iter().filter(|s| !s["name"].as_str().unwrap_or("").is_empty()).count();
    assert!(members > 600, "{members}");
    assert_eq!(all_text.matches("BEGIN:VCARD\r\n").count(), members);
    assert_eq!(tracked_text.matches("BEGIN:VCARD\r\n").count(), 2);
    assert!(
        tracked_text.contains("FN:Hilary Benn\r\n") && tracked_text.contains("FN:Richard Burgon\r\n"),
        "{tracked_text}"
    );
    assert!(
        tracked_text.contains("ADR;TYPE=POSTAL:;;Unit 1\\, Rose Court\\; Leeds\\nLS10 1AA;;;;\r\n"),
        "{tracked_text}"
    );
    assert_eq!(tracked_text.matches("ADR;TYPE=POSTAL").count(), 1, "none where nothing is known");
    assert!(all_text.split("\r\n").all(|l| l.len() <= 75), "folded at 75 octets");
    assert!(!all_text.replace("\r\n", "").contains('\n'), "CRLF line endings only");

    let Some(python) = python_with_vobject() else { return };
    let read = parsed(&python, &tracked);
    // In the order of the seats: Leeds East, then Leeds South.
    assert_eq!(read, ["Richard Burgon\trichard@richardburgon.com", "Hilary Benn\tboxj@parliament.uk"]);
    let read = parsed(&python, &all);
    assert_eq!(read.len(), members);
    for seat in seats.iter().filter(|s| !s["name"].as_str().unwrap_or("").is_empty()) {
        let line = format!("{}\t{}", seat["name"].as_str().unwrap(), seat["email"].as_str().unwrap_or(""));
        assert!(read.contains(&line), "{line} not read back");
    }
}
