-- mpplan schema, version 9: a plan shared by a team (DESIGN.md §9).
--
-- Once this copy joins a shared plan (`mpplan sync join`), every change to the user's rows is
-- recorded in the same transaction as the change itself: as operations in `sync_ops`, each
-- setting one field of one row (or a new row whole), named by the row's UUID, stamped by a hybrid
-- logical clock and its author. Syncing pushes the operations not yet pushed and pulls everyone
-- else's into the same table; each field then holds the value of its latest operation. Nothing is
-- recorded until the copy joins.
--
-- The triggers that record the changes are not kept here: they are TEMP triggers, written out by
-- src/store/sync/capture.rs from the list of shared tables in src/store/sync/tables.rs, that each
-- connection creates before its first write to a shared plan. A plan that is not shared (and any
-- connection that only reads) never has them to parse.

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
