#include "gateway/json_body.h"

#include <google/protobuf/util/json_util.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace tgauth::gateway {
namespace {

// "refresh_token" -> "refreshToken", as protoc derives json_name.
std::string LowerCamelCase(absl::string_view snake_case) {
  std::string out;
  bool upper_next = false;
  for (char c : snake_case) {
    if (c == '_') {
      upper_next = true;
    } else {
      out.push_back(upper_next ? absl::ascii_toupper(static_cast<unsigned char>(c)) : c);
      upper_next = false;
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<JsonBody> JsonBody::Parse(absl::string_view body, absl::string_view example,
                                         bool empty_is_object) {
  if (empty_is_object && absl::StripAsciiWhitespace(body).empty()) {
    return JsonBody(google::protobuf::Struct());
  }
  google::protobuf::Struct object;
  if (!google::protobuf::util::JsonStringToMessage(std::string(body), &object).ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(empty_is_object ? "body must be empty or " : "body must be ",
                     "a JSON object such as ", example));
  }
  return JsonBody(std::move(object));
}

const google::protobuf::Value* JsonBody::Find(absl::string_view name, std::string* key) const {
  for (std::string candidate : {std::string(name), LowerCamelCase(name)}) {
    auto it = object_.fields().find(candidate);
    if (it != object_.fields().end()) {
      *key = std::move(candidate);
      return &it->second;
    }
  }
  return nullptr;
}

absl::StatusOr<std::string> JsonBody::OptionalString(absl::string_view name) const {
  std::string key;
  const google::protobuf::Value* value = Find(name, &key);
  if (value == nullptr || value->has_null_value()) return std::string();
  if (!value->has_string_value())
    return absl::InvalidArgumentError(absl::StrCat(key, " must be a string"));
  return value->string_value();
}

absl::StatusOr<std::string> JsonBody::RequiredString(absl::string_view name) const {
  absl::StatusOr<std::string> value = OptionalString(name);
  if (value.ok() && value->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(name, " is required"));
  }
  return value;
}

}  // namespace tgauth::gateway
