-- Creates a user from a Telegram profile and returns it; a second user with
-- the same Telegram id is a unique violation.
-- Columns as read by FromRow in postgres_user_store.cc.
-- $1 = Telegram user id (bigint), $2 = first name, $3 = last name,
-- $4 = username, $5 = photo URL, $6 = now (RFC 3339 text, microseconds),
-- $7 = language code.
INSERT INTO users (telegram_id, first_name, last_name, username, photo_url, created_at,
                   updated_at, language_code)
VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $6::timestamptz, $7)
RETURNING id::text, telegram_id, first_name, last_name, username, photo_url,
       (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM updated_at) * 1000000)::bigint,
       subscription_tier,
       (extract(epoch FROM subscription_expires_at) * 1000000)::bigint,
       (extract(epoch FROM blocked_at) * 1000000)::bigint, blocked_reason, language_code
