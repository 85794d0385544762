// A steady load on a tgauth deployment, as its users make it, through the
// gateway only: people signing in with the QR flow (the browser creates the
// login and parks long polls on it while the phone taps START and Confirm
// in the bot), and clients refreshing their sessions. Every step is retried
// as its real counterpart would retry it: the browser polls again after a
// 503 or 504, Telegram redelivers a webhook update the gateway did not
// answer 200, a client refreshes again with the refresh token it holds.
//
// The load records every session and refresh token handed out, and every
// answer that was not 200, so a test can check after a fault that nothing
// handed out was lost and nothing was refused that should not be.
#ifndef TGAUTH_TESTS_FAULTS_LOGIN_LOAD_H_
#define TGAUTH_TESTS_FAULTS_LOGIN_LOAD_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "tests/e2e/tgauth_cluster.h"
#include "tests/fixtures/telegram_update_json.h"
#include "tgauth/v1/auth.pb.h"

namespace tgauth::faults {

struct LoadOptions {
  int login_workers = 3;    // People signing in, one after another each.
  int refresh_clients = 6;  // Each takes a session from a finished login.
  absl::Duration refresh_interval = absl::Milliseconds(200);  // Per client.
  // A login still unfinished this long after it started is abandoned.
  absl::Duration login_patience = absl::Seconds(40);
  absl::Duration retry_pause = absl::Milliseconds(100);  // After a 503 or 504.
};

// A session as a client received it.
struct ReceivedSession {
  std::string login_token;  // Empty for sessions only refreshed.
  int64_t telegram_id = 0;
  std::string session_id;
};

// A refresh token as a client received it, with the session it belongs to.
struct ReceivedRefreshToken {
  std::string session_id;
  std::string refresh_token;
};

class LoginLoad {
 public:
  LoginLoad(e2e::TgauthCluster& cluster, LoadOptions options);
  ~LoginLoad();  // Stop().

  LoginLoad(const LoginLoad&) = delete;
  LoginLoad& operator=(const LoginLoad&) = delete;

  void Start();
  // Stops starting logins and refreshes; waits for the ones in flight to
  // finish (at most login_patience).
  void Stop();

  // The steps of one sign-in, for tests that place a fault between them.
  // Each login of the load is StartLogin, then AwaitSession (on another
  // thread) while ScanAndConfirm runs, then Finish.
  struct StartedLogin {
    v1::CreateLoginResponse login;
    fixtures::TelegramUserFixture user;
    absl::Time started_at;
  };
  struct BrowserOutcome {
    std::optional<v1::Session> session;
    std::vector<std::string> session_ids;  // Of the redeeming poll and one repeat.
    std::vector<int> poll_statuses;        // HTTP status of each poll; 0: no answer.
    std::string failure;
    bool renewed = false;  // 404: the server no longer knew the login.
  };
  // The browser opens the login page (CreateLogin, retried).
  std::optional<StartedLogin> StartLogin(absl::Time give_up);
  // The browser parks long polls until the login is confirmed, polling
  // again after each answer; a 503 or 504 is an outage to wait out.
  BrowserOutcome AwaitSession(const StartedLogin& login, absl::Time give_up);
  // The phone taps START on the login's link, then Confirm in the bot.
  // Telegram redelivers an update the webhook did not answer 200. False if
  // it never got to press Confirm.
  bool ScanAndConfirm(const StartedLogin& login, absl::Time give_up);
  // Records the outcome (a session, or a failure); the session if any.
  std::optional<ReceivedSession> Finish(const StartedLogin& login, BrowserOutcome outcome,
                                        bool confirmed);

  // Every refresh client refreshes once more with the refresh token it
  // holds, retrying 503/504 for up to `patience`; the number that got a new
  // pair. Refusals are recorded as failures (refresh_failures()).
  // Both only after Stop().
  int RefreshEveryClient(absl::Duration patience);
  int refresh_clients_with_a_session() const;

  // Logins whose redeeming poll returned a session, since Start.
  int completed_logins() const;
  // Logins that completed within [from, to).
  int CompletedBetween(absl::Time from, absl::Time to) const;
  // The first completion at or after `t`, if any.
  std::optional<absl::Time> FirstCompletionAfter(absl::Time t) const;
  int completed_refreshes() const;
  // The longest a completed login took, from CreateLogin to its session.
  absl::Duration slowest_login() const;

  std::vector<ReceivedSession> sessions() const;
  std::vector<ReceivedRefreshToken> refresh_tokens() const;
  // Logins for which polls returned more than one distinct session.
  int logins_redeemed_twice() const;
  // Logins given up: abandoned after login_patience, or refused for good
  // (e.g. 400 "already redeemed" to a retried poll).
  std::vector<std::string> login_failures() const;
  // Logins the server no longer knew (404): the page starts a new one.
  int renewed_logins() const;
  // /start updates answered 200 without the bot's request, as if the
  // answer of a server killed after handling the update, before the answer
  // reached Telegram, had been lost: the redelivery must get it again
  // (server/bot/telegram_bot.h), or the person taps START again.
  int lost_bot_replies() const;
  // Refreshes refused for good (401, 429), with the answer.
  std::vector<std::string> refresh_failures() const;
  // Answers other than 200 that were retried, by "<step> <HTTP status>
  // <message>" (or "<step> transport <error>"), with their counts.
  std::map<std::string, int> retried_answers() const;
  // Of those, answers that are not a clear outage: anything but 503 or
  // 504 with a JSON error body (e.g. 500, or no answer at all).
  int unclear_answers() const;

 private:
  struct RefreshClient {
    std::optional<ReceivedSession> session;
    std::string refresh_token;
  };

  void LoginWorker();
  void RefreshWorker(int client);
  std::optional<ReceivedSession> SignIn(absl::Time give_up);
  // Refreshes `client` once; false if refused for good or out of patience.
  bool Refresh(RefreshClient& client, absl::Time give_up);
  // Records a non-200 answer to be retried (or a transport error).
  void NoteRetried(absl::string_view step, const absl::StatusOr<fixtures::HttpReply>& reply);
  void NoteLoginFailure(std::string what);
  bool stopping() const;

  e2e::TgauthCluster& cluster_;
  const LoadOptions options_;
  std::vector<std::thread> threads_;
  std::vector<RefreshClient> clients_;  // Each touched only by its thread (or after Stop).

  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Sessions of finished logins for the refresh clients, in order; each
  // client takes the next one it needs.
  std::vector<ReceivedSession> handed_to_refreshers_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> handed_refresh_tokens_ ABSL_GUARDED_BY(mu_);
  size_t next_handed_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<ReceivedSession> sessions_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::vector<std::string>> sessions_by_login_ ABSL_GUARDED_BY(mu_);
  std::vector<ReceivedRefreshToken> refresh_tokens_ ABSL_GUARDED_BY(mu_);
  std::vector<absl::Time> completions_ ABSL_GUARDED_BY(mu_);
  absl::Duration slowest_login_ ABSL_GUARDED_BY(mu_);
  int completed_refreshes_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::string> login_failures_ ABSL_GUARDED_BY(mu_);
  int renewed_logins_ ABSL_GUARDED_BY(mu_) = 0;
  int lost_bot_replies_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::string> refresh_failures_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int> retried_ ABSL_GUARDED_BY(mu_);
  int unclear_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace tgauth::faults

#endif  // TGAUTH_TESTS_FAULTS_LOGIN_LOAD_H_
