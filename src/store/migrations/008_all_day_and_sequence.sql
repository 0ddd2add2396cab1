-- mpplan schema, version 8: all-day proposals, the hour the clocks repeat, and a revision number
-- for calendars.
--
-- An all-day proposal keeps its days in starts_at and ends_at as midnight to midnight (the first
-- day at 00:00 to the day after the last at 00:00), so that it sorts, overlaps and is found by day
-- like any other; all_day says that its hours mean nothing.
--
-- fold says which reading of a wall-clock time in the hour that happens twice when the clocks go
-- back is meant: bit 1 for the start, bit 2 for the end, set when it is the second (GMT) one. A
-- time from a calendar file given in UTC (01:30Z on the last Sunday of October is 01:30 GMT, the
-- second 01:30) is kept exactly so, and exported in UTC again.
--
-- sequence counts the revisions of what a calendar shows of a proposal (its time, title, kind,
-- place, status, seat and whether it is all day). Exported as the event's SEQUENCE, it lets
-- Outlook and Google apply a change instead of ignoring it as old news.

ALTER TABLE proposals ADD COLUMN all_day INTEGER NOT NULL DEFAULT 0 CHECK (all_day IN (0, 1));
ALTER TABLE proposals ADD COLUMN fold INTEGER NOT NULL DEFAULT 0 CHECK (fold BETWEEN 0 AND 3);
ALTER TABLE proposals ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0);

CREATE TRIGGER proposal_revised
AFTER UPDATE OF starts_at, ends_at, fold, title, kind, place, status, all_day, engagement_id ON proposals
WHEN OLD.starts_at IS NOT NEW.starts_at OR OLD.ends_at IS NOT NEW.ends_at OR OLD.fold IS NOT NEW.fold
    OR OLD.title IS NOT NEW.title
    OR OLD.kind IS NOT NEW.kind OR OLD.place IS NOT NEW.place OR OLD.status IS NOT NEW.status
    OR OLD.all_day IS NOT NEW.all_day OR OLD.engagement_id IS NOT NEW.engagement_id
BEGIN
    UPDATE proposals SET sequence = OLD.sequence + 1 WHERE id = NEW.id;
END;
