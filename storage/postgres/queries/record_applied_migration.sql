-- Migrate: records that a migration version was applied.
-- $1 = version (the NNNN of storage/postgres/migrations/NNNN_*.sql).
INSERT INTO schema_migrations (version) VALUES ($1)
