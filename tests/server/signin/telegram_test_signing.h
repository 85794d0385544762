// Telegram's side of the Login Widget and Mini App signatures, for tests:
// produces known-good data from the published algorithms, written out here
// step by step rather than through the code under test
// (core.telegram.org/widgets/login#checking-authorization,
// core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app).
#ifndef TGAUTH_TESTS_SERVER_SIGNIN_TELEGRAM_TEST_SIGNING_H_
#define TGAUTH_TESTS_SERVER_SIGNIN_TELEGRAM_TEST_SIGNING_H_

#include <openssl/evp.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"

namespace tgauth::testing {

inline constexpr char kTestBotToken[] = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";
inline constexpr int64_t kTestBotId = 123456789;

// Fields in the order given; the signers sort them as Telegram does.
using Fields = std::vector<std::pair<std::string, std::string>>;

// `fields` as the widget sends them, with `hash` = hex HMAC-SHA-256 keyed by
// SHA-256(bot_token) over the sorted `key=value` lines.
std::map<std::string, std::string> SignWidget(const Fields& fields, const std::string& bot_token);

// The data-check-string: `key=value` of every field except `skip`, sorted
// by name, joined by '\n'.
std::string TestDataCheckString(const Fields& fields, const std::vector<std::string>& skip);

// Raw initData: each name and value percent-encoded (libcurl), joined by
// '&', in the order given.
std::string EncodeInitData(const Fields& fields);

// `fields` plus hash = hex HMAC-SHA-256(HMAC-SHA-256("WebAppData", token),
// data-check-string without hash), as raw initData.
std::string SignMiniAppHmac(Fields fields, const std::string& bot_token);

// An Ed25519 key pair standing in for Telegram's (whose private key nobody has).
class TestEd25519Key {
 public:
  TestEd25519Key();
  std::string public_key() const;  // 32 raw bytes.
  // `fields` plus signature = base64url(Ed25519("<bot_id>:WebAppData\n" +
  // data-check-string without hash and signature)), as raw initData.
  std::string SignMiniApp(Fields fields, int64_t bot_id) const;

 private:
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_;
};

// A Mini App `user` field: a WebAppUser JSON object as Telegram writes it
// (slashes escaped).
std::string WebAppUserJson(int64_t id, const std::string& first_name,
                           const std::string& extra_members = "");

std::string UnixSeconds(absl::Time t);

}  // namespace tgauth::testing

#endif  // TGAUTH_TESTS_SERVER_SIGNIN_TELEGRAM_TEST_SIGNING_H_
