// The server's sampled series read their objects at every scrape.
#include "server/app/metrics/server_samples.h"

#include "common/fake_clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;

TEST(ServerSamplesTest, PoolsQueuesAndTheFeedsStalenessAreReadAtEachScrape) {
  FakeClock clock;
  RevokedSessions revoked;
  Executor executor(1);
  storage::PoolUse postgres{.in_use = 3, .size = 16};
  Metrics metrics;
  SampledMetrics sampled;
  AddServerSamples({.pools = {{"postgres", [&postgres] { return postgres; }}},
                    .executor = executor,
                    .revoked = revoked,
                    .clock = clock},
                   sampled);
  sampled.AttachTo(metrics);

  std::string scrape = metrics.Scrape();
  EXPECT_THAT(scrape, HasSubstr("tgauth_store_pool_connections_in_use{pool=\"postgres\"} 3"));
  EXPECT_THAT(scrape, HasSubstr("tgauth_store_pool_connections{pool=\"postgres\"} 16"));
  EXPECT_THAT(scrape, HasSubstr("tgauth_executor_queued_calls 0"));
  EXPECT_THAT(scrape, HasSubstr("tgauth_revocation_feed_staleness_seconds +Inf"));
  EXPECT_THAT(scrape, HasSubstr("tgauth_bot_api_queue_depth 0"));  // No bot token.
  EXPECT_THAT(scrape, HasSubstr("tgauth_bot_api_calls_total{outcome=\"dropped\"} 0"));

  postgres.in_use = 16;
  revoked.MarkFresh(clock.Now());
  clock.Advance(absl::Seconds(4));
  scrape = metrics.Scrape();
  EXPECT_THAT(scrape, HasSubstr("tgauth_store_pool_connections_in_use{pool=\"postgres\"} 16"));
  EXPECT_THAT(scrape, HasSubstr("tgauth_revocation_feed_staleness_seconds 4"));
}

}  // namespace
}  // namespace tgauth
