-- Refresh, statement 1: waits for and takes the row lock of the session that
-- a refresh token (current or rotated) belongs to; returns the session id and
-- its user's Telegram id and stored subscription (tier, expiry in unix
-- microseconds or NULL), or no row for an unknown token.
-- $1 = refresh token hash (bytea).
SELECT s.id::text, u.telegram_id, u.subscription_tier,
       (extract(epoch FROM u.subscription_expires_at) * 1000000)::bigint
FROM sessions s
JOIN users u ON u.id = s.user_id
WHERE s.id = (SELECT session_id FROM refresh_tokens WHERE token_hash = $1)
FOR UPDATE OF s
