// Key rotation: the key ring on disk and the retirement of unused old keys.
#include "service/key_retirer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "graph/key_ring.h"
#include "unit/pipeline/pipeline_fakes.h"

namespace bulwark::service {
namespace {

namespace fs = std::filesystem;

class KeyRingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("bulwark-keyring-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(KeyRingTest, RotateCreatesKeysAndMakesTheNewOneCurrent) {
  EXPECT_EQ(graph::LoadKeyRing(dir_).status().code(), StatusCode::kNotFound);
  auto first = graph::RotateKeyRing(dir_, "k1", 30, "2026-12-01T00:00:00.000Z");
  ASSERT_TRUE(first.ok()) << first.status().message();
  auto second = graph::RotateKeyRing(dir_, "k2", 30, "2026-12-02T00:00:00.000Z");
  ASSERT_TRUE(second.ok()) << second.status().message();
  auto ring = graph::LoadKeyRing(dir_);
  ASSERT_TRUE(ring.ok());
  EXPECT_EQ(ring->current, "k2");
  ASSERT_EQ(ring->keys.size(), 2u);
  EXPECT_EQ(ring->keys[0].id, "k1");
  EXPECT_EQ(fs::status(ring->KeyFile("k2")).permissions() & fs::perms::group_all, fs::perms::none);
  EXPECT_TRUE(fs::exists(ring->CertFile("k1")));
  EXPECT_FALSE(graph::RotateKeyRing(dir_, "k2", 30, "x").ok());       // exists
  EXPECT_FALSE(graph::RotateKeyRing(dir_, "../evil", 30, "x").ok());  // not a plain name
  std::ofstream(dir_ / "ring.json")
      << R"({"schema":"bulwark.keyring/v1","current":"k9","keys":[]})";
  EXPECT_EQ(graph::LoadKeyRing(dir_).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(KeyRingTest, AnOldKeyIsRetiredOnlyOnceUnusedForTheWholePeriod) {
  ASSERT_TRUE(graph::RotateKeyRing(dir_, "old", 30, "t0").ok());
  ASSERT_TRUE(graph::RotateKeyRing(dir_, "new", 30, "t1").ok());
  graph::KeyStore keys;
  for (const char* id : {"old", "new"}) {
    ASSERT_TRUE(keys.Add(id, dir_ / (std::string(id) + ".key.pem"),
                         dir_ / (std::string(id) + ".cert.pem"), nullptr)
                    .ok());
  }
  testing::FakeClock clock;
  KeyRetirer retirer(dir_, &keys, std::chrono::minutes(10), clock);
  clock.SleepFor(std::chrono::minutes(6));
  keys.Find("old")->MarkUsed(clock.WallMillis());  // a notification still encrypted for it
  clock.SleepFor(std::chrono::minutes(6));
  EXPECT_TRUE(retirer.Check().empty());  // used 6 minutes ago
  EXPECT_NE(keys.Find("old"), nullptr);
  EXPECT_EQ(retirer.LastUsedSeconds().at("old"), clock.WallMillis() / 1000 - 360);
  clock.SleepFor(std::chrono::minutes(5));
  EXPECT_EQ(retirer.Check(), std::vector<std::string>{"old"});
  EXPECT_EQ(keys.Find("old"), nullptr);  // its notifications are now unknown_certificate
  EXPECT_NE(keys.Find("new"), nullptr);  // the current key is never retired
  clock.SleepFor(std::chrono::hours(24));
  EXPECT_TRUE(retirer.Check().empty());
  auto ring = graph::LoadKeyRing(dir_);
  ASSERT_TRUE(ring.ok());
  EXPECT_FALSE(ring->Find("old")->retired.empty());
  EXPECT_TRUE(ring->Find("new")->retired.empty());
  EXPECT_FALSE(retirer.LastUsedSeconds().count("old"));
}

}  // namespace
}  // namespace bulwark::service
