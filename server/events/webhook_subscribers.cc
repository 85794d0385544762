#include "server/events/webhook_subscribers.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/secret_file.h"

namespace tgauth {
namespace {

constexpr size_t kMaxNameChars = 64;

bool IsName(absl::string_view name) {
  return !name.empty() && name.size() <= kMaxNameChars &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return absl::ascii_islower(static_cast<unsigned char>(c)) ||
                  absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '-';
         });
}

bool IsHttpUrl(absl::string_view url) {
  return (absl::StartsWith(url, "http://") && url.size() > 7) ||
         (absl::StartsWith(url, "https://") && url.size() > 8);
}

}  // namespace

absl::StatusOr<std::vector<Subscriber>> ParseSubscribers(const v1::WebhookSubscriberList& list) {
  std::vector<Subscriber> subscribers;
  absl::flat_hash_set<std::string> names;
  for (int i = 0; i < list.subscribers_size(); ++i) {
    const v1::WebhookSubscriber& s = list.subscribers(i);
    const std::string which = absl::StrCat("webhook subscriber ", i + 1);
    if (!IsName(s.name())) {
      return absl::InvalidArgumentError(
          absl::StrCat(which, ": name must be 1-", kMaxNameChars, " characters of a-z 0-9 _ -"));
    }
    if (!names.insert(s.name()).second) {
      return absl::InvalidArgumentError(absl::StrCat(which, ": name ", s.name(), " is taken"));
    }
    if (!IsHttpUrl(s.url())) {
      return absl::InvalidArgumentError(
          absl::StrCat("webhook subscriber ", s.name(), ": url must be http:// or https://"));
    }
    absl::StatusOr<WebhookKey> key = WebhookKey::FromSecret(s.secret());
    if (!key.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("webhook subscriber ", s.name(), ": ", key.status().message()));
    }
    subscribers.push_back({.name = s.name(),
                           .url = s.url(),
                           .event_types = {s.event_types().begin(), s.event_types().end()},
                           .key = *std::move(key)});
  }
  return subscribers;
}

absl::StatusOr<v1::WebhookSubscriberList> ReadSubscribersFile(const std::string& path) {
  absl::StatusOr<std::string> text = ReadSecretFile(path);
  if (!text.ok()) return text.status();
  v1::WebhookSubscriberList list;
  if (!google::protobuf::util::JsonStringToMessage(*text, &list).ok()) {
    // The parser's message may quote the file, secrets included.
    return absl::InvalidArgumentError(
        absl::StrCat(path, " is not a webhook subscriber list (proto/tgauth/v1/webhooks.proto)"));
  }
  return list;
}

}  // namespace tgauth
