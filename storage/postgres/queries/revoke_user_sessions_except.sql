-- Revokes every active session of a user but one (not revoked, not past its
-- absolute lifetime, current refresh token not expired); returns the id and
-- client id ('' for none) of each session it revoked. Stamped as revoke_locked_session.sql.
-- $1 = user id (uuid text), $2 = session id to keep (text, may be empty),
-- $3 = now (RFC 3339 text, microseconds), $4 = revoke reason.
UPDATE sessions s
SET revoked_at = clock_timestamp(), revoked_xid = pg_current_xact_id(), revoke_reason = $4
WHERE s.user_id = $1::uuid AND s.id::text <> $2 AND s.revoked_at IS NULL
  AND s.expires_at > $3::timestamptz
  AND EXISTS (SELECT 1 FROM refresh_tokens r
              WHERE r.session_id = s.id AND r.rotated_at IS NULL
                AND r.expires_at > $3::timestamptz)
RETURNING s.id::text, coalesce(s.client_id, '')
