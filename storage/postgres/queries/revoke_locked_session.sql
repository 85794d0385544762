-- Revokes a session whose row lock the transaction already holds (see
-- lock_session_by_refresh_token_hash.sql); a revoked one stays as it was.
-- $1 = session id (uuid text), $2 = now (RFC 3339 text, microseconds),
-- $3 = revoke reason.
UPDATE sessions SET revoked_at = $2::timestamptz, revoke_reason = $3
WHERE id = $1::uuid AND revoked_at IS NULL
