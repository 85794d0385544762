// The Telegram Login Widget check (server/signin/widget_verifier.h,
// core.telegram.org/widgets/login#checking-authorization): field syntax,
// the data-check-string, the HMAC-SHA-256 hash and auth_date. Each input
// is checked as sent, then with `hash` replaced by the one Telegram would
// compute (tests/server/signin/telegram_test_signing.h), so what follows
// the hash check (auth_date, id, the profile) is fuzzed too.
//
// Input: the widget's fields, one "name=value" per line.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/signin/telegram_signed_data.h"
#include "server/signin/widget_verifier.h"
#include "storage/user_store.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/input_lines.h"
#include "tests/server/signin/telegram_test_signing.h"

namespace {

using tgauth::fuzz::Require;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

void Check(const tgauth::SignedFields& fields) {
  absl::StatusOr<tgauth::storage::TelegramProfile> profile =
      tgauth::VerifyWidgetLogin(fields, tgauth::testing::kTestBotToken, kNow, absl::Hours(24));
  if (profile.ok()) {
    Require(profile->telegram_id > 0, "a verified widget user has a positive id");
    Require(!profile->first_name.empty(), "a verified widget user has a first name");
    return;
  }
  const absl::StatusCode code = profile.status().code();
  Require(code == absl::StatusCode::kInvalidArgument ||
              code == absl::StatusCode::kUnauthenticated,
          "refused widget data is INVALID_ARGUMENT or UNAUTHENTICATED");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tgauth::SignedFields fields;  // A repeated name keeps its last value.
  for (absl::string_view line : absl::StrSplit(tgauth::fuzz::AsText(data, size), '\n')) {
    std::pair<std::string, std::string> field = absl::StrSplit(line, absl::MaxSplits('=', 1));
    fields.insert_or_assign(std::move(field.first), std::move(field.second));
  }
  Check(fields);
  tgauth::testing::Fields unsigned_fields;
  for (const auto& [name, value] : fields) {
    if (name != "hash") unsigned_fields.emplace_back(name, value);
  }
  std::map<std::string, std::string> signed_fields =
      tgauth::testing::SignWidget(unsigned_fields, tgauth::testing::kTestBotToken);
  Check(tgauth::SignedFields(signed_fields.begin(), signed_fields.end()));
  return 0;
}
