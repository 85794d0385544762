// tgauth-server's domain counters, fed by the listeners the domain
// libraries offer (so they know nothing of Prometheus):
//   tgauth_logins_total{event}                 QR logins: created, scanned,
//                                              confirmed, denied, expired, redeemed
//   tgauth_sessions_created_total{method}      by sign-in method
//   tgauth_sessions_revoked_total{reason}
//   tgauth_refreshes_total{outcome}            rotated, grace, reuse_detected,
//                                              refused, failed
//   tgauth_webhook_updates_total{kind,outcome}
// Every label value is a fixed word (metric_labels.h); every series exists
// from the start at 0, so rates and alerts see the first event.
#ifndef TGAUTH_SERVER_APP_METRICS_DOMAIN_METRICS_H_
#define TGAUTH_SERVER_APP_METRICS_DOMAIN_METRICS_H_

#include "common/metrics/metrics.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "server/bot/update_listener.h"
#include "server/qr_login/login_listener.h"
#include "server/session/refresh_listener.h"
#include "server/session/revocation_listener.h"
#include "server/session/session_listener.h"

namespace tgauth {

class DomainMetrics final : public LoginListener,
                            public SessionListener,
                            public RevocationListener,
                            public RefreshListener,
                            public UpdateListener {
 public:
  explicit DomainMetrics(Metrics& metrics);

  void OnLoginEvent(LoginEvent event) override;
  void OnSessionCreated(const CreatedSession& session) override;
  void OnSessionsRevoked(RevokeReason reason, int count) override;
  void OnRefresh(RefreshOutcome outcome) override;
  void OnUpdate(UpdateKind kind, UpdateOutcome outcome) override;

 private:
  prometheus::Family<prometheus::Counter>& logins_;
  prometheus::Family<prometheus::Counter>& sessions_created_;
  prometheus::Family<prometheus::Counter>& sessions_revoked_;
  prometheus::Family<prometheus::Counter>& refreshes_;
  prometheus::Family<prometheus::Counter>& updates_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_APP_METRICS_DOMAIN_METRICS_H_
