#include "common/secret_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tgauth {
namespace {

// Closes the descriptor on every return path.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Checks the permissions of the open file (fstat, so a rename between the
// check and the read cannot swap in another file).
absl::Status CheckPrivate(const std::string& path, const struct stat& info) {
  const mode_t mode = info.st_mode & 07777;
  const bool ours = info.st_uid == geteuid();
  const bool root_owned = info.st_uid == 0;
  if (!ours && !root_owned) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "%s belongs to uid %d, neither this process's user nor root; a secret file must be "
        "owned by the user that reads it",
        path, info.st_uid));
  }
  // Owned by root: the group may read (a mounted Secret shared through
  // fsGroup), no more. Owned by us: nobody else may do anything with it.
  const mode_t too_open = root_owned ? (S_IWGRP | S_IXGRP | S_IRWXO) : (S_IRWXG | S_IRWXO);
  if ((mode & too_open) == 0) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrFormat(
      "%s has mode %04o, too open for a secret; run `chmod %s %s`", path, mode,
      root_owned ? "640" : "600", path));
}

}  // namespace

absl::StatusOr<std::string> ReadSecretFile(const std::string& path) {
  FileDescriptor file(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) {
    const int error = errno;
    const std::string message = absl::StrCat("cannot open ", path, ": ", std::strerror(error));
    if (error == ENOENT) return absl::NotFoundError(message);
    if (error == EACCES) return absl::PermissionDeniedError(message);
    return absl::InternalError(message);
  }
  struct stat info {};
  if (fstat(file.get(), &info) != 0) {
    return absl::InternalError(absl::StrCat("cannot stat ", path, ": ", std::strerror(errno)));
  }
  if (!S_ISREG(info.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(path, " is not a regular file"));
  }
  if (absl::Status ok = CheckPrivate(path, info); !ok.ok()) return ok;
  std::string contents;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(file.get(), buffer, sizeof buffer);
    if (n == 0) return contents;
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::InternalError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
    }
    contents.append(buffer, static_cast<size_t>(n));
  }
}

}  // namespace tgauth
