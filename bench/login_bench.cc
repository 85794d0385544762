// tgauth-login-bench: drives complete QR logins through tgauth-gateway the
// way browsers and Telegram do, and checks the service's performance targets.
//
// Phase 1 (--duration_seconds): --browsers virtual browsers each loop
//   POST /v1/logins -> GET /v1/logins/{token}?wait=N (parks) -> once that poll
//   is written, a second connection POSTs the Telegram webhook "/start
//   <token>" -> the parked poll returns CONFIRMED with a session.
//   Wake-up latency = poll reply received - webhook reply received.
// Phase 2 (--parked): creates that many logins, parks one poll for each on
//   its own connection, reads the server's and gateway's memory while all
//   are parked (peak RSS, KiB per poll over the idle processes, and that
//   cost projected to 100,000 polls: more open files than one process may
//   have here), then releases them by confirming every login.
//
// One io_context on one thread; every connection is a coroutine's socket,
// never a thread. Every request has a timeout and the run has a hard limit.
#include <sys/resource.h>

// clang-format off
#include <utility>  // Before asio: Boost 1.74 + GCC 12 needs std::exchange.
// clang-format on

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "bench/bench_stats.h"
#include "bench/http_connection.h"
#include "bench/login_flow.h"
#include "common/env_flags.h"
#include "tests/fixtures/http_client.h"

ABSL_FLAG(std::string, gateway_url, "http://127.0.0.1:8080", "Base URL of tgauth-gateway.");
ABSL_FLAG(std::string, webhook_secret, "",
          "The gateway's webhook secret (X-Telegram-Bot-Api-Secret-Token).");
ABSL_FLAG(int32_t, browsers, 64, "Phase 1: concurrent virtual browsers.");
ABSL_FLAG(int32_t, duration_seconds, 20, "Phase 1: how long browsers start new logins; 0 skips.");
ABSL_FLAG(int32_t, poll_wait_seconds, 25, "Phase 1: the wait= of each long poll (0..30).");
ABSL_FLAG(int32_t, parked, 15000,
          "Phase 2: polls parked at once; 0 skips the phase. This machine allows 20,000 open "
          "files per process, so 15,000 is about the most one gateway can hold here.");
ABSL_FLAG(int32_t, parked_wait_seconds, 30, "Phase 2: the wait= of each parked poll (0..30).");
ABSL_FLAG(int32_t, settle_ms, 1000,
          "Phase 2: pause after the last poll is sent, so all reach the server, before "
          "memory is read.");
ABSL_FLAG(int32_t, request_timeout_seconds, 10,
          "Timeout of every request but a long poll (which gets its wait + this).");
ABSL_FLAG(int32_t, server_pid, 0, "tgauth-server's pid, to read its memory; 0: not measured.");
ABSL_FLAG(int32_t, gateway_pid, 0, "tgauth-gateway's pid, to read its memory; 0: not measured.");
ABSL_FLAG(std::string, counters_command, "",
          "Phase 1: a command printing the stores' counters as \"name value\" lines "
          "(bench/store-counters), run before and after the phase to print Redis requests and "
          "commands and PostgreSQL transactions per login; empty: not measured.");
ABSL_FLAG(int32_t, counters_settle_ms, 2000,
          "Phase 1: pause after the last login before reading the counters, so PostgreSQL has "
          "published its backends' statistics (it does so about once a second).");
ABSL_FLAG(int32_t, max_run_seconds, 0,
          "Hard limit on the whole run; 0: duration_seconds + 180. In-flight work is abandoned.");

namespace tgauth::bench {
namespace {

namespace asio = boost::asio;

constexpr char kUsage[] =
    "Load generator for tgauth: complete QR logins through tgauth-gateway (create, "
    "long poll, Telegram webhook, wake-up), then many parked polls with memory readings.";

// The targets this bench checks (the performance issue's bars): login
// throughput with the bot's confirmation step (the default) and without,
// the work per login, and long-poll scale.
constexpr double kTargetLoginsPerSecond = 1200;
constexpr double kTargetLoginsPerSecondWithoutConfirmation = 2000;
constexpr double kTargetWakeP99Ms = 20;
// CPU of the server, the gateway, PostgreSQL and Redis together.
constexpr double kTargetCpuMsPerLogin = 0.8;
constexpr double kTargetRedisCommandsPerLogin = 6;
constexpr double kTargetPostgresTransactionsPerLogin = 1;
// At light load (this many browsers or fewer) a wake-up must be quick: the
// webhook's answer to the parked poll's answer within 3 ms at p99.
constexpr int kLightLoadBrowsers = 4;
constexpr double kTargetLightWakeP99Ms = 3;
// 15,000 parked polls in at most 200 MB (both processes' peak RSS together).
constexpr int64_t kTargetParked = 15000;
constexpr double kTargetParkedMib = 200e6 / (1 << 20);
// The scale the per-poll cost is projected to (more open files than one
// process may have here: several gateway replicas would hold them).
constexpr int64_t kProjectedParked = 100000;

void RaiseFileLimit(int64_t needed) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  getrlimit(RLIMIT_NOFILE, &limit);
  if (static_cast<int64_t>(limit.rlim_cur) < needed) {
    absl::FPrintF(stderr, "warning: open-file limit %d is below the %d this run needs\n",
                  static_cast<int64_t>(limit.rlim_cur), needed);
  }
}

std::string MemoryLine(const char* name, int pid, std::optional<ProcessMemory>* out) {
  if (pid == 0) return absl::StrCat(name, " not measured");
  *out = ReadProcessMemory(pid);
  if (!*out) return absl::StrFormat("%s (pid %d) gone", name, pid);
  return absl::StrFormat("%s %.1f now / %.1f peak", name, (*out)->rss_mib, (*out)->peak_mib);
}

// RSS of the server and the gateway in MiB (0 where unmeasured).
struct MemoryPair {
  double server = 0;
  double gateway = 0;
  double sum() const { return server + gateway; }
  bool measured() const { return server > 0 && gateway > 0; }
};
struct MemoryReading {
  MemoryPair now;
  MemoryPair peak;  // The high-water marks since each process started.
};

// Prints both processes' memory and returns it.
MemoryReading PrintMemory(const char* when) {
  std::optional<ProcessMemory> server, gateway;
  const std::string s = MemoryLine("server", absl::GetFlag(FLAGS_server_pid), &server);
  const std::string g = MemoryLine("gateway", absl::GetFlag(FLAGS_gateway_pid), &gateway);
  const double server_peak = server ? server->peak_mib : 0;
  const double gateway_peak = gateway ? gateway->peak_mib : 0;
  absl::PrintF("  RSS MiB %-22s %s | %s | sum %.1f now / %.1f peak\n", when, s, g,
               (server ? server->rss_mib : 0) + (gateway ? gateway->rss_mib : 0),
               server_peak + gateway_peak);
  return {
      .now = {.server = server ? server->rss_mib : 0, .gateway = gateway ? gateway->rss_mib : 0},
      .peak = {.server = server_peak, .gateway = gateway_peak}};
}

const char* Verdict(bool met) { return met ? "MET" : "MISSED"; }

using Counters = std::map<std::string, int64_t>;

// Runs --counters_command and parses its "name value" lines; empty if the
// flag is unset or the command fails.
Counters ReadCounters() {
  Counters counters;
  const std::string command = absl::GetFlag(FLAGS_counters_command);
  if (command.empty()) return counters;
  FILE* out = popen(command.c_str(), "r");
  if (out == nullptr) return counters;
  char line[512];
  while (fgets(line, sizeof line, out) != nullptr) {
    std::vector<absl::string_view> parts =
        absl::StrSplit(absl::StripAsciiWhitespace(line), ' ', absl::SkipEmpty());
    int64_t value = 0;
    if (parts.size() == 2 && absl::SimpleAtoi(parts[1], &value)) {
      counters[std::string(parts[0])] = value;
    }
  }
  if (pclose(out) != 0) {
    absl::FPrintF(stderr, "warning: --counters_command failed\n");
    counters.clear();
  }
  return counters;
}

// Prints the work per complete login between two readings (CPU of each
// process, the stores' requests and transactions); returns the number of
// targets missed.
int PrintWorkPerLogin(const Counters& before, const Counters& after, int64_t logins) {
  if (before.empty() || after.empty() || logins == 0) {
    absl::PrintF("  work per login not measured (--counters_command)\n");
    return 0;
  }
  auto per_login = [&](const std::string& name) {
    const auto b = before.find(name), a = after.find(name);
    const int64_t delta = (a == after.end() ? 0 : a->second) - (b == before.end() ? 0 : b->second);
    return static_cast<double>(delta) / static_cast<double>(logins);
  };
  int missed = 0;
  std::string cpu;
  double cpu_sum = 0;
  for (const auto& [process, name] : {std::pair{"server", "cpu_ms_server"},
                                      {"gateway", "cpu_ms_gateway"},
                                      {"PostgreSQL", "cpu_ms_postgres"},
                                      {"Redis", "cpu_ms_redis"}}) {
    if (!after.contains(name)) continue;
    cpu_sum += per_login(name);
    absl::StrAppend(&cpu, cpu.empty() ? "" : ", ", process,
                    absl::StrFormat(" %.2f", per_login(name)));
  }
  if (!cpu.empty()) {
    absl::PrintF("  CPU ms per login    %s; sum %.2f   target <= %.1f: %s\n", cpu, cpu_sum,
                 kTargetCpuMsPerLogin, Verdict(cpu_sum <= kTargetCpuMsPerLogin));
    missed += cpu_sum <= kTargetCpuMsPerLogin ? 0 : 1;
  }
  std::string commands;
  for (const auto& [name, value] : after) {
    constexpr absl::string_view kPrefix = "redis_cmd_";
    if (!absl::StartsWith(name, kPrefix) || per_login(name) < 0.05) continue;
    absl::StrAppend(&commands, commands.empty() ? "" : ", ",
                    absl::AsciiStrToUpper(absl::string_view(name).substr(kPrefix.size())), " ",
                    absl::StrFormat("%.1f", per_login(name)));
  }
  const double redis_commands = per_login("redis_commands");
  absl::PrintF(
      "  Redis per login     %.1f requests (round trips); %.1f commands counting those "
      "run in scripts   target <= %.0f: %s\n    %s\n",
      per_login("redis_requests"), redis_commands, kTargetRedisCommandsPerLogin,
      Verdict(redis_commands <= kTargetRedisCommandsPerLogin), commands);
  const double transactions = per_login("pg_commits") + per_login("pg_rollbacks");
  absl::PrintF(
      "  PostgreSQL per login %.2f transactions (%.2f commits, %.2f rollbacks)   "
      "target <= %.0f: %s\n",
      transactions, per_login("pg_commits"), per_login("pg_rollbacks"),
      kTargetPostgresTransactionsPerLogin,
      Verdict(transactions <= kTargetPostgresTransactionsPerLogin + 0.05));
  missed += redis_commands <= kTargetRedisCommandsPerLogin ? 0 : 1;
  missed += transactions <= kTargetPostgresTransactionsPerLogin + 0.05 ? 0 : 1;
  return missed;
}

// Prints phase 1; returns the number of targets missed.
int PrintLoginPhase(const LoginPhaseStats& stats, double seconds, const Counters& before,
                    const Counters& after) {
  const double rate = seconds > 0 ? static_cast<double>(stats.completed) / seconds : 0;
  const bool confirmation = stats.confirm_presses > 0;
  const double rate_target =
      confirmation ? kTargetLoginsPerSecond : kTargetLoginsPerSecondWithoutConfirmation;
  absl::PrintF("Phase 1: complete logins, %d browsers, %.1f s, the bot's confirmation step %s\n",
               absl::GetFlag(FLAGS_browsers), seconds, confirmation ? "on" : "off");
  absl::PrintF("  complete logins     %d = %.1f logins/s   target >= %.0f/s: %s\n", stats.completed,
               rate, rate_target, Verdict(rate >= rate_target));
  const double wake_target = absl::GetFlag(FLAGS_browsers) <= kLightLoadBrowsers
                                 ? kTargetLightWakeP99Ms
                                 : kTargetWakeP99Ms;
  const bool wake_met = stats.wake.count() > 0 && stats.wake.Quantile(0.99) <= wake_target;
  absl::PrintF("  wake-up latency     %s   target p99 <= %.0f ms: %s\n", stats.wake.Describe(),
               wake_target, Verdict(wake_met));
  absl::PrintF("  create latency      %s\n", stats.create.Describe());
  absl::PrintF("  webhook latency     %s\n", stats.webhook.Describe());
  absl::PrintF("  poll answered before the webhook reply (counted as 0 ms): %d\n",
               stats.poll_before_webhook_reply);
  absl::PrintF("  failures            %s\n", stats.failures.Describe());
  return (rate >= rate_target ? 0 : 1) + (wake_met ? 0 : 1) +
         PrintWorkPerLogin(before, after, stats.completed);
}

// Prints phase 2; returns the number of targets missed. `before` is the
// RSS before any poll was parked, `peaks` the peak RSS while all were.
int PrintParkedPhase(const ParkedPhaseStats& stats, bool ran, MemoryPair before, MemoryPair peaks) {
  const int64_t wanted = absl::GetFlag(FLAGS_parked);
  absl::PrintF("Phase 2: %d parked polls\n", wanted);
  if (!ran) {
    absl::PrintF("  not run (stopped before it began)\n");
    return 2;
  }
  absl::PrintF("  logins created      %d\n", stats.created);
  const bool held_met = stats.held >= kTargetParked;
  absl::PrintF("  parked polls held   %d of %d sent   target >= %d: %s\n", stats.held, stats.sent,
               kTargetParked, Verdict(held_met));
  const bool memory_met = peaks.measured() && peaks.sum() <= kTargetParkedMib;
  absl::PrintF(
      "  peak RSS MiB        server %.1f, gateway %.1f, sum %.1f   target sum <= %.1f (200 MB): "
      "%s\n",
      peaks.server, peaks.gateway, peaks.sum(), kTargetParkedMib,
      peaks.measured() ? Verdict(memory_met) : "NOT MEASURED");
  if (peaks.measured() && stats.held > 0) {
    // The growth over the idle processes, per poll held.
    auto kib_per_poll = [&](double before_mib, double peak_mib) {
      return (peak_mib - before_mib) * 1024 / static_cast<double>(stats.held);
    };
    const double server_kib = kib_per_poll(before.server, peaks.server);
    const double gateway_kib = kib_per_poll(before.gateway, peaks.gateway);
    absl::PrintF("  KiB per parked poll server %.1f, gateway %.1f, sum %.1f\n", server_kib,
                 gateway_kib, server_kib + gateway_kib);
    absl::PrintF("  projected to %d     %.0f MiB for both processes\n", kProjectedParked,
                 before.sum() + (server_kib + gateway_kib) * kProjectedParked / 1024);
  }
  absl::PrintF("  released CONFIRMED  %d   wake-up %s\n", stats.confirmed, stats.wake.Describe());
  absl::PrintF("  failures            %s\n", stats.failures.Describe());
  return (held_met ? 0 : 1) + (memory_met ? 0 : 1);
}

int Run() {
  const auto gateway = fixtures::ParseHttpUrl(absl::GetFlag(FLAGS_gateway_url));
  if (!gateway.ok()) {
    absl::FPrintF(stderr, "--gateway_url: %s\n", gateway.status().message());
    return 2;
  }
  const int browsers = absl::GetFlag(FLAGS_browsers);
  const int parked = absl::GetFlag(FLAGS_parked);
  const int duration = absl::GetFlag(FLAGS_duration_seconds);
  if (browsers < 1 || parked < 0 || duration < 0) {
    absl::FPrintF(stderr, "--browsers must be >= 1, --parked and --duration_seconds >= 0\n");
    return 2;
  }
  RaiseFileLimit(3 * browsers + parked + 64);

  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  boost::system::error_code ec;
  const auto resolved = resolver.resolve(gateway->host, std::to_string(gateway->port), ec);
  if (ec || resolved.empty()) {
    absl::FPrintF(stderr, "cannot resolve %s: %s\n", gateway->host, ec.message());
    return 2;
  }
  LoginFlow flow(LoginFlowOptions{
      .endpoint = resolved.begin()->endpoint(),
      .host_header = absl::StrCat(gateway->host, ":", gateway->port),
      .base_path = gateway->base_path,
      .webhook_secret = absl::GetFlag(FLAGS_webhook_secret),
      .request_timeout = std::chrono::seconds(absl::GetFlag(FLAGS_request_timeout_seconds)),
  });
  if (absl::GetFlag(FLAGS_webhook_secret).empty()) {
    absl::FPrintF(stderr, "warning: no --webhook_secret: every webhook will get 401\n");
  }

  // First SIGINT/SIGTERM: start no new logins and release parked polls;
  // second: stop at once.
  asio::signal_set signals(io, SIGINT, SIGTERM);
  std::function<void(const boost::system::error_code&, int)> on_signal =
      [&](const boost::system::error_code& error, int) {
        if (error) return;
        if (flow.stopping()) return io.stop();
        absl::FPrintF(stderr, "stopping: no new logins (signal again to abort)\n");
        flow.Stop();
        signals.async_wait(on_signal);
      };
  signals.async_wait(on_signal);

  absl::PrintF("tgauth-login-bench against %s\n", absl::GetFlag(FLAGS_gateway_url));
  PrintMemory("at start");
  LoginPhaseStats login_stats;
  ParkedPhaseStats parked_stats;
  double login_seconds = 0;
  MemoryPair before_parking, parked_peaks;
  bool parked_ran = false;
  bool finished = false;
  Counters counters_before, counters_after;
  auto run_phases = [&]() -> asio::awaitable<void> {
    if (duration > 0) {
      counters_before = ReadCounters();
      const auto start = std::chrono::steady_clock::now();
      co_await flow.RunLogins(browsers, std::chrono::seconds(duration),
                              absl::GetFlag(FLAGS_poll_wait_seconds), login_stats);
      login_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      PrintMemory("after phase 1");
      if (!absl::GetFlag(FLAGS_counters_command).empty()) {
        asio::steady_timer settle(
            io, std::chrono::milliseconds(absl::GetFlag(FLAGS_counters_settle_ms)));
        co_await settle.async_wait(asio::use_awaitable);
        counters_after = ReadCounters();
      }
    }
    if (parked > 0 && !flow.stopping()) {
      parked_ran = true;
      before_parking = PrintMemory("before parking").now;
      co_await flow.RunParked(
          parked, std::min(browsers, 64), absl::GetFlag(FLAGS_parked_wait_seconds),
          std::chrono::milliseconds(absl::GetFlag(FLAGS_settle_ms)),
          [&] { parked_peaks = PrintMemory("all polls parked").peak; }, parked_stats);
    }
    finished = true;
    signals.cancel();
  };
  asio::co_spawn(io, run_phases(), asio::detached);

  int limit = absl::GetFlag(FLAGS_max_run_seconds);
  if (limit <= 0) limit = duration + 180;
  io.run_for(std::chrono::seconds(limit));
  absl::PrintF("\n");
  if (!finished)
    absl::PrintF("RUN ABORTED (signal or --max_run_seconds=%d): partial results\n", limit);
  int missed = 0;
  if (duration > 0) {
    missed += PrintLoginPhase(login_stats, login_seconds, counters_before, counters_after);
  }
  if (parked > 0)
    missed += PrintParkedPhase(parked_stats, parked_ran, before_parking, parked_peaks);
  const int64_t failures = login_stats.failures.Total() + parked_stats.failures.Total();
  absl::PrintF("Verdict: %s, %d failure(s)\n",
               missed == 0 ? "all targets met" : absl::StrCat(missed, " target(s) missed"),
               failures);
  return (finished && missed == 0 && failures == 0) ? 0 : 1;
}

}  // namespace
}  // namespace tgauth::bench

int main(int argc, char** argv) {
  tgauth::ParseFlagsWithEnvironment(argc, argv, "bench/login_bench.cc", tgauth::bench::kUsage);
  std::signal(SIGPIPE, SIG_IGN);  // A peer closing mid-write is a counted failure, not a crash.
  return tgauth::bench::Run();
}
