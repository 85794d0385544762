-- Finds an invite code by its hash; no row if there is none.
-- Columns as read by FromRow in postgres_invite_store.cc; times in unix
-- microseconds, expires_at NULL when the code never expires.
-- $1 = code hash (bytea).
SELECT code_hash, hint, subscription_tier, subscription_days, max_uses, uses,
       (extract(epoch FROM expires_at) * 1000000)::bigint,
       (extract(epoch FROM created_at) * 1000000)::bigint,
       id, (extract(epoch FROM disabled_at) * 1000000)::bigint
FROM invite_codes
WHERE code_hash = $1
