-- Takes the relay lock if it is free, for the life of this connection: the
-- one replica whose relay numbers events. A session-level advisory lock, so
-- PostgreSQL frees it when the holder's connection ends (its process died)
-- and another replica's next try takes it. Taking it again on the holding
-- connection succeeds (and stacks, which is harmless: the connection never
-- unlocks). Returns true if this connection holds it.
SELECT pg_try_advisory_lock(7239455103)
