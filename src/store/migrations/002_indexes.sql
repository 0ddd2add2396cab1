-- mpplan schema, version 2: indexes for what the agenda's follow-up rules look up per engagement
-- (the latest letter to the MP, the latest proposal held), so that ten years of history is not
-- scanned to find them.

CREATE INDEX interactions_by_engagement_kind ON interactions(engagement_id, kind, direction, occurred_on);
CREATE INDEX proposals_by_engagement_status ON proposals(engagement_id, status, starts_at);

-- The times already taken (start, end, status), read for the free-slot finder without visiting the
-- table.
CREATE INDEX proposals_by_start_end ON proposals(starts_at, ends_at, status);
