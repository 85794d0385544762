-- Dead letters after an id, oldest first.
-- Columns as read by FromRow in postgres_webhook_delivery_store.cc.
-- $1 = after this id, $2 = most rows.
SELECT id, subscriber, event_id, event_type, user_id, body, state, attempts, last_error,
       (extract(epoch FROM created_at) * 1000000)::bigint,
       (extract(epoch FROM finished_at) * 1000000)::bigint
FROM webhook_deliveries
WHERE state = 'dead' AND id > $1
ORDER BY id
LIMIT $2
