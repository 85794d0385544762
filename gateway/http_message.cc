#include "gateway/http_message.h"

#include <optional>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/percent_decode.h"

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
  if (question == absl::string_view::npos) return true;
  for (absl::string_view pair :
       absl::StrSplit(target.substr(question + 1), '&', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(pair, absl::MaxSplits('=', 1));
    std::optional<std::string> key = PercentDecode(kv.first, PlusSign::kSpace);
    std::optional<std::string> value = PercentDecode(kv.second, PlusSign::kSpace);
    if (!key || !value) return false;
    request->query[*key] = *std::move(value);
  }
  return true;
}

}  // namespace tgauth::gateway
