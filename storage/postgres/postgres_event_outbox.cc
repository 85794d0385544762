#include "storage/postgres/postgres_event_outbox.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "storage/postgres/outbox_writer.h"
#include "storage/postgres/queries.h"

namespace tgauth::storage {
namespace {

// An event from the columns number_outbox_events.sql and
// read_events_after.sql return first: event_id, type, user id, session id,
// actor kind, actor name, request id, payload, created_at.
absl::StatusOr<v1::Event> EventFromRow(const pqxx::row& row) {
  v1::Event event;
  if (!ParseOutboxPayload(row[7].as<std::string>(), &event)) {
    return absl::InternalError("unreadable outbox payload");
  }
  event.set_event_id(row[0].as<uint64_t>());
  event.set_type(row[1].as<std::string>());
  event.set_user_id(row[2].as<std::string>());
  event.set_session_id(row[3].as<std::string>());
  event.mutable_actor()->set_kind(static_cast<v1::Actor::Kind>(row[4].as<int>()));
  event.mutable_actor()->set_name(row[5].as<std::string>());
  event.set_request_id(row[6].as<std::string>());
  *event.mutable_occurred_at() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(row[8].as<int64_t>());
  return event;
}

bool HoldsRelayLock(pqxx::transaction_base& tx) {
  return Exec(tx, queries::kTryLeadEventRelay)[0][0].as<bool>();
}

}  // namespace

absl::StatusOr<EventPage> PostgresEventOutbox::ReadAfter(uint64_t after_event_id, int limit) {
  EventPage page;
  absl::Status status = pool_.Read([&](pqxx::transaction_base& tx) {
    page = EventPage();
    for (const pqxx::row& row :
         Exec(tx, queries::kReadEventsAfter, static_cast<int64_t>(after_event_id), limit)) {
      page.deleted_through = row[9].as<uint64_t>();
      if (row[0].is_null()) continue;  // The row that only carries deleted_through.
      absl::StatusOr<v1::Event> event = EventFromRow(row);
      if (!event.ok()) return event.status();
      page.events.push_back(*std::move(event));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return page;
}

absl::StatusOr<bool> PostgresEventOutbox::TryLead() {
  bool leads = false;
  absl::Status status = relay_db_.Read([&](pqxx::transaction_base& tx) {
    leads = HoldsRelayLock(tx);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return leads;
}

absl::StatusOr<NumberedBatch> PostgresEventOutbox::NumberPending(int limit) {
  NumberedBatch batch;
  absl::Status status = relay_db_.Transact([&](pqxx::transaction_base& tx) {
    batch = NumberedBatch();
    if (!HoldsRelayLock(tx)) return absl::FailedPreconditionError("another relay leads");
    // Only the lock's holder moves either mark, so they hold for the numbering.
    const pqxx::row marks = Exec(tx, queries::kReadEventRelayMarks)[0];
    batch.numbered_after = marks[0].as<uint64_t>();
    batch.delivered_through = marks[1].as<uint64_t>();
    pqxx::result rows = Exec(tx, queries::kNumberOutboxEvents, limit);
    for (const pqxx::row& row : rows) {
      absl::StatusOr<v1::Event> event = EventFromRow(row);
      if (!event.ok()) return event.status();
      batch.events.push_back(*std::move(event));
      batch.numbered_at = FromSqlMicros(row[9]);
    }
    // RETURNING gives no order.
    std::sort(batch.events.begin(), batch.events.end(),
              [](const v1::Event& a, const v1::Event& b) { return a.event_id() < b.event_id(); });
    if (!batch.events.empty()) {
      Exec(tx, queries::kNotifyEventsNumbered, absl::StrCat(batch.events.back().event_id()));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return batch;
}

absl::StatusOr<uint64_t> PostgresEventOutbox::DeliveredThrough() {
  uint64_t delivered = 0;
  absl::Status status = relay_db_.Read([&](pqxx::transaction_base& tx) {
    delivered = Exec(tx, queries::kReadDeliveredEventId)[0][0].as<uint64_t>();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return delivered;
}

absl::Status PostgresEventOutbox::SetDeliveredThrough(uint64_t event_id) {
  return relay_db_.Autocommit([&](pqxx::transaction_base& tx) {
    Exec(tx, queries::kSetDeliveredEventId, static_cast<int64_t>(event_id));
    return absl::OkStatus();
  });
}

absl::StatusOr<int> PostgresEventOutbox::DeleteDeliveredBefore(absl::Time before, int limit) {
  int deleted = 0;
  absl::Status status = relay_db_.Autocommit([&](pqxx::transaction_base& tx) {
    deleted = Exec(tx, queries::kDeleteDeliveredEvents, ToSqlTime(before), limit)[0][0].as<int>();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return deleted;
}

}  // namespace tgauth::storage
