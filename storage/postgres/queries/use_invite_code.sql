-- Redeem: records a user's redemption of a code and counts the use.
-- $1 = invite code id (bigint), $2 = user id (uuid text),
-- $3 = now (RFC 3339 text, microseconds).
WITH r AS (
  INSERT INTO invite_redemptions (invite_code_id, user_id, redeemed_at)
  VALUES ($1, $2::uuid, $3::timestamptz)
)
UPDATE invite_codes SET uses = uses + 1
WHERE id = $1
