#include "storage/postgres/postgres_session_revocation_log.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "storage/postgres/queries.h"

namespace tgauth::storage {

absl::StatusOr<RevocationBatch> PostgresSessionRevocationLog::RevokedAfter(uint64_t cursor,
                                                                           absl::Time not_before) {
  RevocationBatch batch;
  absl::Status status = db_.Read([&](pqxx::transaction_base& tx) {
    batch = RevocationBatch();
    for (const pqxx::row& row :
         Exec(tx, queries::kListRevocationsAfter, absl::StrCat(cursor), ToSqlTime(not_before))) {
      if (!absl::SimpleAtoi(row[0].as<std::string>(), &batch.cursor)) {
        return absl::InternalError("unexpected snapshot xmin");
      }
      if (row[1].is_null()) continue;  // The row that only carries the cursor.
      batch.revocations.push_back(
          {.session_id = row[1].as<std::string>(), .revoked_at = FromSqlMicros(row[2])});
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return batch;
}

}  // namespace tgauth::storage
