// Appends domain events to the transactional outbox
// (storage/postgres/migrations/0005_event_outbox.sql) inside the caller's
// transaction, so the event commits or rolls back with the change it
// describes. Every PostgreSQL store that changes identity state calls it.
//
// Single-statement queries (e.g. sign_in_telegram_user.sql) that cannot
// call it insert into event_outbox themselves, with the columns it writes:
// type, user_id, session_id, actor_kind, actor_name, request_id and payload
// (OutboxPayload(event) as a parameter, or built in SQL with
// jsonb_build_object when it depends on what the statement wrote).
#ifndef TGAUTH_STORAGE_POSTGRES_OUTBOX_WRITER_H_
#define TGAUTH_STORAGE_POSTGRES_OUTBOX_WRITER_H_

#include <pqxx/pqxx>
#include <string>

#include "tgauth/v1/events.pb.h"

namespace tgauth::storage {

// Appends `event` (type, user_id, session_id, actor, request_id and its
// payload; event_id and occurred_at are the relay's) to the outbox in `tx`.
// user_id and session_id must be UUIDs or empty. Throws like Exec
// (storage/postgres/postgres_database.h): only call it inside Transact.
void AppendEvent(pqxx::transaction_base& tx, const v1::Event& event);

// `event` with only its payload, as proto3 JSON: what event_outbox.payload
// holds.
std::string OutboxPayload(const v1::Event& event);

// The Event an outbox row holds: `payload` (OutboxPayload's JSON) merged
// into an envelope. False if `payload` is not such JSON.
bool ParseOutboxPayload(const std::string& payload, v1::Event* event);

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_OUTBOX_WRITER_H_
