-- Revokes a session if it is still active. The row lock in `target` sees the
-- latest committed version, so two concurrent revocations report one
-- revoker. Returns the session id, whether this statement revoked it, the
-- session's user id and its client id ('' for none), or no row if there is
-- no such session. Stamped as revoke_locked_session.sql.
-- $1 = session id (uuid text), $2 = revoke reason.
WITH target AS (
  SELECT id, user_id, client_id, revoked_at IS NULL AS active FROM sessions
  WHERE id = $1::uuid
  FOR UPDATE
),
revoked AS (
  UPDATE sessions
  SET revoked_at = clock_timestamp(), revoked_xid = pg_current_xact_id(), revoke_reason = $2
  WHERE id IN (SELECT id FROM target WHERE active)
)
SELECT id::text, active, user_id::text, coalesce(client_id, '') FROM target
