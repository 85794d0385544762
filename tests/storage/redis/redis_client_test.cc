// RedisClient: URL parsing, credentials, connection failures, binary
// safety, error mapping, scripts, and recovery from a dropped connection.
#include "storage/redis/redis_client.h"

#include <arpa/inet.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// redis://user:password@host:port/db with both percent-encoded (RFC 3986
// section 2.1); no credentials when `password` is empty.
std::string UrlWithCredentials(const RedisEndpoint& e, absl::string_view user,
                               absl::string_view password) {
  auto encode = [](absl::string_view in) {
    std::string out;
    for (unsigned char c : in) absl::StrAppend(&out, absl::StrFormat("%%%02X", c));
    return out;
  };
  const std::string userinfo =
      password.empty() ? "" : absl::StrCat(encode(user), ":", encode(password), "@");
  return absl::StrCat("redis://", userinfo, e.host, ":", e.port, "/", e.db);
}

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

TEST(ParseRedisUrlTest, AcceptsAnAclUserWithPercentEncodedPassword) {
  absl::StatusOr<RedisEndpoint> e = ParseRedisUrl("redis://app%2B1:p%40ss:w+rd%2F@h:6379/2");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->user, "app+1");
  EXPECT_EQ(e->password, "p@ss:w+rd/");
  EXPECT_EQ(e->host, "h");
  EXPECT_EQ(e->port, 6379);
  EXPECT_EQ(e->db, 2);
}

TEST(ParseRedisUrlTest, AcceptsAPasswordWithoutUser) {
  absl::StatusOr<RedisEndpoint> e = ParseRedisUrl("redis://:secret@127.0.0.1:6379");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->user, "");
  EXPECT_EQ(e->password, "secret");
  EXPECT_EQ(e->db, 0);
}

TEST(ParseRedisUrlTest, WithoutCredentialsHasNone) {
  absl::StatusOr<RedisEndpoint> e = ParseRedisUrl("redis://h:6379/1");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->user, "");
  EXPECT_EQ(e->password, "");
}

TEST(ParseRedisUrlTest, RejectsEverythingElse) {
  for (const char* url :
       {"", "127.0.0.1:6379", "redis://h", "redis://h:", "redis://:6379", "redis://h:99999",
        "redis://h:6379/x", "redis://h:6379/-1", "postgresql://h:5432/db", "redis://u@h:6379",
        "redis://u:@h:6379", "redis://@h:6379", "redis://:p%zz@h:6379"}) {
    EXPECT_TRUE(absl::IsInvalidArgument(ParseRedisUrl(url).status())) << url;
  }
}

TEST(ParseRedisUrlTest, RejectsTlsSayingWhyAndWhatToDo) {
  absl::Status s = ParseRedisUrl("rediss://:secret@h:6380/0").status();
  EXPECT_TRUE(absl::IsInvalidArgument(s)) << s;
  EXPECT_THAT(s.message(), HasSubstr("hiredis"));
  EXPECT_THAT(s.message(), HasSubstr("stunnel"));
  EXPECT_THAT(s.message(), Not(HasSubstr("secret")));
}

TEST(ParseRedisUrlTest, ErrorsNeverQuoteThePassword) {
  for (const char* url : {"redis://:secret@h", "redis://user:secret@h:6379/x"}) {
    absl::Status s = ParseRedisUrl(url).status();
    EXPECT_TRUE(absl::IsInvalidArgument(s)) << url;
    EXPECT_THAT(s.message(), Not(HasSubstr("secret"))) << url;
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

// The test Redis (scripts/start-services) requires a password, as a
// production one should; the tests' URL carries it.
TEST(RedisClientTest, ConnectWithoutThePasswordReturnsUnauthenticated) {
  absl::StatusOr<RedisEndpoint> test = ParseRedisUrl(TestRedisUrl());
  ASSERT_TRUE(test.ok()) << test.status();
  ASSERT_FALSE(test->password.empty()) << "the test Redis URL should hold a password";
  absl::Status s =
      RedisClient::Connect(UrlWithCredentials(*test, "", ""), 1, absl::Seconds(1)).status();
  EXPECT_TRUE(absl::IsUnauthenticated(s)) << s;
  EXPECT_THAT(s.message(), HasSubstr("requires a password"));
}

TEST(RedisClientTest, ConnectWithAWrongPasswordReturnsUnauthenticated) {
  absl::StatusOr<RedisEndpoint> test = ParseRedisUrl(TestRedisUrl());
  ASSERT_TRUE(test.ok()) << test.status();
  absl::Status s =
      RedisClient::Connect(UrlWithCredentials(*test, "", "wrong-password"), 1, absl::Seconds(1))
          .status();
  EXPECT_TRUE(absl::IsUnauthenticated(s)) << s;
  EXPECT_THAT(s.message(), Not(HasSubstr("wrong-password")));
}

TEST(RedisClientTest, ConnectsAsAnAclUserAndSelectsItsDb) {
  std::unique_ptr<RedisClient> admin = ConnectTestRedis(1);
  ASSERT_NE(admin, nullptr);
  const std::string user = RandomKeyPrefix() + "user";
  const std::string password = "p@ss:w/rd " + RandomKeyPrefix();
  ASSERT_TRUE(admin
                  ->Command({"ACL", "SETUSER", user, "on", ">" + password, "~*", "&*", "+@all"},
                            RedisResend::kAllowed)
                  .ok());
  RedisEndpoint endpoint = admin->endpoint();
  endpoint.db = 3;
  absl::StatusOr<std::unique_ptr<RedisClient>> client =
      RedisClient::Connect(UrlWithCredentials(endpoint, user, password), 1, absl::Seconds(1));
  ASSERT_TRUE(client.ok()) << client.status();
  absl::StatusOr<RedisReply> whoami = (*client)->Command({"ACL", "WHOAMI"}, RedisResend::kAllowed);
  ASSERT_TRUE(whoami.ok()) << whoami.status();
  EXPECT_EQ(whoami->str(), user);
  absl::StatusOr<RedisReply> info = (*client)->Command({"CLIENT", "INFO"}, RedisResend::kAllowed);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_THAT(std::string(info->str()), HasSubstr(" db=3 "));
  EXPECT_TRUE(admin->Command({"ACL", "DELUSER", user}, RedisResend::kAllowed).ok());
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

// A Redis that sets up connections (SELECT, PING) but answers every other
// command with the error reply `error`, as a Redis still loading its data
// after a restart does (and which no test may make the shared test Redis
// do). It reads the commands with hiredis's own RESP reader.
class ErrorRedis {
 public:
  explicit ErrorRedis(std::string error) : error_(std::move(error)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    EXPECT_EQ(bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    EXPECT_EQ(listen(listener_, 4), 0);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~ErrorRedis() {
    shutdown(listener_, SHUT_RDWR);  // Ends accept().
    thread_.join();
    close(listener_);
  }
  std::string url() const { return absl::StrCat("redis://127.0.0.1:", port_, "/0"); }

 private:
  void Serve() {
    for (int fd; (fd = accept(listener_, nullptr, nullptr)) >= 0; close(fd)) {
      redisReader* reader = redisReaderCreate();
      char buffer[4096];
      for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) {
        redisReaderFeed(reader, buffer, n);
        void* request = nullptr;
        while (redisReaderGetReply(reader, &request) == REDIS_OK && request != nullptr) {
          const auto* command = static_cast<redisReply*>(request);
          const std::string name =
              command->elements > 0 ? std::string(command->element[0]->str) : "";
          const std::string answer = name == "SELECT" ? "+OK\r\n"
                                     : name == "PING" ? "+PONG\r\n"
                                                      : absl::StrCat("-", error_, "\r\n");
          EXPECT_EQ(write(fd, answer.data(), answer.size()), static_cast<ssize_t>(answer.size()));
          freeReplyObject(request);
          request = nullptr;
        }
      }
      redisReaderFree(reader);
    }
  }

  const std::string error_;
  const int listener_ = socket(AF_INET, SOCK_STREAM, 0);
  int port_ = 0;
  std::thread thread_;
};

// A Redis restarting from its AOF answers LOADING for a while: a moment to
// retry (503), not a bug in tgauth (500).
TEST(RedisClientTest, ErrorRepliesOfARedisThatCannotServeYetAreUnavailable) {
  for (const char* error : {"LOADING Redis is loading the dataset in memory",
                            "BUSY Redis is busy running a script. You can only call SCRIPT KILL "
                            "or SHUTDOWN NOSAVE.",
                            "MASTERDOWN Link with MASTER is down", "TRYAGAIN Multiple keys"}) {
    ErrorRedis fake(error);
    absl::StatusOr<std::unique_ptr<RedisClient>> redis =
        RedisClient::Connect(fake.url(), 1, absl::Seconds(5));
    ASSERT_TRUE(redis.ok()) << redis.status();
    absl::Status command = (*redis)->Command({"GET", "k"}, RedisResend::kAllowed).status();
    EXPECT_TRUE(absl::IsUnavailable(command)) << error << ": " << command;
    RedisScript script("return 1");
    absl::Status eval = (*redis)->Eval(script, {"k"}, {}, RedisResend::kAllowed).status();
    EXPECT_TRUE(absl::IsUnavailable(eval)) << error << ": " << eval;
  }
  ErrorRedis wrong_type("WRONGTYPE Operation against a key holding the wrong kind of value");
  absl::StatusOr<std::unique_ptr<RedisClient>> redis =
      RedisClient::Connect(wrong_type.url(), 1, absl::Seconds(5));
  ASSERT_TRUE(redis.ok()) << redis.status();
  EXPECT_TRUE(absl::IsInternal((*redis)->Command({"GET", "k"}, RedisResend::kAllowed).status()));
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
