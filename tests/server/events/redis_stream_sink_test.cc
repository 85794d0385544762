// RedisStreamSink on the test Redis: each event becomes an entry a consumer
// decodes back into the same tgauth.v1.Event, once, however often the
// relay offers it.
#include "server/events/redis_stream_sink.h"

#include <google/protobuf/util/message_differencer.h>

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/test_env.h"

namespace tgauth {
namespace {

v1::Event Revoked(uint64_t event_id) {
  v1::Event event;
  event.set_event_id(event_id);
  event.set_type("session.revoked");
  event.set_user_id("0b7e4c1a-5f0e-4a43-9d5e-2f7f4c1b9a10");
  event.set_session_id("s1");
  event.mutable_session_revoked()->set_reason(v1::SessionRevoked::LOGOUT);
  return event;
}

class RedisStreamSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = storage::ConnectTestRedis();
    ASSERT_NE(redis_, nullptr);
    stream_ = std::make_unique<storage::RedisEventStream>(
        *redis_, storage::RandomKeyPrefix() + "events", 1000);
  }
  void TearDown() override {
    if (redis_ != nullptr) {
      redis_->Command({"DEL", stream_->stream()}, storage::RedisResend::kAllowed).IgnoreError();
    }
  }

  std::unique_ptr<storage::RedisClient> redis_;
  std::unique_ptr<storage::RedisEventStream> stream_;
};

TEST_F(RedisStreamSinkTest, AConsumerGroupDecodesEachEventOnceThoughTheBatchIsOfferedTwice) {
  RedisStreamSink sink(*stream_);
  ASSERT_TRUE(redis_
                  ->Command({"XGROUP", "CREATE", stream_->stream(), "g", "0", "MKSTREAM"},
                            storage::RedisResend::kNever)
                  .ok());
  ASSERT_TRUE(sink.Accept({Revoked(1), Revoked(2)}).ok());
  ASSERT_TRUE(sink.Accept({Revoked(1), Revoked(2)}).ok());  // The relay offers it again.

  absl::StatusOr<storage::RedisReply> reply = redis_->Command(
      {"XREADGROUP", "GROUP", "g", "c", "COUNT", "100", "STREAMS", stream_->stream(), ">"},
      storage::RedisResend::kNever);
  ASSERT_TRUE(reply.ok()) << reply.status();
  const redisReply& entries = *reply->element(0).element[1];
  ASSERT_EQ(entries.elements, 2u);
  for (size_t i = 0; i < entries.elements; ++i) {
    const redisReply& fields = *entries.element[i]->element[1];
    ASSERT_EQ(fields.elements, 8u);
    EXPECT_EQ(storage::RedisReply::StrOf(fields.element[0]), "type");
    EXPECT_EQ(storage::RedisReply::StrOf(fields.element[1]), "session.revoked");
    EXPECT_EQ(storage::RedisReply::StrOf(fields.element[6]), "event");
    v1::Event decoded;
    const absl::string_view bytes = storage::RedisReply::StrOf(fields.element[7]);
    ASSERT_TRUE(decoded.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())));
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(decoded, Revoked(i + 1)));
  }
}

TEST_F(RedisStreamSinkTest, UserDeletedErasesThatUsersEarlierEntriesAndStaysItself) {
  RedisStreamSink sink(*stream_);
  v1::Event other = Revoked(2);
  other.set_user_id("another-user");
  v1::Event deleted;
  deleted.set_event_id(3);
  deleted.set_type("user.deleted");
  deleted.set_user_id(Revoked(1).user_id());
  deleted.mutable_user_deleted();
  ASSERT_TRUE(sink.Accept({Revoked(1), other}).ok());
  ASSERT_TRUE(sink.Accept({deleted}).ok());

  absl::StatusOr<storage::RedisReply> reply = redis_->Command(
      {"XRANGE", stream_->stream(), "-", "+"}, storage::RedisResend::kAllowed);
  ASSERT_TRUE(reply.ok()) << reply.status();
  std::vector<std::string> ids;
  for (size_t i = 0; i < reply->size(); ++i) {
    ids.emplace_back(storage::RedisReply::StrOf(reply->element(i).element[0]));
  }
  EXPECT_THAT(ids, ::testing::ElementsAre("2-0", "3-0"));
}

TEST_F(RedisStreamSinkTest, AnUnnumberedEventIsRefused) {
  RedisStreamSink sink(*stream_);
  EXPECT_TRUE(absl::IsInvalidArgument(sink.Accept({Revoked(0)})));
}

}  // namespace
}  // namespace tgauth
