//! Issue 17, point 3 on the command line: a duration is elapsed time, so across a change of the
//! clocks the end is London's reading that long after the start. The clocks go forward at 01:00 GMT
//! on Sunday 28 March 2027. "Today" is Tuesday 24 November 2026.

use crate::common::Env;

#[test]
fn a_duration_across_the_spring_change_ends_at_the_local_time_that_long_after() {
    let env = Env::new();
    let slot = env.json(&["check", "2027-03-27 23:00", "--duration", "4h", "--json"]);
    assert_eq!((slot["start"].as_str(), slot["end"].as_str()), (Some("2027-03-27 23:00"), Some("2027-03-28 04:00")));
    let text = env.run(&["check", "2027-03-27 23:00", "--duration", "4h"]);
    assert!(text.contains("23:00 – Sun 28 Mar 2027 04:00"), "{text}");
    // The one-hour default is elapsed too: an hour from 00:30 is 02:30 on the clocks.
    let slot = env.json(&["check", "2027-03-28 00:30", "--json"]);
    assert_eq!(slot["end"].as_str(), Some("2027-03-28 02:30"), "{slot}");

    let proposed = env.json(&[
        "propose",
        "leeds south",
        "--start",
        "2027-03-27 23:00",
        "--duration",
        "4h",
        "--kind",
        "event",
        "--json",
    ]);
    assert_eq!(proposed["end"].as_str(), Some("2027-03-28 04:00"), "{proposed}");
    let listed = env.json(&["proposals", "--from", "2027-03-27", "--json"]);
    assert_eq!(listed[0]["end"].as_str(), Some("2027-03-28 04:00"), "stored: {listed}");

    // Moved without a new length, it keeps its elapsed four hours, not the five on the clocks.
    let id = proposed["id"].to_string();
    env.run(&["proposal", "move", &id, "--start", "2027-04-06 10:00"]);
    let listed = env.json(&["proposals", "--from", "2027-04-06", "--json"]);
    assert_eq!(listed[0]["end"].as_str(), Some("2027-04-06 14:00"), "{listed}");
}
