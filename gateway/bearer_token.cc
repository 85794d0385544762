#include "gateway/bearer_token.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gateway/json_response.h"

namespace tgauth::gateway {
namespace {

constexpr char kChallengeHeader[] = "WWW-Authenticate";

bool IsToken68Char(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~' || c == '+' || c == '/' || c == '=';
}

}  // namespace

std::optional<absl::string_view> BearerToken(absl::string_view authorization) {
  constexpr absl::string_view kScheme = "bearer ";
  if (!absl::StartsWithIgnoreCase(authorization, kScheme)) return std::nullopt;
  absl::string_view token = absl::StripLeadingAsciiWhitespace(authorization.substr(kScheme.size()));
  if (token.empty()) return std::nullopt;
  for (char c : token) {
    if (!IsToken68Char(c)) return std::nullopt;
  }
  return token;
}

std::variant<absl::string_view, HttpResponse> RequireBearerToken(
    const HttpRequest& request, absl::string_view missing_message) {
  std::optional<absl::string_view> token = BearerToken(request.Header("authorization"));
  if (!token) return BearerChallenge(missing_message);
  if (token->size() > kMaxBearerTokenBytes) {
    return WithInvalidTokenChallenge(
        ErrorResponse(grpc::StatusCode::UNAUTHENTICATED,
                      absl::StrCat("bearer token longer than ", kMaxBearerTokenBytes,
                                   " bytes: no token tgauth issues is that long")));
  }
  return *token;
}

HttpResponse BearerChallenge(absl::string_view message) {
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
