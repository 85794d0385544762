// A BotApi that records the calls it is given, for tests of what the bot
// sends outside its webhook replies.
#ifndef TGAUTH_TESTS_SERVER_BOT_RECORDING_BOT_API_H_
#define TGAUTH_TESTS_SERVER_BOT_RECORDING_BOT_API_H_

#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "server/bot/bot_api.h"

namespace tgauth::testing {

class RecordingBotApi final : public BotApi {
 public:
  void Call(v1::TelegramBotCall call) override {
    absl::MutexLock lock(&mu_);
    calls_.push_back(std::move(call));
  }

  // The calls so far of `method` ("" for all), in order.
  std::vector<v1::TelegramBotCall> Calls(const std::string& method = "") const {
    absl::MutexLock lock(&mu_);
    std::vector<v1::TelegramBotCall> out;
    for (const auto& call : calls_) {
      if (method.empty() || call.method() == method) out.push_back(call);
    }
    return out;
  }

  // Forgets the calls so far.
  void Clear() {
    absl::MutexLock lock(&mu_);
    calls_.clear();
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<v1::TelegramBotCall> calls_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tgauth::testing

#endif  // TGAUTH_TESTS_SERVER_BOT_RECORDING_BOT_API_H_
