-- The revocation feed reads revocations in commit order. A timestamp cannot
-- give that order: it is taken before the transaction commits, so a
-- revocation that commits late carries a time the feed has already read
-- past. The revoking transaction's id (xid8, never wraps) can: every
-- transaction still running when a reader took its snapshot has an id at
-- or above that snapshot's xmin (storage/postgres/queries/list_revocations_after.sql).
-- NULL while the session is not revoked (and for revocations made before
-- this column existed).
ALTER TABLE sessions ADD COLUMN revoked_xid xid8 NULL;
CREATE INDEX sessions_revoked_xid_idx ON sessions (revoked_xid) WHERE revoked_xid IS NOT NULL;
