-- Leases a subscriber's due deliveries: pending, due, and with no earlier
-- pending delivery for the same user (an empty user_id keeps no order).
-- Rows another sender has locked are skipped, so replicas share the work.
-- Columns as read by FromRow in postgres_webhook_delivery_store.cc.
-- $1 = subscriber, $2 = now, $3 = lease end, $4 = most rows.
UPDATE webhook_deliveries d
SET attempts = d.attempts + 1, next_attempt_at = $3::timestamptz
WHERE d.id IN (
  SELECT c.id FROM webhook_deliveries c
  WHERE c.state = 'pending' AND c.subscriber = $1 AND c.next_attempt_at <= $2::timestamptz
    AND (c.user_id = '' OR NOT EXISTS (
      SELECT 1 FROM webhook_deliveries e
      WHERE e.state = 'pending' AND e.subscriber = c.subscriber AND e.user_id = c.user_id
        AND e.event_id < c.event_id))
  ORDER BY c.event_id
  LIMIT $4
  FOR UPDATE SKIP LOCKED)
RETURNING d.id, d.subscriber, d.event_id, d.event_type, d.user_id, d.body, d.state, d.attempts,
          d.last_error, (extract(epoch FROM d.created_at) * 1000000)::bigint,
          (extract(epoch FROM d.finished_at) * 1000000)::bigint
