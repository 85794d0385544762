// A request body that must be a JSON object, read field by field with
// INVALID_ARGUMENT errors that name the field (the routes answer them with
// 400). Parsed by protobuf's JSON parser into google.protobuf.Struct, so
// syntax, UTF-8 and nesting are checked by a real parser.
//
// Fields are looked up by their documented snake_case name
// ("refresh_token") and, as every proto3 JSON parser accepts, by its
// lowerCamelCase form ("refreshToken").
#ifndef TGAUTH_GATEWAY_JSON_BODY_H_
#define TGAUTH_GATEWAY_JSON_BODY_H_

#include <google/protobuf/struct.pb.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tgauth::gateway {

class JsonBody {
 public:
  // `body` as a JSON object. An empty or blank body is an empty object when
  // `empty_is_object`. INVALID_ARGUMENT otherwise, with `example` (e.g.
  // R"({"token": "..."})") in the message.
  static absl::StatusOr<JsonBody> Parse(absl::string_view body, absl::string_view example,
                                        bool empty_is_object = false);

  // The string at `name`; "" when absent or null. INVALID_ARGUMENT when it
  // holds another type.
  absl::StatusOr<std::string> OptionalString(absl::string_view name) const;

  // The string at `name`. INVALID_ARGUMENT when absent, null, empty or of
  // another type.
  absl::StatusOr<std::string> RequiredString(absl::string_view name) const;

  // Every top-level field, as parsed.
  const google::protobuf::Struct& object() const { return object_; }

 private:
  explicit JsonBody(google::protobuf::Struct object) : object_(std::move(object)) {}

  // The field `name` (or its lowerCamelCase form) and the key it was found
  // under; nullptr when absent.
  const google::protobuf::Value* Find(absl::string_view name, std::string* key) const;

  google::protobuf::Struct object_;
};

}  // namespace tgauth::gateway

#endif  // TGAUTH_GATEWAY_JSON_BODY_H_
