#include "gateway/bearer_token.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "gateway/json_response.h"
#include "gateway/string_view_compat.h"

namespace tgauth::gateway {
namespace {

constexpr char kChallengeHeader[] = "WWW-Authenticate";

bool IsToken68Char(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~' || c == '+' || c == '/' || c == '=';
}

}  // namespace

std::optional<std::string_view> BearerToken(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (!absl::StartsWithIgnoreCase(ToAbsl(authorization), ToAbsl(kScheme))) return std::nullopt;
  std::string_view token =
      ToStd(absl::StripLeadingAsciiWhitespace(ToAbsl(authorization.substr(kScheme.size()))));
  if (token.empty()) return std::nullopt;
  for (char c : token) {
    if (!IsToken68Char(c)) return std::nullopt;
  }
  return token;
}

HttpResponse BearerChallenge(std::string_view message) {
  HttpResponse response = ErrorResponse(grpc::StatusCode::UNAUTHENTICATED, message);
  response.headers.emplace_back(kChallengeHeader, "Bearer");
  return response;
}

HttpResponse WithInvalidTokenChallenge(HttpResponse response) {
  if (response.status == 401) {
    response.headers.emplace_back(kChallengeHeader, "Bearer error=\"invalid_token\"");
  }
  return response;
}

}  // namespace tgauth::gateway
