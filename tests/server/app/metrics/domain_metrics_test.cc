// DomainMetrics and StoreMetrics: each event moves its one series, every
// series exists from the start, and the number of series never grows with
// what the events carry.
#include "server/app/metrics/domain_metrics.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/app/metrics/store_metrics.h"

namespace tgauth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The lines of `scrape` that are samples of `name` (any labels).
int SeriesCount(const std::string& scrape, const std::string& name) {
  int count = 0;
  for (size_t at = scrape.find("\n" + name + "{"); at != std::string::npos;
       at = scrape.find("\n" + name + "{", at + 1)) {
    ++count;
  }
  return count;
}

TEST(DomainMetricsTest, EverySeriesStartsAtZero) {
  Metrics metrics;
  DomainMetrics domain(metrics);
  const std::string scrape = metrics.Scrape();
  EXPECT_THAT(scrape, HasSubstr("tgauth_logins_total{event=\"expired\"} 0"));
  EXPECT_THAT(scrape, HasSubstr("tgauth_sessions_created_total{method=\"widget\"} 0"));
  EXPECT_THAT(scrape, HasSubstr("tgauth_sessions_revoked_total{reason=\"refresh_token_reuse\"} 0"));
  EXPECT_THAT(scrape, HasSubstr("tgauth_refreshes_total{outcome=\"grace\"} 0"));
  EXPECT_THAT(scrape,
              HasSubstr("tgauth_webhook_updates_total{kind=\"other\",outcome=\"invalid\"} 0"));
  EXPECT_EQ(SeriesCount(scrape, "tgauth_logins_total"), 6);
  EXPECT_EQ(SeriesCount(scrape, "tgauth_webhook_updates_total"), 15);
}

TEST(DomainMetricsTest, EventsMoveTheirSeriesAndAddNone) {
  Metrics metrics;
  DomainMetrics domain(metrics);
  const std::string before = metrics.Scrape();
  domain.OnLoginEvent(LoginEvent::kCreated);
  domain.OnLoginEvent(LoginEvent::kCreated);
  domain.OnSessionCreated({.user_id = "0b6e2c9a-8f0e-4c1e-9d6a-3a2f1e0c9b8d",
                           .telegram_id = 424242424,
                           .session_id = "6c1f0d9e-2a3b-4c5d-8e7f-9a0b1c2d3e4f",
                           .device = {.ip_address = "203.0.113.7"},
                           .sign_in_method = "qr"});
  domain.OnSessionCreated({.sign_in_method = "a-method-from-the-future"});
  domain.OnSessionsRevoked(RevokeReason::kOtherSessions, 3);
  domain.OnRefresh(RefreshOutcome::kReuseDetected);
  domain.OnUpdate(UpdateKind::kCallbackQuery, UpdateOutcome::kHandled);
  const std::string after = metrics.Scrape();
  EXPECT_THAT(after, HasSubstr("tgauth_logins_total{event=\"created\"} 2"));
  EXPECT_THAT(after, HasSubstr("tgauth_sessions_created_total{method=\"qr\"} 1"));
  EXPECT_THAT(after, HasSubstr("tgauth_sessions_created_total{method=\"other\"} 1"));
  EXPECT_THAT(after, HasSubstr("tgauth_sessions_revoked_total{reason=\"other_sessions\"} 3"));
  EXPECT_THAT(after, HasSubstr("tgauth_refreshes_total{outcome=\"reuse_detected\"} 1"));
  EXPECT_THAT(after, HasSubstr(
                         "tgauth_webhook_updates_total{kind=\"callback_query\",outcome=\"handled\"} 1"));
  for (const char* identifying : {"0b6e2c9a", "424242424", "6c1f0d9e", "203.0.113.7", "future"}) {
    EXPECT_THAT(after, Not(HasSubstr(identifying)));
  }
  // Only the catch-all "other" method is new.
  EXPECT_EQ(SeriesCount(after, "tgauth_sessions_created_total"),
            SeriesCount(before, "tgauth_sessions_created_total") + 1);
}

TEST(StoreMetricsTest, CallsAreTimedAndFailuresCountedUnderBoundedLabels) {
  Metrics metrics;
  StoreMetrics store(metrics);
  store.OnStoreCall(storage::StoreKind::kRedis, "GET", absl::Milliseconds(3), false);
  store.OnStoreCall(storage::StoreKind::kRedis, "GET", absl::Milliseconds(2), true);
  store.OnStoreCall(storage::StoreKind::kPostgres, "transaction", absl::Seconds(2), true);
  store.OnStoreCall(storage::StoreKind::kRedis, "tgauth:login:3f2a", absl::Milliseconds(1), false);
  const std::string scrape = metrics.Scrape();
  EXPECT_THAT(scrape,
              HasSubstr("tgauth_store_call_seconds_count{operation=\"GET\",store=\"redis\"} 2"));
  EXPECT_THAT(scrape,
              HasSubstr("tgauth_store_call_errors_total{operation=\"GET\",store=\"redis\"} 1"));
  EXPECT_THAT(scrape, HasSubstr("tgauth_store_call_errors_total{operation=\"transaction\","
                                "store=\"postgres\"} 1"));
  EXPECT_THAT(scrape,
              HasSubstr("tgauth_store_call_seconds_count{operation=\"other\",store=\"redis\"} 1"));
  EXPECT_THAT(scrape, Not(HasSubstr("tgauth:login")));
}

}  // namespace
}  // namespace tgauth
