#include "server/signin/telegram_signed_data.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/secure_token.h"

namespace tgauth {
namespace {

constexpr size_t kMaxFieldNameBytes = 64;

bool IsFieldName(absl::string_view name) {
  return !name.empty() && name.size() <= kMaxFieldNameBytes &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return absl::ascii_islower(static_cast<unsigned char>(c)) ||
                  absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '_';
         });
}

bool IsLowerHex(absl::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
  });
}

}  // namespace

absl::Status CheckFieldSyntax(const SignedFields& fields, absl::string_view what) {
  for (const auto& [name, value] : fields) {
    if (!IsFieldName(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " has a field name that is not 1-64 of a-z 0-9 _"));
    }
    if (value.find('\n') != std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(what, ".", name, " contains a line feed"));
    }
  }
  return absl::OkStatus();
}

std::string DataCheckString(const SignedFields& fields,
                            std::initializer_list<absl::string_view> skip) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (std::find(skip.begin(), skip.end(), name) != skip.end()) continue;
    if (!out.empty()) out.push_back('\n');
    absl::StrAppend(&out, name, "=", value);
  }
  return out;
}

std::string HmacSha256(absl::string_view key, absl::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &mac_size);
  return std::string(reinterpret_cast<const char*>(mac), mac_size);
}

absl::Status CheckHexHash(absl::string_view hash, absl::string_view expected_bytes,
                          absl::string_view what) {
  if (hash.size() != 2 * expected_bytes.size() || !IsLowerHex(hash)) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ".hash must be ", 2 * expected_bytes.size(), " lowercase hex digits"));
  }
  if (!ConstantTimeEquals(hash, absl::BytesToHexString(expected_bytes))) {
    return absl::UnauthenticatedError(absl::StrCat(
        what, ".hash does not match: not signed by Telegram for this bot, or altered"));
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::Time> AuthDate(const SignedFields& fields) {
  auto it = fields.find("auth_date");
  if (it == fields.end()) return absl::InvalidArgumentError("auth_date is required");
  int64_t seconds = 0;
  if (!absl::SimpleAtoi(it->second, &seconds) || seconds <= 0) {
    return absl::InvalidArgumentError("auth_date must be Unix seconds");
  }
  return absl::FromUnixSeconds(seconds);
}

absl::Status CheckAuthDate(const SignedFields& fields, absl::Time now, absl::Duration max_age) {
  absl::StatusOr<absl::Time> parsed = AuthDate(fields);
  if (!parsed.ok()) return parsed.status();
  const absl::Time auth_date = *parsed;
  if (auth_date > now + kMaxClockSkew) {
    return absl::UnauthenticatedError("auth_date is in the future; check the server's clock");
  }
  if (max_age > absl::ZeroDuration() && now - auth_date > max_age) {
    return absl::UnauthenticatedError(absl::StrCat(
        "auth_date is more than ", absl::FormatDuration(max_age), " old; sign in again"));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ParseTelegramId(absl::string_view text, absl::string_view what) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(what, " must be a positive integer"));
  }
  return id;
}

}  // namespace tgauth
