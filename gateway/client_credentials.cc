#include "gateway/client_credentials.h"

#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/percent_decode.h"
#include "gateway/oauth_error_response.h"

namespace tgauth::gateway {
namespace {

// The value of form parameter `name`, or "".
absl::string_view Param(const FormParams& params, const std::string& name) {
  auto it = params.values.find(name);
  return it == params.values.end() ? absl::string_view() : absl::string_view(it->second);
}

bool TooLong(absl::string_view value) { return value.size() > kMaxClientCredentialBytes; }

// The id and secret of a "Basic <base64(id:secret)>" header value, each
// form-urlencoded inside (RFC 6749 section 2.3.1; RFC 7617 section 2), or
// nullopt.
std::optional<ClientCredentials> DecodeBasic(absl::string_view authorization) {
  std::string decoded;
  if (!absl::Base64Unescape(absl::StripAsciiWhitespace(authorization), &decoded)) {
    return std::nullopt;
  }
  const size_t colon = decoded.find(':');
  if (colon == std::string::npos) return std::nullopt;
  std::optional<std::string> id =
      PercentDecode(absl::string_view(decoded).substr(0, colon), PlusSign::kSpace);
  std::optional<std::string> secret =
      PercentDecode(absl::string_view(decoded).substr(colon + 1), PlusSign::kSpace);
  if (!id || !secret || id->empty() || TooLong(*id) || TooLong(*secret)) return std::nullopt;
  return ClientCredentials{*std::move(id), *std::move(secret),
                           ClientAuthMethod::kClientSecretBasic};
}

}  // namespace

std::variant<ClientCredentials, HttpResponse> ReadClientCredentials(const HttpRequest& request,
                                                                    const FormParams& params) {
  const absl::string_view body_id = Param(params, "client_id");
  const absl::string_view body_secret = Param(params, "client_secret");
  absl::string_view authorization = request.Header("authorization");
  if (!authorization.empty()) {
    constexpr absl::string_view kScheme = "basic ";
    if (!absl::StartsWithIgnoreCase(authorization, kScheme) || TooLong(authorization)) {
      return BasicInvalidClientResponse(
          "client authentication by the Authorization header takes the Basic scheme");
    }
    std::optional<ClientCredentials> basic = DecodeBasic(authorization.substr(kScheme.size()));
    if (!basic) {
      return BasicInvalidClientResponse(
          "the Basic credentials must be base64 of client_id:client_secret, each "
          "form-urlencoded (RFC 6749 section 2.3.1)");
    }
    if (!body_secret.empty()) {
      return OAuthErrorResponse(400, "invalid_request",
                                "client_secret in both the Authorization header and the body: "
                                "use one client authentication method");
    }
    if (!body_id.empty() && body_id != basic->client_id) {
      return OAuthErrorResponse(400, "invalid_request",
                                "client_id in the body names another client than the "
                                "Authorization header");
    }
    return *std::move(basic);
  }
  if (body_id.empty()) {
    return OAuthErrorResponse(401, "invalid_client",
                              "no client authentication: send client_id (and, for a "
                              "confidential client, its secret)");
  }
  if (TooLong(body_id) || TooLong(body_secret)) {
    return OAuthErrorResponse(401, "invalid_client",
                              absl::StrCat("client_id and client_secret are at most ",
                                           kMaxClientCredentialBytes, " bytes"));
  }
  return ClientCredentials{
      std::string(body_id), std::string(body_secret),
      body_secret.empty() ? ClientAuthMethod::kNone : ClientAuthMethod::kClientSecretPost};
}

}  // namespace tgauth::gateway
