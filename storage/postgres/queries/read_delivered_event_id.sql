-- The last event_id every channel took (event_relay.delivered_event_id).
SELECT delivered_event_id FROM event_relay
