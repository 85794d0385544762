// Compares JSON by structure (parsed into google.protobuf.Value), so key
// order and spacing never make a test flaky.
#ifndef TGAUTH_TESTS_GATEWAY_JSON_MATCHERS_H_
#define TGAUTH_TESTS_GATEWAY_JSON_MATCHERS_H_

#include <string>

#include <google/protobuf/struct.pb.h>
#include <gmock/gmock.h>

namespace tgauth::gateway {

// `json` parsed; a null Value holding the text as a string if it is not JSON
// (so a mismatch prints what arrived).
google::protobuf::Value ParseJson(const std::string& json);

// True if both texts are JSON with equal structure.
bool JsonEquals(const std::string& actual, const std::string& expected);

// Matches a JSON text equal in structure to `expected`.
MATCHER_P(JsonEq, expected, std::string("is JSON equal to ") + expected) {
  return JsonEquals(arg, expected);
}

}  // namespace tgauth::gateway

#endif  // TGAUTH_TESTS_GATEWAY_JSON_MATCHERS_H_
