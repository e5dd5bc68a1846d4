#include "pipeline/bounded_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

namespace bulwark::pipeline {
namespace {

TEST(BoundedQueue, CapacityAndOrder) {
  BoundedQueue<int> q(2);
  int a = 1, b = 2, c = 3;
  EXPECT_TRUE(q.TryPush(std::move(a)));
  EXPECT_TRUE(q.TryPush(std::move(b)));
  EXPECT_FALSE(q.TryPush(std::move(c)));
  EXPECT_EQ(c, 3);  // a failed TryPush leaves the value with the caller
  EXPECT_EQ(*q.Pop(), 1);
  EXPECT_EQ(*q.Pop(), 2);
}

TEST(BoundedQueue, PushWaitsForRoomAndCloseWakesEveryone) {
  BoundedQueue<int> q(1);
  ASSERT_TRUE(q.Push(1));
  EXPECT_FALSE(q.WaitForRoom(std::chrono::milliseconds(0)));  // full: a Push would wait
  std::atomic<bool> pushed{false};
  std::latch started(1);
  std::thread producer([&] {
    started.count_down();
    EXPECT_TRUE(q.Push(2));
    pushed = true;
  });
  started.wait();
  EXPECT_EQ(*q.Pop(), 1);  // makes room: the waiting Push completes (else the join hangs)
  producer.join();
  EXPECT_TRUE(pushed.load());
  EXPECT_EQ(*q.Pop(), 2);
  EXPECT_TRUE(q.WaitForRoom(std::chrono::milliseconds(0)));
  std::latch waiting(1);
  std::thread consumer([&] {
    waiting.count_down();
    EXPECT_FALSE(q.Pop().has_value());
  });
  waiting.wait();
  q.Close();  // wakes the consumer waiting on an empty queue
  consumer.join();
  EXPECT_FALSE(q.Push(3));
  EXPECT_FALSE(q.WaitForRoom(std::chrono::milliseconds(0)));  // closed: never room
  EXPECT_TRUE(q.closed_and_empty());
}

TEST(BoundedQueue, PopBatchTakesWhatIsThere) {
  BoundedQueue<int> q(10);
  for (int i = 0; i < 5; ++i) q.Push(int(i));
  auto batch = q.PopBatch(3, std::chrono::milliseconds(10));
  EXPECT_EQ(batch, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(q.PopBatch(10, std::chrono::milliseconds(10)).size(), 2u);
  EXPECT_TRUE(q.PopBatch(10, std::chrono::milliseconds(10)).empty());
}

}  // namespace
}  // namespace bulwark::pipeline
