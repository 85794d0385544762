-- One page of users for operators, newest first (created_at, then id, both
-- descending), erased users left out. Every filter is optional (NULL or '').
-- Columns as read by FromRow in postgres_user_store.cc.
-- $1 = created at or after (RFC 3339 text or NULL), $2 = created before
-- (RFC 3339 text or NULL), $3 = blocked (boolean or NULL), $4 = stored
-- subscription tier ('' any), $5 = cursor's created_at (RFC 3339 text or
-- NULL: first page), $6 = cursor's id (uuid text, with $5), $7 = page size.
SELECT id::text, telegram_id, first_name, last_name, username, photo_url,
       (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM updated_at) * 1000000)::bigint,
       subscription_tier,
       (extract(epoch FROM subscription_expires_at) * 1000000)::bigint,
       (extract(epoch FROM blocked_at) * 1000000)::bigint, blocked_reason, language_code
FROM users
WHERE deleted_at IS NULL
  AND ($1::timestamptz IS NULL OR created_at >= $1::timestamptz)
  AND ($2::timestamptz IS NULL OR created_at < $2::timestamptz)
  AND ($3::boolean IS NULL OR (blocked_at IS NOT NULL) = $3::boolean)
  AND ($4 = '' OR subscription_tier = $4)
  AND ($5::timestamptz IS NULL OR (created_at, id) < ($5::timestamptz, $6::uuid))
ORDER BY created_at DESC, id DESC
LIMIT $7
