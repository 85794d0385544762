-- Tells every replica listening on tgauth_events (postgres_event_listener.h)
-- that events up to $1 are numbered; PostgreSQL delivers it when the
-- numbering transaction commits, so a woken reader sees them.
-- $1 = the last event_id numbered (decimal text).
SELECT pg_notify('tgauth_events', $1)
