-- Replaces a user's Telegram profile fields and returns the user; no row if
-- there is no such user.
-- Columns as read by FromRow in postgres_user_store.cc, then the profile as
-- it was before (first name, last name, username, photo URL) for the
-- user.updated event. `old` locks the row, so that is the version replaced.
-- $1 = user id (uuid text), $2 = first name, $3 = last name, $4 = username,
-- $5 = photo URL, $6 = now (RFC 3339 text, microseconds), $7 = language code.
WITH old AS (
  SELECT id, first_name, last_name, username, photo_url FROM users WHERE id = $1::uuid FOR UPDATE
)
UPDATE users u
SET first_name = $2, last_name = $3, username = $4, photo_url = $5, language_code = $7,
    updated_at = $6::timestamptz
FROM old
WHERE u.id = old.id
RETURNING u.id::text, u.telegram_id, u.first_name, u.last_name, u.username, u.photo_url,
       (extract(epoch FROM u.created_at) * 1000000)::bigint,
       (extract(epoch FROM u.updated_at) * 1000000)::bigint,
       u.subscription_tier,
       (extract(epoch FROM u.subscription_expires_at) * 1000000)::bigint,
       (extract(epoch FROM u.blocked_at) * 1000000)::bigint, u.blocked_reason, u.language_code,
       old.first_name, old.last_name, old.username, old.photo_url
