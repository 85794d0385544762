-- Signed HTTP webhook deliveries (storage/webhook_delivery_store.h): one row
-- per subscriber and event. Pending rows are the queue; a sender leases a
-- row by moving next_attempt_at past its request's end. Delivered rows are
-- kept a while so a re-offered event is not queued twice; dead rows are
-- the dead-letter list.

CREATE TABLE webhook_deliveries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subscriber      text NOT NULL,
  event_id        bigint NOT NULL,
  event_type      text NOT NULL,
  user_id         text NOT NULL,
  body            text NOT NULL,
  state           text NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text NOT NULL DEFAULT '',
  next_attempt_at timestamptz NOT NULL,
  created_at      timestamptz NOT NULL,
  finished_at     timestamptz NULL,
  UNIQUE (subscriber, event_id)
);
-- The due work of one subscriber, and the earlier pending delivery of the
-- same user that holds a later one back.
CREATE INDEX webhook_deliveries_due_idx
  ON webhook_deliveries (subscriber, next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_user_order_idx
  ON webhook_deliveries (subscriber, user_id, event_id) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_dead_idx ON webhook_deliveries (id) WHERE state = 'dead';
CREATE INDEX webhook_deliveries_delivered_idx
  ON webhook_deliveries (finished_at) WHERE state = 'delivered';
