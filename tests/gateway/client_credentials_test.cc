#include "gateway/client_credentials.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/escaping.h"
#include "tests/gateway/json_matchers.h"

namespace tgauth::gateway {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Pair;

HttpRequest WithAuthorization(const std::string& value) {
  HttpRequest request;
  if (!value.empty()) request.headers["authorization"] = value;
  return request;
}

FormParams Form(std::map<std::string, std::string> values) { return {std::move(values), {}}; }

// The "error" member of an OAuth error body.
std::string OAuthError(const HttpResponse& response) {
  return ParseJson(response.body).struct_value().fields().at("error").string_value();
}

std::string Basic(const std::string& user_pass) {
  return "Basic " + absl::Base64Escape(user_pass);
}

ClientCredentials Accepted(const std::variant<ClientCredentials, HttpResponse>& result) {
  if (const auto* refused = std::get_if<HttpResponse>(&result)) {
    ADD_FAILURE() << "refused: " << refused->status << " " << refused->body;
    return {};
  }
  return std::get<ClientCredentials>(result);
}

HttpResponse Refused(const std::variant<ClientCredentials, HttpResponse>& result) {
  if (std::holds_alternative<ClientCredentials>(result)) {
    ADD_FAILURE() << "accepted";
    return {};
  }
  return std::get<HttpResponse>(result);
}

TEST(ClientCredentialsTest, BasicCredentialsAreFormDecodedInsideTheHeader) {
  // RFC 6749 section 2.3.1: a ':' in the secret travels as %3A, a space as '+'.
  ClientCredentials c = Accepted(
      ReadClientCredentials(WithAuthorization(Basic("my-app:s%3Acret+word")), Form({})));
  EXPECT_EQ(c.client_id, "my-app");
  EXPECT_EQ(c.client_secret, "s:cret word");
  EXPECT_EQ(c.method, ClientAuthMethod::kClientSecretBasic);
}

TEST(ClientCredentialsTest, TheSchemeNameIsCaseInsensitiveAndTheBodyMayRepeatTheId) {
  ClientCredentials c = Accepted(ReadClientCredentials(
      WithAuthorization("bAsIc " + absl::Base64Escape("my-app:secret")),
      Form({{"client_id", "my-app"}})));
  EXPECT_EQ(c.client_id, "my-app");
}

TEST(ClientCredentialsTest, BodyCredentialsArePostAndAnIdAloneIsAPublicClient) {
  ClientCredentials post = Accepted(ReadClientCredentials(
      WithAuthorization(""), Form({{"client_id", "my-app"}, {"client_secret", "secret"}})));
  EXPECT_EQ(post.method, ClientAuthMethod::kClientSecretPost);
  EXPECT_EQ(post.client_secret, "secret");
  ClientCredentials none =
      Accepted(ReadClientCredentials(WithAuthorization(""), Form({{"client_id", "spa"}})));
  EXPECT_EQ(none.method, ClientAuthMethod::kNone);
  EXPECT_EQ(none.client_id, "spa");
}

TEST(ClientCredentialsTest, BadBasicCredentialsGet401WithABasicChallenge) {
  for (const std::string& header :
       {std::string("Basic !!!"), Basic("no-colon"), Basic(":secret"), Basic("a:%zz"),
        std::string("Bearer abc"), Basic("my-app:" + std::string(300, 'x'))}) {
    HttpResponse r = Refused(ReadClientCredentials(WithAuthorization(header), Form({})));
    EXPECT_EQ(r.status, 401) << header;
    EXPECT_EQ(OAuthError(r), "invalid_client") << header;
    EXPECT_THAT(r.headers, Contains(Pair("WWW-Authenticate", HasSubstr("Basic")))) << header;
    EXPECT_THAT(r.headers, Contains(Pair("Cache-Control", "no-store")));
  }
}

TEST(ClientCredentialsTest, TwoMethodsAtOnceOrTwoClientsAreAnInvalidRequest) {
  HttpResponse both = Refused(ReadClientCredentials(
      WithAuthorization(Basic("my-app:secret")), Form({{"client_secret", "secret"}})));
  EXPECT_EQ(both.status, 400);
  EXPECT_EQ(OAuthError(both), "invalid_request");
  HttpResponse other = Refused(ReadClientCredentials(WithAuthorization(Basic("my-app:secret")),
                                                     Form({{"client_id", "other"}})));
  EXPECT_EQ(other.status, 400);
  EXPECT_EQ(OAuthError(other), "invalid_request");
}

TEST(ClientCredentialsTest, NoClientIdAtAllIsAnInvalidClient) {
  HttpResponse r = Refused(ReadClientCredentials(WithAuthorization(""), Form({})));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(OAuthError(r), "invalid_client");
  HttpResponse long_id = Refused(ReadClientCredentials(
      WithAuthorization(""), Form({{"client_id", std::string(300, 'a')}})));
  EXPECT_EQ(long_id.status, 401);
}

}  // namespace
}  // namespace tgauth::gateway
