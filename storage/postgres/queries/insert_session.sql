-- Creates a session and its first refresh token in one statement (one round
-- trip on the sign-in path instead of two); returns the new session's id, or
-- no row (nothing written) if $10 names no registered OAuth client, which
-- the foreign key alone would report like an unknown user.
-- $1 = user id (uuid text), $2 = sign-in method, $3 = user agent,
-- $4 = IP address, $5 = device name, $6 = created at, $7 = session expires at
-- (RFC 3339 text, microseconds), $8 = refresh token hash (bytea),
-- $9 = refresh token expires at (RFC 3339 text), $10 = OAuth client id ('' for
-- none), $11 = scope granted, $12 = auth time (RFC 3339 text; NULL means
-- created at).
WITH s AS (
  INSERT INTO sessions (user_id, sign_in_method, user_agent, ip_address, device_name,
                        created_at, expires_at, client_id, scope, auth_time)
  SELECT $1::uuid, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, NULLIF($10::text, ''), $11,
         $12::timestamptz
  WHERE $10::text = '' OR EXISTS (SELECT 1 FROM oauth_clients WHERE client_id = $10::text)
  RETURNING id
)
INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at)
SELECT $8, s.id, $6::timestamptz, $9::timestamptz FROM s
RETURNING session_id::text
