-- Finds the user with a Telegram username, case-insensitively (Telegram
-- treats usernames so); no row if there is none.
-- Columns as read by FromRow in postgres_user_store.cc.
-- $1 = username, without '@' (not empty).
SELECT id::text, telegram_id, first_name, last_name, username, photo_url,
       (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM updated_at) * 1000000)::bigint,
       subscription_tier,
       (extract(epoch FROM subscription_expires_at) * 1000000)::bigint,
       (extract(epoch FROM blocked_at) * 1000000)::bigint, blocked_reason, language_code
FROM users
WHERE lower(username) = lower($1) AND username <> '' AND deleted_at IS NULL
ORDER BY created_at DESC
LIMIT 1
