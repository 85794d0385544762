-- Redeem, statement 2: locks the redeeming user too, so two different codes
-- redeemed at once by one user both count. Returns the subscription tier
-- and its expiry (unix microseconds, NULL: never), or no row for an unknown
-- user.
-- $1 = user id (uuid text).
SELECT subscription_tier, (extract(epoch FROM subscription_expires_at) * 1000000)::bigint
FROM users
WHERE id = $1::uuid
FOR UPDATE
