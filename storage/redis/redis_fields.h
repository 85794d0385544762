// What the Redis stores that keep a record as a HASH share: creating one
// under a fresh random key, consuming one, reading an HGETALL reply by field
// name, decimal integers, and TTL arguments.
#ifndef TGAUTH_STORAGE_REDIS_REDIS_FIELDS_H_
#define TGAUTH_STORAGE_REDIS_REDIS_FIELDS_H_

#include <hiredis/hiredis.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/redis/redis_client.h"

namespace tgauth::storage {

// A hash's fields by name; views into the reply they were read from.
using FieldMap = std::map<absl::string_view, absl::string_view>;

// The fields of an HGETALL array (field, value, field, value...).
FieldMap FieldsOf(const redisReply& hash);

// Field names and values to write, as owned strings.
using Fields = std::vector<std::pair<std::string, std::string>>;

// Appends name, value, name, value... to a script's ARGV.
void AppendFieldArgs(const Fields& fields, std::vector<absl::string_view>& args);

// Creates the hash `key` holding `fields`, expiring after `lifetime`, where
// `key` derives from a fresh CSPRNG secret, so no one else can hold it:
// after a lost reply, a key that exists is this call's. INTERNAL if the key
// is taken (a broken CSPRNG); UNAVAILABLE if Redis is unreachable (then
// nothing that anyone can find was stored).
absl::Status CreateHashUnderFreshKey(RedisClient& redis, const std::string& key,
                                     absl::Duration lifetime, const Fields& fields);

// KEYS[1] = hash key. Returns its HGETALL array (empty if absent) and
// deletes it: reading and deleting in one script is what makes a record
// single-use.
const RedisScript& ConsumeHashScript();

// True if all of `text` is a decimal int64 (what absl::StrCat wrote).
bool ParseInt64(absl::string_view text, int64_t* value);

// `d` in whole milliseconds, rounded up so a short time never becomes 0
// (PEXPIRE and PX arguments).
std::string Millis(absl::Duration d);

}  // namespace tgauth::storage

#endif  // TGAUTH_STORAGE_REDIS_REDIS_FIELDS_H_
