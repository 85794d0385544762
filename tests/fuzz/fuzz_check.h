// The harnesses' property checks: a broken property aborts, which libFuzzer
// records as a crash with the input that caused it.
#ifndef TGAUTH_TESTS_FUZZ_FUZZ_CHECK_H_
#define TGAUTH_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

namespace tgauth::fuzz {

// Aborts with `property` unless `holds`.
inline void Require(bool holds, const char* property) {
  if (holds) return;
  std::fprintf(stderr, "fuzz property broken: %s\n", property);
  std::abort();
}

}  // namespace tgauth::fuzz

#endif  // TGAUTH_TESTS_FUZZ_FUZZ_CHECK_H_
