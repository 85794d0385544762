#include "storage/redis/redis_fields.h"

#include <charconv>

#include "absl/strings/str_cat.h"

namespace tgauth::storage {

FieldMap FieldsOf(const redisReply& hash) {
  FieldMap f;
  for (size_t i = 0; i + 1 < hash.elements; i += 2) {
    f[RedisReply::StrOf(hash.element[i])] = RedisReply::StrOf(hash.element[i + 1]);
  }
  return f;
}

void AppendFieldArgs(const Fields& fields, std::vector<absl::string_view>& args) {
  for (const auto& [name, value] : fields) {
    args.push_back(name);
    args.push_back(value);
  }
}

absl::Status CreateHashUnderFreshKey(RedisClient& redis, const std::string& key,
                                     absl::Duration lifetime, const Fields& fields) {
  const std::string lifetime_ms = Millis(lifetime);
  std::vector<absl::string_view> args = {lifetime_ms};
  AppendFieldArgs(fields, args);
  absl::StatusOr<RedisReply> reply =
      redis.Eval(CreateHashIfAbsentScript(), {key}, args, RedisResend::kNever);
  if (reply.ok()) {
    if (reply->integer() == 0) return absl::InternalError("fresh key already taken");
    return absl::OkStatus();
  }
  if (!IsOutcomeUnknown(reply.status())) return reply.status();
  absl::StatusOr<RedisReply> exists = redis.Command({"EXISTS", key}, RedisResend::kAllowed);
  if (exists.ok() && exists->integer() == 1) return absl::OkStatus();
  return absl::UnavailableError("redis unavailable");
}

const RedisScript& ConsumeHashScript() {
  static const RedisScript* script = new RedisScript(R"lua(
local hash = redis.call('HGETALL', KEYS[1])
if #hash > 0 then redis.call('DEL', KEYS[1]) end
return hash
)lua");
  return *script;
}

bool ParseInt64(absl::string_view text, int64_t* value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size();
}

std::string Millis(absl::Duration d) {
  return absl::StrCat(absl::Ceil(d, absl::Milliseconds(1)) / absl::Milliseconds(1));
}

}  // namespace tgauth::storage
