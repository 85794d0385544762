#include "storage/redis/redis_authorization_request_store.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/secure_token.h"
#include "storage/redis/redis_fields.h"
#include "storage/token_key.h"

namespace tgauth::storage {
namespace {

Fields ToFields(const AuthorizationRequest& request) {
  return {{"client_id", request.client_id},
          {"redirect_uri", request.redirect_uri},
          {"scope", request.scope},
          {"state", request.state},
          {"nonce", request.nonce},
          {"code_challenge", request.code_challenge},
          {"prompt", request.prompt},
          // Empty: no max_age was asked.
          {"max_age_s",
           request.max_age.has_value() ? absl::StrCat(absl::ToInt64Seconds(*request.max_age)) : ""},
          {"created_us", absl::StrCat(absl::ToUnixMicros(request.created_at))}};
}

absl::StatusOr<AuthorizationRequest> FromHash(const redisReply& hash) {
  FieldMap f = FieldsOf(hash);
  const absl::Status corrupt = absl::InternalError("corrupt authorization request");
  int64_t created_us = 0, max_age_s = 0;
  if (!ParseInt64(f["created_us"], &created_us)) return corrupt;
  AuthorizationRequest request{.client_id = std::string(f["client_id"]),
                               .redirect_uri = std::string(f["redirect_uri"]),
                               .scope = std::string(f["scope"]),
                               .state = std::string(f["state"]),
                               .nonce = std::string(f["nonce"]),
                               .code_challenge = std::string(f["code_challenge"]),
                               .prompt = std::string(f["prompt"]),
                               .created_at = absl::FromUnixMicros(created_us)};
  if (!f["max_age_s"].empty()) {
    if (!ParseInt64(f["max_age_s"], &max_age_s)) return corrupt;
    request.max_age = absl::Seconds(max_age_s);
  }
  return request;
}

}  // namespace

RedisAuthorizationRequestStore::RedisAuthorizationRequestStore(RedisClient& redis,
                                                               std::string key_prefix)
    : redis_(redis), key_prefix_(std::move(key_prefix)) {}

absl::StatusOr<std::string> RedisAuthorizationRequestStore::KeyFor(absl::string_view handle) const {
  absl::StatusOr<std::string> key = TokenKey(handle, "authorization request handle");
  if (!key.ok()) return key.status();
  return absl::StrCat(key_prefix_, "oauth-request:", *key);
}

absl::StatusOr<std::string> RedisAuthorizationRequestStore::Put(const AuthorizationRequest& request,
                                                                absl::Duration lifetime) {
  if (absl::Status s = ValidateAuthorizationRequest(request); !s.ok()) return s;
  if (lifetime <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("authorization request lifetime must be positive");
  }
  absl::StatusOr<std::string> handle = NewToken();
  if (!handle.ok()) return handle.status();
  absl::Status created =
      CreateHashUnderFreshKey(redis_, *KeyFor(*handle), lifetime, ToFields(request));
  if (!created.ok()) return created;
  return handle;
}

absl::StatusOr<AuthorizationRequest> RedisAuthorizationRequestStore::Describe(
    absl::string_view handle) {
  absl::StatusOr<std::string> key = KeyFor(handle);
  if (!key.ok()) return key.status();
  // A read: safe to send again after a broken connection.
  absl::StatusOr<RedisReply> reply = redis_.Command({"HGETALL", *key}, RedisResend::kAllowed);
  if (!reply.ok()) return reply.status();
  if (reply->size() == 0) return absl::NotFoundError("no such authorization request");
  return FromHash(reply->raw());
}

absl::StatusOr<AuthorizationRequest> RedisAuthorizationRequestStore::Consume(
    absl::string_view handle) {
  absl::StatusOr<std::string> key = KeyFor(handle);
  if (!key.ok()) return key.status();
  absl::StatusOr<RedisReply> reply =
      redis_.Eval(ConsumeHashScript(), {*key}, {}, RedisResend::kNever);
  // After a lost reply the request may be used up; it cannot be read back.
  if (!reply.ok()) {
    return IsOutcomeUnknown(reply.status()) ? absl::UnavailableError("redis unavailable")
                                            : reply.status();
  }
  if (reply->size() == 0) return absl::NotFoundError("no such authorization request");
  return FromHash(reply->raw());
}

}  // namespace tgauth::storage
