-- The relay's numbering round (migrations/0005_event_outbox.sql): gives the
-- next event_ids, in `id` order, to at most $1 outbox rows that this
-- statement's snapshot sees without one (their transactions committed), and
-- advances event_relay.last_event_id past them, all or nothing. Only the
-- relay that holds the relay lock (try_lead_event_relay.sql) runs it, on the
-- lock's connection. Returns the numbered rows: event_id, type, user id,
-- session id, actor kind, actor name, request id, payload (JSON text),
-- created_at and numbered_at (unix microseconds).
-- $1 = batch size (rows).
WITH pending AS (
  SELECT id, row_number() OVER (ORDER BY id) AS n
  FROM (SELECT id FROM event_outbox WHERE event_id IS NULL ORDER BY id LIMIT $1) p
),
counter AS (
  UPDATE event_relay SET last_event_id = last_event_id + (SELECT count(*) FROM pending)
  WHERE EXISTS (SELECT 1 FROM pending)
  RETURNING last_event_id - (SELECT count(*) FROM pending) AS base
)
UPDATE event_outbox o
SET event_id = counter.base + pending.n, numbered_at = clock_timestamp()
FROM pending, counter
WHERE o.id = pending.id
RETURNING o.event_id, o.type, coalesce(o.user_id::text, ''), coalesce(o.session_id::text, ''),
          o.actor_kind, o.actor_name, o.request_id, o.payload::text,
          (extract(epoch FROM o.created_at) * 1000000)::bigint,
          (extract(epoch FROM o.numbered_at) * 1000000)::bigint
