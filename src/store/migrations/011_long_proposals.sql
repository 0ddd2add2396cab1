-- mpplan schema: an index of the few proposals that last unusually long, so that reading the busy
-- times of a few days (src/store/proposals.rs, `Store::busy`) reads only the index entries near
-- those days.
--
-- A proposal lasts at most 24 hours, or 31 days when it is all day (src/domain/when.rs), so a
-- proposal that overlaps a stretch of time starts at most 32 days before it: the busy times are
-- read from the starts in that range, plus the proposals in this index. A row stored by an older
-- mpplan, an import or a teammate's copy may last longer; any whose times are not both in the
-- usual layout ('YYYY-MM-DD HH:MM', real dates and times, which SQLite reads back the same) is
-- counted as long whatever it lasts, since its text may not sort as its time does. Checking the
-- layout first also keeps julianday() from ever reading 'now' here, which SQLite refuses in an
-- index.
--
-- The condition is written out word for word in `Store::busy` (LONG_PROPOSAL there): SQLite uses
-- a partial index only for a query that repeats its condition. The index holds the columns the
-- query reads, as proposals_by_start_end does, so that SQLite prefers it for the long ones.
--
-- IF NOT EXISTS: the statement is harmless to run again, should this migration be renumbered.
-- The statement carries no comments inside it: SQLite keeps its text and reads it again whenever
-- the database is opened.
CREATE INDEX IF NOT EXISTS proposals_long ON proposals(starts_at, ends_at, status)
WHERE CASE WHEN length(starts_at) = 16 AND length(ends_at) = 16
    AND strftime('%Y-%m-%d %H:%M', starts_at) = starts_at AND strftime('%Y-%m-%d %H:%M', ends_at) = ends_at
    THEN julianday(ends_at) - julianday(starts_at) > 32 ELSE 1 END;
