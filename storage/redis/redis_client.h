// A small pool of synchronous hiredis 0.14 connections (no TLS, RESP2) that
// reconnects after I/O errors and turns every failure into an absl::Status.
#ifndef TGAUTH_STORAGE_REDIS_REDIS_CLIENT_H_
#define TGAUTH_STORAGE_REDIS_REDIS_CLIENT_H_

#include <hiredis/hiredis.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "storage/store_call_observer.h"

namespace tgauth::storage {

// Where a Redis server is and how to log in to it:
// redis://[user[:password]@]host:port[/db].
struct RedisEndpoint {
  std::string host;
  int port = 0;
  int db = 0;
  // Empty user with a password: `AUTH password` (requirepass, or the ACL's
  // default user); both: `AUTH user password` (an ACL user, Redis 6+).
  // Neither: no AUTH. Never log `password`.
  std::string user;
  std::string password;
};

// Parses redis://[user[:password]@]host:port[/db] (db 0 when absent), with
// user and password percent-decoded (RFC 3986 section 3.2.1), so a password
// holding '@', ':' or '/' is written %40, %3A, %2F. INVALID_ARGUMENT for
// anything else: a user without a password, query strings, and rediss://
// (the message says why TLS is refused and what to do instead).
absl::StatusOr<RedisEndpoint> ParseRedisUrl(absl::string_view url);

struct RedisContextDeleter {
  void operator()(redisContext* c) const { redisFree(c); }
};
using RedisContextPtr = std::unique_ptr<redisContext, RedisContextDeleter>;

// Connects, sets `timeout` for the connect and for every command, enables
// TCP keep-alive, sends AUTH when the endpoint has a password and SELECTs
// the endpoint's db: every connection, pooled, subscribed or reopened,
// comes from here. UNAUTHENTICATED when Redis refuses the credentials or
// asks for some that the URL lacks; UNAVAILABLE on other failures.
absl::StatusOr<RedisContextPtr> OpenRedisContext(const RedisEndpoint& endpoint,
                                                 absl::Duration timeout);

// Owns one reply (freeReplyObject on destruction). RedisClient::Command
// never returns an error reply: it turns those into statuses.
class RedisReply {
 public:
  explicit RedisReply(redisReply* reply) : reply_(reply) {}
  RedisReply(RedisReply&&) = default;
  RedisReply& operator=(RedisReply&&) = default;

  bool is_error() const { return reply_->type == REDIS_REPLY_ERROR; }
  bool is_nil() const { return reply_->type == REDIS_REPLY_NIL; }
  bool is_array() const { return reply_->type == REDIS_REPLY_ARRAY; }
  // The integer of an integer reply, else 0.
  long long integer() const { return reply_->type == REDIS_REPLY_INTEGER ? reply_->integer : 0; }
  // The bytes of a string or status reply, else empty.
  absl::string_view str() const { return StrOf(reply_.get()); }
  // The elements of an array reply (0 for anything else).
  size_t size() const { return is_array() ? reply_->elements : 0; }
  const redisReply& element(size_t i) const { return *reply_->element[i]; }
  const redisReply& raw() const { return *reply_; }
  static absl::string_view StrOf(const redisReply* r);

 private:
  struct Deleter {
    void operator()(redisReply* r) const { freeReplyObject(r); }
  };
  std::unique_ptr<redisReply, Deleter> reply_;
};

// A Lua script run by SHA (EVALSHA), loaded with EVAL when Redis lacks it.
class RedisScript {
 public:
  explicit RedisScript(std::string source);
  const std::string& source() const { return source_; }
  const std::string& sha1() const { return sha1_; }  // 40 lowercase hex digits.

 private:
  std::string source_;
  std::string sha1_;
};

// KEYS[1] = hash key; ARGV[1] = time to live (ms); ARGV[2..] = field,
// value... Creates the hash with that TTL and returns 1, or returns 0 and
// changes nothing if the key exists: how every single-use record is born.
const RedisScript& CreateHashIfAbsentScript();

// What RedisClient may do when a connection breaks after a command was
// written, so Redis may or may not have run it.
enum class RedisResend {
  // Running the command twice does no harm (reads, SET of a fixed value,
  // counting one request twice): send it once more on a fresh connection.
  kAllowed,
  // The command changes state and its reply depends on running once (a
  // login's state transition, consuming a record): never send it again;
  // answer OutcomeUnknown so the caller reads the state back.
  kNever,
};

// The status of a kNever command whose connection broke after it was
// written: Redis may have run it. Callers read back what is stored.
bool IsOutcomeUnknown(const absl::Status& status);

class RedisClient {
 public:
  // Opens `pool_size` connections to `url` (see ParseRedisUrl), each checked
  // with PING. INVALID_ARGUMENT for a bad URL or pool_size < 1;
  // UNAUTHENTICATED for wrong or missing credentials; UNAVAILABLE if Redis
  // cannot be reached within `timeout`.
  static absl::StatusOr<std::unique_ptr<RedisClient>> Connect(absl::string_view url, int pool_size,
                                                              absl::Duration timeout);

  // Runs one command (binary safe), blocking for a free connection.
  // Error replies that say Redis cannot serve for now → UNAVAILABLE: LOADING
  // (it is reading its data after a restart), BUSY (a script ran past its
  // time limit), MASTERDOWN, TRYAGAIN (redis.io/docs/reference/protocol-spec,
  // "Simple errors"). Other error replies → INTERNAL. When the connection breaks after the command
  // was written: with kAllowed, resends it once on a new connection if the
  // peer had closed the old one (a Redis restart); with kNever, returns
  // OutcomeUnknown (IsOutcomeUnknown). Other I/O errors → UNAVAILABLE
  // ("redis unavailable"). A broken connection is reopened on next use.
  absl::StatusOr<RedisReply> Command(const std::vector<absl::string_view>& argv,
                                     RedisResend resend);

  // EVALSHA `script`, falling back to EVAL on NOSCRIPT (which ran nothing).
  // Errors and `resend` as Command.
  absl::StatusOr<RedisReply> Eval(const RedisScript& script,
                                  const std::vector<absl::string_view>& keys,
                                  const std::vector<absl::string_view>& args, RedisResend resend);

  const RedisEndpoint& endpoint() const { return endpoint_; }
  absl::Duration timeout() const { return timeout_; }

  // Tells `observer` (which must outlive this client) of every Command and
  // Eval from now on. Call before the client is shared with other threads.
  void SetObserver(StoreCallObserver& observer) { observer_ = &observer; }
  // The pool's connections in use now, and its size.
  PoolUse pool_use() const;

 private:
  RedisClient(RedisEndpoint endpoint, absl::Duration timeout, int pool_size)
      : endpoint_(std::move(endpoint)), timeout_(timeout), pool_size_(pool_size) {}

  // Like Command, but an error reply comes back as a reply (for NOSCRIPT).
  absl::StatusOr<RedisReply> RawCommand(const std::vector<absl::string_view>& argv,
                                        RedisResend resend);
  // Command or Eval without telling the observer.
  absl::StatusOr<RedisReply> UnobservedCommand(const std::vector<absl::string_view>& argv,
                                               RedisResend resend);
  absl::StatusOr<RedisReply> UnobservedEval(const RedisScript& script,
                                            const std::vector<absl::string_view>& keys,
                                            const std::vector<absl::string_view>& args,
                                            RedisResend resend);
  // Takes an idle connection, blocking until one is free; null = reopen.
  RedisContextPtr Checkout();
  void Return(RedisContextPtr context);

  const RedisEndpoint endpoint_;
  const absl::Duration timeout_;
  const int pool_size_;
  StoreCallObserver* observer_ = nullptr;
  mutable absl::Mutex mu_;
  std::vector<RedisContextPtr> idle_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_REDIS_REDIS_CLIENT_H_
