-- mpplan schema, version 5: data brought in by `mpplan update` from Parliament's and GOV.UK's feeds.
--
-- Calendar rows fetched by an update carry source = 'update'. They are replaced wholesale by the
-- next update, never touched by a newer shipped dataset, and never win over the user's own rows
-- ('user', 'import'). The calendar tables are rebuilt to allow the new source; nothing refers to
-- them, so their rows are copied across unchanged.

CREATE TABLE sitting_days_new (
    day        TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('shipped', 'import', 'user', 'update')),
    status     TEXT NOT NULL CHECK (status IN ('confirmed', 'scheduled')),
    note       TEXT NOT NULL DEFAULT '',
    uuid       TEXT UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (day, source)
) WITHOUT ROWID;
INSERT INTO sitting_days_new (day, source, status, note, uuid, created_at)
    SELECT day, source, status, note, uuid, created_at FROM sitting_days;
DROP TABLE sitting_days;
ALTER TABLE sitting_days_new RENAME TO sitting_days;

CREATE TABLE recesses_new (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT UNIQUE,
    name       TEXT NOT NULL,
    first_day  TEXT NOT NULL,
    last_day   TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('shipped', 'import', 'user', 'update')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (first_day <= last_day)
);
INSERT INTO recesses_new (id, uuid, name, first_day, last_day, source, created_at)
    SELECT id, uuid, name, first_day, last_day, source, created_at FROM recesses;
DROP TABLE recesses;
ALTER TABLE recesses_new RENAME TO recesses;
CREATE INDEX recesses_by_day ON recesses(first_day, last_day);

CREATE TABLE sessions_new (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    closed_on TEXT,
    source    TEXT NOT NULL CHECK (source IN ('shipped', 'import', 'user', 'update')),
    CHECK (closed_on IS NULL OR opened_on <= closed_on)
);
INSERT INTO sessions_new (id, name, opened_on, closed_on, source)
    SELECT id, name, opened_on, closed_on, source FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_by_day ON sessions(opened_on);

CREATE TABLE dissolutions_new (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT UNIQUE,
    first_day  TEXT NOT NULL,
    last_day   TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL CHECK (source IN ('shipped', 'import', 'user', 'update')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (first_day <= last_day)
);
INSERT INTO dissolutions_new (id, uuid, first_day, last_day, note, source, created_at)
    SELECT id, uuid, first_day, last_day, note, source, created_at FROM dissolutions;
DROP TABLE dissolutions;
ALTER TABLE dissolutions_new RENAME TO dissolutions;

CREATE TABLE bank_holidays_new (
    division TEXT NOT NULL CHECK (division IN ('england-and-wales', 'scotland', 'northern-ireland')),
    day      TEXT NOT NULL,
    title    TEXT NOT NULL,
    source   TEXT NOT NULL CHECK (source IN ('shipped', 'import', 'user', 'update')),
    PRIMARY KEY (division, day)
) WITHOUT ROWID;
INSERT INTO bank_holidays_new (division, day, title, source)
    SELECT division, day, title, source FROM bank_holidays;
DROP TABLE bank_holidays;
ALTER TABLE bank_holidays_new RENAME TO bank_holidays;

-- Prorogations announced as such (What's On's non-sitting periods of category POR). Others are
-- still found between sessions.
CREATE TABLE prorogations (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    first_day TEXT NOT NULL,
    last_day  TEXT NOT NULL,
    source    TEXT NOT NULL CHECK (source IN ('import', 'user', 'update')),
    CHECK (first_day <= last_day)
);

-- What the Members API says of a member, for the brief (step 4.1): keyed by the Members API id so
-- that it survives a reload of the shipped MPs. Fetched for the MPs of tracked seats.
CREATE TABLE member_contacts (
    parliament_id INTEGER NOT NULL,
    position      INTEGER NOT NULL,              -- the order the feed gave
    office        TEXT NOT NULL CHECK (office IN ('westminster', 'constituency', 'other')),
    label         TEXT NOT NULL DEFAULT '',      -- the feed's own name for it
    address       TEXT NOT NULL DEFAULT '',      -- lines joined with newlines
    postcode      TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    website       TEXT NOT NULL DEFAULT '',
    preferred     INTEGER NOT NULL DEFAULT 0 CHECK (preferred IN (0, 1)),
    PRIMARY KEY (parliament_id, position)
) WITHOUT ROWID;

CREATE TABLE member_roles (
    parliament_id INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('government', 'opposition', 'committee', 'other')),
    name          TEXT NOT NULL,
    started_on    TEXT,
    ended_on      TEXT,
    PRIMARY KEY (parliament_id, position)
) WITHOUT ROWID;

CREATE TABLE member_interests (
    parliament_id INTEGER NOT NULL,
    position      INTEGER NOT NULL,
    category      TEXT NOT NULL,
    focus         TEXT NOT NULL,                 -- the interests of the category, '; ' between them
    PRIMARY KEY (parliament_id, position)
) WITHOUT ROWID;

-- One row per update applied: where the data came from, when, and what it changed.
CREATE TABLE data_updates (
    id            INTEGER PRIMARY KEY,
    applied_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    origin        TEXT NOT NULL,                 -- 'network' or the folder the files came from
    sources       TEXT NOT NULL,                 -- JSON array of the addresses read
    counts        TEXT NOT NULL,                 -- JSON object: what was read and changed
    members       INTEGER NOT NULL DEFAULT 0,    -- 1 when the MPs were brought up to date
    calendar_from TEXT,                          -- the range of the calendar fetched
    calendar_to   TEXT
);
