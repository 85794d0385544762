-- RotateCurrent: refresh token rotation in one round trip when the token is
-- its live session's current one (migrations/0008_rotate_current_refresh_token.sql).
-- Columns: the 12 read by SessionFromRow, the 5 read by TokenFromRow, then
-- the user's Telegram id, subscription tier and expiry (unix microseconds or
-- NULL), and whether it rotated; no row for an unknown token.
-- $1 = presented token hash (bytea), $2 = successor token hash (bytea),
-- $3 = now (RFC 3339 text, microseconds), $4 = successor expires at, at the
-- latest (RFC 3339 text), $5 = lock wait (a PostgreSQL interval).
SELECT * FROM rotate_current_refresh_token($1, $2, $3::timestamptz, $4::timestamptz, $5)
