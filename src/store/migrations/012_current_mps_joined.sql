-- mpplan schema, version 12: the view `current_mps` (version 6) is dropped. The queries that name a
-- seat's MP now join `seat_holders` and `members` themselves, with the join written once in the
-- store (`holder_now!`). Every view is parsed by each process that opens the database, and each
-- statement reading one copies all its columns: this one cost every command about 0.13 million
-- instructions to open the file and 0.18 million for each query of it, more than the queries
-- themselves read (BENCHMARKS.md, issue 19).

DROP VIEW IF EXISTS current_mps;
