// A cheap, bounded check that PostgreSQL answers: `SELECT 1` on a connection
// of its own, through libpq's non-blocking API so that neither the connect
// nor the query can outlast `timeout`, even when the server hangs rather
// than refuses (a blocking libpq call would wait for TCP to give up). For
// readiness (common/health_monitor.h); stores use PostgresDatabase.
#ifndef TGAUTH_STORAGE_POSTGRES_POSTGRES_PROBE_H_
#define TGAUTH_STORAGE_POSTGRES_POSTGRES_PROBE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

struct pg_conn;

namespace tgauth::storage {

class PostgresProbe {
 public:
  // `url` as PostgresDatabase::Connect takes it. Connects lazily.
  PostgresProbe(absl::string_view url, absl::Duration timeout) : url_(url), timeout_(timeout) {}
  ~PostgresProbe();
  PostgresProbe(const PostgresProbe&) = delete;
  PostgresProbe& operator=(const PostgresProbe&) = delete;

  // OK if PostgreSQL answered within the timeout; UNAVAILABLE ("postgresql
  // unreachable: ..." or "... did not answer within ...") otherwise, after
  // which the next Check opens a new connection. Not thread-safe.
  absl::Status Check();

 private:
  // Waits until the socket is readable (or writable) or `deadline` passes.
  absl::Status WaitFor(bool write, absl::Time deadline) const;
  absl::Status Connect(absl::Time deadline);
  absl::Status Query(absl::Time deadline);
  void Close();

  const std::string url_;
  const absl::Duration timeout_;
  pg_conn* connection_ = nullptr;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_POSTGRES_PROBE_H_
