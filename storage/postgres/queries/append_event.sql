-- Appends one domain event to the outbox (migrations/0005_event_outbox.sql);
-- see storage/postgres/outbox_writer.h.
-- $1 = type, $2 = user id (uuid text, '' for none), $3 = session id (uuid
-- text, '' for none), $4 = actor kind (Actor.Kind number), $5 = actor name,
-- $6 = request id, $7 = payload (proto3 JSON text).
INSERT INTO event_outbox (type, user_id, session_id, actor_kind, actor_name, request_id, payload)
VALUES ($1, NULLIF($2, '')::uuid, NULLIF($3, '')::uuid, $4, $5, $6, $7::jsonb)
