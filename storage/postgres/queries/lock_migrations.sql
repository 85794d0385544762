-- Migrate: takes the advisory lock every replica takes before migrating,
-- held until commit, so replicas starting together apply each migration
-- once (postgres_database.cc).
-- $1 = lock id (bigint).
SELECT pg_advisory_xact_lock($1)
