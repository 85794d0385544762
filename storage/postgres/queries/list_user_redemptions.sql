-- A user's invite code redemptions, oldest first, each with the tier its
-- code activates. Columns: code id, tier, redeemed_at (unix microseconds).
-- $1 = user id (uuid text).
SELECT r.invite_code_id, c.subscription_tier,
       (extract(epoch FROM r.redeemed_at) * 1000000)::bigint
FROM invite_redemptions r
JOIN invite_codes c ON c.id = r.invite_code_id
WHERE r.user_id = $1::uuid
ORDER BY r.redeemed_at, r.invite_code_id
