#include "gateway/session_cookie.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gateway/json_response.h"

namespace tgauth::gateway {
namespace {

constexpr absl::string_view kName = "tgauth_refresh";
// RFC 6265bis section 4.1.3.2: Secure, Path=/ and no Domain, or the browser
// drops the cookie. SameSite=Strict: no request from another site carries it.
constexpr absl::string_view kSecureAttributes = "; Path=/; Secure; HttpOnly; SameSite=Strict";
constexpr absl::string_view kInsecureAttributes = "; Path=/; HttpOnly; SameSite=Strict";

}  // namespace

SessionCookie::SessionCookie(bool insecure)
    : name_(insecure ? std::string(kName) : absl::StrCat("__Host-", kName)),
      attributes_(insecure ? kInsecureAttributes : kSecureAttributes) {}

bool SessionCookie::Requested(const HttpRequest& request) {
  return request.Header(kSessionModeHeader) == kCookieMode;
}

absl::string_view SessionCookie::Read(const HttpRequest& request) const {
  // Repeated Cookie headers arrive joined with ", " (http_message.h).
  for (absl::string_view pair : absl::StrSplit(request.Header("cookie"), absl::ByAnyChar(";,"))) {
    std::pair<absl::string_view, absl::string_view> name_value =
        absl::StrSplit(absl::StripAsciiWhitespace(pair), absl::MaxSplits('=', 1));
    if (name_value.first == name_) return name_value.second;
  }
  return absl::string_view();
}

std::pair<std::string, std::string> SessionCookie::Set(absl::string_view refresh_token,
                                                       absl::Duration max_age) const {
  const int64_t seconds = std::max<int64_t>(0, absl::ToInt64Seconds(max_age));
  return {"Set-Cookie", absl::StrCat(name_, "=", refresh_token, "; Max-Age=", seconds, attributes_)};
}

std::pair<std::string, std::string> SessionCookie::Clear() const { return Set("", absl::ZeroDuration()); }

HttpResponse SessionCookie::HandOut(google::protobuf::Message& response,
                                    tgauth::v1::Session& session) const {
  if (session.refresh_token().empty()) return ProtoJsonResponse(response);
  std::pair<std::string, std::string> set_cookie =
      Set(session.refresh_token(), absl::Seconds(session.refresh_token_expires_in()));
  session.clear_refresh_token();
  HttpResponse answer = ProtoJsonResponse(response);
  if (answer.status == 200) answer.headers.push_back(std::move(set_cookie));
  return answer;
}

}  // namespace tgauth::gateway
