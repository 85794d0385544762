// A libpqxx connection whose notices go to the log. libpq writes the
// server's NOTICE and WARNING messages (e.g. "terminating connection due to
// immediate shutdown command") to stderr as they come, which would break
// the one-JSON-object-per-line log (common/log_line.h).
#ifndef TGAUTH_STORAGE_POSTGRES_LOGGED_CONNECTION_H_
#define TGAUTH_STORAGE_POSTGRES_LOGGED_CONNECTION_H_

#include <pqxx/pqxx>
#include <string>

#include "absl/strings/string_view.h"
#include "common/log.h"

namespace tgauth::storage {

// Logs one notice of libpq (its first line: the severity and the message).
inline void LogPostgresNotice(const char* message) {
  absl::string_view text(message);
  LogWarning("postgres: notice", {{"notice", text.substr(0, text.find('\n'))}});
}

class LoggedConnection {
 public:
  // Connects to `url`; throws what pqxx::connection throws.
  explicit LoggedConnection(const std::string& url) : connection_(url), notices_(connection_) {}

  pqxx::connection& get() { return connection_; }

 private:
  class NoticeLog final : public pqxx::errorhandler {
   public:
    explicit NoticeLog(pqxx::connection_base& connection) : pqxx::errorhandler(connection) {}
    bool operator()(const char message[]) noexcept override {
      LogPostgresNotice(message);
      return false;  // Handled: no older handler need see it.
    }
  };

  pqxx::connection connection_;
  NoticeLog notices_;  // After connection_: unregisters from it before it closes.
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_LOGGED_CONNECTION_H_
