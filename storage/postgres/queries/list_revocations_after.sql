-- The revocation feed, in commit order: every session revoked at or after
-- $2 whose revoking transaction was not yet complete for the snapshot that
-- returned cursor $1 (0: every one since $2), and, on every row, this
-- statement's own cursor: its snapshot's xmin, below which every
-- transaction has completed, so anything that commits later has an id at or
-- above it. One row with NULL session columns when nothing matched.
-- Columns: cursor (xid8 as decimal text), session id, revoked_at (unix
-- microseconds).
-- $1 = cursor (xid8 as decimal text), $2 = not before (RFC 3339 text).
WITH watermark AS (
  SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin
)
SELECT w.xmin::text, s.id::text, (extract(epoch FROM s.revoked_at) * 1000000)::bigint
FROM watermark w
LEFT JOIN sessions s
  ON s.revoked_at >= $2::timestamptz
 AND ($1::text::xid8 = '0'::xid8 OR s.revoked_xid >= $1::text::xid8)
