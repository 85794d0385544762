#include "storage/postgres/postgres_probe.h"

#include <libpq-fe.h>
#include <poll.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "storage/postgres/logged_connection.h"

namespace tgauth::storage {
namespace {

absl::Status Unreachable(const PGconn* connection) {
  std::string message = connection == nullptr ? "out of memory" : PQerrorMessage(connection);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  return absl::UnavailableError(absl::StrCat("postgresql unreachable: ", message));
}

}  // namespace

PostgresProbe::~PostgresProbe() { Close(); }

void PostgresProbe::Close() {
  if (connection_ != nullptr) PQfinish(connection_);
  connection_ = nullptr;
}

absl::Status PostgresProbe::Check() {
  const absl::Time deadline = absl::Now() + timeout_;
  absl::Status status = connection_ == nullptr ? Connect(deadline) : absl::OkStatus();
  if (status.ok()) status = Query(deadline);
  if (!status.ok()) Close();
  return status;
}

absl::Status PostgresProbe::WaitFor(bool write, absl::Time deadline) const {
  const absl::Duration left = deadline - absl::Now();
  pollfd fd = {.fd = PQsocket(connection_), .events = static_cast<short>(write ? POLLOUT : POLLIN)};
  if (fd.fd < 0) return Unreachable(connection_);
  const int ready = left > absl::ZeroDuration()
                        ? poll(&fd, 1, static_cast<int>(absl::ToInt64Milliseconds(left)) + 1)
                        : 0;
  if (ready > 0) return absl::OkStatus();
  return absl::UnavailableError(
      absl::StrCat("postgresql did not answer within ", absl::FormatDuration(timeout_)));
}

absl::Status PostgresProbe::Connect(absl::Time deadline) {
  connection_ = PQconnectStart(url_.c_str());
  if (connection_ != nullptr) {
    PQsetNoticeProcessor(
        connection_, [](void*, const char* message) { LogPostgresNotice(message); }, nullptr);
  }
  if (connection_ == nullptr || PQstatus(connection_) == CONNECTION_BAD) {
    return Unreachable(connection_);
  }
  // libpq's non-blocking connect: PQconnectPoll says whether it next needs
  // to read or to write; wait for that, within the deadline.
  PostgresPollingStatusType polling = PGRES_POLLING_WRITING;
  while (polling != PGRES_POLLING_OK) {
    if (polling == PGRES_POLLING_FAILED) return Unreachable(connection_);
    if (absl::Status s = WaitFor(polling == PGRES_POLLING_WRITING, deadline); !s.ok()) return s;
    polling = PQconnectPoll(connection_);
  }
  if (PQsetnonblocking(connection_, 1) != 0) return Unreachable(connection_);
  return absl::OkStatus();
}

absl::Status PostgresProbe::Query(absl::Time deadline) {
  if (PQsendQuery(connection_, "SELECT 1") == 0) return Unreachable(connection_);
  while (true) {
    const int flushed = PQflush(connection_);
    if (flushed < 0) return Unreachable(connection_);
    if (flushed == 0) break;
    if (absl::Status s = WaitFor(/*write=*/true, deadline); !s.ok()) return s;
  }
  // PQgetResult blocks while libpq is busy, so wait for input first, for
  // every result (the last is null, after the server's ReadyForQuery).
  bool answered = false;
  while (true) {
    while (PQisBusy(connection_)) {
      if (absl::Status s = WaitFor(/*write=*/false, deadline); !s.ok()) return s;
      if (PQconsumeInput(connection_) == 0) return Unreachable(connection_);
    }
    PGresult* result = PQgetResult(connection_);
    if (result == nullptr) break;
    answered = answered || PQresultStatus(result) == PGRES_TUPLES_OK;
    PQclear(result);
  }
  return answered ? absl::OkStatus() : Unreachable(connection_);
}

}  // namespace tgauth::storage
