// tgauth-server's values read at scrape time, from the objects that keep
// them:
//   tgauth_store_pool_connections_in_use{pool}, tgauth_store_pool_connections{pool}
//   tgauth_executor_queued_calls
//   tgauth_revocation_feed_staleness_seconds      (+Inf before the first refresh)
//   tgauth_bot_api_queue_depth
//   tgauth_bot_api_calls_total{outcome}           delivered, failed, dropped
//   tgauth_bot_api_retries_total
//   tgauth_event_webhook_deliveries_total{outcome}  delivered, retried, dead_lettered
//   tgauth_event_webhook_queue_depth              pending deliveries, every replica's
//   tgauth_event_webhook_dead_letters             dead letters waiting for an operator
#ifndef TGAUTH_SERVER_APP_METRICS_SERVER_SAMPLES_H_
#define TGAUTH_SERVER_APP_METRICS_SERVER_SAMPLES_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/metrics/sampled_metrics.h"
#include "server/bot/bot_api_client.h"
#include "server/events/webhook_sender.h"
#include "server/rpc/executor.h"
#include "server/token/revoked_sessions.h"
#include "storage/store_call_observer.h"

namespace tgauth {

// What the series read; every object must outlive the SampledMetrics.
struct ServerSampleSources {
  // Each connection pool by its label ("postgres", "redis", ...).
  std::vector<std::pair<std::string, std::function<storage::PoolUse()>>> pools;
  const Executor& executor;
  const RevokedSessions& revoked;
  const Clock& clock;
  // Null without a bot token: nothing is ever sent, the series stay at 0.
  const BotApiClient* bot_api_client = nullptr;
  // Null without webhook subscribers: the series stay at 0.
  const WebhookSender* webhook_sender = nullptr;
};

// Adds the series above to `sampled` (before it is attached).
void AddServerSamples(const ServerSampleSources& sources, SampledMetrics& sampled);

}  // namespace tgauth

#endif  // TGAUTH_SERVER_APP_METRICS_SERVER_SAMPLES_H_
