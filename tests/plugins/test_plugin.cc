// Plugins for the host's tests, one source built several ways (see tests/CMakeLists.txt):
//   default            plugin "testkit": type "canary" finds the word "canary" (prefilter) and
//                      fails on purpose: throws on "boom", reports a finding past the end on
//                      "oob"; takes 30 ms on "slow" (time budgets); type "every-field" (no
//                      prefilter) finds "x" anywhere.
//   TEST_ABI_MAJOR=N   the same plugin declaring another ABI major / minor
//   TEST_ABI_MINOR=N
//   TEST_DUPLICATE     two types with the same name
//   TEST_NO_ENTRY      a shared library without the entry symbol
#include <bulwark/plugin.hpp>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

class Canary {
 public:
  static constexpr std::string_view kName = "canary";
  static constexpr std::string_view kDescription = "the word canary";
  static constexpr std::string_view kConfigSchema = R"({
    "type": "object",
    "properties": {
      "confidence": {"enum": ["low", "medium", "high"]},
      "min_length": {"type": "integer", "minimum": 1, "maximum": 100}
    },
    "required": ["confidence"],
    "additionalProperties": false
  })";
  static std::vector<std::string> Prefilters() { return {"canary", "boom", "oob", "slow"}; }

  explicit Canary(std::string_view config) {
    if (config.find("\"high\"") != std::string_view::npos) {
      confidence_ = bulwark::plugin::Confidence::kHigh;
    }
    if (config.find("\"min_length\":99") != std::string_view::npos) {
      throw std::invalid_argument("min_length 99 is refused by the plugin itself");
    }
  }

  void Scan(std::string_view text, const std::vector<uint32_t>& fired,
            std::vector<bulwark::plugin::Finding>& out) const {
    if (fired.empty()) throw std::logic_error("called although no prefilter fired");
    if (text.find("boom") != std::string_view::npos) throw std::runtime_error("boom");
    if (text.find("slow") != std::string_view::npos) {
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
    if (text.find("oob") != std::string_view::npos) {
      out.push_back({0, text.size() + 1, confidence_, ""});
      return;
    }
    for (size_t p = text.find("canary"); p != std::string_view::npos;
         p = text.find("canary", p + 1)) {
      out.push_back({p, p + 6, confidence_, ""});
    }
  }

 private:
  bulwark::plugin::Confidence confidence_ = bulwark::plugin::Confidence::kMedium;
};

class EveryField {
 public:
  static constexpr std::string_view kName = "every-field";
  static constexpr std::string_view kDescription = "the letter x, scanned on every field";
  static constexpr std::string_view kConfigSchema = "";
  static std::vector<std::string> Prefilters() { return {}; }
  explicit EveryField(std::string_view) {}
  void Scan(std::string_view text, const std::vector<uint32_t>& fired,
            std::vector<bulwark::plugin::Finding>& out) const {
    if (!fired.empty()) throw std::logic_error("no prefilters, yet some fired");
    for (size_t p = text.find('x'); p != std::string_view::npos; p = text.find('x', p + 1)) {
      out.push_back({p, p + 1, bulwark::plugin::Confidence::kLow, ""});
    }
  }
};

}  // namespace

#if defined(TEST_NO_ENTRY)
extern "C" BULWARK_PLUGIN_EXPORT int not_a_plugin(void) { return 42; }
#elif defined(TEST_ABI_MAJOR) || defined(TEST_ABI_MINOR) || defined(TEST_DUPLICATE)
#ifndef TEST_ABI_MAJOR
#define TEST_ABI_MAJOR BULWARK_PLUGIN_ABI_MAJOR
#endif
#ifndef TEST_ABI_MINOR
#define TEST_ABI_MINOR BULWARK_PLUGIN_ABI_MINOR
#endif
extern "C" BULWARK_PLUGIN_EXPORT const bw_plugin* bulwark_plugin_entry(void) {
#ifdef TEST_DUPLICATE
  static const bw_detector_type* const kTypes[] = {bulwark::plugin::DetectorType<Canary>(),
                                                   bulwark::plugin::DetectorType<Canary>()};
#else
  static const bw_detector_type* const kTypes[] = {bulwark::plugin::DetectorType<Canary>()};
#endif
  static const bw_plugin kPlugin = {sizeof(bw_plugin),
                                    TEST_ABI_MAJOR,
                                    TEST_ABI_MINOR,
                                    bulwark::plugin::Str("variant"),
                                    bulwark::plugin::Str("0.0.1"),
                                    bulwark::plugin::Str("an ABI or table variant"),
                                    kTypes,
                                    sizeof(kTypes) / sizeof(kTypes[0])};
  return &kPlugin;
}
#else
BULWARK_DEFINE_PLUGIN("testkit", "0.1.0", "Plugins for the host's tests",
                      bulwark::plugin::DetectorType<Canary>(),
                      bulwark::plugin::DetectorType<EveryField>())
#endif
