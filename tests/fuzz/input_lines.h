// Inputs made of several strings, one per line, so seed files stay readable
// (e.g. a User-Agent, then a device name, then a time zone).
#ifndef TGAUTH_TESTS_FUZZ_INPUT_LINES_H_
#define TGAUTH_TESTS_FUZZ_INPUT_LINES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace tgauth::fuzz {

// The input as text.
inline absl::string_view AsText(const uint8_t* data, size_t size) {
  return absl::string_view(reinterpret_cast<const char*>(data), size);
}

// The first `count` lines of `input` (split on '\n'; missing ones empty);
// the last one keeps any further line feeds.
inline std::vector<std::string> Lines(absl::string_view input, int count) {
  std::vector<std::string> lines = absl::StrSplit(input, absl::MaxSplits('\n', count - 1));
  lines.resize(count);
  return lines;
}

}  // namespace tgauth::fuzz

#endif  // TGAUTH_TESTS_FUZZ_INPUT_LINES_H_
