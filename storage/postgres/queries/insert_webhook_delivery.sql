-- Queues one webhook delivery, unless this subscriber has the event already.
-- $1 = subscriber, $2 = event_id, $3 = event_type, $4 = user_id ('' for
-- none), $5 = JSON body, $6 = now.
INSERT INTO webhook_deliveries
  (subscriber, event_id, event_type, user_id, body, next_attempt_at, created_at)
VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $6::timestamptz)
ON CONFLICT (subscriber, event_id) DO NOTHING
