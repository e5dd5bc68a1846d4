#include "service/bounded_queue.h"

#include <gtest/gtest.h>

#include <thread>

namespace bulwark::service {
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

TEST(BoundedQueue, PushBlocksUntilRoomAndCloseWakesEveryone) {
  BoundedQueue<int> q(1);
  q.Push(1);
  std::thread producer([&] { EXPECT_TRUE(q.Push(2)); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(*q.Pop(), 1);
  producer.join();
  EXPECT_EQ(*q.Pop(), 2);
  std::thread consumer([&] { EXPECT_FALSE(q.Pop().has_value()); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  q.Close();
  consumer.join();
  EXPECT_FALSE(q.Push(3));
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
}  // namespace bulwark::service
