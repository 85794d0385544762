#include "server/bot/telegram_names.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace tgauth {
namespace {

bool IsWordChar(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

bool IsValidBotUsername(absl::string_view username) {
  return username.size() >= 5 && username.size() <= 32 &&
         std::all_of(username.begin(), username.end(), IsWordChar) &&
         absl::EndsWithIgnoreCase(username, "bot");
}

bool IsValidBotToken(absl::string_view token) {
  const size_t colon = token.find(':');
  if (colon == 0 || colon == absl::string_view::npos) return false;
  absl::string_view id = token.substr(0, colon);
  absl::string_view secret = token.substr(colon + 1);
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }) &&
         secret.size() >= 30 && std::all_of(secret.begin(), secret.end(), [](char c) {
           return IsWordChar(c) || c == '-';
         });
}

bool IsValidStartPayload(absl::string_view payload) {
  return !payload.empty() && payload.size() <= 64 &&
         std::all_of(payload.begin(), payload.end(),
                     [](char c) { return IsWordChar(c) || c == '-'; });
}

}  // namespace tgauth
