-- Replaces a user's Telegram profile fields and returns the user; no row if
-- there is no such user.
-- Columns as read by FromRow in postgres_user_store.cc.
-- $1 = user id (uuid text), $2 = first name, $3 = last name, $4 = username,
-- $5 = photo URL, $6 = now (RFC 3339 text, microseconds).
UPDATE users
SET first_name = $2, last_name = $3, username = $4, photo_url = $5,
    updated_at = $6::timestamptz
WHERE id = $1::uuid
RETURNING id::text, telegram_id, first_name, last_name, username, photo_url,
       (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM updated_at) * 1000000)::bigint,
       subscription_tier,
       (extract(epoch FROM subscription_expires_at) * 1000000)::bigint,
       (extract(epoch FROM blocked_at) * 1000000)::bigint, blocked_reason
