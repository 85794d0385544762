// RedisClient: URL parsing, connection failures, binary safety, error
// mapping, scripts, and recovery from a dropped connection.
#include "storage/redis/redis_client.h"

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

TEST(ParseRedisUrlTest, AcceptsHostPortAndOptionalDb) {
  absl::StatusOr<RedisEndpoint> e = ParseRedisUrl("redis://127.0.0.1:6379/3");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->host, "127.0.0.1");
  EXPECT_EQ(e->port, 6379);
  EXPECT_EQ(e->db, 3);
  e = ParseRedisUrl("redis://redis.internal:7000");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->host, "redis.internal");
  EXPECT_EQ(e->db, 0);
}

TEST(ParseRedisUrlTest, RejectsEverythingElse) {
  for (const char* url : {"", "127.0.0.1:6379", "rediss://h:6379", "redis://h",
                          "redis://h:", "redis://:6379", "redis://h:99999", "redis://h:6379/x",
                          "redis://h:6379/-1", "redis://u:pw@h:6379", "postgresql://h:5432/db"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(ParseRedisUrl(url).status())) << url;
  }
}

TEST(RedisClientTest, ConnectWithBadUrlReturnsInvalidArgument) {
  EXPECT_TRUE(absl::IsInvalidArgument(
      RedisClient::Connect("http://127.0.0.1:6379", 1, absl::Seconds(1)).status()));
}

TEST(RedisClientTest, ConnectToClosedPortReturnsUnavailable) {
  absl::Status s =
      RedisClient::Connect(absl::StrCat("redis://127.0.0.1:", ClosedPort()), 1, absl::Seconds(1))
          .status();
  EXPECT_TRUE(absl::IsUnavailable(s)) << s;
}

TEST(RedisClientTest, CommandsAreBinarySafe) {
  std::unique_ptr<RedisClient> redis = ConnectTestRedis();
  ASSERT_NE(redis, nullptr);
  const std::string key = RandomKeyPrefix() + "bin";
  const std::string value("a\0b\r\n", 5);
  ASSERT_TRUE(redis->Command({"SET", key, value, "PX", "10000"}, RedisResend::kAllowed).ok());
  absl::StatusOr<RedisReply> got = redis->Command({"GET", key}, RedisResend::kAllowed);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->str(), value);
}

TEST(RedisClientTest, ErrorReplyReturnsInternal) {
  std::unique_ptr<RedisClient> redis = ConnectTestRedis();
  ASSERT_NE(redis, nullptr);
  EXPECT_TRUE(
      absl::IsInternal(redis->Command({"NO-SUCH-COMMAND"}, RedisResend::kAllowed).status()));
}

TEST(RedisClientTest, EvalRunsAnUnloadedScriptThenItsSha) {
  std::unique_ptr<RedisClient> redis = ConnectTestRedis();
  ASSERT_NE(redis, nullptr);
  // A script this Redis has never seen, so EVALSHA first answers NOSCRIPT.
  RedisScript script(absl::StrCat("return ARGV[1] .. KEYS[1] -- ", RandomKeyPrefix()));
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<RedisReply> reply = redis->Eval(script, {"k"}, {"v"}, RedisResend::kAllowed);
    ASSERT_TRUE(reply.ok()) << reply.status();
    EXPECT_EQ(reply->str(), "vk");
  }
}

TEST(RedisClientTest, CommandSucceedsAfterServerDropsTheConnection) {
  std::unique_ptr<RedisClient> redis = ConnectTestRedis(1), killer = ConnectTestRedis(1);
  ASSERT_NE(redis, nullptr);
  ASSERT_NE(killer, nullptr);
  absl::StatusOr<RedisReply> id = redis->Command({"CLIENT", "ID"}, RedisResend::kAllowed);
  ASSERT_TRUE(id.ok()) << id.status();
  // What a Redis restart does to every pooled connection.
  const std::string client_id = absl::StrCat(id->integer());
  ASSERT_TRUE(killer->Command({"CLIENT", "KILL", "ID", client_id}, RedisResend::kAllowed).ok());
  absl::StatusOr<RedisReply> pong = redis->Command({"PING"}, RedisResend::kAllowed);
  ASSERT_TRUE(pong.ok()) << pong.status();
  EXPECT_EQ(pong->str(), "PONG");
}

TEST(RedisClientTest, NeverResentScriptAfterDroppedConnectionReportsUnknownOutcome) {
  std::unique_ptr<RedisClient> redis = ConnectTestRedis(1), killer = ConnectTestRedis(1);
  ASSERT_NE(redis, nullptr);
  ASSERT_NE(killer, nullptr);
  const std::string key = RandomKeyPrefix() + "counter";
  RedisScript count("return redis.call('INCR', KEYS[1])");
  ASSERT_TRUE(redis->Eval(count, {key}, {}, RedisResend::kNever).ok());  // Loads it.
  absl::StatusOr<RedisReply> id = redis->Command({"CLIENT", "ID"}, RedisResend::kAllowed);
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(
      killer->Command({"CLIENT", "KILL", "ID", absl::StrCat(id->integer())}, RedisResend::kAllowed)
          .ok());
  // The client cannot tell this drop from one right after the script ran:
  // it reports that, and sends nothing again.
  absl::Status s = redis->Eval(count, {key}, {}, RedisResend::kNever).status();
  EXPECT_TRUE(IsOutcomeUnknown(s)) << s;
  absl::StatusOr<RedisReply> n = killer->Command({"GET", key}, RedisResend::kAllowed);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->str(), "1");
  // The next call opens a new connection.
  EXPECT_TRUE(redis->Eval(count, {key}, {}, RedisResend::kNever).ok());
}

}  // namespace
}  // namespace tgauth::storage
