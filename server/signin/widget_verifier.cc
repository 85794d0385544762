#include "server/signin/widget_verifier.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/secure_token.h"

namespace tgauth {
namespace {

// The widget sends 7 fields; leave room for new ones, not for a flood.
constexpr size_t kMaxFields = 32;
constexpr size_t kMaxTotalBytes = 4096;

std::string FieldOr(const SignedFields& fields, absl::string_view name) {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

}  // namespace

absl::StatusOr<storage::TelegramProfile> VerifyWidgetLogin(const SignedFields& fields,
                                                           absl::string_view bot_token,
                                                           absl::Time now, absl::Duration max_age) {
  // SHA-256 of an empty token is public: anyone could sign with it.
  if (bot_token.empty()) {
    return absl::FailedPreconditionError("Login Widget sign-in is off: set --bot_token");
  }
  size_t total_bytes = 0;
  for (const auto& [name, value] : fields) total_bytes += name.size() + value.size();
  if (fields.size() > kMaxFields || total_bytes > kMaxTotalBytes) {
    return absl::InvalidArgumentError(absl::StrCat("fields must be at most ", kMaxFields,
                                                   " fields of ", kMaxTotalBytes, " bytes in all"));
  }
  if (absl::Status s = CheckFieldSyntax(fields, "fields"); !s.ok()) return s;
  for (absl::string_view required : {"hash", "id", "first_name", "auth_date"}) {
    if (auto field = fields.find(required); field == fields.end() || field->second.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("fields.", required, " is required"));
    }
  }

  // The signature first: nothing about unsigned data is worth reporting.
  const std::string secret_key = Sha256(bot_token);
  const std::string expected = HmacSha256(secret_key, DataCheckString(fields, {"hash"}));
  if (absl::Status s = CheckHexHash(fields.find("hash")->second, expected, "fields"); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckAuthDate(fields, now, max_age); !s.ok()) return s;
  absl::StatusOr<int64_t> id = ParseTelegramId(fields.find("id")->second, "fields.id");
  if (!id.ok()) return id.status();

  return storage::TelegramProfile{.telegram_id = *id,
                                  .first_name = FieldOr(fields, "first_name"),
                                  .last_name = FieldOr(fields, "last_name"),
                                  .username = FieldOr(fields, "username"),
                                  .photo_url = FieldOr(fields, "photo_url")};
}

}  // namespace tgauth
