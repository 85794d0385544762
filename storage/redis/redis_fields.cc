#include "storage/redis/redis_fields.h"

#include <charconv>

#include "absl/strings/str_cat.h"
#include "storage/redis/redis_client.h"

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

bool ParseInt64(absl::string_view text, int64_t* value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return error == std::errc() && end == text.data() + text.size();
}

std::string Millis(absl::Duration d) {
  return absl::StrCat(absl::Ceil(d, absl::Milliseconds(1)) / absl::Milliseconds(1));
}

}  // namespace tgauth::storage
