#include "storage/postgres/postgres_database.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/embedded_file.h"
#include "common/log.h"
#include "storage/postgres/queries.h"

namespace tgauth {
extern const EmbeddedFile kMigrations[];  // storage/postgres/CMakeLists.txt embeds them.
}  // namespace tgauth

namespace tgauth::storage {
namespace {

// Arbitrary but fixed: every replica must take the same advisory lock.
constexpr int64_t kMigrationLockId = 0x7467617574680001;  // "tgauth" + 1

// "postgresql://user:pw@host:port/db?x=y" -> "host:port/db": what we may log
// and tell an operator, never the password.
std::string TargetOf(absl::string_view url) {
  url.remove_prefix(url.find("://") + 3);
  if (size_t at = url.rfind('@'); at != absl::string_view::npos) url.remove_prefix(at + 1);
  return std::string(url.substr(0, url.find('?')));
}

// libpq messages span lines ("could not connect...\n\tIs the server running").
std::string FirstLine(const char* what) {
  absl::string_view text = absl::StripAsciiWhitespace(what);
  return std::string(text.substr(0, text.find('\n')));
}

// Maps an exception thrown by libpqxx to a status for the caller; the details
// go to the log only.
absl::Status ToStatus(const std::exception& e, bool* broken) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    *broken = true;
    LogWarning("postgres: connection lost", {{"error", FirstLine(e.what())}});
    return absl::UnavailableError("database unavailable");
  }
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    // The commit may or may not have happened; never retry this one.
    LogWarning("postgres: commit outcome unknown", {{"error", FirstLine(e.what())}});
    return absl::UnavailableError("database unavailable");
  }
  if (dynamic_cast<const pqxx::unique_violation*>(&e) != nullptr) {
    return absl::AlreadyExistsError("already exists");
  }
  if (dynamic_cast<const pqxx::foreign_key_violation*>(&e) != nullptr) {
    return absl::FailedPreconditionError("referenced row does not exist");
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    // Class 08 (connection exception) and 57P0x (server shutting down) mean
    // the server went away, not that the statement was wrong.
    if (absl::StartsWith(sql->sqlstate(), "08") || absl::StartsWith(sql->sqlstate(), "57P0")) {
      *broken = true;
      LogWarning("postgres: server gone",
                 {{"sqlstate", sql->sqlstate()}, {"error", FirstLine(e.what())}});
      return absl::UnavailableError("database unavailable");
    }
    if (sql->sqlstate() == "55P03") {
      // lock_not_available: a lock_timeout (limit_lock_wait.sql) ran out
      // while another transaction held the row; the client may retry.
      return absl::UnavailableError("the session is busy; try again");
    }
    LogWarning("postgres: statement failed",
               {{"sqlstate", sql->sqlstate()}, {"error", FirstLine(e.what())}});
    return absl::InternalError("database error");
  }
  LogWarning("postgres: error", {{"error", FirstLine(e.what())}});
  return absl::InternalError("database error");
}

// The leading number of "migrations/0001_initial.sql", or -1.
int64_t MigrationVersion(absl::string_view path) {
  path.remove_prefix(path.rfind('/') + 1);  // npos + 1 == 0 keeps it whole.
  const absl::string_view digits = path.substr(0, path.find('_'));
  int64_t version = -1;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (error != std::errc() || end != digits.data() + digits.size()) return -1;
  return version;
}

}  // namespace

std::string ToSqlTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6S+00:00", t, absl::UTCTimeZone());
}

absl::Time FromSqlMicros(const pqxx::field& micros) {
  return absl::FromUnixMicros(micros.as<int64_t>());
}

std::optional<absl::Time> OptionalTime(const pqxx::field& micros) {
  if (micros.is_null()) return std::nullopt;
  return FromSqlMicros(micros);
}

const char* OptionalSqlTime(const std::optional<absl::Time>& t, std::string& text) {
  if (!t.has_value()) return nullptr;
  text = ToSqlTime(*t);
  return text.c_str();
}

namespace {

// libpq waits for the kernel's TCP timeouts (minutes) when a server is
// unreachable rather than refusing: bound connecting and dead peers, so an
// outage becomes UNAVAILABLE in seconds. Settings already in `url` win.
std::string WithNetworkTimeouts(absl::string_view url) {
  std::string out(url);
  const char* separator = out.find('?') == std::string::npos ? "?" : "&";
  for (const char* setting :
       {"connect_timeout=3", "keepalives=1", "keepalives_idle=10", "keepalives_interval=3",
        "keepalives_count=3", "tcp_user_timeout=10000"}) {
    const std::string key(setting, absl::string_view(setting).find('=') + 1);  // "name="
    if (out.find(key) != std::string::npos) continue;
    out.append(separator).append(setting);
    separator = "&";
  }
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Connect(absl::string_view url,
                                                                            int pool_size) {
  if (url.empty()) {
    return absl::InvalidArgumentError("database URL is empty (want postgresql://...)");
  }
  if (!absl::StartsWith(url, "postgresql://") && !absl::StartsWith(url, "postgres://")) {
    return absl::InvalidArgumentError("database URL must start with postgresql:// or postgres://");
  }
  if (pool_size < 1) return absl::InvalidArgumentError("database pool size must be at least 1");
  std::unique_ptr<PostgresDatabase> db(
      new PostgresDatabase(WithNetworkTimeouts(url), TargetOf(url), pool_size));
  // Open every connection now, so a wrong URL fails at start-up, not later.
  for (int i = 0; i < pool_size; ++i) {
    try {
      auto connection = std::make_unique<LoggedConnection>(db->url_);
      absl::MutexLock lock(&db->mu_);
      db->idle_.push_back(std::move(connection));
    } catch (const std::exception& e) {
      return absl::UnavailableError(
          absl::StrCat("cannot connect to PostgreSQL at ", db->target_, ": ", FirstLine(e.what())));
    }
  }
  return db;
}

PostgresDatabase::PostgresDatabase(std::string url, std::string target, int pool_size)
    : url_(std::move(url)), target_(std::move(target)), pool_size_(pool_size) {}

PoolUse PostgresDatabase::pool_use() const {
  absl::MutexLock lock(&mu_);
  return {.in_use = pool_size_ - static_cast<int>(idle_.size()), .size = pool_size_};
}

PostgresDatabase::~PostgresDatabase() = default;

PostgresDatabase::Connection PostgresDatabase::Checkout() {
  absl::MutexLock lock(&mu_);
  // Callers run on an executor sized to the pool, so this rarely waits.
  mu_.Await(absl::Condition(
      +[](std::vector<Connection>* idle) { return !idle->empty(); }, &idle_));
  Connection connection = std::move(idle_.back());
  idle_.pop_back();
  return connection;
}

void PostgresDatabase::Return(Connection connection) {
  absl::MutexLock lock(&mu_);
  idle_.push_back(std::move(connection));
}

absl::Status PostgresDatabase::Transact(
    absl::FunctionRef<absl::Status(pqxx::transaction_base&)> work) {
  // A transaction on a lost connection never committed (commit failures are
  // in_doubt_error, not retried), so running it again is safe. This is what
  // heals every pooled connection after a PostgreSQL restart.
  return Run<pqxx::work>("transaction", work);
}

absl::Status PostgresDatabase::Read(absl::FunctionRef<absl::Status(pqxx::transaction_base&)> work) {
  return Run<pqxx::nontransaction>("read", work);  // Reads change nothing: safe to run again.
}

template <typename Tx>
absl::Status PostgresDatabase::Run(absl::string_view operation,
                                   absl::FunctionRef<absl::Status(pqxx::transaction_base&)> work) {
  const StoreCallTimer timer;
  bool broken = false;
  absl::Status status = RunOnce<Tx>(work, &broken);
  if (broken) status = RunOnce<Tx>(work, &broken);
  if (observer_ != nullptr) {
    observer_->OnStoreCall(StoreKind::kPostgres, operation, timer.Elapsed(),
                           absl::IsUnavailable(status) || absl::IsInternal(status));
  }
  return status;
}

absl::Status PostgresDatabase::Autocommit(
    absl::FunctionRef<absl::Status(pqxx::transaction_base&)> work) {
  return Run<pqxx::nontransaction>("statement", work);
}

template <typename Tx>
absl::Status PostgresDatabase::RunOnce(
    absl::FunctionRef<absl::Status(pqxx::transaction_base&)> work, bool* broken) {
  *broken = false;
  Connection connection = Checkout();
  absl::Status status;
  try {
    if (connection == nullptr) connection = std::make_unique<LoggedConnection>(url_);
    Tx tx(connection->get());
    status = work(tx);
    if (status.ok()) tx.commit();  // Otherwise tx's destructor rolls back.
  } catch (const std::exception& e) {
    status = ToStatus(e, broken);
  }
  // A connection that failed to open is simply retried on the next checkout.
  if (*broken || (connection != nullptr && !connection->get().is_open())) connection.reset();
  Return(std::move(connection));
  return status;
}

absl::Status PostgresDatabase::Migrate() {
  std::vector<const EmbeddedFile*> migrations;
  for (const EmbeddedFile* f = kMigrations; f->path != nullptr; ++f) {
    if (MigrationVersion(f->path) < 0) {
      return absl::InternalError(absl::StrCat("migration without a version: ", f->path));
    }
    migrations.push_back(f);
  }
  std::sort(migrations.begin(), migrations.end(),
            [](auto* a, auto* b) { return MigrationVersion(a->path) < MigrationVersion(b->path); });
  int applied = 0;
  absl::Status status = Transact([&](pqxx::transaction_base& tx) {
    applied = 0;
    // Held until commit: a second replica waits here, then finds every
    // version recorded and applies nothing.
    Exec(tx, queries::kLockMigrations, kMigrationLockId);
    Exec(tx, queries::kCreateSchemaMigrations);
    for (const EmbeddedFile* m : migrations) {
      const int64_t version = MigrationVersion(m->path);
      if (!Exec(tx, queries::kFindAppliedMigration, version).empty()) continue;
      tx.exec(m->contents);
      Exec(tx, queries::kRecordAppliedMigration, version);
      ++applied;
    }
    return absl::OkStatus();
  });
  if (status.ok() && applied > 0) LogInfo("postgres: migrations applied", {{"count", applied}});
  return status;
}

}  // namespace tgauth::storage
