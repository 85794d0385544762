#include "storage/redis/redis_login_link_store.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "storage/redis/redis_fields.h"

namespace tgauth::storage {
namespace {

absl::StatusOr<LoginLink> FromHash(const redisReply& hash) {
  FieldMap f = FieldsOf(hash);
  LoginLink link;
  int64_t expires_us = 0;
  if (!ParseInt64(f["telegram_id"], &link.who.telegram_id) ||
      !ParseInt64(f["expires_at"], &expires_us)) {
    return absl::InternalError("corrupt login link");
  }
  link.expires_at = absl::FromUnixMicros(expires_us);
  link.who.first_name = std::string(f["first_name"]);
  link.who.last_name = std::string(f["last_name"]);
  link.who.username = std::string(f["username"]);
  link.who.photo_url = std::string(f["photo_url"]);
  return link;
}

// A link cannot be read back after a broken connection (Consume deletes it,
// and a link carries nothing that tells whose Create made it): the caller
// learns Redis was unreachable and the person asks the bot for a new link.
absl::Status ReadableStatus(const absl::Status& status) {
  if (IsOutcomeUnknown(status)) return absl::UnavailableError("redis unavailable");
  return status;
}

}  // namespace

RedisLoginLinkStore::RedisLoginLinkStore(RedisClient& redis, std::string key_prefix)
    : redis_(redis), key_prefix_(std::move(key_prefix)) {}

std::string RedisLoginLinkStore::KeyFor(absl::string_view key) const {
  return absl::StrCat(key_prefix_, "login-link:", key);
}

absl::Status RedisLoginLinkStore::Create(absl::string_view key, const LoginLink& link,
                                         absl::Time now) {
  if (link.expires_at <= now) return absl::InvalidArgumentError("login link already expired");
  const std::string lifetime_ms = Millis(link.expires_at - now);
  const std::string telegram_id = absl::StrCat(link.who.telegram_id);
  const std::string expires_at = absl::StrCat(absl::ToUnixMicros(link.expires_at));
  absl::StatusOr<RedisReply> reply =
      redis_.Eval(CreateHashIfAbsentScript(), {KeyFor(key)},
                  {lifetime_ms, "telegram_id", telegram_id, "first_name", link.who.first_name,
                   "last_name", link.who.last_name, "username", link.who.username, "photo_url",
                   link.who.photo_url, "expires_at", expires_at},
                  RedisResend::kNever);
  if (!reply.ok()) return ReadableStatus(reply.status());
  if (reply->integer() == 0) return absl::AlreadyExistsError("login link key already exists");
  return absl::OkStatus();
}

absl::StatusOr<LoginLink> RedisLoginLinkStore::Consume(absl::string_view key) {
  absl::StatusOr<RedisReply> reply =
      redis_.Eval(ConsumeHashScript(), {KeyFor(key)}, {}, RedisResend::kNever);
  if (!reply.ok()) return ReadableStatus(reply.status());
  if (reply->size() == 0) return absl::NotFoundError("no such login link");
  return FromHash(reply->raw());
}

absl::StatusOr<LoginLink> RedisLoginLinkStore::Find(absl::string_view key) {
  const std::string redis_key = KeyFor(key);
  // A read: safe to send again after a broken connection.
  absl::StatusOr<RedisReply> reply = redis_.Command({"HGETALL", redis_key}, RedisResend::kAllowed);
  if (!reply.ok()) return reply.status();
  if (reply->size() == 0) return absl::NotFoundError("no such login link");
  return FromHash(reply->raw());
}

}  // namespace tgauth::storage
