#include "storage/redis/redis_pending_login_store.h"

#include <charconv>
#include <map>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/secure_token.h"
#include "storage/redis/redis_login_events.h"
#include "storage/redis/redis_rate_limiter.h"

namespace tgauth::storage {
namespace {

// KEYS[1] = login key; ARGV[1] = from, ARGV[2] = to, ARGV[3] = the call's
// id, ARGV[4] = unexpired_at (unix microseconds) or '', ARGV[5] = the poll
// token hash to match or '', ARGV[6] = channel to publish ARGV[7] on when
// applied or '', ARGV[8] = the quota's key prefix (to which the login's
// Telegram id is appended) or '', ARGV[9] = its window in milliseconds,
// ARGV[10] = the Telegram id the stored user must have or '', ARGV[11] =
// 'm' followed by the match code the login must have, or '' (no guard),
// ARGV[12..] = user field, value... Returns nil if absent, else {code,
// HGETALL, count}: code 2 = applied now (the hash as it was before, which
// the caller overlays with state and user: no second read), 1 = applied
// by this call id before, 0 = not applied (both with the hash as it is);
// count = the quota's count when the change was applied (0 if not
// counted), kept as RedisRateLimiter keeps its counters
// (storage/redis/redis_rate_limiter.cc) and, under "quota_count", in the
// login's hash, so a retry gets the same count.
// The call's id is kept under "applied:<to>", so the call can tell its own
// transition from another's after a broken connection, and running it
// twice applies it once. One HSET writes everything, and HSET keeps the
// key's TTL, so the retention never moves. Both hashes in ARGV[5] are
// SHA-256 digests: comparing them with `==` leaks nothing usable about the
// poll token.
// Each command here counts (INFO commandstats): a first count in a window
// is one SET NX PX rather than INCR and PEXPIRE.
const RedisScript& TransitionScript() {
  static const RedisScript* script = new RedisScript(R"lua(
local hash = redis.call('HGETALL', KEYS[1])
if #hash == 0 then return false end
local f = {}
for i = 1, #hash, 2 do f[hash[i]] = hash[i + 1] end
local token_matches = ARGV[5] == '' or ARGV[5] == f['poll_token_hash']
local code = 0
if f['state'] == ARGV[1] and
    (ARGV[4] == '' or tonumber(ARGV[4]) < tonumber(f['expires_at'])) and token_matches and
    (ARGV[10] == '' or ARGV[10] == f['telegram_id']) and
    (ARGV[11] == '' or ARGV[11] == 'm' .. (f['match_code'] or '')) then
  code = 2
elseif f['applied:' .. ARGV[2]] == ARGV[3] then
  code = 1
end
local count = 0
if code == 2 then
  local writes = {'state', ARGV[2], 'applied:' .. ARGV[2], ARGV[3]}
  for i = 12, #ARGV, 2 do
    f[ARGV[i]] = ARGV[i + 1]
    writes[#writes + 1] = ARGV[i]
    writes[#writes + 1] = ARGV[i + 1]
  end
  if ARGV[8] ~= '' and f['telegram_id'] then
    local quota = ARGV[8] .. f['telegram_id']
    if redis.call('SET', quota, '1', 'NX', 'PX', ARGV[9]) then
      count = 1
    else
      count = redis.call('INCR', quota)
    end
    writes[#writes + 1] = 'quota_count'
    writes[#writes + 1] = count
  end
  redis.call('HSET', KEYS[1], unpack(writes))
  if ARGV[6] ~= '' then redis.call('PUBLISH', ARGV[6], ARGV[7]) end
elseif ARGV[8] ~= '' and f['state'] == ARGV[2] and token_matches then
  count = tonumber(f['quota_count'] or '0')
end
return {code, hash, count}
)lua");
  return *script;
}

// Field names and values of a login's hash, as owned strings.
using Fields = std::vector<std::pair<std::string, std::string>>;

void AppendUser(const LoginUser& user, Fields& fields) {
  fields.insert(fields.end(), {{"user_id", user.user_id},
                               {"telegram_id", absl::StrCat(user.profile.telegram_id)},
                               {"first_name", user.profile.first_name},
                               {"last_name", user.profile.last_name},
                               {"username", user.profile.username},
                               {"photo_url", user.profile.photo_url},
                               {"language_code", user.profile.language_code},
                               {"subscription_tier", user.subscription.tier}});
  if (user.subscription.expires_at.has_value()) {
    fields.emplace_back("subscription_expires_at",
                        absl::StrCat(absl::ToUnixMicros(*user.subscription.expires_at)));
  }
}

Fields ToFields(const PendingLogin& login) {
  Fields fields = {{"poll_token_hash", login.poll_token_hash},
                   {"state", std::string(LoginStateName(login.state))},
                   {"created_at", absl::StrCat(absl::ToUnixMicros(login.created_at))},
                   {"expires_at", absl::StrCat(absl::ToUnixMicros(login.expires_at))},
                   {"user_agent", login.device.user_agent},
                   {"ip_address", login.device.ip_address},
                   {"device_name", login.device.name},
                   {"time_zone", login.device.time_zone},
                   {"match_code", login.match_code},
                   {"match_code_choices", absl::StrJoin(login.match_code_choices, ",")},
                   {"app_name", login.app_name}};
  if (login.user.has_value()) AppendUser(*login.user, fields);
  return fields;
}

void AppendArgs(const Fields& fields, std::vector<absl::string_view>& args) {
  for (const auto& [name, value] : fields) {
    args.push_back(name);
    args.push_back(value);
  }
}

std::optional<LoginState> ParseState(absl::string_view name) {
  for (LoginState s : {LoginState::kPending, LoginState::kScanned, LoginState::kConfirmed,
                       LoginState::kRedeemed, LoginState::kDenied}) {
    if (LoginStateName(s) == name) return s;
  }
  return std::nullopt;
}

bool ParseInt64(absl::string_view text, int64_t* value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size();
}

std::string AppliedField(LoginState to) { return absl::StrCat("applied:", LoginStateName(to)); }

// A login's hash by field name; views into a reply or into Fields.
using FieldMap = std::map<absl::string_view, absl::string_view>;

// The fields of an HGETALL array (field, value, field, value...).
FieldMap FieldsOf(const redisReply& hash) {
  FieldMap f;
  for (size_t i = 0; i + 1 < hash.elements; i += 2) {
    f[RedisReply::StrOf(hash.element[i])] = RedisReply::StrOf(hash.element[i + 1]);
  }
  return f;
}

// INTERNAL naming the hash's non-empty fields (never their values, which
// hold the poll token's hash and the user's profile), so a log says what
// was there.
absl::Status Corrupt(const FieldMap& f) {
  std::vector<absl::string_view> names;
  for (const auto& [name, value] : f) {
    if (!value.empty()) names.push_back(name);
  }
  return absl::InternalError(absl::StrCat("corrupt pending login; its non-empty fields: ",
                                          absl::StrJoin(names, ",")));
}

// Builds a login from its hash's fields.
absl::StatusOr<PendingLogin> FromHash(FieldMap f) {
  PendingLogin login;
  std::optional<LoginState> state = ParseState(f["state"]);
  int64_t created_us = 0, expires_us = 0;
  if (!state.has_value() || !ParseInt64(f["created_at"], &created_us) ||
      !ParseInt64(f["expires_at"], &expires_us)) {
    return Corrupt(f);
  }
  login.state = *state;
  login.created_at = absl::FromUnixMicros(created_us);
  login.expires_at = absl::FromUnixMicros(expires_us);
  login.poll_token_hash = std::string(f["poll_token_hash"]);
  login.device = {std::string(f["user_agent"]), std::string(f["ip_address"]),
                  std::string(f["device_name"]), std::string(f["time_zone"])};
  login.match_code = std::string(f["match_code"]);
  if (!f["match_code_choices"].empty()) {
    login.match_code_choices = absl::StrSplit(f["match_code_choices"], ',');
  }
  login.app_name = std::string(f["app_name"]);
  if (f.contains("user_id")) {
    LoginUser& user = login.user.emplace();
    user.user_id = std::string(f["user_id"]);
    if (!ParseInt64(f["telegram_id"], &user.profile.telegram_id)) return Corrupt(f);
    user.profile.first_name = std::string(f["first_name"]);
    user.profile.last_name = std::string(f["last_name"]);
    user.profile.username = std::string(f["username"]);
    user.profile.photo_url = std::string(f["photo_url"]);
    user.profile.language_code = std::string(f["language_code"]);
    user.subscription.tier = std::string(f["subscription_tier"]);
    if (f.contains("subscription_expires_at")) {
      int64_t subscription_us = 0;
      if (!ParseInt64(f["subscription_expires_at"], &subscription_us)) return Corrupt(f);
      user.subscription.expires_at = absl::FromUnixMicros(subscription_us);
    }
  }
  return login;
}

// Whole milliseconds, rounded up so a short time never becomes 0.
std::string Millis(absl::Duration d) {
  return absl::StrCat(absl::Ceil(d, absl::Milliseconds(1)) / absl::Milliseconds(1));
}

}  // namespace

RedisPendingLoginStore::RedisPendingLoginStore(RedisClient& redis, std::string key_prefix)
    : redis_(redis),
      key_prefix_(std::move(key_prefix)),
      channel_(RedisLoginEvents::ChannelFor(key_prefix_)) {}

std::string RedisPendingLoginStore::KeyFor(absl::string_view key) const {
  return absl::StrCat(key_prefix_, "login:", key);
}

absl::Status RedisPendingLoginStore::Create(absl::string_view key, const PendingLogin& login,
                                            absl::Duration retain_for) {
  if (retain_for <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("retention must be positive");
  }
  const std::string redis_key = KeyFor(key);
  const std::string retain_ms = Millis(retain_for);
  const Fields fields = ToFields(login);
  std::vector<absl::string_view> args = {retain_ms};
  AppendArgs(fields, args);
  for (int attempt = 0; attempt < 2; ++attempt) {
    absl::StatusOr<RedisReply> reply =
        redis_.Eval(CreateHashIfAbsentScript(), {redis_key}, args, RedisResend::kNever);
    if (reply.ok()) {
      if (reply->integer() == 0) return absl::AlreadyExistsError("login key already exists");
      return absl::OkStatus();
    }
    if (!IsOutcomeUnknown(reply.status())) return reply.status();
    // Read back: a resent create would find its own login and answer
    // ALREADY_EXISTS. The poll token hash is this login's alone.
    absl::StatusOr<RedisReply> stored =
        redis_.Command({"HGET", redis_key, "poll_token_hash"}, RedisResend::kAllowed);
    if (!stored.ok()) return stored.status();
    if (!stored->is_nil()) {
      if (ConstantTimeEquals(stored->str(), login.poll_token_hash)) return absl::OkStatus();
      return absl::AlreadyExistsError("login key already exists");
    }
    // Absent: the create never ran, so running it now is its first time.
  }
  return absl::UnavailableError("redis unavailable");
}

absl::StatusOr<PendingLogin> RedisPendingLoginStore::Get(absl::string_view key) {
  absl::StatusOr<RedisReply> reply =
      redis_.Command({"HGETALL", KeyFor(key)}, RedisResend::kAllowed);
  if (!reply.ok()) return reply.status();
  if (reply->size() == 0) return absl::NotFoundError("no such login");
  return FromHash(FieldsOf(reply->raw()));
}

absl::StatusOr<LoginTransition> RedisPendingLoginStore::Transition(absl::string_view key,
                                                                   const LoginChange& change) {
  absl::StatusOr<std::string> call_id = NewToken();
  if (!call_id.ok()) return call_id.status();
  Fields user_fields;
  if (change.user != nullptr) AppendUser(*change.user, user_fields);
  const std::string unexpired_at =
      change.unexpired_at == absl::InfinitePast()
          ? ""
          : absl::StrCat(absl::ToUnixMicros(change.unexpired_at));
  const absl::string_view to = LoginStateName(change.to);
  const LoginQuota* quota = change.quota;
  if (quota != nullptr && (quota->limit < 1 || quota->window <= absl::ZeroDuration())) {
    return absl::InvalidArgumentError("quota needs a limit of at least 1 and a positive window");
  }
  const std::string quota_prefix =
      quota == nullptr ? "" : RedisRateLimiter::KeyFor(key_prefix_, quota->bucket_prefix);
  const std::string quota_ms = quota == nullptr ? "" : Millis(quota->window);
  const std::string scanned_by =
      change.scanned_by == 0 ? "" : absl::StrCat(change.scanned_by);
  const std::string match_code =
      change.match_code.has_value() ? absl::StrCat("m", *change.match_code) : "";
  std::vector<absl::string_view> args = {LoginStateName(change.from),
                                         to,
                                         *call_id,
                                         unexpired_at,
                                         change.poll_token_hash,
                                         change.wake ? absl::string_view(channel_) : "",
                                         key,
                                         quota_prefix,
                                         quota_ms,
                                         scanned_by,
                                         match_code};
  AppendArgs(user_fields, args);
  const std::string redis_key = KeyFor(key);
  for (int attempt = 0; attempt < 2; ++attempt) {
    absl::StatusOr<RedisReply> reply =
        redis_.Eval(TransitionScript(), {redis_key}, args, RedisResend::kNever);
    if (reply.ok()) {
      if (reply->is_nil()) return absl::NotFoundError("no such login");
      if (reply->size() != 3) return absl::InternalError("unexpected reply from redis");
      const long long code = reply->element(0).integer;
      const bool within_quota = quota == nullptr || reply->element(2).integer <= quota->limit;
      FieldMap fields = FieldsOf(reply->element(1));
      if (code == 2) {
        // The hash as it was: overlay what the script wrote.
        fields["state"] = to;
        for (const auto& [name, value] : user_fields) fields[name] = value;
      }
      absl::StatusOr<PendingLogin> login = FromHash(std::move(fields));
      if (!login.ok()) return login.status();
      return LoginTransition{code != 0, *std::move(login), within_quota};
    }
    if (!IsOutcomeUnknown(reply.status())) return reply.status();
    // Redis may have run the script: a blind resend would find the state
    // already `to` and answer "not applied" to the call that applied it.
    // Read the login back and answer from what is stored.
    absl::StatusOr<RedisReply> stored =
        redis_.Command({"HGETALL", redis_key}, RedisResend::kAllowed);
    if (!stored.ok()) return stored.status();
    if (stored->size() == 0) return absl::NotFoundError("no such login");
    FieldMap fields = FieldsOf(stored->raw());
    // find, not operator[]: the map's keys are views, and a key inserted
    // from a temporary string would dangle.
    const std::string applied_field = AppliedField(change.to);
    const auto applied = fields.find(applied_field);
    const bool applied_by_this_call = applied != fields.end() && applied->second == *call_id;
    int64_t quota_count = 0;  // Absent: not counted.
    if (auto it = fields.find("quota_count"); it != fields.end()) {
      ParseInt64(it->second, &quota_count);
    }
    absl::StatusOr<PendingLogin> login = FromHash(std::move(fields));
    if (!login.ok()) return login.status();
    if (login->state != change.from) {
      // Applied, by this call or another: the verdict kept with the login.
      LoginTransition read{applied_by_this_call, *std::move(login)};
      if (quota != nullptr && read.login.state == change.to &&
          (change.poll_token_hash.empty() ||
           change.poll_token_hash == read.login.poll_token_hash)) {
        read.within_quota = quota_count <= quota->limit;
      }
      return read;
    }
    // Still `from`: the script has not run. Run it now; should a late copy
    // of the first attempt still arrive, the call id lets only one apply.
  }
  return absl::UnavailableError("redis unavailable");
}

}  // namespace tgauth::storage
