// The gateway's HTTP metrics: requests by route pattern (never the raw
// path), method and status, and the long polls parked now.
#include "gateway/http_metrics.h"

#include "gateway/login_routes.h"
#include "tests/gateway/gateway_fixture.h"

namespace tgauth::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(HttpMetricsTest, ALongPollIsParkedUntilItAnswersOrIsAbandoned) {
  Metrics metrics;
  HttpMetrics http(metrics);
  int answered = 0;
  Respond answer = http.Observe("/v1/logins/{id}", "GET", true,
                                [&answered](HttpResponse) { ++answered; });
  {
    Respond abandoned = http.Observe("/v1/logins/{id}", "GET", true, [](HttpResponse) {});
    EXPECT_THAT(metrics.Scrape(), HasSubstr("tgauth_gateway_parked_long_polls 2"));
  }
  EXPECT_THAT(metrics.Scrape(), HasSubstr("tgauth_gateway_parked_long_polls 1"));
  answer(HttpResponse{.status = 200});
  EXPECT_EQ(answered, 1);
  const std::string scrape = metrics.Scrape();
  EXPECT_THAT(scrape, HasSubstr("tgauth_gateway_parked_long_polls 0"));
  EXPECT_THAT(scrape, HasSubstr("tgauth_gateway_http_requests_total{method=\"GET\",route=\"/v1/"
                                "logins/{id}\",status=\"200\"} 1"));
  EXPECT_THAT(scrape, HasSubstr("tgauth_gateway_http_request_seconds_count{method=\"GET\","
                                "route=\"/v1/logins/{id}\"} 1"));
}

TEST(HttpMetricsTest, MethodsOutsideRfc9110AreOther) {
  EXPECT_EQ(HttpMethodLabel("DELETE"), "DELETE");
  EXPECT_EQ(HttpMethodLabel("BREW"), "other");
  EXPECT_EQ(HttpMethodLabel("get"), "other");
}

class RouterMetricsTest : public GatewayFixture {
 protected:
  void SetUp() override {
    GatewayFixture::SetUp();
    StartGateway({.webhook_secret = kSecret, .metrics = &http_metrics_});
  }

  Metrics metrics_;
  HttpMetrics http_metrics_{metrics_};
};

TEST_F(RouterMetricsTest, RequestsAreCountedByRoutePatternMethodAndStatus) {
  const std::string token = "Q2b9dQx3Lr8cZk1vW0yTq4mNs7pHa5jUe6fGi0oKl2X";
  ASSERT_EQ(Get(absl::StrCat(kLoginPathPrefix, token, "?wait=0"),
                {{"Authorization", absl::StrCat("Bearer ", token)}})
                .status,
            200);
  ASSERT_EQ(Get(absl::StrCat("/no/such/", token)).status, 404);
  ASSERT_EQ(Request("BREW", std::string(kLoginsPath)).status, 405);
  const std::string scrape = metrics_.Scrape();
  EXPECT_THAT(scrape, HasSubstr("tgauth_gateway_http_requests_total{method=\"GET\",route=\"/v1/"
                                "logins/{id}\",status=\"200\"} 1"));
  EXPECT_THAT(scrape, HasSubstr("tgauth_gateway_http_requests_total{method=\"GET\",route="
                                "\"unmatched\",status=\"404\"} 1"));
  EXPECT_THAT(scrape, HasSubstr("tgauth_gateway_http_requests_total{method=\"other\",route=\"/v1/"
                                "logins\",status=\"405\"} 1"));
  EXPECT_THAT(scrape, HasSubstr("tgauth_gateway_parked_long_polls 0"));
  EXPECT_THAT(scrape, Not(HasSubstr(token)));
}

}  // namespace
}  // namespace tgauth::gateway
