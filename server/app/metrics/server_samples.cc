#include "server/app/metrics/server_samples.h"

#include <cstdint>
#include <initializer_list>

namespace tgauth {
namespace {

// The webhook sender's counts; the queue as it last counted it (every few
// seconds), so a scrape never waits on PostgreSQL.
void AddWebhookSamples(const WebhookSender* sender, SampledMetrics& sampled) {
  auto stats = [sender] { return sender != nullptr ? sender->stats() : WebhookSenderStats{}; };
  for (const auto& [outcome, count] :
       std::initializer_list<std::pair<const char*, int64_t WebhookSenderStats::*>>{
           {"delivered", &WebhookSenderStats::delivered},
           {"retried", &WebhookSenderStats::retried},
           {"dead_lettered", &WebhookSenderStats::dead_lettered}}) {
    sampled.AddCounter("tgauth_event_webhook_deliveries_total",
                       "Webhook delivery attempts by outcome: delivered (2xx), retried (failed, "
                       "to be tried again) or dead_lettered (failed, out of attempts).",
                       {{"outcome", outcome}},
                       [stats, count = count] { return static_cast<double>(stats().*count); });
  }
  sampled.AddGauge("tgauth_event_webhook_queue_depth",
                   "Webhook deliveries queued and not yet delivered or dead-lettered (all "
                   "replicas).",
                   {}, [stats] { return static_cast<double>(stats().pending); });
  sampled.AddGauge("tgauth_event_webhook_dead_letters",
                   "Webhook deliveries given up, waiting in the dead-letter list.", {},
                   [stats] { return static_cast<double>(stats().dead); });
}

}  // namespace

void AddServerSamples(const ServerSampleSources& sources, SampledMetrics& sampled) {
  for (const auto& [pool, use] : sources.pools) {
    sampled.AddGauge("tgauth_store_pool_connections_in_use",
                     "Connections of the pool checked out by a call now.", {{"pool", pool}},
                     [use = use] { return use().in_use; });
    sampled.AddGauge("tgauth_store_pool_connections", "Connections of the pool (its size).",
                     {{"pool", pool}}, [use = use] { return use().size; });
  }
  sampled.AddGauge("tgauth_executor_queued_calls",
                   "RPCs waiting for a worker thread (--max_queued_calls refuses more).", {},
                   [&executor = sources.executor] {
                     return static_cast<double>(executor.queued());
                   });
  sampled.AddGauge("tgauth_revocation_feed_staleness_seconds",
                   "Seconds since the revocation list was last known complete (+Inf: never); "
                   "access tokens are refused while it is stale.",
                   {}, [&revoked = sources.revoked, &clock = sources.clock] {
                     return absl::ToDoubleSeconds(clock.Now() - revoked.fresh_as_of());
                   });
  auto bot_stats = [client = sources.bot_api_client] {
    return client != nullptr ? client->stats() : BotApiClientStats{};
  };
  sampled.AddGauge("tgauth_bot_api_queue_depth", "Bot API calls accepted and not yet finished.",
                   {}, [bot_stats] { return static_cast<double>(bot_stats().unfinished); });
  for (const auto& [outcome, count] :
       std::initializer_list<std::pair<const char*, int64_t BotApiClientStats::*>>{
           {"delivered", &BotApiClientStats::delivered},
           {"failed", &BotApiClientStats::failed},
           {"dropped", &BotApiClientStats::dropped}}) {
    sampled.AddCounter("tgauth_bot_api_calls_total",
                       "Outbound Bot API calls finished: delivered, failed (refused or out of "
                       "attempts) or dropped (queue full).",
                       {{"outcome", outcome}},
                       [bot_stats, count = count] {
                         return static_cast<double>(bot_stats().*count);
                       });
  }
  sampled.AddCounter("tgauth_bot_api_retries_total", "Bot API attempts after the first.", {},
                     [bot_stats] { return static_cast<double>(bot_stats().retried); });
  AddWebhookSamples(sources.webhook_sender, sampled);
}

}  // namespace tgauth
