-- Reads a user that is not erased and locks its row until the transaction
-- ends, so operator changes of one user run one after another (and after
-- any sign-in holding it: sign_in_telegram_user.sql). No row if none.
-- Columns as read by FromRow in postgres_user_store.cc.
-- $1 = user id (uuid text).
SELECT id::text, telegram_id, first_name, last_name, username, photo_url,
       (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM updated_at) * 1000000)::bigint,
       subscription_tier,
       (extract(epoch FROM subscription_expires_at) * 1000000)::bigint,
       (extract(epoch FROM blocked_at) * 1000000)::bigint, blocked_reason, language_code
FROM users
WHERE id = $1::uuid AND deleted_at IS NULL
FOR UPDATE
