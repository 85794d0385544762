-- The relay's two marks (migrations/0005_event_outbox.sql): the last
-- event_id numbered and the last one every channel took. Read by the lock's
-- holder in its numbering transaction (number_outbox_events.sql).
SELECT last_event_id, delivered_event_id FROM event_relay
