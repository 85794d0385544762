#include "server/app/metrics/domain_metrics.h"

#include <string>

#include "server/app/metrics/metric_labels.h"

namespace tgauth {
namespace {

prometheus::Family<prometheus::Counter>& Counter(Metrics& metrics, const std::string& name,
                                                 const std::string& help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(metrics.registry());
}

prometheus::Counter& Series(prometheus::Family<prometheus::Counter>& family,
                            const std::string& label, absl::string_view value) {
  return family.Add({{label, std::string(value)}});
}

}  // namespace

DomainMetrics::DomainMetrics(Metrics& metrics)
    : logins_(Counter(metrics, "tgauth_logins_total", "QR login events, by event.")),
      sessions_created_(Counter(metrics, "tgauth_sessions_created_total",
                                "Sessions created, by sign-in method.")),
      sessions_revoked_(Counter(metrics, "tgauth_sessions_revoked_total",
                                "Sessions revoked by this replica, by reason.")),
      refreshes_(Counter(metrics, "tgauth_refreshes_total", "Token refreshes, by outcome.")),
      updates_(Counter(metrics, "tgauth_webhook_updates_total",
                       "Telegram webhook updates, by kind and outcome.")) {
  // Every series from the start, at 0.
  for (LoginEvent event : {LoginEvent::kCreated, LoginEvent::kScanned, LoginEvent::kConfirmed,
                           LoginEvent::kDenied, LoginEvent::kExpired, LoginEvent::kRedeemed}) {
    Series(logins_, "event", LoginEventLabel(event));
  }
  for (absl::string_view method : {"qr", "widget", "mini_app", "login_link"}) {
    Series(sessions_created_, "method", method);
  }
  for (RevokeReason reason :
       {RevokeReason::kLogout, RevokeReason::kRevokedByUser, RevokeReason::kOtherSessions,
        RevokeReason::kRefreshTokenReuse, RevokeReason::kAuthorizationCodeReuse}) {
    Series(sessions_revoked_, "reason", RevokeReasonLabel(reason));
  }
  for (RefreshOutcome outcome :
       {RefreshOutcome::kRotated, RefreshOutcome::kGrace, RefreshOutcome::kReuseDetected,
        RefreshOutcome::kRefused, RefreshOutcome::kFailed}) {
    Series(refreshes_, "outcome", RefreshOutcomeLabel(outcome));
  }
  for (UpdateKind kind : {UpdateKind::kMessage, UpdateKind::kCallbackQuery, UpdateKind::kOther}) {
    for (UpdateOutcome outcome :
         {UpdateOutcome::kHandled, UpdateOutcome::kIgnored, UpdateOutcome::kDuplicate,
          UpdateOutcome::kInvalid, UpdateOutcome::kFailed}) {
      updates_.Add({{"kind", std::string(UpdateKindLabel(kind))},
                    {"outcome", std::string(UpdateOutcomeLabel(outcome))}});
    }
  }
}

void DomainMetrics::OnLoginEvent(LoginEvent event) {
  Series(logins_, "event", LoginEventLabel(event)).Increment();
}

void DomainMetrics::OnSessionCreated(const CreatedSession& session) {
  Series(sessions_created_, "method", SignInMethodLabel(session.sign_in_method)).Increment();
}

void DomainMetrics::OnSessionsRevoked(RevokeReason reason, int count) {
  Series(sessions_revoked_, "reason", RevokeReasonLabel(reason)).Increment(count);
}

void DomainMetrics::OnRefresh(RefreshOutcome outcome) {
  Series(refreshes_, "outcome", RefreshOutcomeLabel(outcome)).Increment();
}

void DomainMetrics::OnUpdate(UpdateKind kind, UpdateOutcome outcome) {
  updates_
      .Add({{"kind", std::string(UpdateKindLabel(kind))},
            {"outcome", std::string(UpdateOutcomeLabel(outcome))}})
      .Increment();
}

}  // namespace tgauth
