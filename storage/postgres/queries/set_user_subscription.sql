-- Sets a user's subscription.
-- $1 = user id (uuid text), $2 = subscription tier, $3 = expires at
-- (RFC 3339 text, microseconds; NULL: never), $4 = now (RFC 3339 text).
UPDATE users
SET subscription_tier = $2, subscription_expires_at = $3::timestamptz,
    updated_at = $4::timestamptz
WHERE id = $1::uuid
