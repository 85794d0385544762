#include "gateway/http_message.h"

#include <optional>
#include <utility>

#include "absl/strings/string_view.h"
#include "gateway/form_params.h"

namespace tgauth::gateway {

absl::string_view HttpRequest::Header(absl::string_view lower_case_name) const {
  auto it = headers.find(std::string(lower_case_name));
  return it == headers.end() ? absl::string_view() : absl::string_view(it->second);
}

bool ParseRequestTarget(absl::string_view target, HttpRequest* request) {
  if (target.empty() || target.front() != '/') return false;
  const size_t question = target.find('?');
  request->path = std::string(target.substr(0, question));
  request->query.clear();
  request->repeated_query.clear();
  if (question == absl::string_view::npos) return true;
  std::optional<FormParams> query = ParseFormParams(target.substr(question + 1));
  if (!query) return false;
  request->query = std::move(query->values);
  request->repeated_query = std::move(query->repeated);
  return true;
}

}  // namespace tgauth::gateway
