-- Marks a pending delivery delivered. $1 = id, $2 = now.
UPDATE webhook_deliveries SET state = 'delivered', finished_at = $2::timestamptz
WHERE id = $1 AND state = 'pending'
