#include "storage/redis/redis_event_stream.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tgauth::storage {
namespace {

// KEYS[1] = stream; ARGV[1] = MAXLEN; then per event: entry id, type,
// user_id, event_id, event. XADD refuses an id at or below the stream's
// last one ("... equal or smaller than the target stream top item"): that
// event is there already. Any other error ends the run and is returned.
const RedisScript& AppendScript() {
  static const RedisScript* script = new RedisScript(R"lua(
local added = 0
for i = 2, #ARGV, 5 do
  local reply = redis.pcall('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], ARGV[i],
                            'type', ARGV[i + 1], 'user_id', ARGV[i + 2],
                            'event_id', ARGV[i + 3], 'event', ARGV[i + 4])
  if type(reply) == 'table' and reply.err then
    if not string.find(reply.err, 'equal or smaller', 1, true) then return reply end
  else
    added = added + 1
  end
end
return added
)lua");
  return *script;
}

// KEYS[1] = stream; ARGV[1] = first entry id to read (an exclusive
// "(<id>" after the first run); ARGV[2] = last entry id, exclusive;
// ARGV[3] = user_id; ARGV[4] = entries read per run. Returns {next start,
// or "" when the range is done; entries deleted}.
const RedisScript& EraseUserScript() {
  static const RedisScript* script = new RedisScript(R"lua(
local count = tonumber(ARGV[4])
local entries = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[2], 'COUNT', count)
local doomed = {}
for _, entry in ipairs(entries) do
  local fields = entry[2]
  for j = 1, #fields, 2 do
    if fields[j] == 'user_id' then
      if fields[j + 1] == ARGV[3] then doomed[#doomed + 1] = entry[1] end
      break
    end
  end
end
if #doomed > 0 then redis.call('XDEL', KEYS[1], unpack(doomed)) end
if #entries < count then return {'', #doomed} end
return {'(' .. entries[#entries][1], #doomed}
)lua");
  return *script;
}

// Entries one EraseUser script run reads: about a millisecond of Redis.
constexpr int kEraseBatch = 1000;

}  // namespace

absl::StatusOr<int> RedisEventStream::Append(absl::Span<const StreamEvent> events) {
  if (events.empty()) return 0;
  std::vector<std::string> text;  // Owns the numbers the arguments point to.
  text.reserve(1 + 2 * events.size());
  text.push_back(absl::StrCat(max_len_));
  for (const StreamEvent& e : events) {
    if (e.event_id == 0) return absl::InvalidArgumentError("a stream event needs an event_id");
    text.push_back(absl::StrCat(e.event_id, "-0"));
    text.push_back(absl::StrCat(e.event_id));
  }
  std::vector<absl::string_view> args = {text[0]};
  args.reserve(1 + 5 * events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    const StreamEvent& e = events[i];
    args.insert(args.end(), {text[1 + 2 * i], e.type, e.user_id, text[2 + 2 * i], e.event});
  }
  // Resending is harmless: the entries a first run added are skipped.
  absl::StatusOr<RedisReply> reply =
      redis_.Eval(AppendScript(), {stream_}, args, RedisResend::kAllowed);
  if (!reply.ok()) return reply.status();
  return static_cast<int>(reply->integer());
}

absl::StatusOr<int64_t> RedisEventStream::EraseUser(absl::string_view user_id,
                                                    uint64_t before_event_id) {
  if (user_id.empty()) return absl::InvalidArgumentError("erasure needs a user_id");
  const std::string end = absl::StrCat("(", before_event_id, "-0");
  const std::string batch = absl::StrCat(kEraseBatch);
  std::string start = "-";
  int64_t erased = 0;
  while (!start.empty()) {
    absl::StatusOr<RedisReply> reply = redis_.Eval(EraseUserScript(), {stream_},
                                                   {start, end, user_id, batch},
                                                   RedisResend::kAllowed);
    if (!reply.ok()) return reply.status();
    start = std::string(RedisReply::StrOf(&reply->element(0)));
    erased += reply->element(1).integer;
  }
  return erased;
}

}  // namespace tgauth::storage
