-- Revokes a session whose row lock the transaction already holds (see
-- lock_session_by_refresh_token_hash.sql); a revoked one stays as it was.
-- revoked_at is the database's clock; revoked_xid orders revocations by
-- commit for the feed (migrations/0004_revocation_commit_order.sql).
-- $1 = session id (uuid text), $2 = revoke reason.
UPDATE sessions
SET revoked_at = clock_timestamp(), revoked_xid = pg_current_xact_id(), revoke_reason = $2
WHERE id = $1::uuid AND revoked_at IS NULL
