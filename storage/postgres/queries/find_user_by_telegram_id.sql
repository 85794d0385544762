-- Finds the user with a Telegram id; no row if there is none.
-- Columns as read by FromRow in postgres_user_store.cc; times in unix
-- microseconds, the subscription expiry NULL when it never ends.
-- $1 = Telegram user id (bigint).
SELECT id::text, telegram_id, first_name, last_name, username, photo_url,
       (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM updated_at) * 1000000)::bigint,
       subscription_tier,
       (extract(epoch FROM subscription_expires_at) * 1000000)::bigint,
       (extract(epoch FROM blocked_at) * 1000000)::bigint, blocked_reason, language_code
FROM users
WHERE telegram_id = $1
