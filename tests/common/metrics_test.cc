// Metrics: the registry and attached collectables in one text exposition,
// served on GET /metrics of its own port.
#include "common/metrics/metrics.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "common/metrics/sampled_metrics.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prometheus/counter.h"
#include "tests/fixtures/http_client.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsTest, ServesTheRegistryAndSampledValuesOnItsOwnPort) {
  Metrics metrics;
  prometheus::BuildCounter()
      .Name("test_events_total")
      .Help("Events.")
      .Register(metrics.registry())
      .Add({{"kind", "a"}})
      .Increment(3);
  int depth = 7;
  SampledMetrics sampled;
  sampled.AddGauge("test_queue_depth", "Calls queued.", {}, [&depth] { return depth; });
  sampled.AddCounter("test_sent_total", "Calls sent.", {{"outcome", "ok"}}, [] { return 2; });
  sampled.AttachTo(metrics);
  ASSERT_TRUE(metrics.Serve("127.0.0.1:0").ok());
  ASSERT_GT(metrics.port(), 0);

  absl::StatusOr<fixtures::HttpReply> reply = fixtures::Fetch(
      "127.0.0.1", metrics.port(), "GET", "/metrics", {}, "", absl::Seconds(10));
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->status, 200);
  EXPECT_THAT(reply->body, HasSubstr("test_events_total{kind=\"a\"} 3"));
  EXPECT_THAT(reply->body, HasSubstr("# TYPE test_queue_depth gauge\ntest_queue_depth 7"));
  EXPECT_THAT(reply->body, HasSubstr("# TYPE test_sent_total counter\ntest_sent_total{outcome=\"ok\"} 2"));
  depth = 1;  // Read again at the next scrape.
  EXPECT_THAT(metrics.Scrape(), HasSubstr("test_queue_depth 1"));
}

TEST(MetricsTest, ADestroyedSampledSetIsNoLongerScraped) {
  Metrics metrics;
  {
    SampledMetrics sampled;
    sampled.AddGauge("test_pool_in_use", "In use.", {{"pool", "p"}}, [] { return 1; });
    sampled.AttachTo(metrics);
    EXPECT_THAT(metrics.Scrape(), HasSubstr("test_pool_in_use{pool=\"p\"} 1"));
  }
  EXPECT_THAT(metrics.Scrape(), Not(HasSubstr("test_pool_in_use")));
}

TEST(MetricsTest, AnAddressWithoutAPortIsInvalidAndAPortInUseUnavailable) {
  Metrics metrics;
  EXPECT_EQ(metrics.Serve("localhost").code(), absl::StatusCode::kInvalidArgument);
  Metrics first;
  ASSERT_TRUE(first.Serve("127.0.0.1:0").ok());
  EXPECT_EQ(metrics.Serve(absl::StrCat("127.0.0.1:", first.port())).code(),
            absl::StatusCode::kUnavailable);
}

TEST(MetricsTest, NeverRefreshedStalenessIsInfinite) {
  Metrics metrics;
  SampledMetrics sampled;
  sampled.AddGauge("test_staleness_seconds", "Staleness.", {},
                   [] { return std::numeric_limits<double>::infinity(); });
  sampled.AttachTo(metrics);
  EXPECT_THAT(metrics.Scrape(), HasSubstr("test_staleness_seconds +Inf"));
}

}  // namespace
}  // namespace tgauth
