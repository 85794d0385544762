#include "server/oauth/authorization_response.h"

#include <uriparser/Uri.h>

#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace tgauth {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

// `params` as application/x-www-form-urlencoded, encoded by uriparser.
std::string FormEncode(const Params& params) {
  std::vector<UriQueryListA> list(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    list[i].key = params[i].first.c_str();
    list[i].value = params[i].second.c_str();
    list[i].next = i + 1 < params.size() ? &list[i + 1] : nullptr;
  }
  char* encoded = nullptr;
  if (list.empty() || uriComposeQueryMallocExA(&encoded, list.data(), URI_TRUE, URI_FALSE) !=
                          URI_SUCCESS) {
    return "";
  }
  std::string out(encoded);
  std::free(encoded);
  return out;
}

std::string WithQuery(absl::string_view redirect_uri, const Params& params) {
  const bool has_query = redirect_uri.find('?') != absl::string_view::npos;
  return absl::StrCat(redirect_uri, has_query ? "&" : "?", FormEncode(params));
}

void AddIfNotEmpty(Params& params, const char* name, absl::string_view value) {
  if (!value.empty()) params.emplace_back(name, std::string(value));
}

}  // namespace

std::string AuthorizationCodeRedirect(absl::string_view redirect_uri, absl::string_view code,
                                      absl::string_view state, absl::string_view issuer) {
  Params params = {{"code", std::string(code)}};
  AddIfNotEmpty(params, "state", state);
  params.emplace_back("iss", std::string(issuer));
  return WithQuery(redirect_uri, params);
}

std::string AuthorizationErrorRedirect(absl::string_view redirect_uri, absl::string_view error,
                                       absl::string_view description, absl::string_view state,
                                       absl::string_view issuer) {
  Params params = {{"error", std::string(error)}};
  AddIfNotEmpty(params, "error_description", description);
  AddIfNotEmpty(params, "state", state);
  params.emplace_back("iss", std::string(issuer));
  return WithQuery(redirect_uri, params);
}

std::string PostLogoutRedirect(absl::string_view post_logout_redirect_uri,
                               absl::string_view state) {
  if (state.empty()) return std::string(post_logout_redirect_uri);
  return WithQuery(post_logout_redirect_uri, {{"state", std::string(state)}});
}

}  // namespace tgauth
