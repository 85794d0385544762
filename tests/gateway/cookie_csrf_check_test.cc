// CookieCsrfCheck (cookie_csrf_check.h): the custom header and an Origin of
// this site or the CORS allow-list, or PERMISSION_DENIED saying which.
#include "gateway/cookie_csrf_check.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace tgauth::gateway {
namespace {

HttpRequest Request(std::map<std::string, std::string> headers) {
  HttpRequest request;
  request.method = "POST";
  request.headers = std::move(headers);
  return request;
}

class CookieCsrfCheckTest : public ::testing::Test {
 protected:
  CorsPolicy cors_{"https://app.example.com"};
};

TEST_F(CookieCsrfCheckTest, SiteOriginAndAllowedOriginsPass) {
  CookieCsrfCheck check(cors_, "https://login.example.com/");
  for (const char* origin : {"https://login.example.com", "https://app.example.com"}) {
    EXPECT_TRUE(check.Check(Request({{"x-tgauth-session", "cookie"}, {"origin", origin}})).ok())
        << origin;
  }
}

TEST_F(CookieCsrfCheckTest, ForeignNullOrMissingOriginIsRefused) {
  CookieCsrfCheck check(cors_, "https://login.example.com");
  for (const char* origin : {"https://evil.example", "null", "http://login.example.com",
                             "https://login.example.com.evil"}) {
    absl::Status status = check.Check(Request({{"x-tgauth-session", "cookie"}, {"origin", origin}}));
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << origin;
    EXPECT_EQ(status.message(),
              "the session cookie is usable only from this site or an origin in "
              "--cors_allowed_origins");
  }
  absl::Status missing = check.Check(Request({{"x-tgauth-session", "cookie"}}));
  EXPECT_EQ(missing.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(missing.message(), "the session cookie needs an Origin header");
}

TEST_F(CookieCsrfCheckTest, WithoutTheCustomHeaderEvenTheSiteItselfIsRefused) {
  CookieCsrfCheck check(cors_, "https://login.example.com");
  for (const char* value : {"", "Cookie", "header"}) {
    absl::Status status =
        check.Check(Request({{"x-tgauth-session", value}, {"origin", "https://login.example.com"}}));
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << value;
    EXPECT_EQ(status.message(),
              "the session cookie is used only with the header X-TGAuth-Session: cookie");
  }
}

TEST_F(CookieCsrfCheckTest, WithoutSiteUrlTheOwnOriginIsTheHostTheBrowserAddressed) {
  CookieCsrfCheck check(cors_, "");
  const std::map<std::string, std::string> own = {
      {"x-tgauth-session", "cookie"}, {"host", "127.0.0.1:8080"}};
  for (const char* origin : {"http://127.0.0.1:8080", "https://127.0.0.1:8080"}) {
    auto headers = own;
    headers["origin"] = origin;
    EXPECT_TRUE(check.Check(Request(headers)).ok()) << origin;
  }
  auto other_port = own;
  other_port["origin"] = "http://127.0.0.1:9090";
  EXPECT_EQ(check.Check(Request(other_port)).code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(check.Check(Request({{"x-tgauth-session", "cookie"}, {"origin", "http://"}})).code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace tgauth::gateway
