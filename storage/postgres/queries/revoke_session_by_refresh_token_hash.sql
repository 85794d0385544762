-- Revokes the session a refresh token (current or rotated) belongs to, if it
-- is still active; locks and stamps like revoke_session.sql. Returns the
-- session id, whether this statement revoked it, the session's user id and
-- client id ('' for none), or no row for an unknown token.
-- $1 = refresh token hash (bytea), $2 = revoke reason.
WITH target AS (
  SELECT id, user_id, client_id, revoked_at IS NULL AS active FROM sessions
  WHERE id = (SELECT session_id FROM refresh_tokens WHERE token_hash = $1)
  FOR UPDATE
),
revoked AS (
  UPDATE sessions
  SET revoked_at = clock_timestamp(), revoked_xid = pg_current_xact_id(), revoke_reason = $2
  WHERE id IN (SELECT id FROM target WHERE active)
)
SELECT id::text, active, user_id::text, coalesce(client_id, '') FROM target
