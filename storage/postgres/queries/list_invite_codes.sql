-- Lists the newest invite codes first.
-- Columns as read by FromRow in postgres_invite_store.cc; times in unix
-- microseconds, expires_at NULL when the code never expires.
-- $1 = most codes to return.
SELECT code_hash, hint, subscription_tier, subscription_days, max_uses, uses,
       (extract(epoch FROM expires_at) * 1000000)::bigint,
       (extract(epoch FROM created_at) * 1000000)::bigint,
       id, (extract(epoch FROM disabled_at) * 1000000)::bigint
FROM invite_codes
ORDER BY created_at DESC, id DESC
LIMIT $1
