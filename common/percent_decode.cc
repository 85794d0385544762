#include "common/percent_decode.h"

#include "absl/strings/ascii.h"

namespace tgauth {
namespace {

int HexValue(char c) {
  if (absl::ascii_isdigit(static_cast<unsigned char>(c))) return c - '0';
  c = absl::ascii_tolower(static_cast<unsigned char>(c));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

}  // namespace

std::optional<std::string> PercentDecode(absl::string_view in, PlusSign plus) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+' && plus == PlusSign::kSpace) {
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

}  // namespace tgauth
