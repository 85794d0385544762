-- For the rest of the transaction: waiting for a row lock longer than $1
-- (e.g. '2s') fails the statement with SQLSTATE 55P03 (lock_not_available),
-- which the store reports as UNAVAILABLE, so a client retries instead of
-- holding a request thread while another replica holds the session's lock.
SELECT set_config('lock_timeout', $1, true)
