#include "tests/gateway/json_matchers.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

namespace tgauth::gateway {

google::protobuf::Value ParseJson(const std::string& json) {
  google::protobuf::Value value;
  if (!google::protobuf::util::JsonStringToMessage(json, &value).ok()) {
    value.set_string_value("<not JSON> " + json);
  }
  return value;
}

bool JsonEquals(const std::string& actual, const std::string& expected) {
  return google::protobuf::util::MessageDifferencer::Equals(ParseJson(actual), ParseJson(expected));
}

}  // namespace tgauth::gateway
