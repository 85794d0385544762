-- Signs a Telegram account in with one statement, so a sign-in costs one
-- round trip and one transaction: finds or creates the account's user,
-- writing the profile only if a field changed (an empty photo URL keeps the
-- stored one, as UserDirectory::Upsert does), and creates a session for that
-- user with its first refresh token. ON CONFLICT locks the user's row, so
-- sign-ins of one account run one after another.
-- A blocked user (blocked_at set) signs in nowhere: their row is "updated"
-- to itself, so RETURNING yields its latest committed version, and no
-- session is made. Reading the row from this statement's snapshot instead
-- could miss a block that committed while this statement waited for the
-- row's lock.
-- Returns the user (columns as read by FromRow in postgres_user_store.cc),
-- then the new session's id, NULL when the user is blocked. No row when
-- another first sign-in of the same account committed after this
-- statement's snapshot was taken: run it again.
-- $1 = Telegram user id (bigint), $2 = first name, $3 = last name,
-- $4 = username, $5 = photo URL ('' keeps the stored one), $6 = now
-- (RFC 3339 text, microseconds), $7 = sign-in method, $8 = user agent,
-- $9 = IP address, $10 = device name, $11 = session expires at,
-- $12 = refresh token hash (bytea), $13 = refresh token expires at.
WITH upserted AS (
  INSERT INTO users AS u (telegram_id, first_name, last_name, username, photo_url, created_at,
                          updated_at)
  VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $6::timestamptz)
  ON CONFLICT (telegram_id) DO UPDATE
  SET first_name = CASE WHEN u.blocked_at IS NULL THEN excluded.first_name ELSE u.first_name END,
      last_name = CASE WHEN u.blocked_at IS NULL THEN excluded.last_name ELSE u.last_name END,
      username = CASE WHEN u.blocked_at IS NULL THEN excluded.username ELSE u.username END,
      photo_url = CASE WHEN u.blocked_at IS NOT NULL OR excluded.photo_url = '' THEN u.photo_url
                       ELSE excluded.photo_url END,
      updated_at = CASE WHEN u.blocked_at IS NULL THEN excluded.updated_at ELSE u.updated_at END
  WHERE u.blocked_at IS NOT NULL
     OR (u.first_name, u.last_name, u.username)
          IS DISTINCT FROM (excluded.first_name, excluded.last_name, excluded.username)
     OR (excluded.photo_url <> '' AND excluded.photo_url <> u.photo_url)
  RETURNING u.*
), signed_in AS (
  SELECT * FROM upserted
  UNION ALL
  SELECT * FROM users WHERE telegram_id = $1 AND NOT EXISTS (SELECT 1 FROM upserted)
), s AS (
  INSERT INTO sessions (user_id, sign_in_method, user_agent, ip_address, device_name,
                        created_at, expires_at)
  SELECT id, $7, $8, $9, $10, $6::timestamptz, $11::timestamptz FROM signed_in
  WHERE blocked_at IS NULL
  RETURNING id
), t AS (
  INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at)
  SELECT $12, s.id, $6::timestamptz, $13::timestamptz FROM s
  RETURNING session_id
)
SELECT signed_in.id::text, telegram_id, first_name, last_name, username, photo_url,
       (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM updated_at) * 1000000)::bigint,
       subscription_tier,
       (extract(epoch FROM subscription_expires_at) * 1000000)::bigint,
       (extract(epoch FROM blocked_at) * 1000000)::bigint, blocked_reason,
       t.session_id::text
FROM signed_in LEFT JOIN t ON true
