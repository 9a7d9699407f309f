#include "server/worker_pool.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace motcua::server {
namespace {

TEST(WorkerPoolTest, RunsEveryAcceptedTask) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(3, 100);
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE(pool.TrySubmit([&ran] { ++ran; }));
    }
  }  // the destructor drains the queue before joining
  EXPECT_EQ(ran.load(), 100);
}

TEST(WorkerPoolTest, RefusesATaskWhenTheQueueIsFull) {
  absl::Notification started, release;
  std::atomic<int> ran{0};
  WorkerPool pool(1, 2);
  ASSERT_TRUE(pool.TrySubmit([&] {
    started.Notify();
    release.WaitForNotification();
    ++ran;
  }));
  started.WaitForNotification();  // the only worker is now busy
  EXPECT_EQ(pool.queued(), 0u);
  EXPECT_TRUE(pool.TrySubmit([&ran] { ++ran; }));
  EXPECT_TRUE(pool.TrySubmit([&ran] { ++ran; }));
  EXPECT_EQ(pool.queued(), 2u);
  EXPECT_EQ(pool.refused(), 0);
  EXPECT_FALSE(pool.TrySubmit([&ran] { ++ran; }));
  EXPECT_FALSE(pool.TrySubmit([&ran] { ++ran; }));
  EXPECT_EQ(pool.refused(), 2);
  EXPECT_EQ(pool.queued(), 2u);
  release.Notify();
  while (ran.load() < 3) absl::SleepFor(absl::Milliseconds(1));
  EXPECT_TRUE(pool.TrySubmit([&ran] { ++ran; }));  // room again
}

TEST(WorkerPoolTest, AtLeastOneThreadRuns) {
  WorkerPool pool(0, 1);
  EXPECT_EQ(pool.threads(), 1);
  absl::Notification done;
  ASSERT_TRUE(pool.TrySubmit([&done] { done.Notify(); }));
  done.WaitForNotification();
}

}  // namespace
}  // namespace motcua::server
