-- Cleanup: deletes up to $2 sessions that ended before $1 (revoked, past
-- their absolute lifetime, or whose current refresh token expired); their
-- refresh tokens go with them (ON DELETE CASCADE). One index scan per way of
-- ending (see storage/postgres/migrations/0002_session_lifecycle.sql); the
-- LIMIT applies to the whole UNION. Returns each deleted session's id, user
-- id, and whether it ended unrevoked (expired: the store appends its
-- session.revoked event) and its client id ('' for none).
-- $1 = ended before (RFC 3339 text, microseconds), $2 = batch size (rows).
DELETE FROM sessions
WHERE id IN (
  SELECT id FROM sessions WHERE revoked_at < $1::timestamptz
  UNION
  SELECT id FROM sessions WHERE expires_at < $1::timestamptz
  UNION
  SELECT session_id FROM refresh_tokens WHERE rotated_at IS NULL AND expires_at < $1::timestamptz
  LIMIT $2
)
RETURNING id::text, user_id::text, revoked_at IS NULL, coalesce(client_id, '')
