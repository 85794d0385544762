-- Retention: deletes up to $2 of the oldest numbered events that occurred
-- before $1 and every channel took, and records the last deleted event_id
-- (WatchEvents answers OUT_OF_RANGE before it). Returns how many it deleted.
-- $1 = occurred before (RFC 3339 text, microseconds), $2 = batch size (rows).
WITH gone AS (
  DELETE FROM event_outbox
  WHERE event_id IN (
    SELECT o.event_id FROM event_outbox o, event_relay r
    WHERE o.event_id IS NOT NULL AND o.event_id <= r.delivered_event_id
      AND o.created_at < $1::timestamptz
    ORDER BY o.event_id LIMIT $2)
  RETURNING event_id
),
mark AS (
  UPDATE event_relay SET deleted_through = greatest(deleted_through, (SELECT max(event_id) FROM gone))
  WHERE EXISTS (SELECT 1 FROM gone)
)
SELECT count(*) FROM gone
