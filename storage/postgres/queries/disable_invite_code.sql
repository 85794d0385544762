-- Disables an invite code (a disabled one keeps its first disabled_at) and
-- returns it; no row if there is no such code.
-- Columns as read by FromRow in postgres_invite_store.cc.
-- $1 = code id (bigint), $2 = now (RFC 3339 text).
UPDATE invite_codes
SET disabled_at = coalesce(disabled_at, $2::timestamptz)
WHERE id = $1
RETURNING code_hash, hint, subscription_tier, subscription_days, max_uses, uses,
       (extract(epoch FROM expires_at) * 1000000)::bigint,
       (extract(epoch FROM created_at) * 1000000)::bigint,
       id, (extract(epoch FROM disabled_at) * 1000000)::bigint
