#include "common/secret_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;

class SecretFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/tgauth-secret-file-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }

  // Writes `contents` to a new file in the test folder with `mode`.
  std::string Write(const std::string& name, const std::string& contents, mode_t mode) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << contents;
    chmod(path.c_str(), mode);
    return path;
  }

  std::string dir_;
};

TEST_F(SecretFileTest, ReadsAFileOnlyItsOwnerCanRead) {
  EXPECT_EQ(*ReadSecretFile(Write("key", "secret\n", 0600)), "secret\n");
  EXPECT_EQ(*ReadSecretFile(Write("read-only", "s", 0400)), "s");
}

TEST_F(SecretFileTest, RefusesAFileGroupOrOthersCanRead) {
  if (geteuid() == 0) GTEST_SKIP() << "as root, new files are root's: the root rule applies";
  for (mode_t mode : {0640, 0604, 0644, 0660, 0602}) {
    absl::StatusOr<std::string> read = ReadSecretFile(Write("open", "secret", mode));
    EXPECT_EQ(read.status().code(), absl::StatusCode::kFailedPrecondition) << mode;
    EXPECT_THAT(read.status().message(), HasSubstr("chmod 600")) << mode;
  }
}

TEST_F(SecretFileTest, RootOwnedFileMayBeReadByItsGroupOnly) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to own the file";
  EXPECT_TRUE(ReadSecretFile(Write("group", "s", 0440)).ok());
  EXPECT_TRUE(ReadSecretFile(Write("group-rw-owner", "s", 0640)).ok());
  for (mode_t mode : {0644, 0604, 0660, 0620}) {
    absl::StatusOr<std::string> read = ReadSecretFile(Write("open", "s", mode));
    EXPECT_EQ(read.status().code(), absl::StatusCode::kFailedPrecondition) << mode;
    EXPECT_THAT(read.status().message(), HasSubstr("chmod 640")) << mode;
  }
}

TEST_F(SecretFileTest, RefusesAFileOfAnotherUser) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to give the file away";
  const std::string path = Write("theirs", "s", 0600);
  ASSERT_EQ(chown(path.c_str(), 65534, 65534), 0);
  absl::StatusOr<std::string> read = ReadSecretFile(path);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(read.status().message(), HasSubstr("uid 65534"));
}

TEST_F(SecretFileTest, FollowsSymbolicLinksAndChecksTheTarget) {
  const std::string target = Write("target", "secret", 0600);
  const std::string link = dir_ + "/link";
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
  EXPECT_EQ(*ReadSecretFile(link), "secret");
  chmod(target.c_str(), 0666);
  EXPECT_EQ(ReadSecretFile(link).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(SecretFileTest, SaysWhenTheFileIsMissingOrNotAFile) {
  EXPECT_EQ(ReadSecretFile(dir_ + "/missing").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReadSecretFile(dir_).status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace tgauth
