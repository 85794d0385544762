-- Queues a dead letter again, due now, with a fresh count of attempts.
-- $1 = id, $2 = now.
UPDATE webhook_deliveries
SET state = 'pending', attempts = 0, next_attempt_at = $2::timestamptz, finished_at = NULL
WHERE id = $1 AND state = 'dead'
