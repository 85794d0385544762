-- The revocation feed: every session revoked at or after $1, with when
-- (unix microseconds). Served by the partial index on sessions (revoked_at)
-- (storage/postgres/migrations/0002_session_lifecycle.sql).
-- $1 = since (RFC 3339 text, microseconds).
SELECT id::text, (extract(epoch FROM revoked_at) * 1000000)::bigint
FROM sessions
WHERE revoked_at >= $1::timestamptz
