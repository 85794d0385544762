// A fixed pool of PostgreSQL connections (libpqxx 6.4) that runs work in
// transactions and turns every libpqxx exception into an absl::Status, so no
// exception leaves storage/ (see Transact for the mapping).
#ifndef TGAUTH_STORAGE_POSTGRES_POSTGRES_DATABASE_H_
#define TGAUTH_STORAGE_POSTGRES_POSTGRES_DATABASE_H_

#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "storage/postgres/logged_connection.h"
#include "storage/postgres/statement.h"
#include "storage/store_call_observer.h"

namespace tgauth::storage {

// Executes `statement` (one of queries::k*, from storage/postgres/queries/)
// with `args` in `tx`. Throws like libpqxx does; only call it inside
// PostgresDatabase::Transact or Read, which catch.
template <typename... Args>
pqxx::result Exec(pqxx::transaction_base& tx, const Statement& statement, Args&&... args) {
  // libpqxx 6.4 ignores a re-registration with the same text, so this is a
  // map lookup after the first call on a connection.
  tx.conn().prepare(statement.name, statement.sql);
  return tx.exec_prepared(statement.name, std::forward<Args>(args)...);
}

// Timestamps travel as RFC 3339 text with microseconds ("$n::timestamptz")
// and come back as unix microseconds ("(extract(epoch FROM col) * 1000000)::bigint"),
// so no precision is lost.
std::string ToSqlTime(absl::Time t);
absl::Time FromSqlMicros(const pqxx::field& micros);
// FromSqlMicros of a nullable column: nullopt for NULL.
std::optional<absl::Time> OptionalTime(const pqxx::field& micros);
// A timestamptz parameter that may be NULL: libpqxx 6.4 sends a null
// `const char*` as NULL. `text` keeps the string alive.
const char* OptionalSqlTime(const std::optional<absl::Time>& t, std::string& text);

class PostgresDatabase {
 public:
  // Opens `pool_size` connections to `url` (postgresql://user@host:port/db).
  // INVALID_ARGUMENT if the URL is empty or not postgresql:// / postgres://,
  // or pool_size < 1; UNAVAILABLE if the server cannot be reached.
  static absl::StatusOr<std::unique_ptr<PostgresDatabase>> Connect(absl::string_view url,
                                                                   int pool_size);

  ~PostgresDatabase();
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  // Runs `work` in one transaction on a pooled connection (blocking until one
  // is free) and commits if it returns OK; any other status rolls back and is
  // returned as is. libpqxx errors become statuses: broken connection →
  // UNAVAILABLE (the transaction is retried once on a fresh connection, so a
  // PostgreSQL restart heals itself), unique violation → ALREADY_EXISTS,
  // foreign key violation → FAILED_PRECONDITION, else INTERNAL. `work` may
  // run twice; it must only write to its captures what the last run returns.
  absl::Status Transact(absl::FunctionRef<absl::Status(pqxx::transaction_base&)> work);

  // Like Transact, for work that only reads with ONE statement: it runs
  // without BEGIN/COMMIT (a single statement sees one snapshot anyway),
  // saving two round trips, and is always safe to retry.
  absl::Status Read(absl::FunctionRef<absl::Status(pqxx::transaction_base&)> work);

  // Runs `work`, which writes with ONE statement, without BEGIN/COMMIT:
  // PostgreSQL commits the statement on its own, so the write is one round
  // trip and one transaction. Errors map as in Transact. A broken
  // connection is retried once on a fresh one, like Transact, although the
  // statement may have committed: only for statements whose second run
  // fails harmlessly on what the first wrote (a unique key).
  absl::Status Autocommit(absl::FunctionRef<absl::Status(pqxx::transaction_base&)> work);

  // Applies the embedded migrations (storage/postgres/migrations/NNNN_*.sql) that are
  // not yet recorded in schema_migrations, in order, in one transaction under
  // an advisory lock, so replicas starting together apply each once.
  absl::Status Migrate();

  // Where this pool connects, without credentials: "host:port/db".
  const std::string& target() const { return target_; }

  // Tells `observer` (which must outlive this pool) of every Transact
  // ("transaction") and Read ("read") from now on. Call before the pool is
  // shared with other threads.
  void SetObserver(StoreCallObserver& observer) { observer_ = &observer; }
  // The pool's connections in use now, and its size.
  PoolUse pool_use() const;

 private:
  using Connection = std::unique_ptr<LoggedConnection>;

  PostgresDatabase(std::string url, std::string target, int pool_size);

  // Takes an idle connection, blocking until one is free; null means "open a
  // new one" (the previous one broke).
  Connection Checkout();
  void Return(Connection connection);
  // One attempt of Transact (Tx = pqxx::work) or Read (pqxx::nontransaction);
  // sets *broken if the connection was lost.
  template <typename Tx>
  absl::Status RunOnce(absl::FunctionRef<absl::Status(pqxx::transaction_base&)> work, bool* broken);
  // RunOnce, once more on a fresh connection if the first broke, timed for
  // the observer as `operation`.
  template <typename Tx>
  absl::Status Run(absl::string_view operation,
                   absl::FunctionRef<absl::Status(pqxx::transaction_base&)> work);

  const std::string url_;
  const std::string target_;
  const int pool_size_;
  StoreCallObserver* observer_ = nullptr;
  mutable absl::Mutex mu_;
  std::vector<Connection> idle_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_POSTGRES_DATABASE_H_
