#include "server/signin/mini_app_verifier.h"

#include <curl/curl.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tgauth/v1/telegram.pb.h"

namespace tgauth {
namespace {

constexpr size_t kMaxInitDataBytes = 8192;
constexpr size_t kMaxFields = 32;
constexpr size_t kEd25519KeyBytes = 32;
constexpr size_t kEd25519SignatureBytes = 64;

// One name or value of a query string, decoded by libcurl. '+' is a space
// in application/x-www-form-urlencoded; libcurl leaves it, so swap first
// (an encoded plus arrives as %2B and is unaffected).
absl::StatusOr<std::string> FormDecode(absl::string_view piece) {
  std::string plus_as_space(piece);
  std::replace(plus_as_space.begin(), plus_as_space.end(), '+', ' ');
  int size = 0;
  // The handle argument is unused since libcurl 7.82; NULL is allowed.
  char* decoded = curl_easy_unescape(nullptr, plus_as_space.data(),
                                     static_cast<int>(plus_as_space.size()), &size);
  if (decoded == nullptr) return absl::InternalError("cannot percent-decode init_data");
  std::string out(decoded, static_cast<size_t>(size));
  curl_free(decoded);
  return out;
}

}  // namespace

absl::StatusOr<SignedFields> ParseInitData(absl::string_view init_data) {
  SignedFields fields;
  for (absl::string_view piece : absl::StrSplit(init_data, '&', absl::SkipEmpty())) {
    const size_t eq = piece.find('=');
    absl::StatusOr<std::string> name = FormDecode(piece.substr(0, eq));
    if (!name.ok()) return name.status();
    absl::StatusOr<std::string> value =
        FormDecode(eq == absl::string_view::npos ? "" : piece.substr(eq + 1));
    if (!value.ok()) return value.status();
    if (fields.size() == kMaxFields) {
      return absl::InvalidArgumentError(
          absl::StrCat("init_data has more than ", kMaxFields, " fields"));
    }
    // Which copy would Telegram have signed? Neither is safe to guess.
    if (!fields.emplace(*name, *std::move(value)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("init_data has the field \"", absl::CHexEscape(*name), "\" twice"));
    }
  }
  if (absl::Status s = CheckFieldSyntax(fields, "init_data"); !s.ok()) return s;
  return fields;
}

absl::StatusOr<std::unique_ptr<MiniAppVerifier>> MiniAppVerifier::Create(
    MiniAppVerifierOptions options) {
  if (!options.bot_token.empty()) {
    return std::unique_ptr<MiniAppVerifier>(
        new MiniAppVerifier(Mode::kHmac, std::move(options.bot_token), 0, nullptr));
  }
  if (options.bot_id <= 0) {
    return std::unique_ptr<MiniAppVerifier>(new MiniAppVerifier(Mode::kOff, "", 0, nullptr));
  }
  std::string public_key = options.public_key.empty()
                               ? absl::HexStringToBytes(kTelegramProductionEd25519KeyHex)
                               : std::move(options.public_key);
  if (public_key.size() != kEd25519KeyBytes) {
    return absl::InvalidArgumentError("the Mini App Ed25519 public key must be 32 bytes");
  }
  std::unique_ptr<EVP_PKEY, KeyDeleter> key(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(public_key.data()),
      public_key.size()));
  if (key == nullptr) return absl::InvalidArgumentError("not an Ed25519 public key");
  return std::unique_ptr<MiniAppVerifier>(
      new MiniAppVerifier(Mode::kEd25519, "", options.bot_id, std::move(key)));
}

absl::Status MiniAppVerifier::CheckHmac(const SignedFields& fields) const {
  auto hash = fields.find("hash");
  if (hash == fields.end()) return absl::InvalidArgumentError("init_data.hash is required");
  const std::string secret_key = HmacSha256("WebAppData", bot_token_);
  return CheckHexHash(hash->second, HmacSha256(secret_key, DataCheckString(fields, {"hash"})),
                      "init_data");
}

absl::Status MiniAppVerifier::CheckSignature(const SignedFields& fields) const {
  auto encoded = fields.find("signature");
  if (encoded == fields.end()) {
    return absl::InvalidArgumentError("init_data.signature is required");
  }
  std::string signature;
  if (!absl::WebSafeBase64Unescape(encoded->second, &signature) ||
      signature.size() != kEd25519SignatureBytes) {
    return absl::InvalidArgumentError("init_data.signature must be 64 bytes in base64url");
  }
  const std::string message =
      absl::StrCat(bot_id_, ":WebAppData\n", DataCheckString(fields, {"hash", "signature"}));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  const bool valid =
      ctx != nullptr &&
      EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) == 1;
  if (!valid) {
    return absl::UnauthenticatedError(
        "init_data.signature does not verify: not signed by Telegram for this bot, or altered");
  }
  return absl::OkStatus();
}

absl::StatusOr<storage::TelegramProfile> MiniAppVerifier::Verify(absl::string_view init_data,
                                                                 absl::Time now,
                                                                 absl::Duration max_age) const {
  if (mode_ == Mode::kOff) {
    return absl::FailedPreconditionError("Mini App sign-in is off: set --bot_token or --bot_id");
  }
  if (init_data.size() > kMaxInitDataBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("init_data must be at most ", kMaxInitDataBytes, " bytes"));
  }
  absl::StatusOr<SignedFields> fields = ParseInitData(init_data);
  if (!fields.ok()) return fields.status();
  // The signature first: nothing about unsigned data is worth reporting.
  absl::Status signed_ok = mode_ == Mode::kHmac ? CheckHmac(*fields) : CheckSignature(*fields);
  if (!signed_ok.ok()) return signed_ok;
  if (absl::Status s = CheckAuthDate(*fields, now, max_age); !s.ok()) return s;

  auto user_json = fields->find("user");
  if (user_json == fields->end()) return absl::InvalidArgumentError("init_data.user is required");
  v1::TelegramWebAppUser user;
  google::protobuf::util::JsonParseOptions lenient;
  lenient.ignore_unknown_fields = true;  // Telegram adds WebAppUser fields over time.
  if (!google::protobuf::util::JsonStringToMessage(user_json->second, &user, lenient).ok()) {
    return absl::InvalidArgumentError("init_data.user is not a WebAppUser JSON object");
  }
  if (user.id() <= 0) return absl::InvalidArgumentError("init_data.user.id must be positive");
  if (user.first_name().empty()) {
    return absl::InvalidArgumentError("init_data.user.first_name is required");
  }
  return storage::TelegramProfile{.telegram_id = user.id(),
                                  .first_name = user.first_name(),
                                  .last_name = user.last_name(),
                                  .username = user.username(),
                                  .photo_url = user.photo_url(),
                                  .language_code = user.language_code()};
}

MiniAppVerifierOptions MiniAppOptionsFor(std::string bot_token, int64_t bot_id,
                                         bool test_environment) {
  MiniAppVerifierOptions options{.bot_token = std::move(bot_token), .bot_id = bot_id};
  if (options.bot_id == 0 && !options.bot_token.empty()) {
    (void)absl::SimpleAtoi(options.bot_token.substr(0, options.bot_token.find(':')),
                           &options.bot_id);
  }
  if (test_environment) options.public_key = absl::HexStringToBytes(kTelegramTestEd25519KeyHex);
  return options;
}

}  // namespace tgauth
