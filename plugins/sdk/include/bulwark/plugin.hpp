// Header-only C++ helper for Bulwark detector plugins: write a class, get the C tables of
// bulwark/plugin.h. Every exception is caught at the boundary and becomes an error the host
// counts; nothing C++ crosses it.
//
//   class MyDetector {
//    public:
//     static constexpr std::string_view kName = "my-detector";
//     static constexpr std::string_view kDescription = "What it finds";
//     static constexpr std::string_view kConfigSchema = R"({"type": "object"})";
//     static std::vector<std::string> Prefilters() { return {R"(\d{6})"}; }  // {} = every field
//     explicit MyDetector(std::string_view config_json);  // throw on a bad config
//     // Called concurrently: const, no shared mutable state. Throw on failure.
//     void Scan(std::string_view text, const std::vector<uint32_t>& fired,
//               std::vector<bulwark::plugin::Finding>& out) const;
//   };
//   BULWARK_DEFINE_PLUGIN("my-plugin", "1.0.0", "What the plugin is for",
//                         bulwark::plugin::DetectorType<MyDetector>())
#ifndef BULWARK_PLUGIN_HPP_
#define BULWARK_PLUGIN_HPP_

#include <algorithm>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/plugin.h"

struct bw_instance {
  void* object;
  void (*destroy)(void* object);
};

namespace bulwark::plugin {

enum class Confidence {
  kLow = BW_CONFIDENCE_LOW,
  kMedium = BW_CONFIDENCE_MEDIUM,
  kHigh = BW_CONFIDENCE_HIGH
};

struct Finding {
  size_t start = 0;  // byte offsets into the scanned text, [start, end)
  size_t end = 0;
  Confidence confidence = Confidence::kMedium;
  // Ignored: the host masks every value itself (with the detector's `mask` settings); the
  // ABI's field is reserved. Kept so that plugins written against 1.0 still compile.
  std::string masked;
};

inline bw_str Str(std::string_view s) { return bw_str{s.data(), s.size()}; }

namespace internal {

inline std::string& LastError() {
  thread_local std::string error;
  return error;
}

inline void CopyError(const char* what, char* error, size_t size) {
  if (size == 0) return;
  const size_t n = std::min(std::strlen(what), size - 1);
  std::memcpy(error, what, n);
  error[n] = '\0';
}

template <class T>
struct TypeTable {
  static bw_instance* Create(bw_str config, char* error, size_t error_size) {
    try {
      T* object = new T(std::string_view(config.data, config.size));
      return new bw_instance{object, [](void* o) { delete static_cast<T*>(o); }};
    } catch (const std::exception& e) {
      CopyError(e.what(), error, error_size);
    } catch (...) {
      CopyError("unknown exception", error, error_size);
    }
    return nullptr;
  }

  static int Scan(bw_instance* instance, bw_str text, const uint32_t* fired, size_t fired_count,
                  const bw_sink* sink) {
    try {
      const T& object = *static_cast<const T*>(instance->object);
      std::vector<Finding> findings;
      object.Scan(std::string_view(text.data, text.size),
                  std::vector<uint32_t>(fired, fired + fired_count), findings);
      for (const Finding& f : findings) {
        const bw_finding out{sizeof(bw_finding), f.start, f.end, static_cast<int32_t>(f.confidence),
                             bw_str{nullptr, 0}};
        if (sink->emit(sink->host, &out) != 0) break;
      }
      return 0;
    } catch (const std::exception& e) {
      LastError() = e.what();
    } catch (...) {
      LastError() = "unknown exception";
    }
    return 1;
  }

  static bw_str LastErrorOf(bw_instance*) { return Str(LastError()); }

  static void Destroy(bw_instance* instance) {
    if (instance == nullptr) return;
    instance->destroy(instance->object);
    delete instance;
  }
};

}  // namespace internal

// The C table of detector type T (built once, owned by the plugin for its lifetime).
template <class T>
const bw_detector_type* DetectorType() {
  static const std::vector<std::string> prefilters = T::Prefilters();
  static const std::vector<bw_str> prefilter_strs = [] {
    std::vector<bw_str> v;
    v.reserve(prefilters.size());
    for (const std::string& p : prefilters) v.push_back(Str(p));
    return v;
  }();
  static const bw_detector_type table = {
      sizeof(bw_detector_type),
      Str(T::kName),
      Str(T::kDescription),
      Str(T::kConfigSchema),
      prefilter_strs.empty() ? nullptr : prefilter_strs.data(),
      prefilter_strs.size(),
      &internal::TypeTable<T>::Create,
      &internal::TypeTable<T>::Scan,
      &internal::TypeTable<T>::LastErrorOf,
      &internal::TypeTable<T>::Destroy,
  };
  return &table;
}

}  // namespace bulwark::plugin

// Defines the plugin's entry symbol. NAME, VERSION and DESCRIPTION are string literals; the rest
// are DetectorType<...>() calls.
#define BULWARK_DEFINE_PLUGIN(NAME, VERSION, DESCRIPTION, ...)                   \
  extern "C" BULWARK_PLUGIN_EXPORT const bw_plugin* bulwark_plugin_entry(void) { \
    static const bw_detector_type* const kTypes[] = {__VA_ARGS__};               \
    static const bw_plugin kPlugin = {sizeof(bw_plugin),                         \
                                      BULWARK_PLUGIN_ABI_MAJOR,                  \
                                      BULWARK_PLUGIN_ABI_MINOR,                  \
                                      ::bulwark::plugin::Str(NAME),              \
                                      ::bulwark::plugin::Str(VERSION),           \
                                      ::bulwark::plugin::Str(DESCRIPTION),       \
                                      kTypes,                                    \
                                      sizeof(kTypes) / sizeof(kTypes[0])};       \
    return &kPlugin;                                                             \
  }

#endif  // BULWARK_PLUGIN_HPP_
