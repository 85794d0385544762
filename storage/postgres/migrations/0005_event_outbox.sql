-- The transactional outbox of domain events (proto/tgauth/v1/events.proto).
-- A store appends an event in the same transaction as the change it
-- describes (storage/postgres/outbox_writer.h), so a rolled-back change
-- leaves no event and a committed one cannot lose its event.
--
-- The relay (server/events/outbox_relay.h) numbers events in commit order:
-- it repeatedly takes the rows its statement's snapshot sees with no
-- event_id and gives them the next ids (number_outbox_events.sql). A row is
-- visible to a snapshot only once its transaction has committed, and every
-- transaction that commits later is invisible to it, so each numbering round
-- takes exactly the transactions that committed since the previous round,
-- and a late commit is numbered late instead of being read past (the
-- problem 0004_revocation_commit_order.sql solves with xid8 for a reader
-- that marks nothing). Within a round, rows go in `id` order: a store
-- appends after the writes that locked the rows it changed, so of two
-- transactions that touched the same user, the one that waited for the
-- other's locks took the larger id.
CREATE TABLE event_outbox (
  id          bigserial PRIMARY KEY,   -- Append order; never shown to consumers.
  event_id    bigint NULL UNIQUE,      -- Event.event_id; NULL until numbered.
  type        text NOT NULL,           -- Event.type, e.g. "session.created".
  user_id     uuid NULL,               -- No foreign key: events outlive users.
  session_id  uuid NULL,
  actor_kind  smallint NOT NULL,       -- Actor.Kind's number.
  actor_name  text NOT NULL DEFAULT '',
  request_id  text NOT NULL DEFAULT '',
  -- The Event with only its payload set, in proto3 JSON (so single-statement
  -- queries can build one in SQL), e.g. {"sessionRevoked":{"reason":"LOGOUT"}}.
  payload     jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),  -- Event.occurred_at.
  numbered_at timestamptz NULL
);
-- What the relay numbers next.
CREATE INDEX event_outbox_pending_idx ON event_outbox (id) WHERE event_id IS NULL;

-- The relay's one row: the last event_id it assigned (ids are never reused,
-- even after retention empties the outbox), how far the channels took the
-- numbered events (a relay taking over re-offers what follows), and the
-- last event_id retention deleted (a WatchEvents resuming before it gets
-- OUT_OF_RANGE).
CREATE TABLE event_relay (
  singleton          boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_event_id      bigint NOT NULL,
  delivered_event_id bigint NOT NULL,
  deleted_through    bigint NOT NULL
);
INSERT INTO event_relay (last_event_id, delivered_event_id, deleted_through) VALUES (0, 0, 0);
