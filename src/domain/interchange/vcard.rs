//! vCard 3.0 (RFC 2426) contact cards for MPs: one card per MP with only what is known, values
//! escaped, lines ended with CRLF and folded at 75 octets on UTF-8 boundaries.

/// The MP's Westminster postal address.
pub const WESTMINSTER_STREET: &str = "House of Commons";
pub const WESTMINSTER_LOCALITY: &str = "London";
pub const WESTMINSTER_POSTCODE: &str = "SW1A 0AA";

/// What one card says about an MP; empty strings are left out of the card.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contact {
    pub name: String,
    /// How a letter addresses the MP ("Sir Mark"), written as a note.
    pub salutation: String,
    pub party: String,
    pub constituency: String,
    pub email: String,
    /// The Westminster office's phone (the switchboard when nothing better is known).
    pub westminster_phone: String,
    /// The constituency office's address lines, newline-separated.
    pub constituency_address: String,
    pub constituency_phone: String,
    pub website: String,
    /// Profile and social links.
    pub urls: Vec<String>,
}

/// Escapes a text value: backslash, comma, semicolon and newlines.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line at 75 octets, never inside a UTF-8 character, ending every physical line
/// with CRLF; continuation lines begin with one space.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

/// One card.
pub fn card(contact: &Contact) -> String {
    let mut lines = vec!["BEGIN:VCARD".to_string(), "VERSION:3.0".to_string()];
    let mut push = |name: &str, value: String| lines.push(format!("{name}:{value}"));
    push("FN", escape(contact.name.trim()));
    let (given, family) = split_name(contact.name.trim());
    push("N", format!("{};{};;;", escape(family), escape(given)));
    push("ORG", format!("{};{}", escape(WESTMINSTER_STREET), escape(contact.party.trim())));
    if !contact.constituency.trim().is_empty() {
        push("TITLE", escape(&format!("MP for {}", contact.constituency.trim())));
    }
    if !contact.email.trim().is_empty() {
        push("EMAIL;TYPE=INTERNET,WORK", escape(contact.email.trim()));
    }
    push(
        "ADR;TYPE=WORK",
        format!(
            ";;{};{};;{};United Kingdom",
            escape(WESTMINSTER_STREET),
            escape(WESTMINSTER_LOCALITY),
            escape(WESTMINSTER_POSTCODE)
        ),
    );
    if !contact.westminster_phone.trim().is_empty() {
        push("TEL;TYPE=WORK,VOICE", escape(contact.westminster_phone.trim()));
    }
    let office = contact.constituency_address.trim();
    if !office.is_empty() {
        push("ADR;TYPE=POSTAL", format!(";;{};;;;", escape(office)));
    }
    if !contact.constituency_phone.trim().is_empty() {
        push("TEL;TYPE=VOICE", escape(contact.constituency_phone.trim()));
    }
    if !contact.website.trim().is_empty() {
        push("URL", escape(contact.website.trim()));
    }
    for url in contact.urls.iter().map(|u| u.trim()).filter(|u| !u.is_empty()) {
        push("URL", escape(url));
    }
    if !contact.salutation.trim().is_empty() {
        push("NOTE", escape(&format!("Dear {}", contact.salutation.trim())));
    }
    lines.push("END:VCARD".to_string());
    lines.iter().map(|l| fold(l)).collect()
}

/// Every card, one after another.
pub fn cards(contacts: &[Contact]) -> String {
    contacts.iter().map(card).collect()
}

/// The given names and the family name: the family name is the last word.
fn split_name(name: &str) -> (&str, &str) {
    match name.rsplit_once(' ') {
        Some((given, family)) => (given.trim(), family),
        None => ("", name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_special_characters() {
        assert_eq!(escape("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_a_character() {
        let line = format!("NOTE:{}", "é".repeat(60));
        let folded = fold(&line);
        assert!(folded.ends_with("\r\n"));
        for physical in folded.trim_end_matches("\r\n").split("\r\n") {
            assert!(physical.len() <= 75, "{physical:?} is {} octets", physical.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
        assert_eq!(fold("short"), "short\r\n");
    }

    #[test]
    fn one_card_says_what_is_known_and_nothing_empty() {
        let contact = Contact {
            name: "Hilary Benn".into(),
            salutation: "Mr Benn".into(),
            party: "Labour".into(),
            constituency: "Leeds South".into(),
            email: "a@example.org".into(),
            westminster_phone: "020 7219 3000".into(),
            constituency_address: "1 Street, Leeds\nLS1 1AA".into(),
            urls: vec!["https://example.org/x".into(), String::new()],
            ..Default::default()
        };
        let text = card(&contact);
        assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hilary Benn\r\nN:Benn;Hilary;;;\r\n"), "{text}");
        assert!(text.contains("ORG:House of Commons;Labour\r\n"));
        assert!(text.contains("ADR;TYPE=WORK:;;House of Commons;London;;SW1A 0AA;United Kingdom\r\n"));
        assert!(text.contains("ADR;TYPE=POSTAL:;;1 Street\\, Leeds\\nLS1 1AA;;;;\r\n"), "{text}");
        assert!(text.contains("NOTE:Dear Mr Benn\r\n"));
        assert!(text.ends_with("END:VCARD\r\n"));
        assert_eq!(text.matches("URL:").count(), 1, "no empty URL: {text}");
        assert!(!text.contains("TEL;TYPE=VOICE:"), "no constituency phone when none is known");
        assert!(text.split("\r\n").all(|l| !l.ends_with(':')), "no empty property: {text}");
    }
}
