-- mpplan schema, version 1. Migrations are append-only: never edit this file once released; add a
-- new one instead.
--
-- Reference data shipped with the program carries source = 'shipped' and is replaced when a newer
-- dataset ships. Rows the user creates carry a UUID (for export, import and a later sync) and are
-- never touched by a dataset update.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) WITHOUT ROWID;

-- Seats and their MPs -------------------------------------------------------------------------

CREATE TABLE constituencies (
    code              TEXT PRIMARY KEY,           -- ONS code, E14001063
    name              TEXT NOT NULL UNIQUE,
    search_key        TEXT NOT NULL,              -- folded name: lower case, no accents
    country           TEXT NOT NULL,
    region            TEXT NOT NULL,
    local_authorities TEXT NOT NULL DEFAULT '',
    ge2024_result     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX constituencies_by_country ON constituencies(country);

CREATE TABLE members (
    id            INTEGER PRIMARY KEY,
    parliament_id INTEGER UNIQUE,                 -- Members API id; unknown for some past holders
    name          TEXT NOT NULL,
    search_key    TEXT NOT NULL,
    full_title    TEXT NOT NULL DEFAULT '',
    party         TEXT NOT NULL DEFAULT '',
    twfy_id       INTEGER,
    email         TEXT NOT NULL DEFAULT '',
    website       TEXT NOT NULL DEFAULT '',
    twitter       TEXT NOT NULL DEFAULT '',
    bluesky       TEXT NOT NULL DEFAULT '',
    facebook      TEXT NOT NULL DEFAULT '',
    profile_url   TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT 'shipped' CHECK (source IN ('shipped', 'import', 'user'))
);
CREATE INDEX members_by_party ON members(party);

-- Who held which seat when. The current holder has held_until NULL.
CREATE TABLE seat_holders (
    id                INTEGER PRIMARY KEY,
    constituency_code TEXT NOT NULL REFERENCES constituencies(code),
    member_id         INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    party             TEXT NOT NULL DEFAULT '',
    held_from         TEXT,
    held_until        TEXT,
    source            TEXT NOT NULL DEFAULT 'shipped' CHECK (source IN ('shipped', 'import', 'user'))
);
CREATE UNIQUE INDEX seat_holders_current ON seat_holders(constituency_code) WHERE held_until IS NULL;
CREATE INDEX seat_holders_by_member ON seat_holders(member_id);
CREATE INDEX seat_holders_by_seat ON seat_holders(constituency_code, held_from);

-- Changes seen in the data: vacancies, by-election results, changes of party.
CREATE TABLE seat_events (
    id                INTEGER PRIMARY KEY,
    constituency_code TEXT NOT NULL REFERENCES constituencies(code),
    observed_on       TEXT NOT NULL,
    change            TEXT NOT NULL,
    before_mp         TEXT NOT NULL DEFAULT '',
    before_party      TEXT NOT NULL DEFAULT '',
    after_mp          TEXT NOT NULL DEFAULT '',
    after_party       TEXT NOT NULL DEFAULT '',
    source            TEXT NOT NULL DEFAULT 'shipped' CHECK (source IN ('shipped', 'import', 'user'))
);
CREATE INDEX seat_events_by_seat ON seat_events(constituency_code, observed_on);

-- Postcode sector ('LS1 4') or district ('LS1') -> the constituencies its postcodes fall in.
CREATE TABLE postcode_areas (
    area              TEXT NOT NULL,
    rank              INTEGER NOT NULL,
    constituency_code TEXT NOT NULL REFERENCES constituencies(code),
    postcode_count    INTEGER NOT NULL,
    share             REAL NOT NULL CHECK (share >= 0 AND share <= 1),
    PRIMARY KEY (area, rank)
) WITHOUT ROWID;

-- The parliamentary calendar ------------------------------------------------------------------

CREATE TABLE sitting_days (
    day        TEXT NOT NULL,                     -- YYYY-MM-DD
    source     TEXT NOT NULL CHECK (source IN ('shipped', 'import', 'user')),
    status     TEXT NOT NULL CHECK (status IN ('confirmed', 'scheduled')),
    note       TEXT NOT NULL DEFAULT '',
    uuid       TEXT UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (day, source)
) WITHOUT ROWID;

CREATE TABLE recesses (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT UNIQUE,
    name       TEXT NOT NULL,
    first_day  TEXT NOT NULL,
    last_day   TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('shipped', 'import', 'user')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (first_day <= last_day)
);
CREATE INDEX recesses_by_day ON recesses(first_day, last_day);

CREATE TABLE sessions (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    closed_on TEXT,                               -- NULL: still open
    source    TEXT NOT NULL CHECK (source IN ('shipped', 'import', 'user')),
    CHECK (closed_on IS NULL OR opened_on <= closed_on)
);
CREATE INDEX sessions_by_day ON sessions(opened_on);

CREATE TABLE dissolutions (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT UNIQUE,
    first_day  TEXT NOT NULL,
    last_day   TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL CHECK (source IN ('shipped', 'import', 'user')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (first_day <= last_day)
);

CREATE TABLE bank_holidays (
    division TEXT NOT NULL CHECK (division IN ('england-and-wales', 'scotland', 'northern-ireland')),
    day      TEXT NOT NULL,
    title    TEXT NOT NULL,
    source   TEXT NOT NULL CHECK (source IN ('shipped', 'import', 'user')),
    PRIMARY KEY (division, day)
) WITHOUT ROWID;

-- The organisation and its relationships ------------------------------------------------------

CREATE TABLE organisation (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    uuid            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    chief_executive TEXT NOT NULL DEFAULT '',
    chair           TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE sites (
    id                INTEGER PRIMARY KEY,
    uuid              TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    postcode          TEXT NOT NULL,
    constituency_code TEXT REFERENCES constituencies(code),
    created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE UNIQUE INDEX sites_by_name ON sites(name COLLATE NOCASE);

-- The relationship with one seat; it outlives a change of MP.
CREATE TABLE engagements (
    id                INTEGER PRIMARY KEY,
    uuid              TEXT NOT NULL UNIQUE,
    constituency_code TEXT NOT NULL UNIQUE REFERENCES constituencies(code),
    tracked           INTEGER NOT NULL DEFAULT 1 CHECK (tracked IN (0, 1)),
    topics            TEXT NOT NULL DEFAULT '',
    cadence_days      INTEGER NOT NULL DEFAULT 90 CHECK (cadence_days > 0),
    notes             TEXT NOT NULL DEFAULT '',
    background        TEXT NOT NULL DEFAULT '',
    office_address    TEXT NOT NULL DEFAULT '',
    started_on        TEXT NOT NULL,
    mp_at_start       TEXT NOT NULL DEFAULT '',   -- the MP's name when the engagement began
    mp_id_at_start    INTEGER,                    -- and their Parliament member id
    created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX engagements_by_tracked ON engagements(tracked, constituency_code);

CREATE TABLE checklist_items (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
    item_key      TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'todo' CHECK (state IN ('todo', 'done', 'skipped')),
    done_on       TEXT,
    note          TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (engagement_id, item_key)
);

CREATE TABLE interactions (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT NOT NULL UNIQUE,
    engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('letter', 'email', 'call', 'meeting', 'visit', 'event', 'surgery', 'press', 'other')),
    direction     TEXT NOT NULL CHECK (direction IN ('to_mp', 'from_mp')),
    occurred_on   TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    mp_name       TEXT NOT NULL DEFAULT '',       -- who held the seat at the time
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX interactions_by_engagement ON interactions(engagement_id, occurred_on);
CREATE INDEX interactions_by_day ON interactions(occurred_on);

-- Start and end are Europe/London wall-clock times, 'YYYY-MM-DD HH:MM', so they sort and group by day.
CREATE TABLE proposals (
    id                       INTEGER PRIMARY KEY,
    uuid                     TEXT NOT NULL UNIQUE,
    engagement_id            INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
    title                    TEXT NOT NULL DEFAULT '',
    kind                     TEXT NOT NULL CHECK (kind IN ('meeting', 'visit', 'surgery', 'event', 'westminster')),
    place                    TEXT NOT NULL DEFAULT '',
    starts_at                TEXT NOT NULL,
    ends_at                  TEXT NOT NULL,
    attendees                INTEGER CHECK (attendees IS NULL OR attendees >= 0),
    status                   TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'held', 'cancelled')),
    press                    TEXT NOT NULL DEFAULT 'none' CHECK (press IN ('none', 'ask', 'agreed', 'declined', 'mp_handles')),
    press_draft_shared_on    TEXT,
    press_quote_requested_on TEXT,
    press_quote_received_on  TEXT,
    press_published_on       TEXT,
    ics_uid                  TEXT,                -- set when imported from a calendar file
    created_at               TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at               TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (starts_at < ends_at)
);
CREATE INDEX proposals_by_start ON proposals(starts_at);
CREATE INDEX proposals_by_engagement ON proposals(engagement_id, starts_at);
CREATE UNIQUE INDEX proposals_by_ics_uid ON proposals(ics_uid) WHERE ics_uid IS NOT NULL;
