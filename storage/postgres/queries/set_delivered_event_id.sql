-- Records that every channel took the events up to $1; never moves back.
-- $1 = event_id.
UPDATE event_relay SET delivered_event_id = greatest(delivered_event_id, $1)
