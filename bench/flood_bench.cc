// tgauth-flood-bench: legitimate logins while the gateway is under attack.
// For --duration_seconds, at once:
//   slow clients  --slowloris connections spread over --slowloris_addresses
//                 loopback addresses (127.0.0.2, ...). Each sends either the
//                 start of a request's header and then one more field every
//                 --trickle_ms, or (a --body_share of them) a whole header with
//                 Content-Length 65536 and 60 KiB of body, then one byte every
//                 --trickle_ms. When the gateway closes one, it reconnects
//                 after --reconnect_ms, as an attacker would.
//   a flood       --flood_workers connections POST /v1/sessions:refresh with
//                 random refresh tokens, back to back.
//   logins        --browsers virtual browsers doing complete QR logins
//                 (login_flow.h): create, long poll, webhook, wake-up.
// Prints the logins' latency (create sent -> CONFIRMED received) against the
// target p99 < 1 s, what the attackers got, and both processes' memory.
// With --browsers=0 --flood_workers=0 and no server it measures what the
// slow clients alone cost the gateway.
#include <sys/resource.h>

// clang-format off
#include <utility>  // Before asio: Boost 1.74 + GCC 12 needs std::exchange.
// clang-format on

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <random>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/bench_stats.h"
#include "bench/http_connection.h"
#include "bench/login_flow.h"
#include "common/env_flags.h"
#include "tests/fixtures/http_client.h"

ABSL_FLAG(std::string, gateway_url, "http://127.0.0.1:8080", "Base URL of tgauth-gateway.");
ABSL_FLAG(std::string, webhook_secret, "",
          "The gateway's webhook secret (X-Telegram-Bot-Api-Secret-Token).");
ABSL_FLAG(int32_t, duration_seconds, 20, "How long the attack and the logins run.");
ABSL_FLAG(int32_t, slowloris, 2000, "Slow client connections held open.");
ABSL_FLAG(int32_t, slowloris_addresses, 8,
          "Loopback addresses the slow clients come from (127.0.0.2 onwards).");
ABSL_FLAG(double, body_share, 0.5,
          "Share of slow clients that send a whole header and a partial 64 KiB body.");
ABSL_FLAG(int32_t, trickle_ms, 2000, "A slow client sends its next bytes after this long.");
ABSL_FLAG(int32_t, reconnect_ms, 100, "A slow client the gateway closed reconnects after this.");
ABSL_FLAG(int32_t, flood_workers, 32, "Connections sending random refresh tokens back to back.");
ABSL_FLAG(int32_t, browsers, 8, "Virtual browsers doing complete logins; 0: none.");
ABSL_FLAG(int32_t, server_pid, 0, "tgauth-server's pid, to read its memory; 0: not measured.");
ABSL_FLAG(int32_t, gateway_pid, 0, "tgauth-gateway's pid, to read its memory; 0: not measured.");

namespace tgauth::bench {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

constexpr char kUsage[] =
    "Load generator for tgauth: complete logins while slow clients and a flood of random "
    "refresh tokens attack tgauth-gateway.";
constexpr double kTargetLoginP99Ms = 1000;
constexpr size_t kBodyBytes = 64 * 1024;
constexpr size_t kBodySentBytes = 60 * 1024;

struct SlowStats {
  int64_t connects = 0;
  int64_t connect_failures = 0;
  int64_t closed_by_gateway = 0;  // Connections whose next write failed.
  int64_t open = 0;               // Now.
  int64_t max_open = 0;
};

struct FloodStats {
  std::map<int, int64_t> by_status;
  LatencySamples latency;
  FailureCounts failures;
};

struct Attack {
  asio::ip::tcp::endpoint endpoint;
  std::string host_header;
  bool stopping = false;
  int live = 0;  // Attacking coroutines not yet finished.
  SlowStats slow;
  FloodStats flood;
};

asio::awaitable<void> Sleep(Clock::duration d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  boost::system::error_code ignored;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}

asio::awaitable<bool> WriteAll(asio::ip::tcp::socket& socket, const std::string& bytes) {
  boost::system::error_code ec;
  co_await asio::async_write(socket, asio::buffer(bytes),
                             asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec;
}

// One slow client, reconnecting whenever the gateway closes it.
asio::awaitable<void> SlowClient(Attack& attack, asio::ip::address_v4 from, bool with_body) {
  const auto executor = co_await asio::this_coro::executor;
  const auto trickle = std::chrono::milliseconds(absl::GetFlag(FLAGS_trickle_ms));
  const auto reconnect = std::chrono::milliseconds(absl::GetFlag(FLAGS_reconnect_ms));
  const std::string start =
      with_body ? absl::StrCat("POST /v1/sessions:refresh HTTP/1.1\r\nHost: ", attack.host_header,
                               "\r\nContent-Type: application/json\r\nContent-Length: ", kBodyBytes,
                               "\r\n\r\n", std::string(kBodySentBytes, ' '))
                : absl::StrCat("POST /v1/sessions:refresh HTTP/1.1\r\nHost: ", attack.host_header,
                               "\r\n");
  const std::string more = with_body ? " " : "X-Slow: 1\r\n";
  ++attack.live;
  while (!attack.stopping) {
    asio::ip::tcp::socket socket(executor);
    boost::system::error_code ec;
    socket.open(asio::ip::tcp::v4(), ec);
    if (!ec) socket.bind(asio::ip::tcp::endpoint(from, 0), ec);
    if (!ec) {
      co_await socket.async_connect(attack.endpoint, asio::redirect_error(asio::use_awaitable, ec));
    }
    if (ec) {
      ++attack.slow.connect_failures;
      co_await Sleep(reconnect);
      continue;
    }
    ++attack.slow.connects;
    attack.slow.max_open = std::max(attack.slow.max_open, ++attack.slow.open);
    bool alive = co_await WriteAll(socket, start);
    while (alive && !attack.stopping) {
      co_await Sleep(trickle);
      alive = co_await WriteAll(socket, more);
    }
    --attack.slow.open;
    if (!alive) ++attack.slow.closed_by_gateway;
    co_await Sleep(reconnect);
  }
  --attack.live;
}

// Random refresh tokens (43 base64url characters) back to back on one connection.
asio::awaitable<void> FloodWorker(Attack& attack, uint64_t seed) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::mt19937_64 random(seed);
  HttpConnection connection(co_await asio::this_coro::executor, attack.endpoint,
                            attack.host_header);
  ++attack.live;
  while (!attack.stopping) {
    std::string token(43, 'A');
    for (char& c : token) c = kAlphabet[random() % 64];
    // Not braced inside co_await: GCC 12 miscompiles that (see login_flow.cc).
    BenchRequest request;
    request.method = "POST";
    request.target = "/v1/sessions:refresh";
    request.body = absl::StrCat(R"({"refresh_token": ")", token, "\"}");
    const auto sent = Clock::now();
    const BenchReply reply =
        co_await connection.Exchange(std::move(request), std::chrono::seconds(10));
    if (!reply.ok()) {
      attack.flood.failures.Add(reply.failure);
      co_await Sleep(std::chrono::milliseconds(10));
      continue;
    }
    attack.flood.latency.Add(
        std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
    ++attack.flood.by_status[reply.status];
  }
  --attack.live;
}

double PeakMib(int pid) {
  if (pid == 0) return 0;
  std::optional<ProcessMemory> memory = ReadProcessMemory(pid);
  return memory ? memory->peak_mib : 0;
}

double RssMib(int pid) {
  if (pid == 0) return 0;
  std::optional<ProcessMemory> memory = ReadProcessMemory(pid);
  return memory ? memory->rss_mib : 0;
}

int Run() {
  const auto gateway = fixtures::ParseHttpUrl(absl::GetFlag(FLAGS_gateway_url));
  if (!gateway.ok()) {
    absl::FPrintF(stderr, "--gateway_url: %s\n", gateway.status().message());
    return 2;
  }
  const int slowloris = absl::GetFlag(FLAGS_slowloris);
  const int addresses = absl::GetFlag(FLAGS_slowloris_addresses);
  const int browsers = absl::GetFlag(FLAGS_browsers);
  const int duration = absl::GetFlag(FLAGS_duration_seconds);
  if (slowloris < 0 || addresses < 1 || addresses > 250 || browsers < 0 || duration < 1) {
    absl::FPrintF(stderr, "bad flags: see --help\n");
    return 2;
  }
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);

  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  boost::system::error_code ec;
  const auto resolved = resolver.resolve(gateway->host, std::to_string(gateway->port), ec);
  if (ec || resolved.empty()) {
    absl::FPrintF(stderr, "cannot resolve %s: %s\n", gateway->host, ec.message());
    return 2;
  }
  Attack attack{.endpoint = resolved.begin()->endpoint(),
                .host_header = absl::StrCat(gateway->host, ":", gateway->port)};
  LoginFlow flow(LoginFlowOptions{.endpoint = attack.endpoint,
                                  .host_header = attack.host_header,
                                  .base_path = gateway->base_path,
                                  .webhook_secret = absl::GetFlag(FLAGS_webhook_secret)});
  const int gateway_pid = absl::GetFlag(FLAGS_gateway_pid);
  const int server_pid = absl::GetFlag(FLAGS_server_pid);
  absl::PrintF("tgauth-flood-bench against %s for %d s\n", absl::GetFlag(FLAGS_gateway_url),
               duration);
  absl::PrintF("  RSS MiB at start: gateway %.1f, server %.1f\n", RssMib(gateway_pid),
               RssMib(server_pid));

  const int with_body = static_cast<int>(slowloris * absl::GetFlag(FLAGS_body_share));
  for (int i = 0; i < slowloris; ++i) {
    const asio::ip::address_v4 from(0x7f000002u + static_cast<uint32_t>(i % addresses));
    asio::co_spawn(io, SlowClient(attack, from, i < with_body), asio::detached);
  }
  std::random_device seeds;
  for (int i = 0; i < absl::GetFlag(FLAGS_flood_workers); ++i) {
    asio::co_spawn(io, FloodWorker(attack, (uint64_t{seeds()} << 32) | seeds()), asio::detached);
  }
  LoginPhaseStats logins;
  double gateway_rss_under_attack = 0;
  // A stuck request must not hold the run: every wait below is bounded, and
  // this is the backstop.
  asio::steady_timer backstop(io, std::chrono::seconds(duration + 60));
  backstop.async_wait([&](boost::system::error_code) { io.stop(); });
  auto run = [&]() -> asio::awaitable<void> {
    // The slow clients connect first, so the logins start under attack.
    co_await Sleep(std::chrono::seconds(2));
    if (browsers > 0) {
      co_await flow.RunLogins(browsers, std::chrono::seconds(duration), 25, logins);
    } else {
      co_await Sleep(std::chrono::seconds(duration));
    }
    gateway_rss_under_attack = RssMib(gateway_pid);
    attack.stopping = true;
    while (attack.live > 0) co_await Sleep(std::chrono::milliseconds(100));
    backstop.cancel();
  };
  asio::co_spawn(io, run(), asio::detached);
  io.run();

  absl::PrintF(
      "Slow clients: %d over %d addresses (%d with a partial 64 KiB body), trickle %d ms\n",
      slowloris, addresses, with_body, absl::GetFlag(FLAGS_trickle_ms));
  absl::PrintF(
      "  connections made %d, closed by the gateway %d, most open at once %d, "
      "connect failures %d\n",
      attack.slow.connects, attack.slow.closed_by_gateway, attack.slow.max_open,
      attack.slow.connect_failures);
  absl::PrintF("Flood: %d workers of random refresh tokens\n", absl::GetFlag(FLAGS_flood_workers));
  std::string statuses;
  for (const auto& [status, count] : attack.flood.by_status) {
    absl::StrAppend(&statuses, statuses.empty() ? "" : ", ", "HTTP ", status, " x", count);
  }
  absl::PrintF("  answers %s; latency %s; failures %s\n", statuses.empty() ? "none" : statuses,
               attack.flood.latency.Describe(), attack.flood.failures.Describe());
  bool met = true;
  if (browsers > 0) {
    met = logins.login.count() > 0 && logins.login.Quantile(0.99) < kTargetLoginP99Ms;
    absl::PrintF("Logins: %d browsers, %d complete\n", browsers, logins.completed);
    absl::PrintF("  login latency  %s   target p99 < %.0f ms: %s\n", logins.login.Describe(),
                 kTargetLoginP99Ms, met ? "MET" : "MISSED");
    absl::PrintF("  create latency %s\n", logins.create.Describe());
    absl::PrintF("  failures       %s\n", logins.failures.Describe());
  }
  absl::PrintF("Memory: gateway RSS %.1f MiB under attack, peak %.1f; server peak %.1f\n",
               gateway_rss_under_attack, PeakMib(gateway_pid), PeakMib(server_pid));
  return met ? 0 : 1;
}

}  // namespace
}  // namespace tgauth::bench

int main(int argc, char** argv) {
  tgauth::ParseFlagsWithEnvironment(argc, argv, "bench/flood_bench.cc", tgauth::bench::kUsage);
  std::signal(SIGPIPE, SIG_IGN);  // A write to a closed connection is counted, not a crash.
  return tgauth::bench::Run();
}
