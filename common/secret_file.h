// Reading a file that holds a secret (a private key, the refresh-token key,
// an admin or gateway token, a TLS key), refusing one that others can read.
#ifndef TGAUTH_COMMON_SECRET_FILE_H_
#define TGAUTH_COMMON_SECRET_FILE_H_

#include <string>

#include "absl/status/statusor.h"

namespace tgauth {

// The whole contents of `path` (symbolic links followed, as Kubernetes
// mounts secrets through them), if its permissions keep it private:
//   - owned by root: group may read, nobody else may (0640 or less), so a
//     Kubernetes Secret mounted with `fsGroup` and mode 0440 is accepted;
//   - otherwise owned by this process's user, with no permission bit for
//     group or others (0600 or 0400): a key others can read is leaked.
// FAILED_PRECONDITION naming the file, its mode and the `chmod` that fixes
// it when the file is more open, or owned by another user; NOT_FOUND or
// PERMISSION_DENIED when it cannot be opened; INTERNAL on a read error.
absl::StatusOr<std::string> ReadSecretFile(const std::string& path);

}  // namespace tgauth

#endif  // TGAUTH_COMMON_SECRET_FILE_H_
