-- Blocks (time set) or unblocks (NULL) a user and returns it.
-- Columns as read by FromRow in postgres_user_store.cc.
-- $1 = user id (uuid text), $2 = blocked at (RFC 3339 text, or NULL to
-- unblock), $3 = reason, $4 = now (RFC 3339 text).
UPDATE users
SET blocked_at = $2::timestamptz, blocked_reason = $3, updated_at = $4::timestamptz
WHERE id = $1::uuid
RETURNING id::text, telegram_id, first_name, last_name, username, photo_url,
       (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM updated_at) * 1000000)::bigint,
       subscription_tier,
       (extract(epoch FROM subscription_expires_at) * 1000000)::bigint,
       (extract(epoch FROM blocked_at) * 1000000)::bigint, blocked_reason, language_code
