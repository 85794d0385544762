-- Redeem, statement 1: locks an invite code until commit. A concurrent
-- redeemer of the same code waits here, then reads the row as the first one
-- left it (READ COMMITTED re-reads a row locked FOR UPDATE), so it sees the
-- new use count. Returns id, subscription tier, subscription days, most
-- uses, uses and expires_at (unix microseconds, NULL: never), or no row for
-- an unknown or disabled code (a disabled code is refused like an unknown
-- one).
-- $1 = code hash (bytea).
SELECT id, subscription_tier, subscription_days, max_uses, uses,
       (extract(epoch FROM expires_at) * 1000000)::bigint
FROM invite_codes
WHERE code_hash = $1 AND disabled_at IS NULL
FOR UPDATE
