-- mpplan schema, version 9: a plan shared by a team (DESIGN.md §9).
--
-- Once this copy joins a shared plan (`mpplan sync join`), every change to the user's rows is
-- recorded, by the triggers at the end, in the same transaction as the change itself: as
-- operations in `sync_ops`, each setting one field of one row (or a new row whole), named by the
-- row's UUID, stamped by a hybrid logical clock and its author. Syncing pushes the operations not
-- yet pushed and pulls everyone else's into the same table; each field then holds the value of
-- its latest operation. Nothing is recorded until the copy joins.
--
-- The triggers are written out by src/store/sync/capture.rs from the list of shared tables in
-- src/store/sync/tables.rs; a test checks that this file matches them.

-- This copy's part in the shared plan: one row.
CREATE TABLE sync_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    capturing     INTEGER NOT NULL DEFAULT 0 CHECK (capturing IN (0, 1)),  -- 1 once joined
    applying      INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),   -- 1 while others' changes are written
    server        TEXT,                       -- the connection string, never with a password
    author        TEXT NOT NULL DEFAULT '',   -- the name this copy's changes carry
    clock_millis  INTEGER NOT NULL DEFAULT 0, -- the hybrid logical clock: the last stamp given or seen
    clock_counter INTEGER NOT NULL DEFAULT 0,
    last_seq      INTEGER NOT NULL DEFAULT 0, -- the server's number of the last operation pulled
    last_synced   TEXT,                       -- when a sync last reached the server (UTC)
    last_error    TEXT                        -- why the last try did not, until one does
);
INSERT INTO sync_state (id) VALUES (1);

-- Every operation this copy made or pulled. An operation made here has pushed = 0 until the
-- server has it.
CREATE TABLE sync_ops (
    op_id    TEXT PRIMARY KEY DEFAULT (lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
                 || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1)
                 || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))),
    row_id   TEXT NOT NULL,
    tbl      TEXT NOT NULL,
    field    TEXT NOT NULL,                  -- a column, '*' for a whole new row, '_deleted'
    value    TEXT NOT NULL,                  -- JSON
    stamp    TEXT,                           -- filled in by sync_op_stamped for a change made here
    author   TEXT NOT NULL DEFAULT '',
    replaces TEXT,                           -- the operation whose value the author saw there
    pushed   INTEGER NOT NULL DEFAULT 0 CHECK (pushed IN (0, 1))
);
CREATE INDEX sync_ops_by_field ON sync_ops(row_id, field, stamp);
CREATE INDEX sync_ops_waiting ON sync_ops(pushed) WHERE pushed = 0;

-- A change made here: stamped later than everything this copy has made or seen (the wall clock in
-- milliseconds, or one more than the last stamp when the clock is behind it), signed, and linked
-- to the operation whose value it replaces.
CREATE TRIGGER sync_op_stamped AFTER INSERT ON sync_ops WHEN NEW.stamp IS NULL
BEGIN
    UPDATE sync_state SET
        clock_counter = CASE WHEN CAST(unixepoch('subsec') * 1000 AS INTEGER) > clock_millis
                             THEN 0 ELSE clock_counter + 1 END,
        clock_millis = max(clock_millis, CAST(unixepoch('subsec') * 1000 AS INTEGER));
    UPDATE sync_ops SET
        stamp = (SELECT printf('%015d.%010d', clock_millis, clock_counter) FROM sync_state),
        author = (SELECT author FROM sync_state),
        replaces = (SELECT o.op_id FROM sync_ops o
                    WHERE o.row_id = NEW.row_id AND o.field IN (NEW.field, '*') AND o.tbl = NEW.tbl
                      AND o.op_id <> NEW.op_id AND o.stamp IS NOT NULL
                    ORDER BY o.stamp DESC, o.op_id DESC LIMIT 1)
    WHERE op_id = NEW.op_id;
END;

-- Changes that lost to a later one whose author had not seen them: kept so that nothing is lost
-- unseen, shown by `mpplan sync conflicts` and on the MP's screen.
CREATE TABLE sync_conflicts (
    op_id         TEXT NOT NULL,              -- the change that lost
    row_id        TEXT NOT NULL,
    tbl           TEXT NOT NULL,
    field         TEXT NOT NULL,
    value         TEXT NOT NULL,              -- JSON: what it set
    author        TEXT NOT NULL,
    stamp         TEXT NOT NULL,
    winner_value  TEXT NOT NULL,              -- JSON: what the field holds instead
    winner_author TEXT NOT NULL,
    winner_stamp  TEXT NOT NULL,
    seat          TEXT,                       -- the seat of the engagement the row belongs to
    what          TEXT NOT NULL DEFAULT '',   -- the row, as people know it ("Visit, 2026-12-01 10:00")
    PRIMARY KEY (op_id, field)
) WITHOUT ROWID;
CREATE INDEX sync_conflicts_by_seat ON sync_conflicts(seat, stamp);

-- Rows pulled that cannot be written yet (their engagement is not here): tried again each sync.
CREATE TABLE sync_unplaced (
    tbl    TEXT NOT NULL,
    row_id TEXT NOT NULL,
    PRIMARY KEY (tbl, row_id)
) WITHOUT ROWID;

-- Each of the user's calendar rows is shared under a UUID: the few made without one get one.
UPDATE sitting_days SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
    || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1)
    || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
WHERE uuid IS NULL AND source IN ('user', 'import');
UPDATE recesses SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
    || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1)
    || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
WHERE uuid IS NULL AND source IN ('user', 'import');
UPDATE dissolutions SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
    || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1)
    || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
WHERE uuid IS NULL AND source IN ('user', 'import');

-- A proposal's revision number travels with it, so it is not raised again when others' changes
-- are written.
DROP TRIGGER proposal_revised;
CREATE TRIGGER proposal_revised
AFTER UPDATE OF starts_at, ends_at, fold, title, kind, place, status, all_day, engagement_id ON proposals
WHEN (OLD.starts_at IS NOT NEW.starts_at OR OLD.ends_at IS NOT NEW.ends_at OR OLD.fold IS NOT NEW.fold
    OR OLD.title IS NOT NEW.title
    OR OLD.kind IS NOT NEW.kind OR OLD.place IS NOT NEW.place OR OLD.status IS NOT NEW.status
    OR OLD.all_day IS NOT NEW.all_day OR OLD.engagement_id IS NOT NEW.engagement_id)
    AND NOT (SELECT applying FROM sync_state)
BEGIN
    UPDATE proposals SET sequence = OLD.sequence + 1 WHERE id = NEW.id;
END;

-- The capture triggers, one set per shared table.
CREATE TRIGGER sync_capture_organisation_insert AFTER INSERT ON organisation
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT '7f1077ea-ef87-5d6d-abcc-9a0a17628cea', 'organisation', field, value FROM (
        SELECT '_deleted' AS field, '0' AS value
        UNION ALL SELECT 'uuid', json_quote(NEW.uuid)
        UNION ALL SELECT 'name', json_quote(NEW.name)
        UNION ALL SELECT 'address', json_quote(NEW.address)
        UNION ALL SELECT 'chief_executive', json_quote(NEW.chief_executive)
        UNION ALL SELECT 'chair', json_quote(NEW.chair)
        UNION ALL SELECT 'updated_at', json_quote(NEW.updated_at))
    WHERE EXISTS (SELECT 1 FROM sync_ops WHERE row_id = '7f1077ea-ef87-5d6d-abcc-9a0a17628cea' AND tbl = 'organisation');
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT '7f1077ea-ef87-5d6d-abcc-9a0a17628cea', 'organisation', '*', json_object('uuid', NEW.uuid, 'name', NEW.name, 'address', NEW.address, 'chief_executive', NEW.chief_executive, 'chair', NEW.chair, 'updated_at', NEW.updated_at)
    WHERE NOT EXISTS (SELECT 1 FROM sync_ops WHERE row_id = '7f1077ea-ef87-5d6d-abcc-9a0a17628cea' AND tbl = 'organisation');
END;

CREATE TRIGGER sync_capture_organisation_update AFTER UPDATE ON organisation
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT '7f1077ea-ef87-5d6d-abcc-9a0a17628cea', 'organisation', field, value FROM (
        SELECT 'uuid' AS field, json_quote(NEW.uuid) AS value WHERE OLD.uuid IS NOT NEW.uuid
        UNION ALL SELECT 'name', json_quote(NEW.name) WHERE OLD.name IS NOT NEW.name
        UNION ALL SELECT 'address', json_quote(NEW.address) WHERE OLD.address IS NOT NEW.address
        UNION ALL SELECT 'chief_executive', json_quote(NEW.chief_executive) WHERE OLD.chief_executive IS NOT NEW.chief_executive
        UNION ALL SELECT 'chair', json_quote(NEW.chair) WHERE OLD.chair IS NOT NEW.chair
        UNION ALL SELECT 'updated_at', json_quote(NEW.updated_at) WHERE OLD.updated_at IS NOT NEW.updated_at);
END;

CREATE TRIGGER sync_capture_organisation_delete AFTER DELETE ON organisation
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value) VALUES ('7f1077ea-ef87-5d6d-abcc-9a0a17628cea', 'organisation', '_deleted', '1');
END;

CREATE TRIGGER sync_capture_sites_insert AFTER INSERT ON sites
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'sites', field, value FROM (
        SELECT '_deleted' AS field, '0' AS value
        UNION ALL SELECT 'name', json_quote(NEW.name)
        UNION ALL SELECT 'postcode', json_quote(NEW.postcode)
        UNION ALL SELECT 'constituency_code', json_quote(NEW.constituency_code)
        UNION ALL SELECT 'created_at', json_quote(NEW.created_at))
    WHERE EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'sites');
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'sites', '*', json_object('name', NEW.name, 'postcode', NEW.postcode, 'constituency_code', NEW.constituency_code, 'created_at', NEW.created_at)
    WHERE NOT EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'sites');
END;

CREATE TRIGGER sync_capture_sites_update AFTER UPDATE ON sites
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'sites', field, value FROM (
        SELECT 'name' AS field, json_quote(NEW.name) AS value WHERE OLD.name IS NOT NEW.name
        UNION ALL SELECT 'postcode', json_quote(NEW.postcode) WHERE OLD.postcode IS NOT NEW.postcode
        UNION ALL SELECT 'constituency_code', json_quote(NEW.constituency_code) WHERE OLD.constituency_code IS NOT NEW.constituency_code
        UNION ALL SELECT 'created_at', json_quote(NEW.created_at) WHERE OLD.created_at IS NOT NEW.created_at);
END;

CREATE TRIGGER sync_capture_sites_delete AFTER DELETE ON sites
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value) VALUES (OLD.uuid, 'sites', '_deleted', '1');
END;

CREATE TRIGGER sync_capture_engagements_insert AFTER INSERT ON engagements
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'engagements', field, value FROM (
        SELECT '_deleted' AS field, '0' AS value
        UNION ALL SELECT 'constituency_code', json_quote(NEW.constituency_code)
        UNION ALL SELECT 'tracked', json_quote(NEW.tracked)
        UNION ALL SELECT 'topics', json_quote(NEW.topics)
        UNION ALL SELECT 'cadence_days', json_quote(NEW.cadence_days)
        UNION ALL SELECT 'notes', json_quote(NEW.notes)
        UNION ALL SELECT 'background', json_quote(NEW.background)
        UNION ALL SELECT 'office_address', json_quote(NEW.office_address)
        UNION ALL SELECT 'started_on', json_quote(NEW.started_on)
        UNION ALL SELECT 'mp_at_start', json_quote(NEW.mp_at_start)
        UNION ALL SELECT 'mp_id_at_start', json_quote(NEW.mp_id_at_start)
        UNION ALL SELECT 'created_at', json_quote(NEW.created_at)
        UNION ALL SELECT 'updated_at', json_quote(NEW.updated_at))
    WHERE EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'engagements');
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'engagements', '*', json_object('constituency_code', NEW.constituency_code, 'tracked', NEW.tracked, 'topics', NEW.topics, 'cadence_days', NEW.cadence_days, 'notes', NEW.notes, 'background', NEW.background, 'office_address', NEW.office_address, 'started_on', NEW.started_on, 'mp_at_start', NEW.mp_at_start, 'mp_id_at_start', NEW.mp_id_at_start, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at)
    WHERE NOT EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'engagements');
END;

CREATE TRIGGER sync_capture_engagements_update AFTER UPDATE ON engagements
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'engagements', field, value FROM (
        SELECT 'constituency_code' AS field, json_quote(NEW.constituency_code) AS value WHERE OLD.constituency_code IS NOT NEW.constituency_code
        UNION ALL SELECT 'tracked', json_quote(NEW.tracked) WHERE OLD.tracked IS NOT NEW.tracked
        UNION ALL SELECT 'topics', json_quote(NEW.topics) WHERE OLD.topics IS NOT NEW.topics
        UNION ALL SELECT 'cadence_days', json_quote(NEW.cadence_days) WHERE OLD.cadence_days IS NOT NEW.cadence_days
        UNION ALL SELECT 'notes', json_quote(NEW.notes) WHERE OLD.notes IS NOT NEW.notes
        UNION ALL SELECT 'background', json_quote(NEW.background) WHERE OLD.background IS NOT NEW.background
        UNION ALL SELECT 'office_address', json_quote(NEW.office_address) WHERE OLD.office_address IS NOT NEW.office_address
        UNION ALL SELECT 'started_on', json_quote(NEW.started_on) WHERE OLD.started_on IS NOT NEW.started_on
        UNION ALL SELECT 'mp_at_start', json_quote(NEW.mp_at_start) WHERE OLD.mp_at_start IS NOT NEW.mp_at_start
        UNION ALL SELECT 'mp_id_at_start', json_quote(NEW.mp_id_at_start) WHERE OLD.mp_id_at_start IS NOT NEW.mp_id_at_start
        UNION ALL SELECT 'created_at', json_quote(NEW.created_at) WHERE OLD.created_at IS NOT NEW.created_at
        UNION ALL SELECT 'updated_at', json_quote(NEW.updated_at) WHERE OLD.updated_at IS NOT NEW.updated_at);
END;

CREATE TRIGGER sync_capture_engagements_delete AFTER DELETE ON engagements
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value) VALUES (OLD.uuid, 'engagements', '_deleted', '1');
END;

CREATE TRIGGER sync_capture_checklist_items_insert AFTER INSERT ON checklist_items
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'checklist_items', field, value FROM (
        SELECT '_deleted' AS field, '0' AS value
        UNION ALL SELECT 'engagement', json_quote((SELECT uuid FROM engagements WHERE id = NEW.engagement_id))
        UNION ALL SELECT 'item_key', json_quote(NEW.item_key)
        UNION ALL SELECT 'state', json_quote(NEW.state)
        UNION ALL SELECT 'done_on', json_quote(NEW.done_on)
        UNION ALL SELECT 'note', json_quote(NEW.note)
        UNION ALL SELECT 'updated_at', json_quote(NEW.updated_at))
    WHERE EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'checklist_items');
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'checklist_items', '*', json_object('engagement', (SELECT uuid FROM engagements WHERE id = NEW.engagement_id), 'item_key', NEW.item_key, 'state', NEW.state, 'done_on', NEW.done_on, 'note', NEW.note, 'updated_at', NEW.updated_at)
    WHERE NOT EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'checklist_items');
END;

CREATE TRIGGER sync_capture_checklist_items_update AFTER UPDATE ON checklist_items
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'checklist_items', field, value FROM (
        SELECT 'engagement' AS field, json_quote((SELECT uuid FROM engagements WHERE id = NEW.engagement_id)) AS value WHERE OLD.engagement_id IS NOT NEW.engagement_id
        UNION ALL SELECT 'item_key', json_quote(NEW.item_key) WHERE OLD.item_key IS NOT NEW.item_key
        UNION ALL SELECT 'state', json_quote(NEW.state) WHERE OLD.state IS NOT NEW.state
        UNION ALL SELECT 'done_on', json_quote(NEW.done_on) WHERE OLD.done_on IS NOT NEW.done_on
        UNION ALL SELECT 'note', json_quote(NEW.note) WHERE OLD.note IS NOT NEW.note
        UNION ALL SELECT 'updated_at', json_quote(NEW.updated_at) WHERE OLD.updated_at IS NOT NEW.updated_at);
END;

CREATE TRIGGER sync_capture_checklist_items_delete AFTER DELETE ON checklist_items
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value) VALUES (OLD.uuid, 'checklist_items', '_deleted', '1');
END;

CREATE TRIGGER sync_capture_interactions_insert AFTER INSERT ON interactions
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'interactions', field, value FROM (
        SELECT '_deleted' AS field, '0' AS value
        UNION ALL SELECT 'engagement', json_quote((SELECT uuid FROM engagements WHERE id = NEW.engagement_id))
        UNION ALL SELECT 'kind', json_quote(NEW.kind)
        UNION ALL SELECT 'direction', json_quote(NEW.direction)
        UNION ALL SELECT 'occurred_on', json_quote(NEW.occurred_on)
        UNION ALL SELECT 'summary', json_quote(NEW.summary)
        UNION ALL SELECT 'mp_name', json_quote(NEW.mp_name)
        UNION ALL SELECT 'created_at', json_quote(NEW.created_at))
    WHERE EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'interactions');
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'interactions', '*', json_object('engagement', (SELECT uuid FROM engagements WHERE id = NEW.engagement_id), 'kind', NEW.kind, 'direction', NEW.direction, 'occurred_on', NEW.occurred_on, 'summary', NEW.summary, 'mp_name', NEW.mp_name, 'created_at', NEW.created_at)
    WHERE NOT EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'interactions');
END;

CREATE TRIGGER sync_capture_interactions_update AFTER UPDATE ON interactions
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'interactions', field, value FROM (
        SELECT 'engagement' AS field, json_quote((SELECT uuid FROM engagements WHERE id = NEW.engagement_id)) AS value WHERE OLD.engagement_id IS NOT NEW.engagement_id
        UNION ALL SELECT 'kind', json_quote(NEW.kind) WHERE OLD.kind IS NOT NEW.kind
        UNION ALL SELECT 'direction', json_quote(NEW.direction) WHERE OLD.direction IS NOT NEW.direction
        UNION ALL SELECT 'occurred_on', json_quote(NEW.occurred_on) WHERE OLD.occurred_on IS NOT NEW.occurred_on
        UNION ALL SELECT 'summary', json_quote(NEW.summary) WHERE OLD.summary IS NOT NEW.summary
        UNION ALL SELECT 'mp_name', json_quote(NEW.mp_name) WHERE OLD.mp_name IS NOT NEW.mp_name
        UNION ALL SELECT 'created_at', json_quote(NEW.created_at) WHERE OLD.created_at IS NOT NEW.created_at);
END;

CREATE TRIGGER sync_capture_interactions_delete AFTER DELETE ON interactions
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value) VALUES (OLD.uuid, 'interactions', '_deleted', '1');
END;

CREATE TRIGGER sync_capture_proposals_insert AFTER INSERT ON proposals
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'proposals', field, value FROM (
        SELECT '_deleted' AS field, '0' AS value
        UNION ALL SELECT 'engagement', json_quote((SELECT uuid FROM engagements WHERE id = NEW.engagement_id))
        UNION ALL SELECT 'title', json_quote(NEW.title)
        UNION ALL SELECT 'kind', json_quote(NEW.kind)
        UNION ALL SELECT 'place', json_quote(NEW.place)
        UNION ALL SELECT 'starts_at', json_quote(NEW.starts_at)
        UNION ALL SELECT 'ends_at', json_quote(NEW.ends_at)
        UNION ALL SELECT 'attendees', json_quote(NEW.attendees)
        UNION ALL SELECT 'status', json_quote(NEW.status)
        UNION ALL SELECT 'press', json_quote(NEW.press)
        UNION ALL SELECT 'press_draft_shared_on', json_quote(NEW.press_draft_shared_on)
        UNION ALL SELECT 'press_quote_requested_on', json_quote(NEW.press_quote_requested_on)
        UNION ALL SELECT 'press_quote_received_on', json_quote(NEW.press_quote_received_on)
        UNION ALL SELECT 'press_published_on', json_quote(NEW.press_published_on)
        UNION ALL SELECT 'ics_uid', json_quote(NEW.ics_uid)
        UNION ALL SELECT 'created_at', json_quote(NEW.created_at)
        UNION ALL SELECT 'updated_at', json_quote(NEW.updated_at)
        UNION ALL SELECT 'all_day', json_quote(NEW.all_day)
        UNION ALL SELECT 'fold', json_quote(NEW.fold)
        UNION ALL SELECT 'sequence', json_quote(NEW.sequence))
    WHERE EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'proposals');
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'proposals', '*', json_object('engagement', (SELECT uuid FROM engagements WHERE id = NEW.engagement_id), 'title', NEW.title, 'kind', NEW.kind, 'place', NEW.place, 'starts_at', NEW.starts_at, 'ends_at', NEW.ends_at, 'attendees', NEW.attendees, 'status', NEW.status, 'press', NEW.press, 'press_draft_shared_on', NEW.press_draft_shared_on, 'press_quote_requested_on', NEW.press_quote_requested_on, 'press_quote_received_on', NEW.press_quote_received_on, 'press_published_on', NEW.press_published_on, 'ics_uid', NEW.ics_uid, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'all_day', NEW.all_day, 'fold', NEW.fold, 'sequence', NEW.sequence)
    WHERE NOT EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'proposals');
END;

CREATE TRIGGER sync_capture_proposals_update AFTER UPDATE ON proposals
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'proposals', field, value FROM (
        SELECT 'engagement' AS field, json_quote((SELECT uuid FROM engagements WHERE id = NEW.engagement_id)) AS value WHERE OLD.engagement_id IS NOT NEW.engagement_id
        UNION ALL SELECT 'title', json_quote(NEW.title) WHERE OLD.title IS NOT NEW.title
        UNION ALL SELECT 'kind', json_quote(NEW.kind) WHERE OLD.kind IS NOT NEW.kind
        UNION ALL SELECT 'place', json_quote(NEW.place) WHERE OLD.place IS NOT NEW.place
        UNION ALL SELECT 'starts_at', json_quote(NEW.starts_at) WHERE OLD.starts_at IS NOT NEW.starts_at
        UNION ALL SELECT 'ends_at', json_quote(NEW.ends_at) WHERE OLD.ends_at IS NOT NEW.ends_at
        UNION ALL SELECT 'attendees', json_quote(NEW.attendees) WHERE OLD.attendees IS NOT NEW.attendees
        UNION ALL SELECT 'status', json_quote(NEW.status) WHERE OLD.status IS NOT NEW.status
        UNION ALL SELECT 'press', json_quote(NEW.press) WHERE OLD.press IS NOT NEW.press
        UNION ALL SELECT 'press_draft_shared_on', json_quote(NEW.press_draft_shared_on) WHERE OLD.press_draft_shared_on IS NOT NEW.press_draft_shared_on
        UNION ALL SELECT 'press_quote_requested_on', json_quote(NEW.press_quote_requested_on) WHERE OLD.press_quote_requested_on IS NOT NEW.press_quote_requested_on
        UNION ALL SELECT 'press_quote_received_on', json_quote(NEW.press_quote_received_on) WHERE OLD.press_quote_received_on IS NOT NEW.press_quote_received_on
        UNION ALL SELECT 'press_published_on', json_quote(NEW.press_published_on) WHERE OLD.press_published_on IS NOT NEW.press_published_on
        UNION ALL SELECT 'ics_uid', json_quote(NEW.ics_uid) WHERE OLD.ics_uid IS NOT NEW.ics_uid
        UNION ALL SELECT 'created_at', json_quote(NEW.created_at) WHERE OLD.created_at IS NOT NEW.created_at
        UNION ALL SELECT 'updated_at', json_quote(NEW.updated_at) WHERE OLD.updated_at IS NOT NEW.updated_at
        UNION ALL SELECT 'all_day', json_quote(NEW.all_day) WHERE OLD.all_day IS NOT NEW.all_day
        UNION ALL SELECT 'fold', json_quote(NEW.fold) WHERE OLD.fold IS NOT NEW.fold
        UNION ALL SELECT 'sequence', json_quote(NEW.sequence) WHERE OLD.sequence IS NOT NEW.sequence);
END;

CREATE TRIGGER sync_capture_proposals_delete AFTER DELETE ON proposals
WHEN (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value) VALUES (OLD.uuid, 'proposals', '_deleted', '1');
END;

CREATE TRIGGER sync_capture_sitting_days_insert AFTER INSERT ON sitting_days
WHEN (NEW.source IN ('user', 'import')) AND (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'sitting_days', field, value FROM (
        SELECT '_deleted' AS field, '0' AS value
        UNION ALL SELECT 'day', json_quote(NEW.day)
        UNION ALL SELECT 'source', json_quote(NEW.source)
        UNION ALL SELECT 'status', json_quote(NEW.status)
        UNION ALL SELECT 'note', json_quote(NEW.note)
        UNION ALL SELECT 'created_at', json_quote(NEW.created_at))
    WHERE EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'sitting_days');
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'sitting_days', '*', json_object('day', NEW.day, 'source', NEW.source, 'status', NEW.status, 'note', NEW.note, 'created_at', NEW.created_at)
    WHERE NOT EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'sitting_days');
END;

CREATE TRIGGER sync_capture_sitting_days_update AFTER UPDATE ON sitting_days
WHEN (NEW.source IN ('user', 'import')) AND (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'sitting_days', field, value FROM (
        SELECT 'day' AS field, json_quote(NEW.day) AS value WHERE OLD.day IS NOT NEW.day
        UNION ALL SELECT 'source', json_quote(NEW.source) WHERE OLD.source IS NOT NEW.source
        UNION ALL SELECT 'status', json_quote(NEW.status) WHERE OLD.status IS NOT NEW.status
        UNION ALL SELECT 'note', json_quote(NEW.note) WHERE OLD.note IS NOT NEW.note
        UNION ALL SELECT 'created_at', json_quote(NEW.created_at) WHERE OLD.created_at IS NOT NEW.created_at);
END;

CREATE TRIGGER sync_capture_sitting_days_delete AFTER DELETE ON sitting_days
WHEN (OLD.source IN ('user', 'import')) AND (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value) VALUES (OLD.uuid, 'sitting_days', '_deleted', '1');
END;

CREATE TRIGGER sync_capture_recesses_insert AFTER INSERT ON recesses
WHEN (NEW.source IN ('user', 'import')) AND (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'recesses', field, value FROM (
        SELECT '_deleted' AS field, '0' AS value
        UNION ALL SELECT 'name', json_quote(NEW.name)
        UNION ALL SELECT 'first_day', json_quote(NEW.first_day)
        UNION ALL SELECT 'last_day', json_quote(NEW.last_day)
        UNION ALL SELECT 'source', json_quote(NEW.source)
        UNION ALL SELECT 'created_at', json_quote(NEW.created_at))
    WHERE EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'recesses');
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'recesses', '*', json_object('name', NEW.name, 'first_day', NEW.first_day, 'last_day', NEW.last_day, 'source', NEW.source, 'created_at', NEW.created_at)
    WHERE NOT EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'recesses');
END;

CREATE TRIGGER sync_capture_recesses_update AFTER UPDATE ON recesses
WHEN (NEW.source IN ('user', 'import')) AND (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'recesses', field, value FROM (
        SELECT 'name' AS field, json_quote(NEW.name) AS value WHERE OLD.name IS NOT NEW.name
        UNION ALL SELECT 'first_day', json_quote(NEW.first_day) WHERE OLD.first_day IS NOT NEW.first_day
        UNION ALL SELECT 'last_day', json_quote(NEW.last_day) WHERE OLD.last_day IS NOT NEW.last_day
        UNION ALL SELECT 'source', json_quote(NEW.source) WHERE OLD.source IS NOT NEW.source
        UNION ALL SELECT 'created_at', json_quote(NEW.created_at) WHERE OLD.created_at IS NOT NEW.created_at);
END;

CREATE TRIGGER sync_capture_recesses_delete AFTER DELETE ON recesses
WHEN (OLD.source IN ('user', 'import')) AND (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value) VALUES (OLD.uuid, 'recesses', '_deleted', '1');
END;

CREATE TRIGGER sync_capture_dissolutions_insert AFTER INSERT ON dissolutions
WHEN (NEW.source IN ('user', 'import')) AND (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'dissolutions', field, value FROM (
        SELECT '_deleted' AS field, '0' AS value
        UNION ALL SELECT 'first_day', json_quote(NEW.first_day)
        UNION ALL SELECT 'last_day', json_quote(NEW.last_day)
        UNION ALL SELECT 'note', json_quote(NEW.note)
        UNION ALL SELECT 'source', json_quote(NEW.source)
        UNION ALL SELECT 'created_at', json_quote(NEW.created_at))
    WHERE EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'dissolutions');
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'dissolutions', '*', json_object('first_day', NEW.first_day, 'last_day', NEW.last_day, 'note', NEW.note, 'source', NEW.source, 'created_at', NEW.created_at)
    WHERE NOT EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.uuid AND tbl = 'dissolutions');
END;

CREATE TRIGGER sync_capture_dissolutions_update AFTER UPDATE ON dissolutions
WHEN (NEW.source IN ('user', 'import')) AND (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.uuid, 'dissolutions', field, value FROM (
        SELECT 'first_day' AS field, json_quote(NEW.first_day) AS value WHERE OLD.first_day IS NOT NEW.first_day
        UNION ALL SELECT 'last_day', json_quote(NEW.last_day) WHERE OLD.last_day IS NOT NEW.last_day
        UNION ALL SELECT 'note', json_quote(NEW.note) WHERE OLD.note IS NOT NEW.note
        UNION ALL SELECT 'source', json_quote(NEW.source) WHERE OLD.source IS NOT NEW.source
        UNION ALL SELECT 'created_at', json_quote(NEW.created_at) WHERE OLD.created_at IS NOT NEW.created_at);
END;

CREATE TRIGGER sync_capture_dissolutions_delete AFTER DELETE ON dissolutions
WHEN (OLD.source IN ('user', 'import')) AND (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value) VALUES (OLD.uuid, 'dissolutions', '_deleted', '1');
END;

CREATE TRIGGER sync_capture_settings_insert AFTER INSERT ON settings
WHEN (NEW.key NOT LIKE 'ui.%') AND (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.key, 'settings', field, value FROM (
        SELECT '_deleted' AS field, '0' AS value
        UNION ALL SELECT 'key', json_quote(NEW.key)
        UNION ALL SELECT 'value', json_quote(NEW.value)
        UNION ALL SELECT 'updated_at', json_quote(NEW.updated_at))
    WHERE EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.key AND tbl = 'settings');
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.key, 'settings', '*', json_object('key', NEW.key, 'value', NEW.value, 'updated_at', NEW.updated_at)
    WHERE NOT EXISTS (SELECT 1 FROM sync_ops WHERE row_id = NEW.key AND tbl = 'settings');
END;

CREATE TRIGGER sync_capture_settings_update AFTER UPDATE ON settings
WHEN (NEW.key NOT LIKE 'ui.%') AND (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value)
    SELECT NEW.key, 'settings', field, value FROM (
        SELECT 'key' AS field, json_quote(NEW.key) AS value WHERE OLD.key IS NOT NEW.key
        UNION ALL SELECT 'value', json_quote(NEW.value) WHERE OLD.value IS NOT NEW.value
        UNION ALL SELECT 'updated_at', json_quote(NEW.updated_at) WHERE OLD.updated_at IS NOT NEW.updated_at);
END;

CREATE TRIGGER sync_capture_settings_delete AFTER DELETE ON settings
WHEN (OLD.key NOT LIKE 'ui.%') AND (SELECT capturing FROM sync_state)
BEGIN
    INSERT INTO sync_ops (row_id, tbl, field, value) VALUES (OLD.key, 'settings', '_deleted', '1');
END;
