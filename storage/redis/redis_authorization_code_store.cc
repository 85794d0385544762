#include "storage/redis/redis_authorization_code_store.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/secure_token.h"
#include "storage/redis/redis_fields.h"
#include "storage/token_key.h"

namespace tgauth::storage {
namespace {

constexpr absl::string_view kIssued = "issued";
constexpr absl::string_view kRedeemed = "redeemed";

// KEYS[1] = code key; ARGV[1] = retention after redemption (ms); ARGV[2] =
// this call's attempt id. Returns {} if absent, else {state before the
// call, HGETALL after it}: an issued code becomes redeemed, marked with
// the attempt id, and lives ARGV[1] ms more; a redeemed one is left as is.
const RedisScript& RedeemScript() {
  static const RedisScript* script = new RedisScript(R"lua(
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return {} end
if state == 'issued' then
  redis.call('HSET', KEYS[1], 'state', 'redeemed', 'redeemed_by', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return {state, redis.call('HGETALL', KEYS[1])}
)lua");
  return *script;
}

// KEYS[1] = code key; ARGV[1] = session id. Returns 0 if absent, 1 if not
// redeemed, 2 if another session id is recorded, 3 once ARGV[1] is.
const RedisScript& RecordSessionScript() {
  static const RedisScript* script = new RedisScript(R"lua(
local f = redis.call('HMGET', KEYS[1], 'state', 'session_id')
if not f[1] then return 0 end
if f[1] ~= 'redeemed' then return 1 end
if f[2] and f[2] ~= ARGV[1] then return 2 end
redis.call('HSET', KEYS[1], 'session_id', ARGV[1])
return 3
)lua");
  return *script;
}

Fields ToFields(const AuthorizationCode& code) {
  return {{"state", std::string(kIssued)},
          {"client_id", code.client_id},
          {"redirect_uri", code.redirect_uri},
          {"scope", code.scope},
          {"nonce", code.nonce},
          {"code_challenge", code.code_challenge},
          {"user_id", code.user_id},
          {"auth_time_us", absl::StrCat(absl::ToUnixMicros(code.auth_time))},
          {"sign_in_method", code.sign_in_method},
          {"user_agent", code.device.user_agent},
          {"ip_address", code.device.ip_address},
          {"device_name", code.device.name},
          {"time_zone", code.device.time_zone}};
}

absl::StatusOr<AuthorizationCode> FromFields(FieldMap f) {
  int64_t auth_time_us = 0;
  if (!ParseInt64(f["auth_time_us"], &auth_time_us)) {
    return absl::InternalError("corrupt authorization code");
  }
  return AuthorizationCode{.client_id = std::string(f["client_id"]),
                           .redirect_uri = std::string(f["redirect_uri"]),
                           .scope = std::string(f["scope"]),
                           .nonce = std::string(f["nonce"]),
                           .code_challenge = std::string(f["code_challenge"]),
                           .user_id = std::string(f["user_id"]),
                           .auth_time = absl::FromUnixMicros(auth_time_us),
                           .sign_in_method = std::string(f["sign_in_method"]),
                           .device = {std::string(f["user_agent"]), std::string(f["ip_address"]),
                                      std::string(f["device_name"]), std::string(f["time_zone"])}};
}

// The redemption a call made, from the hash as it is after the call and
// whether this call is the one that redeemed it.
absl::StatusOr<RedeemedCode> Redemption(const FieldMap& f, bool first) {
  absl::StatusOr<AuthorizationCode> code = FromFields(f);
  if (!code.ok()) return code.status();
  if (first) return RedeemedCode{CodeRedemption::kFirst, *std::move(code), ""};
  auto session = f.find("session_id");
  return RedeemedCode{CodeRedemption::kReused, *std::move(code),
                      session == f.end() ? "" : std::string(session->second)};
}

}  // namespace

RedisAuthorizationCodeStore::RedisAuthorizationCodeStore(RedisClient& redis, std::string key_prefix)
    : redis_(redis), key_prefix_(std::move(key_prefix)) {}

absl::StatusOr<std::string> RedisAuthorizationCodeStore::KeyFor(absl::string_view code) const {
  absl::StatusOr<std::string> key = TokenKey(code, "authorization code");
  if (!key.ok()) return key.status();
  return absl::StrCat(key_prefix_, "oauth-code:", *key);
}

absl::StatusOr<std::string> RedisAuthorizationCodeStore::Issue(const AuthorizationCode& code,
                                                               absl::Duration lifetime) {
  if (absl::Status s = ValidateAuthorizationCode(code); !s.ok()) return s;
  if (lifetime <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("authorization code lifetime must be positive");
  }
  absl::StatusOr<std::string> text = NewToken();
  if (!text.ok()) return text.status();
  absl::Status created = CreateHashUnderFreshKey(redis_, *KeyFor(*text), lifetime, ToFields(code));
  if (!created.ok()) return created;
  return text;
}

absl::StatusOr<RedeemedCode> RedisAuthorizationCodeStore::Redeem(absl::string_view code,
                                                                 absl::Duration retain_for) {
  absl::StatusOr<std::string> key = KeyFor(code);
  if (!key.ok()) return key.status();
  if (retain_for <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("redeemed code retention must be positive");
  }
  absl::StatusOr<std::string> attempt = NewToken();
  if (!attempt.ok()) return attempt.status();
  const std::string retain_ms = Millis(retain_for);
  absl::StatusOr<RedisReply> reply =
      redis_.Eval(RedeemScript(), {*key}, {retain_ms, *attempt}, RedisResend::kNever);
  if (reply.ok()) {
    if (reply->size() != 2) return absl::NotFoundError("no such authorization code");
    const FieldMap f = FieldsOf(reply->element(1));
    return Redemption(f, RedisReply::StrOf(&reply->element(0)) == kIssued);
  }
  if (!IsOutcomeUnknown(reply.status())) return reply.status();
  // The script may have run: this call redeemed the code only if the hash
  // carries its attempt id.
  absl::StatusOr<RedisReply> stored = redis_.Command({"HGETALL", *key}, RedisResend::kAllowed);
  if (!stored.ok()) return absl::UnavailableError("redis unavailable");
  if (stored->size() == 0) return absl::NotFoundError("no such authorization code");
  const FieldMap f = FieldsOf(stored->raw());
  auto state = f.find("state");
  if (state == f.end() || state->second != kRedeemed) {
    return absl::UnavailableError("redis unavailable");  // Not run: nothing changed.
  }
  auto by = f.find("redeemed_by");
  return Redemption(f, by != f.end() && ConstantTimeEquals(by->second, *attempt));
}

absl::Status RedisAuthorizationCodeStore::RecordSession(absl::string_view code,
                                                        absl::string_view session_id) {
  absl::StatusOr<std::string> key = KeyFor(code);
  if (!key.ok()) return key.status();
  if (session_id.empty()) return absl::InvalidArgumentError("session id is empty");
  absl::StatusOr<RedisReply> reply =
      redis_.Eval(RecordSessionScript(), {*key}, {session_id}, RedisResend::kAllowed);
  if (!reply.ok()) return reply.status();
  switch (reply->integer()) {
    case 0:
      return absl::NotFoundError("no such authorization code");
    case 1:
      return absl::FailedPreconditionError("authorization code not redeemed");
    case 2:
      return absl::AlreadyExistsError("another session is recorded for this code");
    default:
      return absl::OkStatus();
  }
}

}  // namespace tgauth::storage
