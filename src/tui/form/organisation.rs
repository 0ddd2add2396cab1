//! Editing the organisation: its name, chief executive, chair and letterhead address, used on every
//! letter, and its sites, each a name and a postcode. The sites are typed on one line ("Main
//! hospital, LS9 7TF; Clinic, LS7 4SA"); a site added there has its seat found and tracked when
//! the form is saved, as `mpplan org site add` does. A field left as shown keeps what is stored.

use super::parse::one_line;
use super::{FieldCheck, Fields, Inputs, Problem, Reading};
use crate::domain::limits;
use crate::domain::mps::postcode::Postcode;
use crate::domain::text::printable;
use crate::domain::views::{Organisation, Site};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgField {
    Name,
    ChiefExecutive,
    Chair,
    Address,
    Sites,
}

impl Fields for OrgField {
    const ALL: &'static [OrgField] =
        &[OrgField::Name, OrgField::ChiefExecutive, OrgField::Chair, OrgField::Address, OrgField::Sites];

    fn label(self) -> &'static str {
        match self {
            OrgField::Name => "Name",
            OrgField::ChiefExecutive => "Chief exec",
            OrgField::Chair => "Chair",
            OrgField::Address => "Address",
            OrgField::Sites => "Sites",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            OrgField::Name => "The organisation's name, as on its letterhead: Leeds Teaching Hospitals NHS Trust",
            OrgField::ChiefExecutive => "The chief executive's name, who signs the letters",
            OrgField::Chair => "The chair's name (signs when there is no chief executive)",
            OrgField::Address => "The letterhead address, with commas between lines",
            OrgField::Sites => {
                "Each site as NAME, POSTCODE with \"; \" between them; a new site's seat is found and tracked"
            }
        }
    }

    fn stored(self) -> Option<limits::Field> {
        match self {
            OrgField::Name => Some(limits::Field::OrganisationName),
            OrgField::ChiefExecutive => Some(limits::Field::ChiefExecutive),
            OrgField::Chair => Some(limits::Field::Chair),
            OrgField::Address => Some(limits::Field::OrganisationAddress),
            OrgField::Sites => None,
        }
    }
}

/// What saving the form would do: the details to store, the sites to take away and those to add
/// (name, postcode as typed).
#[derive(Debug, Clone, PartialEq)]
pub struct OrgEdit {
    pub organisation: Organisation,
    pub removed: Vec<Site>,
    pub added: Vec<(String, String)>,
}

/// The organisation being edited.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgForm {
    /// The details as stored when the form opened.
    pub before: Organisation,
    /// The sites as stored when the form opened.
    pub sites: Vec<Site>,
    pub inputs: Inputs<OrgField>,
}

/// The sites as the form shows them: "Main hospital, LS9 7TF; Clinic, LS7 4SA".
fn sites_line(sites: &[Site]) -> String {
    sites.iter().map(|s| format!("{}, {}", s.name, s.postcode)).collect::<Vec<_>>().join("; ")
}

/// A field as the form first shows it.
fn shown(org: &Organisation, sites: &[Site], field: OrgField) -> String {
    match field {
        OrgField::Name => one_line(&org.name, " "),
        OrgField::ChiefExecutive => one_line(&org.chief_executive, " "),
        OrgField::Chair => one_line(&org.chair, " "),
        OrgField::Address => one_line(&org.address, ", "),
        OrgField::Sites => sites_line(sites),
    }
}

impl OrgForm {
    pub fn new(org: &Organisation, sites: &[Site]) -> OrgForm {
        let texts: Vec<String> = OrgField::ALL.iter().map(|&f| shown(org, sites, f)).collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        OrgForm { before: org.clone(), sites: sites.to_vec(), inputs: Inputs::new(&texts, OrgField::Name) }
    }

    /// Reads the form: each field's verdict and, when all are valid, what saving it would do.
    pub fn check(&self) -> Reading<OrgEdit> {
        let kept = |field: OrgField, stored: &str| {
            let input = self.inputs.input(field);
            let whole = input.typed_len() == input.text().chars().count();
            if whole && self.inputs.text(field) == shown(&self.before, &self.sites, field).trim() {
                Ok(stored.to_string())
            } else {
                self.inputs.within_limit(field).map(str::to_string)
            }
        };
        let texts = [
            kept(OrgField::Name, &self.before.name),
            kept(OrgField::ChiefExecutive, &self.before.chief_executive),
            kept(OrgField::Chair, &self.before.chair),
            kept(OrgField::Address, &self.before.address),
        ];
        let sites = read_sites(self.inputs.text(OrgField::Sites), &self.sites);
        let mut fields: Vec<FieldCheck> =
            texts.iter().map(|t| FieldCheck::from(t.clone().map(|_| String::new()))).collect();
        if let (Some(name), Ok(text)) = (fields.first_mut(), &texts[0])
            && text.trim().is_empty()
        {
            name.note = "not set: letters say [our organisation]".into();
        }
        fields.push(FieldCheck::from(
            sites.clone().map(|(removed, added)| sites_note(self.sites.len(), &removed, &added)),
        ));
        let value = match (texts, sites) {
            ([Ok(name), Ok(chief_executive), Ok(chair), Ok(address)], Ok((removed, added))) => {
                Some(OrgEdit { organisation: Organisation { name, chief_executive, chair, address }, removed, added })
            }
            _ => None,
        };
        Reading { fields, value }
    }
}

/// "2 sites; 1 new: its seat is found and tracked on saving".
fn sites_note(stored: usize, removed: &[Site], added: &[(String, String)]) -> String {
    let count = stored - removed.len() + added.len();
    let mut note = match count {
        0 => "none".to_string(),
        1 => "1 site".to_string(),
        n => format!("{n} sites"),
    };
    if !added.is_empty() {
        note.push_str(&format!("; {} new: seat found and tracked on saving", added.len()));
    }
    if !removed.is_empty() {
        note.push_str(&format!("; {} removed", removed.len()));
    }
    note
}

/// The sites stored that are no longer typed, and the sites typed that are new (name, postcode).
type SiteChanges = (Vec<Site>, Vec<(String, String)>);

/// The sites typed, against those stored: (the stored ones no longer there, the new ones). A site
/// typed as stored (same name, same postcode, any spacing or case of the postcode) is kept.
fn read_sites(text: &str, stored: &[Site]) -> Result<SiteChanges, Problem> {
    let mut typed: Vec<(String, String)> = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let shown = printable(part).into_owned();
        let Some((name, postcode)) = part.rsplit_once(',').map(|(n, p)| (n.trim(), p.trim())) else {
            return Err(("not NAME, POSTCODE".into(), format!("\"{shown}\" is not a site: write NAME, POSTCODE.")));
        };
        if name.is_empty() || postcode.is_empty() {
            return Err(("not NAME, POSTCODE".into(), format!("\"{shown}\" is not a site: write NAME, POSTCODE.")));
        }
        let postcode = Postcode::parse(postcode).map_err(|e| ("not a postcode".to_string(), format!("{e}.")))?;
        limits::Field::SiteName.check(name).map_err(|e| ("too long".to_string(), format!("{e}; shorten it.")))?;
        if typed.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            let name = printable(name).into_owned();
            return Err(("a name twice".into(), format!("Two sites are named \"{name}\": give each its own name.")));
        }
        typed.push((name.to_string(), postcode.to_string()));
    }
    let is_kept = |site: &Site| typed.iter().any(|(n, p)| *n == site.name && *p == site.postcode);
    let removed = stored.iter().filter(|s| !is_kept(s)).cloned().collect();
    let added = typed.into_iter().filter(|(n, p)| !stored.iter().any(|s| s.name == *n && s.postcode == *p)).collect();
    Ok((removed, added))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::text_input::TextInput;

    fn org() -> Organisation {
        Organisation {
            name: "Leeds Teaching Hospitals NHS Trust".into(),
            address: "St James's University Hospital\nBeckett Street\nLeeds LS9 7TF".into(),
            chief_executive: "Julian Hartley".into(),
            chair: String::new(),
        }
    }

    fn main_hospital() -> Site {
        Site {
            name: "Main hospital".into(),
            postcode: "LS9 7TF".into(),
            constituency_code: Some("E14001323".into()),
            constituency: Some("Leeds South".into()),
        }
    }

    fn typed(form: &mut OrgForm, field: OrgField, text: &str) {
        *form.inputs.input_mut(field) = TextInput::new(text);
    }

    #[test]
    fn what_is_stored_shows_on_one_line_and_is_kept_when_left_alone() {
        let form = OrgForm::new(&org(), &[main_hospital()]);
        assert_eq!(
            form.inputs.text(OrgField::Address),
            "St James's University Hospital, Beckett Street, Leeds LS9 7TF"
        );
        assert_eq!(form.inputs.text(OrgField::Sites), "Main hospital, LS9 7TF");
        let reading = form.check();
        let edit = reading.value.unwrap();
        assert_eq!(edit, OrgEdit { organisation: org(), removed: Vec::new(), added: Vec::new() });
        assert_eq!(reading.fields[4].note, "1 site");
    }

    #[test]
    fn sites_are_added_and_removed_and_a_postcode_is_read_in_any_case() {
        let mut form = OrgForm::new(&org(), &[main_hospital()]);
        typed(&mut form, OrgField::Sites, "main hospital, ls9 7tf;  Chapel Allerton , ls7 4sa ; ");
        let reading = form.check();
        assert_eq!(reading.fields[4].note, "2 sites; 2 new: seat found and tracked on saving; 1 removed");
        let edit = reading.value.unwrap();
        assert_eq!(edit.removed, [main_hospital()], "a name typed in another case is another site");
        assert_eq!(
            edit.added,
            [("main hospital".to_string(), "LS9 7TF".to_string()), ("Chapel Allerton".into(), "LS7 4SA".into())]
        );
        typed(&mut form, OrgField::Sites, "Main hospital, ls9  7tf");
        assert_eq!(form.check().value.unwrap().added, [], "the same site, spaced otherwise");
    }

    #[test]
    fn a_bad_site_is_refused_in_one_line() {
        let mut form = OrgForm::new(&org(), &[]);
        for (text, short, full) in [
            ("Main hospital, LS9 7T!", "not a postcode", "\"LS9 7T!\" is not a postcode"),
            ("Main hospital LS9 7TF", "not NAME, POSTCODE", "is not a site: write NAME, POSTCODE."),
            ("A, LS9 7TF; a, LS7 4SA", "a name twice", "Two sites are named \"a\""),
        ] {
            typed(&mut form, OrgField::Sites, text);
            let reading = form.check();
            assert_eq!(reading.value, None, "{text}");
            let check = &reading.fields[4];
            assert_eq!(check.note, short);
            let error = check.error.clone().unwrap();
            assert!(error.contains(full) && !error.contains('\n'), "{error}");
        }
    }

    #[test]
    fn an_unset_name_says_what_letters_will_show() {
        let mut form = OrgForm::new(&Organisation::default(), &[]);
        assert_eq!(form.check().fields[0].note, "not set: letters say [our organisation]");
        typed(&mut form, OrgField::Name, " Leeds Teaching Hospitals ");
        let edit = form.check().value.unwrap();
        assert_eq!(edit.organisation.name, "Leeds Teaching Hospitals");
        assert_eq!(edit.organisation.address, "");
    }
}
