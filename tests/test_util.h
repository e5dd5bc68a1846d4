// Helpers shared by the tests: temporary directories and policy loading.
#ifndef BULWARK_TESTS_TEST_UTIL_H_
#define BULWARK_TESTS_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "bulwark/engine.h"

namespace bulwark::testing {

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("bulwark-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path Write(const std::string& name, const std::string& text) const {
    const auto p = path_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  std::filesystem::path path_;
};

// Loads the given YAML documents (in memory, named p0.yaml, p1.yaml, ...) and returns the set;
// fails the test when the set does not load, printing the diagnostics.
inline std::shared_ptr<const PolicySet> LoadYaml(const std::vector<std::string>& files,
                                                 LoadOptions options = {}) {
  for (size_t i = 0; i < files.size(); ++i) {
    options.documents.push_back({"p" + std::to_string(i) + ".yaml", files[i]});
  }
  std::vector<Diagnostic> diags;
  auto set = PolicySet::Load(options, &diags);
  std::string all;
  for (const auto& d : diags) all += d.ToString() + "\n";
  EXPECT_TRUE(set.ok()) << all;
  return set.ok() ? *set : nullptr;
}

// Content with one "text" field.
inline Content TextContent(const std::string& text, const std::string& resource = "text") {
  Content c;
  c.resource_type = resource;
  c.fields.push_back({"text", text});
  return c;
}

}  // namespace bulwark::testing

#endif  // BULWARK_TESTS_TEST_UTIL_H_
