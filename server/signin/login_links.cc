#include "server/signin/login_links.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/secure_token.h"

namespace tgauth {

LoginLinks::LoginLinks(LoginLinkOptions options, storage::LoginLinkStore& links, const Clock& clock)
    : options_(std::move(options)), links_(links), clock_(clock) {
  while (!options_.site_url.empty() && options_.site_url.back() == '/') {
    options_.site_url.pop_back();
  }
}

absl::StatusOr<std::string> LoginLinks::Create(const storage::TelegramProfile& who) {
  if (who.telegram_id <= 0) return absl::InvalidArgumentError("telegram_id must be positive");
  absl::StatusOr<std::string> token = NewToken();
  if (!token.ok()) return token.status();
  const absl::Time now = clock_.Now();
  storage::LoginLink link{.who = who, .expires_at = now + options_.ttl};
  if (absl::Status s = links_.Create(Sha256Hex(*token), link, now); !s.ok()) return s;
  return absl::StrCat(options_.site_url, "/auth/telegram/callback?token=", *token);
}

absl::StatusOr<storage::LoginLink> LoginLinks::Consume(absl::string_view token) {
  absl::StatusOr<storage::LoginLink> link = Look(token, &storage::LoginLinkStore::Consume);
  if (absl::IsNotFound(link.status())) return absl::UnauthenticatedError(link.status().message());
  return link;
}

absl::StatusOr<storage::LoginLink> LoginLinks::Find(absl::string_view token) {
  return Look(token, &storage::LoginLinkStore::Find);
}

absl::StatusOr<storage::LoginLink> LoginLinks::Look(absl::string_view token, StoreLookup lookup) {
  if (!IsWellFormedToken(token)) {
    return absl::InvalidArgumentError(
        absl::StrCat("token must be ", kTokenChars, " base64url characters"));
  }
  absl::StatusOr<storage::LoginLink> link = (links_.*lookup)(Sha256Hex(token));
  if (absl::IsNotFound(link.status()) ||
      (link.ok() && clock_.Now() >= link->expires_at)) {  // Redis may expire a little late.
    return absl::NotFoundError("login link is unknown, used or expired; ask the bot for a new one");
  }
  return link;
}

void LoginLinks::Restore(absl::string_view token, const storage::LoginLink& link) {
  const absl::Time now = clock_.Now();
  if (link.expires_at <= now) return;  // It would have expired anyway.
  if (absl::Status s = links_.Create(Sha256Hex(token), link, now); !s.ok()) {
    LogWarning("login link not restored after a failed sign-in", {{"error", s}});
  }
}

}  // namespace tgauth
