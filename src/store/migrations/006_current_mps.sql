-- mpplan schema, version 6: every seat with the MP holding it now, spelled out once.
--
-- One row per constituency, with its own columns under their names, and the current holder's: the
-- tenure's start (held_from) and the member's columns (the member's name as mp_name, its search key
-- as mp_search_key), all NULL while the seat is vacant. Queries use it in place of `constituencies`:
-- as the first table, or joined with an inner JOIN. SQLite then reads it as if the joins were
-- written out in the query (it flattens the view); as the right side of a LEFT JOIN it could not,
-- and would read every seat to build it first. Flattening costs a little each time a statement is
-- prepared, so the queries of it that the UI runs again and again are kept prepared.

CREATE VIEW current_mps AS
SELECT c.code, c.name, c.search_key, c.country, c.region, c.local_authorities, c.ge2024_result,
    h.held_from,
    m.id AS member_id, m.parliament_id, m.name AS mp_name, m.search_key AS mp_search_key, m.full_title,
    m.party, m.twfy_id, m.email, m.website, m.twitter, m.bluesky, m.facebook, m.profile_url, m.address_as,
    m.derived_address_as
FROM constituencies c
LEFT JOIN seat_holders h ON h.constituency_code = c.code AND h.held_until IS NULL
LEFT JOIN members m ON m.id = h.member_id;
