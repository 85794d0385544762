// AdminService's handlers (unary_call.h) for the webhook dead-letter list.
// They take the Operator, so only AsOperator can dispatch them;
// WebhookDeadLetters blocks on PostgreSQL: run them on the executor.
#ifndef TGAUTH_SERVER_RPC_DEAD_LETTER_RPCS_H_
#define TGAUTH_SERVER_RPC_DEAD_LETTER_RPCS_H_

#include "absl/status/status.h"
#include "server/events/webhook_dead_letters.h"
#include "server/rpc/caller_auth.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth {

class DeadLetterRpcs {
 public:
  // Largest and default ListDeadLetters page.
  static constexpr int kMaxPageSize = 1000;
  static constexpr int kDefaultPageSize = 100;

  // `dead_letters` must outlive the handler.
  explicit DeadLetterRpcs(WebhookDeadLetters& dead_letters) : dead_letters_(dead_letters) {}

  // One page, oldest first. INVALID_ARGUMENT for a page_size outside
  // 0-kMaxPageSize or a negative after_delivery_id; UNAVAILABLE.
  absl::Status ListDeadLetters(const Operator& caller, const v1::ListDeadLettersRequest& request,
                               v1::ListDeadLettersResponse* response);
  // INVALID_ARGUMENT for a delivery_id below 1; NOT_FOUND if it is no dead
  // letter; UNAVAILABLE.
  absl::Status ReplayDeadLetter(const Operator& caller, const v1::ReplayDeadLetterRequest& request,
                                v1::ReplayDeadLetterResponse* response);

 private:
  WebhookDeadLetters& dead_letters_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_RPC_DEAD_LETTER_RPCS_H_
