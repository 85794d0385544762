-- Records a pending delivery's failed attempt and when to try again.
-- $1 = id, $2 = error, $3 = next attempt.
UPDATE webhook_deliveries SET last_error = $2, next_attempt_at = $3::timestamptz
WHERE id = $1 AND state = 'pending'
