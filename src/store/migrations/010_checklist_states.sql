-- mpplan schema, version 10: the engagement summaries keep each checklist as plain text that is
-- cheap to read, instead of a JSON array that the agenda and the list of MPs decoded item by item.
--
-- The column `checklist_states` holds the number of items, then each item in key order as
-- `KEY STATE` or `KEY STATE DONE_ON`, all joined by ';':
--
--     3;1.1 done 2026-05-20;1.2 skipped;2.1 todo
--
-- A checklist with no items is `0`. Notes are not kept here. The only ones the agenda shows are
-- those of items still to do (the next step's); it reads them from checklist_items itself,
-- through the index checklist_items_noted_to_do below, which holds only those. The item keys come from
-- the checklist catalogue ("2.3"), the states are the words the CHECK constraint on
-- checklist_items.state allows, and the dates are YYYY-MM-DD, so none holds a space or a ';'. The
-- keys and dates have no CHECK constraint, though (a copy syncing with this one could write
-- anything there): the count lets the reader (store::facts::ChecklistStates) refuse a value that
-- one of them has split into more items, as it refuses an item that does not read as one.
--
-- The summary stays derived data, rebuilt with
-- `DELETE FROM engagement_summaries; INSERT INTO engagement_summaries SELECT * FROM engagement_history;`.
-- The view, the table and the checklist triggers are made again below (a change to a note alone no
-- longer touches the summary); the triggers on engagements, interactions and proposals from
-- version 3 name the view and the table and are kept as they are.

-- The items are put in key order by a subquery rather than by `group_concat(... ORDER BY ...)`,
-- which SQLite reads only from version 3.44: an older sqlite3 (a system's own, to look into the
-- file) could not read the schema at all. The reader sorts them again, which costs nothing when
-- they are in order.

-- The statements below carry no comments inside them: SQLite keeps each statement's text and
-- reads it again whenever the database is opened.

DROP TRIGGER checklist_item_added;
DROP TRIGGER checklist_item_changed;
DROP TRIGGER checklist_item_removed;
DROP VIEW engagement_history;
DROP TABLE engagement_summaries;

CREATE VIEW engagement_history AS
SELECT e.id AS engagement_id,
    (SELECT max(occurred_on) FROM interactions
     WHERE engagement_id = e.id AND kind = 'letter' AND direction = 'to_mp') AS last_letter_to_mp,
    (SELECT max(occurred_on) FROM interactions
     WHERE engagement_id = e.id AND kind = 'call' AND direction IN ('to_mp', 'from_mp')) AS last_call,
    (SELECT max(occurred_on) FROM interactions
     WHERE engagement_id = e.id AND kind IN ('letter', 'email', 'call', 'press', 'other')
       AND direction = 'to_mp') AS last_sent,
    (SELECT max(occurred_on) FROM interactions WHERE engagement_id = e.id) AS last_contact,
    held.starts_at AS last_held_start,
    held.title AS last_held_title,
    held.kind AS last_held_kind,
    (SELECT count(*) || coalesce(';' || group_concat(item, ';'), '')
     FROM (SELECT item_key || ' ' || state || coalesce(' ' || done_on, '') AS item FROM checklist_items
           WHERE engagement_id = e.id ORDER BY item_key)) AS checklist_states
FROM engagements e
LEFT JOIN proposals held ON held.id = (
    SELECT id FROM proposals WHERE engagement_id = e.id AND status = 'held' ORDER BY starts_at DESC, id DESC LIMIT 1);

-- last_held_start is the latest proposal held, whenever it was; checklist_states is described above.
CREATE TABLE engagement_summaries (
    engagement_id     INTEGER PRIMARY KEY REFERENCES engagements(id) ON DELETE CASCADE,
    last_letter_to_mp TEXT,
    last_call         TEXT,
    last_sent         TEXT,
    last_contact      TEXT,
    last_held_start   TEXT,
    last_held_title   TEXT,
    last_held_kind    TEXT,
    checklist_states  TEXT NOT NULL
);

INSERT INTO engagement_summaries SELECT * FROM engagement_history;

CREATE TRIGGER checklist_item_added AFTER INSERT ON checklist_items BEGIN
    UPDATE engagement_summaries SET (checklist_states) =
        (SELECT checklist_states FROM engagement_history h
         WHERE h.engagement_id = engagement_summaries.engagement_id)
    WHERE engagement_id IN (NEW.engagement_id);
END;

CREATE TRIGGER checklist_item_changed AFTER UPDATE OF engagement_id, item_key, state, done_on ON checklist_items BEGIN
    UPDATE engagement_summaries SET (checklist_states) =
        (SELECT checklist_states FROM engagement_history h
         WHERE h.engagement_id = engagement_summaries.engagement_id)
    WHERE engagement_id IN (OLD.engagement_id, NEW.engagement_id);
END;

CREATE TRIGGER checklist_item_removed AFTER DELETE ON checklist_items BEGIN
    UPDATE engagement_summaries SET (checklist_states) =
        (SELECT checklist_states FROM engagement_history h
         WHERE h.engagement_id = engagement_summaries.engagement_id)
    WHERE engagement_id IN (OLD.engagement_id);
END;

-- The checklist items still to do that have a note, with it: the notes the agenda reads, found
-- without visiting the other items.
CREATE INDEX checklist_items_noted_to_do ON checklist_items(engagement_id, item_key, note)
WHERE state = 'todo' AND note <> '';
