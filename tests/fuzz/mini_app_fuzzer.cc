// Telegram Mini App initData (server/signin/mini_app_verifier.h,
// core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app):
// the query-string parser, then both signature checks, the bot's HMAC and
// the third-party Ed25519 one (under a test key standing in for
// Telegram's), auth_date and the `user` JSON. Each input is checked as
// sent, then with its fields signed the way Telegram signs them
// (tests/server/signin/telegram_test_signing.h), so what follows the
// signature checks is fuzzed too.
//
// Input: the raw initData ("query_id=...&user=%7B...%7D&auth_date=...&hash=...").
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/signin/mini_app_verifier.h"
#include "server/signin/telegram_signed_data.h"
#include "storage/user_store.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/input_lines.h"
#include "tests/server/signin/telegram_test_signing.h"

namespace {

using tgauth::MiniAppVerifier;
using tgauth::fuzz::Require;

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

struct Fixture {
  Fixture() {
    hmac = *MiniAppVerifier::Create({.bot_token = tgauth::testing::kTestBotToken});
    ed25519 = *MiniAppVerifier::Create(
        {.bot_id = tgauth::testing::kTestBotId, .public_key = telegram.public_key()});
  }

  tgauth::testing::TestEd25519Key telegram;  // Stands in for Telegram's key.
  std::unique_ptr<MiniAppVerifier> hmac;
  std::unique_ptr<MiniAppVerifier> ed25519;
};

const Fixture& TheFixture() {
  static const Fixture* fixture = new Fixture();
  return *fixture;
}

// Verifies `init_data`; true if it passed.
bool Check(const MiniAppVerifier& verifier, absl::string_view init_data) {
  absl::StatusOr<tgauth::storage::TelegramProfile> profile =
      verifier.Verify(init_data, kNow, absl::Hours(24));
  if (profile.ok()) {
    Require(profile->telegram_id > 0, "a verified Mini App user has a positive id");
    Require(!profile->first_name.empty(), "a verified Mini App user has a first name");
    return true;
  }
  const absl::StatusCode code = profile.status().code();
  Require(code == absl::StatusCode::kInvalidArgument ||
              code == absl::StatusCode::kUnauthenticated,
          "refused initData is INVALID_ARGUMENT or UNAUTHENTICATED");
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Fixture& f = TheFixture();
  const absl::string_view init_data = tgauth::fuzz::AsText(data, size);
  Check(*f.hmac, init_data);
  Check(*f.ed25519, init_data);

  absl::StatusOr<tgauth::SignedFields> fields = tgauth::ParseInitData(init_data);
  if (!fields.ok()) return 0;
  tgauth::testing::Fields unsigned_fields;
  for (const auto& [name, value] : *fields) {
    if (name != "hash" && name != "signature") unsigned_fields.emplace_back(name, value);
  }
  // Ed25519 costs ~100 times an HMAC: sign only what the HMAC check accepts,
  // the inputs that reach the checks behind the signature.
  if (Check(*f.hmac,
            tgauth::testing::SignMiniAppHmac(unsigned_fields, tgauth::testing::kTestBotToken))) {
    Require(Check(*f.ed25519, f.telegram.SignMiniApp(unsigned_fields, tgauth::testing::kTestBotId)),
            "data valid under the bot's HMAC is valid under Telegram's signature");
  }
  return 0;
}
