#include "storage/postgres/postgres_event_listener.h"

#include <pqxx/pqxx>

#include "absl/status/status.h"
#include "storage/postgres/logged_connection.h"

namespace tgauth::storage {

// The channel notify_events_numbered.sql notifies.
constexpr char kChannel[] = "tgauth_events";

struct PostgresEventListener::Listening {
  class Receiver final : public pqxx::notification_receiver {
   public:
    explicit Receiver(pqxx::connection_base& connection)
        : pqxx::notification_receiver(connection, kChannel) {}
    void operator()(const std::string& /*payload*/, int /*backend_pid*/) override {
      notified = true;
    }
    bool notified = false;
  };

  explicit Listening(const std::string& url) : connection(url), receiver(connection.get()) {}

  LoggedConnection connection;
  Receiver receiver;  // After connection: unregisters before it closes.
};

PostgresEventListener::PostgresEventListener(std::string url) : url_(std::move(url)) {}

PostgresEventListener::~PostgresEventListener() = default;

absl::StatusOr<bool> PostgresEventListener::Await(absl::Duration timeout) {
  try {
    if (listening_ == nullptr) {
      listening_ = std::make_unique<Listening>(url_);
      // LISTEN is sent when the receiver registers; anything numbered
      // before now is for the caller to read, not to be woken for.
      listening_->connection.get().get_notifs();
    }
    listening_->receiver.notified = false;
    const int64_t micros = absl::ToInt64Microseconds(timeout);
    listening_->connection.get().await_notification(micros / 1000000, micros % 1000000);
    // Take every announcement queued behind the first: one wake covers them.
    listening_->connection.get().get_notifs();
    return listening_->receiver.notified;
  } catch (const std::exception& e) {
    listening_.reset();
    return absl::UnavailableError("event notifications: connection lost");
  }
}

}  // namespace tgauth::storage
