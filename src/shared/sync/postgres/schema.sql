-- mpplan's shared log: every member's copy of the plan appends the changes it makes here and
-- reads the others' from here. Running this script again changes nothing. It needs a user who may
-- create tables and roles (CREATEROLE); the tables belong to whoever runs it.
BEGIN;

-- The log: one row per operation (a change to one field of one row of the plan), never changed
-- or removed once written. `seq` numbers the rows in the order they were committed (clients take
-- a lock while inserting, see mpplan_lock_ops below), so a client that has read up to number N
-- only needs the rows after N. `op_id` is the operation's own id: a client that pushes the same
-- operation twice (after a lost reply, say) adds it once. `value` is the new value as JSON (JSON
-- null is allowed). `stamp` orders the operations of one row by when they were made, as
-- fixed-width text that sorts in that order. `replaces` is the operation whose value the author
-- saw when making the change. `pushed_by` and `pushed_at` record the database user and the time
-- of the push, for an audit.
CREATE TABLE IF NOT EXISTS mpplan_ops (
    seq       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    op_id     uuid NOT NULL UNIQUE,
    row_id    text NOT NULL,
    tbl       text NOT NULL,
    field     text NOT NULL,
    value     jsonb NOT NULL,
    stamp     text NOT NULL,
    author    text NOT NULL,
    replaces  uuid NULL,
    pushed_by name NOT NULL DEFAULT current_user,
    pushed_at timestamptz NOT NULL DEFAULT now()
);

-- Marks the database as holding mpplan's shared log, and which version of this schema, so that
-- a client can tell it is talking to the right database.
CREATE TABLE IF NOT EXISTS mpplan_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO mpplan_meta (key, value) VALUES ('schema_version', '1') ON CONFLICT (key) DO NOTHING;

-- Append-only: UPDATE, DELETE and TRUNCATE of the log are refused, even for its owner. (Members
-- are not granted them either; this guards against mistakes by those who could.) To really
-- remove the log, drop the table.
CREATE OR REPLACE FUNCTION mpplan_ops_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'mpplan_ops is append-only: % is not allowed', TG_OP
        USING HINT = 'Operations are never changed or removed; a change is undone by a later operation.';
END
$$;
DROP TRIGGER IF EXISTS mpplan_ops_append_only ON mpplan_ops;
CREATE TRIGGER mpplan_ops_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON mpplan_ops
    FOR EACH STATEMENT EXECUTE FUNCTION mpplan_ops_append_only();

-- While a client inserts, it holds the table in EXCLUSIVE mode (readers are not blocked), so
-- that rows become visible in the order of their numbers: without it a reader could see row 11
-- committed before row 10, skip past 10 and never read it. Taking that lock needs more than
-- INSERT, so members take it through this function, which runs as the table's owner and does
-- nothing else.
CREATE OR REPLACE FUNCTION mpplan_lock_ops() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    LOCK TABLE mpplan_ops IN EXCLUSIVE MODE;
END
$$;

-- The role members use: reading and appending to the log, reading the marker, taking the lock.
-- Grant it to each person's login: GRANT mpplan_member TO alice;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'mpplan_member') THEN
        CREATE ROLE mpplan_member NOLOGIN;
    END IF;
END
$$;
REVOKE ALL ON mpplan_ops, mpplan_meta FROM PUBLIC;
GRANT SELECT, INSERT ON mpplan_ops TO mpplan_member;
GRANT SELECT ON mpplan_meta TO mpplan_member;
REVOKE ALL ON FUNCTION mpplan_lock_ops() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION mpplan_lock_ops() TO mpplan_member;

COMMIT;
