-- Gives a pending delivery up after its last failed attempt.
-- $1 = id, $2 = error, $3 = now.
UPDATE webhook_deliveries
SET state = 'dead', last_error = $2, finished_at = $3::timestamptz
WHERE id = $1 AND state = 'pending'
