#include "gateway/cors_policy.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace tgauth::gateway {

CorsPolicy::CorsPolicy(absl::string_view allowed_origins) {
  for (absl::string_view origin : absl::StrSplit(allowed_origins, ',')) {
    origin = absl::StripAsciiWhitespace(origin);
    if (!origin.empty()) origins_.emplace(origin);
  }
}

bool CorsPolicy::Allows(absl::string_view origin) const {
  return !origin.empty() && origins_.contains(origin);
}

std::vector<std::pair<std::string, std::string>> CorsPolicy::ResponseHeaders(
    absl::string_view origin) const {
  std::vector<std::pair<std::string, std::string>> headers;
  if (origins_.empty()) return headers;
  if (Allows(origin)) {
    headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
    headers.emplace_back("Access-Control-Allow-Credentials", "true");
    // The browser SDK (web/sdk/tgauth.js) counts a login's expiry down on
    // the server's clock, which Date is not safelisted to show.
    headers.emplace_back("Access-Control-Expose-Headers", "Date");
  }
  headers.emplace_back("Vary", "Origin");
  return headers;
}

HttpResponse CorsPolicy::Preflight(absl::string_view origin, absl::string_view methods) const {
  HttpResponse response{.status = 204};
  if (Allows(origin)) {
    response.headers.emplace_back("Access-Control-Allow-Methods", std::string(methods));
    response.headers.emplace_back("Access-Control-Allow-Headers", "Authorization, Content-Type, X-TGAuth-Session");
    response.headers.emplace_back("Access-Control-Max-Age", "600");
  }
  return response;
}

}  // namespace tgauth::gateway
