-- RotateCurrent: refresh token rotation in one round trip when the token is
-- its live session's current one and the session is the holder's
-- (rotate_current_refresh_token_v3, from
-- migrations/0013_refresh_token_holder.sql; what it does is documented there
-- and in 0008).
-- Columns: the 15 read by SessionFromRow, the 5 read by TokenFromRow, then
-- the user's Telegram id, subscription tier and expiry (unix microseconds or
-- NULL), and whether it rotated; no row for an unknown token.
-- $1 = presented token hash (bytea), $2 = successor token hash (bytea),
-- $3 = now (RFC 3339 text, microseconds), $4 = successor expires at, at the
-- latest (RFC 3339 text), $5 = lock wait (a PostgreSQL interval),
-- $6 = actor kind, $7 = actor name, $8 = request id, $9 = session.refreshed
-- payload (JSON text): a rotation appends its event to the outbox in this
-- same statement (storage/postgres/outbox_writer.h); $10 = the holder's
-- client_id ('' first-party), $11 = the scope it asks for ('' none).
WITH r AS (
  SELECT * FROM rotate_current_refresh_token_v3($1, $2, $3::timestamptz, $4::timestamptz, $5,
                                                $10, $11)
), refreshed AS (
  INSERT INTO event_outbox (type, user_id, session_id, actor_kind, actor_name, request_id, payload)
  SELECT 'session.refreshed', r.user_id::uuid, r.id::uuid, $6::smallint, $7::text, $8::text,
         $9::jsonb
  FROM r WHERE r.rotated
)
SELECT * FROM r
