#include "storage/redis/redis_client.h"

#include <openssl/sha.h>

#include <cerrno>
#include <charconv>
#include <csignal>
#include <mutex>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/log.h"
#include "common/percent_decode.h"

namespace tgauth::storage {
namespace {

constexpr absl::string_view kScheme = "redis://";
constexpr absl::string_view kTlsScheme = "rediss://";
constexpr absl::string_view kOutcomeUnknown = "redis connection broke; the outcome is unknown";

// Messages never quote the URL: it may hold a password.
absl::Status BadUrl() {
  return absl::InvalidArgumentError(
      "Redis URL must look like redis://[user[:password]@]host:port[/db]");
}

absl::Status TlsUnsupported() {
  return absl::InvalidArgumentError(
      "rediss:// (Redis over TLS) is not supported: the packaged hiredis 0.14 has no TLS. "
      "Terminate TLS in front of Redis instead, e.g. with a stunnel, spiped or ghostunnel "
      "sidecar listening on loopback, and give its redis:// address");
}

// "user:password" (RFC 3986 section 3.2.1), both percent-decoded; the
// password may itself hold ':'. A user alone cannot AUTH, so it is refused.
absl::Status ParseUserInfo(absl::string_view userinfo, RedisEndpoint* endpoint) {
  const size_t colon = userinfo.find(':');
  if (colon == absl::string_view::npos || colon + 1 == userinfo.size()) {
    return absl::InvalidArgumentError(
        "Redis URL has a user but no password: use redis://user:password@host:port[/db] "
        "(an ACL user) or redis://:password@host:port[/db] (requirepass)");
  }
  std::optional<std::string> user = PercentDecode(userinfo.substr(0, colon), PlusSign::kLiteral);
  std::optional<std::string> password =
      PercentDecode(userinfo.substr(colon + 1), PlusSign::kLiteral);
  if (!user || !password) return BadUrl();
  endpoint->user = *std::move(user);
  endpoint->password = *std::move(password);
  return absl::OkStatus();
}

// hiredis 0.14 writes with write(2): a peer that went away would raise
// SIGPIPE and kill the process. Ignore it unless someone installed a handler.
void IgnoreSigpipe() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction old {};
    if (sigaction(SIGPIPE, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) {
      std::signal(SIGPIPE, SIG_IGN);
    }
  });
}

// Sends one command (binary safe) and reads its reply; null on an I/O error
// (then c->err and c->errstr say which).
redisReply* SendCommand(redisContext* c, const std::vector<absl::string_view>& argv) {
  std::vector<const char*> args;
  std::vector<size_t> lens;
  for (absl::string_view a : argv) {
    args.push_back(a.data());
    lens.push_back(a.size());
  }
  return static_cast<redisReply*>(
      redisCommandArgv(c, static_cast<int>(args.size()), args.data(), lens.data()));
}

// A whole non-negative decimal number, digits only.
bool ParseInt(absl::string_view text, int* value) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return !text.empty() && text[0] != '-' && error == std::errc() &&
         end == text.data() + text.size();
}

// An error reply's status: UNAVAILABLE when its code (the first word) says
// Redis cannot serve for now, so callers answer 503 and clients retry;
// INTERNAL otherwise (a wrong command or type is tgauth's bug).
absl::Status ErrorReplyStatus(const RedisReply& reply) {
  const absl::string_view code = reply.str().substr(0, reply.str().find(' '));
  for (absl::string_view transient : {"LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN"}) {
    if (code == transient) return absl::UnavailableError(absl::StrCat("redis unavailable: ", code));
  }
  return absl::InternalError("redis error");
}

}  // namespace

absl::StatusOr<RedisEndpoint> ParseRedisUrl(absl::string_view url) {
  if (absl::StartsWith(url, kTlsScheme)) return TlsUnsupported();
  if (!absl::StartsWith(url, kScheme)) return BadUrl();
  url.remove_prefix(kScheme.size());
  RedisEndpoint endpoint;
  if (size_t slash = url.find('/'); slash != absl::string_view::npos) {
    if (!ParseInt(url.substr(slash + 1), &endpoint.db)) return BadUrl();
    url = url.substr(0, slash);
  }
  if (size_t at = url.rfind('@'); at != absl::string_view::npos) {
    if (absl::Status s = ParseUserInfo(url.substr(0, at), &endpoint); !s.ok()) return s;
    url = url.substr(at + 1);
  }
  size_t colon = url.rfind(':');
  if (colon == absl::string_view::npos || colon == 0) return BadUrl();
  endpoint.host = std::string(url.substr(0, colon));
  if (endpoint.host.find_first_of("@?#[]") != std::string::npos) return BadUrl();
  if (!ParseInt(url.substr(colon + 1), &endpoint.port) || endpoint.port == 0 ||
      endpoint.port > 65535) {
    return BadUrl();
  }
  return endpoint;
}

absl::StatusOr<RedisContextPtr> OpenRedisContext(const RedisEndpoint& endpoint,
                                                 absl::Duration timeout) {
  IgnoreSigpipe();
  RedisContextPtr c(
      redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, absl::ToTimeval(timeout)));
  const std::string where = absl::StrCat("Redis at ", endpoint.host, ":", endpoint.port);
  auto fail = [&](absl::string_view why) {
    return absl::UnavailableError(absl::StrCat("cannot connect to ", where, ": ", why));
  };
  if (c == nullptr) return fail("out of memory");
  if (c->err != 0) return fail(c->errstr);
  if (redisSetTimeout(c.get(), absl::ToTimeval(timeout)) != REDIS_OK) return fail(c->errstr);
  redisEnableKeepAlive(c.get());
  // The first commands of every connection; their error replies say why
  // (WRONGPASS, NOAUTH), never the password sent.
  auto run = [&](const std::vector<absl::string_view>& argv) -> absl::StatusOr<RedisReply> {
    redisReply* raw = SendCommand(c.get(), argv);
    if (raw == nullptr) return fail(c->errstr);
    return RedisReply(raw);
  };
  if (!endpoint.password.empty()) {
    absl::StatusOr<RedisReply> auth = endpoint.user.empty()
                                          ? run({"AUTH", endpoint.password})
                                          : run({"AUTH", endpoint.user, endpoint.password});
    if (!auth.ok()) return auth.status();
    if (auth->is_error()) {
      return absl::UnauthenticatedError(
          absl::StrCat(where, " refused the credentials in the Redis URL: ", auth->str()));
    }
  }
  const std::string db = absl::StrCat(endpoint.db);
  absl::StatusOr<RedisReply> select = run({"SELECT", db});
  if (!select.ok()) return select.status();
  if (select->is_error() && absl::StartsWith(select->str(), "NOAUTH")) {
    return absl::UnauthenticatedError(absl::StrCat(
        where,
        " requires a password: give it in the Redis URL, redis://:password@host:port/db "
        "(or redis://user:password@host:port/db for an ACL user)"));
  }
  if (select->is_error()) return fail(select->str());
  return c;
}

absl::string_view RedisReply::StrOf(const redisReply* r) {
  if (r->type != REDIS_REPLY_STRING && r->type != REDIS_REPLY_STATUS &&
      r->type != REDIS_REPLY_ERROR) {
    return {};
  }
  return absl::string_view(r->str, r->len);
}

RedisScript::RedisScript(std::string source) : source_(std::move(source)) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(source_.data()), source_.size(), digest);
  sha1_ = absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

absl::StatusOr<std::unique_ptr<RedisClient>> RedisClient::Connect(absl::string_view url,
                                                                  int pool_size,
                                                                  absl::Duration timeout) {
  absl::StatusOr<RedisEndpoint> endpoint = ParseRedisUrl(url);
  if (!endpoint.ok()) return endpoint.status();
  if (pool_size < 1) return absl::InvalidArgumentError("Redis pool size must be at least 1");
  std::unique_ptr<RedisClient> client(new RedisClient(*std::move(endpoint), timeout, pool_size));
  for (int i = 0; i < pool_size; ++i) {
    absl::StatusOr<RedisContextPtr> c = OpenRedisContext(client->endpoint_, timeout);
    if (!c.ok()) return c.status();
    client->Return(*std::move(c));
  }
  // SELECT already proved the connections work; PING proves the pool path.
  absl::StatusOr<RedisReply> pong = client->Command({"PING"}, RedisResend::kAllowed);
  if (!pong.ok()) return pong.status();
  return client;
}

RedisContextPtr RedisClient::Checkout() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](std::vector<RedisContextPtr>* idle) { return !idle->empty(); }, &idle_));
  RedisContextPtr c = std::move(idle_.back());
  idle_.pop_back();
  return c;
}

void RedisClient::Return(RedisContextPtr context) {
  absl::MutexLock lock(&mu_);
  idle_.push_back(std::move(context));
}

bool IsOutcomeUnknown(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnknown && status.message() == kOutcomeUnknown;
}

absl::StatusOr<RedisReply> RedisClient::RawCommand(const std::vector<absl::string_view>& argv,
                                                   RedisResend resend) {
  if (argv.empty()) return absl::InvalidArgumentError("empty Redis command");
  RedisContextPtr c = Checkout();
  for (int attempt = 0;; ++attempt) {
    const bool reused = c != nullptr;
    if (c == nullptr) {
      absl::StatusOr<RedisContextPtr> opened = OpenRedisContext(endpoint_, timeout_);
      if (!opened.ok()) {
        Return(nullptr);
        LogWarning("redis: cannot connect", {{"error", opened.status().message()}});
        return absl::UnavailableError("redis unavailable");
      }
      c = *std::move(opened);
    }
    redisReply* reply = SendCommand(c.get(), argv);
    if (reply != nullptr) {
      Return(std::move(c));
      return RedisReply(reply);
    }
    const int err = c->err;
    const int saved_errno = errno;
    LogWarning("redis: I/O error", {{"error", c->errstr}});
    c.reset();  // A context that saw an error is unusable in hiredis 0.14.
    // The command was written (or partly): Redis may have run it. The peer
    // closing a pooled connection looks the same whether it closed it while
    // idle (a restart; nothing ran) or right after running the command.
    const bool peer_gone =
        err == REDIS_ERR_EOF ||
        (err == REDIS_ERR_IO && (saved_errno == ECONNRESET || saved_errno == EPIPE));
    if (resend == RedisResend::kAllowed && attempt == 0 && reused && peer_gone) continue;
    Return(nullptr);
    if (resend == RedisResend::kNever) return absl::UnknownError(kOutcomeUnknown);
    return absl::UnavailableError("redis unavailable");
  }
}

PoolUse RedisClient::pool_use() const {
  absl::MutexLock lock(&mu_);
  return {.in_use = pool_size_ - static_cast<int>(idle_.size()), .size = pool_size_};
}

absl::StatusOr<RedisReply> RedisClient::Command(const std::vector<absl::string_view>& argv,
                                                RedisResend resend) {
  if (observer_ == nullptr) return UnobservedCommand(argv, resend);
  const StoreCallTimer timer;
  absl::StatusOr<RedisReply> reply = UnobservedCommand(argv, resend);
  observer_->OnStoreCall(StoreKind::kRedis, argv.empty() ? "" : argv[0], timer.Elapsed(),
                         !reply.ok());
  return reply;
}

absl::StatusOr<RedisReply> RedisClient::Eval(const RedisScript& script,
                                             const std::vector<absl::string_view>& keys,
                                             const std::vector<absl::string_view>& args,
                                             RedisResend resend) {
  if (observer_ == nullptr) return UnobservedEval(script, keys, args, resend);
  const StoreCallTimer timer;
  absl::StatusOr<RedisReply> reply = UnobservedEval(script, keys, args, resend);
  observer_->OnStoreCall(StoreKind::kRedis, "EVALSHA", timer.Elapsed(), !reply.ok());
  return reply;
}

absl::StatusOr<RedisReply> RedisClient::UnobservedCommand(
    const std::vector<absl::string_view>& argv, RedisResend resend) {
  absl::StatusOr<RedisReply> reply = RawCommand(argv, resend);
  if (reply.ok() && reply->is_error()) {
    LogWarning("redis: command failed",
               {{"command", argv.empty() ? "" : argv[0]}, {"error", reply->str()}});
    return ErrorReplyStatus(*reply);
  }
  return reply;
}

absl::StatusOr<RedisReply> RedisClient::UnobservedEval(const RedisScript& script,
                                                       const std::vector<absl::string_view>& keys,
                                                       const std::vector<absl::string_view>& args,
                                                       RedisResend resend) {
  const std::string num_keys = absl::StrCat(keys.size());
  std::vector<absl::string_view> argv = {"EVALSHA", script.sha1(), num_keys};
  argv.insert(argv.end(), keys.begin(), keys.end());
  argv.insert(argv.end(), args.begin(), args.end());
  absl::StatusOr<RedisReply> reply = RawCommand(argv, resend);
  if (reply.ok() && reply->is_error() && absl::StartsWith(reply->str(), "NOSCRIPT")) {
    // First use on this Redis (or after a restart): EVAL also caches it.
    argv[0] = "EVAL";
    argv[1] = script.source();
    reply = RawCommand(argv, resend);
  }
  if (reply.ok() && reply->is_error()) {
    LogWarning("redis: script failed", {{"error", reply->str()}});
    return ErrorReplyStatus(*reply);
  }
  return reply;
}

const RedisScript& CreateHashIfAbsentScript() {
  static const RedisScript* script = new RedisScript(R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
)lua");
  return *script;
}

}  // namespace tgauth::storage
