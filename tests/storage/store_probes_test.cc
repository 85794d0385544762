// PostgresProbe and RedisProbe against the real stores, a closed port, and
// a peer that accepts the connection but never answers (a hung server),
// where a blocking client would wait for TCP to give up.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "storage/postgres/postgres_probe.h"
#include "storage/redis/redis_probe.h"
#include "tests/storage/test_env.h"

namespace tgauth::storage {
namespace {

constexpr absl::Duration kTimeout = absl::Milliseconds(300);
// Far above kTimeout, far below TCP's own give-up of minutes.
constexpr absl::Duration kBound = absl::Seconds(3);

// A loopback listener that never accepts: the kernel completes handshakes
// into its backlog, and nothing ever answers.
class SilentListener {
 public:
  SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof(address);
    bind(fd_, reinterpret_cast<sockaddr*>(&address), size);
    listen(fd_, 16);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(PostgresProbeTest, AnswersOkFromTheTestDatabaseAgainAndAgain) {
  PostgresProbe probe(TestDatabaseUrl(), kTimeout);
  EXPECT_TRUE(probe.Check().ok());
  EXPECT_TRUE(probe.Check().ok());  // On the same connection.
}

TEST(PostgresProbeTest, ClosedPortIsUnavailable) {
  PostgresProbe probe(absl::StrCat("postgresql://tgauth@127.0.0.1:", ClosedPort(), "/tgauth"),
                      kTimeout);
  EXPECT_EQ(probe.Check().code(), absl::StatusCode::kUnavailable);
}

TEST(PostgresProbeTest, SilentServerIsUnavailableWithinTheTimeout) {
  SilentListener silent;
  PostgresProbe probe(absl::StrCat("postgresql://tgauth@127.0.0.1:", silent.port(), "/tgauth"),
                      kTimeout);
  const absl::Time start = absl::Now();
  EXPECT_EQ(probe.Check().code(), absl::StatusCode::kUnavailable);
  EXPECT_LT(absl::Now() - start, kBound);
}

TEST(RedisProbeTest, AnswersOkFromTheTestRedisAgainAndAgain) {
  absl::StatusOr<RedisEndpoint> endpoint = ParseRedisUrl(TestRedisUrl());
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  RedisProbe probe(*endpoint, kTimeout);
  EXPECT_TRUE(probe.Check().ok());
  EXPECT_TRUE(probe.Check().ok());
}

TEST(RedisProbeTest, ClosedPortIsUnavailable) {
  RedisProbe probe({.host = "127.0.0.1", .port = ClosedPort()}, kTimeout);
  EXPECT_EQ(probe.Check().code(), absl::StatusCode::kUnavailable);
}

TEST(RedisProbeTest, SilentServerIsUnavailableWithinTheTimeout) {
  SilentListener silent;
  RedisProbe probe({.host = "127.0.0.1", .port = silent.port()}, kTimeout);
  const absl::Time start = absl::Now();
  EXPECT_EQ(probe.Check().code(), absl::StatusCode::kUnavailable);
  EXPECT_LT(absl::Now() - start, kBound);
}

}  // namespace
}  // namespace tgauth::storage
