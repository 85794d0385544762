-- Migrate: one row if a migration version was already applied, else none.
-- $1 = version (the NNNN of storage/postgres/migrations/NNNN_*.sql).
SELECT 1 FROM schema_migrations WHERE version = $1
