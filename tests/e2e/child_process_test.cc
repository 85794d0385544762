// A child that dies during start-up says how: the harness's only clue when
// it wrote no log. A frozen child is really stopped before the test goes on.
#include "tests/e2e/child_process.h"

#include <signal.h>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace tgauth::e2e {
namespace {

// Polls Running() until the child has gone (it exits at once).
void AwaitExit(ChildProcess& child) {
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (child.Running() && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(5));
}

TEST(ChildProcessTest, AChildKilledByASignalSaysWhichOne) {
  absl::StatusOr<ChildProcess> child = ChildProcess::Start({"sh", "-c", "kill -SEGV $$"});
  ASSERT_TRUE(child.ok()) << child.status();
  EXPECT_EQ(child->exit_description(), "");
  AwaitExit(*child);
  EXPECT_EQ(child->exit_description(), "signal 11 (Segmentation fault)");
}

TEST(ChildProcessTest, AChildThatExitsGivesItsCode) {
  absl::StatusOr<ChildProcess> child = ChildProcess::Start({"sh", "-c", "exit 3"});
  ASSERT_TRUE(child.ok()) << child.status();
  AwaitExit(*child);
  EXPECT_EQ(child->exit_description(), "exit code 3");
}

TEST(ChildProcessTest, FreezeReturnsOnceEveryThreadIsStopped) {
  absl::StatusOr<ChildProcess> child = ChildProcess::Start({"sleep", "30"});
  ASSERT_TRUE(child.ok()) << child.status();
  ASSERT_TRUE(child->Freeze());
  EXPECT_TRUE(child->Running());
  child->Signal(SIGCONT);
  child->Kill();
  EXPECT_FALSE(child->Freeze());  // No process left to stop.
}

}  // namespace
}  // namespace tgauth::e2e
