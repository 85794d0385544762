// InviteStore on PostgreSQL (tables invite_codes and invite_redemptions,
// storage/migrations/0003_invite_codes.sql).
#ifndef TGAUTH_STORAGE_POSTGRES_POSTGRES_INVITE_STORE_H_
#define TGAUTH_STORAGE_POSTGRES_POSTGRES_INVITE_STORE_H_

#include "absl/strings/string_view.h"
#include "storage/invite_store.h"
#include "storage/postgres/postgres_database.h"

namespace tgauth::storage {

class PostgresInviteStore final : public InviteStore {
 public:
  // `db` must outlive the store.
  explicit PostgresInviteStore(PostgresDatabase& db) : db_(db) {}

  // ALREADY_EXISTS if the hash is taken (unique constraint).
  absl::StatusOr<int64_t> Create(const InviteCode& code) override;
  // NOT_FOUND if no code has this hash.
  absl::StatusOr<InviteCode> Find(absl::string_view code_hash) override;
  // Newest first by created_at, then by insertion order.
  absl::StatusOr<std::vector<InviteCode>> List(int limit) override;
  // NOT_FOUND if no code has this id.
  absl::StatusOr<InviteCode> Disable(int64_t id, absl::Time now) override;
  // One transaction that locks the code's row (SELECT ... FOR UPDATE), then
  // the user's, so concurrent redemptions of one code serialise.
  absl::StatusOr<Redemption> Redeem(absl::string_view code_hash, absl::string_view user_id,
                                    absl::Time now) override;

 private:
  PostgresDatabase& db_;
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_POSTGRES_POSTGRES_INVITE_STORE_H_
