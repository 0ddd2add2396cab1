-- mpplan schema, version 3: what the daily review reads from each engagement's history, kept up to
-- date as the history is written, so that the agenda reads one row per engagement instead of ten
-- years of contacts and proposals.
--
-- `engagement_history` says how each value is found; `engagement_summaries` holds its result for
-- every engagement, refreshed by the triggers below whenever a contact or a proposal of the
-- engagement is added, changed or removed. The summary is derived data: it can always be rebuilt
-- with `DELETE FROM engagement_summaries; INSERT INTO engagement_summaries SELECT * FROM
-- engagement_history;`.

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
    held.kind AS last_held_kind
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
    last_held_kind    TEXT
);

INSERT INTO engagement_summaries SELECT * FROM engagement_history;

CREATE TRIGGER engagement_summary_new AFTER INSERT ON engagements BEGIN
    INSERT OR REPLACE INTO engagement_summaries SELECT * FROM engagement_history WHERE engagement_id = NEW.id;
END;

CREATE TRIGGER interaction_added AFTER INSERT ON interactions BEGIN
    INSERT OR REPLACE INTO engagement_summaries
        SELECT * FROM engagement_history WHERE engagement_id = NEW.engagement_id;
END;

CREATE TRIGGER interaction_changed AFTER UPDATE ON interactions BEGIN
    INSERT OR REPLACE INTO engagement_summaries
        SELECT * FROM engagement_history WHERE engagement_id IN (OLD.engagement_id, NEW.engagement_id);
END;

CREATE TRIGGER interaction_removed AFTER DELETE ON interactions BEGIN
    INSERT OR REPLACE INTO engagement_summaries
        SELECT * FROM engagement_history WHERE engagement_id = OLD.engagement_id;
END;

CREATE TRIGGER proposal_added AFTER INSERT ON proposals BEGIN
    INSERT OR REPLACE INTO engagement_summaries
        SELECT * FROM engagement_history WHERE engagement_id = NEW.engagement_id;
END;

CREATE TRIGGER proposal_changed AFTER UPDATE ON proposals BEGIN
    INSERT OR REPLACE INTO engagement_summaries
        SELECT * FROM engagement_history WHERE engagement_id IN (OLD.engagement_id, NEW.engagement_id);
END;

CREATE TRIGGER proposal_removed AFTER DELETE ON proposals BEGIN
    INSERT OR REPLACE INTO engagement_summaries
        SELECT * FROM engagement_history WHERE engagement_id = OLD.engagement_id;
END;
