#include "server/session/user_administration.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/log.h"
#include "common/uuid.h"
#include "server/session/account_buckets.h"

namespace tgauth {
namespace {

absl::Status CheckUserId(absl::string_view user_id) {
  if (!IsUuid(user_id)) return absl::InvalidArgumentError("user_id must be a UUID");
  return absl::OkStatus();
}

// Telegram usernames: 5-32 of A-Z a-z 0-9 _ (core.telegram.org/api/username);
// looser here (1-64) so a lookup never refuses a name Telegram may allow later.
bool IsUsernameShaped(absl::string_view name) {
  return !name.empty() && name.size() <= 64 &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_';
         });
}

// A page token is the last user of the page, "<created_at unix micros>/<id>",
// base64url: opaque to callers, but no secret (it names a user they saw).
std::string PageTokenAfter(const storage::UserRecord& last) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(absl::ToUnixMicros(last.created_at), "/", last.id));
}

absl::StatusOr<storage::UserCursor> CursorOf(absl::string_view page_token) {
  const absl::Status bad = absl::InvalidArgumentError("page_token is not one ListUsers returned");
  std::string text;
  if (!absl::WebSafeBase64Unescape(page_token, &text)) return bad;
  std::pair<absl::string_view, absl::string_view> parts = absl::StrSplit(text, '/');
  int64_t micros = 0;
  if (!absl::SimpleAtoi(parts.first, &micros) || !IsUuid(parts.second)) return bad;
  return storage::UserCursor{absl::FromUnixMicros(micros), std::string(parts.second)};
}

void LogChange(absl::string_view what, absl::string_view user_id, absl::string_view operator_name,
               size_t revoked) {
  LogInfo(what, {{"user_id", user_id},
                 {"operator", operator_name},
                 {"revoked_sessions", static_cast<int64_t>(revoked)}});
}

}  // namespace

absl::StatusOr<storage::UserRecord> UserAdministration::FindById(absl::string_view user_id) {
  if (absl::Status s = CheckUserId(user_id); !s.ok()) return s;
  return users_.FindById(user_id);
}

absl::StatusOr<storage::UserRecord> UserAdministration::FindByTelegramId(int64_t telegram_id) {
  if (telegram_id <= 0) return absl::InvalidArgumentError("telegram_id must be positive");
  return users_.FindByTelegramId(telegram_id);
}

absl::StatusOr<storage::UserRecord> UserAdministration::FindByUsername(
    absl::string_view username) {
  absl::ConsumePrefix(&username, "@");
  if (!IsUsernameShaped(username)) {
    return absl::InvalidArgumentError("username must be 1-64 of A-Z a-z 0-9 _");
  }
  return admin_.FindByUsername(username);
}

absl::StatusOr<UserPage> UserAdministration::List(const storage::UserFilter& filter,
                                                  absl::string_view page_token, int page_size) {
  if (page_size < 0 || page_size > kMaxUserPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size must be 0 to ", kMaxUserPageSize));
  }
  if (page_size == 0) page_size = kDefaultUserPageSize;
  std::optional<storage::UserCursor> after;
  if (!page_token.empty()) {
    absl::StatusOr<storage::UserCursor> cursor = CursorOf(page_token);
    if (!cursor.ok()) return cursor.status();
    after = *std::move(cursor);
  }
  // One more than the page tells whether another page follows.
  absl::StatusOr<std::vector<storage::UserRecord>> users =
      admin_.List(filter, after, page_size + 1);
  if (!users.ok()) return users.status();
  UserPage page;
  if (users->size() > static_cast<size_t>(page_size)) {
    users->resize(page_size);
    page.next_page_token = PageTokenAfter(users->back());
  }
  page.users = *std::move(users);
  return page;
}

absl::StatusOr<storage::UserChange> UserAdministration::Block(absl::string_view user_id,
                                                              absl::string_view reason,
                                                              absl::string_view operator_name) {
  if (absl::Status s = CheckUserId(user_id); !s.ok()) return s;
  if (reason.size() > kMaxBlockReasonBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("reason must be at most ", kMaxBlockReasonBytes, " bytes"));
  }
  absl::StatusOr<storage::UserChange> blocked = admin_.Block(user_id, reason, clock_.Now());
  if (blocked.ok()) {
    LogChange("user blocked", user_id, operator_name, blocked->revoked_session_ids.size());
    NoteBlock(blocked->user.profile.telegram_id, true);
  }
  return blocked;
}

absl::StatusOr<storage::UserChange> UserAdministration::Unblock(absl::string_view user_id,
                                                                absl::string_view operator_name) {
  if (absl::Status s = CheckUserId(user_id); !s.ok()) return s;
  absl::StatusOr<storage::UserChange> unblocked = admin_.Unblock(user_id, clock_.Now());
  if (unblocked.ok()) {
    LogChange("user unblocked", user_id, operator_name, 0);
    NoteBlock(unblocked->user.profile.telegram_id, false);
  }
  return unblocked;
}

absl::StatusOr<storage::UserChange> UserAdministration::Erase(absl::string_view user_id,
                                                              absl::string_view operator_name) {
  if (absl::Status s = CheckUserId(user_id); !s.ok()) return s;
  absl::StatusOr<storage::UserChange> erased = admin_.Erase(user_id, clock_.Now());
  if (!erased.ok()) return erased;
  LogChange("user erased", user_id, operator_name, erased->revoked_session_ids.size());
  // The account may sign up again as a new user, not blocked.
  NoteBlock(erased->user.profile.telegram_id, false);
  if (limiter_ != nullptr) {
    for (const char* prefix : kAccountBuckets) {
      const std::string bucket = absl::StrCat(prefix, erased->user.profile.telegram_id);
      if (absl::Status s = limiter_->Forget(bucket); !s.ok()) return s;
    }
  }
  return erased;
}

void UserAdministration::NoteBlock(int64_t telegram_id, bool blocked) {
  if (blocked_ != nullptr) blocked_->Note(telegram_id, blocked);
}

absl::StatusOr<std::vector<storage::SessionRecord>> UserAdministration::Sessions(
    absl::string_view user_id) {
  absl::StatusOr<storage::UserRecord> user = FindById(user_id);
  if (!user.ok()) return user.status();
  absl::StatusOr<std::vector<storage::SessionRecord>> sessions = sessions_.ListByUser(user_id);
  if (!sessions.ok()) return sessions.status();
  std::reverse(sessions->begin(), sessions->end());
  return sessions;
}

absl::StatusOr<bool> UserAdministration::RevokeSession(absl::string_view user_id,
                                                       absl::string_view session_id,
                                                       absl::string_view operator_name) {
  if (absl::Status s = CheckUserId(user_id); !s.ok()) return s;
  if (!IsUuid(session_id)) return absl::InvalidArgumentError("session_id must be a UUID");
  absl::StatusOr<storage::SessionRecord> session = sessions_.Get(session_id);
  if (!session.ok()) return session.status();
  // Another user's session is as good as none: say NOT_FOUND either way.
  if (session->user_id != user_id) return absl::NotFoundError("the user has no such session");
  absl::StatusOr<bool> revoked = sessions_.Revoke(session_id, clock_.Now(), kRevokedByAdmin);
  if (revoked.ok()) LogChange("session revoked", user_id, operator_name, *revoked ? 1 : 0);
  return revoked;
}

absl::StatusOr<std::vector<std::string>> UserAdministration::RevokeAllSessions(
    absl::string_view user_id, absl::string_view operator_name) {
  absl::StatusOr<storage::UserRecord> user = FindById(user_id);
  if (!user.ok()) return user.status();
  absl::StatusOr<std::vector<std::string>> revoked =
      sessions_.RevokeAllExcept(user_id, "", clock_.Now(), kRevokedByAdmin);
  if (revoked.ok()) LogChange("sessions revoked", user_id, operator_name, revoked->size());
  return revoked;
}

absl::StatusOr<UserData> UserAdministration::Export(absl::string_view user_id) {
  absl::StatusOr<storage::UserRecord> user = FindById(user_id);
  if (!user.ok()) return user.status();
  UserData data{.user = *std::move(user)};
  absl::StatusOr<std::vector<storage::SessionRecord>> sessions = sessions_.ListByUser(user_id);
  if (!sessions.ok()) return sessions.status();
  data.sessions = *std::move(sessions);
  absl::StatusOr<std::vector<storage::UserRedemption>> redemptions =
      admin_.ListRedemptions(user_id);
  if (!redemptions.ok()) return redemptions.status();
  data.redemptions = *std::move(redemptions);
  return data;
}

}  // namespace tgauth
