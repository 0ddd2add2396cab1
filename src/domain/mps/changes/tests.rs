//! Tests of reading MP files and comparing them with the seats.

use super::*;

const HEADER: &str = "constituency_code,constituency_name,mp_name,mp_full_title,party,parliament_member_id,\
    twfy_person_id,email,website,twitter_handle,bluesky_handle,facebook_page,parliament_profile_url,seat_held_since\n";

fn benn() -> MpDetails {
    MpDetails {
        parliament_id: Some(413),
        name: "Hilary Benn".into(),
        full_title: "Hilary Benn MP".into(),
        party: "Labour".into(),
        twfy_id: Some(10047),
        email: "hilary.benn.mp@parliament.uk".into(),
        ..MpDetails::default()
    }
}

fn seats() -> Vec<SeatNow> {
    vec![
        SeatNow { code: "E14001323".into(), seat: "Leeds South".into(), holder: Some(benn()), held_from: None },
        SeatNow { code: "E14001350".into(), seat: "Makerfield".into(), holder: None, held_from: None },
    ]
}

fn benn_row(party: &str, email: &str) -> String {
    format!("E14001323,Leeds South,Hilary Benn,Hilary Benn MP,{party},413,10047,{email},,,,,,\n")
}

#[test]
fn the_same_data_changes_nothing() {
    let plan =
        plan("f", &(HEADER.to_string() + &benn_row("Labour", "hilary.benn.mp@parliament.uk")), &seats()).unwrap();
    assert!(plan.changes.is_empty());
    assert_eq!(plan.seats_not_in_file, 1);
    assert!(plan.lines().iter().any(|l| l.starts_with("No changes")));
}

#[test]
fn party_and_contact_changes_and_a_seat_filled() {
    let text = HEADER.to_string()
        + &benn_row("Independent", "benn@example.org")
        + "E14001350,Makerfield,Andy Burnham,Andy Burnham MP,Labour Co-op,1234,,,,,,,,2026-06-19\n";
    let plan = plan("f", &text, &seats()).unwrap();
    let MpChange::Updated { fields, .. } = &plan.changes[0] else { panic!("{plan:?}") };
    assert_eq!(fields.iter().map(|f| f.field).collect::<Vec<_>>(), ["party", "email"]);
    let MpChange::NewHolder { before: None, after: Some(after), held_from, .. } = &plan.changes[1] else {
        panic!("{plan:?}")
    };
    assert_eq!((after.name.as_str(), held_from.unwrap().to_string()), ("Andy Burnham", "2026-06-19".into()));
    let lines = plan.lines().join("\n");
    assert!(lines.contains("Makerfield (E14001350): the seat was vacant; Andy Burnham (Labour Co-op) arrived"));
    assert!(lines.contains("Party changes:\n  Leeds South, Hilary Benn: party Labour → Independent"), "{lines}");
    assert!(lines.contains("email hilary.benn.mp@parliament.uk → benn@example.org"));
}

#[test]
fn a_new_mp_and_a_vacancy() {
    let text = HEADER.to_string() + "E14001323,Leeds South,Jo Bloggs,,Green,99,,,,,,,,\n";
    let MpChange::NewHolder { before: Some(before), after: Some(after), .. } =
        &plan("f", &text, &seats()).unwrap().changes[0]
    else {
        panic!()
    };
    assert_eq!((before.name.as_str(), after.name.as_str()), ("Hilary Benn", "Jo Bloggs"));
    let vacant = HEADER.to_string() + "E14001323,Leeds South,,,,,,,,,,,,\n";
    let plan = plan("f", &vacant, &seats()).unwrap();
    assert!(matches!(&plan.changes[0], MpChange::NewHolder { after: None, .. }));
    assert!(plan.lines()[1].ends_with("Hilary Benn (Labour) left; the seat is vacant"));
}

#[test]
fn bad_rows_are_listed_with_their_lines() {
    let text = HEADER.to_string()
        + "X99,,A,,,1,,,,,,,,\n"
        + &benn_row("Labour", "")
        + &benn_row("Labour", "")
        + "E14001350,Leeds South,B,,,2,,,,,,,,\n"
        + "E14001350,,C,,,abc,,,,,,,,\n"
        + "E14001350,,,,,5,,,,,,,,\n"
        + "E14001350,,D,,,,,,,,,,,\n"
        + "E14001350,,D,,,413,,,,,,,,\n"
        + "E14001350,,E,,,7,,,,,,,,2026-13-01\n"
        + "too,few\n";
    let err = plan("f", &text, &seats()).unwrap_err().to_string();
    for expected in [
        "line 2: \"X99\" is not the code of one of the 650 constituencies",
        "line 4: the seat E14001323 is listed again (first on line 3), and member 413 is listed again",
        "line 5: E14001350 is Makerfield, not \"Leeds South\"",
        "line 6: parliament_member_id \"abc\" is not a number",
        "line 7: member 5 has no mp_name",
        "line 8: D has no parliament_member_id",
        "line 9: member 413 is listed again (first on line 3)",
        "line 10: seat_held_since \"2026-13-01\" is not a date",
        "line 11: it has 2 cells",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
}

#[test]
fn an_mp_cannot_be_left_holding_two_seats() {
    let text = HEADER.to_string() + "E14001350,Makerfield,Hilary Benn,,Labour,413,,,,,,,,\n";
    let err = plan("f", &text, &seats()).unwrap_err().to_string();
    assert!(err.contains("line 2: Hilary Benn holds Leeds South now"), "{err}");
    let moved = text + "E14001323,Leeds South,Jo Bloggs,,Green,99,,,,,,,,\n";
    assert_eq!(plan("f", &moved, &seats()).unwrap().changes.len(), 2);
}

fn rand() -> MpDetails {
    MpDetails {
        parliament_id: Some(5001),
        name: "Connor Rand".into(),
        full_title: "Mr Connor Rand MP".into(),
        derived_address_as: Some("Mr Rand".into()),
        party: "Labour".into(),
        ..MpDetails::default()
    }
}

fn rand_seats() -> Vec<SeatNow> {
    vec![SeatNow {
        code: "E14001077".into(),
        seat: "Altrincham and Sale West".into(),
        holder: Some(rand()),
        held_from: None,
    }]
}

const RAND_ROW: &str = "E14001077,Altrincham and Sale West,Mr Connor Rand,Mr Connor Rand MP,Labour,5001,,,,,,,,\n";

#[test]
fn a_titled_name_in_a_file_is_read_without_its_title() {
    let same = plan("f", &(HEADER.to_string() + RAND_ROW), &rand_seats()).unwrap();
    assert!(same.changes.is_empty(), "the stored name is the same person's: {:?}", same.lines());
    let knighted = HEADER.to_string()
        + "E14001077,Altrincham and Sale West,Sir Connor Rand,Rt Hon Sir Connor Rand MP,Labour,5001,,,,,,,,\n";
    let sir = plan("f", &knighted, &rand_seats()).unwrap();
    let MpChange::Updated { mp, fields, .. } = &sir.changes[0] else { panic!("{sir:?}") };
    assert_eq!((mp.name.as_str(), mp.salutation()), ("Connor Rand", Some("Sir Connor")));
    assert_eq!(fields.iter().map(|f| f.field).collect::<Vec<_>>(), ["title", "salutation"]);
    let line = "  Altrincham and Sale West, Connor Rand: salutation Mr Rand → Sir Connor".to_string();
    assert!(sir.lines().contains(&line), "{:?}", sir.lines());
}

#[test]
fn parliaments_salutation_stays_while_the_name_and_title_do() {
    let mut seats = rand_seats();
    seats[0].holder.as_mut().unwrap().address_as = Some("Mr Rand".into());
    seats[0].holder.as_mut().unwrap().derived_address_as = None;
    let email = RAND_ROW.replace(",,,,,,,,\n", ",,rand@example.org,,,,,,\n");
    let kept = plan("f", &(HEADER.to_string() + &email), &seats).unwrap();
    let MpChange::Updated { mp, fields, .. } = &kept.changes[0] else { panic!("{kept:?}") };
    assert_eq!(mp.address_as.as_deref(), Some("Mr Rand"), "a file without one keeps Parliament's");
    assert_eq!(fields.iter().map(|f| f.field).collect::<Vec<_>>(), ["email"]);
    let retitled = email.replace("Mr Connor Rand MP", "Dr Connor Rand MP");
    let dropped = plan("f", &(HEADER.to_string() + &retitled), &seats).unwrap();
    let MpChange::Updated { mp, .. } = &dropped.changes[0] else { panic!("{dropped:?}") };
    assert_eq!((mp.address_as.as_deref(), mp.salutation()), (None, Some("Dr Rand")), "a new title, a new form");
}

#[test]
fn salutations_where_there_were_none_are_summed_up_in_one_line() {
    // As an update from Parliament would bring them: the same MPs, each with a salutation.
    let given = |mp: MpDetails, form: &str| {
        let after = MpDetails { address_as: Some(form.into()), ..mp.clone() };
        let fields = after.changes_from(&mp);
        MpChange::Updated { code: String::new(), seat: "Seat".into(), mp: Box::new(after), fields }
    };
    let plain_rand = MpDetails { derived_address_as: None, ..rand() };
    let one = MpPlan { changes: vec![given(benn(), "Mr Benn")], rows: 1, seats_not_in_file: 0 };
    assert!(one.lines().contains(&"  Seat, Hilary Benn: salutation (none) → Mr Benn".into()), "{:?}", one.lines());
    let changes = vec![given(benn(), "Mr Benn"), given(plain_rand, "Mr Rand"), given(rand(), "Sir Connor")];
    let lines = MpPlan { changes, rows: 3, seats_not_in_file: 0 }.lines();
    let expected = [
        "Contact changes:",
        "  Seat, Connor Rand: salutation Mr Rand → Sir Connor",
        "  2 MPs have a salutation for letters where there was none, such as Hilary Benn: Mr Benn",
        "3 of the 3 seats in the file change.",
    ];
    assert_eq!(lines, expected);
}

#[test]
fn missing_columns_are_named() {
    let err = plan("mps.csv", "constituency_code,mp_name\nE14001323,Hilary Benn\n", &seats()).unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("mps.csv has no column mp_full_title, party, parliament_member_id"), "{text}");
    assert!(text.contains("mps_2024_parliament.csv"));
}

/// The header of the DfE's mp_lookup.csv (dfe-analytical-services/mp-lookup @ 793ea661, the
/// commit the shipped data was built from), quoted as R's write.csv writes it.
const DFE_HEADER: &str = "\"pcon_name\",\"pcon_code\",\"member_id\",\"full_title\",\"display_as\",\"party_text\",\
    \"member_email\",\"election_result_summary_2024\",\"lad_names\",\"lad_codes\",\"lad_codes_2024\",\"la_names\",\
    \"new_la_codes\",\"new_la_codes_2024\",\"old_la_codes_2024\",\"mayoral_auth_names\",\"mayoral_auth_codes\",\
    \"region_name\",\"region_code\",\"country_name\",\"country_code\"\n";

/// A DfE row: the seat, then member_id, full_title, display_as, party_text, member_email (as
/// written, quotes and all, so that R's unquoted NA can be given), then the geography.
fn dfe_row(seat: &str, code: &str, mp: &str) -> String {
    format!(
        "\"{seat}\",\"{code}\",{mp},\"Lab hold\",\"Leeds\",\"E08000035\",\"E08000035\",\"Leeds\",\"E08000035\",\
         \"E08000035\",\"383\",\"West Yorkshire\",\"E47000003\",\"Yorkshire and The Humber\",\"E12000003\",\
         \"England\",\"E92000001\"\n"
    )
}

fn benn_dfe(party: &str, email: &str) -> String {
    dfe_row("Leeds South", "E14001323", &format!("\"413\",\"Hilary Benn MP\",\"Hilary Benn\",\"{party}\",\"{email}\""))
}

fn benn_with_links() -> MpDetails {
    MpDetails {
        website: "https://hilarybenn.example".into(),
        bluesky: "hilarybenn.bsky.social".into(),
        profile_url: "https://members.parliament.uk/member/413".into(),
        ..benn()
    }
}

fn seats_with_links() -> Vec<SeatNow> {
    let mut seats = seats();
    seats[0].holder = Some(benn_with_links());
    seats
}

#[test]
fn the_dfe_look_up_with_the_same_data_changes_nothing_and_keeps_what_it_does_not_give() {
    let text = DFE_HEADER.to_string() + &benn_dfe("Labour", "hilary.benn.mp@parliament.uk");
    let (layout, plan) = plan_with_layout("mp_lookup.csv", &text, &seats_with_links()).unwrap();
    assert_eq!(layout, Layout::DfeLookup);
    assert!(layout.note().unwrap().contains("DfE's MP look-up"));
    assert_eq!(plan.changes, [], "the website, Bluesky, TheyWorkForYou id and profile link are kept");
    assert_eq!((plan.rows, plan.seats_not_in_file), (1, 1));
    let no_email = DFE_HEADER.to_string() + &benn_dfe("Labour", "No email found");
    assert_eq!(plan_with_layout("f", &no_email, &seats_with_links()).unwrap().1.changes, [], "email kept");
}

#[test]
fn the_dfe_look_up_gives_party_and_email_changes_a_new_mp_and_a_vacancy() {
    let text = DFE_HEADER.to_string()
        + &benn_dfe("Independent", "benn@example.org")
        + &dfe_row(
            "Makerfield",
            "E14001350",
            "\"1427\",\"Rt Hon Andy Burnham\",\"Andy Burnham\",\"Labour (Co-op)\",\"andy.burnham.mp@parliament.uk\"",
        );
    let changes = plan("f", &text, &seats_with_links()).unwrap().changes;
    let MpChange::Updated { mp, fields, .. } = &changes[0] else { panic!("{changes:?}") };
    assert_eq!(fields.iter().map(|f| f.field).collect::<Vec<_>>(), ["party", "email"]);
    assert_eq!((mp.website.as_str(), mp.twfy_id), ("https://hilarybenn.example", Some(10047)));
    let MpChange::NewHolder { before: None, after: Some(after), held_from: None, .. } = &changes[1] else {
        panic!("{changes:?}")
    };
    let expected = MpDetails {
        parliament_id: Some(1427),
        name: "Andy Burnham".into(),
        full_title: "Rt Hon Andy Burnham".into(),
        party: "Labour (Co-op)".into(),
        email: "andy.burnham.mp@parliament.uk".into(),
        profile_url: "https://members.parliament.uk/member/1427".into(),
        ..MpDetails::default()
    };
    assert_eq!(**after, expected);

    let vacant =
        DFE_HEADER.to_string() + &dfe_row("Leeds South", "E14001323", "NA,\"Vacant\",\"Vacant\",\"Vacant\",NA");
    let vacated = plan("f", &vacant, &seats()).unwrap();
    assert!(matches!(&vacated.changes[0], MpChange::NewHolder { after: None, .. }), "{vacated:?}");
    assert!(vacated.lines()[1].ends_with("Hilary Benn (Labour) left; the seat is vacant"));
}

#[test]
fn a_dfe_file_with_only_its_required_columns_imports() {
    let text = "pcon_code,member_id,display_as,party_text\nE14001323,413,Hilary Benn,Labour\n\
        E14001350,1427,Andy Burnham,Labour (Co-op)\n";
    let (layout, filled) = plan_with_layout("f", text, &seats_with_links()).unwrap();
    assert_eq!(layout, Layout::DfeLookup);
    assert_eq!(filled.changes.len(), 1, "Leeds South is unchanged: {filled:?}");
    let MpChange::NewHolder { after: Some(after), .. } = &filled.changes[0] else { panic!("{filled:?}") };
    assert_eq!((after.name.as_str(), after.full_title.as_str(), after.email.as_str()), ("Andy Burnham", "", ""));
    let changed = "pcon_code,member_id,display_as,party_text\nE14001323,413,Hilary Benn,Green\n";
    let MpChange::Updated { mp, fields, .. } = &plan("f", changed, &seats_with_links()).unwrap().changes[0] else {
        panic!()
    };
    assert_eq!(fields.iter().map(|f| f.field).collect::<Vec<_>>(), ["party"]);
    assert_eq!((mp.full_title.as_str(), mp.email.as_str()), ("Hilary Benn MP", "hilary.benn.mp@parliament.uk"));
}

#[test]
fn a_dfe_file_missing_required_columns_names_them() {
    let err = plan("mp_lookup.csv", "pcon_name,pcon_code,display_as\nLeeds South,E14001323,Hilary Benn\n", &seats())
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("mp_lookup.csv has no column member_id, party_text: it should be the DfE's MP look-up"));
    assert!(err.contains("naming the columns pcon_code, member_id, display_as, party_text"), "{err}");
    let shipped = plan("f", "constituency_code,pcon_code\nE14001323,x\n", &seats()).unwrap_err().to_string();
    assert!(shipped.contains("has no column mp_name"), "constituency_code means the shipped layout: {shipped}");
}

#[test]
fn bad_dfe_rows_name_the_dfe_columns() {
    let text = DFE_HEADER.to_string()
        + &dfe_row("Leeds South", "E14001323", "\"abc\",\"\",\"A\",\"Green\",NA")
        + &dfe_row("Leeds Central", "E14001350", "\"7\",\"\",\"B\",\"Green\",NA")
        + &dfe_row("Makerfield", "E14001350", "NA,\"\",\"C\",\"Green\",NA")
        + &dfe_row("Makerfield", "E14001350", "\"8\",\"\",\"Vacant\",\"Vacant\",NA")
        + &dfe_row("", "", "\"9\",\"\",\"D\",\"Green\",NA");
    let err = plan("f", &text, &seats()).unwrap_err().to_string();
    for expected in [
        "line 2: member_id \"abc\" is not a number",
        "line 3: E14001350 is Makerfield, not \"Leeds Central\"",
        "line 4: C has no member_id (the Members API id)",
        "line 5: member 8 has no display_as",
        "line 6: it has no pcon_code",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
}

proptest::proptest! {
    #[test]
    fn planning_never_panics(body in "[A-Z0-9a-z,\" \n-]{0,300}") {
        if let Ok(plan) = plan("f", &format!("{HEADER}{body}"), &seats()) {
            let _ = plan.lines();
        }
    }
}
