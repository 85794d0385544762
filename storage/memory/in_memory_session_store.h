// SessionStore in memory, for unit tests of domain logic. Thread-safe; honours
// the same contracts as PostgresSessionStore (tests/storage checks both). One
// mutex plays every row lock, so refreshes serialize as they do on
// PostgreSQL.
#ifndef TGAUTH_STORAGE_MEMORY_IN_MEMORY_SESSION_STORE_H_
#define TGAUTH_STORAGE_MEMORY_IN_MEMORY_SESSION_STORE_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "storage/event_origin.h"
#include "storage/memory/fake_support.h"
#include "storage/memory/in_memory_oauth_client_store.h"
#include "storage/memory/in_memory_user_store.h"
#include "storage/session_store.h"

namespace tgauth::storage {

class InMemorySessionStore final : public SessionStore {
 public:
  // `users` plays the foreign key and the join for Telegram ids; it must
  // outlive the store. No OAuth client is registered for this store: a
  // session with a client_id is refused.
  explicit InMemorySessionStore(InMemoryUserStore& users) : users_(users) {}
  // `clients` also plays the foreign key of NewSession::client_id; both
  // must outlive the store.
  InMemorySessionStore(InMemoryUserStore& users, const InMemoryOAuthClientStore& clients)
      : users_(users), clients_(&clients) {}

  // FAILED_PRECONDITION if `users` has no such user or the clients no such
  // client_id; ALREADY_EXISTS if the refresh token hash is taken.
  absl::StatusOr<SessionRecord> Create(const NewSession& session) override;
  // Upserts through `users` while holding the store's mutex.
  absl::StatusOr<TelegramSignIn> CreateForTelegramUser(const TelegramProfile& profile,
                                                       const NewSession& session) override;
  // Oldest first (created_at, then id); empty if there are none.
  absl::StatusOr<std::vector<SessionRecord>> ListByUser(absl::string_view user_id) override;
  // Newest first; empty if there are none.
  absl::StatusOr<std::vector<SessionRecord>> ListActiveByUser(absl::string_view user_id,
                                                              absl::Time now) override;
  // NOT_FOUND if there is no such session.
  absl::StatusOr<SessionRecord> Get(absl::string_view session_id) override;
  // Runs `decide` under the store's mutex. NOT_FOUND for an unknown hash;
  // FAILED_PRECONDITION (nothing written) if told to rotate a token that is
  // not current.
  absl::StatusOr<RefreshChain> Refresh(
      absl::string_view token_hash, const RefreshTokenHolder& holder,
      absl::FunctionRef<RefreshDecision(const RefreshChain&)> decide) override;
  absl::StatusOr<RefreshChain> RotateCurrent(absl::string_view token_hash,
                                             const RefreshTokenHolder& holder,
                                             const RefreshDecision& rotation) override;
  // NOT_FOUND if there is no such session.
  absl::StatusOr<bool> Revoke(absl::string_view session_id, absl::Time now,
                              absl::string_view reason) override;
  // NOT_FOUND for an unknown hash.
  absl::StatusOr<Revocation> RevokeByRefreshToken(absl::string_view token_hash, absl::Time now,
                                                  absl::string_view reason) override;
  // Empty if the user has no other active session.
  absl::StatusOr<std::vector<std::string>> RevokeAllExcept(absl::string_view user_id,
                                                           absl::string_view keep_session_id,
                                                           absl::Time now,
                                                           absl::string_view reason) override;
  absl::StatusOr<int> DeleteExpiredRefreshTokens(absl::Time now, int limit) override;
  absl::StatusOr<int> DeleteEndedSessions(absl::Time ended_before, int limit) override;

  // How many refresh token rows exist, rotated ones included (for tests).
  int RefreshTokenCount() const;

  // The next `count` calls fail with `status` (e.g. UNAVAILABLE).
  void FailNextCalls(absl::Status status, int count = FailureInjector::kForever) {
    failures_.FailNextCalls(std::move(status), count);
  }

  // For InMemoryUserAdminStore's erasure: clears the device facts of every
  // session of `user_id`.
  void ForgetDevices(absl::string_view user_id);

  // The next `count` CreateForTelegramUser calls write, then return
  // `status`: as PostgresSessionStore's does (ALREADY_EXISTS) when its
  // connection breaks after the commit and its retry finds its own write.
  void LoseNextSignInAnswers(absl::Status status, int count = 1) {
    lost_sign_in_answers_.FailNextCalls(std::move(status), count);
  }

 private:
  struct Session {
    SessionRecord record;  // record.refresh_token_expires_at follows `current_token`.
    std::string current_token;
    absl::Time revoked_at = absl::InfiniteFuture();
  };
  struct Token {
    RefreshTokenRecord record;
    std::string session_id;
  };

  // OK if `client_id` is empty or registered, else FAILED_PRECONDITION
  // (kUnknownOAuthClientMessage).
  absl::Status CheckClient(absl::string_view client_id) const;
  // Stores `session` and its first refresh token; the caller checked them.
  SessionRecord InsertLocked(const NewSession& session) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<RefreshChain> ChainOf(const Token& presented) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status Apply(const RefreshChain& chain, const RefreshDecision& decision)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Revokes `s` unless it already is, appending its event as `origin`;
  // true if this call revoked it.
  bool RevokeLocked(Session& s, absl::Time now, absl::string_view reason, const EventOrigin& origin)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  InMemoryUserStore& users_;
  const InMemoryOAuthClientStore* clients_ = nullptr;  // Null: none registered.
  FailureInjector failures_;
  FailureInjector lost_sign_in_answers_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Session> sessions_ ABSL_GUARDED_BY(mu_);  // By id.
  absl::flat_hash_map<std::string, Token> tokens_ ABSL_GUARDED_BY(mu_);      // By hash.
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_MEMORY_IN_MEMORY_SESSION_STORE_H_
