#include "gateway/http_message.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace tgauth::gateway {
namespace {

int HexValue(char c) {
  if (absl::ascii_isdigit(static_cast<unsigned char>(c))) return c - '0';
  c = absl::ascii_tolower(static_cast<unsigned char>(c));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// application/x-www-form-urlencoded decoding ('+' is a space).
std::optional<std::string> PercentDecode(absl::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out.push_back(' ');
    } else if (in[i] != '%') {
      out.push_back(in[i]);
    } else {
      if (i + 2 >= in.size()) return std::nullopt;
      const int high = HexValue(in[i + 1]);
      const int low = HexValue(in[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    }
  }
  return out;
}

}  // namespace

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
    std::optional<std::string> key = PercentDecode(kv.first);
    std::optional<std::string> value = PercentDecode(kv.second);
    if (!key || !value) return false;
    request->query[*key] = *std::move(value);
  }
  return true;
}

}  // namespace tgauth::gateway
