// RedisEventStream on the test Redis: entries keyed by event id, a batch
// offered again adds nothing, a consumer group reads each entry once, and
// the length stays bounded.
#include "storage/redis/redis_event_stream.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

StreamEvent Event(uint64_t event_id, std::string user_id = "u1") {
  return {.event_id = event_id,
          .type = "session.created",
          .user_id = std::move(user_id),
          // Binary safe: a serialised protobuf may hold any byte.
          .event = std::string("\x08\x00\xff", 3) + absl::StrCat(event_id)};
}

class RedisEventStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis_ = ConnectTestRedis();
    ASSERT_NE(redis_, nullptr);
    key_ = RandomKeyPrefix() + "events";
  }
  void TearDown() override {
    if (redis_ != nullptr) redis_->Command({"DEL", key_}, RedisResend::kAllowed).IgnoreError();
  }

  // XREADGROUP of `consumer` in group "g": the entry ids it is handed.
  std::vector<std::string> ReadGroup(const std::string& consumer) {
    absl::StatusOr<RedisReply> reply = redis_->Command(
        {"XREADGROUP", "GROUP", "g", consumer, "COUNT", "100", "STREAMS", key_, ">"},
        RedisResend::kNever);
    EXPECT_TRUE(reply.ok()) << reply.status();
    std::vector<std::string> ids;
    if (!reply.ok() || reply->is_nil()) return ids;
    const redisReply& entries = *reply->element(0).element[1];
    for (size_t i = 0; i < entries.elements; ++i) {
      ids.emplace_back(RedisReply::StrOf(entries.element[i]->element[0]));
    }
    return ids;
  }

  // The ids of the entries in the stream, in order.
  std::vector<std::string> Ids() {
    absl::StatusOr<RedisReply> reply =
        redis_->Command({"XRANGE", key_, "-", "+"}, RedisResend::kAllowed);
    EXPECT_TRUE(reply.ok()) << reply.status();
    std::vector<std::string> ids;
    for (size_t i = 0; reply.ok() && i < reply->size(); ++i) {
      ids.emplace_back(RedisReply::StrOf(reply->element(i).element[0]));
    }
    return ids;
  }

  int64_t Length() { return redis_->Command({"XLEN", key_}, RedisResend::kAllowed)->integer(); }

  std::unique_ptr<RedisClient> redis_;
  std::string key_;
};

TEST_F(RedisEventStreamTest, AppendWritesOneEntryPerEventWithItsIdAndFields) {
  RedisEventStream stream(*redis_, key_, 1000);
  ASSERT_EQ(*stream.Append({Event(41), Event(42, "")}), 2);
  absl::StatusOr<RedisReply> entries =
      redis_->Command({"XRANGE", key_, "42", "42"}, RedisResend::kAllowed);
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 1u);
  const redisReply& entry = entries->element(0);
  EXPECT_EQ(RedisReply::StrOf(entry.element[0]), "42-0");
  std::vector<std::string> fields;
  for (size_t i = 0; i < entry.element[1]->elements; ++i) {
    fields.emplace_back(RedisReply::StrOf(entry.element[1]->element[i]));
  }
  EXPECT_THAT(fields, ElementsAre("type", "session.created", "user_id", "", "event_id", "42",
                                  "event", Event(42).event));
}

TEST_F(RedisEventStreamTest, ABatchOfferedAgainAddsNothing) {
  RedisEventStream stream(*redis_, key_, 1000);
  ASSERT_EQ(*stream.Append({Event(1), Event(2)}), 2);
  EXPECT_EQ(*stream.Append({Event(1), Event(2)}), 0);
  // A batch that overlaps the last one adds only the new events.
  EXPECT_EQ(*stream.Append({Event(2), Event(3)}), 1);
  EXPECT_EQ(Length(), 3);
}

TEST_F(RedisEventStreamTest, AConsumerGroupReadsEachEventOnceEvenWhenOfferedTwice) {
  RedisEventStream stream(*redis_, key_, 1000);
  ASSERT_TRUE(
      redis_->Command({"XGROUP", "CREATE", key_, "g", "0", "MKSTREAM"}, RedisResend::kNever).ok());
  ASSERT_EQ(*stream.Append({Event(1), Event(2)}), 2);
  EXPECT_THAT(ReadGroup("a"), ElementsAre("1-0", "2-0"));
  ASSERT_TRUE(stream.Append({Event(1), Event(2), Event(3)}).ok());
  EXPECT_THAT(ReadGroup("b"), ElementsAre("3-0"));
  EXPECT_THAT(ReadGroup("a"), IsEmpty());
}

TEST_F(RedisEventStreamTest, TheStreamIsTrimmedToAboutItsMaximumLength) {
  RedisEventStream stream(*redis_, key_, 10);
  std::vector<StreamEvent> events;
  for (uint64_t e = 1; e <= 1000; ++e) events.push_back(Event(e));
  ASSERT_EQ(*stream.Append(events), 1000);
  // MAXLEN ~ trims whole macro nodes (100 entries by default).
  EXPECT_LE(Length(), 200);
}

TEST_F(RedisEventStreamTest, EraseUserDeletesOnlyThatUsersEntriesBeforeTheGivenEvent) {
  RedisEventStream stream(*redis_, key_, 100000);
  // More entries than one script run reads, so the scan goes on in runs.
  std::vector<StreamEvent> events;
  for (uint64_t e = 1; e <= 2500; ++e) events.push_back(Event(e, e % 2 == 0 ? "ada" : "bob"));
  events.push_back(Event(2501, "ada"));  // The user.deleted entry itself.
  events.push_back(Event(2502, "ada-lovelace"));  // Another user whose id starts alike.
  ASSERT_EQ(*stream.Append(events), 2502);

  EXPECT_EQ(*stream.EraseUser("ada", 2501), 1250);
  const std::vector<std::string> ids = Ids();
  ASSERT_EQ(ids.size(), 1252u);
  EXPECT_EQ(ids[0], "1-0");
  EXPECT_EQ(ids[1249], "2499-0");
  EXPECT_EQ(ids[1250], "2501-0");
  EXPECT_EQ(ids[1251], "2502-0");
  // Running it again is harmless.
  EXPECT_EQ(*stream.EraseUser("ada", 2501), 0);
  EXPECT_EQ(Length(), 1252);
}

TEST_F(RedisEventStreamTest, EraseUserOnAMissingStreamOrWithoutAUserChangesNothing) {
  RedisEventStream stream(*redis_, key_, 10);
  EXPECT_EQ(*stream.EraseUser("ada", 10), 0);
  ASSERT_EQ(*stream.Append({Event(1, "")}), 1);
  EXPECT_TRUE(absl::IsInvalidArgument(stream.EraseUser("", 10).status()));
  EXPECT_EQ(Length(), 1);
}

TEST_F(RedisEventStreamTest, AnEventWithoutAnIdIsRefused) {
  RedisEventStream stream(*redis_, key_, 10);
  EXPECT_TRUE(absl::IsInvalidArgument(stream.Append({Event(0)}).status()));
  EXPECT_EQ(Length(), 0);
}

}  // namespace
}  // namespace tgauth::storage
