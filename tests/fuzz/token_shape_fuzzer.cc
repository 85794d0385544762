// The shape checks every bearer secret meets before any lookup: the
// Authorization header's bearer token (gateway/bearer_token.h), the
// refresh-token body of /v1/sessions/refresh and logout
// (gateway/json_body.h), and the 43-character shape of login, poll and
// refresh tokens (common/secure_token.h), plus the session ids of
// DELETE /v1/sessions/<id> (common/uuid.h).
//
// Input: arbitrary bytes, read as an Authorization value, a JSON body and
// a token.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "common/secure_token.h"
#include "common/uuid.h"
#include "gateway/bearer_token.h"
#include "gateway/json_body.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/input_lines.h"

namespace {

using tgauth::fuzz::Require;

bool IsBase64UrlChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

void CheckTokenShape(absl::string_view text) {
  const bool well_formed = tgauth::IsWellFormedToken(text);
  bool expected = text.size() == 43;
  for (char c : text) expected = expected && IsBase64UrlChar(c);
  Require(well_formed == expected, "a token is exactly 43 base64url characters");
}

void CheckBearer(absl::string_view authorization) {
  std::optional<absl::string_view> token = tgauth::gateway::BearerToken(authorization);
  if (!token) return;
  Require(!token->empty(), "a bearer token is never empty");
  Require(absl::StrContains(authorization, *token), "a bearer token comes from the header");
  Require(token->find_first_of(" \t\r\n") == absl::string_view::npos,
          "a bearer token holds no whitespace");
  CheckTokenShape(*token);
}

void CheckRefreshBody(absl::string_view body) {
  absl::StatusOr<tgauth::gateway::JsonBody> json =
      tgauth::gateway::JsonBody::Parse(body, R"({"refresh_token": "..."})");
  if (!json.ok()) return;
  absl::StatusOr<std::string> token = json->RequiredString("refresh_token");
  if (token.ok()) {
    Require(!token->empty(), "a required string is never empty");
    CheckTokenShape(*token);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input = tgauth::fuzz::AsText(data, size);
  CheckBearer(input);
  CheckRefreshBody(input);
  CheckTokenShape(input);
  if (tgauth::IsUuid(input)) Require(input.size() == 36, "a UUID is 36 characters");
  return 0;
}
