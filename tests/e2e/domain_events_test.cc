// Domain events end to end on real PostgreSQL, Redis and gRPC: a QR sign-in
// causes each of its events exactly once, WatchEvents resumes after a
// disconnect with no gap and no duplicate, and an event committed just
// before a kill -9 is still delivered after the restart.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/private_file.h"
#include "tests/e2e/qr_sign_in.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tgauth/v1/auth.grpc.pb.h"
#include "tgauth/v1/events.grpc.pb.h"

namespace tgauth::e2e {
namespace {

using ::testing::ElementsAre;

constexpr char kAdminToken[] = "e2e-events-operator-token-0123456789";
constexpr char kUserAgent[] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0";

class DomainEventsTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> flags, int replicas = 1) {
    token_file_ = WritePrivateFile("admin-token", kAdminToken);
    flags.push_back(absl::StrCat("--admin_token_file=", token_file_));
    flags.push_back("--login_confirmation=false");  // As SignInWithQr drives it.
    absl::StatusOr<std::unique_ptr<TgauthCluster>> cluster =
        TgauthCluster::Start({.server_flags = std::move(flags), .replicas = replicas});
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *std::move(cluster);
    cluster_->log_audit().Record(kAdminToken);
  }
  void TearDown() override {
    cluster_.reset();
    if (!token_file_.empty()) std::remove(token_file_.c_str());
  }

  // Events after `after_event_id` from one WatchEvents stream, until
  // `enough` says so or 20 s pass; the stream is then cancelled.
  template <typename Enough>
  std::vector<v1::Event> Watch(uint64_t after_event_id, Enough enough, int replica = 0) {
    auto stub = v1::EventService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", cluster_->grpc_port(replica)), cluster_->GrpcCredentials()));
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kAdminToken));
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    v1::WatchEventsRequest request;
    request.set_after_event_id(after_event_id);
    auto reader = stub->WatchEvents(&context, request);
    std::vector<v1::Event> events;
    v1::Event event;
    while (!enough(events) && reader->Read(&event)) events.push_back(event);
    context.TryCancel();
    reader->Finish().IgnoreError();
    return events;
  }

  // Signs `user` in with a QR login; the new session.
  v1::Session SignInSession(const fixtures::TelegramUserFixture& user) {
    absl::StatusOr<v1::AwaitLoginResponse> done = SignInWithQr(*cluster_, user, kUserAgent);
    EXPECT_TRUE(done.ok()) << done.status();
    return done.ok() ? done->session() : v1::Session();
  }
  std::string SignIn(const fixtures::TelegramUserFixture& user) {
    return SignInSession(user).session_id();
  }

  // The replica whose relay leads, by its tgauth_event_relay_leader gauge;
  // -1 if none says so within 10 s.
  int LeadingReplica(int replicas) {
    for (int attempt = 0; attempt < 100; ++attempt) {
      for (int i = 0; i < replicas; ++i) {
        absl::StatusOr<std::string> metrics = cluster_->ServerMetrics(i);
        if (metrics.ok() && absl::StrContains(*metrics, "\ntgauth_event_relay_leader 1")) return i;
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
    return -1;
  }

  static bool Has(const std::vector<v1::Event>& events, absl::string_view type,
                  absl::string_view session_id) {
    for (const v1::Event& e : events) {
      if (e.type() == type && e.session_id() == session_id) return true;
    }
    return false;
  }

  // The types of the events about `session_id` and of its user's creation.
  static std::vector<std::string> TypesFor(const std::vector<v1::Event>& events,
                                           absl::string_view user_id,
                                           absl::string_view session_id) {
    std::vector<std::string> types;
    for (const v1::Event& e : events) {
      if (e.session_id() == session_id || (e.session_id().empty() && e.user_id() == user_id)) {
        types.push_back(e.type());
      }
    }
    return types;
  }

  std::string token_file_;
  std::unique_ptr<TgauthCluster> cluster_;
};

TEST_F(DomainEventsTest, QrSignInEmitsEachEventOnceAndResumingHasNoGapOrDuplicate) {
  Start({"--event_relay_poll_interval=10ms"});
  const fixtures::TelegramUserFixture user = NewTelegramUser();
  const std::string first = SignIn(user);
  std::vector<v1::Event> seen = Watch(0, [&](const std::vector<v1::Event>& events) {
    return Has(events, "session.created", first);
  });
  ASSERT_TRUE(Has(seen, "session.created", first));
  const std::string user_id = seen.back().user_id();
  EXPECT_THAT(TypesFor(seen, user_id, first),
              ElementsAre("user.created", "login.confirmed", "session.created"));
  const v1::Event& created = seen.back();
  EXPECT_EQ(created.session_created().sign_in_method(), "qr");
  EXPECT_EQ(created.session_created().device_summary(), "Firefox on Linux");
  EXPECT_EQ(created.actor().kind(), v1::Actor::USER);

  // Disconnected; meanwhile the user signs in again.
  const std::string second = SignIn(user);
  const uint64_t last = seen.back().event_id();
  std::vector<v1::Event> resumed = Watch(last, [&](const std::vector<v1::Event>& events) {
    return Has(events, "session.created", second);
  });
  ASSERT_FALSE(resumed.empty());
  // Event ids have no holes, so each one follows the one before.
  EXPECT_EQ(resumed.front().event_id(), last + 1);
  for (size_t i = 1; i < resumed.size(); ++i) {
    EXPECT_EQ(resumed[i].event_id(), resumed[i - 1].event_id() + 1);
  }
  EXPECT_THAT(TypesFor(resumed, user_id, second), ElementsAre("login.confirmed", "session.created"));
}

TEST_F(DomainEventsTest, AnEventCommittedBeforeAKillNineIsDeliveredAfterTheRestart) {
  // The relay's first round runs at start, then not for a minute: the
  // sign-in below commits its events, and the kill comes before any relay
  // round numbered them.
  Start({"--event_relay_poll_interval=10s"});
  const std::string session = SignIn(NewTelegramUser());
  cluster_->KillServer();
  ASSERT_TRUE(cluster_->StartServerAgain().ok());
  std::vector<v1::Event> seen = Watch(0, [&](const std::vector<v1::Event>& events) {
    return Has(events, "session.created", session);
  });
  EXPECT_TRUE(Has(seen, "session.created", session));
}

TEST_F(DomainEventsTest, WhenTheLeadingReplicaIsKilledTheOtherNumbersTheEvents) {
  Start({"--event_relay_poll_interval=10ms"}, /*replicas=*/2);
  const v1::Session session = SignInSession(NewTelegramUser());
  const int leader = LeadingReplica(2);
  ASSERT_GE(leader, 0);
  const int survivor = 1 - leader;
  cluster_->KillServer(leader);
  // A logout on the surviving replica: its session.revoked must be numbered
  // by that replica's relay, once PostgreSQL freed the dead one's lock.
  auto auth = v1::AuthService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", cluster_->grpc_port(survivor)), cluster_->GrpcCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::RevokeSessionRequest request;
  request.set_refresh_token(session.refresh_token());
  v1::RevokeSessionResponse response;
  ASSERT_TRUE(auth->RevokeSession(&context, request, &response).ok());
  std::vector<v1::Event> seen = Watch(
      0, [&](const auto& events) { return Has(events, "session.revoked", session.session_id()); },
      survivor);
  EXPECT_TRUE(Has(seen, "session.revoked", session.session_id()));
  EXPECT_EQ(LeadingReplica(2), survivor);
}

TEST_F(DomainEventsTest, WatchEventsRefusesAWrongCredentialAndAnUnknownType) {
  Start({});
  auto stub = v1::EventService::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", cluster_->grpc_port()), cluster_->GrpcCredentials()));
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer not-the-token");
    v1::Event event;
    auto reader = stub->WatchEvents(&context, v1::WatchEventsRequest());
    EXPECT_FALSE(reader->Read(&event));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kAdminToken));
    v1::WatchEventsRequest request;
    request.add_types("session.exploded");
    v1::Event event;
    auto reader = stub->WatchEvents(&context, request);
    EXPECT_FALSE(reader->Read(&event));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }
}

}  // namespace
}  // namespace tgauth::e2e
