// HttpServer's framing and resource limits (http_server.h) over real
// loopback sockets, with a handler that answers the body's length.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gateway/http_server.h"
#include "tests/gateway/gateway_fixture.h"
#include "tests/gateway/http_test_client.h"

namespace tgauth::gateway {
namespace {

using ::testing::IsEmpty;
using ::testing::SizeIs;

std::string Post(size_t content_length, absl::string_view body = "") {
  return absl::StrCat("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: ", content_length,
                      "\r\n\r\n", body);
}

std::string ChunkedPost(absl::string_view chunks) {
  return absl::StrCat("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
                      chunks);
}

constexpr char kGet[] = "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n";

class HttpServerLimitsTest : public ::testing::Test {
 protected:
  void Start(HttpServerOptions options) {
    auto server = HttpServer::Start(
        "127.0.0.1:0",
        [this](HttpRequest request, Respond respond) {
          HttpResponse response{.content_type = "text/plain",
                                .body = absl::StrCat(request.body.size())};
          absl::MutexLock lock(&mu_);
          requests_.push_back(std::move(request));
          respond(std::move(response));
        },
        options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  std::vector<HttpRequest> requests() {
    absl::MutexLock lock(&mu_);
    return requests_;
  }

  // Opens a connection from `local_address` until one is served (the server
  // notices a closed connection a moment after the client closes it).
  bool ServedSoon(const std::string& local_address) {
    for (int attempt = 0; attempt < 100; ++attempt) {
      RawConnection connection(server_->port(), local_address);
      if (connection.Write(kGet) && connection.Read().status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  std::unique_ptr<HttpServer> server_;
  absl::Mutex mu_;
  std::vector<HttpRequest> requests_ ABSL_GUARDED_BY(mu_);
};

// --- Framing (RFC 9112) ---

TEST_F(HttpServerLimitsTest, OversizedRequestLineIsRequestHeaderFieldsTooLarge) {
  Start({});
  TestResponse response =
      SendRaw(server_->port(), "GET /" + std::string(17 * 1024, 'a') + " HTTP/1.1\r\n\r\n");
  EXPECT_EQ(response.status, 431);
  EXPECT_EQ(ErrorCode(response), 8);  // RESOURCE_EXHAUSTED
  EXPECT_EQ(ErrorMessage(response), "request line and header fields larger than 16384 bytes");
  EXPECT_THAT(requests(), IsEmpty());
}

TEST_F(HttpServerLimitsTest, OversizedHeaderFieldsAreRequestHeaderFieldsTooLarge) {
  Start({});
  std::string request = "GET /echo HTTP/1.1\r\n";
  for (int i = 0; i < 200; ++i)
    absl::StrAppend(&request, "X-Field-", i, ": ", std::string(100, 'v'), "\r\n");
  EXPECT_EQ(SendRaw(server_->port(), request + "\r\n").status, 431);
  EXPECT_THAT(requests(), IsEmpty());
}

TEST_F(HttpServerLimitsTest, TransferCodingsOtherThanChunkedAreNotImplemented) {
  Start({});
  for (const char* coding : {"gzip", "gzip, chunked", "identity"}) {
    TestResponse response =
        SendRaw(server_->port(),
                absl::StrCat("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: ", coding,
                             "\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
    EXPECT_EQ(response.status, 501) << coding;
    EXPECT_EQ(ErrorCode(response), 12) << coding;  // UNIMPLEMENTED
  }
  EXPECT_THAT(requests(), IsEmpty());
}

TEST_F(HttpServerLimitsTest, ChunkedBodyIsServedWithoutItsTrailerAmongTheHeaders) {
  Start({});
  TestResponse response =
      SendRaw(server_->port(), ChunkedPost("5;name=value\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "5");
  ASSERT_THAT(requests(), SizeIs(1));
  EXPECT_EQ(requests()[0].body, "hello");
  EXPECT_EQ(requests()[0].Header("x-trailer"), "");
}

TEST_F(HttpServerLimitsTest, ChunkExtensionsCountAgainstTheHeaderLimit) {
  Start({.max_header_bytes = 1024});
  const std::string extension = ";x=" + std::string(1000, 'e');
  EXPECT_EQ(
      SendRaw(server_->port(), ChunkedPost("5" + extension + "\r\nhello\r\n0\r\n\r\n")).status,
      431);
  // However it is spread over chunks.
  std::string chunks;
  for (int i = 0; i < 10; ++i) chunks += "1;x=" + std::string(100, 'e') + "\r\na\r\n";
  EXPECT_EQ(SendRaw(server_->port(), ChunkedPost(chunks + "0\r\n\r\n")).status, 431);
  // A chunk line longer than the buffer can hold.
  EXPECT_EQ(SendRaw(server_->port(), ChunkedPost("5;x=" + std::string(8000, 'e') + "\r\n")).status,
            431);
  EXPECT_THAT(requests(), IsEmpty());
}

TEST_F(HttpServerLimitsTest, TrailerFieldsCountAgainstTheHeaderLimit) {
  Start({.max_header_bytes = 1024});
  EXPECT_EQ(SendRaw(server_->port(),
                    ChunkedPost("5\r\nhello\r\n0\r\nX-T: " + std::string(1000, 't') + "\r\n\r\n"))
                .status,
            431);
  EXPECT_THAT(requests(), IsEmpty());
}

// --- Memory held by bodies still arriving ---

TEST_F(HttpServerLimitsTest, BodiesBeyondTheSharedBudgetAreRefusedUntilOthersComplete) {
  Start({.max_body_bytes = 64 * 1024,
         .max_buffered_body_bytes = 100 * 1024,
         .max_buffered_body_bytes_per_client = 0});
  RawConnection first(server_->port());
  ASSERT_TRUE(first.Write(Post(60000, "x")));
  RawConnection second(server_->port(), "127.0.0.2");
  ASSERT_TRUE(second.Write(Post(60000, "y")));
  TestResponse refused = second.Read();
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(ErrorCode(refused), 14);  // UNAVAILABLE
  EXPECT_TRUE(second.ClosedByServer());

  ASSERT_TRUE(first.Write(std::string(59999, 'x')));
  EXPECT_EQ(first.Read().body, "60000");
  EXPECT_EQ(SendRaw(server_->port(), Post(60000, std::string(60000, 'z'))).body, "60000");
}

TEST_F(HttpServerLimitsTest, OneAddressCannotTakeTheWholeBodyBudget) {
  Start({.max_body_bytes = 64 * 1024,
         .max_buffered_body_bytes = 1024 * 1024,
         .max_buffered_body_bytes_per_client = 100 * 1024});
  RawConnection first(server_->port(), "127.0.0.2");
  ASSERT_TRUE(first.Write(Post(60000, "x")));
  RawConnection second(server_->port(), "127.0.0.2");
  ASSERT_TRUE(second.Write(Post(60000, "y")));
  EXPECT_EQ(second.Read().status, 503);
  // Other addresses still have room.
  EXPECT_EQ(SendRaw(server_->port(), Post(60000, std::string(60000, 'z'))).body, "60000");
}

TEST_F(HttpServerLimitsTest, AbandonedBodyGivesItsShareBack) {
  Start({.max_body_bytes = 64 * 1024,
         .max_buffered_body_bytes = 64 * 1024,
         .max_buffered_body_bytes_per_client = 0});
  {
    RawConnection abandoned(server_->port());
    ASSERT_TRUE(abandoned.Write(Post(60000, "x")));
  }
  bool served = false;
  for (int attempt = 0; attempt < 100 && !served; ++attempt) {
    served = SendRaw(server_->port(), Post(60000, std::string(60000, 'z'))).status == 200;
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(served);
}

// --- Connection caps ---

TEST_F(HttpServerLimitsTest, ConnectionsOverThePerClientCapAreClosedAtOnce) {
  Start({.max_connections_per_client = 2});
  auto held = std::make_unique<RawConnection>(server_->port());
  RawConnection also_held(server_->port());
  RawConnection over_cap(server_->port());
  EXPECT_TRUE(over_cap.ClosedByServer());
  // Other addresses are served meanwhile.
  EXPECT_TRUE(ServedSoon("127.0.0.2"));
  held.reset();
  EXPECT_TRUE(ServedSoon("127.0.0.1"));
}

TEST_F(HttpServerLimitsTest, ConnectionsOverTheTotalCapAreClosedAtOnce) {
  Start({.max_connections = 3, .max_connections_per_client = 0});
  RawConnection a(server_->port(), "127.0.0.2"), b(server_->port(), "127.0.0.3"),
      c(server_->port(), "127.0.0.4");
  RawConnection over_cap(server_->port(), "127.0.0.5");
  EXPECT_TRUE(over_cap.ClosedByServer());
  ASSERT_TRUE(a.Write(kGet));
  EXPECT_EQ(a.Read().status, 200);
}

// --- Read timeouts (slowloris) ---

TEST_F(HttpServerLimitsTest, SilentConnectionIsClosedAfterTheHeaderTimeout) {
  Start({.header_timeout = absl::Milliseconds(200)});
  RawConnection silent(server_->port());
  EXPECT_TRUE(silent.ClosedByServer());
}

TEST_F(HttpServerLimitsTest, HeaderTricklingInIsCutOffAtTheHeaderTimeout) {
  Start({.header_timeout = absl::Milliseconds(300)});
  RawConnection slow(server_->port());
  slow.Write("GET /echo HTTP/1.1\r\n");
  for (int i = 0; i < 10; ++i) {  // A field every 100 ms: each read is quick, the header is not.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    slow.Write(absl::StrCat("X-", i, ": y\r\n"));
  }
  EXPECT_TRUE(slow.ClosedByServer());
  EXPECT_THAT(requests(), IsEmpty());
}

TEST_F(HttpServerLimitsTest, StalledBodyIsCutOffAtTheBodyTimeout) {
  Start({.body_timeout = absl::Milliseconds(200)});
  RawConnection stalled(server_->port());
  ASSERT_TRUE(stalled.Write(Post(10, "x")));
  EXPECT_TRUE(stalled.ClosedByServer());
  EXPECT_THAT(requests(), IsEmpty());
}

TEST_F(HttpServerLimitsTest, IdleKeepAliveConnectionOutlastsTheHeaderTimeout) {
  Start({.header_timeout = absl::Milliseconds(100), .idle_timeout = absl::Seconds(10)});
  RawConnection client(server_->port());
  ASSERT_TRUE(client.Write(kGet));
  EXPECT_EQ(client.Read().status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(client.Write(kGet));
  EXPECT_EQ(client.Read().status, 200);
}

}  // namespace
}  // namespace tgauth::gateway
