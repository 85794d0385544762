// Secret files as tgauth-server accepts them (common/secret_file.h): made
// with mode 0600 from the start, so no other user ever can read them.
#ifndef TGAUTH_TESTS_E2E_PRIVATE_FILE_H_
#define TGAUTH_TESTS_E2E_PRIVATE_FILE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace tgauth::e2e {

// A new file /tmp/tgauth-<name>-XXXXXX holding `contents`, mode 0600; its
// path. The caller removes it. Aborts the process if it cannot be written
// (no test could run).
std::string WritePrivateFile(absl::string_view name, absl::string_view contents);

}  // namespace tgauth::e2e

#endif  // TGAUTH_TESTS_E2E_PRIVATE_FILE_H_
