-- Creates an invite code; an existing code hash is a unique violation.
-- $1 = code hash (bytea), $2 = hint, $3 = subscription tier,
-- $4 = subscription days, $5 = most uses, $6 = expires at (RFC 3339 text,
-- microseconds; NULL: never), $7 = created at (RFC 3339 text).
INSERT INTO invite_codes (code_hash, hint, subscription_tier, subscription_days, max_uses,
                          expires_at, created_at)
VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz)
RETURNING id
