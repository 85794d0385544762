#include "server/rpc/dead_letter_rpcs.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "server/rpc/proto_convert.h"

namespace tgauth {

absl::Status DeadLetterRpcs::ListDeadLetters(const Operator& caller,
                                             const v1::ListDeadLettersRequest& request,
                                             v1::ListDeadLettersResponse* response) {
  if (request.page_size() < 0 || request.page_size() > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size must be 0-", kMaxPageSize, " (0: ", kDefaultPageSize, ")"));
  }
  if (request.after_delivery_id() < 0) {
    return absl::InvalidArgumentError("after_delivery_id must not be negative");
  }
  const int page_size = request.page_size() == 0 ? kDefaultPageSize : request.page_size();
  absl::StatusOr<std::vector<storage::WebhookDelivery>> dead =
      dead_letters_.List(request.after_delivery_id(), page_size);
  if (!dead.ok()) return dead.status();
  for (const storage::WebhookDelivery& delivery : *dead) {
    ToProto(delivery, response->add_dead_letters());
  }
  if (static_cast<int>(dead->size()) == page_size) {
    response->set_next_after_delivery_id(dead->back().id);
  }
  return absl::OkStatus();
}

absl::Status DeadLetterRpcs::ReplayDeadLetter(const Operator& caller,
                                              const v1::ReplayDeadLetterRequest& request,
                                              v1::ReplayDeadLetterResponse* response) {
  if (request.delivery_id() < 1) {
    return absl::InvalidArgumentError("delivery_id must be a dead letter's id (1 or more)");
  }
  absl::Status replayed = dead_letters_.Replay(request.delivery_id());
  if (replayed.ok()) {
    // A replay appends no domain event (the event was numbered once), so
    // the log is where the operator who asked for it is recorded.
    LogInfo("dead letter replayed",
            {{"delivery_id", request.delivery_id()}, {"operator", caller.name}});
  }
  return replayed;
}

}  // namespace tgauth
