// HealthMonitor: checks on a FakeClock, the verdict reported on changes only.
#include "common/health_monitor.h"

#include <vector>

#include "common/fake_clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::ElementsAre;

class HealthMonitorTest : public ::testing::Test {
 protected:
  // A monitor of two checks whose results the test sets.
  std::unique_ptr<HealthMonitor> Monitor() {
    std::vector<HealthCheck> checks;
    checks.push_back({"postgresql", [this] { return postgres_; }});
    checks.push_back({"redis", [this] { return redis_; }});
    return std::make_unique<HealthMonitor>(absl::Milliseconds(500), std::move(checks), clock_,
                                           [this](bool healthy) { reports_.push_back(healthy); });
  }

  FakeClock clock_;
  absl::Status postgres_;
  absl::Status redis_;
  std::vector<bool> reports_;
};

TEST_F(HealthMonitorTest, StartReportsTheFirstRoundAtOnce) {
  std::unique_ptr<HealthMonitor> monitor = Monitor();
  EXPECT_TRUE(monitor->Start().ok());
  EXPECT_THAT(reports_, ElementsAre(true));
  EXPECT_TRUE(monitor->healthy());
}

TEST_F(HealthMonitorTest, AFailingCheckTurnsItUnhealthyUntilItPassesAgain) {
  std::unique_ptr<HealthMonitor> monitor = Monitor();
  ASSERT_TRUE(monitor->Start().ok());
  redis_ = absl::UnavailableError("redis unreachable");
  clock_.Advance(absl::Milliseconds(500));
  EXPECT_FALSE(monitor->healthy());
  clock_.Advance(absl::Milliseconds(500));  // Still failing: no new report.
  redis_ = absl::OkStatus();
  clock_.Advance(absl::Milliseconds(500));
  EXPECT_TRUE(monitor->healthy());
  EXPECT_THAT(reports_, ElementsAre(true, false, true));
}

TEST_F(HealthMonitorTest, StartReturnsTheFirstFailureAndKeepsChecking) {
  postgres_ = absl::UnavailableError("postgresql unreachable");
  std::unique_ptr<HealthMonitor> monitor = Monitor();
  EXPECT_EQ(monitor->Start().code(), absl::StatusCode::kUnavailable);
  postgres_ = absl::OkStatus();
  clock_.Advance(absl::Milliseconds(500));
  EXPECT_THAT(reports_, ElementsAre(false, true));
}

TEST_F(HealthMonitorTest, NoRoundRunsAfterStop) {
  std::unique_ptr<HealthMonitor> monitor = Monitor();
  ASSERT_TRUE(monitor->Start().ok());
  monitor->Stop();
  postgres_ = absl::UnavailableError("postgresql unreachable");
  clock_.Advance(absl::Seconds(5));
  EXPECT_THAT(reports_, ElementsAre(true));
}

}  // namespace
}  // namespace tgauth
