// EventNotifications on PostgreSQL: LISTEN tgauth_events on a connection of
// its own (a listening connection cannot serve the pool's transactions).
#ifndef TGAUTH_STORAGE_POSTGRES_POSTGRES_EVENT_LISTENER_H_
#define TGAUTH_STORAGE_POSTGRES_POSTGRES_EVENT_LISTENER_H_

#include <memory>
#include <string>

#include "storage/event_notifications.h"

namespace tgauth::storage {

class PostgresEventListener final : public EventNotifications {
 public:
  // Connects lazily, on the first Await, to `url` (postgresql://...).
  explicit PostgresEventListener(std::string url);
  ~PostgresEventListener() override;

  absl::StatusOr<bool> Await(absl::Duration timeout) override;

 private:
  struct Listening;  // The connection and its LISTEN.

  const std::string url_;
  std::unique_ptr<Listening> listening_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_POSTGRES_EVENT_LISTENER_H_
