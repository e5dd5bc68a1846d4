#include "pipeline/offset_watermark.h"

#include <gtest/gtest.h>

#include <thread>

namespace bulwark::pipeline {
namespace {

TEST(OffsetWatermark, CommitsOnlyTheContiguousPrefix) {
  OffsetWatermark w;
  for (int64_t o = 10; o <= 14; ++o) w.Dispatch(0, o);
  EXPECT_FALSE(w.Committable(0).has_value());
  // 12 and 14 finish first: nothing below 10 is done, the position is 10 at most.
  EXPECT_EQ(w.Ack(0, 12), std::optional<int64_t>(10));
  EXPECT_EQ(w.Ack(0, 14), std::nullopt);  // still 10
  EXPECT_EQ(w.Committable(0), 10);
  EXPECT_EQ(w.Ack(0, 10), std::optional<int64_t>(11));
  EXPECT_EQ(w.Ack(0, 11), std::optional<int64_t>(13));
  EXPECT_EQ(w.Ack(0, 13), std::optional<int64_t>(15));  // nothing in flight: one past the highest
  EXPECT_EQ(w.InFlight(), 0u);
}

TEST(OffsetWatermark, PartitionsAreIndependent) {
  OffsetWatermark w;
  w.Dispatch(0, 5);
  w.Dispatch(1, 7);
  EXPECT_EQ(w.Ack(1, 7), std::optional<int64_t>(8));
  EXPECT_EQ(w.Committable(0), std::nullopt);
  EXPECT_EQ(w.InFlight(0), 1u);
  EXPECT_EQ(w.InFlight(1), 0u);
}

TEST(OffsetWatermark, StaleAcksAfterForgetNeverMoveAPosition) {
  OffsetWatermark w;
  w.Dispatch(0, 100);
  w.Forget(0);  // revoked
  EXPECT_EQ(w.Ack(0, 100), std::nullopt);
  // Re-assigned from committed offset 90: the stale ack of 100 must not let 96..99 be skipped.
  for (int64_t o = 90; o < 96; ++o) w.Dispatch(0, o);
  for (int64_t o = 90; o < 96; ++o) w.Ack(0, o);
  EXPECT_EQ(w.Committable(0), 96);
}

TEST(OffsetWatermark, CancelAndWaitDrained) {
  OffsetWatermark w;
  w.Dispatch(0, 1);
  w.Dispatch(0, 2);
  w.Dispatch(3, 9);
  w.Cancel(0, 2);
  EXPECT_EQ(w.InFlight(0), 1u);
  EXPECT_FALSE(w.WaitDrained({0}, 50));
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    w.Ack(0, 1);
  });
  EXPECT_TRUE(w.WaitDrained({0}, 5000));  // partition 3 is not waited for
  t.join();
  EXPECT_FALSE(w.WaitDrained({}, 10));
}

}  // namespace
}  // namespace bulwark::pipeline
