-- Deletes a batch of deliveries delivered before a time.
-- $1 = before, $2 = most rows.
DELETE FROM webhook_deliveries
WHERE id IN (SELECT id FROM webhook_deliveries
             WHERE state = 'delivered' AND finished_at < $1::timestamptz
             LIMIT $2)
