-- Creates a session and its first refresh token in one statement (one round
-- trip on the sign-in path instead of two); returns the new session's id.
-- $1 = user id (uuid text), $2 = sign-in method, $3 = user agent,
-- $4 = IP address, $5 = device name, $6 = created at, $7 = session expires at
-- (RFC 3339 text, microseconds), $8 = refresh token hash (bytea),
-- $9 = refresh token expires at (RFC 3339 text).
WITH s AS (
  INSERT INTO sessions (user_id, sign_in_method, user_agent, ip_address, device_name,
                        created_at, expires_at)
  VALUES ($1::uuid, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz)
  RETURNING id
)
INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at)
SELECT $8, s.id, $6::timestamptz, $9::timestamptz FROM s
RETURNING session_id::text
