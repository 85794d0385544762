-- Refresh token rotation: marks the session's current token rotated, inserts
-- its successor and stamps the session's last refresh. Each CTE reads the
-- previous one, which orders them. Returns the session id, or no row if the
-- token is not the session's current one.
-- $1 = session id (uuid text), $2 = current token hash (bytea),
-- $3 = now (RFC 3339 text, microseconds), $4 = successor token hash (bytea),
-- $5 = successor expires at (RFC 3339 text).
WITH old AS (
  UPDATE refresh_tokens SET rotated_at = $3::timestamptz, replaced_by = $4
  WHERE token_hash = $2 AND session_id = $1::uuid AND rotated_at IS NULL
  RETURNING session_id
),
new AS (
  INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at)
  SELECT $4, session_id, $3::timestamptz, $5::timestamptz FROM old
  RETURNING session_id
)
UPDATE sessions SET last_refreshed_at = $3::timestamptz
WHERE id IN (SELECT session_id FROM new)
RETURNING id
