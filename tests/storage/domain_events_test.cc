// The domain events the stores append with their changes (storage/domain_events.h),
// read back through EventOutbox: the same tests for the in-memory fakes and
// for PostgreSQL, where each event commits in the change's own transaction.
#include <string>
#include <vector>

#include "common/request_id.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/event_origin.h"
#include "tests/storage/session_store_fixture.h"

namespace tgauth::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

TelegramProfile Ada() { return {42, "Ada", "Lovelace", "ada", "https://t.me/i/ada.jpg"}; }

class DomainEventsTest : public SessionStoreFixture {
 protected:
  EventOutbox& outbox() { return *backend_.events; }

  // Every event appended since the last call, numbered, in event_id order.
  std::vector<v1::Event> NewEvents() {
    absl::StatusOr<NumberedBatch> batch = outbox().NumberPending(1000);
    EXPECT_TRUE(batch.ok()) << batch.status();
    return batch.ok() ? batch->events : std::vector<v1::Event>();
  }

  static std::vector<std::string> TypesOf(const std::vector<v1::Event>& events) {
    std::vector<std::string> types;
    for (const v1::Event& e : events) types.push_back(e.type());
    return types;
  }
};

TEST_P(DomainEventsTest, FirstSignInAppendsUserCreatedThenSessionCreated) {
  const RequestIdScope request("req-1");
  const TelegramSignIn signed_in = Ok(sessions().CreateForTelegramUser(Ada(), SessionOf("")));
  const std::vector<v1::Event> events = NewEvents();
  ASSERT_THAT(TypesOf(events), ElementsAre("user.created", "session.created"));
  EXPECT_EQ(events[0].user_id(), signed_in.user.id);
  EXPECT_EQ(events[0].user_created().telegram_id(), 42);
  EXPECT_EQ(events[0].user_created().username(), "ada");
  EXPECT_EQ(events[1].user_id(), signed_in.user.id);
  EXPECT_EQ(events[1].session_id(), signed_in.session.id);
  EXPECT_EQ(events[1].session_created().sign_in_method(), "qr");
  EXPECT_EQ(events[1].session_created().device_summary(), "a web browser");
  for (const v1::Event& e : events) {
    EXPECT_EQ(e.actor().kind(), v1::Actor::USER);
    EXPECT_EQ(e.request_id(), "req-1");
    EXPECT_TRUE(e.has_occurred_at());
  }
  EXPECT_LT(events[0].event_id(), events[1].event_id());
}

TEST_P(DomainEventsTest, SignInWithAChangedNameAppendsUserUpdatedNamingIt) {
  Ok(sessions().CreateForTelegramUser(Ada(), SessionOf("")));
  NewEvents();
  TelegramProfile renamed = Ada();
  renamed.username = "countess";
  renamed.photo_url = "";  // Keeps the stored photo: not a change.
  Ok(sessions().CreateForTelegramUser(renamed, SessionOf("", absl::Hours(1))));
  const std::vector<v1::Event> events = NewEvents();
  ASSERT_THAT(TypesOf(events), ElementsAre("user.updated", "session.created"));
  EXPECT_THAT(events[0].user_updated().changed_fields(), ElementsAre("username"));
}

TEST_P(DomainEventsTest, UnchangedSignInAppendsOnlySessionCreated) {
  Ok(sessions().CreateForTelegramUser(Ada(), SessionOf("")));
  NewEvents();
  Ok(sessions().CreateForTelegramUser(Ada(), SessionOf("", absl::Hours(1))));
  EXPECT_THAT(TypesOf(NewEvents()), ElementsAre("session.created"));
}

TEST_P(DomainEventsTest, SignInInAnotherLanguageAloneAppendsOnlySessionCreated) {
  Ok(sessions().CreateForTelegramUser(Ada(), SessionOf("")));
  NewEvents();
  TelegramProfile in_russian = Ada();
  in_russian.language_code = "ru";  // Stored, but no User field changed.
  Ok(sessions().CreateForTelegramUser(in_russian, SessionOf("", absl::Hours(1))));
  EXPECT_THAT(TypesOf(NewEvents()), ElementsAre("session.created"));
}

TEST_P(DomainEventsTest, RedeemedLoginAppendsLoginConfirmedWithItsSession) {
  NewSession s = SessionOf("");
  s.redeems_confirmed_login = true;
  s.device.user_agent = "Mozilla/5.0 (Windows NT 10.0) Chrome/120.0 Safari/537.36";
  const TelegramSignIn signed_in = Ok(sessions().CreateForTelegramUser(Ada(), s));
  const std::vector<v1::Event> events = NewEvents();
  ASSERT_THAT(TypesOf(events), ElementsAre("user.created", "login.confirmed", "session.created"));
  EXPECT_EQ(events[1].session_id(), signed_in.session.id);
  EXPECT_EQ(events[1].login_confirmed().device_summary(), "Chrome on Windows");
}

TEST_P(DomainEventsTest, RotationAppendsSessionRefreshed) {
  const std::string user = NewUser(7);
  const NewSession s = SessionOf(user);
  const std::string id = CreateSession(s);
  NewEvents();
  Rotate(s.refresh_token_hash, kNow + absl::Minutes(1));
  const std::vector<v1::Event> events = NewEvents();
  ASSERT_THAT(TypesOf(events), ElementsAre("session.refreshed"));
  EXPECT_EQ(events[0].session_id(), id);
  EXPECT_EQ(events[0].user_id(), user);
}

TEST_P(DomainEventsTest, OneRoundTripRotationAppendsSessionRefreshed) {
  const std::string user = NewUser(7);
  const NewSession s = SessionOf(user);
  const std::string id = CreateSession(s);
  NewEvents();
  const absl::Time now = kNow + absl::Minutes(1);
  Ok(sessions().RotateCurrent(
      s.refresh_token_hash, RefreshTokenHolder::FirstParty(),
      RefreshDecision::Rotate(now, Sha256(*NewToken()), now + absl::Hours(1))));
  // Not the current token any more: nothing rotates, nothing is appended.
  EXPECT_FALSE(sessions()
                   .RotateCurrent(s.refresh_token_hash, RefreshTokenHolder::FirstParty(),
                                  RefreshDecision::Rotate(now, Sha256(*NewToken()), now))
                   .ok());
  const std::vector<v1::Event> events = NewEvents();
  ASSERT_THAT(TypesOf(events), ElementsAre("session.refreshed"));
  EXPECT_EQ(events[0].session_id(), id);
  EXPECT_EQ(events[0].user_id(), user);
}

TEST_P(DomainEventsTest, RefreshThatRollsBackAppendsNothing) {
  const std::string user = NewUser(7);
  const NewSession s = SessionOf(user);
  const NewSession other = SessionOf(user, absl::Seconds(1));
  CreateSession(s);
  CreateSession(other);
  NewEvents();
  // A successor hash that is taken: the rotation's transaction rolls back.
  absl::StatusOr<RefreshChain> taken =
      sessions().Refresh(s.refresh_token_hash, RefreshTokenHolder::FirstParty(), [&](const auto&) {
        return RefreshDecision::Rotate(kNow, other.refresh_token_hash, kNow + absl::Hours(1));
      });
  EXPECT_TRUE(absl::IsAlreadyExists(taken.status())) << taken.status();
  EXPECT_THAT(NewEvents(), IsEmpty());
}

TEST_P(DomainEventsTest, ReuseRevocationIsTgauthsOwnAndAppendedOnce) {
  const NewSession s = SessionOf(NewUser(7));
  const std::string id = CreateSession(s);
  NewEvents();
  for (int i = 0; i < 2; ++i) {
    Ok(sessions().Refresh(
        s.refresh_token_hash, RefreshTokenHolder::FirstParty(),
        [](const RefreshChain&) { return RefreshDecision::Revoke(kNow, "refresh_token_reuse"); }));
  }
  const std::vector<v1::Event> events = NewEvents();
  ASSERT_THAT(TypesOf(events), ElementsAre("session.revoked"));
  EXPECT_EQ(events[0].session_id(), id);
  EXPECT_EQ(events[0].session_revoked().reason(), v1::SessionRevoked::REFRESH_TOKEN_REUSE_DETECTED);
  EXPECT_EQ(events[0].actor().kind(), v1::Actor::SYSTEM);
}

TEST_P(DomainEventsTest, EachRevocationAppendsItsReasonOnceAsTheScopesActor) {
  const std::string user = NewUser(7);
  const NewSession a = SessionOf(user);
  const NewSession b = SessionOf(user, absl::Seconds(1));
  const NewSession c = SessionOf(user, absl::Seconds(2));
  const std::string a_id = CreateSession(a);
  const std::string b_id = CreateSession(b);
  const std::string c_id = CreateSession(c);
  NewEvents();
  Ok(sessions().RevokeByRefreshToken(a.refresh_token_hash, kNow, "logout"));
  Ok(sessions().RevokeByRefreshToken(a.refresh_token_hash, kNow, "logout"));  // No event.
  {
    const EventOriginScope admin(EventOrigin::Admin("alice"));
    Ok(sessions().Revoke(b_id, kNow, "admin"));
  }
  Ok(sessions().RevokeAllExcept(user, "", kNow, "revoked_with_other_sessions"));
  const std::vector<v1::Event> events = NewEvents();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].session_id(), a_id);
  EXPECT_EQ(events[0].session_revoked().reason(), v1::SessionRevoked::LOGOUT);
  EXPECT_EQ(events[0].actor().kind(), v1::Actor::USER);
  EXPECT_EQ(events[1].session_id(), b_id);
  EXPECT_EQ(events[1].session_revoked().reason(), v1::SessionRevoked::ADMIN);
  EXPECT_EQ(events[1].actor().kind(), v1::Actor::ADMIN);
  EXPECT_EQ(events[1].actor().name(), "alice");
  EXPECT_EQ(events[2].session_id(), c_id);
  EXPECT_EQ(events[2].session_revoked().reason(), v1::SessionRevoked::OTHER_DEVICES_LOGGED_OUT);
}

// Back-channel logout (server/oauth/backchannel_logout_sink.h) is sent to
// the client a revoked session names, whichever way it was revoked.
TEST_P(DomainEventsTest, ARevokedSessionOfAClientNamesTheClientWhicheverWayItEnded) {
  RegisterClient("shop");
  const std::string user = NewUser(7);
  std::vector<NewSession> made;
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    NewSession s = SessionOf(user, absl::Seconds(i));
    s.client_id = "shop";
    s.scope = "openid";
    ids.push_back(CreateSession(s));
    made.push_back(std::move(s));
  }
  const std::string own = CreateSession(SessionOf(user, absl::Seconds(9)));
  NewEvents();
  Ok(sessions().Revoke(ids[0], kNow, "logout"));
  Ok(sessions().RevokeByRefreshToken(made[1].refresh_token_hash, kNow, "logout"));
  Ok(sessions().Refresh(made[2].refresh_token_hash, RefreshTokenHolder::Client("shop"),
                        [](const RefreshChain&) {
    return RefreshDecision::Revoke(kNow, "refresh_token_reuse");
  }));
  Ok(sessions().RevokeAllExcept(user, ids[4], kNow, "revoked_with_other_sessions"));
  Ok(backend_.admin->Block(user, "spam", kNow));
  const std::vector<v1::Event> events = NewEvents();
  std::vector<std::pair<std::string, std::string>> ended;  // (session, client)
  for (const v1::Event& e : events) {
    if (e.has_session_revoked())
      ended.emplace_back(e.session_id(), e.session_revoked().client_id());
  }
  EXPECT_THAT(ended,
              UnorderedElementsAre(Pair(ids[0], "shop"), Pair(ids[1], "shop"), Pair(ids[2], "shop"),
                                   Pair(ids[3], "shop"), Pair(own, ""), Pair(ids[4], "shop")));
}

TEST_P(DomainEventsTest, DeletingAnExpiredSessionAppendsExpiredButARevokedOneNothing) {
  const std::string user = NewUser(7);
  const std::string expired = CreateSession(SessionOf(user));
  const std::string revoked = CreateSession(SessionOf(user, absl::Seconds(1)));
  Ok(sessions().Revoke(revoked, kNow, "logout"));
  NewEvents();
  EXPECT_EQ(Ok(sessions().DeleteEndedSessions(kNow + absl::Hours(24 * 400), 10)), 2);
  const std::vector<v1::Event> events = NewEvents();
  ASSERT_THAT(TypesOf(events), ElementsAre("session.revoked"));
  EXPECT_EQ(events[0].session_id(), expired);
  EXPECT_EQ(events[0].session_revoked().reason(), v1::SessionRevoked::EXPIRED);
  EXPECT_EQ(events[0].actor().kind(), v1::Actor::SYSTEM);
}

TEST_P(DomainEventsTest, InviteRedemptionAppendsRedeemedThenSubscriptionChanged) {
  const std::string user = NewUser(7);
  NewEvents();
  Subscribe(user, "pro", 30);
  const std::vector<v1::Event> events = NewEvents();
  ASSERT_THAT(TypesOf(events), ElementsAre("invite_code.redeemed", "subscription.changed"));
  EXPECT_EQ(events[0].invite_code_redeemed().tier(), "pro");
  EXPECT_FALSE(events[0].invite_code_redeemed().code_id().empty());
  EXPECT_EQ(events[1].subscription_changed().tier(), "pro");
  EXPECT_TRUE(events[1].subscription_changed().has_expires_at());
}

TEST_P(DomainEventsTest, ProfileUpdateNamesTheChangedFields) {
  const std::string user = NewUser(7);
  NewEvents();
  TelegramProfile renamed{.telegram_id = 7, .first_name = "Grace"};
  Ok(backend_.users->UpdateProfile(user, renamed, kNow));
  const std::vector<v1::Event> events = NewEvents();
  ASSERT_THAT(TypesOf(events), ElementsAre("user.updated"));
  EXPECT_THAT(events[0].user_updated().changed_fields(), ElementsAre("first_name"));
}

TEST_P(DomainEventsTest, ReadAfterResumesAfterACursorWithoutGapOrDuplicate) {
  for (int i = 0; i < 5; ++i) NewUser(100 + i);
  const std::vector<v1::Event> all = NewEvents();
  ASSERT_EQ(all.size(), 5u);
  const EventPage first = Ok(outbox().ReadAfter(0, 2));
  ASSERT_EQ(first.events.size(), 2u);
  const EventPage rest = Ok(outbox().ReadAfter(first.events.back().event_id(), 100));
  ASSERT_EQ(rest.events.size(), 3u);
  std::vector<uint64_t> ids;
  for (const auto* page : {&first, &rest}) {
    for (const v1::Event& e : page->events) ids.push_back(e.event_id());
  }
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(ids[i], all[i].event_id());
}

TEST_P(DomainEventsTest, RetentionDeletesOnlyDeliveredEventsAndRecordsTheMark) {
  for (int i = 0; i < 3; ++i) NewUser(100 + i);
  const std::vector<v1::Event> all = NewEvents();
  ASSERT_EQ(all.size(), 3u);
  ASSERT_TRUE(outbox().SetDeliveredThrough(all[1].event_id()).ok());
  EXPECT_EQ(Ok(outbox().DeliveredThrough()), all[1].event_id());
  const absl::Time later = absl::Now() + absl::Hours(24 * 365 * 30);
  EXPECT_EQ(Ok(outbox().DeleteDeliveredBefore(later, 1)), 1);
  EXPECT_EQ(Ok(outbox().DeleteDeliveredBefore(later, 10)), 1);  // Not the undelivered one.
  const EventPage left = Ok(outbox().ReadAfter(0, 10));
  ASSERT_EQ(left.events.size(), 1u);
  EXPECT_EQ(left.events[0].event_id(), all[2].event_id());
  EXPECT_EQ(left.deleted_through, all[1].event_id());
}

// The relay delivers a batch as numbered, without reading it back, only
// when the marks say nothing before it is undelivered.
TEST_P(DomainEventsTest, NumberPendingReportsTheMarksAsTheyStoodBeforeIt) {
  for (int i = 0; i < 2; ++i) NewUser(100 + i);
  const NumberedBatch first = Ok(outbox().NumberPending(1000));
  ASSERT_EQ(first.events.size(), 2u);
  EXPECT_EQ(first.numbered_after, 0u);
  EXPECT_EQ(first.delivered_through, 0u);
  ASSERT_TRUE(outbox().SetDeliveredThrough(first.events[0].event_id()).ok());
  NewUser(102);
  const NumberedBatch second = Ok(outbox().NumberPending(1000));
  ASSERT_EQ(second.events.size(), 1u);
  EXPECT_EQ(second.numbered_after, first.events[1].event_id());
  EXPECT_EQ(second.delivered_through, first.events[0].event_id());
  EXPECT_EQ(second.events[0].event_id(), second.numbered_after + 1);
}

TGAUTH_INSTANTIATE_SESSION_STORE_SUITE(DomainEventsTest);

}  // namespace
}  // namespace tgauth::storage
