#include "server/outbound/post_loop.h"

#include <curl/curl.h>

#include <algorithm>
#include <thread>
#include <utility>

#include "absl/base/call_once.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace tgauth {
namespace {

// The longest sleep between turns in real time, whatever `turn` answers, so
// the loop keeps looking at its owner's clock.
constexpr absl::Duration kMaxWait = absl::Seconds(1);

// One POST on its way, owning its easy handle and buffers.
struct Transfer {
  PostLoop::Post post;
  PostLoop::Done done;
  std::string response;
  curl_slist* headers = nullptr;
  CURL* easy = nullptr;
  ~Transfer() {
    curl_easy_cleanup(easy);
    curl_slist_free_all(headers);
  }
};

// libcurl's CURLOPT_WRITEFUNCTION: keeps up to max_response_bytes.
size_t KeepResponse(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  const size_t room = transfer->post.max_response_bytes - std::min(transfer->response.size(),
                                                                    transfer->post.max_response_bytes);
  transfer->response.append(data, std::min(bytes, room));
  return bytes;
}

int ToPollMs(absl::Duration wait) {
  wait = std::clamp(wait, absl::ZeroDuration(), kMaxWait);
  return static_cast<int>(absl::ToInt64Milliseconds(absl::Ceil(wait, absl::Milliseconds(1))));
}

long ToCurlMs(absl::Duration duration) {
  return static_cast<long>(absl::ToInt64Milliseconds(duration));
}

}  // namespace

struct PostLoop::State {
  State(const Clock& clock, std::string name, CURLM* multi)
      : clock(clock), name(std::move(name)), multi(multi) {}

  const Clock& clock;
  const std::string name;
  CURLM* const multi;

  absl::Mutex mu;
  bool started ABSL_GUARDED_BY(mu) = false;
  bool stopping ABSL_GUARDED_BY(mu) = false;

  // The loop thread's own.
  Turn turn;
  absl::flat_hash_map<CURL*, std::unique_ptr<Transfer>> transfers;
  std::vector<Timer> wakeups;  // Until Stop.
  std::thread thread;
};

absl::StatusOr<std::unique_ptr<PostLoop>> PostLoop::Create(const Clock& clock, std::string name) {
  static absl::once_flag curl_initialized;
  static CURLcode init_result = CURLE_OK;
  absl::call_once(curl_initialized, [] { init_result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (init_result != CURLE_OK) return absl::InternalError("libcurl failed to initialise");
  CURLM* multi = curl_multi_init();
  if (multi == nullptr) {
    return absl::InternalError(absl::StrCat(name, ": libcurl cannot create a multi handle"));
  }
  return std::unique_ptr<PostLoop>(
      new PostLoop(std::make_unique<State>(clock, std::move(name), multi)));
}

PostLoop::PostLoop(std::unique_ptr<State> state) : state_(std::move(state)) {}

PostLoop::~PostLoop() {
  Stop();
  for (auto& [easy, transfer] : state_->transfers) curl_multi_remove_handle(state_->multi, easy);
  state_->transfers.clear();
  curl_multi_cleanup(state_->multi);
}

absl::Status PostLoop::Start(Turn turn) {
  absl::MutexLock lock(&state_->mu);
  if (state_->started) {
    return absl::FailedPreconditionError(absl::StrCat(state_->name, " was started before"));
  }
  state_->started = true;
  state_->turn = std::move(turn);
  state_->thread = std::thread([this] { Run(); });
  return absl::OkStatus();
}

void PostLoop::Stop() {
  {
    absl::MutexLock lock(&state_->mu);
    state_->stopping = true;
  }
  curl_multi_wakeup(state_->multi);
  if (state_->thread.joinable()) state_->thread.join();
  state_->wakeups.clear();  // Cancels them: nothing may wake the multi handle after this.
}

void PostLoop::Wake() { curl_multi_wakeup(state_->multi); }  // Thread-safe.

void PostLoop::WakeAfter(absl::Duration wait) {
  std::erase_if(state_->wakeups, [](const Timer& t) { return !t.active(); });
  state_->wakeups.push_back(
      state_->clock.RunAfter(wait, [multi = state_->multi] { curl_multi_wakeup(multi); }));
}

int PostLoop::in_flight() const { return static_cast<int>(state_->transfers.size()); }

void PostLoop::Send(Post post, Done done) {
  auto transfer = std::make_unique<Transfer>();
  transfer->post = std::move(post);
  transfer->done = std::move(done);
  auto fail = [&transfer](const char* error) { transfer->done(Outcome{.error = error}); };
  // curl would otherwise wait for "100 Continue" before larger bodies.
  transfer->post.headers.push_back("Expect:");
  for (const std::string& header : transfer->post.headers) {
    curl_slist* appended = curl_slist_append(transfer->headers, header.c_str());
    if (appended == nullptr) return fail("cannot create a request");
    transfer->headers = appended;
  }
  CURL* easy = transfer->easy = curl_easy_init();
  if (easy == nullptr) return fail("cannot create a request");
  const Post& p = transfer->post;
  curl_easy_setopt(easy, CURLOPT_URL, p.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);  // Signals belong to main.cc.
  curl_easy_setopt(easy, CURLOPT_USERAGENT, "tgauth");
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer->headers);
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, p.body.data());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(p.body.size()));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, ToCurlMs(p.connect_timeout));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, ToCurlMs(p.timeout));
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, KeepResponse);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
  if (curl_multi_add_handle(state_->multi, easy) != CURLM_OK) {
    return fail("cannot start a request");
  }
  state_->transfers.emplace(easy, std::move(transfer));
}

void PostLoop::Run() {
  while (true) {
    {
      absl::MutexLock lock(&state_->mu);
      if (state_->stopping) break;
    }
    const absl::Duration wait = state_->turn(state_->clock.Now());
    int running = 0;
    curl_multi_perform(state_->multi, &running);
    // A finished transfer may have freed what the next turn was waiting for.
    const bool finished = ReapFinished() > 0;
    curl_multi_poll(state_->multi, nullptr, 0, finished ? 0 : ToPollMs(wait), nullptr);
  }
}

int PostLoop::ReapFinished() {
  int finished = 0;
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(state_->multi, &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    const CURLcode result = message->data.result;
    curl_multi_remove_handle(state_->multi, easy);
    auto node = state_->transfers.extract(easy);
    if (node.empty()) continue;
    ++finished;
    Transfer& transfer = *node.mapped();
    Outcome outcome;
    if (result != CURLE_OK) {
      outcome.error = curl_easy_strerror(result);
    } else {
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &outcome.http_status);
      outcome.response = std::move(transfer.response);
    }
    transfer.done(std::move(outcome));
  }
  return finished;
}

}  // namespace tgauth
