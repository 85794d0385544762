-- Refresh, statement 2: a new statement, so a new snapshot (READ COMMITTED)
-- that sees what the previous lock holder committed. Follows the rotation
-- chain from a refresh token to the current one: one row per link, in
-- order, each with the session.
-- Columns: the 15 read by SessionFromRow, then the link's token hash,
-- created_at, expires_at, rotated_at (unix microseconds) and replaced_by, as
-- read by TokenFromRow in postgres_session_store.cc.
-- $1 = refresh token hash (bytea), $2 = most links to follow,
-- $3 = session id (uuid text, from lock_session_by_refresh_token_hash.sql).
WITH RECURSIVE chain AS (
  SELECT token_hash, created_at, expires_at, rotated_at, replaced_by, 1 AS depth
  FROM refresh_tokens
  WHERE token_hash = $1
  UNION ALL
  SELECT t.token_hash, t.created_at, t.expires_at, t.rotated_at, t.replaced_by, c.depth + 1
  FROM refresh_tokens t
  JOIN chain c ON t.token_hash = c.replaced_by
  WHERE c.depth < $2
)
SELECT s.id::text, s.user_id::text, s.sign_in_method, s.user_agent, s.ip_address,
       s.device_name,
       (extract(epoch FROM s.created_at) * 1000000)::bigint,
       (extract(epoch FROM s.expires_at) * 1000000)::bigint,
       (extract(epoch FROM r.expires_at) * 1000000)::bigint,
       (extract(epoch FROM s.last_refreshed_at) * 1000000)::bigint,
       s.revoked_at IS NOT NULL, coalesce(s.revoke_reason, ''),
       coalesce(s.client_id, ''), s.scope,
       (extract(epoch FROM coalesce(s.auth_time, s.created_at)) * 1000000)::bigint,
       c.token_hash,
       (extract(epoch FROM c.created_at) * 1000000)::bigint,
       (extract(epoch FROM c.expires_at) * 1000000)::bigint,
       (extract(epoch FROM c.rotated_at) * 1000000)::bigint,
       c.replaced_by
FROM sessions s
JOIN refresh_tokens r ON r.session_id = s.id AND r.rotated_at IS NULL,
     chain c
WHERE s.id = $3::uuid
ORDER BY c.depth
