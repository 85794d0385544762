-- Numbered events after a cursor, in event_id order, each row also carrying
-- event_relay.deleted_through (one row with NULL event columns when there is
-- no event). Columns as number_outbox_events.sql returns them (without
-- numbered_at), then deleted_through.
-- $1 = after event_id, $2 = limit (rows).
SELECT o.event_id, o.type, coalesce(o.user_id::text, ''), coalesce(o.session_id::text, ''),
       o.actor_kind, o.actor_name, o.request_id, o.payload::text,
       (extract(epoch FROM o.created_at) * 1000000)::bigint,
       r.deleted_through
FROM event_relay r
LEFT JOIN LATERAL (
  SELECT * FROM event_outbox WHERE event_id > $1 ORDER BY event_id LIMIT $2
) o ON true
ORDER BY o.event_id
