#include "storage/memory/in_memory_session_store.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/string_view.h"
#include "storage/domain_events.h"

namespace tgauth::storage {
namespace {

bool Active(const SessionRecord& s, absl::Time now) {
  return !s.revoked && s.expires_at > now && s.refresh_token_expires_at > now;
}

}  // namespace

absl::StatusOr<SessionRecord> InMemorySessionStore::Create(const NewSession& session) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  if (!users_.Contains(session.user_id)) return absl::FailedPreconditionError("no such user");
  // Before the token, as PostgreSQL's insert_session.sql checks it first.
  if (absl::Status s = CheckClient(session.client_id); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  if (tokens_.contains(session.refresh_token_hash)) {
    return absl::AlreadyExistsError("refresh token hash already in use");
  }
  return InsertLocked(session);
}

absl::StatusOr<TelegramSignIn> InMemorySessionStore::CreateForTelegramUser(
    const TelegramProfile& profile, const NewSession& session) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  // Held throughout, so the token check and both writes are one step.
  absl::MutexLock lock(&mu_);
  if (tokens_.contains(session.refresh_token_hash)) {
    return absl::AlreadyExistsError("refresh token hash already in use");
  }
  absl::StatusOr<UserRecord> user = users_.FindByTelegramId(profile.telegram_id);
  if (user.ok() && user->blocked()) return absl::PermissionDeniedError(kBlockedUserMessage);
  if (absl::Status s = CheckClient(session.client_id); !s.ok()) return s;  // Nothing written.
  if (absl::IsNotFound(user.status())) {
    user = users_.Insert(profile, session.created_at);
  } else if (user.ok() && user->profile != UpdatedProfile(user->profile, profile)) {
    user =
        users_.UpdateProfile(user->id, UpdatedProfile(user->profile, profile), session.created_at);
  }
  if (!user.ok()) return user.status();
  NewSession for_user = session;
  for_user.user_id = user->id;
  TelegramSignIn signed_in{*std::move(user), InsertLocked(for_user)};
  if (absl::Status s = lost_sign_in_answers_.Next(); !s.ok()) return s;
  return signed_in;
}

absl::Status InMemorySessionStore::CheckClient(absl::string_view client_id) const {
  if (client_id.empty() || (clients_ != nullptr && clients_->Contains(client_id))) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(kUnknownOAuthClientMessage);
}

SessionRecord InMemorySessionStore::InsertLocked(const NewSession& session) {
  Session stored;
  SessionRecord& record = stored.record;
  record.id = NewFakeUuid();
  record.user_id = session.user_id;
  record.sign_in_method = session.sign_in_method;
  record.device = session.device;
  record.created_at = ToStoredPrecision(session.created_at);
  record.expires_at = ToStoredPrecision(session.expires_at);
  record.refresh_token_expires_at = ToStoredPrecision(session.refresh_token_expires_at);
  record.client_id = session.client_id;
  record.scope = session.scope;
  record.auth_time = ToStoredPrecision(session.recorded_auth_time());
  stored.current_token = session.refresh_token_hash;
  tokens_[session.refresh_token_hash] = Token{{session.refresh_token_hash, record.created_at,
                                               record.refresh_token_expires_at, std::nullopt, ""},
                                              record.id};
  sessions_[record.id] = stored;
  const EventOrigin origin = EventOrigin::Current();
  if (session.redeems_confirmed_login) {
    users_.events().Append(LoginConfirmedEvent(origin, record.user_id, record.id, record.device),
                           session.created_at);
  }
  users_.events().Append(
      SessionCreatedEvent(origin, record.user_id, record.id, record.sign_in_method, record.device),
      session.created_at);
  return record;
}

absl::StatusOr<std::vector<SessionRecord>> InMemorySessionStore::ListByUser(
    absl::string_view user_id) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  std::vector<SessionRecord> result;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [id, s] : sessions_) {
      if (s.record.user_id == user_id) result.push_back(s.record);
    }
  }
  // The same order as PostgresSessionStore's ORDER BY created_at, id.
  std::sort(result.begin(), result.end(), [](const SessionRecord& a, const SessionRecord& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return result;
}

absl::StatusOr<std::vector<SessionRecord>> InMemorySessionStore::ListActiveByUser(
    absl::string_view user_id, absl::Time now) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  std::vector<SessionRecord> result;
  {
    absl::MutexLock lock(&mu_);
    for (const auto& [id, s] : sessions_) {
      if (s.record.user_id == user_id && Active(s.record, now)) result.push_back(s.record);
    }
  }
  std::sort(result.begin(), result.end(), [](const SessionRecord& a, const SessionRecord& b) {
    return std::tie(a.created_at, a.id) > std::tie(b.created_at, b.id);
  });
  return result;
}

absl::StatusOr<SessionRecord> InMemorySessionStore::Get(absl::string_view session_id) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = sessions_.find(std::string(session_id));
  if (it == sessions_.end()) return absl::NotFoundError("no such session");
  return it->second.record;
}

absl::StatusOr<RefreshChain> InMemorySessionStore::Refresh(
    absl::string_view token_hash, const RefreshTokenHolder& holder,
    absl::FunctionRef<RefreshDecision(const RefreshChain&)> decide) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = tokens_.find(std::string(token_hash));
  if (it == tokens_.end()) return absl::NotFoundError("unknown refresh token");
  if (absl::Status s = CheckHolder(holder, sessions_.at(it->second.session_id).record); !s.ok()) {
    return s;
  }
  absl::StatusOr<RefreshChain> chain = ChainOf(it->second);
  if (!chain.ok()) return chain.status();
  if (absl::Status s = Apply(*chain, decide(*chain)); !s.ok()) return s;
  return chain;
}

absl::StatusOr<RefreshChain> InMemorySessionStore::RotateCurrent(absl::string_view token_hash,
                                                                 const RefreshTokenHolder& holder,
                                                                 const RefreshDecision& rotation) {
  if (rotation.action != RefreshDecision::Action::kRotate) {
    return absl::InvalidArgumentError("RotateCurrent takes a rotation");
  }
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = tokens_.find(std::string(token_hash));
  if (it == tokens_.end()) return absl::NotFoundError("unknown refresh token");
  const Session& session = sessions_.at(it->second.session_id);
  if (absl::Status s = CheckHolder(holder, session.record); !s.ok()) return s;
  const RefreshTokenRecord& token = it->second.record;
  const absl::Time now = ToStoredPrecision(rotation.now);
  if (session.record.revoked || now >= session.record.expires_at || token.rotated_at.has_value() ||
      now >= token.expires_at) {
    return absl::FailedPreconditionError("not the current token of a live session");
  }
  absl::StatusOr<RefreshChain> chain = ChainOf(it->second);
  if (!chain.ok()) return chain.status();
  RefreshDecision capped = rotation;
  capped.successor_expires_at = std::min(rotation.successor_expires_at, chain->session.expires_at);
  if (absl::Status s = Apply(*chain, capped); !s.ok()) return s;
  return chain;
}

absl::StatusOr<RefreshChain> InMemorySessionStore::ChainOf(const Token& presented) {
  RefreshChain chain;
  chain.session = sessions_.at(presented.session_id).record;
  absl::StatusOr<UserRecord> user = users_.FindById(chain.session.user_id);
  if (!user.ok()) return user.status();
  chain.telegram_id = user->profile.telegram_id;
  chain.subscription = user->subscription;
  const Token* link = &presented;
  while (true) {
    chain.tokens.push_back(link->record);
    if (chain.tokens.size() == kMaxChainLength) break;
    auto next = tokens_.find(link->record.replaced_by);
    if (link->record.replaced_by.empty() || next == tokens_.end()) break;
    link = &next->second;
  }
  return chain;
}

absl::Status InMemorySessionStore::Apply(const RefreshChain& chain,
                                         const RefreshDecision& decision) {
  Session& session = sessions_.at(chain.session.id);
  switch (decision.action) {
    case RefreshDecision::Action::kNothing:
      return absl::OkStatus();
    case RefreshDecision::Action::kRotate: {
      const std::string& head = chain.tokens.back().token_hash;
      if (head != session.current_token) {
        return absl::FailedPreconditionError("refresh token is not the current one");
      }
      if (tokens_.contains(decision.successor_hash))
        return absl::AlreadyExistsError("already exists");
      const absl::Time now = ToStoredPrecision(decision.now);
      RefreshTokenRecord& old = tokens_.at(head).record;
      old.rotated_at = now;
      old.replaced_by = decision.successor_hash;
      const absl::Time expires_at = ToStoredPrecision(decision.successor_expires_at);
      tokens_[decision.successor_hash] =
          Token{{decision.successor_hash, now, expires_at, std::nullopt, ""}, session.record.id};
      session.current_token = decision.successor_hash;
      session.record.refresh_token_expires_at = expires_at;
      session.record.last_refreshed_at = now;
      users_.events().Append(
          SessionRefreshedEvent(EventOrigin::Current(), session.record.user_id, session.record.id),
          decision.now);
      return absl::OkStatus();
    }
    case RefreshDecision::Action::kRevoke:
      RevokeLocked(session, decision.now, decision.revoke_reason, EventOrigin::System());
      return absl::OkStatus();
  }
  return absl::InternalError("unknown refresh decision");
}

bool InMemorySessionStore::RevokeLocked(Session& s, absl::Time now, absl::string_view reason,
                                        const EventOrigin& origin) {
  if (s.record.revoked) return false;
  s.record.revoked = true;
  s.record.revoke_reason = std::string(reason);
  s.revoked_at = ToStoredPrecision(now);
  users_.events().Append(
      SessionRevokedEvent(origin, s.record.user_id, s.record.id, reason, s.record.client_id), now);
  return true;
}

absl::StatusOr<bool> InMemorySessionStore::Revoke(absl::string_view session_id, absl::Time now,
                                                  absl::string_view reason) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = sessions_.find(std::string(session_id));
  if (it == sessions_.end()) return absl::NotFoundError("no such session");
  return RevokeLocked(it->second, now, reason, EventOrigin::Current());
}

absl::StatusOr<Revocation> InMemorySessionStore::RevokeByRefreshToken(absl::string_view token_hash,
                                                                      absl::Time now,
                                                                      absl::string_view reason) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = tokens_.find(std::string(token_hash));
  if (it == tokens_.end()) return absl::NotFoundError("unknown refresh token");
  Session& session = sessions_.at(it->second.session_id);
  return Revocation{session.record.id, RevokeLocked(session, now, reason, EventOrigin::Current())};
}

absl::StatusOr<std::vector<std::string>> InMemorySessionStore::RevokeAllExcept(
    absl::string_view user_id, absl::string_view keep_session_id, absl::Time now,
    absl::string_view reason) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  std::vector<std::string> revoked;
  absl::MutexLock lock(&mu_);
  for (auto& [id, s] : sessions_) {
    if (s.record.user_id != user_id || id == keep_session_id || !Active(s.record, now)) continue;
    RevokeLocked(s, now, reason, EventOrigin::Current());
    revoked.push_back(id);
  }
  return revoked;
}

absl::StatusOr<int> InMemorySessionStore::DeleteExpiredRefreshTokens(absl::Time now, int limit) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  int deleted = 0;
  for (auto it = tokens_.begin(); it != tokens_.end() && deleted < limit;) {
    const RefreshTokenRecord& t = it->second.record;
    if (t.rotated_at.has_value() && t.expires_at < now) {
      tokens_.erase(it++);
      ++deleted;
    } else {
      ++it;
    }
  }
  return deleted;
}

absl::StatusOr<int> InMemorySessionStore::DeleteEndedSessions(absl::Time ended_before, int limit) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  int deleted = 0;
  for (auto it = sessions_.begin(); it != sessions_.end() && deleted < limit;) {
    const Session& s = it->second;
    if (s.revoked_at < ended_before || s.record.active_until() < ended_before) {
      if (!s.record.revoked) {  // As PostgresSessionStore: expiry had no event yet.
        users_.events().Append(
            SessionRevokedEvent(EventOrigin::System(), s.record.user_id, s.record.id,
                                kSessionExpiredReason, s.record.client_id),
            ended_before);
      }
      absl::erase_if(tokens_,
                     [&](const auto& entry) { return entry.second.session_id == it->first; });
      sessions_.erase(it++);
      ++deleted;
    } else {
      ++it;
    }
  }
  return deleted;
}

int InMemorySessionStore::RefreshTokenCount() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(tokens_.size());
}

void InMemorySessionStore::ForgetDevices(absl::string_view user_id) {
  absl::MutexLock lock(&mu_);
  for (auto& [id, session] : sessions_) {
    if (session.record.user_id == user_id) session.record.device = DeviceInfo{};
  }
}

}  // namespace tgauth::storage
