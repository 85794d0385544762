-- Signs a Telegram account in with one statement, so a sign-in costs one
-- round trip and one transaction: finds or creates the account's user,
-- writing the profile only if a field changed (an empty photo URL or
-- language code keeps the stored one, as UserDirectory::Upsert does), and creates a session for that
-- user with its first refresh token. ON CONFLICT locks the user's row, so
-- sign-ins of one account run one after another.
-- A blocked user (blocked_at set) signs in nowhere: their row is "updated"
-- to itself, so RETURNING yields its latest committed version, and no
-- session (and no event) is made. Reading the row from this statement's
-- snapshot instead could miss a block that committed while this statement
-- waited for the row's lock.
-- Appends the sign-in's domain events to the outbox in the same statement
-- (storage/postgres/outbox_writer.h): user.created for a new user, or
-- user.updated naming the User fields that changed (none for a change of
-- language alone), then login.confirmed
-- when the session redeems a QR login ($19), then session.created.
-- Returns the user (columns as read by FromRow in postgres_user_store.cc),
-- then the new session's id, NULL when the user is blocked. No row when
-- another first sign-in of the same account committed after this
-- statement's snapshot was taken: run it again.
-- $1 = Telegram user id (bigint), $2 = first name, $3 = last name,
-- $4 = username, $5 = photo URL ('' keeps the stored one), $6 = now
-- (RFC 3339 text, microseconds), $7 = sign-in method, $8 = user agent,
-- $9 = IP address, $10 = device name, $11 = session expires at,
-- $12 = refresh token hash (bytea), $13 = refresh token expires at,
-- $14 = actor kind, $15 = actor name, $16 = request id (the events' origin),
-- $17 = user.created payload, $18 = session.created payload,
-- $19 = login.confirmed payload or '' for none (JSON text), $20 = language
-- code ('' keeps the stored one), $21 = OAuth client id ('' for none: a
-- client that is not registered fails the statement on the foreign key),
-- $22 = scope granted, $23 = auth time (RFC 3339 text; NULL means now).
WITH before AS (
  SELECT first_name, last_name, username, photo_url FROM users WHERE telegram_id = $1
), upserted AS (
  INSERT INTO users AS u (telegram_id, first_name, last_name, username, photo_url, created_at,
                          updated_at, language_code)
  VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $6::timestamptz, $20)
  ON CONFLICT (telegram_id) DO UPDATE
  SET first_name = CASE WHEN u.blocked_at IS NULL THEN excluded.first_name ELSE u.first_name END,
      last_name = CASE WHEN u.blocked_at IS NULL THEN excluded.last_name ELSE u.last_name END,
      username = CASE WHEN u.blocked_at IS NULL THEN excluded.username ELSE u.username END,
      photo_url = CASE WHEN u.blocked_at IS NOT NULL OR excluded.photo_url = '' THEN u.photo_url
                       ELSE excluded.photo_url END,
      language_code = CASE WHEN u.blocked_at IS NOT NULL OR excluded.language_code = ''
                           THEN u.language_code ELSE excluded.language_code END,
      updated_at = CASE WHEN u.blocked_at IS NULL THEN excluded.updated_at ELSE u.updated_at END
  WHERE u.blocked_at IS NOT NULL
     OR (u.first_name, u.last_name, u.username)
          IS DISTINCT FROM (excluded.first_name, excluded.last_name, excluded.username)
     OR (excluded.photo_url <> '' AND excluded.photo_url <> u.photo_url)
     OR (excluded.language_code <> '' AND excluded.language_code <> u.language_code)
  RETURNING u.*, (u.xmax = 0) AS inserted  -- xmax is 0 on a row this statement inserted.
), signed_in AS (
  SELECT * FROM upserted
  UNION ALL
  SELECT *, false FROM users WHERE telegram_id = $1 AND NOT EXISTS (SELECT 1 FROM upserted)
), s AS (
  INSERT INTO sessions (user_id, sign_in_method, user_agent, ip_address, device_name,
                        created_at, expires_at, client_id, scope, auth_time)
  SELECT id, $7, $8, $9, $10, $6::timestamptz, $11::timestamptz, NULLIF($21::text, ''), $22,
         $23::timestamptz
  FROM signed_in
  WHERE blocked_at IS NULL
  RETURNING id
), t AS (
  INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at)
  SELECT $12, s.id, $6::timestamptz, $13::timestamptz FROM s
  RETURNING session_id
), events AS (
  INSERT INTO event_outbox (type, user_id, session_id, actor_kind, actor_name, request_id, payload)
  SELECT 'user.created', up.id, NULL::uuid, $14::smallint, $15::text, $16::text, $17::jsonb FROM upserted up WHERE up.inserted
  UNION ALL
  SELECT 'user.updated', up.id, NULL::uuid, $14::smallint, $15::text, $16::text,
         jsonb_build_object('userUpdated', jsonb_build_object('changedFields', to_jsonb(array_remove(
           ARRAY[CASE WHEN b.first_name IS DISTINCT FROM up.first_name THEN 'first_name' END,
                 CASE WHEN b.last_name IS DISTINCT FROM up.last_name THEN 'last_name' END,
                 CASE WHEN b.username IS DISTINCT FROM up.username THEN 'username' END,
                 CASE WHEN b.photo_url IS DISTINCT FROM up.photo_url THEN 'photo_url' END],
           NULL))))
  FROM upserted up LEFT JOIN before b ON true WHERE NOT up.inserted AND up.blocked_at IS NULL
    AND (b.first_name, b.last_name, b.username, b.photo_url)
        IS DISTINCT FROM (up.first_name, up.last_name, up.username, up.photo_url)
  UNION ALL
  SELECT 'login.confirmed', signed_in.id, t.session_id, $14::smallint, $15::text, $16::text,
         NULLIF($19::text, '')::jsonb
  FROM signed_in, t WHERE $19::text <> ''
  UNION ALL
  SELECT 'session.created', signed_in.id, t.session_id, $14::smallint, $15::text, $16::text, $18::jsonb
  FROM signed_in, t
)
SELECT signed_in.id::text, telegram_id, first_name, last_name, username, photo_url,
       (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM updated_at) * 1000000)::bigint,
       subscription_tier,
       (extract(epoch FROM subscription_expires_at) * 1000000)::bigint,
       (extract(epoch FROM blocked_at) * 1000000)::bigint, blocked_reason, language_code,
       t.session_id::text
FROM signed_in LEFT JOIN t ON true
