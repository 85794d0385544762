#include "gateway/form_params.h"

#include <utility>

#include "absl/strings/str_split.h"
#include "common/percent_decode.h"

namespace tgauth::gateway {

std::optional<FormParams> ParseFormParams(absl::string_view encoded) {
  FormParams params;
  for (absl::string_view pair : absl::StrSplit(encoded, '&', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(pair, absl::MaxSplits('=', 1));
    std::optional<std::string> name = PercentDecode(kv.first, PlusSign::kSpace);
    std::optional<std::string> value = PercentDecode(kv.second, PlusSign::kSpace);
    if (!name || !value) return std::nullopt;
    auto [it, added] = params.values.insert_or_assign(*std::move(name), *std::move(value));
    if (!added) params.repeated.insert(it->first);
  }
  return params;
}

}  // namespace tgauth::gateway
