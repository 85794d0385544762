-- Redeem, statement 3: whether a user already redeemed a code. A separate
-- statement after the locks, hence a fresh snapshot: it sees a redemption
-- that a concurrent transaction committed while this one waited.
-- $1 = invite code id (bigint), $2 = user id (uuid text).
SELECT 1
FROM invite_redemptions
WHERE invite_code_id = $1 AND user_id = $2::uuid
