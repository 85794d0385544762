#include "storage/memory/in_memory_webhook_delivery_store.h"

#include <algorithm>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"

namespace tgauth::storage {
namespace {

constexpr char kNoPending[] = "no pending webhook delivery with this id";

bool IsPending(const WebhookDelivery& d) { return d.state == WebhookDeliveryState::kPending; }

}  // namespace

InMemoryWebhookDeliveryStore::Row* InMemoryWebhookDeliveryStore::Pending(int64_t id) {
  auto it = rows_.find(id);
  return it != rows_.end() && IsPending(it->second.delivery) ? &it->second : nullptr;
}

absl::Status InMemoryWebhookDeliveryStore::Enqueue(absl::Span<const NewWebhookDelivery> deliveries,
                                                   absl::Time now) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  now = ToStoredPrecision(now);
  for (const NewWebhookDelivery& d : deliveries) {
    const bool queued = std::any_of(rows_.begin(), rows_.end(), [&](const auto& entry) {
      return entry.second.delivery.subscriber == d.subscriber &&
             entry.second.delivery.event_id == d.event_id;
    });
    if (queued) continue;
    const int64_t id = next_id_++;
    rows_[id] = {.delivery = {.id = id,
                              .subscriber = d.subscriber,
                              .event_id = d.event_id,
                              .event_type = d.event_type,
                              .user_id = d.user_id,
                              .body = d.body,
                              .created_at = now},
                 .next_attempt_at = now};
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<WebhookDelivery>> InMemoryWebhookDeliveryStore::Claim(
    absl::string_view subscriber, absl::Time now, absl::Duration lease, int limit) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  std::vector<Row*> pending;
  for (auto& [id, row] : rows_) {
    if (IsPending(row.delivery) && row.delivery.subscriber == subscriber) pending.push_back(&row);
  }
  std::sort(pending.begin(), pending.end(),
            [](Row* a, Row* b) { return a->delivery.event_id < b->delivery.event_id; });
  std::vector<WebhookDelivery> claimed;
  absl::flat_hash_set<std::string> users_waiting;  // Users with an earlier pending delivery.
  for (Row* row : pending) {
    const std::string& user = row->delivery.user_id;
    const bool held_back = !user.empty() && !users_waiting.insert(user).second;
    if (held_back || row->next_attempt_at > now || static_cast<int>(claimed.size()) >= limit) {
      continue;
    }
    ++row->delivery.attempts;
    row->next_attempt_at = ToStoredPrecision(now + lease);
    claimed.push_back(row->delivery);
  }
  return claimed;
}

absl::Status InMemoryWebhookDeliveryStore::MarkDelivered(int64_t id, absl::Time now) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  Row* row = Pending(id);
  if (row == nullptr) return absl::NotFoundError(kNoPending);
  row->delivery.state = WebhookDeliveryState::kDelivered;
  row->delivery.finished_at = ToStoredPrecision(now);
  return absl::OkStatus();
}

absl::Status InMemoryWebhookDeliveryStore::Reschedule(int64_t id, absl::string_view error,
                                                      absl::Time retry_at) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  Row* row = Pending(id);
  if (row == nullptr) return absl::NotFoundError(kNoPending);
  row->delivery.last_error = std::string(error);
  row->next_attempt_at = ToStoredPrecision(retry_at);
  return absl::OkStatus();
}

absl::Status InMemoryWebhookDeliveryStore::MarkDead(int64_t id, absl::string_view error,
                                                    absl::Time now) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  Row* row = Pending(id);
  if (row == nullptr) return absl::NotFoundError(kNoPending);
  row->delivery.state = WebhookDeliveryState::kDead;
  row->delivery.last_error = std::string(error);
  row->delivery.finished_at = ToStoredPrecision(now);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<WebhookDelivery>> InMemoryWebhookDeliveryStore::ListDead(
    int64_t after_id, int limit) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  std::vector<WebhookDelivery> dead;
  for (auto it = rows_.upper_bound(after_id);
       it != rows_.end() && static_cast<int>(dead.size()) < limit; ++it) {
    if (it->second.delivery.state == WebhookDeliveryState::kDead) {
      dead.push_back(it->second.delivery);
    }
  }
  return dead;
}

absl::Status InMemoryWebhookDeliveryStore::Replay(int64_t id, absl::Time now) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  auto it = rows_.find(id);
  if (it == rows_.end() || it->second.delivery.state != WebhookDeliveryState::kDead) {
    return absl::NotFoundError("no dead letter with this id");
  }
  WebhookDelivery& d = it->second.delivery;
  d.state = WebhookDeliveryState::kPending;
  d.attempts = 0;
  d.finished_at = absl::InfinitePast();
  it->second.next_attempt_at = ToStoredPrecision(now);
  return absl::OkStatus();
}

absl::StatusOr<WebhookDeliveryCounts> InMemoryWebhookDeliveryStore::Count() {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  WebhookDeliveryCounts counts;
  for (const auto& [id, row] : rows_) {
    if (row.delivery.state == WebhookDeliveryState::kPending) ++counts.pending;
    if (row.delivery.state == WebhookDeliveryState::kDead) ++counts.dead;
  }
  return counts;
}

absl::StatusOr<int> InMemoryWebhookDeliveryStore::DeleteDelivered(absl::Time before, int limit) {
  if (absl::Status s = failures_.Next(); !s.ok()) return s;
  absl::MutexLock lock(&mu_);
  int deleted = 0;
  for (auto it = rows_.begin(); it != rows_.end() && deleted < limit;) {
    const WebhookDelivery& d = it->second.delivery;
    if (d.state == WebhookDeliveryState::kDelivered && d.finished_at < before) {
      it = rows_.erase(it);
      ++deleted;
    } else {
      ++it;
    }
  }
  return deleted;
}

}  // namespace tgauth::storage
