// The bot's confirmation step end to end: real tgauth-server and
// tgauth-gateway processes, real PostgreSQL and Redis, Telegram's webhook
// deliveries over HTTP, and a fake Bot API that receives the bot's own calls
// (the edits of confirmation requests, the sign-in notices).
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>

#include <future>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/qr_sign_in.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tests/fixtures/fake_bot_api.h"
#include "tests/fixtures/telegram_update_json.h"
#include "tgauth/v1/auth.grpc.pb.h"

namespace tgauth::e2e {
namespace {

using fixtures::BotApiAnswer;
using fixtures::BotApiRequest;
using fixtures::FakeBotApi;
using fixtures::HttpReply;
using fixtures::TelegramUserFixture;
using google::protobuf::Struct;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kBotToken[] = "123456789:AAE_e2eTestTokenOfTheFakeBotApi0123";
constexpr char kFirefoxOnLinux[] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/120";
constexpr absl::Duration kPatience = absl::Seconds(15);

template <typename Message>
Message ParseJson(const std::string& json) {
  Message message;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &message).ok()) << json;
  return message;
}

std::string StringField(const Struct& object, const std::string& name) {
  auto it = object.fields().find(name);
  return it == object.fields().end() ? "" : it->second.string_value();
}

// The callback_data of the bot reply's button labelled `label`.
std::string ButtonData(const Struct& reply, const std::string& label) {
  std::string data = e2e::ButtonData(reply, absl::string_view(label));
  if (data.empty()) ADD_FAILURE() << "no button '" << label << "'";
  return data;
}

// One person signing in: a browser (REST) and their phone (webhook updates).
class SignInDriver {
 public:
  SignInDriver(TgauthCluster& cluster, TelegramUserFixture user)
      : cluster_(cluster), user_(std::move(user)) {}

  static TelegramUserFixture NewUser() {
    static absl::BitGen random;
    TelegramUserFixture user;
    user.id = absl::Uniform<int64_t>(random, 1'000'000'000, 8'000'000'000);
    return user;
  }

  const TelegramUserFixture& user() const { return user_; }

  v1::CreateLoginResponse CreateLogin() {
    absl::StatusOr<HttpReply> reply =
        cluster_.Http("POST", "/v1/logins", {{"User-Agent", kFirefoxOnLinux}});
    EXPECT_TRUE(reply.ok() && reply->status == 200) << (reply.ok() ? reply->body : "");
    return ParseJson<v1::CreateLoginResponse>(reply.ok() ? reply->body : "{}");
  }

  v1::AwaitLoginResponse Poll(const v1::CreateLoginResponse& login, int wait = 0) {
    absl::StatusOr<HttpReply> reply =
        cluster_.Http("GET", absl::StrCat("/v1/logins/", login.login_token(), "?wait=", wait),
                      {{"Authorization", "Bearer " + login.poll_token()}});
    EXPECT_TRUE(reply.ok() && reply->status == 200) << (reply.ok() ? reply->body : "");
    return ParseJson<v1::AwaitLoginResponse>(reply.ok() ? reply->body : "{}");
  }

  // Taps START on the login's link; returns the webhook's reply body.
  Struct Scan(const v1::CreateLoginResponse& login) {
    return Deliver(fixtures::StartCommandUpdateJson(
        user_, {.update_id = NextUpdateId(), .message_id = kStartMessageId}, login.login_token()));
  }

  // Presses a button of the bot's request (message kRequestMessageId).
  Struct Press(const std::string& data) { return Deliver(PressJson(data)); }

  std::string PressJson(const std::string& data) {
    return fixtures::CallbackQueryUpdateJson(
        user_, {.update_id = NextUpdateId(), .message_id = kRequestMessageId}, data);
  }

  // POSTs an update; the webhook's JSON reply ({} when it is empty).
  Struct Deliver(const std::string& update) {
    absl::StatusOr<HttpReply> reply = cluster_.SendUpdate(update);
    EXPECT_TRUE(reply.ok() && reply->status == 200) << (reply.ok() ? reply->body : "");
    if (!reply.ok() || reply->body.empty()) return Struct();
    return ParseJson<Struct>(reply->body);
  }

  static constexpr int64_t kStartMessageId = 10;
  static constexpr int64_t kRequestMessageId = 11;

 private:
  static int64_t NextUpdateId() {
    static int64_t id = absl::ToUnixMillis(absl::Now());
    return ++id;
  }

  TgauthCluster& cluster_;
  TelegramUserFixture user_;
};

// The edits of one user's request that reached the fake Bot API.
std::vector<Struct> EditsFor(const FakeBotApi& fake, int64_t chat_id) {
  std::vector<Struct> edits;
  for (const BotApiRequest& request : fake.Requests("editMessageText")) {
    Struct params = request.Params();
    if (params.fields().at("chat_id").number_value() == static_cast<double>(chat_id)) {
      edits.push_back(std::move(params));
    }
  }
  return edits;
}

// Waits for `count` edits of `chat_id`'s request (the client sends them
// asynchronously).
std::vector<Struct> WaitForEdits(const FakeBotApi& fake, int64_t chat_id, size_t count) {
  const absl::Time give_up = absl::Now() + kPatience;
  for (size_t seen = 0; absl::Now() < give_up;) {
    std::vector<Struct> edits = EditsFor(fake, chat_id);
    if (edits.size() >= count) return edits;
    // Edits of other users count too: wait for one more request than seen.
    seen = fake.Requests("editMessageText").size();
    fake.WaitForRequests("editMessageText", seen + 1, give_up - absl::Now());
  }
  return EditsFor(fake, chat_id);
}

std::vector<std::string> BotFlags(const FakeBotApi& fake) {
  return {absl::StrCat("--bot_token=", kBotToken),
          absl::StrCat("--bot_api_base_url=", fake.base_url())};
}

class BotConversationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<FakeBotApi>> fake = FakeBotApi::Start();
    ASSERT_TRUE(fake.ok()) << fake.status();
    fake_ = fake->release();
    absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
        TgauthCluster::Start({.server_flags = BotFlags(*fake_)});
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = cluster->release();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    delete fake_;
  }
  void TearDown() override { fake_->SetAnswer("", {}); }

  static FakeBotApi* fake_;
  static TgauthCluster* cluster_;
  SignInDriver phone_{*cluster_, SignInDriver::NewUser()};
};

FakeBotApi* BotConversationTest::fake_ = nullptr;
TgauthCluster* BotConversationTest::cluster_ = nullptr;

TEST_F(BotConversationTest, ScanIsSeenByThePollThenConfirmSignsInEditsAndNotifies) {
  v1::CreateLoginResponse login = phone_.CreateLogin();
  auto parked = std::async(std::launch::async, [&] { return phone_.Poll(login, /*wait=*/25); });

  Struct request = phone_.Scan(login);
  EXPECT_EQ(StringField(request, "method"), "sendMessage");
  EXPECT_EQ(request.fields().at("chat_id").number_value(), static_cast<double>(phone_.user().id));
  EXPECT_THAT(StringField(request, "text"), HasSubstr("Device: Firefox on Linux"));
  EXPECT_THAT(StringField(request, "text"), HasSubstr("IP address: 127.0.0.1"));

  ASSERT_EQ(parked.wait_for(std::chrono::seconds(20)), std::future_status::ready)
      << "the scan did not wake the parked poll";
  v1::AwaitLoginResponse scanned = parked.get();
  EXPECT_EQ(scanned.state(), v1::LOGIN_STATE_SCANNED);
  EXPECT_FALSE(scanned.has_user());
  EXPECT_FALSE(scanned.has_session());

  Struct answer = phone_.Press(ButtonData(request, "Confirm"));
  EXPECT_EQ(StringField(answer, "method"), "answerCallbackQuery");
  EXPECT_FALSE(StringField(answer, "callback_query_id").empty());
  EXPECT_THAT(StringField(answer, "text"), HasSubstr("Signed in"));

  v1::AwaitLoginResponse signed_in = phone_.Poll(login);
  EXPECT_EQ(signed_in.state(), v1::LOGIN_STATE_CONFIRMED);
  EXPECT_EQ(signed_in.user().telegram_id(), phone_.user().id);
  EXPECT_FALSE(signed_in.session().access_token().empty());

  std::vector<Struct> edits = WaitForEdits(*fake_, phone_.user().id, 1);
  ASSERT_THAT(edits, SizeIs(1));
  EXPECT_EQ(edits[0].fields().at("message_id").number_value(), SignInDriver::kRequestMessageId);
  EXPECT_THAT(StringField(edits[0], "text"), HasSubstr("You confirmed the sign-in"));
  EXPECT_FALSE(edits[0].fields().contains("reply_markup"));

  bool noticed = false;
  const absl::Time give_up = absl::Now() + kPatience;
  for (size_t seen = 0; !noticed && absl::Now() < give_up;) {
    std::vector<BotApiRequest> sent = fake_->Requests("sendMessage");
    for (const BotApiRequest& message : sent) {
      Struct params = message.Params();
      noticed |=
          params.fields().at("chat_id").number_value() == static_cast<double>(phone_.user().id) &&
          absl::StrContains(StringField(params, "text"), "New sign-in to") &&
          absl::StrContains(StringField(params, "text"), "on Firefox on Linux");
      EXPECT_EQ(message.token, kBotToken);
    }
    seen = sent.size();
    if (!noticed) fake_->WaitForRequests("sendMessage", seen + 1, give_up - absl::Now());
  }
  EXPECT_TRUE(noticed) << "no sign-in notice reached the Bot API";
}

TEST_F(BotConversationTest, DenyEndsTheLoginAndTheBrowserSeesDenied) {
  v1::CreateLoginResponse login = phone_.CreateLogin();
  Struct answer = phone_.Press(ButtonData(phone_.Scan(login), "Deny"));
  EXPECT_THAT(StringField(answer, "text"), HasSubstr("Sign-in denied"));
  EXPECT_EQ(phone_.Poll(login).state(), v1::LOGIN_STATE_DENIED);
  EXPECT_EQ(phone_.Poll(login, /*wait=*/5).state(), v1::LOGIN_STATE_DENIED);  // Final, at once.
  std::vector<Struct> edits = WaitForEdits(*fake_, phone_.user().id, 1);
  ASSERT_THAT(edits, SizeIs(1));
  EXPECT_THAT(StringField(edits[0], "text"), HasSubstr("You denied the sign-in"));
}

TEST_F(BotConversationTest, SecondConfirmAndAnotherUsersPressChangeNothing) {
  v1::CreateLoginResponse login = phone_.CreateLogin();
  Struct request = phone_.Scan(login);
  const std::string confirm = ButtonData(request, "Confirm");

  SignInDriver stranger(*cluster_, SignInDriver::NewUser());
  Struct refused = stranger.Press(confirm);
  EXPECT_THAT(StringField(refused, "text"),
              HasSubstr("Only the Telegram account that scanned the code"));
  EXPECT_EQ(phone_.Poll(login).state(), v1::LOGIN_STATE_SCANNED);
  EXPECT_THAT(StringField(stranger.Press(ButtonData(request, "Deny")), "text"),
              HasSubstr("Only the Telegram account"));

  EXPECT_THAT(StringField(phone_.Press(confirm), "text"), HasSubstr("Signed in"));
  EXPECT_THAT(StringField(phone_.Press(confirm), "text"),
              HasSubstr("You already confirmed this sign-in"));
  EXPECT_THAT(StringField(phone_.Press(ButtonData(request, "Deny")), "text"),
              HasSubstr("You already confirmed this sign-in"));
  v1::AwaitLoginResponse signed_in = phone_.Poll(login);
  EXPECT_EQ(signed_in.state(), v1::LOGIN_STATE_CONFIRMED);
  EXPECT_FALSE(signed_in.session().session_id().empty());
  EXPECT_THAT(WaitForEdits(*fake_, phone_.user().id, 1), SizeIs(1));
  EXPECT_THAT(EditsFor(*fake_, stranger.user().id), IsEmpty());
}

TEST_F(BotConversationTest, RedeliveredPressIsProcessedOnceAndAnsweredAgain) {
  v1::CreateLoginResponse login = phone_.CreateLogin();
  const std::string press = phone_.PressJson(ButtonData(phone_.Scan(login), "Confirm"));
  EXPECT_THAT(StringField(phone_.Deliver(press), "text"), HasSubstr("Signed in"));
  // The first answer was lost on its way to Telegram: the same one again.
  EXPECT_THAT(StringField(phone_.Deliver(press), "text"), HasSubstr("Signed in"));
  EXPECT_EQ(phone_.Poll(login).state(), v1::LOGIN_STATE_CONFIRMED);
  WaitForEdits(*fake_, phone_.user().id, 1);
  // Give a wrongly repeated edit the chance to arrive before counting.
  fake_->WaitForRequests("editMessageText", fake_->Requests("editMessageText").size() + 1,
                         absl::Milliseconds(500));
  EXPECT_THAT(EditsFor(*fake_, phone_.user().id), SizeIs(1));
}

TEST_F(BotConversationTest, SlowBotApiDelaysNoWebhookResponse) {
  fake_->SetAnswer("", {.latency = absl::Seconds(3)});
  v1::CreateLoginResponse login = phone_.CreateLogin();
  const absl::Time start = absl::Now();
  Struct request = phone_.Scan(login);
  EXPECT_THAT(StringField(phone_.Press(ButtonData(request, "Confirm")), "text"),
              HasSubstr("Signed in"));
  EXPECT_EQ(phone_.Poll(login).state(), v1::LOGIN_STATE_CONFIRMED);  // Sends a notice too.
  // Two more users' presses while the first edit and notice are in flight.
  for (int i = 0; i < 2; ++i) {
    SignInDriver other(*cluster_, SignInDriver::NewUser());
    v1::CreateLoginResponse other_login = other.CreateLogin();
    EXPECT_THAT(StringField(other.Press(ButtonData(other.Scan(other_login), "Deny")), "text"),
                HasSubstr("Sign-in denied"));
  }
  const absl::Time answered = absl::Now();
  EXPECT_LT(answered - start, absl::Seconds(2)) << "a webhook waited for the Bot API";
  // The edit had reached the Bot API, which sat on it for 3 s, while the
  // later webhook deliveries were answered.
  ASSERT_THAT(WaitForEdits(*fake_, phone_.user().id, 1), SizeIs(1));
  for (const BotApiRequest& edit : fake_->Requests("editMessageText")) {
    if (edit.Params().fields().at("chat_id").number_value() ==
        static_cast<double>(phone_.user().id)) {
      EXPECT_LT(edit.received_at, answered);
    }
  }
}

// A login that expires while its request waits for an answer.
TEST(BotConversationExpiryTest, PressAfterExpiryIsAnsweredAndChangesNothing) {
  absl::StatusOr<std::unique_ptr<FakeBotApi>> fake = FakeBotApi::Start();
  ASSERT_TRUE(fake.ok()) << fake.status();
  std::vector<std::string> flags = BotFlags(**fake);
  flags.push_back("--login_ttl=2s");
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
      TgauthCluster::Start({.server_flags = flags});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  SignInDriver phone(**cluster, SignInDriver::NewUser());
  v1::CreateLoginResponse login = phone.CreateLogin();
  const std::string confirm = ButtonData(phone.Scan(login), "Confirm");

  // A poll that already saw SCANNED parks until the login expires
  // (AwaitLogin's known_state, straight over gRPC).
  auto stub = v1::AuthService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", (*cluster)->grpc_port()), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
  v1::AwaitLoginRequest await;
  await.set_login_token(login.login_token());
  await.set_poll_token(login.poll_token());
  await.set_wait_seconds(10);
  await.set_known_state(v1::LOGIN_STATE_SCANNED);
  v1::AwaitLoginResponse expired;
  ASSERT_TRUE(stub->AwaitLogin(&context, await, &expired).ok());
  ASSERT_EQ(expired.state(), v1::LOGIN_STATE_EXPIRED);

  EXPECT_THAT(StringField(phone.Press(confirm), "text"), HasSubstr("expired"));
  EXPECT_EQ(phone.Poll(login).state(), v1::LOGIN_STATE_EXPIRED);
  (*fake)->WaitForRequests("", 1, absl::Milliseconds(500));
  EXPECT_THAT((*fake)->Requests(), IsEmpty());  // No edit, no notice.
}

TEST(BotConversationMatchCodeTest, OnlyTheBrowsersCodeSignsInAndAWrongOneDenies) {
  absl::StatusOr<std::unique_ptr<FakeBotApi>> fake = FakeBotApi::Start();
  ASSERT_TRUE(fake.ok()) << fake.status();
  std::vector<std::string> flags = BotFlags(**fake);
  flags.push_back("--login_match_code");
  absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
      TgauthCluster::Start({.server_flags = flags});
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  SignInDriver phone(**cluster, SignInDriver::NewUser());

  v1::CreateLoginResponse login = phone.CreateLogin();
  ASSERT_EQ(login.match_code().size(), 2u);
  Struct request = phone.Scan(login);
  EXPECT_THAT(StringField(phone.Press(ButtonData(request, login.match_code())), "text"),
              HasSubstr("Signed in"));
  EXPECT_EQ(phone.Poll(login).state(), v1::LOGIN_STATE_CONFIRMED);

  v1::CreateLoginResponse phished = phone.CreateLogin();
  // Every button of the request is a code, or Deny; pick one that is wrong.
  Struct second = phone.Scan(phished);
  std::string wrong_pick;
  for (const auto& button : second.fields()
                                .at("reply_markup")
                                .struct_value()
                                .fields()
                                .at("inline_keyboard")
                                .list_value()
                                .values(0)
                                .list_value()
                                .values()) {
    const std::string text = StringField(button.struct_value(), "text");
    if (text != phished.match_code()) wrong_pick = text;
  }
  ASSERT_FALSE(wrong_pick.empty());
  EXPECT_THAT(StringField(phone.Press(ButtonData(second, wrong_pick)), "text"),
              HasSubstr("not the code your browser shows"));
  EXPECT_EQ(phone.Poll(phished).state(), v1::LOGIN_STATE_DENIED);
}

}  // namespace
}  // namespace tgauth::e2e
