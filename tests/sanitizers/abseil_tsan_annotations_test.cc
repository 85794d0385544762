// Each test hands data from one thread to another only through one Abseil
// primitive. Without the annotations ThreadSanitizer reports each handover
// as a data race and fails the test (halt_on_error, scripts/sanitize).
#include <thread>
#include <vector>

#include "absl/synchronization/barrier.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace {

constexpr int kThreads = 4;

TEST(AbseilTsanAnnotationsTest, MutexOrdersItsCriticalSections) {
  absl::Mutex mu;
  int counter = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 1000; ++j) {
        absl::MutexLock lock(&mu);
        ++counter;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(counter, kThreads * 1000);
}

TEST(AbseilTsanAnnotationsTest, ReaderLockSeesTheWritersData) {
  absl::Mutex mu;
  int value = 0;
  std::thread writer([&] {
    absl::MutexLock lock(&mu);
    value = 42;
  });
  writer.join();
  std::thread reader([&] {
    absl::ReaderMutexLock lock(&mu);
    EXPECT_EQ(value, 42);
  });
  reader.join();
}

TEST(AbseilTsanAnnotationsTest, AwaitSeesTheDataItsConditionWaitedFor) {
  absl::Mutex mu;
  bool ready = false;
  int payload = 0;
  std::thread producer([&] {
    absl::MutexLock lock(&mu);
    payload = 7;
    ready = true;
  });
  {
    absl::MutexLock lock(&mu);
    EXPECT_TRUE(mu.AwaitWithTimeout(absl::Condition(&ready), absl::Seconds(30)));
    EXPECT_EQ(payload, 7);
  }
  producer.join();
}

// The waiter's condition reads a container that another thread keeps
// changing under the mutex; absl::Mutex evaluates it with the mutex held.
TEST(AbseilTsanAnnotationsTest, ConditionsAreEvaluatedUnderTheMutex) {
  absl::Mutex mu;
  std::vector<int> items;
  std::thread waiter([&] {
    absl::MutexLock lock(&mu);
    auto full = [&] { return items.size() >= 1000; };
    EXPECT_TRUE(mu.AwaitWithTimeout(absl::Condition(&full), absl::Seconds(30)));
  });
  for (int i = 0; i < 1000; ++i) {
    absl::MutexLock lock(&mu);
    items.push_back(i);
  }
  waiter.join();
}

TEST(AbseilTsanAnnotationsTest, CondVarWaitSeesTheSignallersData) {
  absl::Mutex mu;
  absl::CondVar cv;
  bool ready = false;
  int payload = 0;
  std::thread producer([&] {
    absl::MutexLock lock(&mu);
    payload = 7;
    ready = true;
    cv.Signal();
  });
  {
    absl::MutexLock lock(&mu);
    while (!ready) cv.Wait(&mu);
    EXPECT_EQ(payload, 7);
  }
  producer.join();
}

// The writer's plain store is ordered before the reader's load only by the
// notification, which the reader may find already given (no mutex taken).
TEST(AbseilTsanAnnotationsTest, NotificationPublishesWhatWasWrittenBeforeIt) {
  int payload = 0;
  absl::Notification published;
  std::thread producer([&] {
    payload = 7;
    published.Notify();
  });
  EXPECT_TRUE(published.WaitForNotificationWithTimeout(absl::Seconds(30)));
  EXPECT_EQ(payload, 7);
  producer.join();
}

TEST(AbseilTsanAnnotationsTest, BlockingCounterPublishesEveryDecrementersData) {
  std::vector<int> slots(kThreads, 0);
  absl::BlockingCounter done(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      slots[i] = i + 1;
      done.DecrementCount();
    });
  }
  done.Wait();
  for (int i = 0; i < kThreads; ++i) EXPECT_EQ(slots[i], i + 1);
  for (std::thread& thread : threads) thread.join();
}

TEST(AbseilTsanAnnotationsTest, BarrierPublishesWhatEachThreadWroteBeforeIt) {
  std::vector<int> slots(kThreads, 0);
  absl::Barrier barrier(kThreads);
  std::vector<std::thread> threads;
  std::vector<int> sums(kThreads, 0);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      slots[i] = i + 1;
      barrier.Block();
      for (int slot : slots) sums[i] += slot;
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int sum : sums) EXPECT_EQ(sum, kThreads * (kThreads + 1) / 2);
}

}  // namespace
