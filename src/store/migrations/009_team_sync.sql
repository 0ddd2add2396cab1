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

-- The statements below carry no comments inside them: SQLite keeps each statement's text and
-- reads it again whenever the database is opened.

-- sync_state: this copy's part in the shared plan, one row. capturing is 1 once joined (and
-- stays 1 after leaving, so that joining the same plan again sends what was done meanwhile);
-- applying is 1 while others' changes are written; server is the connection string, never with a
-- password, and NULL after leaving; joined_to is the server last joined, kept after leaving;
-- author is the name this copy's changes carry; clock_millis and clock_counter are the hybrid
-- logical clock (the last stamp given or seen); last_seq is the server's number of the last
-- operation pulled; last_synced is when a sync last reached the server (UTC), and last_error why
-- the last try did not, until one does.
CREATE TABLE sync_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    capturing INTEGER NOT NULL DEFAULT 0 CHECK (capturing IN (0, 1)),
    applying INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),
    server TEXT,
    joined_to TEXT,
    author TEXT NOT NULL DEFAULT '',
    clock_millis INTEGER NOT NULL DEFAULT 0,
    clock_counter INTEGER NOT NULL DEFAULT 0,
    last_seq INTEGER NOT NULL DEFAULT 0,
    last_synced TEXT,
    last_error TEXT
);
INSERT INTO sync_state (id) VALUES (1);

-- sync_ops: every operation this copy made or pulled. field is a column, '*' for a new row whole,
-- or '_deleted'; value is JSON; replaces is the operation whose value the author saw there; an
-- operation made here has pushed = 0 until the server has it. Its id, stamp, author and what it
-- replaces are filled in by the trigger sync_op_stamped (one of the TEMP triggers).
CREATE TABLE sync_ops (
    op_id TEXT PRIMARY KEY NOT NULL DEFAULT (lower(hex(randomblob(16)))),
    row_id TEXT NOT NULL,
    tbl TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    stamp TEXT,
    author TEXT NOT NULL DEFAULT '',
    replaces TEXT,
    pushed INTEGER NOT NULL DEFAULT 0 CHECK (pushed IN (0, 1))
);
CREATE INDEX sync_ops_by_field ON sync_ops(row_id, field, stamp);
CREATE INDEX sync_ops_waiting ON sync_ops(pushed) WHERE pushed = 0;

-- sync_conflicts: changes that lost to a later one whose author had not seen them, kept so that
-- nothing is lost unseen (`mpplan sync conflicts`, the MP's screen). value and winner_value are
-- JSON; seat is the seat of the engagement the row belongs to; what is the row as people know it
-- ("Visit, 2026-12-01 10:00").
CREATE TABLE sync_conflicts (
    op_id TEXT NOT NULL,
    row_id TEXT NOT NULL,
    tbl TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    author TEXT NOT NULL,
    stamp TEXT NOT NULL,
    winner_value TEXT NOT NULL,
    winner_author TEXT NOT NULL,
    winner_stamp TEXT NOT NULL,
    seat TEXT,
    what TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (op_id, field)
) WITHOUT ROWID;
CREATE INDEX sync_conflicts_by_seat ON sync_conflicts(seat, stamp);

-- sync_unplaced: rows pulled that cannot be written yet (their engagement is not here), tried
-- again at each sync.
CREATE TABLE sync_unplaced (
    tbl TEXT NOT NULL,
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

-- A proposal's revision number travels with it, so it is not raised again while others' changes
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
