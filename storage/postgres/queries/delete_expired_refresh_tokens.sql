-- Cleanup: deletes up to $2 rotated refresh tokens that expired before $1,
-- in a small batch so no statement holds locks for long, skipping rows
-- another cleaner holds.
-- $1 = now (RFC 3339 text, microseconds), $2 = batch size (rows).
DELETE FROM refresh_tokens
WHERE token_hash IN (SELECT token_hash FROM refresh_tokens
                     WHERE rotated_at IS NOT NULL AND expires_at < $1::timestamptz
                     LIMIT $2
                     FOR UPDATE SKIP LOCKED)
