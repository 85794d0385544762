// tgauth-token-bench: throughput and latency of the token RPCs against a
// running tgauth-server, each printed next to its ceiling measured in the
// same run:
//
//   trivial    GetJwks: a unary RPC that does no work (answers from memory on
//              the reactor thread): the gRPC ceiling of this machine.
//   validate   ValidateAccessToken of one valid access token per worker:
//              after its first call, the verified-token cache answers.
//   validate_many
//              ValidateAccessToken over --distinct_tokens valid access
//              tokens (made by refreshing the workers' sessions), each worker
//              cycling through its share, as a service sees many users:
//              ES256 verify, claim checks and the revocation-list lookup
//              whenever the cache misses. Target: >= 50 % of trivial.
//   refresh    RefreshSession, one rotation chain per worker: one PostgreSQL
//              statement (row lock, insert, two updates in a server-side
//              function) per call. Target: >= 70 % of --pgbench_tps (pgbench
//              TPC-B, prepared, on the same PostgreSQL; bench/run-token-bench
//              measures it).
//
// Closed loop: --concurrency workers each keep one call in flight on gRPC's
// callback API (no thread per worker) over --channels HTTP/2 connections.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/random/random.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/time/clock.h"
#include "bench/bench_stats.h"
#include "common/env_flags.h"
#include "tgauth/v1/auth.grpc.pb.h"

ABSL_FLAG(std::string, server_address, "127.0.0.1:50051", "tgauth-server's gRPC address.");
ABSL_FLAG(std::string, webhook_secret, "",
          "The server's --webhook_secret: the bench posts the confirming update itself, as the "
          "gateway would.");
ABSL_FLAG(std::vector<std::string>, modes,
          std::vector<std::string>({"trivial", "validate", "validate_many", "refresh"}),
          "Which measurements to run, in order: trivial, validate, validate_many, refresh.");
ABSL_FLAG(int32_t, distinct_tokens, 10000,
          "validate_many: how many distinct valid access tokens the workers cycle through.");
ABSL_FLAG(int32_t, concurrency, 32, "Calls in flight (closed loop).");
ABSL_FLAG(int32_t, channels, 4, "gRPC channels (HTTP/2 connections) the calls spread over.");
ABSL_FLAG(int32_t, duration_seconds, 10, "Length of each measurement.");
ABSL_FLAG(double, pgbench_tps, 0,
          "pgbench TPC-B (prepared) tps on the same PostgreSQL, the refresh ceiling; 0: none.");

namespace tgauth::bench {
namespace {

constexpr char kUsage[] =
    "Measures tgauth-server's token RPCs against their ceilings; see bench/run-token-bench.";

using Stub = v1::AuthService::Stub;

// One closed-loop worker: a chain of calls, each started by the previous
// one's completion. Only its own chain touches it, so it needs no lock.
struct Worker {
  Stub* stub = nullptr;
  std::string token;  // The access token (validate) or the current refresh token (refresh).
  std::vector<std::string> tokens;  // validate_many: the worker's share, validated in turn.
  size_t next_token = 0;
  LatencySamples latency;
  FailureCounts failures;
};

class Run {
 public:
  Run(std::string mode, absl::Duration duration, std::vector<Worker>& workers)
      : mode_(std::move(mode)),
        deadline_(absl::Now() + duration),
        workers_(workers),
        done_(static_cast<int>(workers.size())) {}

  // Starts every chain and blocks until all have ended; returns calls/s.
  double Execute() {
    const absl::Time start = absl::Now();
    for (Worker& w : workers_) Next(w);
    done_.Wait();
    return static_cast<double>(Completed()) / absl::ToDoubleSeconds(absl::Now() - start);
  }

 private:
  int64_t Completed() const {
    int64_t n = 0;
    for (const Worker& w : workers_) n += w.latency.count() + w.failures.Total();
    return n;
  }

  // Starts the worker's next call, or ends its chain after the deadline.
  void Next(Worker& w) {
    if (absl::Now() >= deadline_) {
      done_.DecrementCount();
      return;
    }
    if (mode_ == "trivial") {
      Call<v1::GetJwksRequest, v1::GetJwksResponse>(
          w, {}, [](Stub* s, auto&&... args) { s->async()->GetJwks(args...); },
          [](Worker&, const v1::GetJwksResponse&) {});
    } else if (mode_ == "validate" || mode_ == "validate_many") {
      v1::ValidateAccessTokenRequest request;
      request.set_access_token(w.tokens.empty() ? w.token
                                                : w.tokens[w.next_token++ % w.tokens.size()]);
      Call<v1::ValidateAccessTokenRequest, v1::ValidateAccessTokenResponse>(
          w, std::move(request),
          [](Stub* s, auto&&... args) { s->async()->ValidateAccessToken(args...); },
          [](Worker&, const v1::ValidateAccessTokenResponse&) {});
    } else {
      v1::RefreshSessionRequest request;
      request.set_refresh_token(w.token);
      Call<v1::RefreshSessionRequest, v1::RefreshSessionResponse>(
          w, std::move(request),
          [](Stub* s, auto&&... args) { s->async()->RefreshSession(args...); },
          [](Worker& w, const v1::RefreshSessionResponse& r) {
            w.token = r.session().refresh_token();
          });
    }
  }

  // `start(stub, context, request, response, done)` starts the RPC on
  // stub->async(); `on_ok` reads a successful response.
  template <typename Request, typename Response, typename Start, typename OnOk>
  void Call(Worker& w, Request request, Start start, OnOk on_ok) {
    struct InFlight {
      grpc::ClientContext context;
      Request request;
      Response response;
      absl::Time started;
    };
    auto* call = new InFlight;
    call->request = std::move(request);
    call->context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    call->started = absl::Now();
    start(w.stub, &call->context, &call->request, &call->response,
          std::function<void(grpc::Status)>([this, &w, call, on_ok](grpc::Status status) {
            if (status.ok()) {
              w.latency.Add(absl::ToDoubleMilliseconds(absl::Now() - call->started));
              on_ok(w, call->response);
            } else {
              w.failures.Add(absl::StrCat(mode_, ": ", status.error_code(), " ",
                                          status.error_message().substr(0, 60)));
            }
            delete call;
            Next(w);
          }));
  }

  const std::string mode_;
  const absl::Time deadline_;
  std::vector<Worker>& workers_;
  absl::BlockingCounter done_;
};

// A session for a new Telegram user, through the QR flow as a browser and
// the bot would drive it (the server must run without the confirmation step).
absl::StatusOr<v1::Session> SignIn(Stub& stub, int64_t telegram_id) {
  v1::CreateLoginRequest create;
  create.mutable_device()->set_user_agent("tgauth-token-bench");
  create.mutable_device()->set_ip_address("127.0.0.1");
  v1::CreateLoginResponse login;
  grpc::ClientContext c1;
  if (grpc::Status s = stub.CreateLogin(&c1, create, &login); !s.ok()) {
    return absl::UnavailableError(absl::StrCat("CreateLogin: ", s.error_message()));
  }
  v1::HandleTelegramUpdateRequest update;
  v1::TelegramMessage& message = *update.mutable_update()->mutable_message();
  update.mutable_update()->set_update_id(telegram_id);
  message.set_message_id(1);
  message.mutable_from()->set_id(telegram_id);
  message.mutable_from()->set_first_name("Bench");
  message.mutable_chat()->set_id(telegram_id);
  message.mutable_chat()->set_type("private");
  message.set_date(absl::ToUnixSeconds(absl::Now()));
  message.set_text(absl::StrCat("/start ", login.login_token()));
  v1::TelegramMessageEntity& command = *message.add_entities();
  command.set_type("bot_command");
  command.set_length(6);
  v1::HandleTelegramUpdateResponse reply;
  grpc::ClientContext c2;
  c2.AddMetadata("x-telegram-bot-api-secret-token", absl::GetFlag(FLAGS_webhook_secret));
  if (grpc::Status s = stub.HandleTelegramUpdate(&c2, update, &reply); !s.ok()) {
    return absl::UnavailableError(absl::StrCat("HandleTelegramUpdate: ", s.error_message()));
  }
  v1::AwaitLoginRequest await;
  await.set_login_token(login.login_token());
  await.set_poll_token(login.poll_token());
  v1::AwaitLoginResponse result;
  grpc::ClientContext c3;
  if (grpc::Status s = stub.AwaitLogin(&c3, await, &result); !s.ok()) {
    return absl::UnavailableError(absl::StrCat("AwaitLogin: ", s.error_message()));
  }
  if (result.state() != v1::LOGIN_STATE_CONFIRMED) {
    return absl::FailedPreconditionError(
        "the login was not confirmed by /start: run the server with --login_confirmation=false");
  }
  return result.session();
}

// Refreshes `sessions` round robin until `count` access tokens have been
// issued (each distinct: a new signature), `threads` sessions at a time;
// leaves each session with its latest tokens. Returns the access tokens.
absl::StatusOr<std::vector<std::string>> DistinctAccessTokens(Stub& stub,
                                                              std::vector<v1::Session>& sessions,
                                                              int count) {
  const int threads = static_cast<int>(std::min<size_t>(16, sessions.size()));
  std::vector<std::vector<std::string>> made(threads);
  std::vector<absl::Status> failed(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = t; i < count; i += threads) {
        v1::Session& session = sessions[(i / threads * threads + t) % sessions.size()];
        v1::RefreshSessionRequest request;
        request.set_refresh_token(session.refresh_token());
        v1::RefreshSessionResponse response;
        grpc::ClientContext context;
        if (grpc::Status s = stub.RefreshSession(&context, request, &response); !s.ok()) {
          failed[t] = absl::UnavailableError(absl::StrCat("RefreshSession: ", s.error_message()));
          return;
        }
        session = response.session();
        made[t].push_back(session.access_token());
      }
    });
  }
  for (std::thread& t : pool) t.join();
  std::vector<std::string> tokens;
  for (int t = 0; t < threads; ++t) {
    if (!failed[t].ok()) return failed[t];
    tokens.insert(tokens.end(), made[t].begin(), made[t].end());
  }
  return tokens;
}

int Main() {
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  const absl::Duration duration = absl::Seconds(absl::GetFlag(FLAGS_duration_seconds));
  std::vector<std::unique_ptr<Stub>> stubs;
  for (int i = 0; i < std::max(1, absl::GetFlag(FLAGS_channels)); ++i) {
    grpc::ChannelArguments args;
    args.SetInt("tgauth.bench.channel", i);  // Distinct args: a connection of its own.
    stubs.push_back(v1::AuthService::NewStub(grpc::CreateCustomChannel(
        absl::GetFlag(FLAGS_server_address), grpc::InsecureChannelCredentials(), args)));
  }

  // One session per worker: validate checks each worker's access token over
  // and over (as a service does for a signed-in user's requests), refresh
  // walks each worker's own rotation chain.
  absl::BitGen random;
  std::vector<v1::Session> sessions;
  for (int i = 0; i < concurrency; ++i) {
    absl::StatusOr<v1::Session> session =
        SignIn(*stubs[0], absl::Uniform<int64_t>(random, 1'000'000'000, 8'000'000'000));
    if (!session.ok()) {
      std::fprintf(stderr, "tgauth-token-bench: sign-in failed: %s\n",
                   session.status().ToString().c_str());
      return 1;
    }
    sessions.push_back(*std::move(session));
  }
  std::printf("%d sessions signed in; %d calls in flight over %zu channels, %d s each\n",
              concurrency, concurrency, stubs.size(), absl::GetFlag(FLAGS_duration_seconds));

  double trivial_rate = 0;
  bool failed = false;
  for (const std::string& mode : absl::GetFlag(FLAGS_modes)) {
    std::vector<Worker> workers(concurrency);
    for (int i = 0; i < concurrency; ++i) {
      workers[i].stub = stubs[i % stubs.size()].get();
      workers[i].token =
          mode == "refresh" ? sessions[i].refresh_token() : sessions[i].access_token();
    }
    if (mode == "validate_many") {
      const int count = absl::GetFlag(FLAGS_distinct_tokens);
      absl::StatusOr<std::vector<std::string>> tokens =
          DistinctAccessTokens(*stubs[0], sessions, count);
      if (!tokens.ok()) {
        std::fprintf(stderr, "tgauth-token-bench: %s\n", tokens.status().ToString().c_str());
        return 1;
      }
      std::printf("validate_many: %zu distinct access tokens over %d sessions\n", tokens->size(),
                  concurrency);
      for (size_t i = 0; i < tokens->size(); ++i) {
        workers[i % workers.size()].tokens.push_back((*tokens)[i]);
      }
    }
    const double rate = Run(mode, duration, workers).Execute();
    LatencySamples latency;
    int64_t failure_count = 0;
    for (const Worker& w : workers) {
      latency.Add(w.latency);
      failure_count += w.failures.Total();
    }
    std::string ceiling;
    if (mode == "trivial") {
      trivial_rate = rate;
    } else if (mode == "validate" && trivial_rate > 0) {
      ceiling = absl::StrFormat("  = %.0f%% of the trivial RPC", 100 * rate / trivial_rate);
    } else if (mode == "validate_many" && trivial_rate > 0) {
      ceiling = absl::StrFormat("  = %.0f%% of the trivial RPC (target >= 50%%)",
                                100 * rate / trivial_rate);
    } else if (mode == "refresh" && absl::GetFlag(FLAGS_pgbench_tps) > 0) {
      ceiling = absl::StrFormat("  = %.0f%% of pgbench TPC-B %.0f tps (target >= 70%%)",
                                100 * rate / absl::GetFlag(FLAGS_pgbench_tps),
                                absl::GetFlag(FLAGS_pgbench_tps));
    }
    std::printf("%-13s %8.0f calls/s  latency %s  failures %lld%s\n", mode.c_str(), rate,
                latency.Describe().c_str(), static_cast<long long>(failure_count), ceiling.c_str());
    for (const Worker& w : workers) {
      if (w.failures.Total() > 0) {
        std::printf("          first failing worker: %s\n", w.failures.Describe().c_str());
        break;
      }
    }
    failed |= failure_count > 0;
  }
  return failed ? 1 : 0;
}

}  // namespace
}  // namespace tgauth::bench

int main(int argc, char** argv) {
  tgauth::ParseFlagsWithEnvironment(argc, argv, "bench/token_bench.cc", tgauth::bench::kUsage);
  return tgauth::bench::Main();
}
