// The request id through the gateway (common/request_id.h): taken from a
// valid X-Request-Id or made, sent to the server as `x-request-id`
// metadata, returned in X-Request-Id on every answer, and named by the
// access line (http_access_log.h), which shows the route, not the path.
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/gateway/gateway_fixture.h"

namespace tgauth::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kNewId[] = "[0-9a-f]{32}";

class RequestIdTest : public GatewayFixture {
 protected:
  // The metadata `x-request-id` of the only CreateLogin call.
  std::string SentToServer() {
    std::vector<FakeRpc<tgauth::v1::CreateLoginRequest, tgauth::v1::CreateLoginResponse>::Call>
        calls = fake_.create_login.calls();
    EXPECT_THAT(calls, SizeIs(1));
    return calls.empty() ? "" : calls[0].metadata["x-request-id"];
  }
};

// The access lines among `output`, parsed.
std::vector<google::protobuf::Struct> AccessLines(const std::string& output) {
  std::vector<google::protobuf::Struct> lines;
  for (absl::string_view line : absl::StrSplit(output, '\n', absl::SkipEmpty())) {
    google::protobuf::Struct object;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(line), &object).ok())
        << line;
    if (object.fields().at("msg").string_value() == "http request") lines.push_back(object);
  }
  return lines;
}

TEST_F(RequestIdTest, AValidIncomingIdIsSentToTheServerAndReturned) {
  TestResponse response = Post("/v1/logins", "", {{"X-Request-Id", "edge-7f3a.1_B"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("x-request-id"), "edge-7f3a.1_B");
  EXPECT_EQ(SentToServer(), "edge-7f3a.1_B");
}

TEST_F(RequestIdTest, WithoutAnIdTheGatewayMakesOne) {
  TestResponse response = Post("/v1/logins", "");
  EXPECT_THAT(response.Header("x-request-id"), MatchesRegex(kNewId));
  EXPECT_EQ(SentToServer(), response.Header("x-request-id"));
}

TEST_F(RequestIdTest, AnInvalidIncomingIdIsReplaced) {
  for (const std::string& invalid : {std::string("has space"), std::string(65, 'a'),
                                     std::string("quote\"d"), std::string("a,b")}) {
    TestResponse response = Get("/healthz", {{"X-Request-Id", invalid}});
    EXPECT_THAT(response.Header("x-request-id"), MatchesRegex(kNewId)) << invalid;
  }
}

TEST_F(RequestIdTest, ErrorAnswersCarryTheIdToo) {
  EXPECT_EQ(Get("/no/such/path", {{"X-Request-Id", "r-404"}}).Header("x-request-id"), "r-404");
  TestResponse not_allowed = Request("DELETE", "/v1/logins", "", {{"X-Request-Id", "r-405"}});
  EXPECT_EQ(not_allowed.status, 405);
  EXPECT_EQ(not_allowed.Header("x-request-id"), "r-405");
  fake_.create_login.Answer(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"));
  TestResponse failed = Post("/v1/logins", "", {{"X-Request-Id", "r-503"}});
  EXPECT_EQ(failed.status, 503);
  EXPECT_EQ(failed.Header("x-request-id"), "r-503");
}

TEST_F(RequestIdTest, RequestsRefusedBeforeRoutingGetANewId) {
  TestResponse too_large = Post("/v1/logins", std::string(65 * 1024, 'x'),
                                {{"X-Request-Id", "r-413"}, {"Content-Type", "application/json"}});
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(too_large.Header("x-request-id"), "r-413");
  TestResponse unparsable = SendRaw(http_->port(), "NOT HTTP\r\n\r\n");
  EXPECT_EQ(unparsable.status, 400);
  EXPECT_THAT(unparsable.Header("x-request-id"), MatchesRegex(kNewId));
}

TEST_F(RequestIdTest, TheAccessLineNamesTheRouteNeverThePathOrItsToken) {
  const std::string login_token(43, 'L');
  ::testing::internal::CaptureStderr();
  TestResponse response =
      Get(absl::StrCat("/v1/logins/", login_token, "?wait=0"),
          {{"Authorization", "Bearer poll-token-secret"}, {"X-Request-Id", "r-poll"}});
  Get("/missing/" + login_token);
  const std::string output = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(output, Not(HasSubstr(login_token)));
  EXPECT_THAT(output, Not(HasSubstr("poll-token-secret")));
  std::vector<google::protobuf::Struct> lines = AccessLines(output);
  ASSERT_THAT(lines, SizeIs(2));
  const auto& poll = lines[0].fields();
  EXPECT_EQ(poll.at("method").string_value(), "GET");
  EXPECT_EQ(poll.at("route").string_value(), "/v1/logins/{id}");
  EXPECT_EQ(poll.at("status").number_value(), 200);
  EXPECT_EQ(poll.at("request_id").string_value(), "r-poll");
  EXPECT_EQ(poll.at("bytes").number_value(), static_cast<double>(response.body.size()));
  EXPECT_GE(poll.at("duration_ms").number_value(), 0);
  EXPECT_EQ(lines[1].fields().at("route").string_value(), "none");
  EXPECT_EQ(lines[1].fields().at("status").number_value(), 404);
}

}  // namespace
}  // namespace tgauth::gateway
