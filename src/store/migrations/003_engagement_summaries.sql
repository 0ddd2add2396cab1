-- mpplan schema, version 3: what the daily review reads from each engagement's history, kept up to
-- date as the history is written, so that the agenda reads one row per engagement instead of its
-- checklist rows and ten years of contacts and proposals.
--
-- `engagement_history` says how each value is found; `engagement_summaries` holds its result for
-- every engagement. The triggers below refresh the values a write can change: the contact columns
-- when a contact is added, changed or removed, the meeting held when a proposal is, the checklist
-- when an item is. The summary is derived data: it can always be rebuilt with
-- `DELETE FROM engagement_summaries; INSERT INTO engagement_summaries SELECT * FROM engagement_history;`.

CREATE VIEW engagement_history AS
SELECT e.id AS engagement_id,
    (SELECT max(occurred_on) FROM interactions
     WHERE engagement_id = e.id AND kind = 'letter' AND direction = 'to_mp') AS last_letter_to_mp,
    (SELECT max(occurred_on) FROM interactions
     WHERE engagement_id = e.id AND kind = 'call' AND direction IN ('to_mp', 'from_mp')) AS last_call,
    -- The latest contact sent to the MP other than a meeting itself (a meeting, visit, event or
    -- surgery). The kinds are listed, rather than the meetings excluded, so that each is one
    -- look-up in interactions_by_engagement_kind.
    (SELECT max(occurred_on) FROM interactions
     WHERE engagement_id = e.id AND kind IN ('letter', 'email', 'call', 'press', 'other')
       AND direction = 'to_mp') AS last_sent,
    (SELECT max(occurred_on) FROM interactions WHERE engagement_id = e.id) AS last_contact,
    held.starts_at AS last_held_start,
    held.title AS last_held_title,
    held.kind AS last_held_kind,
    -- The checklist as a JSON array of [item_key, state, done_on, note].
    (SELECT json_group_array(json_array(item_key, state, done_on, note)) FROM checklist_items
     WHERE engagement_id = e.id) AS checklist
FROM engagements e
LEFT JOIN proposals held ON held.id = (
    SELECT id FROM proposals WHERE engagement_id = e.id AND status = 'held' ORDER BY starts_at DESC, id DESC LIMIT 1);

CREATE TABLE engagement_summaries (
    engagement_id     INTEGER PRIMARY KEY REFERENCES engagements(id) ON DELETE CASCADE,
    last_letter_to_mp TEXT,
    last_call         TEXT,
    last_sent         TEXT,
    last_contact      TEXT,
    last_held_start   TEXT,       -- the latest proposal held, whenever it was
    last_held_title   TEXT,
    last_held_kind    TEXT,
    checklist         TEXT NOT NULL
);

INSERT INTO engagement_summaries SELECT * FROM engagement_history;

-- A new engagement starts with its summary.
CREATE TRIGGER engagement_summary_new AFTER INSERT ON engagements BEGIN
    INSERT OR REPLACE INTO engagement_summaries SELECT * FROM engagement_history WHERE engagement_id = NEW.id;
END;

CREATE TRIGGER interaction_added AFTER INSERT ON interactions BEGIN
    UPDATE engagement_summaries SET (last_letter_to_mp, last_call, last_sent, last_contact) =
        (SELECT last_letter_to_mp, last_call, last_sent, last_contact FROM engagement_history h
         WHERE h.engagement_id = engagement_summaries.engagement_id)
    WHERE engagement_id IN (NEW.engagement_id);
END;

CREATE TRIGGER interaction_changed AFTER UPDATE OF engagement_id, kind, direction, occurred_on ON interactions BEGIN
    UPDATE engagement_summaries SET (last_letter_to_mp, last_call, last_sent, last_contact) =
        (SELECT last_letter_to_mp, last_call, last_sent, last_contact FROM engagement_history h
         WHERE h.engagement_id = engagement_summaries.engagement_id)
    WHERE engagement_id IN (OLD.engagement_id, NEW.engagement_id);
END;

CREATE TRIGGER interaction_removed AFTER DELETE ON interactions BEGIN
    UPDATE engagement_summaries SET (last_letter_to_mp, last_call, last_sent, last_contact) =
        (SELECT last_letter_to_mp, last_call, last_sent, last_contact FROM engagement_history h
         WHERE h.engagement_id = engagement_summaries.engagement_id)
    WHERE engagement_id IN (OLD.engagement_id);
END;

CREATE TRIGGER proposal_added AFTER INSERT ON proposals BEGIN
    UPDATE engagement_summaries SET (last_held_start, last_held_title, last_held_kind) =
        (SELECT last_held_start, last_held_title, last_held_kind FROM engagement_history h
         WHERE h.engagement_id = engagement_summaries.engagement_id)
    WHERE engagement_id IN (NEW.engagement_id);
END;

CREATE TRIGGER proposal_changed AFTER UPDATE OF engagement_id, status, starts_at, title, kind ON proposals BEGIN
    UPDATE engagement_summaries SET (last_held_start, last_held_title, last_held_kind) =
        (SELECT last_held_start, last_held_title, last_held_kind FROM engagement_history h
         WHERE h.engagement_id = engagement_summaries.engagement_id)
    WHERE engagement_id IN (OLD.engagement_id, NEW.engagement_id);
END;

CREATE TRIGGER proposal_removed AFTER DELETE ON proposals BEGIN
    UPDATE engagement_summaries SET (last_held_start, last_held_title, last_held_kind) =
        (SELECT last_held_start, last_held_title, last_held_kind FROM engagement_history h
         WHERE h.engagement_id = engagement_summaries.engagement_id)
    WHERE engagement_id IN (OLD.engagement_id);
END;

CREATE TRIGGER checklist_item_added AFTER INSERT ON checklist_items BEGIN
    UPDATE engagement_summaries SET (checklist) =
        (SELECT checklist FROM engagement_history h
         WHERE h.engagement_id = engagement_summaries.engagement_id)
    WHERE engagement_id IN (NEW.engagement_id);
END;

CREATE TRIGGER checklist_item_changed AFTER UPDATE ON checklist_items BEGIN
    UPDATE engagement_summaries SET (checklist) =
        (SELECT checklist FROM engagement_history h
         WHERE h.engagement_id = engagement_summaries.engagement_id)
    WHERE engagement_id IN (OLD.engagement_id, NEW.engagement_id);
END;

CREATE TRIGGER checklist_item_removed AFTER DELETE ON checklist_items BEGIN
    UPDATE engagement_summaries SET (checklist) =
        (SELECT checklist FROM engagement_history h
         WHERE h.engagement_id = engagement_summaries.engagement_id)
    WHERE engagement_id IN (OLD.engagement_id);
END;
