-- The session lifecycle: refresh token rotation, revocation, listing and
-- periodic cleanup.

-- Why a session ended early: 'logout', 'revoked_by_user', 'refresh_token_reuse', ...
-- NULL while the session is not revoked.
ALTER TABLE sessions ADD COLUMN revoke_reason text NULL;

-- The revocation feed polls `WHERE revoked_at >= $1` every few hundred
-- milliseconds on every replica; cleanup finds long-revoked sessions.
CREATE INDEX sessions_revoked_at_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
-- Cleanup of sessions past their absolute lifetime.
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

-- Each session has one current (not yet rotated) refresh token: listing
-- sessions reads its idle expiry through this index.
CREATE INDEX refresh_tokens_current_idx ON refresh_tokens (session_id) WHERE rotated_at IS NULL;
-- Cleanup of expired rotated tokens, and of sessions whose current token
-- expired.
CREATE INDEX refresh_tokens_expires_at_idx ON refresh_tokens (expires_at);
