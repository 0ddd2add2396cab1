-- mpplan schema, version 7: follow-ups the user has snoozed or marked done.
--
-- Follow-ups are not stored: the rules raise them each day from the facts. What the user says
-- about one is kept under the follow-up's id (rule.SEAT, or rule.SEAT.PROPOSAL for a rule about one
-- proposal; see domain::engagement::marks::FollowUpId): snoozed until a day (it is back on that
-- day), and done for the due date it had then (raised again with another due date, it is back). A
-- row with neither is deleted rather than kept empty.

CREATE TABLE follow_up_marks (
    follow_up_id  TEXT PRIMARY KEY,
    snoozed_until TEXT,
    done_for      TEXT,
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (snoozed_until IS NOT NULL OR done_for IS NOT NULL)
) WITHOUT ROWID;
