#include "tests/e2e/private_file.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"

namespace tgauth::e2e {

std::string WritePrivateFile(absl::string_view name, absl::string_view contents) {
  std::string path = absl::StrCat("/tmp/tgauth-", name, "-XXXXXX");
  const int fd = mkstemp(path.data());  // Mode 0600, whatever the umask.
  if (fd < 0) std::abort();
  const bool written =
      write(fd, contents.data(), contents.size()) == static_cast<ssize_t>(contents.size());
  close(fd);
  if (!written) std::abort();
  return path;
}

}  // namespace tgauth::e2e
