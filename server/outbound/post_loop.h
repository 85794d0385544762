// One thread that sends HTTP POSTs through libcurl's multi interface
// (curl.se/libcurl/c/libcurl-multi.html) and, between transfers, runs its
// owner's `turn`: the shape shared by the server's outbound clients (the
// Bot API client, the webhook sender), which differ only in what they send
// when and what an answer means.
//
// Threads: Start, Stop and Wake may be called from any thread; `turn`, Send,
// WakeAfter, in_flight and every Done run on the loop's thread only.
#ifndef TGAUTH_SERVER_OUTBOUND_POST_LOOP_H_
#define TGAUTH_SERVER_OUTBOUND_POST_LOOP_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"

namespace tgauth {

class PostLoop {
 public:
  struct Post {
    std::string url;                   // http:// or https:// only.
    std::vector<std::string> headers;  // "Name: value" lines.
    std::string body;                  // Sent as it is.
    absl::Duration connect_timeout = absl::Seconds(5);
    absl::Duration timeout = absl::Seconds(10);  // The whole request.
    size_t max_response_bytes = 0;  // Kept of the answer's body; 0 = none.
  };

  struct Outcome {
    // Empty when an HTTP answer came; else libcurl's description of the
    // failure, which never names the URL (it may hold credentials).
    std::string error;
    long http_status = 0;  // With an answer.
    std::string response;  // Its first Post::max_response_bytes bytes.
  };
  using Done = absl::AnyInvocable<void(Outcome)>;

  // Each turn of the loop: start what is due at `now` (Send); answers how
  // long the loop may sleep before the next turn, unless woken (Wake,
  // WakeAfter, or a transfer finishing, which always brings a turn).
  using Turn = absl::AnyInvocable<absl::Duration(absl::Time now)>;

  // `name` is for errors ("the Bot API client"). INTERNAL if libcurl cannot
  // be initialised.
  static absl::StatusOr<std::unique_ptr<PostLoop>> Create(const Clock& clock, std::string name);
  ~PostLoop();  // Stop(); transfers still running are abandoned, their Done not called.

  PostLoop(const PostLoop&) = delete;
  PostLoop& operator=(const PostLoop&) = delete;

  // Starts the loop's thread; FAILED_PRECONDITION if started before.
  absl::Status Start(Turn turn);
  // Ends the loop and joins its thread; the owner's state `turn` uses may
  // go after this. Idempotent.
  void Stop();
  // A turn at once.
  void Wake();

  // Loop thread only. Starts `post`; `done` runs when it ends (at once, on
  // this call, if the request cannot even start).
  void Send(Post post, Done done);
  // A turn `wait` from now on the clock (so a FakeClock's Advance reaches
  // the loop in tests).
  void WakeAfter(absl::Duration wait);
  // Transfers running.
  int in_flight() const;

 private:
  struct State;
  explicit PostLoop(std::unique_ptr<State> state);
  void Run();
  int ReapFinished();

  std::unique_ptr<State> state_;
};

}  // namespace tgauth

#endif  // TGAUTH_SERVER_OUTBOUND_POST_LOOP_H_
